"""Logins end when they should: a session cookie or a remember-me cookie, captured and replayed,
stops working after a password reset or change, after logout and after "log out everywhere"."""

from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from tests.conftest import outbox_links

PASSWORD = "correct horse battery"
COOKIES = ("session", "remember_token")


def log_in(app, user, remember: bool = True):
    """A browser of its own, logged in as the user."""
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert browser.post("/auth/login", data=data).status_code == 302
    return browser


def captured(browser) -> dict[str, str]:
    """What an attacker who copied the browser's cookies holds."""
    return {name: browser.get_cookie(name).value for name in COOKIES if browser.get_cookie(name)}


def replay(app, name: str, value: str):
    """A fresh browser that holds only one stolen cookie."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser


def logged_in(browser) -> bool:
    return browser.get("/auth/settings").status_code == 200


def assert_cookies_dead(app, stolen: dict[str, str]) -> None:
    assert set(stolen) == set(COOKIES)
    for name, value in stolen.items():
        assert not logged_in(replay(app, name, value)), f"the old {name} cookie still logs in"


def test_stolen_cookies_log_in_until_something_ends_them(app, make_user):
    # The control: without a reset or logout, each captured cookie alone is a login. This is
    # what the tests below take away.
    user = make_user()
    stolen = captured(log_in(app, user))
    for name, value in stolen.items():
        assert logged_in(replay(app, name, value)), name


def test_password_reset_ends_old_sessions_and_remember_cookies(app, client, make_user):
    user = make_user(email="victim@example.fi")
    stolen = captured(log_in(app, user))
    client.post("/auth/forgot", data={"email": "victim@example.fi"})
    link = next(link for link in outbox_links("victim@example.fi") if "/auth/reset/" in link)
    response = client.post(
        link.replace("http://localhost", ""),
        data={"password": "brand new password", "password2": "brand new password"},
    )
    assert response.status_code == 302
    assert_cookies_dead(app, stolen)


def test_logout_ends_the_captured_remember_me_cookie(app, make_user):
    user = make_user()
    browser = log_in(app, user)
    stolen = captured(browser)
    browser.post("/auth/logout")
    assert not logged_in(browser)
    assert_cookies_dead(app, stolen)


def test_logout_without_remember_me_keeps_other_devices_logged_in(app, make_user):
    user = make_user()
    laptop = log_in(app, user, remember=False)
    phone = log_in(app, user, remember=False)
    laptop.post("/auth/logout")
    assert not logged_in(laptop)
    assert logged_in(phone)


def test_log_out_everywhere_ends_every_login_of_that_user_only(app, make_user):
    user, other = make_user(), make_user()
    laptop = log_in(app, user)
    phone = log_in(app, user, remember=False)
    stolen = captured(laptop)
    someone_else = log_in(app, other)

    response = phone.post("/auth/logout-everywhere")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]

    assert not logged_in(phone)
    assert not logged_in(laptop)
    assert_cookies_dead(app, stolen)
    assert logged_in(someone_else)
    assert logged_in(replay(app, "remember_token", captured(someone_else)["remember_token"]))


def test_password_change_logs_out_other_devices_but_not_this_one(app, make_user):
    user = make_user()
    laptop = log_in(app, user)
    phone = log_in(app, user)
    stolen = captured(phone)
    response = laptop.post(
        "/auth/settings",
        data={
            "pw-current_password": PASSWORD,
            "pw-password": "a newer password",
            "pw-password2": "a newer password",
            "pw-submit": "Change password",
        },
    )
    assert response.status_code == 302
    assert logged_in(laptop)
    # This device's remember-me cookie was issued anew and works on its own.
    assert logged_in(replay(app, "remember_token", captured(laptop)["remember_token"]))
    assert not logged_in(phone)
    assert_cookies_dead(app, stolen)


@pytest.fixture
def csrf_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_settings_offer_log_out_everywhere_as_a_csrf_protected_form(csrf_app, make_user):
    user = make_user()
    browser = csrf_app.test_client()
    page = browser.get("/auth/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    browser.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    before = user.session_token

    settings = browser.get("/auth/settings", headers={"Accept-Language": "en"}).data.decode()
    assert 'action="/auth/logout-everywhere"' in settings
    assert "Log out of all devices" in settings

    assert browser.post("/auth/logout-everywhere").status_code == 400  # no CSRF token
    db.session.refresh(user)
    assert user.session_token == before and logged_in(browser)

    browser.post("/auth/logout-everywhere", data={"csrf_token": token})
    db.session.refresh(user)
    assert user.session_token != before and not logged_in(browser)


def test_sessions_carry_the_session_token_not_the_user_id(app, make_user):
    user = make_user()
    other = make_user()
    assert user.get_id() == user.session_token and user.session_token != other.session_token
    # A cookie made for the numeric id (what sessions held before) logs in nobody.
    loader = app.login_manager._user_callback
    assert loader(str(user.id)) is None
    assert loader(user.session_token).id == user.id
