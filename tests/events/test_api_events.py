"""Events API: shapes, statuses and JSON errors of issue 4, item 8."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Registration, utcnow
from matchmaker.services import accounts


@pytest.fixture
def token_for(app):
    def make(user) -> dict:
        raw = accounts.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def test_list_events_of_a_cluster(client, make_cluster, make_event):
    cluster = make_cluster(slug="meri")
    make_event(cluster, title="Seminaari", capacity=10)
    make_event(cluster, title="Luonnos", status="draft")
    items = client.get("/api/v1/events?cluster=meri").get_json()["items"]
    assert [e["title"] for e in items] == ["Seminaari"]
    assert items[0]["seats_left"] == 10


def test_get_event_has_sessions_and_seats_left(client, make_cluster, make_event):
    event = make_event(
        make_cluster(), sessions=[{"title": "Norja", "country": "NO", "capacity": 5}]
    )
    data = client.get(f"/api/v1/events/{event.id}").get_json()
    assert data["sessions"][0]["country"] == "NO"
    assert data["sessions"][0]["seats_left"] == 5


def test_register_returns_201_with_status_and_position(
    client, make_cluster, make_event, member, token_for
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    headers = token_for(member(cluster))
    first = client.post(
        f"/api/v1/events/{event.id}/registrations",
        headers=headers,
        json={"name": "A", "email": "a@example.fi"},
    )
    second = client.post(
        f"/api/v1/events/{event.id}/registrations",
        headers=headers,
        json={"name": "B", "email": "b@example.fi", "session_ids": []},
    )
    assert first.status_code == 201
    assert first.get_json()["status"] == "confirmed" and first.get_json()["position"] is None
    assert second.get_json() == {
        "id": second.get_json()["id"],
        "status": "waitlisted",
        "position": 1,
    }


def test_duplicate_registration_is_409(client, make_cluster, make_event, member, token_for):
    cluster = make_cluster()
    event = make_event(cluster)
    headers = token_for(member(cluster))
    body = {"name": "A", "email": "a@example.fi"}
    client.post(f"/api/v1/events/{event.id}/registrations", headers=headers, json=body)
    response = client.post(f"/api/v1/events/{event.id}/registrations", headers=headers, json=body)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"


def test_registration_after_deadline_is_422(client, make_cluster, make_event, member, token_for):
    cluster = make_cluster()
    event = make_event(cluster, registration_deadline=utcnow() - timedelta(minutes=5))
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        headers=token_for(member(cluster)),
        json={"name": "A", "email": "a@example.fi"},
    )
    assert response.status_code == 422
    assert "deadline" in response.get_json()["error"]["message"]


def test_overlapping_sessions_are_422(client, make_cluster, make_event, member, token_for):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja"}, {"title": "Saksa"}])
    a, b = event.sessions
    b.starts_at = a.starts_at
    db.session.commit()
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        headers=token_for(member(cluster)),
        json={"name": "A", "email": "a@example.fi", "session_ids": [a.id, b.id]},
    )
    assert response.status_code == 422
    assert "session_ids" in response.get_json()["error"]["fields"]


def test_registering_needs_authentication(client, make_cluster, make_event):
    event = make_event(make_cluster())
    response = client.post(
        f"/api/v1/events/{event.id}/registrations", json={"name": "A", "email": "a@example.fi"}
    )
    assert response.status_code == 401


def test_delete_registration_promotes_the_next(client, make_cluster, make_event, member, token_for):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    headers = token_for(member(cluster))
    url = f"/api/v1/events/{event.id}/registrations"
    first = client.post(url, headers=headers, json={"name": "A", "email": "a@example.fi"})
    second = client.post(url, headers=headers, json={"name": "B", "email": "b@example.fi"})
    response = client.delete(f"/api/v1/registrations/{first.get_json()['id']}", headers=headers)
    assert response.status_code == 200
    detail = client.get(f"/api/v1/events/{event.id}").get_json()
    assert detail["seats_left"] == 0 and detail["waitlisted"] == 0
    assert second.get_json()["status"] == "waitlisted"


def test_cannot_delete_another_organisations_registration(
    client, make_cluster, make_event, member, token_for
):
    cluster = make_cluster()
    event = make_event(cluster)
    url = f"/api/v1/events/{event.id}/registrations"
    mine = client.post(
        url, headers=token_for(member(cluster)), json={"name": "A", "email": "a@example.fi"}
    )
    response = client.delete(
        f"/api/v1/registrations/{mine.get_json()['id']}", headers=token_for(member(cluster))
    )
    assert response.status_code == 404


def test_register_for_a_draft_or_missing_event_is_404_and_books_nothing(
    client, make_cluster, make_event, member, token_for
):
    """The event is read once, under its lock; a draft stays hidden from members there."""
    cluster = make_cluster()
    draft = make_event(cluster, status="draft", capacity=5)
    headers = token_for(member(cluster))
    body = {"name": "A", "email": "a@example.fi"}
    hidden = client.post(f"/api/v1/events/{draft.id}/registrations", headers=headers, json=body)
    missing = client.post("/api/v1/events/999999/registrations", headers=headers, json=body)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0


def test_register_for_sessions_by_id_checks_them_before_the_seat(
    client, make_cluster, make_event, member, token_for
):
    cluster = make_cluster()
    event = make_event(
        cluster,
        sessions=[
            {"title": "Norja", "starts_at": utcnow() + timedelta(days=14, hours=1)},
            {"title": "Ruotsi", "starts_at": utcnow() + timedelta(days=14, hours=1)},
        ],
    )
    other = make_event(cluster, sessions=[{"title": "Viro"}])
    headers = token_for(member(cluster))
    url = f"/api/v1/events/{event.id}/registrations"
    ids = [s.id for s in event.sessions]
    foreign = client.post(
        url,
        headers=headers,
        json={"name": "A", "email": "a@example.fi", "session_ids": [other.sessions[0].id]},
    )
    clash = client.post(
        url, headers=headers, json={"name": "A", "email": "a@example.fi", "session_ids": ids}
    )
    one = client.post(
        url, headers=headers, json={"name": "A", "email": "a@example.fi", "session_ids": ids[:1]}
    )
    assert foreign.status_code == clash.status_code == 422
    assert "session_ids" in foreign.get_json()["error"]["fields"]
    assert "same time" in clash.get_json()["error"]["fields"]["session_ids"][0]
    assert one.status_code == 201
