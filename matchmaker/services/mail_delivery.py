"""The mail worker: claims due outbox rows, sends them over one SMTP connection per batch and
records each outcome on its row (sent; queued again after a back-off; failed; kept).

`deliver_batch()` is the whole of one unit of work, a plain function a CLI loop or a job of a
queue library can call. Rows are claimed in a short transaction of their own (on PostgreSQL
with `FOR UPDATE SKIP LOCKED`, on SQLite under its single writer lock), so several workers on
several hosts never take the same row; a claim lapses after MAIL_CLAIM_SECONDS, so the rows
of a worker that crashed are taken again. Each outcome is committed right after the SMTP
server answers, which keeps the window in which a crash could send a message twice to one
message at most; the Message-ID is fixed per row so that even then receivers can tell.
"""

from __future__ import annotations

import base64
import logging
import os
import random
import secrets
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import sqlalchemy as sa
from flask import current_app

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, utcnow
from matchmaker.models.mail import MAIL_STATUSES
from matchmaker.services import invitations, mail_render
from matchmaker.services.mail import clean_header

log = logging.getLogger(__name__)

_outbox = OutboxMessage.__table__


@dataclass
class BatchResult:
    """What a batch (or a pass, or a worker's run) did with the rows it claimed."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0  # a temporary failure: queued again after a back-off
    kept: int = 0  # no MAIL_SERVER: the outbox is the delivery
    released: int = 0  # claimed, not tried (a stop was asked for, or the claim ran short)

    @property
    def claimed(self) -> int:
        return self.sent + self.failed + self.deferred + self.kept + self.released

    def add(self, other: BatchResult) -> None:
        for name in ("sent", "failed", "deferred", "kept", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        return (
            f"{self.sent} sent, {self.failed} failed, {self.deferred} deferred, "
            f"{self.kept} kept (no mail server)"
        )


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


SKIP_LOCKED = True  # the control test turns it off, with unclaimed(), to show the race


def unclaimed(now):
    """Rows no worker holds: never claimed, released, or the claim lapsed."""
    return sa.or_(_outbox.c.claimed_until.is_(None), _outbox.c.claimed_until < now)


def claim_batch(limit: int, worker: str | None = None, due_by=None) -> tuple[str, list]:
    """Claim up to `limit` queued rows that are due and unclaimed (or whose claim lapsed);
    returns the claim's token and the claimed rows. The claim is committed at once."""
    now = utcnow()
    due_by = due_by or now
    token = f"{worker or worker_name()}:{secrets.token_hex(4)}"
    until = now + timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    claimable = (
        _outbox.c.status == "queued",
        _outbox.c.next_attempt_at <= due_by,
        unclaimed(now),
    )
    due = (
        sa.select(_outbox.c.id)
        .where(*claimable)
        .order_by(_outbox.c.next_attempt_at, _outbox.c.id)
        .limit(limit)
    )
    # An idle worker asks often; a read answers without taking SQLite's write lock.
    if db.session.execute(sa.select(_outbox.c.id).where(*claimable).limit(1)).first() is None:
        db.session.commit()
        return token, []
    if db.session.get_bind().dialect.name == "postgresql":
        # Lock the batch's rows first, skipping (not waiting for) those another worker is
        # claiming right now. (As a subquery of the UPDATE, PostgreSQL may run the locking
        # SELECT more than once and claim more than `limit` rows.)
        if SKIP_LOCKED:
            due = due.with_for_update(skip_locked=True)
        chosen = db.session.scalars(due).all()
    else:
        # On SQLite one statement runs under the database's single writer lock, so the
        # subquery and the update see the same rows.
        chosen = due.scalar_subquery()
    db.session.execute(
        sa.update(_outbox)
        .where(_outbox.c.id.in_(chosen), *claimable)
        .values(claimed_by=token, claimed_until=until)
    )
    db.session.commit()
    rows = db.session.execute(
        sa.select(_outbox).where(_outbox.c.claimed_by == token).order_by(_outbox.c.id)
    ).all()
    db.session.commit()
    return token, rows


