"""Mail: a request only writes outbox rows; the worker delivers them to a real SMTP server
(aiosmtpd on loopback, in the test process), one connection per batch, retrying temporary
failures with a back-off and failing permanent ones, and two workers never send one twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_migrate import downgrade, upgrade

from matchmaker.extensions import db
from matchmaker.models import ContactPerson, Invitation, OutboxMessage, utcnow
from matchmaker.services import invitations, mail, mail_delivery

HOSTILE_NAME = "Telakka\rBcc: victim@example.fi\r\nOy"
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives. `fail_data` answers the first DATA
    commands with those replies (e.g. "451 ..."), `refuse` refuses those recipients (550)."""

    def __init__(self, fail_data: list[str] | None = None, refuse: set[str] | None = None):
        self.fail_data = list(fail_data or [])
        self.refuse = refuse or set()
        self.messages = []
        self.sessions = []  # one Session object per SMTP connection

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if not any(s is session for s in self.sessions):
            self.sessions.append(session)
        if self.fail_data:
            return self.fail_data.pop(0)
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return [r for rcpts, _msg in self.messages for r in rcpts]


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or _free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self, **inbox_options) -> Inbox:
        self.inbox = Inbox(**inbox_options)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self.inbox

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def _mail_config(port: int, **extra) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, **extra}


@pytest.fixture
def mail_app(app, app_factory, smtp):
    """An app that mails through `smtp`, its context above the plain `app` of the factories."""
    mailing = app_factory(**_mail_config(smtp.port))
    with mailing.app_context():
        yield mailing


def _queue(n: int, prefix: str = "person") -> list[int]:
    rows = [mail.queue_mail(f"{prefix}{i}@example.fi", f"Hello {i}", "Body\n") for i in range(n)]
    db.session.commit()
    return [row.id for row in rows]


def _row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def _outbox(recipient: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    ).one()


def _approve_join_request(app, make_org, make_user, org_name: str):
    """An admin approves a pending member: the member is mailed "You can now act for ORG"."""
    org = make_org()
    org.name = org_name  # straight onto the row, as older data or an import could hold it
    db.session.commit()
    admin = make_user(org, org_role="admin")
    newcomer = make_user(org, org_status="pending", email="newcomer@example.fi")
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    browser.post("/auth/login", data={"email": admin.email, "password": "correct horse battery"})
    response = browser.post(
        f"/organisations/{org.id}/people/{newcomer.id}", data={"action": "approve"}
    )
    return response, newcomer


# --- queueing: headers cleaned, nothing sent inside the request --------------------------


def test_clean_header_makes_one_line():
    assert mail.clean_header("A\rB\nC\u2028D\x85E\x00F\tG  H") == "A B C D E F G H"
    assert mail.clean_header("x" * 400, 300) == "x" * 299 + "…"


def test_a_request_only_queues_the_mail(mail_app, make_org, make_user, smtp):
    inbox = smtp.start()
    response, newcomer = _approve_join_request(mail_app, make_org, make_user, "Telakka Oy")
    assert response.status_code == 302
    row = _outbox(newcomer.email)
    assert row.status == "queued" and row.attempts == 0 and row.sent_at is None
    assert inbox.messages == [] and inbox.sessions == []


def test_carriage_return_in_an_organisation_name_still_delivers_one_clean_message(
    mail_app, make_org, make_user, smtp
):
    inbox = smtp.start()
    response, newcomer = _approve_join_request(mail_app, make_org, make_user, HOSTILE_NAME)
    assert response.status_code == 302  # saved, no error page
    result = mail_delivery.deliver_batch()

    assert result.sent == 1
    row = _outbox(newcomer.email)
    assert row.subject == "You can now act for Telakka Bcc: victim@example.fi Oy"
    assert row.status == "sent" and row.sent_at is not None and row.error is None
    [(recipients, message)] = inbox.messages
    assert recipients == [newcomer.email]  # no header smuggled in a Bcc
    assert message["Subject"] == row.subject and message["Bcc"] is None
    assert message["Message-ID"].startswith(f"<outbox-{row.id}.")


