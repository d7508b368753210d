"""The webinar join link is for confirmed participants and the event's coordinators only."""

from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.services import accounts
from matchmaker.services import events as event_service
from tests.events.conftest import mails_to

LINK = "https://meet.example.fi/salainen-webinaari"


@pytest.fixture
def full_webinar(make_event, make_cluster, member, signup):
    """A webinar with one seat, taken; a second member is on the waiting list."""
    cluster = make_cluster()
    event = make_event(cluster, kind="webinar", venue="", online_url=LINK, capacity=1)
    event.confirmed_user = member(cluster)
    event.waitlisted_user = member(cluster)
    assert signup(event.confirmed_user, event).status == "confirmed"
    assert signup(event.waitlisted_user, event).status == "waitlisted"
    return event


def _sees_link(client, event) -> dict[str, bool]:
    return {
        "page": LINK in client.get(f"/events/{event.id}").get_data(as_text=True),
        "api": client.get(f"/api/v1/events/{event.id}").get_json()["online_url"] == LINK,
        "api_list": any(
            e["online_url"] == LINK for e in client.get("/api/v1/events").get_json()["items"]
        ),
        "ics": LINK in client.get(f"/events/{event.id}/calendar.ics").get_data(as_text=True),
    }


def test_anonymous_visitor_does_not_see_the_join_link_of_a_full_webinar(client, full_webinar):
    assert _sees_link(client, full_webinar) == dict.fromkeys(
        ("page", "api", "api_list", "ics"), False
    )
    page = client.get(f"/events/{full_webinar.id}").get_data(as_text=True)
    assert "the link is shown to confirmed participants" in page


def test_waitlisted_member_does_not_see_the_join_link(client, auth, full_webinar):
    auth.login(full_webinar.waitlisted_user.email)
    assert not any(_sees_link(client, full_webinar).values())


def test_member_without_registration_does_not_see_it_through_a_token(client, member, full_webinar):
    raw = accounts.create_api_token(member(full_webinar.cluster), "test")
    response = client.get(
        f"/api/v1/events/{full_webinar.id}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.get_json()["online_url"] == ""


def test_confirmed_participant_sees_the_join_link(client, auth, full_webinar):
    auth.login(full_webinar.confirmed_user.email)
    assert all(_sees_link(client, full_webinar).values())


def test_coordinator_sees_the_join_link(client, auth, coordinator, full_webinar):
    auth.login(coordinator(full_webinar.cluster).email)
    assert all(_sees_link(client, full_webinar).values())


def test_change_mail_gives_the_link_to_confirmed_people_only(coordinator, full_webinar):
    data = {f: getattr(full_webinar, f) for f in event_service.EVENT_FIELDS}
    later = full_webinar.starts_at + timedelta(hours=1)
    event_service.update_event(
        coordinator(full_webinar.cluster),
        full_webinar,
        {**data, "starts_at": later, "ends_at": later + timedelta(hours=1)},
    )
    db.session.commit()
    (to_confirmed,) = mails_to(full_webinar.confirmed_user.email)[-1:]
    (to_waitlisted,) = mails_to(full_webinar.waitlisted_user.email)[-1:]
    assert "has changed" in to_confirmed.body and "has changed" in to_waitlisted.body
    assert LINK in to_confirmed.body and LINK not in to_waitlisted.body


def _mail_text(message) -> str:
    """A queued mail's body and its text attachments (the .ics)."""
    parts = [message.body]
    parts += [a["content"] for a in message.attachments or [] if a["mimetype"].startswith("text/")]
    return "\n".join(parts)


def test_waiting_list_mail_does_not_carry_the_join_link(full_webinar):
    (mail,) = mails_to(full_webinar.waitlisted_user.email)
    assert "waiting list" in mail.body
    assert LINK not in _mail_text(mail)


def test_confirmation_mail_carries_the_join_link(full_webinar):
    (mail,) = mails_to(full_webinar.confirmed_user.email)
    assert LINK in mail.body


def test_cancelled_event_calendar_file_leaves_the_link_out_for_the_waiting_list(
    coordinator, full_webinar
):
    event_service.cancel_event(coordinator(full_webinar.cluster), full_webinar)
    db.session.commit()
    to_waitlisted = mails_to(full_webinar.waitlisted_user.email)[-1]
    assert "cancelled" in to_waitlisted.body
    assert to_waitlisted.attachments[0]["mimetype"] == "text/calendar"
    assert LINK not in _mail_text(to_waitlisted)


def test_promoted_person_gets_the_link_in_the_promotion_mail(full_webinar):
    reg = event_service.registrations_for_viewer(full_webinar, full_webinar.confirmed_user)[0]
    event_service.cancel_registration(full_webinar.confirmed_user, reg)
    db.session.commit()
    promoted = mails_to(full_webinar.waitlisted_user.email)[-1]
    assert promoted.subject.startswith("A seat became free")
    assert LINK in promoted.body


def test_manage_link_page_shows_the_join_link_only_with_a_seat(client, full_webinar):
    waiting = event_service.registrations_for_viewer(full_webinar, full_webinar.waitlisted_user)
    page = client.get(event_service.manage_url(waiting[0])).get_data(as_text=True)
    assert "number 1 on the waiting list" in page
    assert LINK not in page
    confirmed = event_service.registrations_for_viewer(full_webinar, full_webinar.confirmed_user)
    assert LINK in client.get(event_service.manage_url(confirmed[0])).get_data(as_text=True)
