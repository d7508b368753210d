"""JSON API v1: bearer-token or session auth, JSON error bodies, the same services as the UI."""

from flask import Blueprint

from matchmaker.extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # checked in api.auth instead, and only for session-authenticated writes

from matchmaker.api import (  # noqa: E402,F401  (registers handlers on bp)
    auth,
    coordinator,
    ecosystems,
    errors,
    events,
    fairs,
    invitations,
    matching,
    meetings,
    openapi,
    opportunities,
    routes,
)
