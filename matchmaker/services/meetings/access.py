"""Meetings: lookups, who may manage and book, and the booking rules (who may meet whom,
the cap, one open request or meeting per pair) that requests and the bulk scheduler share."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSetup,
    MeetingSlot,
    MeetingTable,
    Organisation,
    Registration,
    utcnow,
)
from matchmaker.services import events as event_service
from matchmaker.services.errors import NotFound, PermissionDenied
from matchmaker.services.permissions import is_coordinator

LIVE = ("draft", "published")


def setup_of(event: Event) -> MeetingSetup | None:
    return db.session.scalar(sa.select(MeetingSetup).where(MeetingSetup.event_id == event.id))


def require_setup(event: Event) -> MeetingSetup:
    setup = setup_of(event)
    if setup is None:
        raise NotFound(_l("This event has no meetings."))
    return setup


def slots_of(event: Event) -> list[MeetingSlot]:
    return list(
        db.session.scalars(
            sa.select(MeetingSlot)
            .where(MeetingSlot.event_id == event.id)
            .order_by(MeetingSlot.starts_at, MeetingSlot.id)
        )
    )


def tables_of(event: Event) -> list[MeetingTable]:
    return list(
        db.session.scalars(
            sa.select(MeetingTable)
            .where(MeetingTable.event_id == event.id)
            .order_by(MeetingTable.number)
        )
    )


def participants(event: Event) -> list[Registration]:
    """Confirmed registrations: the people who can meet. Their organisations' memberships
    come along, since may_meet reads them for every pair."""
    query = event_service.registrations_query(event, ("confirmed",)).options(
        so.selectinload(Registration.organisation).selectinload(Organisation.memberships)
    )
    return list(db.session.scalars(query))


def registration_of(user, event: Event) -> Registration | None:
    """The viewer's own confirmed registration for the event, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == "confirmed",
            sa.or_(
                Registration.user_id == user.id,
                Registration.email == event_service.normalise_email(user.email),
            ),
        )
        .order_by(Registration.id)
    )


def require_participant(user, event: Event) -> Registration:
    reg = registration_of(user, event)
    if reg is None:
        raise PermissionDenied(_l("Only confirmed participants of the event can book meetings."))
    return reg


def can_manage(user, event: Event) -> bool:
    return is_coordinator(user, event.cluster_id)


def _is_member_reg(reg: Registration, cluster_id: int) -> bool:
    org = reg.organisation
    return org is not None and cluster_id in org.approved_cluster_ids()


def may_meet(setup: MeetingSetup, event: Event, a: Registration, b: Registration) -> bool:
    for reg in (a, b):
        if setup.who_may_book == "members" and not _is_member_reg(reg, event.cluster_id):
            return False
        if setup.allowed_org_types and (
            reg.organisation is None or reg.organisation.org_type not in setup.allowed_org_types
        ):
            return False
    return True


def booking_open(setup: MeetingSetup, event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if not event.is_published:
        return False
    if setup.booking_opens_at and now < setup.booking_opens_at:
        return False
    return now <= (setup.booking_closes_at or event.starts_at)


def _active_count(reg_id: int) -> int:
    """Meetings (drafts too) and open requests a participant has: what the cap counts."""
    meetings = db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(
            Meeting.status.in_(LIVE),
            _present(),
            sa.or_(Meeting.a_registration_id == reg_id, Meeting.b_registration_id == reg_id),
        )
    )
    requests = db.session.scalar(
        sa.select(sa.func.count(MeetingRequest.id)).where(
            MeetingRequest.status == "requested",
            sa.or_(
                MeetingRequest.from_registration_id == reg_id,
                MeetingRequest.to_registration_id == reg_id,
            ),
        )
    )
    return meetings + requests


def _present():
    """Meetings whose two sides are still confirmed: when someone cancels their registration,
    their meetings stop holding slots and leave the other side's agenda."""
    confirmed = sa.select(Registration.id).where(Registration.status == "confirmed")
    return sa.and_(
        Meeting.a_registration_id.in_(confirmed), Meeting.b_registration_id.in_(confirmed)
    )


def _pair_taken(a_id: int, b_id: int) -> bool:
    pair = sa.or_(
        sa.and_(Meeting.a_registration_id == a_id, Meeting.b_registration_id == b_id),
        sa.and_(Meeting.a_registration_id == b_id, Meeting.b_registration_id == a_id),
    )
    live = sa.select(Meeting.id).where(Meeting.status.in_(LIVE), _present(), pair)
    if db.session.scalar(live.limit(1)):
        return True
    open_pair = sa.or_(
        sa.and_(
            MeetingRequest.from_registration_id == a_id, MeetingRequest.to_registration_id == b_id
        ),
        sa.and_(
            MeetingRequest.from_registration_id == b_id, MeetingRequest.to_registration_id == a_id
        ),
    )
    return (
        db.session.scalar(
            sa.select(MeetingRequest.id)
            .where(MeetingRequest.status == "requested", open_pair)
            .limit(1)
        )
        is not None
    )
