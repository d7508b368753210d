"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json.

Kept beside the routes and checked by tests/test_openapi.py: every API route must be here
with the same methods, so the description cannot silently fall behind the code.
"""

from flask import jsonify

from matchmaker.api import bp

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {
        400: "Bad request or missing CSRF header",
        401: "Not logged in / bad token",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        422: "Invalid data",
    }
    return {str(c): _json(ERROR, text[c]) for c in codes}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _q(name: str, schema: dict | None = None, required: bool = False, text: str = "") -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema or {"type": "string"},
        "description": text,
    }


OBJ = {"type": "object"}
ITEMS = {"type": "object", "properties": {"items": {"type": "array", "items": OBJ}}}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}

PATHS = {
    "/api/v1/clusters": {
        "get": {"summary": "Clusters with member counts", "responses": {"200": _json(ITEMS)}}
    },
    "/api/v1/clusters/fit": {
        "get": {
            "summary": "Clusters that fit a newcomer described by text, and whom to meet first",
            "parameters": [_q("text", required=True)],
            "responses": {"200": _json(ITEMS), **_errors(422)},
        }
    },
    "/api/v1/clusters/{slug}/imports": {
        "post": {
            "summary": "Import members from CSV/XLSX (coordinators; dry run unless dry_run=false)",
            "parameters": [SLUG],
            "requestBody": {
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "dry_run": {"type": "boolean"},
                                "mapping": {"type": "string"},
                            },
                        }
                    }
                }
            },
            "responses": {"200": _json(OBJ), **_errors(400, 401, 403, 404, 422)},
        }
    },
    "/api/v1/clusters/{slug}/invitations": {
        "get": {
            "summary": "Invitations to claim member profiles (coordinators)",
            "parameters": [SLUG],
            "responses": {"200": _json(ITEMS), **_errors(401, 403, 404)},
        },
        "post": {
            "summary": "Invite the contact people of members without users (coordinators)",
            "parameters": [SLUG],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "organisation_ids": {
                                    "type": "array",
                                    "items": {"type": "integer", "minimum": 1},
                                    "minItems": 1,
                                    "maxItems": 1000,
                                },
                                "all_unclaimed": {"type": "boolean"},
                            },
                        }
                    }
                },
            },
            "responses": {"201": _json(OBJ, "Created"), **_errors(401, 403, 404, 422)},
        },
    },
    "/api/v1/clusters/{slug}/report": {
        "get": {
            "summary": "Funder report for a date range (coordinators)",
            "parameters": [
                SLUG,
                _q("from", {"type": "string", "format": "date"}),
                _q("to", {"type": "string", "format": "date"}),
            ],
            "responses": {"200": _json(OBJ), **_errors(401, 403, 404, 422)},
        }
    },
    "/api/v1/organisations": {
        "get": {
            "summary": "Member directory search",
            "parameters": [
                _q("cluster"),
                _q("q"),
                _q("page", {"type": "integer"}),
                _q("per_page", {"type": "integer"}),
                _q("type"),
                _q("industry"),
                _q("municipality"),
                _q("size_class"),
                _q("export_market"),
                _q("sort"),
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "items": {"type": "array", "items": OBJ},
                            "total": {"type": "integer"},
                            "page": {"type": "integer"},
                            "per_page": {"type": "integer"},
                        },
                    }
                ),
                **_errors(404, 422),
            },
        }
    },
    "/api/v1/organisations/{org_id}": {
        "get": {
            "summary": "One organisation's profile (contacts as the caller may see them)",
            "parameters": [_id("org_id")],
            "responses": {"200": _json(OBJ), **_errors(404)},
        },
        "patch": {
            "summary": "Change profile fields",
            "parameters": [_id("org_id")],
            "requestBody": {"content": {"application/json": {"schema": OBJ}}},
            "responses": {"200": _json(OBJ), **_errors(400, 401, 403, 404, 422)},
        },
    },
    "/api/v1/organisations/{org_id}/suggestions": {
        "get": {
            "summary": "Partner or side-stream suggestions with reasons (own organisation)",
            "parameters": [
                _id("org_id"),
                _q("k", {"type": "integer"}),
                _q("kind", {"type": "string", "enum": ["partners", "side-streams"]}),
                _q("scope", {"type": "string", "enum": ["all", "clusters"]}),
            ],
            "responses": {"200": _json(ITEMS), **_errors(401, 403, 404, 422)},
        }
    },
    "/api/v1/events": {
        "get": {
            "summary": "Upcoming events",
            "parameters": [_q("cluster")],
            "responses": {"200": _json(ITEMS), **_errors(404)},
        }
    },
    "/api/v1/events/{event_id}": {
        "get": {
            "summary": "An event with its sessions and seats left",
            "parameters": [_id("event_id")],
            "responses": {"200": _json(OBJ), **_errors(404)},
        }
    },
    "/api/v1/events/{event_id}/registrations": {
        "post": {
            "summary": "Register a person: confirmed or waitlisted with a position",
            "parameters": [_id("event_id")],
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["name", "email"],
                            "properties": {
                                "name": {"type": "string"},
                                "email": {"type": "string"},
                                "session_ids": {"type": "array", "items": {"type": "integer"}},
                                "dietary": {"type": "string"},
                                "note": {"type": "string"},
                            },
                        }
                    }
                }
            },
            "responses": {
                "201": _json(
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "status": {"type": "string", "enum": ["confirmed", "waitlisted"]},
                            "position": {"type": ["integer", "null"]},
                        },
                    },
                    "Registered",
                ),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        }
    },
    "/api/v1/registrations/{reg_id}": {
        "delete": {
            "summary": "Cancel a registration; the first waitlisted person is promoted",
            "parameters": [_id("reg_id")],
            "responses": {"200": _json(OBJ), **_errors(401, 404, 409)},
        }
    },
    "/api/v1/events/{event_id}/meetings": {
        "get": {
            "summary": "The caller's one-to-one meetings at an event",
            "parameters": [_id("event_id")],
            "responses": {"200": _json(ITEMS), **_errors(401, 403, 404)},
        }
    },
    "/api/v1/events/{event_id}/meeting-requests": {
        "post": {
            "summary": "Ask another participant for a meeting",
            "parameters": [_id("event_id")],
            "requestBody": {"content": {"application/json": {"schema": OBJ}}},
            "responses": {"201": _json(OBJ, "Requested"), **_errors(400, 401, 403, 404, 409, 422)},
        }
    },
    "/api/v1/meeting-requests/{request_id}/accept": {
        "post": {
            "summary": "Accept a meeting request (the receiver); the meeting is placed",
            "parameters": [_id("request_id")],
            "responses": {"200": _json(OBJ), **_errors(401, 403, 404, 409)},
        }
    },
    "/api/v1/meeting-requests/{request_id}/decline": {
        "post": {
            "summary": "Decline a meeting request (the receiver)",
            "parameters": [_id("request_id")],
            "responses": {"200": _json(OBJ), **_errors(401, 403, 404, 409)},
        }
    },
    "/api/v1/events/{event_id}/agenda.ics": {
        "get": {
            "summary": "The caller's meetings as iCalendar",
            "parameters": [_id("event_id")],
            "responses": {
                "200": {
                    "description": "iCalendar",
                    "content": {"text/calendar": {"schema": {"type": "string"}}},
                },
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/v1/fairs": {
        "get": {"summary": "Trade fairs, upcoming first", "responses": {"200": _json(ITEMS)}}
    },
    "/api/v1/fairs/{fair_id}/stands": {
        "get": {
            "summary": "A fair's joint stands with places left and exhibitors",
            "parameters": [_id("fair_id")],
            "responses": {"200": _json(ITEMS), **_errors(404)},
        }
    },
    "/api/v1/fairs/{fair_id}/interest": {
        "post": {
            "summary": "Register the caller's organisation's interest in a joint stand",
            "parameters": [_id("fair_id")],
            "requestBody": {"content": {"application/json": {"schema": OBJ}}},
            "responses": {"201": _json(OBJ, "Registered"), **_errors(400, 401, 403, 404, 409, 422)},
        }
    },
    "/api/v1/fairs/{fair_id}/grouping": {
        "get": {
            "summary": "Suggested grouping of interested organisations into stands (coordinators)",
            "parameters": [_id("fair_id"), _q("cluster")],
            "responses": {"200": _json(OBJ), **_errors(401, 403, 404)},
        }
    },
    "/api/v1/openapi.json": {
        "get": {"summary": "This description", "responses": {"200": _json(OBJ)}}
    },
}

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Matchmaker API",
        "version": "1",
        "description": "Clusters, member profiles, partner matching, events, one-to-one "
        'meetings and trade fairs. Errors are always {"error": {code, message, fields}}.',
    },
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}, {"session": []}],
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal token from `flask create-token` or Settings",
            },
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "session",
                "description": "The browser session; writes need an X-CSRFToken header",
            },
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message", "fields"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "fields": {
                                "type": "object",
                                "additionalProperties": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                },
                            },
                        },
                    }
                },
            }
        },
    },
    "paths": PATHS,
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
