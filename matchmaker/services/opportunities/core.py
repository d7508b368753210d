"""Who may see, post, edit and moderate an opportunity (visibility enforced in the queries
themselves); the label tables and limits the other modules share.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Membership,
    Opportunity,
)
from matchmaker.services.errors import NotFound, PermissionDenied
from matchmaker.services.permissions import is_coordinator

KIND_LABELS = {
    "business_offer": _l("Business offer"),
    "business_request": _l("Business request"),
    "technology_offer": _l("Technology offer"),
    "technology_request": _l("Technology request"),
    "rd_partner": _l("R&D partner search"),
    "subcontracting": _l("Subcontracting"),
    "joint_bid": _l("Joint bid or joint fair participation"),
}
VISIBILITY_LABELS = {
    "cluster": _l("Members of the cluster"),
    "clusters": _l("Members of all clusters"),
    "public": _l("Public"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "closed": _l("Closed"),
    "expired": _l("Expired"),
    "fulfilled": _l("Fulfilled"),
}
EXPRESSION_LABELS = {
    "pending": _l("Waiting for an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}
NOTIFY_LIMIT = 20  # organisations a day per owner (OPPORTUNITY_NOTIFY_LIMIT overrides)
REMIND_DAYS = 3
MAX_TITLE = 200
MAX_MESSAGE = 2000
MAX_REASON = 1000


# ------------------------------------------------------------------ who may do what
def _org_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.active_organisation_id


def _approved_cluster_ids(org_id: int | None) -> set[int]:
    if not org_id:
        return set()
    return set(
        db.session.scalars(
            sa.select(Membership.cluster_id).where(
                Membership.organisation_id == org_id, Membership.status == "approved"
            )
        )
    )


def is_owner(user, opp: Opportunity) -> bool:
    """A person acting for the owner organisation, or for a cluster's own post its coordinator
    (site admins count as both)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_site_admin:
        return True
    if opp.owner_org_id is None:
        return is_coordinator(user, opp.cluster_id)
    return user.active_organisation_id == opp.owner_org_id


def can_moderate(user, opp: Opportunity) -> bool:
    return is_coordinator(user, opp.cluster_id)


def visible_clause(viewer):
    """SQL condition: the opportunities the viewer may see. Others see a published (or
    closed, expired, fulfilled) unhidden post only within its visibility; drafts and hidden
    posts only their owners and the cluster's coordinators."""
    authenticated = viewer is not None and getattr(viewer, "is_authenticated", False)
    if authenticated and viewer.is_site_admin:
        return sa.true()
    shown = sa.and_(Opportunity.status != "draft", Opportunity.hidden_at.is_(None))
    reach = [Opportunity.visibility == "public"]
    own: list = []
    if authenticated:
        org_id = viewer.active_organisation_id
        clusters = _approved_cluster_ids(org_id)
        coordinated = set(viewer.coordinated_cluster_ids)
        if clusters or coordinated:
            reach.append(Opportunity.visibility == "clusters")
        if clusters | coordinated:
            reach.append(
                sa.and_(
                    Opportunity.visibility == "cluster",
                    Opportunity.cluster_id.in_(clusters | coordinated),
                )
            )
        if org_id:
            own.append(Opportunity.owner_org_id == org_id)
        if coordinated:
            own.append(Opportunity.cluster_id.in_(coordinated))
    return sa.or_(sa.and_(shown, sa.or_(*reach)), *own)


def can_view(viewer, opp: Opportunity) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count(Opportunity.id)).where(
                Opportunity.id == opp.id, visible_clause(viewer)
            )
        )
        > 0
    )


def get_visible(viewer, opp_id: int) -> Opportunity:
    """The opportunity if the viewer may see it; NotFound otherwise (no hint that it exists)."""
    opp = db.session.get(Opportunity, opp_id)
    if opp is None or not can_view(viewer, opp):
        raise NotFound(_l("No such opportunity."))
    return opp


def require_owner(user, opp: Opportunity) -> None:
    if not is_owner(user, opp):
        raise PermissionDenied(_l("Only the organisation that posted it can do this."))


def local_today(opp_or_cluster) -> date:
    cluster = opp_or_cluster.cluster if isinstance(opp_or_cluster, Opportunity) else opp_or_cluster
    return timeutil.today(cluster)


def is_open(opp: Opportunity, today: date | None = None) -> bool:
    """Published, not hidden, and its deadline (a day in the cluster's zone) not yet past."""
    today = today or local_today(opp)
    return opp.status == "published" and not opp.hidden and opp.deadline >= today
