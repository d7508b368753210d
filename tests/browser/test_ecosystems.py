"""A coordinator in a real browser: pastes a foreign company's English description into the
ecosystem fit, gets the right ecosystem with the members to meet, and prints its brochure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from matchmaker.services import demo, ecosystems
from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

NEWCOMER = (
    "Kunststoff Kreislauf GmbH is a German company that recycles plastic packaging and scrap "
    "metal from industry. We are looking for a site in Finland with sorted waste streams, rail "
    "access and a pilot hall where we can test our washing and sorting process."
)


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote: its page objects (not the /Pages tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_a_coordinator_finds_the_ecosystem_for_a_newcomer_and_prints_its_brochure(
    live_app, app, page
):
    demo.seed()
    coordinator = cluster_service.by_slug("lahti-biomass").coordinators[0].user
    db.session.commit()
    base = live_app.config["LIVE_URL"]

    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(coordinator.email)
    page.get_by_label("Password").fill("demo-coordinator-2026")
    page.get_by_role("button", name="Log in").click()
    page.locator(".lang-switch").get_by_role("button", name="EN").click()

    page.get_by_role("link", name="Ecosystems", exact=True).first.click()
    expect(page.get_by_role("heading", name="Business ecosystems")).to_be_visible()
    page.get_by_role("link", name="Which ecosystem fits a company?").first.click()
    page.get_by_label("The company's description").fill(NEWCOMER)
    page.get_by_role("button", name="Find the ecosystems").click()

    best = page.locator(".fit-item").first
    expect(best.get_by_role("heading")).to_contain_text("Lahti Recycling Park")
    expect(best.locator(".reasons")).to_contain_text("Members that do related work")
    meet = best.locator(".meet-first li")
    expect(meet.first).to_contain_text("Recycling")
    assert meet.count() >= 3
    screenshot(page, "ecosystem-fit")

    best.get_by_role("link", name="Lahti Recycling Park").click()
    expect(page.get_by_role("heading", name="Lahti Recycling Park", level=1)).to_be_visible()
    for language, heading in (
        ("English", "Lahti Recycling Park"),
        ("Suomi", "Lahden kierrätyspuisto"),
        ("Svenska", "Lahtis återvinningspark"),
    ):
        page.get_by_role("link", name=language, exact=True).click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        expect(page.locator(".site-header")).to_have_count(0)  # no navigation in the brochure
        pdf = page.pdf(format="A4", print_background=True)
        assert 1 <= pdf_pages(pdf) <= 2, language
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"ecosystem-brochure-{language}.pdf").write_bytes(pdf)
        page.emulate_media(media="print")
        screenshot(page, f"ecosystem-brochure-{language}")
        page.emulate_media(media="screen")
        page.go_back()


def test_every_demo_brochure_fits_on_two_pages_and_the_count_is_real(live_app, app, page):
    demo.seed()
    long_text = "\n\n".join(["Tontit, raiteet, pilottihalli ja osaava työvoima. " * 12] * 12)
    eco = ecosystems.save(
        cluster_service.by_slug("lahti-maritime").coordinators[0].user,
        cluster_service.by_slug("lahti-maritime"),
        {
            "slug": "liian-pitka",
            "published": True,
            "name_fi": "Liian pitkä esite",
            "summary_fi": "Kokeilu",
            "description_fi": long_text[:8000],
            "value_factors_fi": "\n".join(f"Lisäarvotekijä {n}" for n in range(12)),
        },
    )
    db.session.commit()
    base = live_app.config["LIVE_URL"]
    for item in ecosystems.published():
        for lang in ("fi", "en", "sv"):
            page.goto(f"{base}/ecosystems/{item.slug}/brochure?lang={lang}")
            pages = pdf_pages(page.pdf(format="A4"))
            if item.id == eco.id:
                assert pages > 2  # the counter sees pages beyond two
            else:
                assert 1 <= pages <= 2, (item.slug, lang)
