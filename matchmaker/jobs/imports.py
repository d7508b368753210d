"""Member imports too large for a request: the request stores the file and its mapping as an
import run (in its transaction) and defers a job; the job applies it all or nothing, exactly
as a small import is applied in the request, and records the outcome for the status page."""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.jobs import queue, runner
from matchmaker.jobs.site import site_request_context
from matchmaker.models import Cluster, ImportRun, User, utcnow
from matchmaker.models.jobs import WORKER_LOST
from matchmaker.services import imports
from matchmaker.services.errors import DomainError

log = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 200  # errors listed on the status page; the count is always exact
LOST_AFTER = timedelta(minutes=5)  # a queued run with no job this long is deferred again


def threshold() -> int:
    """Imports with more rows than this run as a job."""
    return int(current_app.config["IMPORT_JOB_ROWS"])


def queue_import(
    cluster: Cluster,
    filename: str,
    content: bytes,
    rows: int,
    mapping: dict[str, str],
    *,
    actor: User | None,
    confirmed=(),
) -> ImportRun:
    """Record the import to be applied by a job, in the caller's transaction."""
    run = ImportRun(
        cluster=cluster,
        actor=actor,
        filename=filename,
        content=content,
        mapping=dict(mapping),
        confirmed=sorted(int(c) for c in confirmed),
        rows=rows,
    )
    db.session.add(run)
    return run


def start(run: ImportRun) -> None:
    """After the run's commit: defer its job (PostgreSQL); the SQLite worker loop polls."""
    if not queue.on_queue():
        return
    try:
        queue.defer("apply_import", {"run_id": run.id}, queueing_lock=f"import-{run.id}")
    except Exception:
        log.warning("Import run %s not deferred; the sweep will", run.id, exc_info=True)


def _claim(run_id: int) -> bool:
    claimed = db.session.execute(
        sa.update(ImportRun)
        .where(ImportRun.id == run_id, ImportRun.status.in_(("queued", "running", "failed")))
        .values(
            status="running",
            started_at=utcnow(),
            error=None,
            attempts=ImportRun.attempts + 1,
            runner=runner.identity(),
        )
    ).rowcount
    db.session.commit()
    return bool(claimed)


def _finish(run: ImportRun, status: str, summary: dict | None, error: str | None) -> None:
    run.status, run.error, run.finished_at, run.runner = status, error, utcnow(), None
    if summary is not None:
        summary = {k: v for k, v in summary.items() if k != "items"}
        summary["errors"] = summary.get("errors", [])[:MAX_ERRORS_KEPT]
        run.summary = summary
    if status in ("done", "rejected"):
        run.content = b""  # the file is no longer needed
    db.session.commit()


def apply(run_id: int) -> str:
    """Apply a queued import run (the job). A rejected file writes nothing and says why; an
    unexpected error marks the run failed and is raised, so the job is retried."""
    if not _claim(run_id):
        return f"import run {run_id}: nothing to do"
    run = db.session.get(ImportRun, run_id)
    try:
        with site_request_context(current_app._get_current_object()):
            result = imports.import_file(
                run.cluster,
                run.filename,
                run.content,
                actor=run.actor,
                dry_run=False,
                mapping=run.mapping,
                confirmed=set(run.confirmed or ()),
            )
            db.session.commit()
    except imports.ImportRejected as exc:
        db.session.rollback()
        _finish(run, "rejected", exc.preview.summary(), str(exc.message))
        return f"import run {run_id} rejected"
    except DomainError as exc:
        db.session.rollback()
        problems = [str(m) for ms in exc.fields.values() for m in ms]
        _finish(run, "rejected", None, " ".join([str(exc.message), *problems]))
        return f"import run {run_id} rejected"
    except Exception as exc:
        db.session.rollback()
        _finish(run, "failed", None, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    _finish(run, "done", result.summary(), None)
    log.info("Import run %s done: %d rows", run_id, run.rows)
    return f"import run {run_id} done"


def next_queued() -> int | None:
    """The oldest queued run (the SQLite worker loop)."""
    run_id = db.session.scalar(
        sa.select(ImportRun.id).where(ImportRun.status == "queued").order_by(ImportRun.id).limit(1)
    )
    db.session.rollback()
    return run_id


def requeue_lost() -> int:
    """Defer again queued runs whose job was never deferred (the sweep, PostgreSQL)."""
    if not queue.on_queue():
        return 0
    ids = db.session.scalars(
        sa.select(ImportRun.id).where(
            ImportRun.status == "queued", ImportRun.created_at < utcnow() - LOST_AFTER
        )
    ).all()
    db.session.rollback()
    for run_id in ids:
        queue.defer("apply_import", {"run_id": run_id}, queueing_lock=f"import-{run_id}")
    return len(ids)


def retry(run: ImportRun) -> None:
    """An admin's retry of a failed run: queued again with every attempt ahead of it (the
    caller commits, then start())."""
    if run.status != "failed":
        raise DomainError(_l("Only a failed import can be tried again."))
    run.status, run.error, run.finished_at, run.attempts = "queued", None, None, 0


# --------------------------------------------------------------------- interrupted runs
def worker_lost(run_id: int, *, again: bool) -> None:
    """The attempt applying this run died with its process (nothing was written: the import
    is one transaction): queued again for the next attempt, or failed when none is left.
    The caller commits."""
    values = {"error": WORKER_LOST, "runner": None}
    if again:
        values.update(status="queued", finished_at=None)
    else:
        values.update(status="failed", finished_at=utcnow())
    db.session.execute(
        sa.update(ImportRun)
        .where(ImportRun.id == run_id, ImportRun.status.in_(("queued", "running")))
        .values(**values)
    )


def runner_lost(run: ImportRun, now=None) -> bool:
    """Whether a running run's process is gone: it no longer lives on this host, or (another
    host, nothing recorded) the run started more than JOBS_STALLED_SECONDS ago, for an
    SQLite database is not shared between hosts. On PostgreSQL the job's heartbeat decides."""
    if run.status != "running" or queue.on_queue():
        return False
    alive = runner.alive(run.runner)
    if alive is not None:
        return not alive
    stalled = timedelta(seconds=float(current_app.config["JOBS_STALLED_SECONDS"]))
    return run.started_at is None or run.started_at < (now or utcnow()) - stalled


def recover_interrupted() -> tuple[int, int]:
    """SQLite: runs left "running" by a process that died (killed mid-import) are queued
    again, or marked failed after JOBS_MAX_ATTEMPTS attempts, the rule of the stalled-job
    check on PostgreSQL. Returns (queued again, failed)."""
    if queue.on_queue():
        return 0, 0
    max_attempts = int(current_app.config["JOBS_MAX_ATTEMPTS"])
    again = failed = 0
    running = db.session.scalars(sa.select(ImportRun).where(ImportRun.status == "running")).all()
    for run in running:
        if not runner_lost(run):
            continue
        retry_it = run.attempts < max_attempts
        worker_lost(run.id, again=retry_it)
        log.warning(
            "Import run %s: its worker stopped during attempt %d; %s",
            run.id,
            run.attempts,
            "queued again" if retry_it else "failed",
        )
        again, failed = again + retry_it, failed + (not retry_it)
    db.session.commit()
    return again, failed
