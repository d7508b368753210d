"""Keeping the queue tidy: finished jobs, their recorded errors and finished large imports
are pruned after a while (failed ones kept longer, for the admins), and a job whose worker
died mid-way (its heartbeat stopped) is put back in the queue for another worker."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from procrastinate import exceptions
from procrastinate import jobs as procrastinate_jobs
from procrastinate import sql as procrastinate_sql

from matchmaker.extensions import db
from matchmaker.jobs import imports, queue
from matchmaker.models import ImportRun, JobError, utcnow

log = logging.getLogger(__name__)

FINISHED = ("succeeded", "cancelled", "aborted")  # pruned after JOBS_KEEP_DAYS
IMPORTS_FINISHED = ("done", "rejected")
_QUEUE_JOBS = sa.table("procrastinate_jobs", sa.column("id"))
WORKER_LOST = "WorkerLost: the worker running this attempt stopped sending its heartbeat"
REPLACED = "the same job queued after it does the work"


def _connector():
    """procrastinate's connector for plain calls (the worker's async pool inside a worker)."""
    return queue.sync_queue().connector.get_sync_connector()


def stalled_check_cron(seconds: float) -> str:
    """How often to look for stalled jobs: as often as a worker is declared lost, at most
    every minute (procrastinate's cron takes a sixth field for seconds)."""
    every = max(1, min(60, int(seconds)))
    return "* * * * *" if every == 60 else f"* * * * * */{every}"


# --------------------------------------------------------------------- pruning
def prune(now: datetime | None = None) -> str:
    """Delete what finished long ago: queue jobs with their events (procrastinate's own
    delete_old_jobs query), the errors of jobs no longer kept, finished import runs with their
    files. Failed work is kept JOBS_KEEP_FAILED_DAYS, the rest JOBS_KEEP_DAYS."""
    config = current_app.config
    keep_days, failed_days = int(config["JOBS_KEEP_DAYS"]), int(config["JOBS_KEEP_FAILED_DAYS"])
    now = now or utcnow()
    if queue.on_queue():
        connector = _connector()
        query = procrastinate_sql.queries["delete_old_jobs"]
        for days, statuses in ((keep_days, FINISHED), (failed_days, ("failed",))):
            connector.execute_query(
                query=query, nb_hours=days * 24, queue=None, statuses=list(statuses)
            )
        # An error row belongs to a job: it goes with it.
        errors = db.session.execute(
            sa.delete(JobError).where(~sa.exists().where(_QUEUE_JOBS.c.id == JobError.job_id)),
            execution_options={"synchronize_session": False},
        ).rowcount
    else:
        errors = db.session.execute(
            sa.delete(JobError).where(JobError.at < now - timedelta(days=failed_days)),
            execution_options={"synchronize_session": False},
        ).rowcount
    runs = db.session.execute(
        sa.delete(ImportRun).where(
            sa.or_(
                sa.and_(
                    ImportRun.status.in_(IMPORTS_FINISHED),
                    ImportRun.finished_at < now - timedelta(days=keep_days),
                ),
                sa.and_(
                    ImportRun.status == "failed",
                    ImportRun.finished_at < now - timedelta(days=failed_days),
                ),
            )
        ),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    log.info("Pruned %d job errors and %d import runs", errors, runs)
    return f"old jobs pruned, {errors} job errors and {runs} import runs removed"


# --------------------------------------------------------------------- stalled jobs
def stalled_jobs() -> list[procrastinate_jobs.Job]:
    """Running jobs whose worker has sent no heartbeat for JOBS_STALLED_SECONDS (or was
    pruned as dead): procrastinate's own stalled-job query."""
    rows = _connector().execute_query_all(
        query=procrastinate_sql.queries["select_stalled_jobs_by_heartbeat"],
        queue=None,
        task_name=None,
        seconds_since_heartbeat=float(current_app.config["JOBS_STALLED_SECONDS"]),
    )
    return [procrastinate_jobs.Job.from_row(row) for row in rows]


def retry_stalled() -> str:
    """Put stalled jobs back in the queue, due now, as a failed attempt (recorded for the
    admin page); a job out of attempts is marked failed instead, so a job that kills its
    worker every time does not loop forever, and so is one whose queueing lock a job queued
    since holds (that job does the same work). Then forget the dead workers."""
    if not queue.on_queue():
        return "no queue"
    connector = _connector()
    manager = queue.sync_queue().job_manager
    max_attempts = int(current_app.config["JOBS_MAX_ATTEMPTS"])
    retried = failed = 0

    def finish_failed(job) -> None:
        connector.execute_query(
            query=procrastinate_sql.queries["finish_job"],
            job_id=job.id,
            status="failed",
            delete_job=False,
        )

    for job in stalled_jobs():
        error = WORKER_LOST
        last = job.attempts + 1 >= max_attempts
        try:
            if last:
                finish_failed(job)
                failed += 1
            else:
                try:
                    manager.retry_job_by_id(job.id, retry_at=datetime.now(UTC))
                    retried += 1
                except exceptions.UniqueViolation:
                    # A job with the same queueing lock was queued after it (the next
                    # edit's index build): that one does the same work, and this one,
                    # left "doing", would hold their shared lock for ever.
                    finish_failed(job)
                    failed += 1
                    error = f"{WORKER_LOST}; {REPLACED}"
                    last = True
        except Exception:
            # Another worker's check took it first (no longer "doing"): nothing to do.
            log.info("Stalled job %s was taken care of elsewhere", job.id, exc_info=True)
            continue
        log.warning("Job %s (%s) stalled: its worker stopped responding", job.id, job.task_name)
        if job.task_name == "apply_import" and "run_id" in job.task_kwargs:
            # The run says so too: queued again, or failed (else "running" for ever).
            imports.worker_lost(int(job.task_kwargs["run_id"]), again=not last)
        db.session.add(
            JobError(job_id=job.id, task=job.task_name, attempt=job.attempts + 1, error=error)
        )
        db.session.commit()
    connector.execute_query_all(
        query=procrastinate_sql.queries["prune_stalled_workers"],
        seconds_since_heartbeat=float(current_app.config["JOBS_STALLED_SECONDS"]),
    )
    return f"{retried} stalled jobs queued again, {failed} failed"
