"""API: trade fairs, joint stands, interest, grouping suggestions and stand assignment."""

from typing import Annotated

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import Field

from matchmaker.api import bp
from matchmaker.api.schemas import (
    Body,
    FairList,
    GroupingOut,
    GroupingQuery,
    InterestIn,
    InterestOut,
    Model,
    Out,
    Ref,
    StandGroup,
    StandList,
    bounded_text,
    endpoint,
)
from matchmaker.extensions import db
from matchmaker.models import Fair
from matchmaker.services import clusters as cluster_service
from matchmaker.services import fairs
from matchmaker.services.errors import DomainError, NotFound, PermissionDenied
from matchmaker.web import MAX_ID

StandId = Annotated[int, Field(ge=1, le=MAX_ID)]


class CompetitorGroup(Out):
    members: list[Ref]


class StandGroupWithArea(StandGroup):
    area_m2: float = Field(description="The floor area of the stand")
    area_needed: float = Field(description="What the proposed members need together (m²)")
    competitor_groups: list[CompetitorGroup] = Field(
        description="Near competitors (near_competitors pairs) joined into groups"
    )


class GroupingWithArea(GroupingOut):
    stands: list[StandGroupWithArea]


class AssignmentIn(Model):
    organisation: StandId
    stand: StandId | None = Field(None, description="null: no stand")
    area_m2: float | None = Field(
        None, ge=0.1, le=10_000, description="Default: the area of its interest or the fair's"
    )


class AssignmentsIn(Body):
    cluster: bounded_text(64) = Field("", description="Default: the fair's only cluster")
    assignments: list[AssignmentIn] = Field(
        max_length=5000,
        description="The whole line-up: interested organisations not listed get no stand",
    )


class AssignedOut(Out):
    organisation: Ref
    stand: Ref
    area_m2: float


class AssignmentsOut(Out):
    cluster: str
    assigned: list[AssignedOut]


def _fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        raise NotFound(_("No fair with this id."))
    return fair


def fair_json(fair: Fair) -> dict:
    return {
        "id": fair.id,
        "name": fair.name,
        "city": fair.city,
        "country": fair.country,
        "venue": fair.venue,
        "starts_on": fair.starts_on.isoformat(),
        "ends_on": fair.ends_on.isoformat(),
        "website": fair.website,
        "sector": fair.sector,
        "stand_count": len(fair.stands),
    }


@bp.get("/fairs")
@endpoint(FairList, tags=("fairs",))
def list_fairs():
    """Trade fairs, upcoming first"""
    upcoming, past = fairs.upcoming_and_past()
    return jsonify({"items": [fair_json(f) for f in upcoming + past]})


@bp.get("/fairs/<int:fair_id>/stands")
@endpoint(StandList, errors=(404,), tags=("fairs",))
def list_stands(fair_id: int):
    """A fair's joint stands with places left and exhibitors"""
    fair = _fair(fair_id)
    return jsonify(
        {
            "items": [
                {
                    "id": s.id,
                    "cluster": s.cluster.slug,
                    "name": s.name,
                    "theme": s.theme,
                    "area_m2": float(s.area_m2),
                    "places": s.places,
                    "places_left": s.places - len(s.assignments),
                    "pricing": s.pricing,
                    "price_per_m2": float(s.price_per_m2),
                    "fee_per_company": float(s.fee_per_company),
                    "total_price": float(s.total_price),
                    "interest_deadline": s.interest_deadline.isoformat()
                    if s.interest_deadline
                    else None,
                    "status": s.status,
                    "area_used": float(fairs.area_used(s)),
                    "exhibitors": [
                        {"id": a.organisation.id, "name": a.organisation.name}
                        for a in s.assignments
                    ],
                }
                for s in fair.stands
            ]
        }
    )


@bp.post("/fairs/<int:fair_id>/interest")
@endpoint(
    InterestOut, status=201, login=True, errors=(403, 404, 409), json=InterestIn, tags=("fairs",)
)
def post_interest(fair_id: int, json: InterestIn):
    """Register the caller's organisation's interest in a joint stand"""
    fair = _fair(fair_id)
    cluster = cluster_service.by_slug(json.cluster) if json.cluster else None
    if cluster is None:
        slugs = sorted({s.cluster.slug for s in fair.stands})
        if len(slugs) != 1:
            raise DomainError(
                _("Name the cluster whose joint stand you want to join."),
                fields={"cluster": [_("Use one of: %(slugs)s", slugs=", ".join(slugs) or "-")]},
            )
        cluster = cluster_service.by_slug(slugs[0])
    try:
        item = fairs.register_interest(current_user, fair, cluster, json.model_dump())
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify({"id": item.id, "status": item.status, "cluster": cluster.slug}), 201


