"""What the admin page and the health check tell about the jobs: recent jobs with their
state, attempts and last error, the queue's depth, and an admin's retry."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.jobs import imports, queue
from matchmaker.jobs.imports import LOST_AFTER
from matchmaker.matching import store
from matchmaker.models import ImportRun, JobError, utcnow
from matchmaker.services import matching as matching_service
from matchmaker.services.errors import Conflict, NotFound

log = logging.getLogger(__name__)

# procrastinate's job states, in the order the page lists them.
JOB_STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")
RETRYABLE = ("failed",)  # what procrastinate can put back in the queue
CANCELLABLE = ("todo",)  # a waiting job; a running one finishes (or stalls and is retried)
CANCELLED_IMPORT = "Cancelled by a site admin before it ran: nothing was written"


@dataclass
class JobRow:
    id: int
    task: str
    queue: str
    status: str
    attempts: int
    scheduled_at: datetime | None  # naive UTC, like the app's other times
    last_event_at: datetime | None
    error: str | None
    stalled: bool = False  # running, but its worker stopped sending its heartbeat

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE

    @property
    def can_cancel(self) -> bool:
        return self.status in CANCELLABLE


def _naive(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


# A running job whose worker has sent no heartbeat for JOBS_STALLED_SECONDS (or is gone).
_STALLED = (
    "j.status = 'doing' AND (w.id IS NULL OR "
    "w.last_heartbeat < now() - make_interval(secs => :stalled_after))"
)
_WITH_WORKER = "FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w ON w.id = j.worker_id"

_RECENT = sa.text(
    f"""
    SELECT j.id, j.task_name, j.queue_name, j.status::text AS status, j.attempts,
           j.scheduled_at,
           (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) AS last_event_at,
           ({_STALLED}) AS stalled
    {_WITH_WORKER}
    WHERE (CAST(:status AS text) IS NULL OR j.status::text = :status)
    ORDER BY j.id DESC
    LIMIT :limit
    """
)


def recent_jobs(status: str | None = None, limit: int = 50) -> list[JobRow]:
    """The latest jobs on the queue (PostgreSQL), newest first, with each one's last error."""
    rows = db.session.execute(
        _RECENT, {"status": status, "limit": limit, "stalled_after": _stalled_after()}
    ).all()
    ids = [r.id for r in rows]
    errors: dict[int, str] = {}
    if ids:
        for job_id, error in db.session.execute(
            sa.select(JobError.job_id, JobError.error)
            .where(JobError.job_id.in_(ids))
            .order_by(JobError.id)
        ):
            errors[job_id] = error  # the last one wins
    return [
        JobRow(
            r.id,
            r.task_name,
            r.queue_name,
            r.status,
            r.attempts,
            _naive(r.scheduled_at),
            _naive(r.last_event_at),
            errors.get(r.id),
            bool(r.stalled),
        )
        for r in rows
    ]


def _stalled_after() -> float:
    return float(current_app.config["JOBS_STALLED_SECONDS"])


def stalled_count() -> int:
    """Running jobs whose worker went silent: the periodic check puts them back in the queue."""
    return db.session.scalar(
        sa.text(f"SELECT count(*) {_WITH_WORKER} WHERE {_STALLED}"),
        {"stalled_after": _stalled_after()},
    )


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(JOB_STATUSES, 0)
    rows = db.session.execute(
        sa.text("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status")
    ).all()
    counts.update({status: n for status, n in rows if status in counts})
    return counts


def queue_depth() -> int:
    """Jobs due and waiting for a worker: procrastinate's (PostgreSQL), else the queued
    imports the SQLite worker loop has not taken yet (its mail is the mail queue)."""
    if queue.on_queue():
        return db.session.scalar(
            sa.text(
                "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' "
                "AND (scheduled_at IS NULL OR scheduled_at <= now())"
            )
        )
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ImportRun).where(ImportRun.status == "queued")
    )


def _job(job_id: int):
    row = db.session.execute(
        sa.text(
            "SELECT status::text AS status, task_name, args FROM procrastinate_jobs WHERE id = :id"
        ),
        {"id": job_id},
    ).first()
    db.session.rollback()
    if row is None:
        raise NotFound(_l("No such job."))
    return row


def index_age() -> float | None:
    """Seconds since the current stored build of the matching index was made (the build every
    process maps, whoever built it); None before the first build."""
    try:
        build = store.current_build(matching_service.index_dir())
        if build is None:
            return None
        return max(0.0, time.time() - float(store.read_manifest(build, verify=False)["created"]))
    except (store.StoreError, OSError, KeyError, TypeError, ValueError):
        return None


def retry_job(job_id: int) -> None:
    """An admin's retry: a failed job goes back to the queue, due now."""
    if _job(job_id).status not in RETRYABLE:
        raise Conflict(_l("Only a failed job can be tried again."))
    queue.sync_queue().job_manager.retry_job_by_id(job_id, retry_at=datetime.now(UTC))
    log.info("Job %s queued again by an admin", job_id)


def cancel_job(job_id: int) -> None:
    """An admin's cancel of a waiting job (procrastinate refuses one a worker has taken). A
    cancelled import says so and can be retried (else the sweep would queue it again)."""
    job = _job(job_id)
    if job.status not in CANCELLABLE or not queue.sync_queue().job_manager.cancel_job_by_id(job_id):
        raise Conflict(_l("Only a job waiting for a worker can be cancelled."))
    if job.task_name == "apply_import" and "run_id" in (job.args or {}):
        db.session.execute(
            sa.update(ImportRun)
            .where(ImportRun.id == int(job.args["run_id"]), ImportRun.status == "queued")
            .values(status="failed", error=CANCELLED_IMPORT, finished_at=utcnow())
        )
        db.session.commit()
    log.info("Job %s cancelled by an admin", job_id)


def recent_imports(limit: int = 20) -> list[ImportRun]:
    return list(db.session.scalars(sa.select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)))


def interrupted_imports(runs: list[ImportRun]) -> set[int]:
    """The runs shown running whose process is gone (SQLite; the next pass retries them)."""
    return {run.id for run in runs if imports.runner_lost(run)}


def overdue_imports() -> int:
    """Queued imports nobody took for five minutes: is a worker running?"""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ImportRun)
        .where(ImportRun.status == "queued", ImportRun.created_at < utcnow() - LOST_AFTER)
    )
