"""The coordinator's day: what waits for a cluster's coordinators, each counted by one
aggregate query (the statements do not grow with the rows) and listed a few at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    ContactPerson,
    Event,
    Fair,
    FairInterest,
    Invitation,
    JointStand,
    Membership,
    Organisation,
    OutboxMessage,
    Registration,
    User,
    utcnow,
)
from matchmaker.models.invitations import INVITATION_STATUSES

LISTED = 8  # rows of each section shown on the dashboard; the count says how many in all


@dataclass
class UpcomingEvent:
    event: Event
    confirmed: int
    waitlisted: int

    @property
    def seats_left(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(0, self.event.capacity - self.confirmed)


@dataclass
class OpenStand:
    stand: JointStand
    fair: Fair
    interests: int


@dataclass
class Undeliverable:
    message: OutboxMessage
    organisation_id: int | None
    organisation_name: str | None


@dataclass
class Day:
    pending_count: int
    pending: list[Membership]
    invitations: dict[str, int]
    events: list[UpcomingEvent]
    stands: list[OpenStand]
    failed_count: int
    failed: list[Undeliverable]
    bounced: int = 0
    sent: int = field(init=False)

    def __post_init__(self):
        self.sent = sum(self.invitations.values())


def pending_applications(cluster: Cluster) -> tuple[int, list[Membership]]:
    where = (
        Membership.cluster_id == cluster.id,
        Membership.status == "pending",
        Membership.invited.is_(False),
    )
    count = db.session.scalar(sa.select(sa.func.count(Membership.id)).where(*where))
    rows = db.session.scalars(
        sa.select(Membership)
        .where(*where)
        .options(sa.orm.joinedload(Membership.organisation))
        .order_by(Membership.applied_at, Membership.id)
        .limit(LISTED)
    ).all()
    return count, list(rows)


def invitation_counts(cluster: Cluster) -> dict[str, int]:
    counts = dict.fromkeys(INVITATION_STATUSES, 0)
    rows = db.session.execute(
        sa.select(Invitation.status, sa.func.count(Invitation.id))
        .where(Invitation.cluster_id == cluster.id)
        .group_by(Invitation.status)
    ).all()
    counts.update({status: n for status, n in rows})
    return counts


def upcoming_events(cluster: Cluster, now: datetime | None = None) -> list[UpcomingEvent]:
    """Published events still to come, with their confirmed and waiting counts (one query)."""
    now = now or utcnow()

    def counted(status: str):
        return sa.func.count(Registration.id).filter(Registration.status == status)

    rows = db.session.execute(
        sa.select(Event, counted("confirmed"), counted("waitlisted"))
        .outerjoin(Registration, Registration.event_id == Event.id)
        .where(Event.cluster_id == cluster.id, Event.status == "published", Event.starts_at > now)
        .group_by(Event.id)
        .order_by(Event.starts_at, Event.id)
        .limit(LISTED)
    ).all()
    return [UpcomingEvent(event, confirmed, waiting) for event, confirmed, waiting in rows]


def open_stands(cluster: Cluster, today: date | None = None) -> list[OpenStand]:
    """The cluster's joint stands still taking interest, soonest deadline first, with how
    many organisations have registered interest in the fair (one query)."""
    today = today or timeutil.today(cluster)  # a deadline day lasts to its end locally
    interests = (
        sa.select(sa.func.count(FairInterest.id))
        .where(
            FairInterest.fair_id == JointStand.fair_id,
            FairInterest.cluster_id == cluster.id,
            FairInterest.status == "active",
        )
        .correlate(JointStand)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(JointStand, Fair, interests)
        .join(Fair, Fair.id == JointStand.fair_id)
        .where(
            JointStand.cluster_id == cluster.id,
            JointStand.status == "open",
            JointStand.interest_deadline.is_not(None),
            JointStand.interest_deadline >= today,
        )
        .order_by(JointStand.interest_deadline, JointStand.id)
        .limit(LISTED)
    ).all()
    return [OpenStand(stand, fair, n) for stand, fair, n in rows]


def _member_addresses(cluster: Cluster):
    """(email, organisation id) of everyone a message for the cluster's members goes to:
    their users, their contact people, and the cluster's invitations."""
    members = sa.select(Membership.organisation_id).where(
        Membership.cluster_id == cluster.id, Membership.status == "approved"
    )
    return sa.union(
        sa.select(
            sa.func.lower(User.email).label("email"), User.organisation_id.label("org_id")
        ).where(User.organisation_id.in_(members)),
        sa.select(
            sa.func.lower(ContactPerson.email).label("email"),
            ContactPerson.organisation_id.label("org_id"),
        ).where(ContactPerson.organisation_id.in_(members), ContactPerson.email != ""),
        sa.select(
            sa.func.lower(Invitation.email).label("email"),
            Invitation.organisation_id.label("org_id"),
        ).where(Invitation.cluster_id == cluster.id),
    ).subquery()


def undeliverable(cluster: Cluster) -> tuple[int, list[Undeliverable]]:
    """Messages to the cluster's members that failed for good, newest first."""
    addresses = _member_addresses(cluster)
    joined = (
        sa.select(OutboxMessage.id)
        .join(addresses, addresses.c.email == sa.func.lower(OutboxMessage.recipient))
        .where(OutboxMessage.status == "failed")
    )
    count = db.session.scalar(sa.select(sa.func.count()).select_from(joined.distinct().subquery()))
    first_org = (
        sa.select(sa.func.min(addresses.c.org_id))
        .where(addresses.c.email == sa.func.lower(OutboxMessage.recipient))
        .correlate(OutboxMessage)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(OutboxMessage, first_org.label("org_id"), Organisation.name)
        .outerjoin(Organisation, Organisation.id == first_org)
        .where(OutboxMessage.id.in_(joined))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LISTED)
    ).all()
    return count, [Undeliverable(m, org_id, name) for m, org_id, name in rows]


def coordinator_day(cluster: Cluster) -> Day:
    pending_count, pending = pending_applications(cluster)
    counts = invitation_counts(cluster)
    failed_count, failed = undeliverable(cluster)
    return Day(
        pending_count=pending_count,
        pending=pending,
        invitations=counts,
        events=upcoming_events(cluster),
        stands=open_stands(cluster),
        failed_count=failed_count,
        failed=failed,
        bounced=counts["bounced"],
    )
