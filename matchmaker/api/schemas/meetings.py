"""One-to-one meetings and meeting requests."""

from typing import Literal

from pydantic import Field

from matchmaker.api.schemas.base import Body, Id, Out, Timestamp, bounded_text
from matchmaker.models.meetings import REQUEST_STATUSES


class PersonOut(Out):
    registration_id: int
    name: str
    organisation: str
    organisation_id: int | None


class MeetingOut(Out):
    id: int
    status: str
    with_: PersonOut = Field(alias="with")
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    table: str | None
    request_id: int | None
    unplaced_reason: str | None


class MeetingList(Out):
    event_id: int
    items: list[MeetingOut]


class MeetingRequestIn(Body):
    to_registration_id: Id = Field(description="The other participant's registration")
    message: bounded_text(1000) = ""


class MeetingRequestOut(Out):
    id: int
    event_id: int
    from_: PersonOut = Field(alias="from")
    to: PersonOut
    message: str
    status: Literal[REQUEST_STATUSES]
    created_at: Timestamp
    expires_at: Timestamp | None
    meeting: MeetingOut | None = Field(None, description="When an accept placed the meeting")
