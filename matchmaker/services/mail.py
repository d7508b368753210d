"""Outgoing mail: recorded in the outbox inside the caller's transaction, delivered after commit.

Every message lands in the outbox table first, so nothing is sent for a transaction that
rolls back. When MAIL_SERVER is set, messages queued in a transaction are handed to SMTP once
it commits; otherwise the outbox is the delivery (admins read it in the UI).
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

_PENDING_KEY = "matchmaker_pending_mail"


def queue_mail(
    recipient: str,
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
) -> OutboxMessage:
    """Record a message in the current transaction; it is delivered only if that commits."""
    message = OutboxMessage(
        recipient=recipient, subject=subject, body=body, attachments=attachments or None
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
    with (
        force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]),
        timeutil.in_zone(zone) as name,
    ):
        text = render_template(
            f"mail/{template}.txt", time_zone=timeutil.zone_label(name), **context
        )
    subject, _, body = text.strip().partition("\n")
    return queue_mail(recipient, subject.strip(), body.strip() + "\n", attachments)


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
    with db.engine.begin() as conn:
        rows = conn.execute(sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
        for row in rows:
            error = None
            try:
                _smtp_send(app.config, row)
            except (OSError, smtplib.SMTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
                log.warning("Mail %s could not be sent: %s", row.id, type(exc).__name__)
            conn.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(sent_at=None if error else utcnow(), error=error)
            )


def discard_pending(session) -> None:
    session.info.pop(_PENDING_KEY, None)


def _smtp_send(config, row) -> None:
    msg = EmailMessage()
    msg["From"] = config["MAIL_DEFAULT_SENDER"]
    msg["To"] = row.recipient
    msg["Subject"] = row.subject
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
