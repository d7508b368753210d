"""JSON API v1: shapes, auth, errors."""

from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import Event, EventSession, utcnow
from matchmaker.services import accounts, organisations


@pytest.fixture
def token_for(app):
    def make(user) -> dict:
        raw = accounts.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def test_clusters_list(client, make_cluster, make_org):
    cluster = make_cluster(slug="meri", name="Meriklusteri")
    make_org(cluster)
    data = client.get("/api/v1/clusters").get_json()
    assert data["items"][0]["slug"] == "meri"
    assert data["items"][0]["member_count"] == 1


def test_organisations_search_shape_and_paging(client, make_cluster, make_org):
    cluster = make_cluster(slug="meri")
    make_org(cluster, name="Potkuri Oy", description="Valmistamme potkureita.")
    for n in range(3):
        make_org(cluster, name=f"Teräs {n} Oy", description="Teräsrakenteet")
    make_org(name="Outsider Oy", description="potkureita myös")  # not a member
    data = client.get("/api/v1/organisations?cluster=meri&q=potkuri").get_json()
    assert data["total"] == 1
    assert [o["name"] for o in data["items"]] == ["Potkuri Oy"]
    assert set(data["items"][0]) >= {"id", "name", "business_id", "org_type", "municipality"}
    page2 = client.get("/api/v1/organisations?cluster=meri&per_page=3&page=2").get_json()
    assert page2["total"] == 4 and len(page2["items"]) == 1


def test_unknown_cluster_is_a_json_404(client):
    response = client.get("/api/v1/organisations?cluster=nope")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_bad_page_is_422(client):
    response = client.get("/api/v1/organisations?page=zero")
    assert response.status_code == 422
    assert "page" in response.get_json()["error"]["fields"]


def test_get_organisation_hides_contacts_from_anonymous(client, make_org, make_user):
    org = make_org()
    organisations.save_contact(
        make_user(org), org, {"name": "Pekka", "email": "p@x.fi", "visibility": "public"}
    )
    db.session.commit()
    data = client.get(f"/api/v1/organisations/{org.id}").get_json()
    assert data["id"] == org.id and data["contacts"] == []


def test_patch_own_organisation_with_token(client, make_org, make_user, token_for):
    org = make_org()
    headers = token_for(make_user(org))
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={"description": "Uusi kuvaus", "export_markets": ["NO", "de"]},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.get_json()["export_markets"] == ["DE", "NO"]
    db.session.refresh(org)
    assert org.description == "Uusi kuvaus"


def test_patch_someone_elses_organisation_is_403(client, make_org, make_user, token_for):
    mine, theirs = make_org(), make_org()
    response = client.patch(
        f"/api/v1/organisations/{theirs.id}",
        json={"name": "Mine now"},
        headers=token_for(make_user(mine)),
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    db.session.refresh(theirs)
    assert theirs.name != "Mine now"


def test_patch_with_bad_data_is_422_with_field_errors_and_changes_nothing(
    client, make_org, make_user, token_for
):
    org = make_org(description="Ennallaan")
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={
            "business_id": "1234567-8",
            "export_markets": ["XX"],
            "employees": -3,
            "description": "muuttui",
        },
        headers=token_for(make_user(org)),
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"business_id", "export_markets", "employees"}
    db.session.expire_all()
    assert db.session.get(type(org), org.id).description == "Ennallaan"


def test_patch_without_auth_is_401(client, make_org):
    org = make_org()
    response = client.patch(f"/api/v1/organisations/{org.id}", json={"name": "x"})
    assert response.status_code == 401


def test_invalid_token_is_401(client, make_org):
    response = client.get("/api/v1/clusters", headers={"Authorization": "Bearer mm_nonsense"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_revoked_token_stops_working(client, make_org, make_user, token_for):
    org = make_org()
    user = make_user(org)
    headers = token_for(user)
    token = accounts.tokens_of(user)[0]
    accounts.revoke_token(user, token.id)
    db.session.commit()
    assert (
        client.patch(f"/api/v1/organisations/{org.id}", json={}, headers=headers).status_code == 401
    )


def test_unknown_organisation_is_json_404(client):
    response = client.get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"]


def test_event_session_without_a_country_is_listed(client, make_cluster):
    cluster = make_cluster()
    start = (utcnow() + timedelta(days=10)).replace(hour=7, minute=0, second=0, microsecond=0)
    event = Event(
        cluster_id=cluster.id,
        title="Avoin seminaari",
        kind="seminar",
        status="published",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue="Lahti",
        language="fi",
        sessions=[EventSession(title="Avaus", starts_at=start, ends_at=start + timedelta(hours=1))],
    )
    db.session.add(event)
    db.session.commit()
    response = client.get(f"/api/v1/events/{event.id}")
    assert response.status_code == 200
    assert response.get_json()["sessions"][0]["country"] is None


def test_unknown_query_parameters_are_ignored(client, make_cluster, make_org):
    make_org(make_cluster(slug="meri"), name="Potkuri Oy")
    response = client.get("/api/v1/organisations?cluster=meri&_=1733050000")
    assert response.status_code == 200
    assert [o["name"] for o in response.get_json()["items"]] == ["Potkuri Oy"]


def test_unknown_body_field_is_422_naming_it(client, make_org, make_user, token_for):
    org = make_org()
    headers = token_for(make_user(org))
    url = f"/api/v1/organisations/{org.id}"
    response = client.patch(url, json={"colour": "blue"}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"colour": ["Unknown field."]}


def test_token_of_a_deactivated_account_is_401(client, make_org, make_user, token_for):
    org = make_org()
    user = make_user(org)
    headers = token_for(user)
    user.is_active_account = False
    db.session.commit()
    assert client.get("/api/v1/clusters", headers=headers).status_code == 401
