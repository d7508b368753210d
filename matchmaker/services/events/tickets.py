"""Events: the signed links a participant gets by mail, and the check-in ticket.

- The manage link lets the person registered (who may have no account: a colleague signed
  them up) change or cancel that one registration. It names the registration and its address
  and expires (``REGISTRATION_LINK_MAX_AGE``, and at the latest when the event ends).
- The ticket is a QR code of a signed check-in token (segno: SVG on pages, PNG in mail). The
  coordinator's phone scans it on the check-in page; the token names the registration and its
  event, so a ticket for another event is refused.
"""

from __future__ import annotations

import base64
import io
import unicodedata

import segno
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Event, Registration, utcnow
from matchmaker.services import tokens
from matchmaker.services.errors import Conflict, DomainError
from matchmaker.services.permissions import require_coordinator

MANAGE = "event-registration"
CHECKIN = "event-checkin"
# A ticket is good until the event is over; a year bounds a token found much later.
CHECKIN_MAX_AGE = 60 * 60 * 24 * 366


def manage_token(reg: Registration) -> str:
    return tokens.sign(MANAGE, {"r": reg.id, "e": reg.email})


def manage_url(reg: Registration) -> str:
    return url_for("events.manage", token=manage_token(reg), _external=True)


def registration_for_link(token: str) -> Registration:
    """The live registration a manage link names, or a DomainError saying why not."""
    invalid = _l("This link is not valid. Use the newest link in your confirmation mail.")
    data = tokens.load(
        MANAGE,
        token,
        max_age=current_app.config["REGISTRATION_LINK_MAX_AGE"],
        expired=_l("This link has expired."),
        invalid=invalid,
    )
    reg = db.session.get(Registration, data.get("r")) if isinstance(data.get("r"), int) else None
    if reg is None or reg.email != data.get("e"):
        raise DomainError(invalid)
    if reg.status == "cancelled":
        raise Conflict(_l("This registration is already cancelled."))
    if reg.event.ends_at < utcnow():
        raise DomainError(_l("This link has expired."))
    return reg


def checkin_token(reg: Registration) -> str:
    return tokens.sign(CHECKIN, {"r": reg.id, "e": reg.event_id})


def check_in_by_token(actor, event: Event, token: str) -> tuple[Registration, bool]:
    """Mark the ticket's holder as arrived; returns the registration and whether it had
    already been checked in (a second scan changes nothing)."""
    require_coordinator(actor, event.cluster_id)
    invalid = _l("This is not a ticket of this event.")
    data = tokens.load(
        CHECKIN,
        (token or "").strip(),
        max_age=CHECKIN_MAX_AGE,
        expired=invalid,
        invalid=invalid,
    )
    reg_id = data.get("r")
    reg = db.session.get(Registration, reg_id) if isinstance(reg_id, int) else None
    if reg is None or data.get("e") != event.id or reg.event_id != event.id:
        raise DomainError(invalid, field="token")
    if reg.status != "confirmed":
        raise Conflict(
            _l("%(name)s has no confirmed seat at this event.", name=reg.name), field="token"
        )
    already = reg.attended_at is not None
    if not already:
        reg.attended_at = utcnow()
    return reg, already


def qr_svg(data: str) -> str:
    """An inline <svg> of the QR code, dark on white whatever the page's colours."""
    return segno.make(data, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", omitsize=True
    )


def qr_png(data: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def ticket_attachment(reg: Registration) -> dict:
    """The ticket as a PNG attachment (mail clients show images; few show SVG)."""
    return {
        "filename": "ticket.png",
        "mimetype": "image/png",
        "encoding": "base64",
        "content": base64.b64encode(qr_png(checkin_token(reg))).decode(),
    }


_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "Ł": "l"}
)


def fold(text: str) -> str:
    """Case and diacritics away, so that "ohman" finds "Öhman" and "soren" "Søren"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
