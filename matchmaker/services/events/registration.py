"""Events: who sees and manages them, signup with a waiting list, cancellation and promotion.

Seat rules are decided inside the transaction after the event row is locked, so two signups
for the last seat cannot both see it free: on PostgreSQL ``SELECT ... FOR UPDATE`` on the event
row, on SQLite a write to that row first (SQLite lets one writer in at a time, and a write
transaction started that way sees the newest data). Services flush, never commit; mail is
queued with the transaction and delivered only after the caller commits.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Event,
    EventSession,
    Organisation,
    Registration,
    RegistrationSession,
    User,
    utcnow,
)
from matchmaker.models.events import ACTIVE_STATUSES, EVENT_KINDS
from matchmaker.services import audit, calendar, mail, matching
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from matchmaker.services.reference import country_codes

log = logging.getLogger(__name__)

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Only the control path (lock=False) sleeps between counting and inserting, so the tests can
# show that without the lock the race is real.
RACE_WINDOW_SECONDS = 0.05
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "venue",
    "online_url",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_deadline",
    "capacity",
    "max_per_organisation",
    "language",
    "open_to_outsiders",
)
# Changes to these tell registered people that their calendar entry moved.
_SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


# --- who may see and manage -------------------------------------------------------------


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_manage(user, cluster_id: int) -> bool:
    return _is_user(user) and user.coordinates(cluster_id)


def can_view(user, event: Event) -> bool:
    """Published and cancelled events are public announcements; drafts are for coordinators."""
    return event.status != "draft" or can_manage(user, event.cluster_id)


def require_manage(user, cluster_id: int) -> None:
    if not can_manage(user, cluster_id):
        raise PermissionDenied(_l("Only the cluster's coordinators can manage its events."))


def get_visible(user, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not can_view(user, event):
        raise NotFound(_l("No such event."))
    return event


def is_member(user, cluster_id: int) -> bool:
    """Acting for an organisation that is an approved member of the cluster."""
    if not _is_user(user) or not user.active_organisation_id:
        return False
    org = user.organisation
    return org is not None and cluster_id in org.approved_cluster_ids()


def events_of(cluster: Cluster, viewer, *, past: bool = False) -> list[Event]:
    now = utcnow()
    query = sa.select(Event).where(Event.cluster_id == cluster.id)
    if not can_manage(viewer, cluster.id):
        query = query.where(Event.status != "draft")
    if past:
        query = query.where(Event.ends_at < now).order_by(Event.starts_at.desc())
    else:
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at)
    return list(db.session.scalars(query))


def published_events(cluster: Cluster) -> list[Event]:
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.cluster_id == cluster.id, Event.status != "draft")
            .order_by(Event.starts_at)
        )
    )


# --- creating and changing events -------------------------------------------------------


def _text(value, limit: int) -> str:
    return ("" if value is None else str(value)).replace("\r\n", "\n").strip()[:limit]


def _optional_int(value, field: str, errors: dict, low: int):
    if value in (None, ""):
        return None
    try:
        number = int(value)
        if isinstance(value, bool | float) or number < low:
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_l("Enter a whole number, %(n)d or more.", n=low))
        return None
    return number


def _datetime(value, field: str, errors: dict, required: bool) -> datetime | None:
    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append(_l("Enter a date and time."))
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else _to_utc(value)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        errors.setdefault(field, []).append(_l("Enter a date and time."))
        return None
    return _to_utc(parsed) if parsed.tzinfo else parsed


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def validate_event(data: dict) -> dict:
    """Check and clean event fields (times naive UTC); all problems at once."""
    errors: dict[str, list] = {}
    clean: dict = {}
    unknown = set(data) - set(EVENT_FIELDS)
    for field in sorted(unknown):
        errors.setdefault(field, []).append(_l("Unknown field."))
    clean["title"] = _text(data.get("title"), 200)
    if not clean["title"]:
        errors.setdefault("title", []).append(_l("Enter a title."))
    clean["kind"] = data.get("kind") or "seminar"
    if clean["kind"] not in EVENT_KINDS:
        errors.setdefault("kind", []).append(_l("Choose one of the listed kinds."))
    clean["description"] = _text(data.get("description"), 10000)
    clean["venue"] = _text(data.get("venue"), 300)
    clean["online_url"] = _text(data.get("online_url"), 500)
    if clean["online_url"] and not clean["online_url"].startswith(("https://", "http://")):
        errors.setdefault("online_url", []).append(_l("Enter a web address starting https://."))
    clean["language"] = _text(data.get("language") or "fi", 8)
    clean["open_to_outsiders"] = bool(data.get("open_to_outsiders"))
    for field, required in (
        ("starts_at", True),
        ("ends_at", True),
        ("registration_opens_at", False),
        ("registration_deadline", False),
    ):
        clean[field] = _datetime(data.get(field), field, errors, required)
    if clean["starts_at"] and clean["ends_at"] and clean["ends_at"] < clean["starts_at"]:
        errors.setdefault("ends_at", []).append(_l("The event cannot end before it starts."))
    deadline, opens = clean["registration_deadline"], clean["registration_opens_at"]
    if deadline and opens and deadline < opens:
        errors.setdefault("registration_deadline", []).append(
            _l("Registration cannot close before it opens.")
        )
    clean["capacity"] = _optional_int(data.get("capacity"), "capacity", errors, 0)
    clean["max_per_organisation"] = _optional_int(
        data.get("max_per_organisation"), "max_per_organisation", errors, 1
    )
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return clean


def create_event(actor, cluster: Cluster, data: dict) -> Event:
    require_manage(actor, cluster.id)
    event = Event(cluster=cluster, status="draft", **validate_event(data))
    db.session.add(event)
    db.session.flush()
    return event


def update_event(actor, event: Event, data: dict) -> Event:
    """Save changes; people registered hear about a new time or place, with a new .ics."""
    require_manage(actor, event.cluster_id)
    clean = validate_event(data)
    locked = _lock_event(event.id)
    taken = _count(locked.id, "confirmed")
    if clean["capacity"] is not None and clean["capacity"] < taken:
        # Seats already given are not taken back; cancel people first if needed.
        raise DomainError(
            _l("%(n)d people already have a seat: the event needs at least that many.", n=taken),
            field="capacity",
        )
    moved = any(getattr(locked, f) != clean[f] for f in _SCHEDULE_FIELDS)
    for key, value in clean.items():
        setattr(locked, key, value)
    if moved:
        locked.sequence += 1
    db.session.flush()
    if locked.is_published:
        if moved:
            for reg in _active_registrations(locked, ("confirmed", "waitlisted")):
                _notify(reg, "event_changed", ics=reg.status == "confirmed")
        _fill_seats(locked)
    return locked


def duplicate_event(actor, event: Event) -> Event:
    """A draft copy with the same sessions, for next year's edition or a second round."""
    require_manage(actor, event.cluster_id)
    copy = Event(
        cluster_id=event.cluster_id,
        status="draft",
        title=str(_l("%(title)s (copy)", title=event.title))[:200],
        **{f: getattr(event, f) for f in EVENT_FIELDS if f != "title"},
    )
    for s in event.sessions:
        copy.sessions.append(
            EventSession(
                title=s.title,
                country=s.country,
                speaker=s.speaker,
                room=s.room,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                capacity=s.capacity,
            )
        )
    db.session.add(copy)
    db.session.flush()
    return copy


