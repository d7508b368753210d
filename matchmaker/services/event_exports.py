"""Attendee lists as CSV and XLSX: organisation, business ID, sessions, dietary needs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from matchmaker import formatting
from matchmaker.labels import REGISTRATION_STATUSES
from matchmaker.models import Event
from matchmaker.services import events as event_service
from matchmaker.services import spreadsheets


def _headers() -> list[str]:
    return [
        str(h)
        for h in (
            _l("Name"),
            _l("E-mail"),
            _l("Organisation"),
            _l("Business ID"),
            _l("Status"),
            _l("Waiting list position"),
            _l("Sessions"),
            _l("Dietary needs"),
            _l("Note"),
            _l("Registered"),
            _l("Attended"),
        )
    ]


def attendee_rows(event: Event) -> list[list]:
    rows = []
    for reg in event_service.all_registrations(event, ("confirmed", "waitlisted")):
        sessions = "; ".join(
            rs.session.title + (f" ({_l('waiting list')})" if rs.status == "waitlisted" else "")
            for rs in sorted(reg.sessions, key=lambda rs: rs.session.starts_at)
        )
        rows.append(
            [
                reg.name,
                reg.email,
                event_service.organisation_label(reg),
                reg.organisation.business_id if reg.organisation else "",
                str(REGISTRATION_STATUSES[reg.status]),
                event_service.waitlist_position(reg) or "",
                sessions,
                reg.dietary,
                reg.note,
                formatting.datetime(reg.created_at),
                formatting.datetime(reg.attended_at),
            ]
        )
    return rows


def attendees_csv(event: Event) -> bytes:
    return spreadsheets.to_csv([_headers(), *attendee_rows(event)])


def attendees_xlsx(event: Event) -> bytes:
    widths = [28, 32, 32, 12, 18, 10, 40, 28, 28, 16, 16]
    return spreadsheets.to_xlsx([_headers(), *attendee_rows(event)], str(_l("Attendees")), widths)
