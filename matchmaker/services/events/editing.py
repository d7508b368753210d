"""Events: creating, changing, copying, publishing and cancelling events and their sessions."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Cluster, Event, EventSession
from matchmaker.models.events import ACTIVE_STATUSES, EVENT_KINDS
from matchmaker.services import locking
from matchmaker.services.errors import Conflict, DomainError
from matchmaker.services.events.notifications import _notify
from matchmaker.services.events.seats import _active_registrations, _count, _fill_seats
from matchmaker.services.permissions import require_coordinator
from matchmaker.services.reference import country_codes

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


def clean_text(value, limit: int) -> str:
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
    clean["title"] = clean_text(data.get("title"), 200)
    if not clean["title"]:
        errors.setdefault("title", []).append(_l("Enter a title."))
    clean["kind"] = data.get("kind") or "seminar"
    if clean["kind"] not in EVENT_KINDS:
        errors.setdefault("kind", []).append(_l("Choose one of the listed kinds."))
    clean["description"] = clean_text(data.get("description"), 10000)
    clean["venue"] = clean_text(data.get("venue"), 300)
    clean["online_url"] = clean_text(data.get("online_url"), 500)
    if clean["online_url"] and not clean["online_url"].startswith(("https://", "http://")):
        errors.setdefault("online_url", []).append(_l("Enter a web address starting https://."))
    clean["language"] = clean_text(data.get("language") or "fi", 8)
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
    require_coordinator(actor, cluster.id)
    event = Event(cluster=cluster, status="draft", **validate_event(data))
    db.session.add(event)
    db.session.flush()
    return event


def update_event(actor, event: Event, data: dict) -> Event:
    """Save changes; people registered hear about a new time or place, with a new .ics."""
    require_coordinator(actor, event.cluster_id)
    clean = validate_event(data)
    _check_sessions_inside(event, clean["starts_at"], clean["ends_at"])
    locked = locking.lock_event(event.id)
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


def _check_sessions_inside(event: Event, starts_at: datetime, ends_at: datetime) -> None:
    """New event times may not leave a session outside them (move the session first)."""
    errors: dict[str, list] = {}
    for s in event.sessions:
        if s.starts_at < starts_at:
            field = "starts_at"
        elif s.ends_at > ends_at:
            field = "ends_at"
        else:
            continue
        errors.setdefault(field, []).append(
            _l("The session “%(title)s” would fall outside the event's times.", title=s.title)
        )
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)


def duplicate_event(actor, event: Event) -> Event:
    """A draft copy with the same sessions, for next year's edition or a second round."""
    require_coordinator(actor, event.cluster_id)
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
    require_coordinator(actor, event.cluster_id)
    if event.status != "draft":
        raise Conflict(_l("Only a draft can be published."))
    event.publish()


def cancel_event(actor, event: Event) -> int:
    """Cancel the event and tell everyone registered; returns how many were told."""
    require_coordinator(actor, event.cluster_id)
    locked = locking.lock_event(event.id)
    if locked.is_cancelled:
        raise Conflict(_l("The event is already cancelled."))
    locked.cancel()
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
        "title": clean_text(data.get("title"), 200),
        "speaker": clean_text(data.get("speaker"), 200),
        "room": clean_text(data.get("room"), 100),
        "country": (clean_text(data.get("country"), 2).upper() or None),
    }
    if not clean["title"]:
        errors.setdefault("title", []).append(_l("Enter a title."))
    if clean["country"] and clean["country"] not in country_codes():
        errors.setdefault("country", []).append(_l("Choose a country from the list."))
    clean["starts_at"] = _datetime(data.get("starts_at"), "starts_at", errors, True)
    clean["ends_at"] = _datetime(data.get("ends_at"), "ends_at", errors, True)
    if clean["starts_at"] and clean["ends_at"] and clean["ends_at"] <= clean["starts_at"]:
        errors.setdefault("ends_at", []).append(_l("The session must end after it starts."))
    if clean["starts_at"] and not event.starts_at <= clean["starts_at"] <= event.ends_at:
        errors.setdefault("starts_at", []).append(
            _l("The session must start within the event's times.")
        )
    if clean["ends_at"] and not event.starts_at <= clean["ends_at"] <= event.ends_at:
        errors.setdefault("ends_at", []).append(
            _l("The session must end within the event's times.")
        )
    clean["capacity"] = _optional_int(data.get("capacity"), "capacity", errors, 0)
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return clean


def save_session(actor, event: Event, data: dict, item: EventSession | None = None):
    require_coordinator(actor, event.cluster_id)
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
    require_coordinator(actor, item.event.cluster_id)
    db.session.delete(item)