def publish_event(actor, event: Event) -> None:
    require_manage(actor, event.cluster_id)
    if event.status != "draft":
        raise Conflict(_l("Only a draft can be published."))
    event.status = "published"


def cancel_event(actor, event: Event) -> int:
    """Cancel the event and tell everyone registered; returns how many were told."""
    require_manage(actor, event.cluster_id)
    locked = _lock_event(event.id)
    if locked.is_cancelled:
        raise Conflict(_l("The event is already cancelled."))
    locked.status = "cancelled"
    locked.sequence += 1
    told = 0
    for reg in _active_registrations(locked, ACTIVE_STATUSES):
        if reg.status != "pending":
            _notify(reg, "event_cancelled", ics=True, ics_cancelled=True)
            told += 1
    db.session.flush()
    return told


def validate_session(event: Event, data: dict) -> dict:
    errors: dict[str, list] = {}
    clean = {
        "title": _text(data.get("title"), 200),
        "speaker": _text(data.get("speaker"), 200),
        "room": _text(data.get("room"), 100),
        "country": (_text(data.get("country"), 2).upper() or None),
    }
    if not clean["title"]:
        errors.setdefault("title", []).append(_l("Enter a title."))
    if clean["country"] and clean["country"] not in country_codes():
        errors.setdefault("country", []).append(_l("Choose a country from the list."))
    clean["starts_at"] = _datetime(data.get("starts_at"), "starts_at", errors, True)
    clean["ends_at"] = _datetime(data.get("ends_at"), "ends_at", errors, True)
    if clean["starts_at"] and clean["ends_at"] and clean["ends_at"] <= clean["starts_at"]:
        errors.setdefault("ends_at", []).append(_l("The session must end after it starts."))
    clean["capacity"] = _optional_int(data.get("capacity"), "capacity", errors, 0)
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return clean


