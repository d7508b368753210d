"""Session times must lie within the event's; a draft says it is not published yet."""

from datetime import timedelta

import pytest

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import EventSession
from matchmaker.services import accounts
from matchmaker.services import events as event_service
from matchmaker.services.errors import DomainError


def _local(value, event) -> str:
    """A naive UTC time as the session form wants it: the cluster's local wall time."""
    return timeutil.to_local(value, event.cluster).strftime("%Y-%m-%dT%H:%M")


def _session_form(event, starts, ends) -> dict:
    return {
        "title": "Norja",
        "country": "",
        "starts_at": _local(starts, event),
        "ends_at": _local(ends, event),
    }


def test_session_ending_after_the_event_is_refused_next_to_the_field(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster)  # 6 hours long
    auth.login(coordinator(cluster).email)
    late = event.ends_at - timedelta(minutes=30)
    response = client.post(
        f"/events/{event.id}/sessions/new",
        data=_session_form(event, late, event.ends_at + timedelta(minutes=30)),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert db.session.scalar(db.select(EventSession)) is None
    # The message sits in the ends_at field's help block, not only in a flash.
    assert 'id="ends_at-help"' in page
    help_block = page[page.index('id="ends_at-help"') :][:400]
    assert "The session must end within the event&#39;s times." in help_block


def test_session_starting_after_the_event_ends_is_refused_on_starts_at(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(coordinator(cluster).email)
    after = event.ends_at + timedelta(minutes=30)
    page = client.post(
        f"/events/{event.id}/sessions/new",
        data=_session_form(event, after, after + timedelta(hours=1)),
    ).get_data(as_text=True)
    help_block = page[page.index('id="starts_at-help"') :][:400]
    assert "The session must start within the event&#39;s times." in help_block


def test_session_within_the_event_is_saved(client, auth, make_cluster, make_event, coordinator):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(coordinator(cluster).email)
    client.post(
        f"/events/{event.id}/sessions/new",
        data=_session_form(event, event.starts_at, event.ends_at),
    )
    assert db.session.scalar(db.select(EventSession)).title == "Norja"


def test_api_refuses_a_session_outside_the_event_with_422_naming_the_field(
    client, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster)
    raw = accounts.create_api_token(coordinator(cluster), "test")
    db.session.commit()
    late = event.ends_at + timedelta(minutes=30)
    response = client.post(
        f"/api/v1/events/{event.id}/sessions",
        headers={"Authorization": f"Bearer {raw}"},
        json={
            "title": "Norja",
            "starts_at": (event.ends_at - timedelta(hours=1)).isoformat() + "Z",
            "ends_at": late.isoformat() + "Z",
        },
    )
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["ends_at"]


def test_api_adds_a_session_within_the_event(client, make_cluster, make_event, coordinator):
    cluster = make_cluster()
    event = make_event(cluster)
    raw = accounts.create_api_token(coordinator(cluster), "test")
    db.session.commit()
    response = client.post(
        f"/api/v1/events/{event.id}/sessions",
        headers={"Authorization": f"Bearer {raw}"},
        json={
            "title": "Norja",
            "country": "NO",
            "capacity": 20,
            "starts_at": event.starts_at.isoformat() + "Z",
            "ends_at": (event.starts_at + timedelta(hours=1)).isoformat() + "Z",
        },
    )
    assert response.status_code == 201
    assert response.get_json()["seats_left"] == 20


def test_api_session_needs_a_coordinator(client, make_cluster, make_event, member):
    cluster = make_cluster()
    event = make_event(cluster)
    raw = accounts.create_api_token(member(cluster), "test")
    db.session.commit()
    response = client.post(
        f"/api/v1/events/{event.id}/sessions",
        headers={"Authorization": f"Bearer {raw}"},
        json={"title": "x", "starts_at": "2030-01-01T09:00:00Z", "ends_at": "2030-01-01T10:00:00Z"},
    )
    assert response.status_code == 403


def test_moving_the_event_away_from_its_sessions_is_refused(make_cluster, make_event, coordinator):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja"}])
    data = {f: getattr(event, f) for f in event_service.EVENT_FIELDS}
    data["ends_at"] = event.starts_at + timedelta(minutes=30)  # the session runs 1 hour
    with pytest.raises(DomainError) as refused:
        event_service.update_event(coordinator(cluster), event, data)
    assert list(refused.value.fields) == ["ends_at"]


def test_draft_event_says_not_published_yet_instead_of_registration_closed(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster, status="draft")
    auth.login(coordinator(cluster).email)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Registration is closed." not in page
    assert "Not published yet: members can sign up once you publish the event." in page


def test_check_in_page_is_titled_participant_check_in(
    client, auth, make_cluster, make_event, coordinator
):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(coordinator(cluster, locale="fi").email)
    page = client.get(f"/events/{event.id}/checkin").get_data(as_text=True)
    assert "<h1>Osallistujien vastaanotto</h1>" in page
    assert "<title>Osallistujien vastaanotto" in page
