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