def test_a_newline_in_a_name_stays_in_the_subject_and_out_of_the_body(app, make_org, make_user):
    response, newcomer = _approve_join_request(app, make_org, make_user, "Telakka\nLaine Oy")
    assert response.status_code == 302
    row = _outbox(newcomer.email)
    assert row.subject == "You can now act for Telakka Laine Oy"
    assert not row.body.startswith("Laine Oy")


# --- the worker: batches, retries, permanent failures --------------------------------------


def test_a_batch_is_delivered_over_one_connection(mail_app, smtp):
    inbox = smtp.start()
    ids = _queue(7)
    result = mail_delivery.deliver_batch()
    assert (result.sent, result.failed, result.deferred) == (7, 0, 0)
    assert len(inbox.sessions) == 1
    assert sorted(inbox.recipients) == sorted(f"person{i}@example.fi" for i in range(7))
    assert all(_row(i).status == "sent" and _row(i).attempts == 1 for i in ids)


def test_messages_beyond_the_batch_size_wait_for_the_next_batch(app_factory, smtp):
    app = app_factory(**_mail_config(smtp.port, MAIL_BATCH_SIZE=3))
    inbox = smtp.start()
    with app.app_context():
        _queue(5)
        assert mail_delivery.deliver_batch().sent == 3
        assert mail_delivery.deliver_batch().sent == 2
        assert mail_delivery.deliver_batch().claimed == 0
    assert len(inbox.sessions) == 2 and len(inbox.messages) == 5


@pytest.mark.parametrize(
    "reply", ["451 4.3.0 Try again later", "421 4.3.2 Service shutting down"], ids=["451", "421"]
)
def test_a_temporary_failure_is_retried_after_the_back_off_and_delivered_once(
    app_factory, smtp, freeze_clock, reply
):
    app = app_factory(**_mail_config(smtp.port, MAIL_RETRY_BASE_SECONDS=60))
    inbox = smtp.start(fail_data=[reply])
    start = freeze_clock(utcnow().replace(microsecond=0))
    with app.app_context():
        [message_id] = _queue(1)
        assert mail_delivery.deliver_batch().deferred == 1
        row = _row(message_id)
        assert row.status == "queued" and row.attempts == 1 and reply[:3] in row.error
        assert start + timedelta(seconds=60) <= row.next_attempt_at <= start + timedelta(seconds=75)

        freeze_clock(start + timedelta(seconds=59))  # not due yet: nothing is tried
        assert mail_delivery.deliver_batch().claimed == 0

        freeze_clock(row.next_attempt_at)
        assert mail_delivery.deliver_batch().sent == 1
        row = _row(message_id)
        assert row.status == "sent" and row.attempts == 2 and row.error is None
        assert mail_delivery.deliver_batch().claimed == 0
    assert len(inbox.messages) == 1


def test_the_back_off_doubles_up_to_its_ceiling(app):
    config = {"MAIL_RETRY_BASE_SECONDS": 60, "MAIL_RETRY_MAX_SECONDS": 3600}
    for attempts, nominal in [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (20, 3600)]:
        delay = mail_delivery.retry_delay(attempts, config)
        assert nominal <= delay <= nominal * 1.25


def test_a_server_that_is_down_defers_the_batch_and_loses_nothing_when_it_returns(
    app_factory, freeze_clock
):
    server = SmtpServer()  # not started: the port refuses connections
    app = app_factory(**_mail_config(server.port))
    start = freeze_clock(utcnow())
    with app.app_context():
        ids = _queue(4)
        result = mail_delivery.deliver_batch()
        assert (result.sent, result.deferred) == (0, 4)
        assert all("ConnectionRefusedError" in _row(i).error for i in ids)

        inbox = server.start()
        try:
            freeze_clock(start + timedelta(hours=1))
            assert mail_delivery.deliver_due().sent == 4
            assert mail_delivery.deliver_due().claimed == 0
        finally:
            server.stop()
    assert sorted(inbox.recipients) == sorted(f"person{i}@example.fi" for i in range(4))


def test_a_refused_recipient_fails_that_message_and_the_others_are_delivered(mail_app, smtp):
    inbox = smtp.start(refuse={"person1@example.fi"})
    ids = _queue(3)
    result = mail_delivery.deliver_batch()
    assert (result.sent, result.failed, result.deferred) == (2, 1, 0)
    refused = _row(ids[1])
    assert refused.status == "failed" and refused.next_attempt_at is None
    assert refused.error.startswith("SMTPRecipientsRefused: 550")
    assert sorted(inbox.recipients) == ["person0@example.fi", "person2@example.fi"]
    assert len(inbox.sessions) == 1


