"""Malformed input never reaches the database as a 500 (issue 10, defect 9): ids and pages past
the integer range, NUL bytes and lone surrogates, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.services import accounts

HUGE = [2**31, 2**63, 10**30]


@pytest.fixture
def admin_client(app, client, make_user, auth):
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    return client


def _int_routes(app):
    """(method, url template) of every route with an integer id, HTML and API."""
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.__class__.__name__ ==
                "IdConverter"]  # fmt: skip
        if not ints:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule.rule, ints


def _url(template: str, value: int) -> str:
    url = re.sub(r"<int:\w+>", str(value), template)
    return re.sub(r"<(?:\w+:)?\w+>", "x", url)


def test_the_app_has_integer_routes_to_check(app):
    assert len(list(_int_routes(app))) > 50


@pytest.mark.parametrize("value", HUGE)
def test_ids_beyond_the_integer_range_are_404_on_every_route(app, admin_client, value):
    failures = []
    for method, template, _names in _int_routes(app):
        url = _url(template, value)
        response = admin_client.open(url, method=method)
        if response.status_code != 404:
            failures.append((method, url, response.status_code))
    assert failures == []


def test_largest_id_still_reaches_the_view(admin_client):
    response = admin_client.get(f"/api/v1/organisations/{2**31 - 1}")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "No organisation with this id."


@pytest.mark.parametrize("value", [str(v) for v in HUGE] + ["-1", "abc", "1e3", "²"])
def test_html_listing_pages_clamp_any_page(admin_client, make_cluster, value):
    cluster = make_cluster(slug="meri")
    for url in ("/admin/outbox", "/admin/users", "/clusters/meri/", "/coordinator/meri/audit"):
        response = admin_client.get(f"{url}?page={value}")
        assert response.status_code == 200, url
    assert cluster.slug == "meri"


@pytest.mark.parametrize("value", [str(v) for v in HUGE] + ["0", "-1", "abc"])
def test_api_page_out_of_range_is_422_naming_page(client, value):
    response = client.get(f"/api/v1/organisations?page={value}")
    assert response.status_code == 422
    assert "page" in response.get_json()["error"]["fields"]


@pytest.fixture
def org_token(app, make_org, make_user):
    org = make_org()
    raw = accounts.create_api_token(make_user(org), "test")
    db.session.commit()
    return org, {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize("field", ["description", "name", "municipality"])
@pytest.mark.parametrize("text", ["\\ud800", "a\\u0000b", "\\udfff tail"])
def test_unstorable_text_in_json_is_422_naming_the_field(client, org_token, field, text):
    org, headers = org_token
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        data=f'{{"{field}": "{text}"}}',
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_unstorable_text_in_a_json_list_names_the_field(client, org_token):
    org, headers = org_token
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        data='{"export_markets": ["FI", "\\ud800"]}',
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "export_markets" in response.get_json()["error"]["fields"]


def test_nul_in_a_query_parameter_is_422(client):
    response = client.get("/api/v1/organisations?q=a%00b")
    assert response.status_code == 422
    assert "q" in response.get_json()["error"]["fields"]


def test_nul_in_a_form_field_is_422_naming_the_field(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email + "\x00", "password": "x"})
    assert response.status_code == 422
    assert "email" in response.get_data(as_text=True)


def test_nul_in_an_html_search_is_422(client, make_cluster):
    make_cluster(slug="meri")
    response = client.get("/clusters/meri?q=potkuri%00")
    assert response.status_code == 422


def test_nul_in_a_path_segment_is_not_a_500(client):
    response = client.get("/clusters/me%00ri/", follow_redirects=True)
    assert response.status_code in (404, 422)


def test_percent_encoded_surrogate_in_a_form_is_replaced_not_a_500(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login",
        data=f"email={user.email}%ED%A0%80&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
