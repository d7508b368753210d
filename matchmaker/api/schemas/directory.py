"""Clusters and the member directory: lists, profiles and the profile patch."""

from typing import Annotated, Literal

from pydantic import Field, StrictInt, StrictStr

from matchmaker.api.schemas.base import NO_NUL, Body, Out, Query, Slug, Timestamp, bounded_text
from matchmaker.models.organisations import CONTACT_VISIBILITIES, ORG_TYPES, SIZE_CLASSES
from matchmaker.services.directory import SORTS
from matchmaker.services.organisations import MAX_TEXT
from matchmaker.web import MAX_PAGE


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
