"""Events: mail to registered people (confirmations, changes, reminders) with .ics files."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import url_for

from matchmaker.extensions import db
from matchmaker.models import Event, Registration, utcnow
from matchmaker.services import calendar, mail, mail_render, notifications
from matchmaker.services.events import tickets
from matchmaker.services.events.queries import session_waitlist_positions, waitlist_position


def locale_for(reg: Registration) -> str | None:
    if reg.user is not None and reg.user.locale:
        return reg.user.locale
    return reg.event.language or None


# Mails that carry the check-in ticket (a QR code) when the person has a seat.
TICKET_TEMPLATES = ("event_confirmed", "event_promoted", "event_reminder")
# The mails about one registration, rendered at delivery by _registration_mail.
REGISTRATION_TEMPLATES = (
    "event_confirmed",
    "event_waitlisted",
    "event_promoted",
    "event_reminder",
    "event_registration_cancelled",
    "event_registration_changed",
    "event_changed",
    "event_cancelled",
)
_UNKNOWN = object()


def _notify(
    reg: Registration,
    template: str,
    *,
    ics: bool = False,
    ics_cancelled=False,
    position=_UNKNOWN,
    event: Event | None = None,
):
    """Queue `template` about `reg`; the worker renders it (with its calendar file and ticket).
    What this moment decided is stored with it: the seat, the waiting-list place (`position`
    when the caller has counted it under the lock), whether the links and the join link go
    with it; names, titles and times are read when the mail is rendered. `event`: reg's,
    when the caller holds it and reg is not flushed yet (a pending object loads no relation)."""
    event = event if event is not None else reg.event
    confirmed = reg.status == "confirmed"
    if position is _UNKNOWN:
        position = waitlist_position(reg)
    context = {
        "registration": reg.id,
        "confirmed": confirmed,
        "position": position,
        "session_positions": {str(k): n for k, n in session_waitlist_positions(reg).items()},
        "live": reg.is_active and not event.is_cancelled,
        "ics": ics,
        "ics_cancelled": bool(ics_cancelled or event.is_cancelled),
    }
    if template == "event_promoted" and reg.user is not None:
        # A promotion from the waiting list is also a notification, mailed as chosen.
        notifications.notify(
            reg.user,
            "waitlist",
            "event_promoted",
            endpoint="events.show",
            params={"event_id": event.id},
            data={"event": event.title},
        )
        if notifications.preference(reg.user, "waitlist") != "immediate":
            return
    mail.queue_template(reg.email, template, None, context)


@mail_render.builder(*REGISTRATION_TEMPLATES)
def _registration_mail(template: str, data: dict) -> mail_render.Rendering:
    """The context of a registration mail, from the stored one and the records as they are."""
    reg = db.session.get(Registration, data["registration"])
    if reg is None:
        raise mail_render.RenderError(f"registration {data['registration']} no longer exists")
    event = reg.event
    confirmed = data["confirmed"]
    attachments = []
    if data["ics"]:
        # The join link of an online event goes only to people with a seat (events.access).
        content = calendar.event_ics(event, cancelled=data["ics_cancelled"], online=confirmed)
        attachments.append(calendar.attachment("event.ics", content))
    if confirmed and template in TICKET_TEMPLATES:
        attachments.append(tickets.ticket_attachment(reg))
    context = {
        "event": event,
        "registration": reg,
        "position": data["position"],
        "session_positions": {int(k): n for k, n in data["session_positions"].items()},
        "online_url": event.online_url if confirmed else "",
        "link": url_for("events.show", event_id=event.id, _external=True),
        "manage_link": tickets.manage_url(reg) if data["live"] else "",
    }
    return mail_render.Rendering(
        context, attachments or None, zone=event.cluster, locale=locale_for(reg)
    )


def _notify_signup(reg: Registration, position=_UNKNOWN, event: Event | None = None) -> None:
    if reg.status == "confirmed":
        _notify(reg, "event_confirmed", ics=True, position=None, event=event)
    else:
        _notify(reg, "event_waitlisted", position=position, event=event)


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
