"""Row locks for rules that must decide on the newest data (seats, meeting slots).

Seat and slot rules are decided inside the transaction after the event row is locked, so two
signups for the last seat cannot both see it free: on PostgreSQL ``SELECT ... FOR UPDATE`` on
the event row, on SQLite a write to that row first (SQLite lets one writer in at a time, and a
write transaction started that way sees the newest data). Take locks late (after the checks
that need no lock) and, when several rows are needed, in ascending id order, so that two
transactions never wait for each other. On PostgreSQL a lock not granted within
``LOCK_TIMEOUT_MS`` becomes :class:`Busy` ("busy, try again") instead of a server error.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Event
from matchmaker.services.errors import Busy, NotFound

log = logging.getLogger(__name__)

# PostgreSQL's SQLSTATE for "lock_not_available" (psycopg's LockNotAvailable).
LOCK_NOT_AVAILABLE = "55P03"


def lock_event(event_id: int) -> Event:
    """Lock one event row, then read it afresh; call it first in the transaction's writes."""
    return lock_events([event_id])[0]


def lock_events(event_ids) -> list[Event]:
    """Lock event rows in ascending id order and return them re-read, in that order."""
    ids = sorted(set(event_ids))
    postgres = db.session.get_bind().dialect.name == "postgresql"
    try:
        if postgres:
            # Only the waits for these locks are bounded; later statements wait as before.
            timeout = int(current_app.config["LOCK_TIMEOUT_MS"])
            db.session.execute(sa.text(f"SET LOCAL lock_timeout = {timeout}"))
        events = []
        for event_id in ids:
            events.append(_lock_one(event_id))
        if postgres:
            db.session.execute(sa.text("SET LOCAL lock_timeout TO DEFAULT"))
    except sa.exc.OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        # The transaction is aborted: start afresh so the view can still render its page.
        db.session.rollback()
        log.warning("lock timeout on events %s", ids)
        raise Busy(_l("Many people are doing this right now. Try again in a moment.")) from exc
    return events


def _lock_one(event_id: int) -> Event:
    if db.session.get_bind().dialect.name == "sqlite":
        # A write starts SQLite's write transaction: other writers wait (busy_timeout) here.
        db.session.execute(
            sa.update(Event)
            .where(Event.id == event_id)
            .values(updated_at=Event.updated_at)
            .execution_options(synchronize_session=False)
        )
    event = db.session.scalars(
        sa.select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if event is None:
        raise NotFound(_l("No such event."))
    return event
