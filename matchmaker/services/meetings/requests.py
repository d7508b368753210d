"""Meetings: participants' requests (send, accept, decline, withdraw, expire), marks and
blocked times."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    Meeting,
    MeetingMark,
    MeetingRequest,
    MeetingSetup,
    Registration,
    Unavailability,
    utcnow,
)
from matchmaker.models.meetings import MARK_KINDS
from matchmaker.services import events as event_service
from matchmaker.services import locking
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from matchmaker.services.meetings.access import (
    _active_count,
    _pair_taken,
    booking_open,
    may_meet,
    registration_of,
    require_participant,
    require_setup,
    slots_of,
)
from matchmaker.services.meetings.agenda import meetings_of
from matchmaker.services.meetings.notifications import _mail
from matchmaker.services.meetings.placement import place


def request_meeting(
    actor,
    event: Event,
    to_registration_id: int,
    message: str = "",
    *,
    source: str = "list",
    now: datetime | None = None,
) -> MeetingRequest:
    """A participant asks another participant of the same event for a meeting."""
    now = now or utcnow()
    setup = require_setup(event)
    me = require_participant(actor, event)
    other = db.session.get(Registration, to_registration_id)
    if other is None or other.event_id != event.id or other.status != "confirmed":
        raise NotFound(_l("No such participant at this event."))
    if other.id == me.id:
        raise DomainError(_l("You cannot request a meeting with yourself."))
    if not booking_open(setup, event, now):
        raise DomainError(_l("Meeting booking is not open."))
    if not may_meet(setup, event, me, other):
        raise PermissionDenied(_l("The event's rules do not allow this meeting."))
    locked = locking.lock_event(event.id)
    if _pair_taken(me.id, other.id):
        raise Conflict(_l("You already have a meeting or an open request with this participant."))
    for reg in (me, other):
        if _active_count(reg.id) >= setup.cap_per_participant:
            raise Conflict(
                _l("%(name)s already has the most meetings allowed.", name=reg.name)
                if reg is other
                else _l("You already have the most meetings allowed.")
            )
    expires = now + timedelta(hours=setup.request_ttl_hours)
    expires = min(expires, setup.booking_closes_at or locked.starts_at)
    item = MeetingRequest(
        event_id=event.id,
        from_registration_id=me.id,
        to_registration_id=other.id,
        message=event_service.clean_text(message, 1000),
        source=source if source in ("list", "suggestion") else "list",
        created_at=now,
        expires_at=expires,
    )
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError as exc:
        # The open-pair index saw a request the check above could not (only without the lock).
        db.session.rollback()
        raise Conflict(
            _l("You already have a meeting or an open request with this participant.")
        ) from exc
    _mail(other, "meeting_requested", item=item, event=event)
    return item


def requests_of(reg: Registration) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """(incoming, outgoing), newest first."""

    def q(column):
        return list(
            db.session.scalars(
                sa.select(MeetingRequest)
                .where(column == reg.id)
                .order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
            )
        )

    return q(MeetingRequest.to_registration_id), q(MeetingRequest.from_registration_id)


def _decide(actor, item: MeetingRequest, now: datetime | None) -> Event:
    event = db.session.get(Event, item.event_id)
    me = registration_of(actor, event)
    if me is None or me.id != item.to_registration_id:
        raise PermissionDenied(_l("Only the participant asked can answer this request."))
    locking.lock_event(event.id)
    db.session.refresh(item)
    if item.status != "requested":
        raise Conflict(_l("This request has already been answered or has expired."))
    if (now or utcnow()) >= item.expires_at:
        raise Conflict(_l("This request has already been answered or has expired."))
    return event


def accept(actor, item: MeetingRequest, *, now: datetime | None = None) -> Meeting:
    """The receiver accepts: the meeting is placed at once in a free slot and table."""
    event = _decide(actor, item, now)
    item.accept(now)
    meeting = Meeting(
        event_id=event.id,
        request_id=item.id,
        a_registration_id=item.from_registration_id,
        b_registration_id=item.to_registration_id,
        status="published",
        source="request",
    )
    db.session.add(meeting)
    db.session.flush()
    place(event, [meeting])
    for reg in (meeting.a, meeting.b):
        _mail(reg, "meeting_accepted", meeting=meeting, event=event, ics=meeting.slot is not None)
    return meeting


def decline(actor, item: MeetingRequest, *, now: datetime | None = None) -> MeetingRequest:
    event = _decide(actor, item, now)
    item.decline(now)
    db.session.flush()
    _mail(item.from_registration, "meeting_declined", item=item, event=event)
    return item


def cancel_request(actor, item: MeetingRequest) -> None:
    event = db.session.get(Event, item.event_id)
    me = registration_of(actor, event)
    if me is None or me.id != item.from_registration_id:
        raise PermissionDenied(_l("Only the sender can withdraw this request."))
    if item.status != "requested":
        raise Conflict(_l("This request has already been answered or has expired."))
    item.cancel()
    db.session.flush()


def expire_requests(now: datetime | None = None) -> tuple[int, int]:
    """Remind receivers once before a request expires, then expire unanswered requests.
    Idempotent: conditional updates claim each row, so overlapping runs never mail twice.
    Returns (reminded, expired)."""
    now = now or utcnow()
    reminded = expired = 0
    due = db.session.execute(
        sa.select(MeetingRequest.id, MeetingRequest.expires_at, MeetingSetup.reminder_hours)
        .join(MeetingSetup, MeetingSetup.event_id == MeetingRequest.event_id)
        .where(
            MeetingRequest.status == "requested",
            MeetingRequest.reminded_at.is_(None),
            MeetingRequest.expires_at > now,
        )
        .order_by(MeetingRequest.id)
    ).all()
    for req_id, expires_at, hours in due:
        if hours <= 0 or expires_at - timedelta(hours=hours) > now:
            continue
        claimed = db.session.execute(
            sa.update(MeetingRequest)
            .where(MeetingRequest.id == req_id, MeetingRequest.reminded_at.is_(None))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            item = db.session.get(MeetingRequest, req_id)
            db.session.refresh(item)
            _mail(item.to_registration, "meeting_reminder", item=item, event=_event(item))
            reminded += 1
    stale = db.session.scalars(
        sa.select(MeetingRequest.id)
        .where(MeetingRequest.status == "requested", MeetingRequest.expires_at <= now)
        .order_by(MeetingRequest.id)
    ).all()
    for req_id in stale:
        claimed = db.session.execute(
            sa.update(MeetingRequest)
            .where(MeetingRequest.id == req_id, MeetingRequest.status == "requested")
            .values(status="expired", decided_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            item = db.session.get(MeetingRequest, req_id)
            db.session.refresh(item)
            event = _event(item)
            for reg in (item.from_registration, item.to_registration):
                _mail(reg, "meeting_expired", item=item, event=event)
            expired += 1
    return reminded, expired


def _event(item) -> Event:
    return db.session.get(Event, item.event_id)


def marks_of(reg: Registration) -> dict[int, str]:
    rows = db.session.execute(
        sa.select(MeetingMark.other_registration_id, MeetingMark.kind).where(
            MeetingMark.registration_id == reg.id
        )
    )
    return {other: kind for other, kind in rows}


def set_mark(actor, event: Event, other_id: int, kind: str | None) -> None:
    me = require_participant(actor, event)
    other = db.session.get(Registration, other_id)
    if other is None or other.event_id != event.id or other.id == me.id:
        raise NotFound(_l("No such participant at this event."))
    if kind is not None and kind not in MARK_KINDS:
        raise DomainError(_l("Choose one of the listed options."))
    mark = db.session.get(MeetingMark, (me.id, other.id))
    if kind is None:
        if mark is not None:
            db.session.delete(mark)
    elif mark is None:
        db.session.add(
            MeetingMark(registration_id=me.id, other_registration_id=other.id, kind=kind)
        )
    else:
        mark.kind = kind
    db.session.flush()


def blocked_slot_ids(reg: Registration) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Unavailability.slot_id).where(Unavailability.registration_id == reg.id)
        )
    )


def set_blocked(actor, event: Event, slot_ids) -> None:
    """Replace the participant's blocked times; a time that holds a meeting cannot be blocked."""
    me = require_participant(actor, event)
    valid = {s.id for s in slots_of(event)}
    wanted = {int(i) for i in slot_ids} & valid
    locking.lock_event(event.id)
    busy = {m.slot_id for m in meetings_of(me) if m.slot_id is not None}
    clash = wanted & busy
    if clash:
        raise Conflict(
            _l("You have a meeting at a time you want to block. Ask the coordinator to move it."),
            field="slots",
        )
    current = blocked_slot_ids(me)
    for sid in current - wanted:
        db.session.delete(db.session.get(Unavailability, (me.id, sid)))
    for sid in wanted - current:
        db.session.add(Unavailability(registration_id=me.id, slot_id=sid))
    db.session.flush()
