"""Meetings: mail to participants, with one .ics entry per placed meeting."""

from __future__ import annotations

import icalendar
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.models import Event, Meeting, Registration, utcnow
from matchmaker.services import calendar, mail
from matchmaker.services import events as event_service


def meeting_ics(meetings: list[Meeting], reg: Registration, event: Event) -> str:
    """One VEVENT per placed meeting."""
    cal = calendar.new_calendar("PUBLISH")
    domain = calendar.event_uid(event).split("@", 1)[1]
    for m in meetings:
        if m.slot is None:
            continue
        other = m.other(reg.id)
        item = icalendar.Event()
        item.add("uid", f"meeting-{m.id}@{domain}")
        item.add("dtstamp", calendar.aware(utcnow()))
        item.add("dtstart", calendar.aware(m.slot.starts_at))
        item.add("dtend", calendar.aware(m.slot.ends_at))
        item.add(
            "summary",
            str(
                _l(
                    "Meeting: %(name)s (%(org)s)",
                    name=other.name,
                    org=event_service.organisation_label(other),
                )
            ),  # fmt: skip
        )
        table = m.table.label if m.table else ""
        item.add("location", f"{event.venue} · {_l('Table')} {table}".strip(" ·"))
        item.add("status", "CONFIRMED" if m.status == "published" else "CANCELLED")
        cal.add_component(item)
    return cal.to_ical().decode()


def _mail(reg: Registration, template: str, *, event: Event, ics: bool = False, **context):
    attachments = None
    meeting = context.get("meeting")
    if ics and meeting is not None and meeting.slot is not None:
        attachments = [
            {
                "filename": "meeting.ics",
                "mimetype": "text/calendar",
                "content": meeting_ics([meeting], reg, event),
            }
        ]
    mail.send_template(
        reg.email,
        template,
        event_service.locale_for(reg),
        attachments=attachments,
        registration=reg,
        link=url_for("meetings.agenda", event_id=event.id, _external=True),
        requests_link=url_for("meetings.requests", event_id=event.id, _external=True),
        **{"event": event, **context},
    )