def save_session(actor, event: Event, data: dict, item: EventSession | None = None):
    require_manage(actor, event.cluster_id)
    clean = validate_session(event, data)
    if item is None:
        item = EventSession(event=event, **clean)
        db.session.add(item)
    else:
        for key, value in clean.items():
            setattr(item, key, value)
    db.session.flush()
    return item


def delete_session(actor, item: EventSession) -> None:
    require_manage(actor, item.event.cluster_id)
    db.session.delete(item)


# --- locking and counting ---------------------------------------------------------------


def _lock_event(event_id: int) -> Event:
    """Lock the event row first in the transaction, then read it afresh."""
    if db.session.get_bind().dialect.name == "sqlite":
        # A write starts SQLite's write transaction: other writers wait (busy_timeout) here.
        db.session.execute(
            sa.update(Event)
            .where(Event.id == event_id)
            .values(updated_at=Event.updated_at)
            .execution_options(synchronize_session=False)
        )
    event = db.session.scalars(
        sa.select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if event is None:
        raise NotFound(_l("No such event."))
    return event


def _count(event_id: int, *statuses: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event_id, Registration.status.in_(statuses)
        )
    )


def confirmed_count(event: Event) -> int:
    return _count(event.id, "confirmed")


def waitlist_count(event: Event) -> int:
    return _count(event.id, "waitlisted")


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - confirmed_count(event))


def session_confirmed_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(RegistrationSession.session_id, sa.func.count(RegistrationSession.id))
        .join(EventSession, EventSession.id == RegistrationSession.session_id)
        .where(EventSession.event_id == event.id, RegistrationSession.status == "confirmed")
        .group_by(RegistrationSession.session_id)
    )
    return {sid: n for sid, n in rows}


def session_seats_left(event: Event) -> dict[int, int | None]:
    taken = session_confirmed_counts(event)
    return {
        s.id: None if s.capacity is None else max(0, s.capacity - taken.get(s.id, 0))
        for s in event.sessions
    }


def waitlist_position(reg: Registration) -> int | None:
    if reg.status != "waitlisted":
        return None
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == reg.event_id,
            Registration.status == "waitlisted",
            Registration.id <= reg.id,
        )
    )


def session_waitlist_position(item: RegistrationSession) -> int | None:
    if item.status != "waitlisted" or item.registration.status != "confirmed":
        return None
    return db.session.scalar(
        sa.select(sa.func.count(RegistrationSession.id))
        .join(Registration, Registration.id == RegistrationSession.registration_id)
        .where(
            RegistrationSession.session_id == item.session_id,
            RegistrationSession.status == "waitlisted",
            Registration.status == "confirmed",
            RegistrationSession.id <= item.id,
        )
    )


def _active_registrations(event: Event, statuses) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status.in_(statuses))
            .order_by(Registration.id)
            .execution_options(populate_existing=True)
        )
    )