def deliver_batch(
    limit: int | None = None,
    *,
    worker: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    due_by=None,
) -> BatchResult:
    """Claim one batch of due messages and deliver it over one SMTP connection."""
    config = current_app.config
    token, rows = claim_batch(limit or config["MAIL_BATCH_SIZE"], worker, due_by)
    result = BatchResult()
    # Rows queued with a template are rendered now (a failure marks the row failed).
    rows = mail_render.render_claimed(token, rows, result)
    if not rows:
        return result
    if not config.get("MAIL_SERVER"):
        _finish(token, [row.id for row in rows], status="kept", next_attempt_at=None)
        log.info("%d message(s) kept in the outbox: no MAIL_SERVER is configured", len(rows))
        result.kept = len(rows)
        return result

    # Stop trying while the claim still holds with a margin, so no other worker can take a
    # row this one is about to send.
    claim_seconds = config["MAIL_CLAIM_SECONDS"]
    deadline = time.monotonic() + claim_seconds - min(60, claim_seconds / 4)
    smtp = None
    try:
        for i, row in enumerate(rows):
            if (should_stop and should_stop()) or time.monotonic() > deadline:
                _release(token, [r.id for r in rows[i:]])
                result.released += len(rows) - i
                break
            try:
                message = build_message(config, row)
            except Exception as exc:  # data no SMTP server could take: trying again won't help
                _record_failure(token, row, exc, temporary=False, result=result)
                continue
            if smtp is None:
                try:
                    smtp = _connect(config)
                except Exception as exc:
                    # The server cannot be reached or will not let us in (down, a timeout, a
                    # wrong password): not the messages' fault, so every one is retried.
                    log.warning("Mail server unavailable: %s", type(exc).__name__)
                    for rest in rows[i:]:
                        _record_failure(token, rest, exc, temporary=True, result=result)
                    break
            try:
                smtp.send_message(message)
            except Exception as exc:
                _record_failure(token, row, exc, temporary=is_temporary(exc), result=result)
                if _connection_lost(exc):
                    _quit(smtp)
                    smtp = None  # the next message opens a new connection
                continue
            _record_sent(token, row)
            result.sent += 1
    finally:
        if smtp is not None:
            _quit(smtp)
    log.info("Mail batch %s: %s", token, result.summary())
    return result


def deliver_due(limit: int | None = None, should_stop: Callable[[], bool] | None = None):
    """One pass: deliver, batch after batch, what is due now (not what falls due meanwhile,
    so a server that keeps failing cannot keep a pass going)."""
    total = BatchResult()
    started = utcnow()
    worker = worker_name()
    while not (should_stop and should_stop()):
        result = deliver_batch(limit, worker=worker, should_stop=should_stop, due_by=started)
        total.add(result)
        if result.claimed == 0 or result.released:
            break
    return total


def run_worker(stop: threading.Event, interval: float = 1.0, limit: int | None = None):
    """Deliver until `stop` is set: a full batch is followed at once by the next, otherwise
    the worker sleeps `interval` seconds. A database error is logged and waited out."""
    total = BatchResult()
    worker = worker_name()
    if not current_app.config.get("MAIL_SERVER"):
        log.warning("No MAIL_SERVER configured: queued mail is kept in the outbox, not sent")
    pause = interval
    while not stop.is_set():
        try:
            result = deliver_batch(limit, worker=worker, should_stop=stop.is_set)
        except sa.exc.SQLAlchemyError:
            log.exception("Mail worker could not reach the database; trying again")
            db.session.rollback()
            pause = min(max(pause * 2, interval), 60.0)
            stop.wait(pause)
            continue
        finally:
            db.session.remove()
        pause = interval
        total.add(result)
        if result.claimed < (limit or current_app.config["MAIL_BATCH_SIZE"]):
            stop.wait(interval)
    return total


def requeue(message: OutboxMessage) -> None:
    """An admin's "retry": a failed (or kept) message goes back to the queue."""
    message.requeue()
    log.info("Mail %s queued again", message.id)


def retry_delay(attempts: int, config) -> float:
    """Exponential back-off after the `attempts`-th failure, up to a quarter longer at random
    so that messages deferred together do not all come back at once; at least one second."""
    base = max(1.0, float(config["MAIL_RETRY_BASE_SECONDS"]))
    delay = min(base * 2 ** (attempts - 1), float(config["MAIL_RETRY_MAX_SECONDS"]))
    return max(1.0, delay) * random.uniform(1.0, 1.25)