def _invite_two(make_cluster, make_org) -> list[int]:
    """A member without users whose two contact people are invited; the invitation ids."""
    cluster = make_cluster()
    org = make_org(cluster)
    for name in ("refused", "fine"):
        db.session.add(ContactPerson(organisation=org, name=name, email=f"{name}@example.fi"))
    db.session.commit()
    result = invitations.invite_members(None, cluster, all_unclaimed=True)
    db.session.commit()
    return sorted(item.id for item in result.invited)


def test_a_permanently_refused_invitation_is_marked_bounced(mail_app, smtp, make_cluster, make_org):
    inbox = smtp.start(refuse={"refused@example.fi"})
    _invite_two(make_cluster, make_org)
    assert mail_delivery.deliver_due().failed == 1
    db.session.expire_all()
    statuses = dict(db.session.execute(sa.select(Invitation.email, Invitation.status)).all())
    assert statuses == {"refused@example.fi": "bounced", "fine@example.fi": "sent"}
    assert inbox.recipients == ["fine@example.fi"]


def test_a_temporarily_refused_invitation_stays_open(mail_app, smtp, make_cluster, make_org):
    inbox = smtp.start()

    async def busy_for_one(server, session, envelope, address, rcpt_options):
        if address == "refused@example.fi":
            return "450 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    inbox.handle_RCPT = busy_for_one  # aiosmtpd looks the hook up on the handler
    _invite_two(make_cluster, make_org)
    assert mail_delivery.deliver_due().deferred == 1
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(Invitation.status))) == {"sent"}


def test_a_message_is_failed_after_the_last_attempt(app_factory, smtp, freeze_clock):
    app = app_factory(**_mail_config(smtp.port, MAIL_MAX_ATTEMPTS=3))
    inbox = smtp.start(fail_data=["451 4.3.0 Try again later"] * 5)
    now = freeze_clock(utcnow())
    with app.app_context():
        [message_id] = _queue(1)
        outcomes = []
        for _attempt in range(4):
            now = freeze_clock(now + timedelta(days=1))
            result = mail_delivery.deliver_batch()
            outcomes.append((result.deferred, result.failed))
        assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0)]
        row = _row(message_id)
        assert row.status == "failed" and row.attempts == 3 and "451" in row.error
    assert inbox.messages == []


def test_a_message_that_cannot_be_built_is_failed_at_once(mail_app, smtp):
    inbox = smtp.start()
    attachment = {"filename": "invite.ics", "mimetype": "text/calendar", "content": None}
    message = mail.queue_mail("someone@example.fi", "Invitation", "Hello\n", [attachment])
    db.session.commit()
    assert mail_delivery.deliver_batch().failed == 1
    row = _row(message.id)
    assert row.status == "failed" and row.error.startswith("AttributeError")
    assert inbox.messages == []


def test_without_a_mail_server_messages_are_kept_in_the_outbox(app):
    ids = _queue(2)
    result = mail_delivery.deliver_due()
    assert (result.kept, result.sent) == (2, 0)
    assert all(_row(i).status == "kept" for i in ids)


def test_a_crashed_workers_claim_lapses_and_another_worker_delivers(
    app_factory, smtp, freeze_clock
):
    app = app_factory(**_mail_config(smtp.port, MAIL_CLAIM_SECONDS=300))
    inbox = smtp.start()
    start = freeze_clock(utcnow())
    with app.app_context():
        _queue(3)
        _token, claimed = mail_delivery.claim_batch(10, worker="crashed")
        assert len(claimed) == 3  # ...and the worker dies before sending

        assert mail_delivery.deliver_batch(worker="other").claimed == 0  # the claim holds
        freeze_clock(start + timedelta(seconds=301))
        assert mail_delivery.deliver_batch(worker="other").sent == 3
    assert len(inbox.messages) == 3