# --- signing up -------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    email: str
    dietary: str = ""
    note: str = ""
    organisation_name: str = ""


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def _check_person(person: Person) -> Person:
    errors: dict[str, list] = {}
    name = _text(person.name, 200)
    email = normalise_email(person.email)
    if not name:
        errors["name"] = [_l("Enter the participant's name.")]
    if not _EMAIL_RE.match(email) or len(email) > 254:
        errors["email"] = [_l("Enter a valid e-mail address.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return Person(
        name=name,
        email=email,
        dietary=_text(person.dietary, 500),
        note=_text(person.note, 2000),
        organisation_name=_text(person.organisation_name, 200),
    )


def _check_open(event: Event, now: datetime) -> None:
    if not event.is_published:
        raise DomainError(_l("This event is not open for registration."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise DomainError(_l("Registration has not opened yet."))
    deadline = event.registration_deadline or event.starts_at
    if now > deadline:
        raise DomainError(_l("The registration deadline has passed."))


def registration_open(event: Event, now: datetime | None = None) -> bool:
    try:
        _check_open(event, now or utcnow())
    except DomainError:
        return False
    return True


def _check_sessions(event: Event, session_ids) -> list[EventSession]:
    wanted = {int(i) for i in session_ids or ()}
    chosen = [s for s in event.sessions if s.id in wanted]
    if len(chosen) != len(wanted):
        raise DomainError(_l("Choose sessions of this event only."), field="session_ids")
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            if a.overlaps(b):
                raise DomainError(
                    _l(
                        "“%(a)s” and “%(b)s” take place at the same time: choose one.",
                        a=a.title,
                        b=b.title,
                    ),
                    field="session_ids",
                )
    return chosen


def signup(
    actor: User,
    event: Event,
    person: Person,
    session_ids=(),
    *,
    lock: bool = True,
) -> Registration:
    """A member registers themself or a colleague: confirmed while seats remain, else waitlisted.

    With ``lock=False`` (the tests' control run only) the seat count is read without the row
    lock and a short pause follows, which is how concurrent requests overbook.
    """
    if not is_member(actor, event.cluster_id):
        raise PermissionDenied(
            _l("Only people of the cluster's member organisations can register here.")
        )
    person = _check_person(person)
    org_id = actor.active_organisation_id
    same = db.session.scalar(sa.select(User).where(User.email == person.email))
    if same is not None and same.organisation_id != org_id:
        raise PermissionDenied(
            _l("You can register only yourself and colleagues of your organisation."),
            field="email",
        )
    chosen = _check_sessions(event, session_ids)
    if lock:
        event = _lock_event(event.id)
    now = utcnow()
    _check_open(event, now)
    _check_duplicate(event, person.email)
    if event.max_per_organisation is not None:
        used = db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(
                Registration.event_id == event.id,
                Registration.organisation_id == org_id,
                Registration.status.in_(ACTIVE_STATUSES),
            )
        )
        if used >= event.max_per_organisation:
            raise DomainError(
                _l(
                    "Your organisation already has %(n)d people registered, the most allowed.",
                    n=event.max_per_organisation,
                )
            )
    reg = Registration(
        event_id=event.id,
        organisation_id=org_id,
        user_id=same.id if same is not None else None,
        registered_by_id=actor.id,
        name=person.name,
        email=person.email,
        dietary=person.dietary,
        note=person.note,
        status="pending",
    )
    _take_seat(event, reg, chosen, race=not lock)
    audit.record(
        "registration.created",
        actor=actor,
        cluster=event.cluster,
        organisation=reg.organisation,
        details={"event": event.id, "registration": reg.id, "status": reg.status},
    )
    _notify_signup(reg)
    return reg


def _check_duplicate(event: Event, email: str) -> None:
    existing = db.session.scalar(
        sa.select(Registration.id).where(
            Registration.event_id == event.id,
            Registration.email == email,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )
    if existing is not None:
        raise Conflict(_l("This person is already registered for the event."), field="email")


def _take_seat(event: Event, reg: Registration, chosen, *, race: bool = False) -> None:
    """Confirm or waitlist `reg` (under the caller's lock) and insert it with its sessions."""
    confirmed = _count(event.id, "confirmed")
    if race:
        time.sleep(RACE_WINDOW_SECONDS)
    if event.capacity is None or confirmed < event.capacity:
        reg.status = "confirmed"
        reg.confirmed_at = utcnow()
    else:
        reg.status = "waitlisted"
    for s in chosen:
        reg.sessions.append(RegistrationSession(session_id=s.id, status="waitlisted"))
    db.session.add(reg)
    try:
        db.session.flush()
    except IntegrityError as exc:
        # The partial unique index caught a duplicate the check above could not see
        # (only possible without the lock). The transaction is unusable now.
        db.session.rollback()
        raise Conflict(
            _l("This person is already registered for the event."), field="email"
        ) from exc
    if reg.status == "confirmed":
        _fill_sessions({s.id for s in chosen})


def _fill_seats(event: Event) -> list[Registration]:
    """Promote waitlisted people in order while seats remain (caller holds the lock)."""
    promoted: list[Registration] = []
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _count(event.id, "confirmed")
        if free <= 0:
            return promoted
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "waitlisted")
        .order_by(Registration.id)
        .limit(free)
        .execution_options(populate_existing=True)
    ).all()
    for reg in waiting:
        reg.status = "confirmed"
        reg.confirmed_at = utcnow()
        promoted.append(reg)
    db.session.flush()
    sessions = {rs.session_id for reg in promoted for rs in reg.sessions}
    _fill_sessions(sessions)
    for reg in promoted:
        _notify(reg, "event_promoted", ics=True)
    return promoted


def _fill_sessions(session_ids) -> None:
    """Give free session seats to confirmed participants in the order they asked."""
    for sid in sorted(session_ids):
        session = db.session.get(EventSession, sid)
        if session is None:
            continue
        query = (
            sa.select(RegistrationSession)
            .join(Registration, Registration.id == RegistrationSession.registration_id)
            .where(
                RegistrationSession.session_id == sid,
                RegistrationSession.status == "waitlisted",
                Registration.status == "confirmed",
            )
            .order_by(RegistrationSession.id)
            .execution_options(populate_existing=True)
        )
        if session.capacity is not None:
            taken = db.session.scalar(
                sa.select(sa.func.count(RegistrationSession.id)).where(
                    RegistrationSession.session_id == sid,
                    RegistrationSession.status == "confirmed",
                )
            )
            free = session.capacity - taken
            if free <= 0:
                continue
            query = query.limit(free)
        for item in db.session.scalars(query).all():
            item.status = "confirmed"
    db.session.flush()


# --- cancelling and moving --------------------------------------------------------------


def can_act_for(user, reg: Registration) -> bool:
    """Coordinators, the person themself, and colleagues of the registering organisation."""
    if not _is_user(user):
        return False
    if user.coordinates(reg.event.cluster_id):
        return True
    if reg.user_id == user.id or normalise_email(user.email) == reg.email:
        return True
    return reg.organisation_id is not None and user.active_organisation_id == reg.organisation_id


def cancel_registration(actor, reg: Registration, *, lock: bool = True) -> list[Registration]:
    """Free the seat and promote the first waitlisted person at once; returns who moved up."""
    if not can_act_for(actor, reg):
        raise PermissionDenied(_l("You cannot cancel this registration."))
    promoted = _cancel(reg, lock=lock)
    audit.record(
        "registration.cancelled",
        actor=actor,
        cluster=reg.event.cluster,
        organisation=reg.organisation,
        details={"event": reg.event_id, "registration": reg.id, "promoted": len(promoted)},
    )
    return promoted


def _cancel(reg: Registration, *, lock: bool = True) -> list[Registration]:
    event = _lock_event(reg.event_id) if lock else reg.event
    db.session.refresh(reg)  # re-read under the lock: someone may have cancelled it already
    if reg.status == "cancelled":
        raise Conflict(_l("This registration is already cancelled."))
    was_confirmed = reg.status == "confirmed"
    freed = {rs.session_id for rs in reg.sessions if rs.status == "confirmed"}
    notify = reg.status != "pending"
    reg.status = "cancelled"
    reg.cancelled_at = utcnow()
    reg.sessions.clear()
    db.session.flush()
    if notify:
        _notify(reg, "event_registration_cancelled", ics=was_confirmed, ics_cancelled=True)
    promoted = _fill_seats(event) if was_confirmed and event.is_published else []
    _fill_sessions(freed)
    return promoted


def confirm_from_waitlist(actor, reg: Registration) -> bool:
    """A coordinator moves someone off the waiting list by hand. When the event is full this
    adds a seat (capacity + 1), so confirmed never exceeds capacity. Returns True if it did."""
    require_manage(actor, reg.event.cluster_id)
    event = _lock_event(reg.event_id)
    db.session.refresh(reg)
    if reg.status != "waitlisted":
        raise Conflict(_l("Only someone on the waiting list can be moved."))
    added = False
    if event.capacity is not None and _count(event.id, "confirmed") >= event.capacity:
        event.capacity += 1
        added = True
    reg.status = "confirmed"
    reg.confirmed_at = utcnow()
    db.session.flush()
    _fill_sessions({rs.session_id for rs in reg.sessions})
    audit.record(
        "registration.moved",
        actor=actor,
        cluster=event.cluster,
        organisation=reg.organisation,
        details={"event": event.id, "registration": reg.id, "seat_added": added},
    )
    _notify(reg, "event_promoted", ics=True)
    return added


def set_attended(actor, reg: Registration, attended: bool) -> None:
    require_manage(actor, reg.event.cluster_id)
    if reg.status != "confirmed":
        raise Conflict(_l("Only confirmed participants can be checked in."))
    reg.attended_at = utcnow() if attended else None


# --- outsiders --------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="matchmaker-event-guest")


def outsider_signup(event: Event, person: Person, session_ids=()) -> Registration:
    """Someone outside the cluster asks for a seat at a public event. Nothing is reserved
    until they open the link we mail them, so typos and bots cannot fill the seats."""
    if not event.open_to_outsiders:
        raise PermissionDenied(_l("This event is for the cluster's members only."))
    person = _check_person(person)
    chosen = _check_sessions(event, session_ids)
    _check_open(event, utcnow())
    existing = db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == person.email,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )
    if existing is not None and existing.status != "pending":
        raise Conflict(_l("This person is already registered for the event."), field="email")
    if existing is None:
        existing = Registration(event_id=event.id, status="pending", email=person.email)
        db.session.add(existing)
    existing.name = person.name
    existing.organisation_name = person.organisation_name
    existing.dietary = person.dietary
    existing.note = person.note
    existing.sessions = [RegistrationSession(session_id=s.id, status="waitlisted") for s in chosen]
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(
            _l("This person is already registered for the event."), field="email"
        ) from exc
    token = _serializer().dumps({"r": existing.id, "e": existing.email})
    mail.send_template(
        existing.email,
        "event_confirm_email",
        event.language,
        event=event,
        registration=existing,
        link=url_for("events.confirm_guest", token=token, _external=True),
    )
    return existing


