"""Status values as enums and the transitions each model allows, in the manner of Indico's
`update_state`: services call a model's transition methods, which refuse invalid changes.

The enums are StrEnums stored as the same strings the columns always held, so comparing a
column with a plain string keeps working and no stored value changes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from flask_babel import lazy_gettext as _l

from matchmaker.services.errors import InvalidTransition


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    PENDING = "pending"  # an outsider has not yet confirmed the e-mail address; holds no seat
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class SeatStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class MembershipStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class OrgStatus(StrEnum):
    """A user's standing in their organisation: a join request waits for its admins."""

    ACTIVE = "active"
    PENDING = "pending"
    DECLINED = "declined"


class StandStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CONFIRMED = "confirmed"


class InterestStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class ContactStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class LeadStage(StrEnum):
    """A company being attracted to the region: from identified to the locating decision."""

    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    MEETING = "meeting"
    SITE_VISIT = "site_visit"
    LOCATED = "located"
    NOT_LOCATED = "not_located"


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The stored strings, in declaration order (for CHECK constraints and choices)."""
    return tuple(m.value for m in enum)


def check_in(column: str, enum: type[StrEnum]) -> str:
    """SQL for a CHECK constraint that allows exactly the enum's values."""
    return f"{column} IN ({', '.join(repr(v) for v in values(enum))})"


class Stateful:
    """Mixin: `STATE_FIELD` changes only along `TRANSITIONS` (state -> states it may become).

    A new object whose state is still unset counts as being in the column's default state.
    """

    STATE_FIELD: ClassVar[str] = "status"
    STATE_ENUM: ClassVar[type[StrEnum]]
    TRANSITIONS: ClassVar[dict[StrEnum, frozenset[StrEnum]]]
    STATE_NOUN: ClassVar[object]  # lazily translated noun: "the registration"

    @property
    def state(self) -> StrEnum:
        raw = getattr(self, self.STATE_FIELD)
        if raw is None:
            raw = self.__table__.c[self.STATE_FIELD].default.arg  # type: ignore[attr-defined]
        return self.STATE_ENUM(raw)

    def can_become(self, new: StrEnum) -> bool:
        return self.STATE_ENUM(new) in self.TRANSITIONS.get(self.state, frozenset())

    def update_state(self, new: StrEnum, *, only_from: tuple[StrEnum, ...] = ()) -> None:
        """Move to `new` or raise InvalidTransition (a Conflict the views and API show).
        `only_from` narrows the allowed starting states for this particular change."""
        new = self.STATE_ENUM(new)
        if not self.can_become(new) or (only_from and self.state not in only_from):
            labels = STATE_LABELS[self.STATE_ENUM]
            raise InvalidTransition(
                _l(
                    "Not possible: %(what)s is “%(current)s” and cannot become “%(new)s”.",
                    what=self.STATE_NOUN,
                    current=labels.get(self.state, self.state.value),
                    new=labels.get(new, new.value),
                )
            )
        setattr(self, self.STATE_FIELD, new.value)


def _edges(pairs: dict[StrEnum, tuple[StrEnum, ...]]) -> dict[StrEnum, frozenset[StrEnum]]:
    return {k: frozenset(v) for k, v in pairs.items()}


