"""Signed, expiring tokens for the links we mail (confirm an address, reset a password,
confirm an outsider's seat): one salt per purpose, so a token for one cannot serve another."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from matchmaker.services.errors import DomainError


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
