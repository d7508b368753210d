"""Partner suggestions and which cluster fits a newcomer."""

from typing import Literal

from pydantic import Field

from matchmaker.api.schemas.base import Out, Query, Ref, bounded_text


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
