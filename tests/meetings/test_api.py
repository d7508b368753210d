"""Meetings API: shapes and error codes."""

import pytest

from matchmaker.extensions import db
from matchmaker.services import accounts


@pytest.fixture
def token_for(app):
    def make(user) -> dict:
        raw = accounts.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def test_request_accept_and_list(client, meeting_event, participant, token_for):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    created = client.post(
        f"/api/v1/events/{event.id}/meeting-requests",
        json={"to_registration_id": ben.reg.id, "message": "Hei"},
        headers=token_for(anna),
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "requested" and body["to"]["registration_id"] == ben.reg.id
    assert set(body) == {"id", "event_id", "from", "to", "message", "status", "created_at",
                         "expires_at"}  # fmt: skip
    accepted = client.post(
        f"/api/v1/meeting-requests/{body['id']}/accept", headers=token_for(ben)
    ).get_json()
    assert accepted["status"] == "accepted" and accepted["meeting"]["table"] is not None
    items = client.get(f"/api/v1/events/{event.id}/meetings", headers=token_for(anna)).get_json()
    assert [m["with"]["name"] for m in items["items"]] == [ben.name]
    assert items["items"][0]["starts_at"].endswith("Z")


def test_only_receiver_may_accept(client, meeting_event, participant, token_for):
    event = meeting_event()
    anna, ben, carl = participant(event), participant(event), participant(event)
    rid = client.post(
        f"/api/v1/events/{event.id}/meeting-requests",
        json={"to_registration_id": ben.reg.id},
        headers=token_for(anna),
    ).get_json()["id"]
    for user in (anna, carl):
        res = client.post(f"/api/v1/meeting-requests/{rid}/accept", headers=token_for(user))
        assert res.status_code == 403
        assert res.get_json()["error"]["code"] == "forbidden"
    declined = client.post(f"/api/v1/meeting-requests/{rid}/decline", headers=token_for(ben))
    assert declined.get_json()["status"] == "declined"
    again = client.post(f"/api/v1/meeting-requests/{rid}/accept", headers=token_for(ben))
    assert again.status_code == 409


def test_errors(client, meeting_event, participant, member, token_for):
    event = meeting_event()
    anna = participant(event)
    outsider = member(event.cluster)
    assert client.get(f"/api/v1/events/{event.id}/meetings").status_code == 401
    res = client.get(f"/api/v1/events/{event.id}/meetings", headers=token_for(outsider))
    assert res.status_code == 403
    bad = client.post(
        f"/api/v1/events/{event.id}/meeting-requests",
        json={"to_registration_id": "x"},
        headers=token_for(anna),
    )
    assert bad.status_code == 422 and "to_registration_id" in bad.get_json()["error"]["fields"]
    missing = client.post(
        f"/api/v1/events/{event.id}/meeting-requests",
        json={"to_registration_id": 999999},
        headers=token_for(anna),
    )
    assert missing.status_code == 404
    unknown = client.post("/api/v1/meeting-requests/999999/accept", headers=token_for(anna))
    assert unknown.status_code == 404


def test_agenda_ics(client, meeting_event, participant, agreed, token_for):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    agreed(anna, ben, event)
    res = client.get(f"/api/v1/events/{event.id}/agenda.ics", headers=token_for(ben))
    assert res.mimetype == "text/calendar"
    assert res.get_data(as_text=True).count("BEGIN:VEVENT") == 1
