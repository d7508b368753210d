"""Tickets and check-in: a QR code of a signed token in the mail and on the participant's
page, checked in by the coordinator's scan or by a name search that ignores diacritics."""

import base64
import re
from datetime import timedelta

import pytest
import segno

from matchmaker.extensions import db
from matchmaker.models import utcnow
from matchmaker.services import events as event_service
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied
from matchmaker.services.mail_delivery import build_message
from tests.events.conftest import mails_to

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _ticket(message) -> dict | None:
    return next((a for a in message.attachments or [] if a["mimetype"] == "image/png"), None)


def test_confirmation_mail_carries_the_ticket_as_a_png(
    app, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    reg = signup(member(cluster), make_event(cluster))
    mail = mails_to(reg.email)[0]
    ticket = _ticket(mail)
    assert ticket["filename"] == "ticket.png"
    assert base64.b64decode(ticket["content"]).startswith(PNG_SIGNATURE)
    assert "ticket.png" in mail.body
    # The delivered message has it as an image part mail clients show.
    parts = {p.get_content_type(): p for p in build_message(app.config, mail).iter_attachments()}
    assert parts["image/png"].get_content().startswith(PNG_SIGNATURE)


def test_waiting_list_mail_has_no_ticket(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    signup(member(cluster), event)
    waiting = signup(member(cluster), event)
    assert _ticket(mails_to(waiting.email)[0]) is None


def test_participant_page_shows_their_own_ticket_only(
    client, auth, make_cluster, make_event, member, make_user, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    me = member(cluster)
    signup(me, event)
    colleague = make_user(me.organisation)
    signup(me, event, name=colleague.name, email=colleague.email)
    auth.login(me.email)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert page.count('class="ticket"') == 1
    assert re.search(r'<div class="ticket-code"[^>]*><svg', page)


def test_qr_code_holds_the_check_in_token(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    reg = signup(member(cluster), make_event(cluster))
    token = event_service.checkin_token(reg)
    # The same data makes the same symbol: what the page shows is the token's QR code.
    assert event_service.qr_svg(token) == segno.make(token, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", omitsize=True
    )


@pytest.fixture
def door(make_cluster, make_event, member, coordinator, signup):
    """An event starting soon, one confirmed participant, and its coordinator."""
    cluster = make_cluster()
    event = make_event(cluster, starts_at=utcnow() + timedelta(hours=1))
    event.reg = signup(member(cluster, name="Oona Öhman"), event)
    event.coordinator = coordinator(cluster)
    return event


def test_scanned_ticket_checks_its_holder_in_once(door):
    token = event_service.checkin_token(door.reg)
    reg, already = event_service.check_in_by_token(door.coordinator, door, token)
    assert (reg.id, already) == (door.reg.id, False) and reg.attended_at is not None
    first = reg.attended_at
    reg, already = event_service.check_in_by_token(door.coordinator, door, token)
    assert already and reg.attended_at == first


def test_ticket_of_another_event_is_refused(door, make_event, member, signup):
    other = make_event(door.cluster)
    stranger = signup(member(door.cluster), other)
    with pytest.raises(DomainError) as refused:
        event_service.check_in_by_token(
            door.coordinator, door, event_service.checkin_token(stranger)
        )
    assert "token" in refused.value.fields


def test_forged_ticket_is_refused(door):
    token = event_service.checkin_token(door.reg)
    with pytest.raises(DomainError):
        event_service.check_in_by_token(door.coordinator, door, token[:-3] + "abc")


def test_ticket_of_someone_who_cancelled_is_refused(door):
    token = event_service.checkin_token(door.reg)
    event_service.cancel_registration(door.reg.user or door.coordinator, door.reg)
    db.session.commit()
    with pytest.raises(Conflict):
        event_service.check_in_by_token(door.coordinator, door, token)


def test_only_coordinators_check_tickets(door, member):
    with pytest.raises(PermissionDenied):
        event_service.check_in_by_token(
            member(door.cluster), door, event_service.checkin_token(door.reg)
        )


def test_ticket_form_checks_in_and_says_who(client, auth, door):
    auth.login(door.coordinator.email)
    response = client.post(
        f"/events/{door.id}/checkin/ticket",
        data={"token": event_service.checkin_token(door.reg)},
        follow_redirects=True,
    )
    assert "Oona Öhman checked in." in response.get_data(as_text=True)
    db.session.refresh(door.reg)
    assert door.reg.attended_at is not None


@pytest.mark.parametrize("query", ["ohman", "OHMAN", "öhman", "oona oh"])
def test_name_search_ignores_case_and_diacritics(door, query):
    assert [r.id for r in event_service.checkin_list(door, query)] == [door.reg.id]


def test_name_search_finds_other_letters_too(door, member, signup):
    soren = signup(member(door.cluster, name="Søren Ærø"), door)
    assert [r.id for r in event_service.checkin_list(door, "soren aero")] == [soren.id]
    assert event_service.checkin_list(door, "virtanen") == []


def test_check_in_page_search_finds_ohman(client, auth, door):
    auth.login(door.coordinator.email)
    page = client.get(f"/events/{door.id}/checkin?q=ohman").get_data(as_text=True)
    assert "Oona Öhman" in page
    assert "scan-start" in page and "vendor/jsqr/jsQR.js" in page


def test_ticket_form_refuses_a_forged_ticket_and_says_why(client, auth, door):
    auth.login(door.coordinator.email)
    token = event_service.checkin_token(door.reg)
    response = client.post(
        f"/events/{door.id}/checkin/ticket",
        data={"token": token[:-3] + "abc"},
        follow_redirects=True,
    )
    assert response.request.path == f"/events/{door.id}/checkin"
    assert "This is not a ticket of this event." in response.get_data(as_text=True)
    db.session.refresh(door.reg)
    assert door.reg.attended_at is None
