"""The site's own address for work done outside a request (jobs, commands)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask


class SiteAddressMissing(RuntimeError):
    """Mail written outside a request needs the site's address for its links."""


def site_request_context(app: Flask):
    """A request context on the site's own address (BASE_URL, else SERVER_NAME), so that the
    links in mail written by a job or a command point there."""
    base = (app.config.get("BASE_URL") or "").strip()
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise SiteAddressMissing(
                f"BASE_URL must be the site's address with its scheme, e.g. "
                f"https://matchmaker.example.fi, not {base!r}."
            )
        return app.test_request_context("/", base_url=base.rstrip("/") + "/")
    if app.config.get("SERVER_NAME"):
        return app.test_request_context("/")
    raise SiteAddressMissing(
        "Set BASE_URL (e.g. https://matchmaker.example.fi) or SERVER_NAME so that the links "
        "in the mail point to this site."
    )
