"""Registration mails rendered at delivery (services/mail_render.py): the request queues a
template, a locale and plain data; the mail worker renders what users got before."""

from __future__ import annotations

import base64
import json

import itsdangerous
import pytest
import sqlalchemy as sa
from flask import url_for
from jinja2 import TemplateNotFound

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, Registration
from matchmaker.services import events as event_service
from matchmaker.services import mail, mail_delivery, mail_render
from matchmaker.services.events import tickets
from matchmaker.services.events.notifications import locale_for
from matchmaker.services.events.queries import session_waitlist_positions, waitlist_position

FROZEN = 1_800_000_000  # signed links made in the same second read the same


@pytest.fixture
def frozen_tokens(monkeypatch):
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: FROZEN)


def _queued(recipient: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()


def _rendered_in_request(reg: Registration, template: str) -> OutboxMessage:
    """The mail as the request rendered it before (the context _notify built then)."""
    event = reg.event
    confirmed = reg.status == "confirmed"
    return mail.send_template(
        reg.email,
        template,
        locale_for(reg),
        event=event,
        registration=reg,
        position=waitlist_position(reg),
        session_positions=session_waitlist_positions(reg),
        online_url=event.online_url if confirmed else "",
        link=url_for("events.show", event_id=event.id, _external=True),
        manage_link=tickets.manage_url(reg),
    )


@pytest.mark.parametrize("locale", ["fi", "en", "sv"])
@pytest.mark.parametrize("seats", [5, 0], ids=["confirmed", "waitlisted"])
def test_registration_mail_rendered_at_delivery_reads_as_rendered_in_the_request(
    app, make_cluster, make_event, make_user, make_org, signup, frozen_tokens, locale, seats
):
    cluster = make_cluster()
    event = make_event(
        cluster,
        capacity=seats,
        online_url="https://meet.example.fi/seminaari",
        sessions=[{"title": "Norja", "country": "NO", "capacity": 0}],
    )
    me = make_user(make_org(cluster), locale=locale, name="Åsa Öhman")
    session_id = event.sessions[0].id
    reg = signup(me, event, sessions=[session_id])
    queued = _queued(me.email)
    assert queued.template == ("event_confirmed" if seats else "event_waitlisted")
    assert queued.body == "" and queued.rendered_at is None  # nothing rendered in the request
    json.dumps(queued.context)  # plain data only

    reference = _rendered_in_request(reg, queued.template)
    db.session.flush()
    result = mail_delivery.deliver_batch()  # no mail server here: rendered, then kept
    assert result.kept >= 1
    delivered = db.session.get(OutboxMessage, queued.id)
    assert delivered.rendered_at is not None and delivered.status == "kept"
    assert delivered.subject == reference.subject
    assert delivered.body == reference.body
    assert "Åsa Öhman" in delivered.body and event.title in delivered.subject


def test_confirmed_mail_carries_its_calendar_file_and_ticket_made_at_delivery(
    app, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=3)
    reg = signup(member(cluster), event)
    assert _queued(reg.email).attachments is None
    mail_delivery.deliver_batch()
    message = _queued(reg.email)
    names = [a["filename"] for a in message.attachments]
    assert names == ["event.ics", "ticket.png"]
    ics, ticket = message.attachments
    assert f"event-{event.id}@" in ics["content"]
    assert base64.b64decode(ticket["content"]).startswith(b"\x89PNG")
    built = mail_delivery.build_message(app.config, message)
    assert [p.get_filename() for p in built.iter_attachments()] == names


def test_a_mail_that_cannot_be_rendered_is_failed_with_the_reason_for_admins(
    app, client, auth, make_cluster, make_event, member, make_user, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=3)
    reg = signup(member(cluster), event)
    message_id = _queued(reg.email).id
    db.session.delete(reg)  # gone before the worker got to its mail
    db.session.commit()
    result = mail_delivery.deliver_batch()
    assert result.failed == 1
    message = db.session.get(OutboxMessage, message_id)
    assert message.status == "failed" and message.attempts == 1
    assert message.error.startswith("Rendering failed: RenderError: registration")
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "Rendering failed" in page and "event_confirmed" in page


def test_other_mails_in_the_batch_are_delivered_beside_one_that_fails(
    app, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=3)
    broken = signup(member(cluster), event)
    fine = signup(member(cluster), event)
    db.session.delete(broken)
    db.session.commit()
    result = mail_delivery.deliver_batch()
    assert (result.failed, result.kept) == (1, 1)
    assert _queued(fine.email).body.startswith("Hello")


def test_queueing_refuses_objects_and_unknown_templates_in_the_request(
    app, make_cluster, make_event
):
    event = make_event(make_cluster())
    with pytest.raises(TypeError):
        mail.queue_template("a@example.fi", "event_confirmed", "fi", {"event": event})
    with pytest.raises(TemplateNotFound):
        mail.queue_template("a@example.fi", "event_confirmd", "fi", {"registration": 1})


def test_links_point_to_the_address_the_request_came_to(
    app_factory, make_cluster, make_event, member
):
    site = app_factory(SERVER_NAME=None)  # as in production: the request names the host
    with site.app_context():
        cluster = make_cluster()
        event = make_event(cluster, capacity=3)
        user = member(cluster)
        with site.test_request_context("/", base_url="https://klusteri.example.fi/"):
            event_service.signup(user, event, event_service.Person(user.name, user.email))
            db.session.commit()
        mail_render.render_queued()
        body = _queued(user.email).body
        assert f"https://klusteri.example.fi/events/{event.id}" in body
        assert "https://klusteri.example.fi/events/registration/" in body
        db.session.remove()
