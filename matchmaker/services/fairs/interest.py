"""Organisations' interest in a fair's joint stand: registering and withdrawing it before the
cluster's deadline.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Fair,
    FairInterest,
    JointStand,
    Membership,
    Organisation,
    StandAssignment,
    User,
)
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied

from .core import _decimal


# ------------------------------------------------------------------ interest
def _member_cluster(org: Organisation, cluster_id: int) -> None:
    approved = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.organisation_id == org.id,
            Membership.cluster_id == cluster_id,
            Membership.status == "approved",
        )
    )
    if not approved:
        raise PermissionDenied(_l("Only members of the cluster can join its joint stand."))


def active_interest(fair: Fair, org: Organisation) -> FairInterest | None:
    return db.session.scalar(
        sa.select(FairInterest).where(
            FairInterest.fair_id == fair.id,
            FairInterest.organisation_id == org.id,
            FairInterest.status == "active",
        )
    )


def deadline(fair: Fair, cluster_id: int) -> date | None:
    dates = [
        s.interest_deadline
        for s in fair.stands
        if s.cluster_id == cluster_id and s.interest_deadline
    ]
    return max(dates) if dates else None


def deadline_passed(fair: Fair, cluster: Cluster, now: datetime | None = None) -> date | None:
    """The cluster's interest deadline if it has passed. The deadline day counts to its end
    in the cluster's timezone, not in UTC (which lags Finland by two or three hours)."""
    closes = deadline(fair, cluster.id)
    if closes is not None and timeutil.today(cluster, now) > closes:
        return closes
    return None


def register_interest(
    actor: User, fair: Fair, cluster: Cluster, data: dict, now: datetime | None = None
) -> FairInterest:
    """A member organisation wants to exhibit on its cluster's joint stand."""
    if actor is None or not actor.active_organisation_id:
        raise PermissionDenied(_l("Only people acting for an organisation can do this."))
    org = actor.organisation
    _member_cluster(org, cluster.id)
    closes = deadline_passed(fair, cluster, now)
    if closes is not None:
        raise DomainError(
            _l("Registration of interest closed on %(date)s.", date=timeutil.format_date(closes))
        )
    if active_interest(fair, org) is not None:
        raise Conflict(_l("Your organisation has already registered interest in this fair."))
    errors: dict = {}
    area = data.get("area_wanted")
    area = _decimal(area, "area_wanted", errors) if area not in (None, "") else None
    preferred = None
    if data.get("preferred_stand_id"):
        preferred = db.session.get(JointStand, int(data["preferred_stand_id"]))
        if preferred is None or preferred.fair_id != fair.id or preferred.cluster_id != cluster.id:
            errors["preferred_stand_id"] = [_l("Choose one of this cluster's stands.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    item = FairInterest(
        fair_id=fair.id,
        cluster_id=cluster.id,
        organisation_id=org.id,
        area_wanted=area,
        exhibits=(data.get("exhibits") or "").strip()[:2000],
        message=(data.get("message") or "").strip()[:2000],
        preferred_stand_id=preferred.id if preferred else None,
    )
    db.session.add(item)
    return item


def withdraw_interest(actor: User, item: FairInterest, now: datetime | None = None) -> None:
    if actor is None or actor.active_organisation_id != item.organisation_id:
        raise PermissionDenied(_l("You can only withdraw your own organisation's interest."))
    fair = db.session.get(Fair, item.fair_id)
    if deadline_passed(fair, db.session.get(Cluster, item.cluster_id), now) is not None:
        raise DomainError(_l("The deadline has passed; ask the coordinator."))
    if item.status != "active":
        raise Conflict(_l("This interest has already been withdrawn."))
    item.withdraw()
    db.session.execute(
        sa.delete(StandAssignment).where(
            StandAssignment.fair_id == item.fair_id,
            StandAssignment.organisation_id == item.organisation_id,
        )
    )


def interests(fair: Fair, cluster_id: int) -> list[FairInterest]:
    return list(
        db.session.scalars(
            sa.select(FairInterest)
            .where(
                FairInterest.fair_id == fair.id,
                FairInterest.cluster_id == cluster_id,
                FairInterest.status == "active",
            )
            .order_by(FairInterest.created_at)
        )
    )
