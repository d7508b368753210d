"""B2B meetings at an event: set-up, requests, automatic placement, removals, bulk scheduling.

Placement always runs under the event's row lock (``events._lock_event``) and re-reads the
current placements, so two accepts at once cannot give one person or one table two meetings
in a slot; the (slot, table) unique constraint guards tables again. Services flush, never
commit; mail is queued and delivered after the caller commits.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar
import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.matching import meetings as sched
from matchmaker.models import (
    Event,
    Meeting,
    MeetingMark,
    MeetingRequest,
    MeetingSetup,
    MeetingSlot,
    MeetingTable,
    MeetingWindow,
    Registration,
    Unavailability,
    utcnow,
)
from matchmaker.models.meetings import MARK_KINDS, WHO_MAY_BOOK
from matchmaker.models.organisations import ORG_TYPES
from matchmaker.services import calendar, mail, matching
from matchmaker.services import events as event_service
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied

log = logging.getLogger(__name__)

LIVE = ("draft", "published")

# Plain-language reasons for unplaced meetings (matching.meetings REASON_* codes).
REASONS = {
    sched.REASON_SAME_PARTICIPANT: _l("Both sides are the same person."),
    sched.REASON_UNKNOWN_SLOT: _l("Its time slot no longer exists."),
    sched.REASON_UNKNOWN_TABLE: _l("Its table no longer exists."),
    sched.REASON_A_UNAVAILABLE: _l("The first participant blocked that time."),
    sched.REASON_B_UNAVAILABLE: _l("The second participant blocked that time."),
    sched.REASON_FIXED_CONFLICT: _l("Another meeting already holds that time or table."),
    sched.REASON_NO_COMMON_FREE_SLOT: _l("The two have no free time in common."),
    sched.REASON_A_BUSY: _l("The first participant's free times are all booked."),
    sched.REASON_B_BUSY: _l("The second participant's free times are all booked."),
    sched.REASON_BOTH_BUSY: _l("Every common free time is already booked for one of them."),
    sched.REASON_NO_TABLE: _l("No table is free at the times both could meet."),
}


def reason_label(code: str | None) -> str:
    return str(REASONS.get(code or "", _l("Not placed yet.")))


# --- lookups and rights -----------------------------------------------------------------


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
    """Confirmed registrations: the people who can meet."""
    return event_service.all_registrations(event, ("confirmed",))


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
    return event_service.can_manage(user, event.cluster_id)


def require_manage(user, event: Event) -> None:
    if not can_manage(user, event):
        raise PermissionDenied(_l("Only the cluster's coordinators can manage the meetings."))


# --- set-up ------------------------------------------------------------------------------


@dataclass
class SetupData:
    windows: list[tuple[datetime, datetime]]
    meeting_minutes: int = 20
    tables: int = 10
    booking_opens_at: datetime | None = None
    booking_closes_at: datetime | None = None
    cap_per_participant: int = 8
    who_may_book: str = "members"
    allowed_org_types: tuple[str, ...] = ()
    request_ttl_hours: int = 72
    reminder_hours: int = 24


def _validate_setup(event: Event, data: SetupData) -> None:
    errors: dict[str, list] = {}

    def bad(field, message):
        errors.setdefault(field, []).append(message)

    if data.meeting_minutes < 5 or data.meeting_minutes > 240:
        bad("meeting_minutes", _l("A meeting lasts 5 to 240 minutes."))
    if data.tables < 1 or data.tables > 500:
        bad("tables", _l("Enter 1 to 500 tables."))
    if data.cap_per_participant < 1:
        bad("cap_per_participant", _l("Enter a whole number, %(n)d or more.", n=1))
    if data.who_may_book not in WHO_MAY_BOOK:
        bad("who_may_book", _l("Choose one of the listed options."))
    if any(t not in ORG_TYPES for t in data.allowed_org_types):
        bad("allowed_org_types", _l("Choose one of the listed options."))
    if data.request_ttl_hours < 1 or data.reminder_hours < 0:
        bad("request_ttl_hours", _l("Enter a whole number, %(n)d or more.", n=1))
    if not data.windows:
        bad("windows", _l("Enter at least one time window."))
    ordered = sorted(data.windows)
    day_start = event.starts_at - timedelta(hours=12)
    day_end = event.ends_at + timedelta(hours=12)
    for i, (start, end) in enumerate(ordered):
        if end <= start:
            bad("windows", _l("A time window must end after it starts."))
        elif start < day_start or end > day_end:
            bad("windows", _l("Time windows must be within the event's day(s)."))
        elif (end - start) < timedelta(minutes=data.meeting_minutes):
            bad("windows", _l("A time window must hold at least one meeting."))
        if i and start < ordered[i - 1][1]:
            bad("windows", _l("Time windows must not overlap."))
    opens, closes = data.booking_opens_at, data.booking_closes_at
    if opens and closes and closes <= opens:
        bad("booking_closes_at", _l("Booking cannot close before it opens."))
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)


def save_setup(actor, event: Event, data: SetupData) -> MeetingSetup:
    """Create or change the set-up. Slots and tables are generated the first time; later a
    change of windows or length is refused once meetings are placed (remove slots instead)."""
    require_manage(actor, event)
    _validate_setup(event, data)
    locked = event_service._lock_event(event.id)
    setup = setup_of(locked)
    placed = db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(
            Meeting.event_id == event.id, Meeting.slot_id.is_not(None)
        )
    )
    windows = sorted(data.windows)
    if setup is None:
        setup = MeetingSetup(event_id=event.id)
        db.session.add(setup)
        regenerate = True
    else:
        old = [(w.starts_at, w.ends_at) for w in setup.windows]
        regenerate = old != windows or setup.meeting_minutes != data.meeting_minutes
        if regenerate and placed:
            raise Conflict(
                _l("Meetings are already placed: remove single slots instead of changing times."),
                field="windows",
            )
    for name in (
        "meeting_minutes",
        "booking_opens_at",
        "booking_closes_at",
        "cap_per_participant",
        "who_may_book",
        "request_ttl_hours",
        "reminder_hours",
    ):
        setattr(setup, name, getattr(data, name))
    setup.allowed_org_types = list(data.allowed_org_types)
    if regenerate:
        setup.windows = [MeetingWindow(starts_at=s, ends_at=e) for s, e in windows]
        db.session.execute(sa.delete(MeetingSlot).where(MeetingSlot.event_id == event.id))
        generate_slots(event.id, windows, data.meeting_minutes)
    tables = tables_of(event)
    if data.tables > len(tables):
        top = max((t.number for t in tables), default=0)
        for n in range(top + 1, top + 1 + data.tables - len(tables)):
            db.session.add(MeetingTable(event_id=event.id, number=n))
    elif data.tables < len(tables):
        # Fewer tables: the highest-numbered go, and their meetings are re-placed.
        db.session.flush()
        setup.tables = data.tables
        for table in tables[data.tables :][::-1]:
            _remove(event, table=table)
    setup.tables = data.tables
    db.session.flush()
    return setup


def generate_slots(event_id: int, windows, minutes: int) -> None:
    """Consecutive slots of ``minutes`` in each window; a remainder too short is left out."""
    step = timedelta(minutes=minutes)
    for w, (start, end) in enumerate(sorted(windows)):
        t = start
        while t + step <= end:
            db.session.add(MeetingSlot(event_id=event_id, window=w, starts_at=t, ends_at=t + step))
            t += step


# --- rules for who may book whom ----------------------------------------------------------


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


# --- requests ----------------------------------------------------------------------------


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
    locked = event_service._lock_event(event.id)
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
        message=event_service._text(message, 1000),
        source=source if source in ("list", "suggestion") else "list",
        created_at=now,
        expires_at=expires,
    )
    db.session.add(item)
    db.session.flush()
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


def get_request(request_id: int) -> MeetingRequest:
    item = db.session.get(MeetingRequest, request_id)
    if item is None:
        raise NotFound(_l("No such meeting request."))
    return item


def _decide(actor, item: MeetingRequest, now: datetime | None) -> Event:
    event = db.session.get(Event, item.event_id)
    me = registration_of(actor, event)
    if me is None or me.id != item.to_registration_id:
        raise PermissionDenied(_l("Only the participant asked can answer this request."))
    event_service._lock_event(event.id)
    db.session.refresh(item)
    if item.status != "requested":
        raise Conflict(_l("This request has already been answered or has expired."))
    if (now or utcnow()) >= item.expires_at:
        raise Conflict(_l("This request has already been answered or has expired."))
    return event


def accept(actor, item: MeetingRequest, *, now: datetime | None = None) -> Meeting:
    """The receiver accepts: the meeting is placed at once in a free slot and table."""
    event = _decide(actor, item, now)
    item.status = "accepted"
    item.decided_at = now or utcnow()
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
    item.status = "declined"
    item.decided_at = now or utcnow()
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
    item.status = "cancelled"
    item.decided_at = utcnow()
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


# --- marks and blocked times --------------------------------------------------------------


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
    event_service._lock_event(event.id)
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


# --- placement -----------------------------------------------------------------------------


def _live_meetings(event_id: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.event_id == event_id, Meeting.status.in_(LIVE), _present())
            .order_by(Meeting.id)
            .execution_options(populate_existing=True)
        )
    )


def _release_absent(event: Event) -> None:
    """Cancel meetings of people whose registration is no longer confirmed (caller holds the
    lock) so their slot and table are free again; the side still coming is told."""
    gone = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.event_id == event.id, Meeting.status.in_(LIVE), sa.not_(_present()))
        .order_by(Meeting.id)
    ).all()
    for m in gone:
        was_published = m.status == "published"
        m.status, m.slot_id, m.table_id = "cancelled", None, None
        db.session.flush()
        if was_published:
            for reg in (m.a, m.b):
                if reg.status == "confirmed":
                    _mail(reg, "meeting_cancelled", meeting=m, event=event)


def _plain(event: Event):
    slots = slots_of(event)
    windows = {s.id: s.window for s in slots}
    plain_slots = [
        sched.Slot(
            s.id,
            int(s.starts_at.timestamp() // 60),
            int(s.ends_at.timestamp() // 60),
            windows[s.id],
        )  # fmt: skip
        for s in slots
    ]
    tables = [t.id for t in tables_of(event)]
    unav = [
        sched.Unavailable(r, s)
        for r, s in db.session.execute(
            sa.select(Unavailability.registration_id, Unavailability.slot_id)
            .join(MeetingSlot, MeetingSlot.id == Unavailability.slot_id)
            .where(MeetingSlot.event_id == event.id)
        )
    ]
    return plain_slots, tables, unav


def _priority(m: Meeting, marks: dict[tuple[int, int], str]) -> float:
    must = sum(
        marks.get(pair) == "must_meet"
        for pair in (
            (m.a_registration_id, m.b_registration_id),
            (m.b_registration_id, m.a_registration_id),
        )
    )
    # Accepted and published meetings come before drafts; must-meet pairs first among them.
    return (2.0 if m.status == "published" else 1.0) + 0.5 * must


def _all_marks(event: Event) -> dict[tuple[int, int], str]:
    rows = db.session.execute(
        sa.select(MeetingMark.registration_id, MeetingMark.other_registration_id, MeetingMark.kind)
        .join(Registration, Registration.id == MeetingMark.registration_id)
        .where(Registration.event_id == event.id)
    )
    return {(a, b): k for a, b, k in rows}


def place(event: Event, new: list[Meeting], seed: int = 0) -> sched.Schedule:
    """Place ``new`` meetings around every current placement (kept as they are); the caller
    holds the event lock. Unplaced meetings keep no slot and get a reason code."""
    _release_absent(event)
    live = _live_meetings(event.id)
    wanted = {m.id for m in new}
    existing = {
        m.id: (m.slot_id, m.table_id)
        for m in live
        if m.slot_id is not None and m.table_id is not None and m.id not in wanted
    }
    marks = _all_marks(event)
    plain = [
        sched.Meeting(m.id, m.a_registration_id, m.b_registration_id, _priority(m, marks))
        for m in live
        if m.id in existing or m.id in wanted
    ]
    slots, tables, unav = _plain(event)
    result = sched.schedule(plain, slots, tables, unav, existing=existing, seed=seed)
    by_id = {m.id: m for m in live}
    _apply(
        event, result.placements, dict(result.unplaced), only=wanted | set(existing), by_id=by_id
    )
    return result


def _apply(event, placements, unplaced, *, only, by_id) -> None:
    """Write the scheduler's answer, then re-check under the lock that nobody is booked
    twice in a slot (the unique constraint checks tables)."""
    # Clear the moved ones first so a swap cannot trip the (slot, table) constraint.
    changed = [
        mid
        for mid in only
        if mid in by_id
        and (by_id[mid].slot_id, by_id[mid].table_id) != placements.get(mid, (None, None))
    ]
    for mid in changed:
        by_id[mid].slot_id = None
        by_id[mid].table_id = None
    db.session.flush()
    for mid in sorted(changed):
        m = by_id[mid]
        if mid in placements:
            m.slot_id, m.table_id = placements[mid]
            m.unplaced_reason = None
        else:
            m.unplaced_reason = unplaced.get(mid, sched.REASON_NO_COMMON_FREE_SLOT)
    for mid in only:
        if mid in by_id and mid not in placements:
            by_id[mid].unplaced_reason = unplaced.get(mid, sched.REASON_NO_COMMON_FREE_SLOT)
    db.session.flush()
    _assert_no_double_booking(event.id)


def _assert_no_double_booking(event_id: int) -> None:
    rows = db.session.execute(
        sa.select(Meeting.slot_id, Meeting.a_registration_id, Meeting.b_registration_id).where(
            Meeting.event_id == event_id,
            Meeting.status.in_(LIVE),
            Meeting.slot_id.is_not(None),
            _present(),
        )
    )
    seen: set[tuple[int, int]] = set()
    for slot_id, a, b in rows:
        for p in (a, b):
            if (slot_id, p) in seen:
                raise Conflict(_l("The schedule changed meanwhile. Try again."))
            seen.add((slot_id, p))


def _snapshot(event: Event):
    _release_absent(event)
    live = _live_meetings(event.id)
    placements = {
        m.id: (m.slot_id, m.table_id) for m in live if m.slot_id is not None and m.table_id
    }
    marks = _all_marks(event)
    plain = [
        sched.Meeting(m.id, m.a_registration_id, m.b_registration_id, _priority(m, marks))
        for m in live
        if m.id in placements
    ]
    return live, placements, plain


def _remove(event: Event, *, slot: MeetingSlot | None = None, table: MeetingTable | None = None):
    """Take a slot or table out, re-place its meetings, tell both sides of each."""
    live, placements, plain = _snapshot(event)
    slots, tables, unav = _plain(event)
    result = sched.reschedule_after_removal(
        sched.Schedule(placements, []),
        plain,
        slots,
        tables,
        removed_slots=[slot.id] if slot else [],
        removed_tables=[table.id] if table else [],
        unavailable=unav,
    )
    by_id = {m.id: m for m in live}
    affected = set(result.moved) | {mid for mid, _ in result.unplaced}
    for mid in affected:
        by_id[mid].slot_id = None
        by_id[mid].table_id = None
    db.session.flush()
    db.session.delete(slot or table)
    db.session.flush()
    lost = dict(result.unplaced)
    for mid in sorted(affected):
        m = by_id[mid]
        if mid in result.moved:
            m.slot_id, m.table_id = result.moved[mid]
            m.unplaced_reason = None
        else:
            m.unplaced_reason = lost[mid]
    db.session.flush()
    _assert_no_double_booking(event.id)
    for mid in sorted(affected):
        m = by_id[mid]
        if m.status != "published":
            continue
        template = "meeting_moved" if mid in result.moved else "meeting_unplaced"
        for reg in (m.a, m.b):
            _mail(reg, template, meeting=m, event=event, ics=mid in result.moved)
    return result


def remove_slot(actor, event: Event, slot_id: int) -> sched.Rescheduled:
    require_manage(actor, event)
    event_service._lock_event(event.id)
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or slot.event_id != event.id:
        raise NotFound(_l("No such time slot."))
    return _remove(event, slot=slot)


def remove_table(actor, event: Event, table_id: int) -> sched.Rescheduled:
    require_manage(actor, event)
    event_service._lock_event(event.id)
    table = db.session.get(MeetingTable, table_id)
    if table is None or table.event_id != event.id:
        raise NotFound(_l("No such table."))
    result = _remove(event, table=table)
    setup = require_setup(event)
    setup.tables = len(tables_of(event))
    return result


def move(actor, meeting: Meeting, slot_id: int, table_id: int) -> Meeting:
    """The coordinator puts a meeting at another time and table, if both are free for it."""
    event = db.session.get(Event, meeting.event_id)
    require_manage(actor, event)
    event_service._lock_event(event.id)
    db.session.refresh(meeting)
    slot = db.session.get(MeetingSlot, slot_id)
    table = db.session.get(MeetingTable, table_id)
    if slot is None or slot.event_id != event.id or table is None or table.event_id != event.id:
        raise DomainError(_l("Choose a time and a table of this event."), field="slot")
    _release_absent(event)
    db.session.refresh(meeting)
    if meeting.status not in LIVE:
        raise Conflict(_l("This meeting is cancelled."))
    others = [m for m in _live_meetings(event.id) if m.id != meeting.id and m.slot_id == slot.id]
    if any(m.table_id == table.id for m in others):
        raise Conflict(_l("That table is taken at that time."), field="table")
    people = {meeting.a_registration_id, meeting.b_registration_id}
    if any({m.a_registration_id, m.b_registration_id} & people for m in others):
        raise Conflict(_l("One of the two already has a meeting at that time."), field="slot")
    blocked = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Unavailability)
        .where(Unavailability.slot_id == slot.id, Unavailability.registration_id.in_(people))
    )
    if blocked:
        raise Conflict(_l("One of the two blocked that time."), field="slot")
    meeting.slot_id, meeting.table_id, meeting.unplaced_reason = slot.id, table.id, None
    db.session.flush()
    db.session.refresh(meeting)
    if meeting.status == "published":
        for reg in (meeting.a, meeting.b):
            _mail(reg, "meeting_moved", meeting=meeting, event=event, ics=True)
    return meeting


def cancel_meeting(actor, meeting: Meeting) -> None:
    """Either side or a coordinator cancels; the other side is told."""
    event = db.session.get(Event, meeting.event_id)
    me = registration_of(actor, event)
    if not can_manage(actor, event) and (me is None or meeting.side(me.id) is None):
        raise PermissionDenied(_l("You cannot cancel this meeting."))
    if meeting.status == "cancelled":
        raise Conflict(_l("This meeting is cancelled."))
    was_published = meeting.status == "published"
    meeting.status = "cancelled"
    meeting.slot_id = meeting.table_id = None
    db.session.flush()
    if was_published:
        for reg in (meeting.a, meeting.b):
            if me is None or reg.id != me.id:
                _mail(reg, "meeting_cancelled", meeting=meeting, event=event)


# --- bulk scheduler -----------------------------------------------------------------------


def _suggestions(event: Event, regs: list[Registration]) -> dict[int, list[tuple[int, float]]]:
    """Registration -> suggested registrations at the event, from organisation suggestions."""
    by_org: dict[int, list[Registration]] = defaultdict(list)
    for r in regs:
        if r.organisation_id is not None:
            by_org[r.organisation_id].append(r)
    out: dict[int, list[tuple[int, float]]] = {}
    cache: dict[int, list] = {}
    for r in regs:
        if r.organisation is None:
            continue
        if r.organisation_id not in cache:
            cache[r.organisation_id] = matching.partner_suggestions(r.organisation, k=50)
        out[r.id] = [
            (other.id, match.score)
            for match in cache[r.organisation_id]
            for other in by_org.get(match.organisation.id, [])
        ]
    return out


def propose(actor, event: Event, seed: int = 0) -> sched.Schedule:
    """Draft meetings for mutually suggested pairs, placed around the existing schedule.
    Earlier drafts are replaced; published meetings stay where they are."""
    require_manage(actor, event)
    setup = require_setup(event)
    event_service._lock_event(event.id)
    db.session.execute(
        sa.delete(Meeting).where(Meeting.event_id == event.id, Meeting.status == "draft")
    )
    db.session.flush()
    regs = participants(event)
    by_id = {r.id: r for r in regs}
    marks = _all_marks(event)
    pairs = sched.propose_pairs(_suggestions(event, regs), setup.cap_per_participant)
    drafts = []
    for pair in pairs:
        a, b = by_id[pair.a], by_id[pair.b]
        if a.organisation_id == b.organisation_id or not may_meet(setup, event, a, b):
            continue
        if "no_thanks" in (marks.get((a.id, b.id)), marks.get((b.id, a.id))):
            continue
        if _pair_taken(a.id, b.id):
            continue
        if max(_active_count(a.id), _active_count(b.id)) >= setup.cap_per_participant:
            continue
        m = Meeting(
            event_id=event.id,
            a_registration_id=a.id,
            b_registration_id=b.id,
            status="draft",
            source="suggestion",
        )
        db.session.add(m)
        db.session.flush()  # counted by _active_count for the next pair
        drafts.append(m)
    return place(event, drafts, seed=seed)


def drafts_of(event: Event) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.event_id == event.id, Meeting.status == "draft")
            .order_by(Meeting.id)
        )
    )


def unplaced_of(event: Event) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.event_id == event.id,
                Meeting.status.in_(LIVE),
                Meeting.slot_id.is_(None),
                _present(),
            )
            .order_by(Meeting.id)
        )
    )


def publish_drafts(actor, event: Event) -> int:
    """Publish the placed drafts (unplaced ones are dropped) and mail both sides of each."""
    require_manage(actor, event)
    event_service._lock_event(event.id)
    published = []
    for m in drafts_of(event):
        if m.slot_id is None:
            db.session.delete(m)
            continue
        m.status = "published"
        published.append(m)
    db.session.flush()
    for m in published:
        for reg in (m.a, m.b):
            _mail(reg, "meeting_published", meeting=m, event=event, ics=True)
    return len(published)


def discard_drafts(actor, event: Event) -> int:
    require_manage(actor, event)
    return db.session.execute(
        sa.delete(Meeting).where(Meeting.event_id == event.id, Meeting.status == "draft")
    ).rowcount


# --- agendas and follow-up ------------------------------------------------------------------


def meetings_of(reg: Registration, statuses=("published",)) -> list[Meeting]:
    """A participant's meetings, placed ones by time first."""
    items = list(
        db.session.scalars(
            sa.select(Meeting)
            .outerjoin(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
            .where(
                Meeting.status.in_(statuses),
                _present(),
                sa.or_(Meeting.a_registration_id == reg.id, Meeting.b_registration_id == reg.id),
            )
            .order_by(MeetingSlot.starts_at.is_(None), MeetingSlot.starts_at, Meeting.id)
        )
    )
    return items


def table_plan(event: Event) -> list[tuple[MeetingSlot, list[tuple[MeetingTable, Meeting | None]]]]:
    """Per slot, every table with its meeting (or None): the room's plan."""
    tables = tables_of(event)
    placed: dict[tuple[int, int], Meeting] = {}
    for m in _live_meetings(event.id):
        if m.slot_id is not None and m.table_id is not None and m.status == "published":
            placed[(m.slot_id, m.table_id)] = m
    return [(s, [(t, placed.get((s.id, t.id))) for t in tables]) for s in slots_of(event)]


def set_outcome(actor, meeting: Meeting, held: bool, next_step: bool, now=None) -> None:
    """After the event each side says whether the meeting took place and led somewhere."""
    event = db.session.get(Event, meeting.event_id)
    me = registration_of(actor, event)
    side = meeting.side(me.id) if me is not None else None
    if side is None:
        raise PermissionDenied(_l("Only the two participants can mark this meeting."))
    if (now or utcnow()) < event.starts_at:
        raise DomainError(_l("You can mark meetings once the event has started."))
    setattr(meeting, f"held_{side}", held)
    setattr(meeting, f"next_step_{side}", held and next_step)
    db.session.flush()


def funnel(cluster, period) -> dict[str, int]:
    """Matching quality in the period: suggested -> requested -> accepted -> held -> next step.
    ``suggested`` counts requests sent from suggestions plus meetings the bulk scheduler made."""
    start, end = period.start_at, period.end_before
    in_cluster = sa.select(Event.id).where(
        Event.cluster_id == cluster.id, Event.starts_at >= start, Event.starts_at < end
    )
    req = sa.select(sa.func.count(MeetingRequest.id)).where(MeetingRequest.event_id.in_(in_cluster))
    meet = sa.select(sa.func.count(Meeting.id)).where(
        Meeting.event_id.in_(in_cluster), Meeting.status == "published"
    )
    s = db.session.scalar
    return {
        "suggested": s(req.where(MeetingRequest.source == "suggestion"))
        + s(meet.where(Meeting.source == "suggestion")),
        "requested": s(req),
        "accepted": s(meet),
        "held": s(meet.where(sa.or_(Meeting.held_a.is_(True), Meeting.held_b.is_(True)))),
        "next_step": s(
            meet.where(sa.or_(Meeting.next_step_a.is_(True), Meeting.next_step_b.is_(True)))
        ),
    }


# --- mail -------------------------------------------------------------------------------------


def meeting_ics(meetings: list[Meeting], reg: Registration, event: Event) -> str:
    """One VEVENT per placed meeting."""
    cal = calendar._calendar("PUBLISH")
    domain = calendar.event_uid(event).split("@", 1)[1]
    for m in meetings:
        if m.slot is None:
            continue
        other = m.other(reg.id)
        item = icalendar.Event()
        item.add("uid", f"meeting-{m.id}@{domain}")
        item.add("dtstamp", calendar._aware(utcnow()))
        item.add("dtstart", calendar._aware(m.slot.starts_at))
        item.add("dtend", calendar._aware(m.slot.ends_at))
        item.add(
            "summary",
            str(
                _l(
                    "Meeting: %(name)s (%(org)s)",
                    name=other.name,
                    org=event_service.organisation_label(other),
                )
            ),  # fmt: skip
        )
        table = m.table.label if m.table else ""
        item.add("location", f"{event.venue} · {_l('Table')} {table}".strip(" ·"))
        item.add("status", "CONFIRMED" if m.status == "published" else "CANCELLED")
        cal.add_component(item)
    return cal.to_ical().decode()


def _mail(reg: Registration, template: str, *, event: Event, ics: bool = False, **context):
    attachments = None
    meeting = context.get("meeting")
    if ics and meeting is not None and meeting.slot is not None:
        attachments = [
            {
                "filename": "meeting.ics",
                "mimetype": "text/calendar",
                "content": meeting_ics([meeting], reg, event),
            }
        ]
    mail.send_template(
        reg.email,
        template,
        event_service._locale_for(reg),
        attachments=attachments,
        registration=reg,
        link=url_for("meetings.agenda", event_id=event.id, _external=True),
        requests_link=url_for("meetings.requests", event_id=event.id, _external=True),
        **{"event": event, **context},
    )
