"""Events, their sessions and registrations."""

from typing import Literal

from pydantic import Field

from matchmaker.api.schemas.base import Body, Id, Out, Query, Slug, Timestamp, bounded_text
from matchmaker.models.events import EVENT_KINDS, EVENT_STATUSES, SEAT_STATUSES


class EventsQuery(Query):
    cluster: Slug = Field("", description="Only this cluster's events (short name)")


class SessionOut(Out):
    id: int
    title: str
    country: str | None = Field(description="ISO 3166 code of a market review session")
    speaker: str
    room: str
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    capacity: int | None
    seats_left: int | None


class EventOut(Out):
    id: int
    cluster: str
    kind: Literal[EVENT_KINDS]
    title: str
    status: Literal[EVENT_STATUSES]
    starts_at: Timestamp
    ends_at: Timestamp | None
    venue: str
    online_url: str
    language: str
    registration_opens_at: Timestamp | None
    registration_deadline: Timestamp | None
    capacity: int | None
    max_per_organisation: int | None
    open_to_outsiders: bool
    seats_left: int | None


class EventDetail(EventOut):
    description: str
    waitlisted: int
    sessions: list[SessionOut]


class EventList(Out):
    items: list[EventOut]


class RegistrationIn(Body):
    name: bounded_text(200, min_length=1) = Field(description="The participant")
    email: bounded_text(254, min_length=3)
    session_ids: list[Id] = Field(default_factory=list, max_length=50)
    dietary: bounded_text(500) = ""
    note: bounded_text(2000) = ""


class RegistrationOut(Out):
    id: int
    status: Literal[SEAT_STATUSES]
    position: int | None = Field(description="Place on the waiting list")


class CancelOut(Out):
    id: int
    status: str