def confirm_outsider(token: str) -> Registration:
    try:
        data = _serializer().loads(token, max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise DomainError(_l("This confirmation link has expired. Register again.")) from exc
    except BadSignature as exc:
        raise DomainError(_l("This confirmation link is not valid.")) from exc
    reg = db.session.get(Registration, data.get("r"))
    if reg is None or reg.email != data.get("e"):
        raise DomainError(_l("This confirmation link is not valid."))
    event = _lock_event(reg.event_id)
    db.session.refresh(reg)
    if reg.status != "pending":
        return reg  # opened twice: the first click already decided
    _check_open(event, utcnow())
    chosen = [rs.session for rs in reg.sessions]
    reg.sessions.clear()
    db.session.flush()
    _take_seat(event, reg, chosen)
    _notify_signup(reg)
    return reg


# --- mail -------------------------------------------------------------------------------


def _locale_for(reg: Registration) -> str | None:
    if reg.user is not None and reg.user.locale:
        return reg.user.locale
    return reg.event.language or None


def _notify(reg: Registration, template: str, *, ics: bool = False, ics_cancelled=False):
    event = reg.event
    attachments = None
    if ics:
        attachments = [
            {
                "filename": "event.ics",
                "mimetype": "text/calendar",
                "content": calendar.event_ics(event, cancelled=ics_cancelled or event.is_cancelled),
            }
        ]
    mail.send_template(
        reg.email,
        template,
        _locale_for(reg),
        attachments=attachments,
        event=event,
        registration=reg,
        position=waitlist_position(reg),
        link=url_for("events.show", event_id=event.id, _external=True),
    )


def _notify_signup(reg: Registration) -> None:
    if reg.status == "confirmed":
        _notify(reg, "event_confirmed", ics=True)
    else:
        _notify(reg, "event_waitlisted")


def send_reminders(now: datetime | None = None, within: timedelta = timedelta(hours=24)) -> int:
    """Remind confirmed people of events starting within 24 h, once each: the conditional
    UPDATE claims a registration, so overlapping runs never send twice."""
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(Registration.id)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Event.status == "published",
            Event.starts_at > now,
            Event.starts_at <= now + within,
            Registration.status == "confirmed",
            Registration.reminder_sent_at.is_(None),
        )
        .order_by(Registration.id)
    ).all()
    sent = 0
    for reg_id in candidates:
        claimed = db.session.execute(
            sa.update(Registration)
            .where(Registration.id == reg_id, Registration.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            _notify(db.session.get(Registration, reg_id), "event_reminder", ics=True)
            sent += 1
    return sent


# --- what members and coordinators see --------------------------------------------------


def registrations_of_org(event: Event, org_id: int | None) -> list[Registration]:
    if org_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.organisation_id == org_id,
                Registration.status != "cancelled",
            )
            .order_by(Registration.id)
        )
    )


