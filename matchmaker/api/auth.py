"""API authentication: a personal bearer token, or the browser session plus a CSRF header."""

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.errors import error_response
from matchmaker.extensions import csrf
from matchmaker.services import accounts

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@bp.before_request
def authenticate():
    """A bearer token decides who the caller is, even beside a session cookie; without one,
    the session does, and a session-authenticated write must carry the CSRF token."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.user_for_token(header[7:].strip())
        if user is None:
            return error_response(401, "unauthorized", _("The API token is not valid."))
        # Flask-Login reads the request's user from g._login_user; setting it here
        # authenticates this request only and writes nothing into the session.
        g._login_user = user
        return None
    if request.method not in SAFE_METHODS:
        if not current_user.is_authenticated:
            return error_response(401, "unauthorized", _("Log in or send a bearer token."))
        csrf.protect()
    return None