def is_temporary(exc: BaseException) -> bool:
    """SMTP 4xx and a lost or timed-out connection are worth another try; 5xx are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return False  # e.g. an address the server cannot take (SMTPUTF8)
    # SMTPServerDisconnected and the other SMTPExceptions are OSErrors, like timeouts,
    # refused and reset connections.
    return isinstance(exc, OSError)


def describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {_text(msg)}" for code, msg in exc.recipients.values())
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        text = str(exc)
    return f"{type(exc).__name__}: {text}"[:2000]


def _text(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def build_message(config, row) -> EmailMessage:
    """The MIME message of an outbox row. Headers are cleaned again here for rows queued
    before queue_mail cleaned them."""
    sender = clean_header(config["MAIL_DEFAULT_SENDER"])
    domain = parseaddr(sender)[1].rpartition("@")[2] or "matchmaker.invalid"
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = clean_header(row.recipient)
    msg["Subject"] = clean_header(row.subject)
    created = row.created_at.replace(tzinfo=UTC)  # stored as naive UTC
    msg["Date"] = format_datetime(created)
    # One Message-ID per row, the same on every attempt.
    msg["Message-ID"] = f"<outbox-{row.id}.{int(created.timestamp())}@{domain}>"
    msg.set_content(row.body)
    for att in row.attachments or []:
        maintype, _, subtype = att["mimetype"].partition("/")
        # Binary files (a ticket's PNG) are kept in the JSON column as base64.
        if att.get("encoding") == "base64":
            content = base64.b64decode(att["content"])
        else:
            content = att["content"].encode()
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=att["filename"])
    return msg


def _connect(config) -> smtplib.SMTP:
    smtp = smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_SMTP_TIMEOUT"]
    )
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        _quit(smtp)
        raise
    return smtp


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except Exception:  # already gone; close the socket and move on
        smtp.close()


def _connection_lost(exc: BaseException) -> bool:
    """Whether the session cannot carry another message after `exc`."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421  # the server is closing the connection
    return isinstance(exc, OSError)


def _finish(token: str, ids: list[int], **values) -> int:
    """Write an outcome on rows this claim still holds and drop the claim; commit."""
    changed = db.session.execute(
        sa.update(_outbox)
        .where(_outbox.c.id.in_(ids), _outbox.c.claimed_by == token)
        .values(claimed_by=None, claimed_until=None, **values)
    ).rowcount
    db.session.commit()
    if changed != len(ids):
        log.warning(
            "Mail claim %s lapsed before %d row(s) were recorded", token, len(ids) - changed
        )
    return changed


def _release(token: str, ids: list[int]) -> None:
    _finish(token, ids)


def _record_sent(token: str, row) -> None:
    now = utcnow()
    _finish(
        token,
        [row.id],
        status="sent",
        sent_at=now,
        last_attempt_at=now,
        attempts=row.attempts + 1,
        next_attempt_at=None,
        error=None,
    )


def _record_failure(token: str, row, exc: BaseException, temporary: bool, result) -> None:
    config = current_app.config
    now = utcnow()
    attempts = row.attempts + 1
    values = {"attempts": attempts, "last_attempt_at": now, "error": describe(exc)}
    if temporary and attempts < config["MAIL_MAX_ATTEMPTS"]:
        values["next_attempt_at"] = now + timedelta(seconds=retry_delay(attempts, config))
        result.deferred += 1
    else:
        values.update(status="failed", next_attempt_at=None)
        result.failed += 1
    log.warning(
        "Mail %s attempt %d %s: %s",
        row.id,
        attempts,
        "deferred" if "status" not in values else "failed",
        type(exc).__name__,
    )
    if _finish(token, [row.id], **values) and refused_for_good(exc):
        # The address will never take mail: its open invitations are bounced, so the
        # coordinator sees which contact e-mail to correct.
        if invitations.mark_bounced(row.recipient):
            db.session.commit()


def refused_for_good(exc: BaseException) -> bool:
    """The server refused the recipient with a permanent (5xx) reply."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _msg in exc.recipients.values()
    )


@dataclass
class OutboxState:
    """What the outbox page tells an admin: how many messages are in each state, and how
    many queued ones have been due for longer than a running worker would let them wait."""

    counts: dict[str, int]
    overdue: int
    mail_server: bool


OVERDUE_AFTER = timedelta(minutes=5)


def outbox_state() -> OutboxState:
    counts = dict.fromkeys(MAIL_STATUSES, 0)
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    ).all()
    counts.update({status: n for status, n in rows})
    overdue = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.status == "queued",
            OutboxMessage.next_attempt_at < utcnow() - OVERDUE_AFTER,
        )
    )
    return OutboxState(counts, overdue, bool(current_app.config.get("MAIL_SERVER")))


def queue_depth() -> int:
    """Messages waiting for delivery (for the health check and the metrics)."""
    queued = sa.select(sa.func.count()).where(OutboxMessage.status == "queued")
    return db.session.scalar(queued.select_from(OutboxMessage))