def test_a_stop_request_releases_the_rest_of_the_batch_untried(mail_app, smtp):
    inbox = smtp.start()
    ids = _queue(3)
    asked = iter([False, True, True])
    result = mail_delivery.deliver_batch(should_stop=lambda: next(asked))
    assert (result.sent, result.released) == (1, 2)
    rest = [_row(i) for i in ids[1:]]
    assert all(r.status == "queued" and r.attempts == 0 and r.claimed_by is None for r in rest)
    assert mail_delivery.deliver_batch().sent == 2
    assert len(inbox.messages) == 3


# --- several workers: no message twice, none lost ------------------------------------------


def _two_workers(race_app, run_together, total: int):
    """Two workers in threads, released together, deliver `total` queued messages in
    batches of 10; returns (what each reported sent, errors, the inbox)."""
    server = SmtpServer()
    inbox = server.start()
    race_app.config.update(_mail_config(server.port))
    try:
        with race_app.app_context():
            _queue(total)
            db.session.remove()

        def worker(name):
            def run():
                sent = 0
                while (result := mail_delivery.deliver_batch(10, worker=name)).claimed:
                    sent += result.sent
                return sent

            return run

        results, errors = run_together(race_app, [worker("w1"), worker("w2")])
    finally:
        server.stop()
    return results, errors, inbox


def test_two_workers_in_parallel_deliver_every_message_exactly_once(race_app, run_together):
    total = 200
    results, errors, inbox = _two_workers(race_app, run_together, total)
    assert errors == []
    assert sum(results) == total
    assert len(inbox.recipients) == total  # none sent twice...
    assert len(set(inbox.recipients)) == total  # ...and none lost
    with race_app.app_context():
        statuses = db.session.scalars(sa.select(OutboxMessage.status)).all()
    assert statuses == ["sent"] * total


def test_control_without_the_claim_filter_a_second_worker_takes_held_rows(mail_app, monkeypatch):
    # The control for the two-workers test above: without the claim filter (and PostgreSQL's
    # skip of locked rows) a second worker takes the rows the first one holds, and both would
    # hand them to SMTP. Claimed one after the other, so it shows on any machine's timing.
    monkeypatch.setattr(mail_delivery, "SKIP_LOCKED", False)
    monkeypatch.setattr(mail_delivery, "unclaimed", lambda now: sa.true())
    _queue(4)
    _first, rows = mail_delivery.claim_batch(3, worker="a")
    _second, more = mail_delivery.claim_batch(3, worker="b")
    assert len(rows) == 3 and len(more) == 3
    assert {r.id for r in rows} == {r.id for r in more}


def test_a_claimed_row_is_not_claimed_again(mail_app):
    _queue(4)
    _first, rows = mail_delivery.claim_batch(3, worker="a")
    _second, more = mail_delivery.claim_batch(3, worker="b")
    assert len(rows) == 3 and len(more) == 1
    assert not {r.id for r in rows} & {r.id for r in more}


# --- the admin's outbox: honest states, the retry button -----------------------------------


def _failed_message(recipient: str = "gone@example.fi") -> OutboxMessage:
    message = mail.queue_mail(recipient, "Invitation", "Hello\n")
    db.session.flush()
    message.status, message.attempts = "failed", 8
    message.next_attempt_at = None
    message.error = "SMTPRecipientsRefused: 550 5.1.1 Mailbox unavailable"
    db.session.commit()
    return message


@pytest.fixture
def site_admin(make_user, auth):
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    return admin


def test_the_outbox_shows_a_failed_message_with_its_error_and_a_retry_button(
    app_factory, client, site_admin
):
    message = _failed_message()
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "failed after 8 attempt(s)" in page and "550 5.1.1 Mailbox unavailable" in page
    assert f"/admin/outbox/{message.id}/retry" in page
    detail = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert f"/admin/outbox/{message.id}/retry" in detail and "550 5.1.1" in detail


def test_the_retry_button_queues_a_failed_message_again(app, client, site_admin):
    message = _failed_message()
    response = client.post(f"/admin/outbox/{message.id}/retry", data={"next": "/admin/outbox"})
    assert response.status_code == 302 and response.location.endswith("/admin/outbox")
    row = _row(message.id)
    assert row.status == "queued" and row.attempts == 0 and row.next_attempt_at <= utcnow()
    assert "queued again" in client.get("/admin/outbox").get_data(as_text=True)


