"""Domain errors that views turn into flash messages or field errors and the API into JSON."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. `message` is user-facing (already translated or lazily translatable)."""

    code = "invalid"
    status = 422

    def __init__(self, message, field: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if field:
            self.fields.setdefault(field, [message])


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class Busy(DomainError):
    """Another request holds what this one needs for longer than we wait: try again soon."""

    code = "busy"
    status = 503


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class InvalidTransition(Conflict):
    """A model refused a state change its current state does not allow (see models/states)."""

    code = "invalid_transition"
