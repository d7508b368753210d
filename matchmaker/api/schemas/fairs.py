"""Trade fairs, joint stands, expressions of interest and stand groupings."""

from datetime import date

from pydantic import Field

from matchmaker.api.schemas.base import Body, Id, Out, Query, Ref, Slug, bounded_text


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
