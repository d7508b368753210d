"""iCalendar: an .ics per event (stable UID, SEQUENCE from the event) and personal feeds."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import icalendar
import sqlalchemy as sa
from flask import current_app, url_for

from matchmaker.extensions import db
from matchmaker.models import CalendarToken, Event, Registration, User, utcnow
from matchmaker.services.email_address import normalise_email


def _domain() -> str:
    return current_app.config.get("SERVER_NAME") or "matchmaker.local"


def event_uid(event: Event) -> str:
    """The same UID in every file about one event, so calendars update instead of adding."""
    return f"event-{event.id}@{_domain()}"


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{_domain()}"


def aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def entry(
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    *,
    confirmed: bool = True,
    location: str = "",
    sequence: int | None = None,
    url: str = "",
    description: str = "",
) -> icalendar.Event:
    """One VEVENT; times are naive UTC as stored."""
    item = icalendar.Event()
    item.add("uid", uid)
    if sequence is not None:
        item.add("sequence", sequence)
    item.add("dtstamp", aware(utcnow()))
    item.add("dtstart", aware(starts_at))
    item.add("dtend", aware(ends_at))
    item.add("summary", summary)
    if url:
        item.add("url", url)
    if description:
        item.add("description", description)
    if location:
        item.add("location", location)
    item.add("status", "CONFIRMED" if confirmed else "CANCELLED")
    return item


def _vevent(event: Event, *, cancelled: bool = False, online: bool = True) -> icalendar.Event:
    url = url_for("events.show", event_id=event.id, _external=True)
    description = (event.description or "").strip()
    return entry(
        event_uid(event),
        event.starts_at,
        event.ends_at,
        event.title,
        confirmed=not (cancelled or event.is_cancelled),
        location=event.venue or (event.online_url if online else ""),
        sequence=event.sequence,
        url=url,
        description=f"{description}\n\n{url}".strip(),
    )


def new_calendar(method: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Matchmaker//Events//FI")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


def ics_text(entries, method: str | None = None, name: str = "") -> str:
    """A calendar file of `entries` (VEVENTs); `name` titles a subscribed feed."""
    cal = new_calendar(method)
    if name:
        cal.add("x-wr-calname", name)
    for item in entries:
        cal.add_component(item)
    return cal.to_ical().decode()


def attachment(filename: str, content: str) -> dict:
    """A calendar file as a mail attachment."""
    return {"filename": filename, "mimetype": "text/calendar", "content": content}


def event_ics(event: Event, *, cancelled: bool = False, online: bool = True) -> str:
    """`online=False` leaves the join link out (the public download; see events.access)."""
    method = "CANCEL" if cancelled or event.is_cancelled else "PUBLISH"
    return ics_text([_vevent(event, cancelled=cancelled, online=online)], method)


def feed_ics(user: User) -> str:
    """The user's confirmed events, as a subscribable calendar."""
    events = db.session.scalars(
        sa.select(Event)
        .join(Registration, Registration.event_id == Event.id)
        .where(
            sa.or_(
                Registration.user_id == user.id, Registration.email == normalise_email(user.email)
            ),
            Registration.status == "confirmed",
            Event.status != "draft",
        )
        .distinct()
        .order_by(Event.starts_at)
    ).all()
    return ics_text([_vevent(event) for event in events], name="Matchmaker")


def feed_token(user: User, *, renew: bool = False) -> str:
    """The user's secret feed token, created on first use; renewing revokes the old URL."""
    item = db.session.scalar(sa.select(CalendarToken).where(CalendarToken.user_id == user.id))
    if item is None:
        item = CalendarToken(user_id=user.id, token=secrets.token_urlsafe(32))
        db.session.add(item)
    elif renew:
        item.token = secrets.token_urlsafe(32)
        item.created_at = utcnow()
    db.session.flush()
    return item.token


def user_for_feed(token: str) -> User | None:
    item = db.session.scalar(sa.select(CalendarToken).where(CalendarToken.token == token))
    if item is None or not item.user.is_active_account:
        return None
    return item.user
