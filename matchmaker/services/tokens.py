"""Signed, expiring tokens for the links we mail (confirm an address, reset a password,
confirm an outsider's seat): one salt per purpose, so a token for one cannot serve another."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from matchmaker.extensions import db
from matchmaker.services.errors import DomainError

INVALID_CONFIRMATION = _l("This confirmation link is not valid.")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"matchmaker-{purpose}")


def sign(purpose: str, data: dict) -> str:
    return _serializer(purpose).dumps(data)


def load(purpose: str, token: str, *, max_age: int, expired, invalid) -> dict:
    """The signed data, or a DomainError with `expired` or `invalid` as its message."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise DomainError(expired) from exc
    except BadSignature as exc:
        raise DomainError(invalid) from exc
    if not isinstance(data, dict):
        raise DomainError(invalid)
    return data


def load_confirmation(purpose: str, token: str, model, *, id_key: str, email_key: str, expired):
    """The row (a user, a registration) a mailed confirmation link names: the link must be
    signed, younger than EMAIL_TOKEN_MAX_AGE and still match the row's e-mail address."""
    data = load(
        purpose,
        token,
        max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"],
        expired=expired,
        invalid=INVALID_CONFIRMATION,
    )
    row = db.session.get(model, data.get(id_key))
    if row is None or row.email != data.get(email_key):
        raise DomainError(INVALID_CONFIRMATION)
    return row
