"""Coordinator tools: create, publish, edit, duplicate, cancel, registrations, exports, check-in."""

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from matchmaker.extensions import db
from matchmaker.models import Event, utcnow
from tests.events.conftest import mails_to

FORM = {
    "title": "Markkinakatsaus 2027",
    "kind": "market_review",
    "description": "Norja, Saksa, Ranska, Italia ja Tanska",
    "venue": "Lahti",
    "starts_at": "2030-03-12T09:00",
    "ends_at": "2030-03-12T16:00",
    "capacity": "40",
    "language": "fi",
}


def test_coordinator_creates_a_draft_in_helsinki_time(client, auth, make_cluster, coordinator):
    cluster = make_cluster()
    auth.login(coordinator(cluster).email)
    client.post(f"/events/cluster/{cluster.slug}/new", data=FORM)
    event = db.session.scalar(db.select(Event))
    assert event.status == "draft"
    assert event.starts_at.hour == 7  # 09:00 in Helsinki (UTC+2 in March) stored as UTC


def test_member_cannot_create_events(client, auth, make_cluster, member):
    cluster = make_cluster()
    auth.login(member(cluster).email)
    assert client.post(f"/events/cluster/{cluster.slug}/new", data=FORM).status_code == 403


def test_publish_makes_the_draft_visible(client, auth, make_cluster, make_event, coordinator):
    cluster = make_cluster()
    event = make_event(cluster, status="draft")
    auth.login(coordinator(cluster).email)
    client.post(f"/events/{event.id}/publish")
    db.session.refresh(event)
    assert event.status == "published"


def test_duplicate_copies_sessions_into_a_draft(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja"}, {"title": "Saksa"}])
    auth.login(coordinator(cluster).email)
    client.post(f"/events/{event.id}/duplicate")
    copy = db.session.scalar(db.select(Event).where(Event.id != event.id))
    assert copy.status == "draft" and [s.title for s in copy.sessions] == ["Norja", "Saksa"]


def test_cancelling_the_event_mails_everyone_registered(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    a, b = signup(member(cluster), event), signup(member(cluster), event)
    auth.login(coordinator(cluster).email)
    client.post(f"/events/{event.id}/cancel")
    for reg in (a, b):
        assert mails_to(reg.email)[-1].subject.startswith("Event cancelled")
    assert "STATUS:CANCELLED" in mails_to(a.email)[-1].attachments[0]["content"]


def test_changing_the_time_bumps_sequence_and_mails_new_ics(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    reg = signup(member(cluster), event)
    auth.login(coordinator(cluster).email)
    client.post(
        f"/events/{event.id}/edit",
        data={**FORM, "starts_at": "2030-03-13T09:00", "ends_at": "2030-03-13T16:00"},
    )
    db.session.refresh(event)
    message = mails_to(reg.email)[-1]
    # The event is in Finnish and the person chose no language: the mail is in Finnish.
    assert message.subject.startswith("Aika tai paikka muuttunut")
    assert "SEQUENCE:1" in message.attachments[0]["content"]


def test_coordinator_confirms_from_waiting_list_adding_a_seat(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    signup(member(cluster), event)
    waiting = signup(member(cluster), event)
    auth.login(coordinator(cluster).email)
    client.post(f"/events/registrations/{waiting.id}/confirm")
    db.session.refresh(waiting)
    db.session.refresh(event)
    assert waiting.status == "confirmed" and event.capacity == 2


def test_registrations_page_lists_waiting_list(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    signup(member(cluster, name="Eka Osallistuja"), event)
    signup(member(cluster, name="Jonossa Oleva"), event)
    auth.login(coordinator(cluster).email)
    page = client.get(f"/events/{event.id}/registrations").get_data(as_text=True)
    assert "Eka Osallistuja" in page and "Jonossa Oleva" in page and "Waiting list" in page


def test_csv_export_has_organisation_business_id_and_diet(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    user = member(cluster)
    signup(user, event, dietary="laktoositon")
    auth.login(coordinator(cluster).email)
    body = client.get(f"/events/{event.id}/attendees.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][2] == user.organisation.name
    assert rows[1][3] == user.organisation.business_id
    assert rows[1][7] == "laktoositon"


def test_xlsx_export_opens_with_a_row_per_attendee(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    signup(member(cluster), event)
    signup(member(cluster), event)
    auth.login(coordinator(cluster).email)
    data = client.get(f"/events/{event.id}/attendees.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 3


def test_export_neutralises_formulas(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    signup(member(cluster), event, dietary='=HYPERLINK("x")')
    auth.login(coordinator(cluster).email)
    body = client.get(f"/events/{event.id}/attendees.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_members_cannot_export(client, auth, make_cluster, make_event, member):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(member(cluster).email)
    assert client.get(f"/events/{event.id}/attendees.csv").status_code == 403


def test_check_in_marks_attended_with_one_tap(
    client, auth, make_cluster, make_event, coordinator, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, starts_at=utcnow() + timedelta(hours=1))
    reg = signup(member(cluster, name="Saapuva Vieras"), event)
    auth.login(coordinator(cluster).email)
    page = client.get(f"/events/{event.id}/checkin?q=saapuva").get_data(as_text=True)
    assert "Saapuva Vieras" in page
    client.post(f"/events/registrations/{reg.id}/checkin")
    db.session.refresh(reg)
    assert reg.attended_at is not None


def test_publishing_a_published_event_is_refused_with_the_reason(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster, status="published")
    auth.login(coordinator(cluster).email)
    response = client.post(f"/events/{event.id}/publish", follow_redirects=True)
    assert response.request.path == f"/events/{event.id}"
    page = response.get_data(as_text=True)
    assert "Only a draft can be published." in page
    assert "members can now register" not in page


def test_an_edit_the_service_refuses_is_shown_at_the_field_and_saves_nothing(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster, title="Vanha nimi")
    auth.login(coordinator(cluster).email)
    form = {**FORM, "ends_at": "2030-03-12T08:00"}  # before it starts
    response = client.post(f"/events/{event.id}/edit", data=form)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The event cannot end before it starts." in page and "Event saved." not in page
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Vanha nimi"
