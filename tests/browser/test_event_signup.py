"""A member signs up for a market review day in a real browser, then cancels."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import Event, EventSession, utcnow
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_member_signs_up_for_a_recommended_session_and_cancels(
    live_app, page, make_cluster, make_org, make_user
):
    base = live_app.config["LIVE_URL"]
    cluster = make_cluster()
    user = make_user(make_org(cluster, target_markets=["NO"]), locale="en", name="Aino Aalto")
    starts = utcnow() + timedelta(days=10)
    event = Event(
        cluster_id=cluster.id,
        kind="market_review",
        title="Market review day",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        capacity=20,
        status="published",
        language="en",
    )
    for n, (title, country) in enumerate([("Norway", "NO"), ("Italy", "IT")]):
        at = starts + timedelta(hours=n)
        event.sessions.append(
            EventSession(
                title=title, country=country, starts_at=at, ends_at=at + timedelta(hours=1)
            )
        )
    db.session.add(event)
    db.session.commit()

    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(base + f"/events/{event.id}")
    expect(page.get_by_text("20 seats left")).to_be_visible()
    page.get_by_label("Dietary needs").fill("vegetarian")
    page.get_by_label("Norway").check()
    screenshot(page, "event-signup")
    page.locator("form.signup-form").get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Aino Aalto is registered")).to_be_visible()
    expect(page.get_by_text("19 seats left")).to_be_visible()

    page.get_by_role("link", name="Cancel registration").click()
    expect(
        page.get_by_role("heading", name="Cancel the registration of Aino Aalto?")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, cancel the registration").click()
    expect(page.get_by_text("Registration of Aino Aalto cancelled")).to_be_visible()
    expect(page.get_by_text("20 seats left")).to_be_visible()
