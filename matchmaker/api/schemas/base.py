"""Typed request and response models of API v1; the OpenAPI description is generated from them.

The choice: pydantic v2 with spectree. spectree decorates the plain Flask views of our existing
blueprint (flask-openapi3 would replace the app and blueprint classes; flask-smorest brings a
second framework with marshmallow and its own error format), validates the query, the body and
the response with pydantic, and builds the OpenAPI 3.1 document from the same models, so the
description cannot fall behind the code. pydantic is the most used and best kept validation
library for Python.

The models state types, bounds and required fields; business rules stay in the services
(`services.organisations.validate_profile` is the one profile rule, so the profile model only
checks types and describes the bounds the service enforces). A request the models refuse is
answered like every API error: 422 (400 when the body is not a JSON object) with
{"error": {"code", "message", "fields": {name: [messages]}}}.
"""

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from spectree import Response, SecurityScheme, SpecTree
from spectree.models import InType, SecureType, SecuritySchemeData

from matchmaker.services.errors import DomainError
from matchmaker.web import MAX_ID

# NUL cannot be stored in PostgreSQL text; web.refuse_unstorable_text answers 422 before any
# view runs, and the pattern says so in the description.
NO_NUL = r"^[^\x00]*$"


def bounded_text(max_length: int, min_length: int = 0, strip: bool = False):
    """A string field with bounds that cannot hold NUL."""
    return Annotated[
        str,
        StringConstraints(
            min_length=min_length, max_length=max_length, pattern=NO_NUL, strip_whitespace=strip
        ),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = bounded_text(64)
Timestamp = Annotated[str, Field(description="UTC, ISO 8601 with a Z")]


class Model(BaseModel):
    """Requests refuse fields they do not know, so a typo is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    """Query strings ignore parameters they do not know (cache busters, tracking tags)."""

    model_config = ConfigDict(extra="ignore")


class Body(Model):
    """A JSON body: no coercion, so `false` is no number and "5" no id."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Out(BaseModel):
    """Responses may grow fields; clients must ignore the ones they do not know."""

    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------- errors
class ErrorDetail(Out):
    code: str = Field(description="Machine-readable: invalid, not_found, forbidden, ...")
    message: str
    fields: dict[str, list[str]] = Field(description="Messages per request field")


class Error(Out):
    error: ErrorDetail


# --------------------------------------------------------------------------- shared
class Ref(Out):
    id: int
    name: str


class OpenApiDocument(Out):
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


# --------------------------------------------------------------------------- the document
BEARER = {"bearer": []}
SESSION = {"session": []}
SIGNED_IN = [BEARER, SESSION]
ANYONE = [{}, BEARER, SESSION]  # works anonymously; a token or session shows more


def _field_message(error: dict):
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("Expected a whole number.")
    if kind in ("float_type", "float_parsing", "finite_number"):
        return _("Expected a number.")
    if kind == "greater_than_equal":
        return _("At least %(n)s.", n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("At most %(n)s.", n=ctx.get("le"))
    if kind in ("string_type", "str_type"):
        return _("Expected text.")
    if kind == "string_too_short":
        if ctx.get("min_length", 1) == 1:
            return _("This field is required.")
        return _("At least %(n)d characters.", n=ctx["min_length"])
    if kind == "string_too_long":
        return _("At most %(n)d characters.", n=ctx.get("max_length", 0))
    if kind == "string_pattern_mismatch":
        return _("Contains characters that are not allowed.")
    if kind in ("list_type", "too_long", "too_short"):
        return _("Expected a list of at most %(n)d items.", n=ctx.get("max_length", 50))
    if kind in ("literal_error", "enum"):
        return _("Use one of: %(values)s", values=ctx.get("expected", ""))
    if kind in ("bool_type", "bool_parsing"):
        return _("Expected true or false.")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return _("Enter dates as YYYY-MM-DD.")
    if kind in ("json_invalid", "json_type", "dict_type"):
        return _("Expected a JSON object.")
    return _("This value is not valid.")


class RequestInvalid(DomainError):
    """A request the models refused, with a message per field."""


class BodyNotAnObject(DomainError):
    code = "bad_request"
    status = 400


class Unauthenticated(DomainError):
    code = "unauthorized"
    status = 401


def refuse_invalid(req, resp, error, instance, model_adapter) -> None:
    """spectree's hook after request validation: turn pydantic's errors into ours."""
    if error is None:
        return
    fields: dict[str, list] = {}
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        if not loc:
            raise BodyNotAnObject(_("Send a JSON object."))
        fields.setdefault(loc[0], []).append(_field_message(item))
    raise RequestInvalid(_("Check the highlighted fields."), fields=fields)


spec = SpecTree(
    "flask",
    before=refuse_invalid,
    mode="strict",
    title="Matchmaker API",
    version="1",
    description=(
        "Clusters, member profiles, partner matching, events, one-to-one meetings and trade "
        'fairs. Errors are always {"error": {code, message, fields}}; fields names the request '
        "fields at fault. Ids are integers from 1 to 2147483647; text may not contain NUL."
    ),
    servers=[{"url": "/"}],
    security_schemes=[
        SecurityScheme(
            name="bearer",
            data=SecuritySchemeData(
                type=SecureType.HTTP,
                scheme="bearer",
                description="A personal token from `flask create-token` or Settings",
            ),
        ),
        SecurityScheme(
            name="session",
            data=SecuritySchemeData(
                type=SecureType.API_KEY,
                field_in=InType.COOKIE,
                name="session",
                description="The browser session; writes need an X-CSRFToken header",
            ),
        ),
    ],
    security=SIGNED_IN,
    validation_error_model=Error,
    naming_strategy=lambda model: model.__name__.rstrip("_"),
    nested_naming_strategy=lambda _parent, child: child,
)


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def endpoint(
    ok: Any = None,
    *,
    status: int = 200,
    login: bool = False,
    errors: tuple[int, ...] = (),
    query: type[BaseModel] | None = None,
    json: type[BaseModel] | None = None,
    form: type[BaseModel] | None = None,
    tags: tuple[str, ...] = (),
) -> Callable:
    """Describe and validate one API view: its query, body, answers and who may call it.

    `login` views answer 401 before anything else is looked at; a body in the wrong encoding
    is a 400, not a silently missing body.
    """
    codes = {f"HTTP_{status}": ok}
    for code in (*errors, *((400, 401) if login else ()), *((400,) if json or form else ())):
        codes[f"HTTP_{code}"] = Error

    def decorate(view: Callable) -> Callable:
        validated = spec.validate(
            query=query,
            json=json,
            form=form,
            resp=Response(**codes),
            security=SIGNED_IN if login else ANYONE,
            tags=tags,
        )(view)

        @wraps(validated)
        def run(*args, **kwargs):
            if login and not current_user.is_authenticated:
                raise Unauthenticated(_("Log in or send a bearer token."))
            if json is not None and not (
                request.is_json and isinstance(request.get_json(silent=True), dict)
            ):
                # spectree would take a missing or `null` body for an empty object
                raise BodyNotAnObject(_("Send a JSON object."))
            if form is not None and request.mimetype not in _FORMS:
                raise BodyNotAnObject(_("Send the member list as multipart field 'file'."))
            return validated(*args, **kwargs)

        return run

    return decorate
