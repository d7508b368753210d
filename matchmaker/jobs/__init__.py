"""Background jobs on procrastinate (a PostgreSQL task queue); on SQLite the same tasks run in
the worker loop, without a queue.

What runs as a job: delivering the outbox, building the shared matching index (debounced: a
burst of edits, an import, is one build; one build at a time), the digests and the reminders
(periodic), large member imports (queued by the request, watched on a page).

The tables that hold the work stay the source of truth: a request writes outbox rows (or an
import run) in its own transaction, and only after that transaction commits is a job deferred
to drain them. A rolled-back transaction leaves nothing to send, and a job deferred for
nothing finds nothing; a lost defer (the process died right after the commit) is caught by
the periodic sweep. Upkeep (upkeep.py): a daily prune of finished jobs and imports, and a
check that puts back in the queue the jobs of a worker that stopped sending its heartbeat.

- PostgreSQL: ``flask --app matchmaker worker`` runs procrastinate's worker (any number, on
  any host); web processes only defer jobs. The schema is applied by an Alembic migration.
- SQLite: ``flask --app matchmaker worker`` is a loop calling the same task functions: it
  polls the outbox, the index version and the queued imports, and runs the periodic ones.
"""

from __future__ import annotations

from flask import Flask

from matchmaker.jobs import queue, tasks
from matchmaker.jobs.queue import INDEX, OUTBOX, close, defer, kick, on_queue, state

__all__ = ["INDEX", "OUTBOX", "close", "defer", "init_app", "kick", "on_queue", "state"]


def init_app(app: Flask) -> None:
    jobs = queue.make_state(app)
    if jobs.queue is not None:
        tasks.register(app, jobs)
    app.extensions[queue.EXTENSION] = jobs
    queue.install_session_hooks()
