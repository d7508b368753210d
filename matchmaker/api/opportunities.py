"""API: cooperation opportunities, the organisations each fits, expressions of interest.

The same service as the pages decides who sees and changes what; the models here state the
types and bounds, the service the rules (a deadline in the past is its 422 on `deadline`).
"""

from __future__ import annotations

from typing import Literal

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import Field, StrictBool

from matchmaker.api import bp
from matchmaker.api.schemas import Body, Out, Query, Ref, bounded_text, endpoint
from matchmaker.extensions import db
from matchmaker.models.opportunities import OPPORTUNITY_KINDS, VISIBILITIES
from matchmaker.presenters import opportunity_reasons
from matchmaker.services import clusters as cluster_service
from matchmaker.services import opportunities as service
from matchmaker.services.errors import DomainError, NotFound, PermissionDenied
from matchmaker.services.organisations import MAX_TEXT
from matchmaker.web import MAX_ID, MAX_PAGE

TAGS = ("opportunities",)
Text = bounded_text(MAX_TEXT)
Codes = list[bounded_text(5)]
Deadline = bounded_text(10)
DEADLINE = {"description": "YYYY-MM-DD, a day in the cluster's time zone, not in the past"}


class OpportunitiesQuery(Query):
    cluster: bounded_text(64) = Field("", description="Only posts of this cluster (short name)")
    kind: Literal[("", *OPPORTUNITY_KINDS)] = ""
    q: bounded_text(200) = Field("", description="Words; sorted by relevance to them")
    industry: bounded_text(5) = Field("", description="TOL 2008 / NACE code")
    open: bool = Field(False, description="1: only published posts whose deadline is ahead")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=200)


class OpportunityOut(Out):
    id: int
    kind: str
    title: str
    organisation: Ref | None = Field(description="None when the cluster itself posted it")
    cluster: str
    deadline: str = Field(description="YYYY-MM-DD")
    status: str
    visibility: str


class OpportunityList(Out):
    items: list[OpportunityOut]
    total: int


class OpportunityDetail(OpportunityOut):
    description: str
    offered_sought: str
    keywords: str
    industries: list[str]
    countries: list[str]
    open: bool
    hidden: bool
    partner: Ref | None


class OpportunityIn(Body):
    cluster: bounded_text(64, min_length=1) = Field(description="Short name of the cluster")
    kind: Literal[OPPORTUNITY_KINDS]
    title: bounded_text(200, min_length=1)
    description: Text = ""
    offered_sought: Text = Field("", description="What is offered or sought")
    keywords: Text = ""
    industries: Codes = Field(default_factory=list, description="TOL 2008 codes")
    countries: list[bounded_text(2)] = Field(default_factory=list, description="ISO 3166 codes")
    deadline: Deadline = Field(json_schema_extra={"format": "date"}, **DEADLINE)
    visibility: Literal[VISIBILITIES] = "cluster"
    for_cluster: StrictBool = Field(False, description="A coordinator posts for the cluster")
    publish: StrictBool = Field(True, description="false: keep it a draft")


class OpportunityPatch(Body):
    """Any subset; `status` publishes, closes or (with `partner_id`) fulfils the post."""

    kind: Literal[OPPORTUNITY_KINDS] | None = None
    title: bounded_text(200, min_length=1) | None = None
    description: Text | None = None
    offered_sought: Text | None = None
    keywords: Text | None = None
    industries: Codes | None = None
    countries: list[bounded_text(2)] | None = None
    deadline: Deadline | None = Field(None, json_schema_extra={"format": "date"}, **DEADLINE)
    visibility: Literal[VISIBILITIES] | None = None
    status: Literal["published", "closed", "fulfilled"] | None = None
    partner_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="With status fulfilled: the partner chosen"
    )


class OpportunityReasonOut(Out):
    kind: str
    text: str
    their_words: list[str]
    your_words: list[str]
    weight: float


class OpportunityMatch(Out):
    organisation: Ref
    score: float
    reasons: list[OpportunityReasonOut]
    notified: bool
    interested: bool


class OpportunityMatchList(Out):
    items: list[OpportunityMatch]


class OpportunityMatchesQuery(Query):
    k: int = Field(10, ge=1, le=100, description="How many organisations")


class OpportunityInterestIn(Body):
    message: bounded_text(2000) = ""


class OpportunityInterestOut(Out):
    id: int
    opportunity_id: int
    organisation: Ref
    status: str
    message: str


def _ref(org) -> dict:
    return {"id": org.id, "name": org.name}


def _visible(opp_id: int):
    return service.get_visible(current_user, opp_id)


def _commit_or_rollback(work):
    try:
        result = work()
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return result


