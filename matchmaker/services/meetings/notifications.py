"""Meetings: mail to participants, with one .ics entry per placed meeting."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.models import Event, Meeting, Registration
from matchmaker.services import calendar, mail
from matchmaker.services import events as event_service


def meeting_ics(meetings: list[Meeting], reg: Registration, event: Event) -> str:
    """One VEVENT per placed meeting."""
    entries = []
    for m in meetings:
        if m.slot is None:
            continue
        other = m.other(reg.id)
        org = event_service.organisation_label(other)
        summary = _l("Meeting: %(name)s (%(org)s)", name=other.name, org=org)
        table = m.table.label if m.table else ""
        entries.append(
            calendar.entry(
                calendar.meeting_uid(m.id),
                m.slot.starts_at,
                m.slot.ends_at,
                str(summary),
                confirmed=m.status == "published",
                location=f"{event.venue} · {_l('Table')} {table}".strip(" ·"),
            )
        )
    return calendar.ics_text(entries, "PUBLISH")


def _mail(reg: Registration, template: str, *, event: Event, ics: bool = False, **context):
    attachments = None
    meeting = context.get("meeting")
    if ics and meeting is not None and meeting.slot is not None:
        attachments = [calendar.attachment("meeting.ics", meeting_ics([meeting], reg, event))]
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