def _coordinated_cluster(fair: Fair, slug: str, message: str):
    slug = slug or next(iter(sorted({s.cluster.slug for s in fair.stands})), "")
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        raise NotFound(_("No cluster with this short name."), field="cluster")
    if not current_user.coordinates(cluster.id):
        raise PermissionDenied(message)
    return cluster


@bp.get("/fairs/<int:fair_id>/grouping")
@endpoint(GroupingWithArea, login=True, errors=(403, 404), query=GroupingQuery, tags=("fairs",))
def grouping(fair_id: int, query: GroupingQuery):
    """Suggested grouping of interested organisations into stands (coordinators)"""
    fair = _fair(fair_id)
    cluster = _coordinated_cluster(
        fair, query.cluster, _("Only the cluster's coordinators can see grouping suggestions.")
    )
    result = fairs.suggest_grouping(fair, cluster)
    return jsonify(
        {
            "cluster": cluster.slug,
            "objective": round(result.objective, 4),
            "stands": [
                {
                    "stand": {"id": g.stand.id, "name": g.stand.name},
                    "members": [{"id": o.id, "name": o.name} for o in g.members],
                    "coherence": round(g.coherence, 4),
                    "theme_fit": round(g.theme_fit, 4),
                    "shared_terms": g.shared_terms,
                    "near_competitors": [
                        {"a": a.id, "b": b.id, "similarity": round(sim, 4)}
                        for a, b, sim in g.competitors
                    ],
                    "competitor_groups": [
                        {"members": [{"id": o.id, "name": o.name} for o in group]}
                        for group in g.competitor_groups
                    ],
                    "area_m2": float(g.stand.area_m2),
                    "area_needed": float(g.area),
                }
                for g in result.stands
            ],
            "unassigned": [{"id": o.id, "name": o.name, "reason": r} for o, r in result.unassigned],
        }
    )


@bp.put("/fairs/<int:fair_id>/assignments")
@endpoint(
    AssignmentsOut, login=True, errors=(403, 404, 409, 422), json=AssignmentsIn, tags=("fairs",)
)
def put_assignments(fair_id: int, json: AssignmentsIn):
    """Set the cluster's stand line-up: places and floor area are checked (coordinators)"""
    fair = _fair(fair_id)
    cluster = _coordinated_cluster(
        fair, json.cluster, _("Only the cluster's coordinators can assign stands.")
    )
    where = {a.organisation: n for n, a in enumerate(json.assignments)}
    plan: dict[int, int | None] = {
        i.organisation_id: None for i in fairs.interests(fair, cluster.id)
    }
    areas = {}
    for a in json.assignments:
        plan[a.organisation] = a.stand
        areas[a.organisation] = a.area_m2
    try:
        fairs.assign(current_user, fair, cluster, plan, areas)
    except DomainError as exc:
        db.session.rollback()
        raise _api_fields(exc, where) from None
    db.session.commit()
    assigned = [
        {
            "organisation": {"id": a.organisation.id, "name": a.organisation.name},
            "stand": {"id": s.id, "name": s.name},
            "area_m2": float(fairs.assigned_area(s, a)),
        }
        for s in fairs.stands_of(fair, {cluster.id})
        for a in s.assignments
    ]
    return jsonify({"cluster": cluster.slug, "assigned": assigned})


def _api_fields(exc: DomainError, where: dict[int, int]) -> DomainError:
    """The service names form fields (org-<id>, area-<id>); the API names the body's."""
    fields = {}
    for name, messages in exc.fields.items():
        kind, _sep, org = name.partition("-")
        n = where.get(int(org)) if org.isdigit() else None
        key = {"org": "stand", "area": "area_m2"}.get(kind)
        fields[f"assignments[{n}].{key}" if n is not None and key else name] = messages
    exc.fields = fields
    return exc
