"""Outgoing mail: recorded in the outbox inside the caller's transaction, delivered after commit.

Every message lands in the outbox table first, so nothing is sent for a transaction that
rolls back. When MAIL_SERVER is set, messages queued in a transaction are handed to SMTP once
it commits; otherwise the outbox is the delivery (admins read it in the UI).
"""

from __future__ import annotations

import logging
import smtplib
import unicodedata
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

_PENDING_KEY = "matchmaker_pending_mail"
SUBJECT_MAX = 300  # OutboxMessage.subject
# Line breaks inside the values a mail template prints (a name typed with a newline) are
# held as these private-use characters while the template renders, so that only the
# template's own first line break separates the subject from the body.
_HELD = {"\r": "\ue000", "\n": "\ue001"}


def clean_header(value: str, limit: int | None = None) -> str:
    """One line fit for a mail header: control characters and line or paragraph separators
    (CR, LF, NEL, U+2028...) become spaces, runs of spaces one, and it is cut to `limit`."""
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c for c in value or ""
    )
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def queue_mail(
    recipient: str,
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
) -> OutboxMessage:
    """Record a message in the current transaction; it is delivered only if that commits.
    The headers are cleaned here, so whatever a name holds, the message can be sent."""
    message = OutboxMessage(
        recipient=clean_header(recipient),
        subject=clean_header(subject, SUBJECT_MAX),
        body=body,
        attachments=attachments or None,
    )
    db.session.add(message)
    db.session.info.setdefault(_PENDING_KEY, []).append(message)
    return message


def send_template(
    recipient: str,
    template: str,
    locale: str | None,
    attachments: list[dict] | None = None,
    zone: timeutil.Zone = None,
    **context,
) -> OutboxMessage:
    """Render mail/<template>.txt in the recipient's language; the first line is the subject.
    Dates and times are in `zone`, by default the zone of the cluster (or the event's cluster)
    the mail is about; templates name it as `time_zone` ("Finland Time", "Finlandtid")."""
    if zone is None:
        zone = context.get("cluster") or getattr(context.get("event"), "cluster", None)
    app = current_app._get_current_object()
    with (
        force_locale(locale or app.config["BABEL_DEFAULT_LOCALE"]),
        timeutil.in_zone(zone) as name,
    ):
        context["time_zone"] = timeutil.zone_label(name)
        app.update_template_context(context)
        text = _mail_templates(app).get_template(f"mail/{template}.txt").render(context)
    subject, _sep, body = text.strip().partition("\n")
    for char, held in _HELD.items():
        subject = subject.replace(held, " ")
        body = body.replace(held, char)
    return queue_mail(recipient, subject, body.strip() + "\n", attachments)


def _hold_line_breaks(value):
    if isinstance(value, str):
        for char, held in _HELD.items():
            value = value.replace(char, held)
    return value


def _mail_templates(app):
    """The app's template environment, but every printed value has its line breaks held."""
    env = app.extensions.get("matchmaker_mail_templates")
    if env is None:
        env = app.extensions["matchmaker_mail_templates"] = app.jinja_env.overlay(
            finalize=_hold_line_breaks
        )
    return env


def deliver_pending(session) -> None:
    """After a commit: hand that transaction's messages to SMTP, or log them as kept."""
    pending = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    ids = [m.id for m in pending if m.id is not None]
    app = current_app._get_current_object()
    if not app.config.get("MAIL_SERVER"):
        for message_id in ids:
            log.info("Mail %s kept in the outbox (no MAIL_SERVER configured)", message_id)
        return
    # This runs after the request's commit: whatever goes wrong here must not turn a saved
    # action into an error page. A failure is recorded on the message and logged.
    try:
        with db.engine.begin() as conn:
            rows = conn.execute(sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
            for row in rows:
                error = None
                try:
                    _smtp_send(app.config, row)
                except Exception as exc:  # SMTP refusals, network errors, bad headers alike
                    error = f"{type(exc).__name__}: {exc}"[:2000]
                    log.warning("Mail %s could not be sent: %s", row.id, type(exc).__name__)
                conn.execute(
                    sa.update(OutboxMessage)
                    .where(OutboxMessage.id == row.id)
                    .values(sent_at=None if error else utcnow(), error=error)
                )
    except Exception:
        log.exception("Mail delivery of %d message(s) failed; they stay in the outbox", len(ids))


def discard_pending(session) -> None:
    session.info.pop(_PENDING_KEY, None)


def _smtp_send(config, row) -> None:
    msg = EmailMessage()
    msg["From"] = clean_header(config["MAIL_DEFAULT_SENDER"])
    msg["To"] = clean_header(row.recipient)  # rows queued before headers were cleaned
    msg["Subject"] = clean_header(row.subject)
    msg.set_content(row.body)
    for att in row.attachments or []:
        maintype, _, subtype = att["mimetype"].partition("/")
        msg.add_attachment(
            att["content"].encode(), maintype=maintype, subtype=subtype, filename=att["filename"]
        )
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(msg)