def registrations_for_viewer(event: Event, user) -> list[Registration]:
    """The viewer's own registration and those of their organisation."""
    if not _is_user(user):
        return []
    regs = {r.id: r for r in registrations_of_org(event, user.active_organisation_id)}
    own = db.session.scalars(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == normalise_email(user.email),
            Registration.status != "cancelled",
        )
    )
    for r in own:
        regs.setdefault(r.id, r)
    return sorted(regs.values(), key=lambda r: r.id)


def all_registrations(event: Event, statuses=ACTIVE_STATUSES) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status.in_(statuses))
            .order_by(Registration.id)
        )
    )


def counts_by_organisation(event: Event) -> list[tuple[str, int]]:
    counter: Counter = Counter()
    for reg in all_registrations(event, ("confirmed",)):
        counter[organisation_label(reg)] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def organisation_label(reg: Registration) -> str:
    if reg.organisation is not None:
        return reg.organisation.name
    return reg.organisation_name or str(_l("(outside the cluster)"))


def recommended_session_ids(event: Event, org: Organisation | None) -> set[int]:
    """Sessions whose country is one of the organisation's target or export markets."""
    if org is None:
        return set()
    markets = set(org.target_markets) | set(org.export_markets)
    return {s.id for s in event.sessions if s.country and s.country in markets}


