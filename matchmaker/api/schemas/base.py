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

import re
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Annotated, Any, Literal

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Json,
    StrictInt,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError
from spectree import Response, SecurityScheme, SpecTree
from spectree.models import InType, SecureType, SecuritySchemeData
from werkzeug.datastructures import FileStorage

from matchmaker.models.events import EVENT_KINDS, EVENT_STATUSES, SEAT_STATUSES
from matchmaker.models.meetings import REQUEST_STATUSES
from matchmaker.models.organisations import CONTACT_VISIBILITIES, ORG_TYPES, SIZE_CLASSES
from matchmaker.services.directory import SORTS
from matchmaker.services.errors import DomainError
from matchmaker.services.organisations import MAX_TEXT
from matchmaker.web import MAX_ID, MAX_PAGE

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


# --------------------------------------------------------------------------- clusters
class ClusterOut(Out):
    id: int
    slug: str
    name: str
    region: str
    description: str
    member_count: int
    timezone: str = Field(description="IANA time zone of the cluster's dates, e.g. Europe/Helsinki")


class ClusterList(Out):
    items: list[ClusterOut]


class FitQuery(Query):
    text: bounded_text(5000, min_length=1, strip=True) = Field(
        description="The newcomer's own description, 1 to 5000 characters"
    )


class FitCluster(Out):
    id: int
    slug: str
    name: str


class FitMember(Out):
    id: int
    name: str
    score: float


class FitItem(Out):
    cluster: FitCluster
    score: float
    members: list[FitMember]


class FitList(Out):
    items: list[FitItem]


# --------------------------------------------------------------------------- organisations
class DirectoryQuery(Query):
    cluster: Slug = Field("", description="Only members of this cluster (short name)")
    q: bounded_text(200) = Field("", description="Words in the profile")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=200)
    type: Literal[("", *ORG_TYPES)] = ""
    industry: bounded_text(20) = Field("", description="TOL 2008 / NACE code")
    municipality: bounded_text(100) = ""
    size_class: Literal[("", *SIZE_CLASSES)] = ""
    export_market: bounded_text(2) = Field("", description="ISO 3166 country code")
    sort: Literal[SORTS] = "name"


class ContactOut(Out):
    name: str
    title: str
    email: str
    phone: str
    visibility: Literal[CONTACT_VISIBILITIES]


class OrganisationOut(Out):
    id: int
    name: str
    business_id: str
    org_type: str
    size_class: str | None
    municipality: str
    website: str
    clusters: list[str] = Field(description="Short names of the clusters it is a member of")
    description: str


class OrganisationDetail(OrganisationOut):
    employees: int | None
    founded_year: int | None
    capabilities: str
    needs: str
    side_streams_offered: str
    side_streams_wanted: str
    keywords: str
    certifications: str
    industries: list[str]
    export_markets: list[str]
    target_markets: list[str]
    contacts: list[ContactOut] = Field(description="Only those the caller may see")
    updated_at: Timestamp


class OrganisationPage(Out):
    items: list[OrganisationOut]
    total: int
    page: int
    per_page: int


def _described(schema: dict, description: str = ""):
    """A bound the service enforces (validate_profile), stated here without a second rule."""
    return Field(None, description=description or None, json_schema_extra=schema)


Codes = StrictStr | list[StrictStr]
ProfileText = Annotated[StrictStr, Field(pattern=NO_NUL)]


class ProfilePatch(Body):
    """Any subset of the profile. Types are checked here; values by the profile rule."""

    name: ProfileText | None = _described({"minLength": 1, "maxLength": 200})
    business_id: ProfileText | None = _described(
        {"pattern": r"^\d{7}-\d$"}, "Y-tunnus with a valid check digit"
    )
    org_type: ProfileText | None = _described({"enum": list(ORG_TYPES)})
    size_class: ProfileText | None = _described({"enum": ["", *SIZE_CLASSES, None]})
    employees: StrictInt | None = _described({"minimum": 0, "maximum": 1_000_000})
    municipality: ProfileText | None = _described({"maxLength": 100})
    website: ProfileText | None = _described({}, "http(s) address; https:// is added if missing")
    founded_year: StrictInt | None = _described({"minimum": 1600}, "Not after this year")
    description: ProfileText | None = _described({"maxLength": MAX_TEXT})
    capabilities: ProfileText | None = _described({"maxLength": MAX_TEXT})
    needs: ProfileText | None = _described({"maxLength": MAX_TEXT})
    side_streams_offered: ProfileText | None = _described({"maxLength": MAX_TEXT})
    side_streams_wanted: ProfileText | None = _described({"maxLength": MAX_TEXT})
    keywords: ProfileText | None = _described({"maxLength": MAX_TEXT})
    certifications: ProfileText | None = _described({"maxLength": MAX_TEXT})
    industries: Codes | None = _described({}, "TOL 2008 codes, a list or comma separated")
    export_markets: Codes | None = _described({}, "ISO 3166 codes, a list or comma separated")
    target_markets: Codes | None = _described({}, "ISO 3166 codes, a list or comma separated")


