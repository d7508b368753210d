"""The OpenAPI 3.1 description of API v1, generated from the models in api/schemas/ and
served at /api/v1/openapi.json; tests/test_openapi.py checks it covers every API route."""

from __future__ import annotations

import copy

from flask import current_app, jsonify

from matchmaker.api import bp
from matchmaker.api.schemas import OpenApiDocument, endpoint, spec
from matchmaker.web import MAX_ID


def _finish(document: dict) -> dict:
    """What spectree leaves out: id bounds on path parameters, non-JSON bodies, the API prefix
    only (spectree walks the whole app; strict mode already keeps only described views)."""
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                if not parameter.get("description"):
                    parameter.pop("description", None)
            if not operation.get("description"):
                operation.pop("description", None)
    calendar = document["paths"]["/api/v1/events/{event_id}/agenda.ics"]["get"]
    calendar["responses"]["200"] = {
        "description": "iCalendar",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }
    return document


def description() -> dict:
    """The document for this app, built once per app (all apps share the same routes)."""
    cached = current_app.extensions.get("matchmaker.openapi")
    if cached is None:
        cached = _finish(copy.deepcopy(spec.spec))
        current_app.extensions["matchmaker.openapi"] = cached
    return cached


@bp.get("/openapi.json")
@endpoint(OpenApiDocument, tags=("meta",))
def openapi():
    """This description"""
    return jsonify(description())
