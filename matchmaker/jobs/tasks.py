"""The tasks: plain functions run in an app context, by procrastinate's worker on PostgreSQL
(registered per app with its retry strategy) and by the worker loop on SQLite."""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from procrastinate import RetryStrategy

from matchmaker.extensions import db
from matchmaker.jobs import imports, upkeep
from matchmaker.jobs import queue as jobs
from matchmaker.jobs.site import site_request_context
from matchmaker.models import Opportunity, Organisation, OutboxMessage, User, utcnow
from matchmaker.services import digests, invitations, mail_delivery
from matchmaker.services import events as event_service
from matchmaker.services import matching as matching_service
from matchmaker.services import meetings as meeting_service
from matchmaker.services import opportunities as opportunity_service

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2  # the soonest a delivery job comes back for deferred mail


# --------------------------------------------------------------------- the work
def deliver_outbox() -> str:
    """Deliver what is due in the outbox; on the queue, come back when a deferred message
    (a temporary failure's back-off) falls due."""
    result = mail_delivery.deliver_due()
    if jobs.on_queue():
        now = utcnow()
        due = db.session.scalar(
            sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status == "queued", mail_delivery.unclaimed(now)
            )
        )
        db.session.rollback()
        if due is not None:
            # Not sooner than in a few seconds: a row another worker holds is its to finish.
            at = max(due, now + timedelta(seconds=RETRY_AFTER_SECONDS)).replace(tzinfo=UTC)
            jobs.defer("deliver_outbox", queueing_lock=jobs.OUTBOX_RETRY, schedule_at=at)
    return result.summary()


def build_index() -> str:
    """Build and store the shared matching index, unless the stored build is current."""
    version = matching_service.stored_version()
    db.session.rollback()
    if not version:
        return "no profiles yet"
    if matching_service.stored_build_version() == version:
        return f"index v{version} is current"
    path, version, seconds = matching_service.build_and_store()
    return f"index v{version} built in {seconds:.1f} s"


def send_digests() -> str:
    with site_request_context(current_app._get_current_object()):
        result = digests.send_digests()
        db.session.commit()
    return result.summary()


def send_reminders() -> str:
    """Events starting soon, meeting requests and opportunity deadlines about to lapse,
    unanswered invitations: each reminder is sent once, so running this often is safe."""
    with site_request_context(current_app._get_current_object()):
        events = event_service.send_reminders()
        db.session.commit()
        meetings, lapsed_meetings = meeting_service.expire_requests()
        db.session.commit()
        reminded, expired = opportunity_service.expire_and_remind()
        db.session.commit()
        invited, lapsed = invitations.remind_and_expire()
        db.session.commit()
    return (
        f"{events + meetings + reminded + invited} reminded, "
        f"{lapsed_meetings + expired + lapsed} expired"
    )


def sweep() -> str:
    """Every minute: catch work whose job was never deferred (a process died between its
    commit and the defer): due mail, an index older than its data."""
    due = mail_delivery.queue_depth()
    version = matching_service.stored_version()
    db.session.rollback()
    stale = bool(version) and matching_service.stored_build_version() != version
    if due:
        jobs.kick(jobs.OUTBOX)
    if stale:
        jobs.kick(jobs.INDEX)
    requeued = imports.requeue_lost()
    return f"{due} mail queued, index {'stale' if stale else 'current'}, {requeued} imports"


def prune_jobs() -> str:
    return upkeep.prune()


def retry_stalled() -> str:
    return upkeep.retry_stalled()


def apply_import(run_id: int) -> str:
    return imports.apply(run_id)


def send_notices(opportunity_id: int, organisation_ids: list[int], actor_id: int) -> str:
    """What an opportunity's owner sent: notifications and mail to each organisation."""
    opp = db.session.get(Opportunity, opportunity_id)
    actor = db.session.get(User, actor_id)
    if opp is None or actor is None:
        return "opportunity or sender gone: nothing to send"
    targets = list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.id.in_(organisation_ids))
            .order_by(Organisation.id)
        )
    )
    with site_request_context(current_app._get_current_object()):
        opportunity_service.send_notices(opp, targets, actor)
        db.session.commit()
    return f"{len(targets)} organisations told about opportunity {opportunity_id}"


# --------------------------------------------------------------------- registration
PERIODIC = {
    # name: cron (procrastinate takes a sixth field for seconds)
    "sweep": "* * * * *",
    "send_digests": "7 * * * *",  # each digest is sent once per its period
    "send_reminders": "*/10 * * * *",
    "prune_jobs": "23 3 * * *",  # daily
    "retry_stalled": None,  # as often as JOBS_STALLED_SECONDS, at most every minute
}
# Periodic tasks of which one waiting job is enough (a slow queue does not pile them up).
SINGLE = ("prune_jobs", "retry_stalled")


def register(app: Flask, state: jobs.Jobs) -> None:
    """Register the tasks on this app's procrastinate app, with the configured retries:
    exponential back-off (JOBS_RETRY_BASE_SECONDS ** attempt), JOBS_MAX_ATTEMPTS in all."""
    queue = state.queue
    retries = int(app.config["JOBS_MAX_ATTEMPTS"]) - 1  # after the first attempt
    # No retries is False: procrastinate reads max_attempts=0 as "retry forever".
    retry = (
        RetryStrategy(max_attempts=retries, exponential_wait=app.config["JOBS_RETRY_BASE_SECONDS"])
        if retries > 0
        else False
    )
    plain = {
        "deliver_outbox": deliver_outbox,
        "build_index": build_index,
        "apply_import": apply_import,
        "send_notices": send_notices,
    }
    for name, func in plain.items():
        state.tasks[name] = queue.task(name=name, retry=retry, queue="default")(func)
    for name, cron in PERIODIC.items():
        func = globals()[name]
        cron = cron or upkeep.stalled_check_cron(app.config["JOBS_STALLED_SECONDS"])

        def periodic(timestamp: int, _func=func):
            return _func()

        periodic.__name__ = name
        lock = name if name in SINGLE else None
        task = queue.task(name=name, retry=retry, queue="default", queueing_lock=lock)(periodic)
        queue.periodic(cron=cron, periodic_id=name)(task)
        state.tasks[name] = task


def run(name: str, **kwargs) -> str:
    """Run a task's function here and now (the CLI, the SQLite loop)."""
    funcs = {
        "deliver_outbox": deliver_outbox,
        "build_index": build_index,
        "send_digests": send_digests,
        "send_reminders": send_reminders,
        "sweep": sweep,
        "prune_jobs": prune_jobs,
        "retry_stalled": retry_stalled,
        "apply_import": apply_import,
        "send_notices": send_notices,
    }
    return funcs[name](**kwargs)
