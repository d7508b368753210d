"""What every blueprint's views share: domain errors onto forms, safe redirects, client IP,
downloads, and the guards against input no database can hold (huge ids and pages, NUL bytes,
surrogates). Times from and for forms go through matchmaker.timeutil (the cluster's zone)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

from flask import Flask, Response, abort, flash, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from matchmaker.extensions import db
from matchmaker.services.errors import DomainError
from matchmaker.services.spreadsheets import MIMETYPES


def show_errors(form, exc: DomainError) -> None:
    """Put a service's field errors next to the form's fields; the rest becomes a flash."""
    placed = False
    for name, messages in exc.fields.items():
        field = getattr(form, name, None) if form is not None else None
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [str(m) for m in messages]
            placed = True
    if not placed or not exc.fields:
        flash(str(exc.message), "error")
    else:
        flash(str(_l("Check the highlighted fields.")), "error")


def refuse(exc: DomainError, form=None) -> None:
    """A service said no: undo the request's changes; a refusal of access (or a lookup that
    found nothing) is the error page, anything else is shown next to the form's fields or as a
    flash."""
    db.session.rollback()
    if exc.status in (403, 404):
        abort_for(exc)
    show_errors(form, exc)


class service_call:  # noqa: N801 (used as a statement: ``with service_call(...) as call``)
    """A view's service call: commit and flash ``done`` when it goes through; on a refusal
    undo it and show why (``refuse``: the error page for 403/404, else next to ``form``'s
    fields). ``call.ok`` tells the view which happened::

        with service_call(form, _("Saved.")) as call:
            eco = ecosystems.save(current_user, cluster, data)
        if call.ok:
            return redirect(url_for("ecosystems.manage", slug=eco.slug))
    """

    def __init__(self, form=None, done: str | None = None) -> None:
        self.form, self.done, self.ok = form, done, False

    def __enter__(self) -> service_call:
        return self

    def __exit__(self, kind, exc, traceback) -> bool:
        if kind is None:
            db.session.commit()
            if self.done:
                flash(self.done, "success")
            self.ok = True
            return False
        if issubclass(kind, DomainError):
            refuse(exc, self.form)
            return True
        return False


def safe_next(default: str) -> str:
    """Only redirect to paths on this site after login (no open redirects)."""
    target = request.args.get("next") or request.form.get("next") or ""
    parsed = urlparse(target)
    if target and not parsed.scheme and not parsed.netloc and target.startswith("/"):
        return target
    return default


def client_ip() -> str:
    return request.remote_addr or "unknown"


def abort_for(exc: DomainError):
    """Turn a permission or lookup error into the matching HTTP error page."""
    abort(exc.status if exc.status in (403, 404) else 400)


def user_or_none():
    return current_user if current_user.is_authenticated else None


def download(content: bytes, filename: str, fmt: str) -> Response:
    """A CSV or XLSX file as an attachment."""
    return Response(
        content,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Ids are PostgreSQL `integer` columns (SQLite's reach 2**63 - 1): a longer number in a URL can
# name no row, and passing it on would overflow the driver instead of answering 404.
MAX_ID = 2**31 - 1
# The highest ?page= a listing answers; past it the offset alone would be meaningless.
MAX_PAGE = 100_000
_PAGE_RE = re.compile(r"[0-9]{1,9}")
# PostgreSQL text cannot hold NUL, and neither database's driver can encode a lone surrogate.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _digits_up_to(limit: int) -> str:
    """A regex matching the decimal numbers 0..limit (no leading zeros past one digit)."""
    text = str(limit)
    parts = [rf"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(text):
        low, high = (1 if i == 0 and len(text) > 1 else 0), int(digit) - 1
        if high >= low:
            rest = len(text) - i - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            span = str(low) if low == high else f"[{low}-{high}]"
            parts.append(f"{text[:i]}{span}{tail}")
    parts.append(text)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """The app's `int` converter: a number beyond MAX_ID does not match the route (404).

    The bound is in the regex, not only in to_python: Werkzeug answers 405 instead of 404
    when a converter refuses a path that another method's rule would have matched.
    """

    regex = _digits_up_to(MAX_ID)

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        max = MAX_ID if max is None else max
        super().__init__(map, fixed_digits, min, max, signed)


def page_number(name: str = "page") -> int:
    """The ?page= of an HTML listing: missing or malformed is page 1, past MAX_PAGE the last."""
    raw = request.args.get(name, "")
    if not _PAGE_RE.fullmatch(raw):
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def _strings(value, name: str) -> Iterator[tuple[str, str]]:
    """(field name, text) for every string in a JSON value, keys included; nested values are
    named after their top-level field."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            key = str(key)
            yield (name or key), key
            yield from _strings(item, name or key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, name)


def _request_strings() -> Iterator[tuple[str, str]]:
    for key, value in (request.view_args or {}).items():
        if isinstance(value, str):
            yield key, value
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            yield key, key
            yield key, value
    for key, upload in request.files.items(multi=True):
        yield key, upload.filename or ""
    if request.is_json:
        yield from _strings(request.get_json(silent=True), "")


def unstorable_field() -> str | None:
    """The first request field holding a NUL byte or a lone surrogate, or None."""
    for name, text in _request_strings():
        if _UNSTORABLE.search(text):
            return name or "body"
    return None


def refuse_unstorable_text():
    """Answer 422 naming the field before any view or database sees such text."""
    field = unstorable_field()
    if field is None:
        return None
    message = _(
        "%(field)s contains a character that cannot be stored (NUL or a lone surrogate).",
        field=field,
    )
    if request.path.startswith("/api/"):
        body = {"error": {"code": "invalid", "message": message, "fields": {field: [message]}}}
        return jsonify(body), 422
    return render_template("errors/error.html", code=422, message=message), 422


def init_app(app: Flask) -> None:
    """Install the id converter (before any blueprint adds its rules) and the text guard."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unstorable_text)
