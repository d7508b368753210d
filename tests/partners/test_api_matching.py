"""API: suggestions and ecosystem fit."""

import pytest

from matchmaker.extensions import db
from matchmaker.services import accounts


@pytest.fixture
def bearer(app):
    def make(user) -> dict:
        raw = accounts.create_api_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def test_suggestions_shape(client, maritime, bearer):
    _, orgs, people = maritime
    response = client.get(
        f"/api/v1/organisations/{orgs['yard'].id}/suggestions?k=2", headers=bearer(people["yard"])
    )
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert len(items) == 2
    first = items[0]
    assert set(first) >= {"organisation", "score", "reasons"}
    assert set(first["organisation"]) == {"id", "name"}
    assert first["reasons"] and first["reasons"][0]["text"]
    assert {i["organisation"]["name"] for i in items} == {"Akselipaja Oy", "Laivailma Oy"}


def test_side_stream_kind(client, maritime, bearer):
    _, orgs, people = maritime
    response = client.get(
        f"/api/v1/organisations/{orgs['yard'].id}/suggestions?kind=side-streams",
        headers=bearer(people["yard"]),
    )
    names = [i["organisation"]["name"] for i in response.get_json()["items"]]
    assert names == ["Akselipaja Oy"]
    assert response.get_json()["items"][0]["reasons"][0]["kind"] == "side_stream_taken"


def test_suggestions_of_another_organisation_are_403(client, maritime, bearer):
    _, orgs, people = maritime
    response = client.get(
        f"/api/v1/organisations/{orgs['yard'].id}/suggestions", headers=bearer(people["hvac"])
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_suggestions_need_auth(client, maritime):
    _, orgs, _ = maritime
    assert client.get(f"/api/v1/organisations/{orgs['yard'].id}/suggestions").status_code == 401


@pytest.mark.parametrize("query", ["k=0", "k=abc", "kind=friends"])
def test_bad_suggestion_parameters_are_422(client, maritime, bearer, query):
    _, orgs, people = maritime
    response = client.get(
        f"/api/v1/organisations/{orgs['yard'].id}/suggestions?{query}",
        headers=bearer(people["yard"]),
    )
    assert response.status_code == 422


def test_cluster_fit_ranks_the_cluster_with_similar_members(client, make_cluster, make_org):
    sea, forest = make_cluster(slug="meri"), make_cluster(slug="metsa")
    make_org(
        sea,
        name="Potkuri Oy",
        capabilities="Potkurit ja potkuriakselit laivoihin",
        description="Laivojen propulsio",
    )
    make_org(
        forest, name="Saha Oy", capabilities="Sahatavara ja sahanpuru", description="Puun sahaus"
    )
    response = client.get("/api/v1/clusters/fit?text=Valmistamme laivojen potkureita")
    items = response.get_json()["items"]
    assert items[0]["cluster"]["slug"] == "meri"
    assert items[0]["members"][0]["name"] == "Potkuri Oy"


def test_cluster_fit_needs_text(client):
    response = client.get("/api/v1/clusters/fit")
    assert response.status_code == 422
    assert "text" in response.get_json()["error"]["fields"]


def test_fit_page(client, make_cluster, make_org):
    sea = make_cluster(slug="meri", name="Meriklusteri")
    make_org(sea, name="Potkuri Oy", capabilities="Potkurit laivoihin")
    html = client.get("/partners/fit?text=laivojen+potkurit").get_data(as_text=True)
    assert "Meriklusteri" in html and "Potkuri Oy" in html
