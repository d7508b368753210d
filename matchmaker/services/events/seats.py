"""Events: seat counts, and taking and filling seats in order (the concurrency core).

Every function here that changes seats runs after ``locking.lock_event`` in the same
transaction, so counts read here cannot go stale before the insert or update that follows.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import Event, EventSession, Registration, RegistrationSession
from matchmaker.models.events import ACTIVE_STATUSES
from matchmaker.services.errors import Conflict
from matchmaker.services.events.notifications import _notify


def _count(event_id: int, *statuses: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event_id, Registration.status.in_(statuses)
        )
    )


def _session_taken(session_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(RegistrationSession.id)).where(
            RegistrationSession.session_id == session_id,
            RegistrationSession.status == "confirmed",
        )
    )


def organisation_count(event: Event, org_id: int | None) -> int:
    """Live registrations (confirmed, waiting or pending) of one organisation."""
    if org_id is None:
        return 0
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event.id,
            Registration.organisation_id == org_id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )


def organisation_places_left(event: Event, org_id: int | None) -> int | None:
    """How many more people the organisation may sign up (None: no limit)."""
    if event.max_per_organisation is None:
        return None
    return max(0, event.max_per_organisation - organisation_count(event, org_id))


def confirmed_count(event: Event) -> int:
    return _count(event.id, "confirmed")


def attended_count(event: Event) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event.id,
            Registration.status == "confirmed",
            Registration.attended_at.is_not(None),
        )
    )


def waitlist_count(event: Event) -> int:
    return _count(event.id, "waitlisted")


def confirmed_counts(events: list[Event]) -> dict[int, int]:
    """Confirmed registrations per event, in one grouped query (for lists of events)."""
    ids = [e.id for e in events]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.event_id, sa.func.count(Registration.id))
        .where(Registration.event_id.in_(ids), Registration.status == "confirmed")
        .group_by(Registration.event_id)
    )
    return {event_id: n for event_id, n in rows}


def seats_left(event: Event, confirmed: int | None = None) -> int | None:
    """Free seats; `confirmed` when the caller already counted them (confirmed_counts)."""
    if event.capacity is None:
        return None
    if confirmed is None:
        confirmed = confirmed_count(event)
    return max(0, event.capacity - confirmed)


def session_confirmed_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(RegistrationSession.session_id, sa.func.count(RegistrationSession.id))
        .join(EventSession, EventSession.id == RegistrationSession.session_id)
        .where(EventSession.event_id == event.id, RegistrationSession.status == "confirmed")
        .group_by(RegistrationSession.session_id)
    )
    return {sid: n for sid, n in rows}


def session_seats_left(event: Event) -> dict[int, int | None]:
    if not event.sessions:
        return {}  # nothing to count (the signup form asks for every event)
    taken = session_confirmed_counts(event)
    return {
        s.id: None if s.capacity is None else max(0, s.capacity - taken.get(s.id, 0))
        for s in event.sessions
    }


def _active_registrations(event: Event, statuses) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status.in_(statuses))
            .order_by(Registration.id)
            .execution_options(populate_existing=True)
        )
    )


def already_registered() -> Conflict:
    return Conflict(_l("This person is already registered for the event."), field="email")


def flush_registration() -> None:
    """Flush a registration being added. The partial unique index refuses a second active
    registration of one address (a race the checks before the lock cannot see); that becomes
    the same conflict. The transaction is unusable after the refusal, so it is rolled back."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise already_registered() from exc


def give_seat(event: Event, reg: Registration, confirmed: int) -> None:
    """Confirm `reg` while seats remain (`confirmed` counted under the lock), else waitlist it."""
    if event.capacity is None or confirmed < event.capacity:
        reg.confirm()
    else:
        reg.waitlist()


def _take_seat(event: Event, reg: Registration, chosen, confirmed: int | None = None) -> None:
    """Confirm or waitlist `reg` (under the caller's lock) and insert it with its sessions;
    `confirmed`, the seats taken, when the caller has counted them under the lock."""
    if confirmed is None:
        confirmed = _count(event.id, "confirmed")
    give_seat(event, reg, confirmed)
    for s in chosen:
        reg.sessions.append(RegistrationSession(session_id=s.id, status="waitlisted"))
    db.session.add(reg)
    flush_registration()
    if reg.status == "confirmed" and chosen:
        _fill_sessions({s.id for s in chosen})


def _fill_seats(event: Event) -> list[Registration]:
    """Promote waitlisted people in order while seats remain (caller holds the lock)."""
    promoted: list[Registration] = []
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _count(event.id, "confirmed")
        if free <= 0:
            return promoted
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "waitlisted")
        .order_by(Registration.id)
        .limit(free)
        .execution_options(populate_existing=True)
    ).all()
    for reg in waiting:
        reg.confirm()
        promoted.append(reg)
    db.session.flush()
    sessions = {rs.session_id for reg in promoted for rs in reg.sessions}
    _fill_sessions(sessions)
    for reg in promoted:
        _notify(reg, "event_promoted", ics=True)
    return promoted


def _fill_sessions(session_ids) -> None:
    """Give free session seats to confirmed participants in the order they asked."""
    for sid in sorted(session_ids):
        session = db.session.get(EventSession, sid)
        if session is None:
            continue
        query = (
            sa.select(RegistrationSession)
            .join(Registration, Registration.id == RegistrationSession.registration_id)
            .where(
                RegistrationSession.session_id == sid,
                RegistrationSession.status == "waitlisted",
                Registration.status == "confirmed",
            )
            .order_by(RegistrationSession.id)
            .execution_options(populate_existing=True)
        )
        if session.capacity is not None:
            free = session.capacity - _session_taken(sid)
            if free <= 0:
                continue
            query = query.limit(free)
        for item in db.session.scalars(query).all():
            item.confirm()
    db.session.flush()
