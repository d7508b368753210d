"""Mail rendering: the templates mail/<name>.txt to a subject and a body, in the request or at
delivery.

A request that sends a mail about a hot path (an event signup) only queues the template's name,
the locale and a JSON context of ids and plain values (mail.queue_template); the mail worker
renders it here (`render_claimed`, called once per batch by services/mail_delivery.py) with the
records as they are then, and stores the subject, body and attachments on the row. A feature
whose mails need records or attachments registers a builder for its templates (`builder`):
it turns the stored context into the template's context. A row that cannot be rendered is
marked failed with the reason, which the outbox page shows to admins.
"""

from __future__ import annotations

import logging
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

_outbox = OutboxMessage.__table__
SUBJECT_MAX = 300  # OutboxMessage.subject
# Line breaks inside the values a mail template prints (a name typed with a newline) are
# held as these private-use characters while the template renders, so that only the
# template's own first line break separates the subject from the body.
_HELD = {"\r": "\ue000", "\n": "\ue001"}
BASE_URL_KEY = "_base_url"  # the context's entry for the site address the links point to


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


def render_text(template: str, locale: str | None, zone: timeutil.Zone, context: dict):
    """mail/<template>.txt in `locale` with dates in `zone`: (subject, body). The first line
    of the rendered text is the subject; templates name the zone as `time_zone`."""
    app = current_app._get_current_object()
    with (
        force_locale(locale or app.config["BABEL_DEFAULT_LOCALE"]),
        timeutil.in_zone(zone) as name,
    ):
        context["time_zone"] = timeutil.zone_label(name)
        app.update_template_context(context)
        text = mail_templates(app).get_template(f"mail/{template}.txt").render(context)
    subject, _sep, body = text.strip().partition("\n")
    for char, held in _HELD.items():
        subject = subject.replace(held, " ")
        body = body.replace(held, char)
    return subject, body.strip() + "\n"


def _hold_line_breaks(value):
    if isinstance(value, str):
        for char, held in _HELD.items():
            value = value.replace(char, held)
    return value


def mail_templates(app):
    """The app's template environment, but every printed value has its line breaks held."""
    env = app.extensions.get("matchmaker_mail_templates")
    if env is None:
        env = app.extensions["matchmaker_mail_templates"] = app.jinja_env.overlay(
            finalize=_hold_line_breaks
        )
    return env


# ------------------------------------------------------------------ builders
@dataclass
class Rendering:
    """What a builder makes of a stored context: the template's context, the attachments
    ([{"filename", "mimetype", "content"[, "encoding"]}]), the zone of the dates and, when the
    records decide it, the locale."""

    context: dict
    attachments: list[dict] | None = None
    zone: timeutil.Zone = None
    locale: str | None = None


Builder = Callable[[str, dict], Rendering]
_builders: dict[str, Builder] = {}


def builder(*templates: str) -> Callable[[Builder], Builder]:
    """Register the function that turns the stored context of these templates into a
    Rendering; a template without one is rendered with its stored context as it is."""

    def register(fn: Builder) -> Builder:
        for name in templates:
            _builders[name] = fn
        return fn

    return register


class RenderError(Exception):
    """A queued message that cannot be rendered (its records are gone, a template fails)."""


def render(template: str, locale: str | None, context: dict | None):
    """A deferred message's (subject, body, attachments), with the links pointing to the site
    address the request that queued it was made on (else BASE_URL or SERVER_NAME)."""
    app = current_app._get_current_object()
    data = dict(context or {})
    base_url = data.pop(BASE_URL_KEY, None) or app.config.get("BASE_URL")
    if not base_url and not app.config.get("SERVER_NAME"):
        raise RenderError("no site address for the links: set BASE_URL")
    request_args = {"base_url": base_url} if base_url else {}
    with app.test_request_context("/", **request_args):
        build = _builders.get(template)
        rendering = build(template, data) if build is not None else Rendering(data)
        subject, body = render_text(
            template, rendering.locale or locale, rendering.zone, rendering.context
        )
    return clean_header(subject, SUBJECT_MAX), body, rendering.attachments or None


def render_claimed(token: str, rows: list, result) -> list:
    """Render the claimed rows that await it and store what they became; a row that cannot be
    rendered is marked failed with the reason (counted in `result.failed`). Returns the rows
    still to deliver, re-read."""
    pending = [r for r in rows if r.template is not None and r.rendered_at is None]
    if not pending:
        return rows
    rendered: dict[int, dict] = {}
    failed: dict[int, str] = {}
    for row in pending:
        try:
            subject, body, attachments = render(row.template, row.locale, row.context)
        except Exception as exc:  # noqa: BLE001 (whatever it was, the row says so)
            db.session.rollback()  # a failed statement leaves PostgreSQL's transaction aborted
            failed[row.id] = f"Rendering failed: {type(exc).__name__}: {exc}"[:2000]
            log.warning("Mail %s (%s) could not be rendered: %s", row.id, row.template, exc)
            continue
        rendered[row.id] = {"subject": subject, "body": body, "attachments": attachments}
    now = utcnow()
    owned = _outbox.c.claimed_by == token
    for row_id, values in rendered.items():
        db.session.execute(
            sa.update(_outbox)
            .where(_outbox.c.id == row_id, owned)
            .values(rendered_at=now, **values)
        )
    for row in pending:
        if row.id in failed:
            db.session.execute(
                sa.update(_outbox)
                .where(_outbox.c.id == row.id, owned)
                .values(
                    status="failed",
                    error=failed[row.id],
                    attempts=row.attempts + 1,
                    last_attempt_at=now,
                    next_attempt_at=None,
                    claimed_by=None,
                    claimed_until=None,
                )
            )
    db.session.commit()
    result.failed += len(failed)
    keep = [r.id for r in rows if r.id not in failed]
    if not keep:
        return []
    fresh = db.session.execute(
        sa.select(_outbox).where(_outbox.c.id.in_(keep), owned).order_by(_outbox.c.id)
    ).all()
    db.session.commit()
    return fresh


@dataclass
class _Failures:
    failed: int = 0


def render_queued(limit: int = 500) -> int:
    """Render queued rows that await it in place, without delivering them (the outbox page
    of an installation without a running worker, and tests that read mails). Rows a worker
    holds are left to it. Returns how many were rendered or marked failed."""
    now = utcnow()
    free = sa.or_(_outbox.c.claimed_until.is_(None), _outbox.c.claimed_until < now)
    waiting = sa.and_(
        _outbox.c.status == "queued",
        _outbox.c.template.is_not(None),
        _outbox.c.rendered_at.is_(None),
        free,
    )
    ids = db.session.scalars(
        sa.select(_outbox.c.id).where(waiting).order_by(_outbox.c.id).limit(limit)
    ).all()
    if not ids:
        return 0
    token = f"render:{secrets.token_hex(6)}"
    until = now + timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    db.session.execute(
        sa.update(_outbox)
        .where(_outbox.c.id.in_(ids), waiting)
        .values(claimed_by=token, claimed_until=until)
    )
    db.session.commit()
    rows = db.session.execute(
        sa.select(_outbox).where(_outbox.c.claimed_by == token).order_by(_outbox.c.id)
    ).all()
    failures = _Failures()
    kept = render_claimed(token, rows, failures)
    db.session.execute(
        sa.update(_outbox)
        .where(_outbox.c.claimed_by == token)
        .values(claimed_by=None, claimed_until=None)
    )
    db.session.commit()
    return len(kept) + failures.failed
