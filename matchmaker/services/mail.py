"""Outgoing mail: recorded in the outbox inside the caller's transaction, nothing more.

A request only writes outbox rows, so nothing is sent for a transaction that rolls back and no
request waits for an SMTP server. The mail worker (services/mail_delivery.py, the
`deliver-mail` command) delivers the queued rows. `send_template` renders the mail in the
request; `queue_template` leaves the rendering to the worker (services/mail_render.py), so a
request on a hot path (an event signup) pays for one small insert only.
"""

from __future__ import annotations

import json

from flask import current_app, has_request_context, request

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage
from matchmaker.services import mail_render
from matchmaker.services.mail_render import SUBJECT_MAX, clean_header

__all__ = ["SUBJECT_MAX", "clean_header", "queue_mail", "queue_template", "send_template"]


def queue_mail(
    recipient: str,
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
) -> OutboxMessage:
    """Queue a message in the current transaction; the worker delivers it once that commits.
    The headers are cleaned here, so whatever a name holds, the message can be sent."""
    message = OutboxMessage(
        recipient=clean_header(recipient),
        subject=clean_header(subject, SUBJECT_MAX),
        body=body,
        attachments=attachments or None,
    )
    db.session.add(message)
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
    subject, body = mail_render.render_text(template, locale, zone, context)
    return queue_mail(recipient, subject, body, attachments)


def queue_template(
    recipient: str, template: str, locale: str | None, context: dict
) -> OutboxMessage:
    """Queue mail/<template>.txt to be rendered at delivery from `context`: ids and plain
    values only (it is stored as JSON; a builder registered with mail_render turns ids into
    records). The links will point to the address this request came to."""
    app = current_app._get_current_object()
    mail_render.mail_templates(app).get_template(f"mail/{template}.txt")  # a typo fails here
    data = dict(context)
    if has_request_context():
        data[mail_render.BASE_URL_KEY] = request.url_root
    json.dumps(data)  # an object that is not plain data fails here, in the caller's request
    message = OutboxMessage(
        recipient=clean_header(recipient),
        subject="",
        body="",
        template=template,
        locale=locale,
        context=data,
    )
    db.session.add(message)
    return message