def test_a_sent_message_cannot_be_retried(app, client, site_admin):
    [message_id] = _queue(1)
    message = _row(message_id)
    message.status, message.sent_at = "sent", utcnow()
    db.session.commit()
    response = client.post(f"/admin/outbox/{message_id}/retry", follow_redirects=True)
    assert "Only a failed or kept message can be sent again." in response.get_data(as_text=True)
    assert _row(message_id).status == "sent"


def test_the_retry_button_needs_the_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        message = _failed_message()
        admin = make_user(is_site_admin=True)
        browser = app.test_client()
        login = browser.get("/auth/login").get_data(as_text=True)
        token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        browser.post(
            "/auth/login",
            data={"email": admin.email, "password": "correct horse battery", "csrf_token": token},
        )
        assert browser.post(f"/admin/outbox/{message.id}/retry").status_code == 400
        assert _row(message.id).status == "failed"


def test_only_site_admins_can_retry(app, client, make_user, auth):
    message = _failed_message()
    auth.login(make_user().email)
    assert client.post(f"/admin/outbox/{message.id}/retry").status_code == 403
    assert _row(message.id).status == "failed"


def test_without_a_mail_server_the_outbox_says_so(app, client, site_admin):
    _queue(1)
    mail_delivery.deliver_due()
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "No mail server is configured" in page and "kept, no mail server" in page
    assert "/retry" not in page  # nothing to retry into


def test_the_outbox_warns_when_queued_mail_waits_for_a_worker(app, client, site_admin):
    [message_id] = _queue(1)
    _row(message_id).next_attempt_at = utcnow() - timedelta(minutes=10)
    db.session.commit()
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "is the mail worker running?" in page


def test_the_outbox_filters_by_state(app, client, site_admin):
    _failed_message("failed@example.fi")
    mail.queue_mail("queued@example.fi", "Hello", "Body\n")
    db.session.commit()
    page = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "failed@example.fi" in page and "queued@example.fi" not in page


# --- the command line ----------------------------------------------------------------------


def test_deliver_mail_prints_what_it_did(app_factory, smtp):
    app = app_factory(**_mail_config(smtp.port))
    inbox = smtp.start(refuse={"person0@example.fi"})
    with app.app_context():
        _queue(3)
    result = app.test_cli_runner().invoke(args=["deliver-mail"])
    assert result.exit_code == 0, result.output
    assert "Mail: 2 sent, 1 failed, 0 deferred, 0 kept (no mail server)." in result.output
    assert len(inbox.messages) == 2


def test_deliver_mail_loop_delivers_and_stops_cleanly_on_sigterm(app_factory, smtp, tmp_path):
    app = app_factory(**_mail_config(smtp.port))
    inbox = smtp.start()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_USE_TLS": "0",
    }
    command = ["deliver-mail", "--loop", "--interval", "0.2"]
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "matchmaker", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with app.app_context():
            _queue(3)
            deadline = time.monotonic() + 30
            while len(inbox.messages) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
        assert len(inbox.messages) == 3
        worker.send_signal(signal.SIGTERM)
        output, _err = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "Mail worker stopped: 3 sent, 0 failed, 0 deferred" in output


# --- the migration -------------------------------------------------------------------------


def test_the_migration_keeps_old_rows_apart_from_the_queue(app_factory):
    app = app_factory()
    with app.app_context():
        downgrade(revision="3ed5f42c0559")
        with db.engine.begin() as conn:
            for recipient, sent, error in [
                ("sent@example.fi", utcnow(), None),
                ("failed@example.fi", None, "SMTPDataError: 554"),
                ("kept@example.fi", None, None),
            ]:
                conn.execute(
                    sa.text(
                        "INSERT INTO outbox_message (recipient, subject, body, created_at,"
                        " sent_at, error) VALUES (:r, 'S', 'B', :c, :s, :e)"
                    ),
                    {"r": recipient, "c": utcnow(), "s": sent, "e": error},
                )
        upgrade()
        db.session.expire_all()
        states = dict(
            db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.status)).all()
        )
    assert states == {
        "sent@example.fi": "sent",
        "failed@example.fi": "failed",
        "kept@example.fi": "kept",
    }
