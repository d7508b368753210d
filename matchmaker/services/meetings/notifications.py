"""Meetings: mail to participants, with one .ics entry per placed meeting."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.models import Event, Meeting, Registration
from matchmaker.services import calendar, mail, notifications
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


# The mails that are also notifications (kind "meeting") for a participant with an account:
# template -> (the page it links to, who the other person is).
NOTICES = {
    "meeting_requested": ("meetings.requests", lambda reg, c: c["item"].from_registration),
    "meeting_accepted": ("meetings.agenda", lambda reg, c: c["meeting"].other(reg.id)),
    "meeting_declined": ("meetings.requests", lambda reg, c: c["item"].to_registration),
}


def _mail(reg: Registration, template: str, *, event: Event, ics: bool = False, **context):
    attachments = None
    meeting = context.get("meeting")
    if ics and meeting is not None and meeting.slot is not None:
        attachments = [calendar.attachment("meeting.ics", meeting_ics([meeting], reg, event))]
    context = {
        "registration": reg,
        "link": url_for("meetings.agenda", event_id=event.id, _external=True),
        "requests_link": url_for("meetings.requests", event_id=event.id, _external=True),
        **{"event": event, **context},
    }
    if template in NOTICES and reg.user is not None:
        endpoint, other_of = NOTICES[template]
        other = other_of(reg, context)
        notifications.notify(
            reg.user,
            "meeting",
            template,
            endpoint=endpoint,
            params={"event_id": event.id},
            data={
                "name": other.name,
                "org": event_service.organisation_label(other),
                "event": event.title,
            },
            template=template,
            recipient=reg.email,
            locale=event_service.locale_for(reg),
            attachments=attachments,
            **context,
        )
        return
    mail.send_template(
        reg.email,
        template,
        event_service.locale_for(reg),
        attachments=attachments,
        **context,
    )
