"""Every API error is JSON: {"error": {"code", "message", "fields"}}."""

from flask import jsonify
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from matchmaker.api import bp
from matchmaker.services.errors import DomainError


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"code": code, "message": str(message), "fields": fields or {}}}
    return jsonify(body), status


def domain_error_response(exc: DomainError):
    fields = {k: [str(m) for m in v] for k, v in exc.fields.items()}
    return error_response(exc.status, exc.code, exc.message, fields)


@bp.errorhandler(DomainError)
def handle_domain_error(exc: DomainError):
    return domain_error_response(exc)


@bp.errorhandler(CSRFError)
def handle_csrf(exc: CSRFError):
    return error_response(
        400, "csrf", _("Send the CSRF token in the X-CSRFToken header, or use a bearer token.")
    )


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
}


def http_error_response(exc: HTTPException):
    code = exc.code or 500
    body, status = error_response(code, _CODES.get(code, "error"), exc.description or exc.name)
    # Keep what the exception says in headers, such as a 405's Allow (RFC 9110).
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            body.headers[name] = value
    return body, status


@bp.errorhandler(HTTPException)
def handle_http(exc: HTTPException):
    return http_error_response(exc)
