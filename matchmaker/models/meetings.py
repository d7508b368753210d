"""One-to-one B2B meetings at an event: set-up, slots, tables, requests, meetings, marks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import (
    MEETING_TRANSITIONS,
    REQUEST_TRANSITIONS,
    MeetingStatus,
    RequestStatus,
    Stateful,
    values,
)

if TYPE_CHECKING:
    from matchmaker.models.events import Event, Registration

WHO_MAY_BOOK = ("members", "all_participants")
REQUEST_STATUSES = values(RequestStatus)
MEETING_STATUSES = values(MeetingStatus)
MARK_KINDS = ("must_meet", "no_thanks")


class least(FunctionElement):  # noqa: N801 - reads like the SQL function it is
    """LEAST(a, b): SQLite spells it as the two-argument min()."""

    inherit_cache = True
    name = "least"


class greatest(FunctionElement):  # noqa: N801
    """GREATEST(a, b): SQLite spells it as the two-argument max()."""

    inherit_cache = True
    name = "greatest"


@compiles(least)
@compiles(greatest)
def _pg_pair(element, compiler, **kw):
    return f"{element.name}({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
@compiles(greatest, "sqlite")
def _sqlite_pair(element, compiler, **kw):
    fn = "min" if element.name == "least" else "max"
    return f"{fn}({compiler.process(element.clauses, **kw)})"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class MeetingSetup(db.Model):
    """How one event runs its meetings; slots and tables are generated from it."""

    __tablename__ = "meeting_setup"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), unique=True
    )
    meeting_minutes: so.Mapped[int] = so.mapped_column(default=20)
    tables: so.Mapped[int] = so.mapped_column(default=10)
    booking_opens_at: so.Mapped[datetime | None]
    booking_closes_at: so.Mapped[datetime | None]
    cap_per_participant: so.Mapped[int] = so.mapped_column(default=8)
    who_may_book: so.Mapped[str] = so.mapped_column(sa.String(20), default="members")
    # Empty: every organisation type may book and be booked.
    allowed_org_types: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    request_ttl_hours: so.Mapped[int] = so.mapped_column(default=72)
    reminder_hours: so.Mapped[int] = so.mapped_column(default=24)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    event: so.Mapped[Event] = so.relationship()
    windows: so.Mapped[list[MeetingWindow]] = so.relationship(
        back_populates="setup", cascade="all, delete-orphan", order_by="MeetingWindow.starts_at"
    )

    __table_args__ = (
        sa.CheckConstraint("meeting_minutes >= 5", name="meeting_minutes"),
        sa.CheckConstraint("tables >= 1", name="tables"),
        sa.CheckConstraint("cap_per_participant >= 1", name="cap"),
        sa.CheckConstraint(_in("who_may_book", WHO_MAY_BOOK), name="who_may_book"),
    )

    def __repr__(self) -> str:
        return f"<MeetingSetup event={self.event_id}>"


class MeetingWindow(db.Model):
    """A block of meeting time between breaks (naive UTC)."""

    __tablename__ = "meeting_window"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    setup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting_setup.id", ondelete="CASCADE"), index=True
    )
    starts_at: so.Mapped[datetime]
    ends_at: so.Mapped[datetime]

    setup: so.Mapped[MeetingSetup] = so.relationship(back_populates="windows")

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    def __repr__(self) -> str:
        return f"<MeetingWindow {self.starts_at:%Y-%m-%d %H:%M}>"


class MeetingSlot(db.Model):
    """One meeting time; removing the row removes the time (meetings there are re-placed)."""

    __tablename__ = "meeting_slot"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    window: so.Mapped[int] = so.mapped_column(default=0)
    starts_at: so.Mapped[datetime]
    ends_at: so.Mapped[datetime]

    __table_args__ = (
        sa.UniqueConstraint("event_id", "starts_at"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    def __repr__(self) -> str:
        return f"<MeetingSlot {self.id} {self.starts_at:%H:%M}>"


class MeetingTable(db.Model):
    __tablename__ = "meeting_table"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    number: so.Mapped[int]
    name: so.Mapped[str] = so.mapped_column(sa.String(100), default="")

    __table_args__ = (sa.UniqueConstraint("event_id", "number"),)

    def __repr__(self) -> str:
        return f"<MeetingTable {self.number}>"

    @property
    def label(self) -> str:
        return self.name or str(self.number)


class MeetingRequest(Stateful, db.Model):
    """A participant asks another for a meeting; the receiver accepts or declines."""

    __tablename__ = "meeting_request"
    STATE_ENUM = RequestStatus
    TRANSITIONS = REQUEST_TRANSITIONS
    STATE_NOUN = _l("the meeting request")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    from_registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    to_registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="requested")
    # "suggestion" when sent from the suggested list: feeds the matching quality funnel.
    source: so.Mapped[str] = so.mapped_column(sa.String(32), default="list")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    expires_at: so.Mapped[datetime]
    reminded_at: so.Mapped[datetime | None]
    decided_at: so.Mapped[datetime | None]

    from_registration: so.Mapped[Registration] = so.relationship(
        foreign_keys=[from_registration_id]
    )
    to_registration: so.Mapped[Registration] = so.relationship(foreign_keys=[to_registration_id])
    meeting: so.Mapped[Meeting | None] = so.relationship(back_populates="request")

    __table_args__ = (
        sa.CheckConstraint(_in("status", REQUEST_STATUSES), name="status"),
        sa.CheckConstraint("from_registration_id <> to_registration_id", name="not_self"),
        # At most one open request between two participants, whichever of them asked:
        # A->B and B->A cannot both be open.
        sa.Index(
            "uq_meeting_request_open_pair",
            "event_id",
            least(from_registration_id.column, to_registration_id.column),
            greatest(from_registration_id.column, to_registration_id.column),
            unique=True,
            sqlite_where=sa.text("status = 'requested'"),
            postgresql_where=sa.text("status = 'requested'"),
        ),
    )

    def __repr__(self) -> str:
        return (
            f"<MeetingRequest {self.id} {self.from_registration_id}->"
            f"{self.to_registration_id} {self.status}>"
        )

    def _decide(self, status: RequestStatus, now: datetime | None) -> None:
        self.update_state(status)
        self.decided_at = now or utcnow()

    def accept(self, now: datetime | None = None) -> None:
        self._decide(RequestStatus.ACCEPTED, now)

    def decline(self, now: datetime | None = None) -> None:
        self._decide(RequestStatus.DECLINED, now)

    def cancel(self, now: datetime | None = None) -> None:
        """The sender withdraws the request before it is answered."""
        self._decide(RequestStatus.CANCELLED, now)


class Meeting(Stateful, db.Model):
    """An agreed (or, as a draft, proposed) meeting; slot and table empty while unplaced."""

    __tablename__ = "meeting"
    STATE_ENUM = MeetingStatus
    TRANSITIONS = MEETING_TRANSITIONS
    STATE_NOUN = _l("the meeting")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    request_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("meeting_request.id", ondelete="SET NULL"), unique=True
    )
    a_registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    b_registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    slot_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("meeting_slot.id", ondelete="SET NULL"), index=True
    )
    table_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("meeting_table.id", ondelete="SET NULL")
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="published")
    source: so.Mapped[str] = so.mapped_column(sa.String(32), default="request")
    # Why the scheduler could not place it (a matching.meetings REASON_* code).
    unplaced_reason: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    held_a: so.Mapped[bool | None]
    held_b: so.Mapped[bool | None]
    next_step_a: so.Mapped[bool | None]
    next_step_b: so.Mapped[bool | None]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    request: so.Mapped[MeetingRequest | None] = so.relationship(back_populates="meeting")
    a: so.Mapped[Registration] = so.relationship(foreign_keys=[a_registration_id])
    b: so.Mapped[Registration] = so.relationship(foreign_keys=[b_registration_id])
    slot: so.Mapped[MeetingSlot | None] = so.relationship()
    table: so.Mapped[MeetingTable | None] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint(_in("status", MEETING_STATUSES), name="status"),
        sa.CheckConstraint("a_registration_id <> b_registration_id", name="not_self"),
        # A table holds one meeting per slot (NULLs, i.e. unplaced meetings, never clash).
        sa.UniqueConstraint("slot_id", "table_id"),
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.a_registration_id}+{self.b_registration_id}>"

    def publish(self) -> None:
        self.update_state(MeetingStatus.PUBLISHED)

    def cancel(self) -> None:
        """Cancel and free the slot and table for another meeting."""
        self.update_state(MeetingStatus.CANCELLED)
        self.slot_id = self.table_id = None

    def other(self, reg_id: int) -> Registration:
        return self.b if reg_id == self.a_registration_id else self.a

    def side(self, reg_id: int) -> str | None:
        if reg_id == self.a_registration_id:
            return "a"
        if reg_id == self.b_registration_id:
            return "b"
        return None


class Unavailability(db.Model):
    """A participant blocked a slot: nothing is placed there for them."""

    __tablename__ = "meeting_unavailability"

    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting_slot.id", ondelete="CASCADE"), primary_key=True
    )

    def __repr__(self) -> str:
        return f"<Unavailability {self.registration_id}@{self.slot_id}>"


class MeetingMark(db.Model):
    """A participant's note about another: must meet, or no thanks (hidden from suggestions)."""

    __tablename__ = "meeting_mark"

    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    other_registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.CheckConstraint(_in("kind", MARK_KINDS), name="kind"),)

    def __repr__(self) -> str:
        return f"<MeetingMark {self.registration_id}->{self.other_registration_id} {self.kind}>"
