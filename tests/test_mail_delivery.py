"""Mail headers are cleaned when a message is queued, and delivery never fails a request: a real
SMTP server (aiosmtpd) on loopback receives what the app sends."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage
from matchmaker.services import mail

HOSTILE_NAME = "Telakka\rBcc: victim@example.fi\r\nOy"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses everything."""

    def __init__(self, refuse: bool = False):
        self.refuse = refuse
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "550 Mailbox unavailable"
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(request):
    inbox = Inbox(refuse=getattr(request, "param", False))
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def _mail_app(app_factory, port):
    return app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)


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


def _outbox(recipient: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    ).one()


def test_clean_header_makes_one_line():
    assert mail.clean_header("A\rB\nC\u2028D\x85E\x00F\tG  H") == "A B C D E F G H"
    assert mail.clean_header("x" * 400, 300) == "x" * 299 + "…"


def test_carriage_return_in_an_organisation_name_still_delivers_one_clean_message(
    app_factory, make_org, make_user, smtp
):
    port, inbox = smtp
    app = _mail_app(app_factory, port)
    with app.app_context():
        response, newcomer = _approve_join_request(app, make_org, make_user, HOSTILE_NAME)
        assert response.status_code == 302  # saved, no error page

        row = _outbox(newcomer.email)
        assert row.subject == "You can now act for Telakka Bcc: victim@example.fi Oy"
        assert row.sent_at is not None and row.error is None
        [(recipients, message)] = inbox.messages
        assert recipients == [newcomer.email]  # no header smuggled in a Bcc
        assert message["Subject"] == row.subject and message["Bcc"] is None


def test_a_newline_in_a_name_stays_in_the_subject_and_out_of_the_body(app, make_org, make_user):
    response, newcomer = _approve_join_request(app, make_org, make_user, "Telakka\nLaine Oy")
    assert response.status_code == 302
    row = _outbox(newcomer.email)
    assert row.subject == "You can now act for Telakka Laine Oy"
    assert not row.body.startswith("Laine Oy")


@pytest.mark.parametrize("smtp", [True], indirect=True)
def test_a_refused_delivery_is_recorded_and_the_request_succeeds(
    app_factory, make_org, make_user, smtp
):
    port, inbox = smtp
    app = _mail_app(app_factory, port)
    with app.app_context():
        response, newcomer = _approve_join_request(app, make_org, make_user, "Telakka Oy")
        assert response.status_code == 302
        row = _outbox(newcomer.email)
        assert row.sent_at is None and "550" in row.error and inbox.messages == []


def test_a_message_that_cannot_be_built_is_recorded_and_the_commit_succeeds(app_factory, smtp):
    # Whatever the failure (here an attachment without content), it lands on the row; the
    # commit that queued the message, a request's commit, does not raise.
    port, inbox = smtp
    app = _mail_app(app_factory, port)
    with app.app_context():
        attachment = {"filename": "invite.ics", "mimetype": "text/calendar", "content": None}
        mail.queue_mail("someone@example.fi", "Invitation", "Hello\n", [attachment])
        db.session.commit()
        row = _outbox("someone@example.fi")
        assert row.sent_at is None and row.error.startswith("AttributeError")
        assert inbox.messages == []
