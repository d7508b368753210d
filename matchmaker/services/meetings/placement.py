"""Meetings: placing meetings in slots and tables, removals, moves and the bulk scheduler.

Placement always runs under the event's row lock (``locking.lock_event``) and re-reads the
current placements, so two accepts at once cannot give one person or one table two meetings
in a slot; the (slot, table) unique constraint guards tables again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.matching import meetings as sched
from matchmaker.models import (
    Event,
    Meeting,
    MeetingMark,
    MeetingSlot,
    MeetingTable,
    Registration,
    Unavailability,
)
from matchmaker.services import locking, matching
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from matchmaker.services.meetings.access import (
    LIVE,
    _active_count,
    _pair_taken,
    _present,
    can_manage,
    may_meet,
    participants,
    registration_of,
    require_setup,
    slots_of,
    tables_of,
)
from matchmaker.services.meetings.notifications import _mail
from matchmaker.services.permissions import require_coordinator

log = logging.getLogger(__name__)

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
        m.cancel()
        db.session.flush()
        if was_published:
            for reg in (m.a, m.b):
                if reg.status == "confirmed":
                    _mail(reg, "meeting_cancelled", meeting=m, event=event)


def _minutes(value: datetime) -> int:
    """Minutes since the epoch of a stored (naive UTC) time, whatever the process timezone."""
    return int(value.replace(tzinfo=UTC).timestamp() // 60)


def _plain(event: Event):
    slots = slots_of(event)
    windows = {s.id: s.window for s in slots}
    plain_slots = [
        sched.Slot(s.id, _minutes(s.starts_at), _minutes(s.ends_at), windows[s.id]) for s in slots
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
    require_coordinator(actor, event.cluster_id)
    locking.lock_event(event.id)
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or slot.event_id != event.id:
        raise NotFound(_l("No such time slot."))
    return _remove(event, slot=slot)


def remove_table(actor, event: Event, table_id: int) -> sched.Rescheduled:
    require_coordinator(actor, event.cluster_id)
    locking.lock_event(event.id)
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
    require_coordinator(actor, event.cluster_id)
    locking.lock_event(event.id)
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
    meeting.cancel()
    db.session.flush()
    if was_published:
        for reg in (meeting.a, meeting.b):
            if me is None or reg.id != me.id:
                _mail(reg, "meeting_cancelled", meeting=meeting, event=event)


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
    require_coordinator(actor, event.cluster_id)
    setup = require_setup(event)
    locking.lock_event(event.id)
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
    require_coordinator(actor, event.cluster_id)
    locking.lock_event(event.id)
    published = []
    for m in drafts_of(event):
        if m.slot_id is None:
            db.session.delete(m)
            continue
        m.publish()
        published.append(m)
    db.session.flush()
    for m in published:
        for reg in (m.a, m.b):
            _mail(reg, "meeting_published", meeting=m, event=event, ics=True)
    return len(published)


def discard_drafts(actor, event: Event) -> int:
    require_coordinator(actor, event.cluster_id)
    return db.session.execute(
        sa.delete(Meeting).where(Meeting.event_id == event.id, Meeting.status == "draft")
    ).rowcount
