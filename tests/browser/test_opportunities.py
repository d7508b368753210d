"""A cooperation opportunity in a real browser: a maritime member posts a subcontracting
request, sees which members fit and why, notifies three; one of them answers from the
notification, the owner accepts and sees their contact people, marks the request fulfilled,
and the funder report counts it."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage
from matchmaker.services import clusters as cluster_service
from matchmaker.services import organisations
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _login(page, base, email):
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _logout(page):
    page.get_by_role("button", name="Log out").click()


def test_post_notify_answer_accept_fulfil_and_report(
    live_app, page, make_cluster, make_org, make_user
):
    base = live_app.config["LIVE_URL"]
    cluster = make_cluster(slug="lahti-maritime", name="Lahti Maritime Cluster")
    yard = make_org(
        cluster,
        name="Telakka Oy",
        description="Rakennamme työveneitä ja lauttoja.",
        capabilities="Työveneiden rakentaminen",
        needs="Potkuriakselien koneistus",
    )
    shops = [
        make_org(
            cluster,
            name=name,
            description="Koneistamme akseleita meriteollisuudelle.",
            capabilities=f"Akseleiden ja potkuriakseleiden koneistus\n{extra}",
        )
        for name, extra in (
            ("Akselipaja Oy", "Hitsaus"),
            ("Sorvaamo Heinola Oy", "Sorvaus ja hionta"),
            ("Tarkkuuskoneistus Oy", "CNC-koneistus"),
        )
    ]
    make_org(cluster, name="Laivailma Oy", capabilities="Laivojen ilmastointi")
    owner = make_user(yard, org_role="admin", email="yard@example.fi", locale="en")
    answerer = make_user(shops[0], org_role="admin", email="akseli@example.fi", locale="en")
    for user, org, email in (
        (owner, yard, "pekka@telakka.fi"),
        (answerer, shops[0], "salli@akselipaja.fi"),
    ):
        organisations.save_contact(
            user, org, {"name": email, "email": email, "visibility": "private"}
        )
    coordinator = make_user(email="coord@example.fi", locale="en")
    cluster_service.add_coordinator(cluster, coordinator)
    db.session.commit()
    deadline = (timeutil.today(cluster) + timedelta(days=21)).isoformat()

    # The owner posts a subcontracting request
    _login(page, base, "yard@example.fi")
    page.get_by_role("link", name="Opportunities").click()
    page.get_by_role("link", name="Post an opportunity").click()
    page.get_by_label("Kind").select_option("subcontracting")
    page.get_by_label("Title").fill("Potkuriakselien koneistus, 12 akselia")
    page.get_by_label("What is offered or sought").fill(
        "Potkuriakselien koneistus, Ø 180–260 mm\nToimitus kesäkuussa"
    )
    page.get_by_label("Deadline").fill(deadline)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Opportunity saved.")).to_be_visible()

    # ... sees which members fit and why, and notifies three
    fits = page.locator("#fits")
    for shop in shops:
        expect(fits.locator(f'[data-fit="{shop.name}"]')).to_be_visible()
    expect(
        fits.get_by_text(re.compile("They offer .Akseleiden ja potkuriakseleiden koneistus"))
    ).to_have_count(3)
    expect(page.locator("#notify-limit")).to_contain_text("You can notify 20 more organisations")
    screenshot(page, "opportunity-fits")
    for shop in shops:
        page.get_by_label(shop.name).check()
    page.get_by_role("button", name="Notify them").click()
    expect(page.get_by_text("3 organisations notified.")).to_be_visible()
    expect(page.locator("#notify-limit")).to_contain_text("You can notify 17 more organisations")
    _logout(page)

    # One of them answers from the notification
    body = db.session.scalar(
        sa.select(OutboxMessage.body).where(OutboxMessage.recipient == "akseli@example.fi")
    )
    link = re.search(r"https?://\S+(/opportunities/\d+)", body).group(1)
    _login(page, base, "akseli@example.fi")
    page.goto(base + link)
    page.get_by_label("Message").fill("Sorvimme 7 m akselit, ensimmäinen erä viikolla 20.")
    page.get_by_role("button", name="Express interest").click()
    expect(page.get_by_text("Your interest has been sent.")).to_be_visible()
    expect(page.get_by_text("pekka@telakka.fi")).to_have_count(0)
    _logout(page)

    # The owner accepts: both see each other's contact people
    _login(page, base, "yard@example.fi")
    page.goto(base + link)
    interest = page.locator('[data-interest="Akselipaja Oy"]')
    expect(interest).to_contain_text("Sorvimme 7 m akselit")
    interest.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted: both of you can now see")).to_be_visible()
    expect(page.locator('[data-interest="Akselipaja Oy"]')).to_contain_text("salli@akselipaja.fi")

    # ... and marks the request fulfilled with the partner chosen
    page.get_by_label("Partner chosen").select_option(label="Akselipaja Oy")
    page.get_by_role("button", name="Mark fulfilled").click()
    expect(page.get_by_text("Fulfilled with Akselipaja Oy.")).to_be_visible()
    screenshot(page, "opportunity-fulfilled")
    _logout(page)

    _login(page, base, "akseli@example.fi")
    page.goto(base + link)
    expect(page.get_by_text("pekka@telakka.fi")).to_be_visible()
    _logout(page)

    # The funder report counts it
    _login(page, base, "coord@example.fi")
    page.goto(base + f"/coordinator/{cluster.slug}/report")
    expect(page.locator('[data-figure="fulfilled"]')).to_have_text("1")
    expect(page.locator('[data-figure="accepted"]')).to_have_text("1")
    page.locator('[data-figure="fulfilled"]').click()
    expect(page.get_by_role("link", name="Potkuriakselien koneistus, 12 akselia")).to_be_visible()
    screenshot(page, "opportunity-report")