class SuggestionsQuery(Query):
    k: int = Field(10, ge=1, le=100, description="How many suggestions")
    kind: Literal["partners", "side-streams"] = "partners"
    scope: Literal["all", "clusters"] = Field(
        "all", description="clusters: only organisations sharing a cluster (partners only)"
    )


class ReasonOut(Out):
    kind: str
    text: str
    their_words: list[str]
    your_words: list[str]
    weight: float


class SuggestionOut(Out):
    organisation: Ref
    score: float
    cross_cluster: bool
    reasons: list[ReasonOut]


class SuggestionList(Out):
    items: list[SuggestionOut]


# --------------------------------------------------------------------------- coordinator
Binary = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class ImportForm(Model):
    file: Binary = Field(description="The member list, CSV or XLSX")
    dry_run: bool = Field(True, description="Check only; send false to write")
    mapping: Json[dict[str, bounded_text(64)]] | None = Field(
        None, description="JSON object: column header -> profile field"
    )
    merge_rows: str = Field(
        "",
        pattern=r"^(\d{1,8}(,\d{1,8})*)?$",
        description="Rows (spreadsheet numbers, comma-separated) of unverified organisations "
        "to merge into; other unverified rows are skipped",
    )

    @field_validator("merge_rows", mode="before")
    @classmethod
    def _no_spaces(cls, value):
        return value.replace(" ", "") if isinstance(value, str) else value

    @property
    def confirmed_rows(self) -> set[int]:
        return {int(n) for n in self.merge_rows.split(",") if n}

    @field_validator("mapping", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return value or None

    @field_validator("file")
    @classmethod
    def _is_upload(cls, value):
        if not isinstance(value, FileStorage) or not value.filename:
            raise ValueError("file")
        return value


class ImportError_(Out):
    row: int
    field: str
    messages: list[str]


class ImportItem(Out):
    row: int
    business_id: str
    name: str
    action: str = Field(description="create, update, apply (invite to join only) or skip")
    unverified: bool
    reason: str


class ImportResult(Out):
    dry_run: bool
    imported: bool
    rows: int
    created: int
    updated: int
    applied: int
    skipped: int
    error_rows: int
    errors: list[ImportError_]
    items: list[ImportItem]
    error: ErrorDetail | None = None


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic would also read a number as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_parsing", "Enter dates as YYYY-MM-DD.")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class ReportQuery(Query):
    from_: IsoDate | None = Field(None, alias="from", description="Default: 1 January this year")
    to: IsoDate | None = Field(None, description="Default: today")


class ReportOut(Out):
    cluster: str
    from_: str = Field(alias="from")
    to: str
    timezone: str = Field(description="The zone whose local days `from` and `to` are")
    members: dict[str, Any]
    events: dict[str, Any] | None = Field(description="null when not available yet")
    fairs: dict[str, Any] | None
    meetings: dict[str, Any] | None
    contacts: dict[str, Any]


# --------------------------------------------------------------------------- events
class EventsQuery(Query):
    cluster: Slug = Field("", description="Only this cluster's events (short name)")


class SessionOut(Out):
    id: int
    title: str
    country: str | None = Field(description="ISO 3166 code of a market review session")
    speaker: str
    room: str
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    capacity: int | None
    seats_left: int | None


class EventOut(Out):
    id: int
    cluster: str
    kind: Literal[EVENT_KINDS]
    title: str
    status: Literal[EVENT_STATUSES]
    starts_at: Timestamp
    ends_at: Timestamp | None
    venue: str
    online_url: str
    language: str
    registration_opens_at: Timestamp | None
    registration_deadline: Timestamp | None
    capacity: int | None
    max_per_organisation: int | None
    open_to_outsiders: bool
    seats_left: int | None


class EventDetail(EventOut):
    description: str
    waitlisted: int
    sessions: list[SessionOut]


class EventList(Out):
    items: list[EventOut]


class RegistrationIn(Body):
    name: bounded_text(200, min_length=1) = Field(description="The participant")
    email: bounded_text(254, min_length=3)
    session_ids: list[Id] = Field(default_factory=list, max_length=50)
    dietary: bounded_text(500) = ""
    note: bounded_text(2000) = ""


class RegistrationOut(Out):
    id: int
    status: Literal[SEAT_STATUSES]
    position: int | None = Field(description="Place on the waiting list")


class CancelOut(Out):
    id: int
    status: str


# --------------------------------------------------------------------------- meetings
class PersonOut(Out):
    registration_id: int
    name: str
    organisation: str
    organisation_id: int | None


class MeetingOut(Out):
    id: int
    status: str
    with_: PersonOut = Field(alias="with")
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    table: str | None
    request_id: int | None
    unplaced_reason: str | None


class MeetingList(Out):
    event_id: int
    items: list[MeetingOut]


class MeetingRequestIn(Body):
    to_registration_id: Id = Field(description="The other participant's registration")
    message: bounded_text(1000) = ""


class MeetingRequestOut(Out):
    id: int
    event_id: int
    from_: PersonOut = Field(alias="from")
    to: PersonOut
    message: str
    status: Literal[REQUEST_STATUSES]
    created_at: Timestamp
    expires_at: Timestamp | None
    meeting: MeetingOut | None = Field(None, description="When an accept placed the meeting")


# --------------------------------------------------------------------------- fairs
class FairOut(Out):
    id: int
    name: str
    city: str
    country: str
    venue: str
    starts_on: date
    ends_on: date
    website: str
    sector: str
    stand_count: int


class FairList(Out):
    items: list[FairOut]


class StandOut(Out):
    id: int
    cluster: str
    name: str
    theme: str
    area_m2: float
    places: int
    places_left: int
    pricing: str
    price_per_m2: float
    fee_per_company: float
    total_price: float
    interest_deadline: date | None
    status: str
    exhibitors: list[Ref]


class StandList(Out):
    items: list[StandOut]


class InterestIn(Body):
    cluster: Slug = Field("", description="Needed when the fair has stands of several clusters")
    area_wanted: float | None = Field(None, ge=0, le=10_000, description="m²")
    preferred_stand_id: Id | None = None
    exhibits: bounded_text(2000) = ""
    message: bounded_text(2000) = ""


class InterestOut(Out):
    id: int
    status: str
    cluster: str


class GroupingQuery(Query):
    cluster: Slug = Field("", description="Default: the fair's only cluster with stands")


class Competitors(Out):
    a: int
    b: int
    similarity: float


class StandGroup(Out):
    stand: Ref
    members: list[Ref]
    coherence: float
    theme_fit: float
    shared_terms: list[str]
    near_competitors: list[Competitors]


class Unassigned(Ref):
    reason: str


class GroupingOut(Out):
    cluster: str
    objective: float
    stands: list[StandGroup]
    unassigned: list[Unassigned]


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


# --------------------------------------------------------------------------- invitations
class InvitationsIn(Model):
    """Either `organisation_ids` or `all_unclaimed: true` (services.invitations holds the rule)."""

    organisation_ids: list[Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]] | None = Field(
        None, min_length=1, max_length=1000, description="Members to invite"
    )
    all_unclaimed: bool | None = Field(
        None, strict=True, description="Invite every member without users with a contact e-mail"
    )


class InvitationSkip(Out):
    organisation_id: int
    reason: str = Field(description="not_member, claimed, no_email or already_invited")


class InvitationsOut(Out):
    invited: int = Field(description="Invitations written (one per contact person)")
    skipped: list[InvitationSkip]


class InvitationOut(Out):
    id: int
    organisation: Ref
    email: str
    status: str = Field(description="sent, opened, accepted, expired or bounced")
    sent_at: str
    accepted_at: str | None


class InvitationList(Out):
    items: list[InvitationOut]