# An event fits an organisation when the organisation is among the best-fitting fifth of all
# organisations for the event's text, or the event has a session in one of its markets.
PROFILE_FIT_SHARE = 0.2


def event_text(event: Event) -> str:
    return "\n".join([event.title, event.description or "", *(s.title for s in event.sessions)])


def fitting_events(events: list[Event], org: Organisation | None) -> dict[int, float]:
    """Events that fit the organisation's profile, with their fit score (matching index)."""
    if org is None or not events:
        return {}
    fits = matching.profile_fit(org, {e.id: event_text(e) for e in events})
    out = {
        k: score for k, (score, share) in fits.items() if score > 0 and share <= PROFILE_FIT_SHARE
    }
    for event in events:
        if event.id not in out and recommended_session_ids(event, org):
            out[event.id] = fits.get(event.id, (0.0, 1.0))[0]
    return out


def checkin_list(event: Event, q: str = "") -> list[Registration]:
    regs = all_registrations(event, ("confirmed",))
    q = (q or "").strip().lower()
    if q:
        regs = [r for r in regs if q in r.name.lower() or q in organisation_label(r).lower()]
    return sorted(regs, key=lambda r: r.name.lower())


def registration_or_404(reg_id: int) -> Registration:
    reg = db.session.get(Registration, reg_id)
    if reg is None:
        raise NotFound(_l("No such registration."))
    return reg
