"""CSRF, cookie flags, headers, escaping."""

import re

import pytest

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.services import accounts


@pytest.fixture
def csrf_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_form_post_without_csrf_token_is_refused(csrf_app, make_user):
    user = make_user()
    client = csrf_app.test_client()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert b"Log out" not in client.get("/", headers={"Accept-Language": "en"}).data


def test_form_post_with_csrf_token_is_accepted(csrf_app, make_user):
    user = make_user()
    client = csrf_app.test_client()
    page = client.get("/auth/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302


def test_api_write_with_session_needs_csrf_header(csrf_app, make_org, make_user):
    org = make_org()
    user = make_user(org)
    client = csrf_app.test_client()
    page = client.get("/auth/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/auth/login",
        data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
    )
    refused = client.patch(f"/api/v1/organisations/{org.id}", json={"municipality": "Hollola"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf"
    accepted = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={"municipality": "Hollola"},
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200


def test_api_write_with_bearer_token_needs_no_csrf(csrf_app, make_org, make_user):
    org = make_org()
    raw = accounts.create_api_token(make_user(org))
    db.session.commit()
    response = csrf_app.test_client().patch(
        f"/api/v1/organisations/{org.id}",
        json={"municipality": "Heinola"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200


def test_production_defaults_make_cookies_secure(tmp_path):
    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_passwords_are_stored_hashed(make_user):
    user = make_user(password="correct horse battery")
    assert "correct horse battery" not in user.password_hash
    assert user.password_hash.startswith("pbkdf2:") or user.password_hash.startswith("scrypt:")


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_profile_text_is_escaped(client, make_cluster, make_org):
    cluster = make_cluster(slug="x")
    org = make_org(cluster, description="<script>alert('x')</script>")
    assert b"<script>alert" not in client.get(f"/organisations/{org.id}").data
    assert b"&lt;script&gt;" in client.get(f"/organisations/{org.id}").data
    assert b"<script>alert" not in client.get("/clusters/x/").data


def test_login_redirect_only_to_this_site(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": user.email, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/"