E, R, S, Q, M = EventStatus, RegistrationStatus, SeatStatus, RequestStatus, MeetingStatus
EVENT_TRANSITIONS = _edges({E.DRAFT: (E.PUBLISHED, E.CANCELLED), E.PUBLISHED: (E.CANCELLED,)})
REGISTRATION_TRANSITIONS = _edges(
    {
        R.PENDING: (R.CONFIRMED, R.WAITLISTED, R.CANCELLED),
        R.WAITLISTED: (R.CONFIRMED, R.CANCELLED),
        R.CONFIRMED: (R.CANCELLED,),
    }
)
SEAT_TRANSITIONS = _edges({S.WAITLISTED: (S.CONFIRMED,)})
REQUEST_TRANSITIONS = _edges({Q.REQUESTED: (Q.ACCEPTED, Q.DECLINED, Q.EXPIRED, Q.CANCELLED)})
MEETING_TRANSITIONS = _edges({M.DRAFT: (M.PUBLISHED, M.CANCELLED), M.PUBLISHED: (M.CANCELLED,)})
MEMBERSHIP_TRANSITIONS = _edges(
    {
        MembershipStatus.PENDING: (MembershipStatus.APPROVED, MembershipStatus.DECLINED),
        # An organisation may apply again after a decline; an import or a coordinator may
        # add it directly.
        MembershipStatus.DECLINED: (MembershipStatus.PENDING, MembershipStatus.APPROVED),
    }
)
ORG_STATUS_TRANSITIONS = _edges({OrgStatus.PENDING: (OrgStatus.ACTIVE, OrgStatus.DECLINED)})
STAND_TRANSITIONS = _edges(
    {
        StandStatus.OPEN: (StandStatus.CLOSED, StandStatus.CONFIRMED),
        StandStatus.CLOSED: (StandStatus.OPEN, StandStatus.CONFIRMED),
        StandStatus.CONFIRMED: (StandStatus.OPEN,),
    }
)
INTEREST_TRANSITIONS = _edges({InterestStatus.ACTIVE: (InterestStatus.WITHDRAWN,)})
CONTACT_TRANSITIONS = _edges(
    {ContactStatus.PENDING: (ContactStatus.ACCEPTED, ContactStatus.DECLINED)}
)
L = LeadStage
# Forward only, one or more steps (a company may agree to a site visit straight from the first
# call); "not located" ends any open stage, and a "no" may be reopened later as a new contact
# (the region asks again in a year). "Located" is final: it is the figure the funder counts.
LEAD_TRANSITIONS = _edges(
    {
        L.IDENTIFIED: (L.CONTACTED, L.NOT_LOCATED),
        L.CONTACTED: (L.MEETING, L.SITE_VISIT, L.NOT_LOCATED),
        L.MEETING: (L.SITE_VISIT, L.LOCATED, L.NOT_LOCATED),
        L.SITE_VISIT: (L.MEETING, L.LOCATED, L.NOT_LOCATED),
        L.NOT_LOCATED: (L.CONTACTED,),
    }
)
del E, R, S, Q, M, L

STATE_LABELS: dict[type[StrEnum], dict[StrEnum, object]] = {
    EventStatus: {
        EventStatus.DRAFT: _l("Draft"),
        EventStatus.PUBLISHED: _l("Published"),
        EventStatus.CANCELLED: _l("Cancelled"),
    },
    RegistrationStatus: {
        RegistrationStatus.PENDING: _l("Waiting for e-mail confirmation"),
        RegistrationStatus.CONFIRMED: _l("Confirmed"),
        RegistrationStatus.WAITLISTED: _l("On the waiting list"),
        RegistrationStatus.CANCELLED: _l("Cancelled"),
    },
    SeatStatus: {
        SeatStatus.CONFIRMED: _l("Confirmed"),
        SeatStatus.WAITLISTED: _l("On the waiting list"),
    },
    RequestStatus: {
        RequestStatus.REQUESTED: _l("Waiting for an answer"),
        RequestStatus.ACCEPTED: _l("Accepted"),
        RequestStatus.DECLINED: _l("Declined"),
        RequestStatus.EXPIRED: _l("Expired"),
        RequestStatus.CANCELLED: _l("Cancelled"),
    },
    MeetingStatus: {
        MeetingStatus.DRAFT: _l("Draft"),
        MeetingStatus.PUBLISHED: _l("Published"),
        MeetingStatus.CANCELLED: _l("Cancelled"),
    },
    MembershipStatus: {
        MembershipStatus.PENDING: _l("Waiting for approval"),
        MembershipStatus.APPROVED: _l("Member"),
        MembershipStatus.DECLINED: _l("Declined"),
    },
    OrgStatus: {
        OrgStatus.ACTIVE: _l("Active"),
        OrgStatus.PENDING: _l("Waiting for approval"),
        OrgStatus.DECLINED: _l("Declined"),
    },
    StandStatus: {
        StandStatus.OPEN: _l("Open for interest"),
        StandStatus.CLOSED: _l("Closed"),
        StandStatus.CONFIRMED: _l("Confirmed"),
    },
    InterestStatus: {
        InterestStatus.ACTIVE: _l("Active"),
        InterestStatus.WITHDRAWN: _l("Withdrawn"),
    },
    LeadStage: {
        LeadStage.IDENTIFIED: _l("Identified"),
        LeadStage.CONTACTED: _l("Contacted"),
        LeadStage.MEETING: _l("Meeting"),
        LeadStage.SITE_VISIT: _l("Site visit"),
        LeadStage.LOCATED: _l("Located"),
        LeadStage.NOT_LOCATED: _l("Not located"),
    },
    MilestoneStatus: {
        MilestoneStatus.PLANNED: _l("Planned"),
        MilestoneStatus.IN_PROGRESS: _l("In progress"),
        MilestoneStatus.DONE: _l("Done"),
    },
    ContactStatus: {
        ContactStatus.PENDING: _l("Waiting for an answer"),
        ContactStatus.ACCEPTED: _l("Accepted"),
        ContactStatus.DECLINED: _l("Declined"),
    },
}
