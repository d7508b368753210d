"""Meetings: personal agendas, the room's table plan and the outcome each side reports."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Event, Meeting, MeetingSlot, MeetingTable, Registration, utcnow
from matchmaker.services.errors import DomainError, PermissionDenied
from matchmaker.services.meetings.access import _present, registration_of, slots_of, tables_of
from matchmaker.services.meetings.placement import _live_meetings


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
