"""Events of a cluster: sessions, registrations with a waiting list, calendar feed tokens."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import (
    EVENT_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    SEAT_TRANSITIONS,
    EventStatus,
    RegistrationStatus,
    SeatStatus,
    Stateful,
    values,
)

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.clusters import Cluster
    from matchmaker.models.organisations import Organisation

EVENT_KINDS = ("seminar", "networking", "market_review", "webinar")
EVENT_STATUSES = values(EventStatus)
REGISTRATION_STATUSES = values(RegistrationStatus)
SEAT_STATUSES = values(SeatStatus)
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING.value,
    RegistrationStatus.CONFIRMED.value,
    RegistrationStatus.WAITLISTED.value,
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Event(Stateful, db.Model):
    __tablename__ = "event"
    STATE_ENUM = EventStatus
    TRANSITIONS = EVENT_TRANSITIONS
    STATE_NOUN = _l("the event")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), default="seminar")
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    venue: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    online_url: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    starts_at: so.Mapped[datetime] = so.mapped_column(index=True)
    ends_at: so.Mapped[datetime]
    registration_opens_at: so.Mapped[datetime | None]
    registration_deadline: so.Mapped[datetime | None]
    capacity: so.Mapped[int | None]  # None: no limit
    max_per_organisation: so.Mapped[int | None]
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="fi")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="draft")
    # Public events accept people from outside the cluster (they confirm their e-mail first).
    open_to_outsiders: so.Mapped[bool] = so.mapped_column(default=False)
    # iCalendar SEQUENCE: bumped whenever time, place or status change.
    sequence: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    cluster: so.Mapped[Cluster] = so.relationship()
    sessions: so.Mapped[list[EventSession]] = so.relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="EventSession.starts_at, EventSession.id",
    )
    registrations: so.WriteOnlyMapped[Registration] = so.relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        sa.CheckConstraint(_in("status", EVENT_STATUSES), name="status"),
        sa.CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
        sa.CheckConstraint(
            "max_per_organisation IS NULL OR max_per_organisation >= 1", name="max_per_org"
        ),
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status}>"

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    def publish(self) -> None:
        self.update_state(EventStatus.PUBLISHED)

    def cancel(self) -> None:
        """Cancel the event; calendars see the change through a new SEQUENCE."""
        self.update_state(EventStatus.CANCELLED)
        self.sequence = (self.sequence or 0) + 1


class EventSession(db.Model):
    """A session inside an event: a country session of a market review day, a workshop..."""

    __tablename__ = "event_session"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    country: so.Mapped[str | None] = so.mapped_column(sa.String(2))  # ISO 3166 alpha-2
    speaker: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    room: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    starts_at: so.Mapped[datetime]
    ends_at: so.Mapped[datetime]
    capacity: so.Mapped[int | None]

    event: so.Mapped[Event] = so.relationship(back_populates="sessions")

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
    )

    def __repr__(self) -> str:
        return f"<EventSession {self.id} event={self.event_id}>"

    def overlaps(self, other: EventSession) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class Registration(Stateful, db.Model):
    """One person at one event; several per organisation. Waiting list order is the id order."""

    __tablename__ = "registration"
    STATE_ENUM = RegistrationStatus
    TRANSITIONS = REGISTRATION_TRANSITIONS
    STATE_NOUN = _l("the registration")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    registered_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    # Outsiders give their organisation as text; members' comes from organisation_id.
    organisation_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    dietary: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="confirmed")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    confirmed_at: so.Mapped[datetime | None]
    cancelled_at: so.Mapped[datetime | None]
    attended_at: so.Mapped[datetime | None]
    reminder_sent_at: so.Mapped[datetime | None]

    event: so.Mapped[Event] = so.relationship(back_populates="registrations")
    organisation: so.Mapped[Organisation | None] = so.relationship()
    user: so.Mapped[User | None] = so.relationship(foreign_keys=[user_id])
    sessions: so.Mapped[list[RegistrationSession]] = so.relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(_in("status", REGISTRATION_STATUSES), name="status"),
        # The same person cannot hold two live registrations for one event; a cancelled
        # registration does not block signing up again.
        sa.Index(
            "uq_registration_event_email_active",
            "event_id",
            "email",
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        ),
        sa.Index("ix_registration_event_status", "event_id", "status"),
    )

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id} {self.status}>"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def confirm(self, now: datetime | None = None) -> None:
        """Give the person a seat (from the waiting list or on signing up)."""
        self.update_state(RegistrationStatus.CONFIRMED)
        self.confirmed_at = now or utcnow()

    def waitlist(self) -> None:
        self.update_state(RegistrationStatus.WAITLISTED)

    def cancel(self, now: datetime | None = None) -> None:
        """Free the seat and the session seats; a cancelled registration stays cancelled."""
        self.update_state(RegistrationStatus.CANCELLED)
        self.cancelled_at = now or utcnow()
        self.sessions.clear()


class RegistrationSession(Stateful, db.Model):
    """A session a registered person picked; seats per session, with its own waiting list."""

    __tablename__ = "registration_session"
    STATE_ENUM = SeatStatus
    TRANSITIONS = SEAT_TRANSITIONS
    STATE_NOUN = _l("the session seat")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("event_session.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="waitlisted")

    registration: so.Mapped[Registration] = so.relationship(back_populates="sessions")
    session: so.Mapped[EventSession] = so.relationship()

    __table_args__ = (
        sa.UniqueConstraint("registration_id", "session_id"),
        sa.CheckConstraint(_in("status", SEAT_STATUSES), name="status"),
    )

    def __repr__(self) -> str:
        return f"<RegistrationSession {self.registration_id}:{self.session_id} {self.status}>"

    def confirm(self) -> None:
        self.update_state(SeatStatus.CONFIRMED)


class CalendarToken(db.Model):
    """The secret in a user's personal calendar feed URL."""

    __tablename__ = "calendar_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )
    token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    user: so.Mapped[User] = so.relationship()

    def __repr__(self) -> str:
        return f"<CalendarToken user={self.user_id}>"
