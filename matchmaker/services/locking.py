"""Row locks for rules that must decide on the newest data (seats, meeting slots).

Seat and slot rules are decided inside the transaction after the event row is locked, so two
signups for the last seat cannot both see it free: on PostgreSQL ``SELECT ... FOR UPDATE`` on
the event row, on SQLite a write to that row first (SQLite lets one writer in at a time, and a
write transaction started that way sees the newest data). Take locks late (after the checks
that need no lock) and, when several rows are needed, in ascending id order, so that two
transactions never wait for each other. On PostgreSQL a lock not granted within
``LOCK_TIMEOUT_MS`` becomes :class:`Busy` ("busy, try again") instead of a server error.

The lock statement sets the bound itself (``set_config(..., true)``, as ``SET LOCAL``: no round
trip of its own), and it stays for the rest of the transaction: resetting it would cost a
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
    # PostgreSQL: the lock statement itself sets the bound (SET LOCAL), before its wait.
    timeout = str(int(current_app.config["LOCK_TIMEOUT_MS"])) if dialect == "postgresql" else None
    try:
        events = [_lock_one(event_id, sqlite, timeout) for event_id in ids]
    except sa.exc.OperationalError as exc:
        if not is_lock_timeout(exc):
            raise
        # The transaction is aborted: start afresh so the view can still render its page.
        db.session.rollback()
        log.warning("lock timeout on events %s", ids)
        raise busy() from exc
    return events


def _lock_one(event_id: int, sqlite: bool, timeout: str | None) -> Event:
    if sqlite:
        # A write starts SQLite's write transaction: other writers wait (busy_timeout) here.
        db.session.execute(_touch_statement(), {"event_id": event_id})
    params = {"event_id": event_id, "lock_timeout": timeout}
    statement = _lock_statement(timeout is not None)
    event = db.session.scalars(statement, params).one_or_none()
    if event is None:
        raise NotFound(_l("No such event."))
    return event


@cache
def _lock_statement(bounded: bool) -> sa.Select:
    """Built once (every signup runs it): the row locked and read afresh. `bounded`
    (PostgreSQL): the statement first sets the transaction's lock_timeout, as SET LOCAL
    would, in the same round trip. set_config() is a filter on the row's scan, and the scan
    runs below the plan's LockRows node, so the bound is set before this row's lock is waited
    for (tests/test_locking.py shows the wait is bounded)."""
    statement = sa.select(Event).where(Event.id == sa.bindparam("event_id"))
    if bounded:
        bound = sa.func.set_config("lock_timeout", sa.bindparam("lock_timeout"), True)
        statement = statement.where(bound.is_not(None))
    return statement.with_for_update().execution_options(populate_existing=True)


@cache
def _touch_statement() -> sa.Update:
    return (
        sa.update(Event)
        .where(Event.id == sa.bindparam("event_id"))
        .values(updated_at=Event.updated_at)
        .execution_options(synchronize_session=False)
    )
