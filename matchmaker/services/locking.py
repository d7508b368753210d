"""Row locks for rules that must decide on the newest data (seats, meeting slots).

Seat and slot rules are decided inside the transaction after the event row is locked, so two
signups for the last seat cannot both see it free: on PostgreSQL ``SELECT ... FOR UPDATE`` on
the event row, on SQLite a write to that row first (SQLite lets one writer in at a time, and a
write transaction started that way sees the newest data). Take locks late (after the checks
that need no lock) and, when several rows are needed, in ascending id order, so that two
transactions never wait for each other. On PostgreSQL a lock not granted within
``LOCK_TIMEOUT_MS`` becomes :class:`Busy` ("busy, try again") instead of a server error.

The bound stays for the rest of the transaction (``SET LOCAL``): resetting it would cost a
round trip while the event is locked, and every signup of the event waits for that lock. A
later statement that waits longer for another lock is answered "busy" by the app's error
handler (``is_lock_timeout``), never a 500.
"""

from __future__ import annotations

import logging
from functools import cache

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


def is_lock_timeout(error: sa.exc.DBAPIError) -> bool:
    """Whether PostgreSQL gave up waiting for a lock (lock_timeout)."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == LOCK_NOT_AVAILABLE


def busy() -> Busy:
    return Busy(_l("Many people are doing this right now. Try again in a moment."))


def lock_events(event_ids) -> list[Event]:
    """Lock event rows in ascending id order and return them re-read, in that order."""
    ids = sorted(set(event_ids))
    dialect = db.session.get_bind().dialect.name
    sqlite = dialect == "sqlite"
    try:
        if dialect == "postgresql":
            # The driver's own call: no statement to compile, one round trip.
            timeout = int(current_app.config["LOCK_TIMEOUT_MS"])
            db.session.connection().exec_driver_sql(f"SET LOCAL lock_timeout = {timeout}")
        events = [_lock_one(event_id, sqlite) for event_id in ids]
    except sa.exc.OperationalError as exc:
        if not is_lock_timeout(exc):
            raise
        # The transaction is aborted: start afresh so the view can still render its page.
        db.session.rollback()
        log.warning("lock timeout on events %s", ids)
        raise busy() from exc
    return events


def _lock_one(event_id: int, sqlite: bool) -> Event:
    if sqlite:
        # A write starts SQLite's write transaction: other writers wait (busy_timeout) here.
        db.session.execute(_touch_statement(), {"event_id": event_id})
    event = db.session.scalars(_lock_statement(), {"event_id": event_id}).one_or_none()
    if event is None:
        raise NotFound(_l("No such event."))
    return event


@cache
def _lock_statement() -> sa.Select:
    """Built once (every signup runs it): the row locked and read afresh."""
    return (
        sa.select(Event)
        .where(Event.id == sa.bindparam("event_id"))
        .with_for_update()
        .execution_options(populate_existing=True)
    )


@cache
def _touch_statement() -> sa.Update:
    return (
        sa.update(Event)
        .where(Event.id == sa.bindparam("event_id"))
        .values(updated_at=Event.updated_at)
        .execution_options(synchronize_session=False)
    )
