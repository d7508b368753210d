"""Meetings: the coordinator's set-up (time windows, meeting length, tables, booking rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Event, Meeting, MeetingSetup, MeetingSlot, MeetingTable, MeetingWindow
from matchmaker.models.meetings import WHO_MAY_BOOK
from matchmaker.models.organisations import ORG_TYPES
from matchmaker.services import locking
from matchmaker.services.errors import Conflict, DomainError
from matchmaker.services.meetings.access import setup_of, tables_of
from matchmaker.services.meetings.placement import _remove
from matchmaker.services.permissions import require_coordinator


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
    require_coordinator(actor, event.cluster_id)
    _validate_setup(event, data)
    locked = locking.lock_event(event.id)
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
