"""API v1 opportunities: list, create, read, change, delete, matches, interest."""

from datetime import datetime, timedelta

import pytest

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.services import accounts


@pytest.fixture
def bearer(app):
    def make(user) -> dict:
        token = accounts.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def body(cluster, **kw):
    return {
        "cluster": cluster.slug,
        "kind": "subcontracting",
        "title": "A60-eristeet 40 t",
        "offered_sought": "A60-paloeristeet, 40 tonnia, maaliskuuhun mennessä",
        "deadline": (timeutil.today(cluster) + timedelta(days=30)).isoformat(),
        **kw,
    }


def test_list_shape_visibility_and_filters(maritime, post, client, bearer):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster)
    closed = post(people["yard"], cluster, kind="joint_bid", title="Osasto", publish=False)
    res = client.get(
        f"/api/v1/opportunities?cluster={cluster.slug}", headers=bearer(people["shafts"])
    )
    assert res.status_code == 200
    data = res.get_json()
    assert data["total"] == 1
    assert data["items"][0] == {
        "id": opp.id,
        "kind": "subcontracting",
        "title": opp.title,
        "organisation": {"id": orgs["yard"].id, "name": "Telakka Oy"},
        "cluster": cluster.slug,
        "deadline": opp.deadline.isoformat(),
        "status": "published",
        "visibility": "cluster",
    }
    mine = client.get("/api/v1/opportunities?kind=joint_bid", headers=bearer(people["yard"]))
    assert [i["id"] for i in mine.get_json()["items"]] == [closed.id]
    opened = client.get("/api/v1/opportunities?open=1", headers=bearer(people["yard"]))
    assert [i["id"] for i in opened.get_json()["items"]] == [opp.id]
    assert client.get("/api/v1/opportunities", headers=bearer(people["outsider"])).get_json() == {
        "items": [],
        "total": 0,
    }
    assert client.get("/api/v1/opportunities?cluster=nope").status_code == 404


def test_create_201_and_422_for_a_deadline_in_the_past(maritime, client, bearer):
    cluster, _, _, people = maritime
    headers = bearer(people["yard"])
    res = client.post("/api/v1/opportunities", json=body(cluster), headers=headers)
    assert res.status_code == 201 and res.get_json()["status"] == "published"
    past = (timeutil.today(cluster) - timedelta(days=1)).isoformat()
    res = client.post("/api/v1/opportunities", json=body(cluster, deadline=past), headers=headers)
    assert res.status_code == 422 and "deadline" in res.get_json()["error"]["fields"]
    res = client.post("/api/v1/opportunities", json=body(cluster, kind="x"), headers=headers)
    assert res.status_code == 422 and "kind" in res.get_json()["error"]["fields"]
    res = client.post(
        "/api/v1/opportunities", json=body(cluster, deadline="huomenna"), headers=headers
    )
    assert res.status_code == 422 and "deadline" in res.get_json()["error"]["fields"]


def test_create_in_a_cluster_not_a_member_of_is_403(maritime, client, bearer):
    _, fibre, _, people = maritime
    res = client.post("/api/v1/opportunities", json=body(fibre), headers=bearer(people["yard"]))
    assert res.status_code == 403


def test_get_hides_what_the_caller_may_not_see(maritime, post, client, bearer):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    assert client.get(f"/api/v1/opportunities/{opp.id}").status_code == 404
    res = client.get(f"/api/v1/opportunities/{opp.id}", headers=bearer(people["shafts"]))
    assert res.status_code == 200 and res.get_json()["open"] is True


def test_patch_and_delete_only_by_the_owner(maritime, post, client, bearer):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    url = f"/api/v1/opportunities/{opp.id}"
    assert (
        client.patch(url, json={"title": "X"}, headers=bearer(people["shafts"])).status_code == 403
    )
    owner = bearer(people["yard"])
    res = client.patch(url, json={"title": "Uusi", "status": "closed"}, headers=owner)
    assert res.status_code == 200 and res.get_json()["title"] == "Uusi"
    assert res.get_json()["status"] == "closed"
    assert client.delete(url, headers=bearer(people["shafts"])).status_code == 403
    assert client.delete(url, headers=owner).status_code == 204
    assert client.get(url, headers=owner).status_code == 404


def test_delete_with_interests_is_409(maritime, post, client, bearer):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    url = f"/api/v1/opportunities/{opp.id}"
    client.post(f"{url}/interest", json={"message": "Hei"}, headers=bearer(people["shafts"]))
    assert client.delete(url, headers=bearer(people["yard"])).status_code == 409


def test_matches_for_owner_and_coordinators_only(maritime, post, client, bearer):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster)
    url = f"/api/v1/opportunities/{opp.id}/matches"
    res = client.get(url, headers=bearer(people["yard"]))
    assert res.status_code == 200
    first = res.get_json()["items"][0]
    assert first["organisation"] == {"id": orgs["shafts"].id, "name": "Akselipaja Oy"}
    assert first["score"] > 0 and first["reasons"][0]["text"]
    assert client.get(url, headers=bearer(people["coord"])).status_code == 200
    assert client.get(url, headers=bearer(people["shafts"])).status_code == 403
    assert client.get(url, headers=bearer(people["mill"])).status_code == 404


def test_interest_201_409_403_and_422(maritime, post, client, bearer, app, freeze_clock):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    url = f"/api/v1/opportunities/{opp.id}/interest"
    shafts = bearer(people["shafts"])
    res = client.post(url, json={"message": "Koneistamme nämä"}, headers=shafts)
    assert res.status_code == 201 and res.get_json()["status"] == "pending"
    assert client.post(url, json={"message": "taas"}, headers=shafts).status_code == 409
    assert client.post(url, json={}, headers=bearer(people["yard"])).status_code == 403
    client.patch(
        f"/api/v1/opportunities/{opp.id}", json={"status": "closed"}, headers=bearer(people["yard"])
    )
    res = client.post(url, json={}, headers=bearer(people["hvac"]))
    assert res.status_code == 422


def test_interest_past_the_deadline_day_is_422(maritime, post, client, bearer, freeze_clock):
    cluster, _, _, people = maritime
    freeze_clock(datetime(2027, 3, 1, 10, 0))
    opp = post(people["yard"], cluster, deadline=datetime(2027, 3, 2).date())
    headers = bearer(people["shafts"])
    freeze_clock(datetime(2027, 3, 2, 22, 30))  # already 3 March in Helsinki
    res = client.post(f"/api/v1/opportunities/{opp.id}/interest", json={}, headers=headers)
    assert res.status_code == 422
