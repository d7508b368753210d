"""Running the jobs: procrastinate's worker with every task in an app context (PostgreSQL), or
the worker loop that calls the same tasks on SQLite."""

from __future__ import annotations

import logging
import threading
import time
import traceback

from flask import Flask

from matchmaker.extensions import db
from matchmaker.jobs import imports, queue, tasks
from matchmaker.jobs.site import SiteAddressMissing
from matchmaker.models import JobError
from matchmaker.operations import job_context
from matchmaker.services import mail_delivery
from matchmaker.services import matching as matching_service

log = logging.getLogger(__name__)


def record_error(job, exc: BaseException) -> None:
    """Keep why an attempt failed (the queue keeps only that it did), for the admin page."""
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:4000]
    try:
        db.session.add(
            JobError(job_id=job.id, task=job.task_name, attempt=job.attempts + 1, error=text)
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("Could not record the error of job %s", job.id)


def app_context_middleware(app: Flask):
    """A procrastinate task middleware: each job runs in its own app context and session."""

    def run(call_next, context, worker):
        with app.app_context(), job_context(context.job.id, context.job.task_name):
            try:
                return call_next()
            except Exception as exc:
                db.session.rollback()
                log.warning(
                    "Job %s (%s) attempt %d failed: %s",
                    context.job.id,
                    context.job.task_name,
                    context.job.attempts + 1,
                    type(exc).__name__,
                )
                record_error(context.job, exc)
                raise
            finally:
                db.session.remove()

    return run


def run_queue_worker(app: Flask, *, wait: bool = True, concurrency: int = 1, **options) -> None:
    """procrastinate's worker until SIGTERM/SIGINT (or, without `wait`, until no job is due)."""
    jobs = queue.state(app)
    # The worker opens the app's async pool; tasks that defer jobs use it from their threads.
    was_opened, jobs.opened = jobs.opened, True
    try:
        jobs.queue.run_worker(
            name=mail_delivery.worker_name(),
            wait=wait,
            concurrency=concurrency,
            task_middleware=[app_context_middleware(app)],
            install_signal_handlers=wait,
            update_heartbeat_interval=float(app.config["JOBS_HEARTBEAT_SECONDS"]),
            stalled_worker_timeout=float(app.config["JOBS_STALLED_SECONDS"]),
            **options,
        )
    finally:
        jobs.opened = was_opened


# --------------------------------------------------------------------- SQLite: the loop
class Loop:
    """One step at a time, the work the queue's jobs do: due mail, a debounced index build,
    queued imports, and the periodic pruning, digests and reminders (each sent once per
    period)."""

    def __init__(self, app: Flask, quiet: float, periodic_every: float = 3600.0) -> None:
        self.app = app
        self.debouncer = matching_service.Debouncer(quiet)
        self.periodic_every = periodic_every
        self.last_periodic: float | None = None
        self.counts = {"mail": 0, "builds": 0, "imports": 0, "periodic": 0}

    def step(self, now: float | None = None) -> bool:
        """Do what is due; True when there may be more to do at once."""
        now = time.monotonic() if now is None else now
        busy = False
        for name, task, work in (
            ("mail", "deliver_outbox", self._mail),
            ("builds", "build_index", lambda: self._index(now)),
            ("imports", "apply_import", self._import),
            ("periodic", "periodic", lambda: self._periodic(now)),
        ):
            with self.app.app_context(), job_context(None, task):
                try:
                    done = work()
                except Exception:
                    log.exception("Worker loop: %s failed; trying again later", name)
                    db.session.rollback()
                    done = 0
                finally:
                    db.session.remove()
            self.counts[name] += done
            busy = busy or (name in ("mail", "imports") and bool(done))
        return busy

    def _mail(self) -> int:
        return mail_delivery.deliver_due().claimed

    def _index(self, now: float) -> int:
        stored = matching_service.stored_version()
        db.session.rollback()
        if self.debouncer.due(stored, matching_service.stored_build_version(), now):
            matching_service.build_and_store()
            return 1
        return 0

    def _import(self) -> int:
        imports.recover_interrupted()  # a run whose process was killed: queued again or failed
        run_id = imports.next_queued()
        if run_id is None:
            return 0
        try:
            imports.apply(run_id)
        except Exception:
            log.exception("Import run %s failed", run_id)
        return 1

    def _periodic(self, now: float) -> int:
        if self.last_periodic is not None and now - self.last_periodic < self.periodic_every:
            return 0
        self.last_periodic = now
        done = 1
        try:
            for name in ("send_digests", "send_reminders"):
                log.info("Worker loop: %s: %s", name, tasks.run(name))
        except SiteAddressMissing as exc:
            log.warning("Worker loop: digests and reminders not sent: %s", exc)
            done = 0
        log.info("Worker loop: prune_jobs: %s", tasks.run("prune_jobs"))
        return done

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['mail']} messages handled, {c['builds']} index builds, "
            f"{c['imports']} imports, {c['periodic']} periodic runs"
        )


def run_loop(app: Flask, stop: threading.Event, interval: float = 1.0, quiet: float = 5.0) -> Loop:
    """The SQLite worker: step until `stop` is set, sleeping `interval` when idle."""
    loop = Loop(app, quiet)
    while not stop.is_set():
        if not loop.step():
            stop.wait(interval)
    return loop
