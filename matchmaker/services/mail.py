"""Outgoing mail: recorded in the outbox inside the caller's transaction, nothing more.

A request only writes outbox rows, so nothing is sent for a transaction that rolls back and no
request waits for an SMTP server. The mail worker (services/mail_delivery.py, the
`deliver-mail` command) delivers the queued rows.
"""

from __future__ import annotations

import unicodedata

from flask import current_app
from flask_babel import force_locale

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage

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
