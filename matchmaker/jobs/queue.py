"""The queue: per-app procrastinate state, deferring, and the session hooks that defer a job
after a commit wrote work for one."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import procrastinate
import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from procrastinate.exceptions import AlreadyEnqueued

from matchmaker.extensions import db

log = logging.getLogger(__name__)

EXTENSION = "matchmaker.jobs"
# Queueing locks: at most one waiting job of each (procrastinate refuses a second one).
OUTBOX, OUTBOX_RETRY, INDEX = "outbox", "outbox-retry", "matching-index"
# What a commit can call for, keyed by the table it wrote: new mail (not a worker's updates of
# the outbox, which would call for themselves), changed matching input.
_INSERT_KICKS = {"outbox_message": OUTBOX, "profile_change": INDEX}
_UPDATE_KICKS: dict[str, str] = {}


@dataclass
class Jobs:
    """Per-app state: the procrastinate app (None on SQLite) and its tasks by name."""

    queue: procrastinate.App | None
    tasks: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    opened: bool = False


def conninfo(url: sa.engine.URL) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL (any driver)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def make_state(app: Flask) -> Jobs:
    """A procrastinate app on PostgreSQL (its pools opened on first use); none on SQLite."""
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return Jobs(None)
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(url), min_size=1, max_size=app.config["JOBS_POOL_SIZE"]
    )
    return Jobs(procrastinate.App(connector=connector))


def state(app: Flask | None = None) -> Jobs:
    return (app or current_app._get_current_object()).extensions[EXTENSION]


def on_queue(app: Flask | None = None) -> bool:
    """Whether jobs go through procrastinate (PostgreSQL), not the SQLite worker loop."""
    return state(app).queue is not None


def sync_queue(app: Flask | None = None) -> procrastinate.App:
    """The procrastinate app, its sync connection pool opened on first use (after a fork)."""
    jobs = state(app)
    assert jobs.queue is not None
    if not jobs.opened:
        with jobs.lock:
            if not jobs.opened:
                jobs.queue.open()
                jobs.opened = True
    return jobs.queue


def close(app: Flask) -> None:
    """Close this app's connections to the queue (tests; a worker closes its own)."""
    jobs = app.extensions.get(EXTENSION)
    if jobs is not None and jobs.opened:
        jobs.queue.close()
        jobs.opened = False


# --------------------------------------------------------------------- deferring
def defer(
    name: str, args: dict | None = None, *, queueing_lock: str | None = None, **options
) -> int | None:
    """Defer task `name` on the queue (PostgreSQL); returns the job id, or None when a job
    with the same queueing lock is already waiting (it will do the same work)."""
    sync_queue()
    configured = state().tasks[name].configure(queueing_lock=queueing_lock, **options)
    try:
        return configured.defer(**(args or {}))
    except AlreadyEnqueued:
        return None


_WAITING = (
    "SELECT EXISTS (SELECT 1 FROM procrastinate_jobs "
    "WHERE queueing_lock = %(lock)s AND status = 'todo') AS waiting"
)


def waiting(queueing_lock: str, connection=None) -> bool:
    """Whether a job with this queueing lock is waiting (not yet started); on `connection`
    (a psycopg connection in autocommit) when given, else on the queue's pool."""
    if connection is not None:
        return bool(connection.execute(_WAITING, {"lock": queueing_lock}).fetchone()[0])
    row = (
        sync_queue()
        .connector.get_sync_connector()
        .execute_query_one(query=_WAITING, lock=queueing_lock)
    )
    return bool(row["waiting"])


def kick(what: str) -> None:
    """After a commit that queued mail (OUTBOX) or changed matching input (INDEX): make sure
    a job will drain it. A waiting job that has not started yet covers the commit already.

    Asked on a connection of the app's own pool in autocommit, which is warm and unchecked
    (app.py pings only an idle one): one round trip when a job is waiting, two when one is
    deferred. The queue's pool would add a liveness check and BEGIN and COMMIT to each."""
    if not on_queue():
        return  # the SQLite worker loop polls
    try:
        sync_queue()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            driver = conn.connection.driver_connection
            if waiting(what, driver):
                return
            if what == OUTBOX:
                defer("deliver_outbox", queueing_lock=OUTBOX, connection=driver)
            elif what == INDEX:
                # Debounced: edits until the job starts are built together; one build at a time.
                quiet = float(current_app.config["INDEX_BUILD_QUIET_SECONDS"])
                defer(
                    "build_index",
                    queueing_lock=INDEX,
                    lock=INDEX,
                    schedule_in={"seconds": quiet},
                    connection=driver,
                )
    except Exception:
        # The rows are committed; the periodic sweep defers the job the next minute.
        log.warning("Could not defer the %s job; the sweep will", what, exc_info=True)


def defer_after_commit(name: str, args: dict) -> bool:
    """Defer task `name` once the current transaction commits (nothing if it rolls back).
    False without a queue (SQLite, or JOBS_KICK off): the caller does the work itself."""
    if not on_queue() or not current_app.config["JOBS_KICK"]:
        return False
    db.session.info.setdefault("matchmaker.jobs.defer", []).append((name, args))
    return True


def _kicks(session) -> set:
    return session.info.setdefault("matchmaker.jobs", set())


def _before_flush(session, flush_context, instances) -> None:
    for obj in session.new:
        what = _INSERT_KICKS.get(getattr(obj, "__tablename__", None))
        if what:
            _kicks(session).add(what)


def note_inserted(session, tablenames) -> None:
    """Rows written by one statement for several tables (services/events/inserts.py), which
    no flush saw: the kicks they call for, as for flushed objects."""
    for name in tablenames:
        what = _INSERT_KICKS.get(name)
        if what:
            _kicks(session).add(what)


def _do_orm_execute(execute_state) -> None:
    kicks = (
        _INSERT_KICKS
        if execute_state.is_insert
        else _UPDATE_KICKS
        if execute_state.is_update
        else None
    )
    if kicks:
        table = getattr(execute_state.statement, "table", None)
        what = kicks.get(getattr(table, "name", None))
        if what:
            _kicks(execute_state.session).add(what)


def _after_commit(session) -> None:
    for name, args in session.info.pop("matchmaker.jobs.defer", []):
        try:
            defer(name, args)
        except Exception:
            log.exception("Could not defer the %s job", name)
    pending = session.info.pop("matchmaker.jobs", None)
    if not pending or not has_app_context() or not current_app.config["JOBS_KICK"]:
        return
    for what in sorted(pending):
        kick(what)


def _after_rollback(session) -> None:
    session.info.pop("matchmaker.jobs", None)
    session.info.pop("matchmaker.jobs.defer", None)


_hooks_installed = False


def install_session_hooks() -> None:
    """Once per process: the Flask-SQLAlchemy session notes what a transaction wrote."""
    global _hooks_installed
    if _hooks_installed:
        return
    sa.event.listen(db.session, "before_flush", _before_flush)
    sa.event.listen(db.session, "do_orm_execute", _do_orm_execute)
    sa.event.listen(db.session, "after_commit", _after_commit)
    sa.event.listen(db.session, "after_rollback", _after_rollback)
    _hooks_installed = True
