"""iCalendar: an .ics per event (stable UID, SEQUENCE from the event) and personal feeds."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import icalendar
import sqlalchemy as sa
from flask import current_app, url_for

from matchmaker.extensions import db
from matchmaker.models import CalendarToken, Event, Registration, User, utcnow


def event_uid(event: Event) -> str:
    """The same UID in every file about one event, so calendars update instead of adding."""
    domain = current_app.config.get("SERVER_NAME") or "matchmaker.local"
    return f"event-{event.id}@{domain}"


def aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _vevent(event: Event, *, cancelled: bool = False, online: bool = True) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("sequence", event.sequence)
    item.add("dtstamp", aware(utcnow()))
    item.add("dtstart", aware(event.starts_at))
    item.add("dtend", aware(event.ends_at))
    item.add("summary", event.title)
    url = url_for("events.show", event_id=event.id, _external=True)
    item.add("url", url)
    description = (event.description or "").strip()
    item.add("description", f"{description}\n\n{url}".strip())
    location = event.venue or (event.online_url if online else "")
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED")
    return item


def new_calendar(method: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Matchmaker//Events//FI")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


def event_ics(event: Event, *, cancelled: bool = False, online: bool = True) -> str:
    """`online=False` leaves the join link out (the public download; see events.access)."""
    cal = new_calendar("CANCEL" if cancelled or event.is_cancelled else "PUBLISH")
    cal.add_component(_vevent(event, cancelled=cancelled, online=online))
    return cal.to_ical().decode()


def feed_ics(user: User) -> str:
    """The user's confirmed events, as a subscribable calendar."""
    events = db.session.scalars(
        sa.select(Event)
        .join(Registration, Registration.event_id == Event.id)
        .where(
            sa.or_(Registration.user_id == user.id, Registration.email == user.email.lower()),
            Registration.status == "confirmed",
            Event.status != "draft",
        )
        .distinct()
        .order_by(Event.starts_at)
    ).all()
    cal = new_calendar()
    cal.add("x-wr-calname", "Matchmaker")
    for event in events:
        cal.add_component(_vevent(event))
    return cal.to_ical().decode()


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
