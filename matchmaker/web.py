"""What every blueprint's views share: domain errors onto forms, safe redirects, client IP,
downloads. Times from and for forms go through matchmaker.timeutil (the cluster's zone)."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Response, abort, flash, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

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
    """A service said no: undo the request's changes; a refusal of access is the error page,
    anything else is shown next to the form's fields or as a flash."""
    db.session.rollback()
    if exc.status == 403:
        abort_for(exc)
    show_errors(form, exc)


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