@bp.get("/opportunities")
@endpoint(OpportunityList, errors=(404,), query=OpportunitiesQuery, tags=TAGS)
def list_opportunities(query: OpportunitiesQuery):
    """Opportunities the caller may see, sorted by relevance for them"""
    cluster = None
    if query.cluster:
        cluster = cluster_service.by_slug(query.cluster)
        if cluster is None:
            raise NotFound(_("No cluster with this short name."), field="cluster")
    items = service.search(
        current_user,
        q=query.q,
        kind=query.kind,
        industry=query.industry,
        cluster=cluster,
        open_only=query.open,
    )
    start = (query.page - 1) * query.per_page
    page = items[start : start + query.per_page]
    return jsonify({"items": [service.as_json(li.opportunity) for li in page], "total": len(items)})


@bp.post("/opportunities")
@endpoint(
    OpportunityDetail, status=201, login=True, errors=(403, 404, 422), json=OpportunityIn, tags=TAGS
)
def create_opportunity(json: OpportunityIn):
    """Post an opportunity for the caller's organisation (or, for coordinators, the cluster)"""
    cluster = cluster_service.by_slug(json.cluster)
    if cluster is None:
        raise NotFound(_("No cluster with this short name."), field="cluster")
    data = json.model_dump(exclude={"cluster", "for_cluster", "publish"})
    opp = _commit_or_rollback(
        lambda: service.create(
            current_user, cluster, data, for_cluster=json.for_cluster, publish=json.publish
        )
    )
    return jsonify(service.as_json(opp, full=True)), 201


@bp.get("/opportunities/<int:opp_id>")
@endpoint(OpportunityDetail, errors=(404,), tags=TAGS)
def get_opportunity(opp_id: int):
    """One opportunity (404 when the caller may not see it)"""
    return jsonify(service.as_json(_visible(opp_id), full=True))


@bp.patch("/opportunities/<int:opp_id>")
@endpoint(
    OpportunityDetail, login=True, errors=(403, 404, 409, 422), json=OpportunityPatch, tags=TAGS
)
def patch_opportunity(opp_id: int, json: OpportunityPatch):
    """Change, publish, close or fulfil an opportunity (its owner)"""
    opp = _visible(opp_id)
    values = json.model_dump(exclude_unset=True)
    status = values.pop("status", None)
    partner_id = values.pop("partner_id", None)

    def work():
        service.require_owner(current_user, opp)
        if values:
            service.update(current_user, opp, values)
        if status == "published":
            service.publish(current_user, opp)
        elif status == "closed":
            service.close(current_user, opp)
        elif status == "fulfilled":
            service.fulfil(current_user, opp, service.lookup_org(partner_id))
        return opp

    _commit_or_rollback(work)
    return jsonify(service.as_json(opp, full=True))


@bp.delete("/opportunities/<int:opp_id>")
@endpoint(None, status=204, login=True, errors=(403, 404, 409), tags=TAGS)
def delete_opportunity(opp_id: int):
    """Delete an opportunity nobody has answered (its owner); otherwise close it"""
    opp = _visible(opp_id)
    _commit_or_rollback(lambda: service.delete(current_user, opp))
    return "", 204


@bp.get("/opportunities/<int:opp_id>/matches")
@endpoint(
    OpportunityMatchList,
    login=True,
    errors=(403, 404),
    query=OpportunityMatchesQuery,
    tags=TAGS,
)
def opportunity_matches(opp_id: int, query: OpportunityMatchesQuery):
    """The organisations the opportunity fits best, with reasons (owner and coordinators)"""
    opp = _visible(opp_id)
    if not (service.is_owner(current_user, opp) or service.can_moderate(current_user, opp)):
        raise PermissionDenied(_("Only the owner and the cluster's coordinators see the matches."))
    return jsonify(
        {
            "items": [
                {
                    "organisation": _ref(f.organisation),
                    "score": round(f.score, 4),
                    "reasons": opportunity_reasons.dicts(f.reasons, f.organisation),
                    "notified": f.notified,
                    "interested": f.interested,
                }
                for f in service.matches(opp, k=query.k)
            ]
        }
    )


@bp.post("/opportunities/<int:opp_id>/interest")
@endpoint(
    OpportunityInterestOut,
    status=201,
    login=True,
    errors=(403, 404, 409, 422),
    json=OpportunityInterestIn,
    tags=TAGS,
)
def express_interest(opp_id: int, json: OpportunityInterestIn):
    """Express the caller's organisation's interest (409 twice, 422 when no longer open)"""
    opp = _visible(opp_id)
    item = _commit_or_rollback(lambda: service.express_interest(current_user, opp, json.message))
    body = {
        "id": item.id,
        "opportunity_id": opp.id,
        "organisation": _ref(item.organisation),
        "status": item.status,
        "message": item.message,
    }
    return jsonify(body), 201
