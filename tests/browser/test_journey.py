"""A new member's journey in a real browser: register, confirm, log in, edit, be found."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import Organisation, OutboxMessage
from matchmaker.services import clusters as cluster_service
from tests.browser.conftest import screenshot
from tests.conftest import valid_business_id

pytestmark = pytest.mark.browser


def test_register_edit_profile_and_find_it_in_the_directory(live_app, page, make_cluster):
    base = live_app.config["LIVE_URL"]
    make_cluster(slug="lahti-maritime", name="Lahti Maritime Cluster")
    business_id = valid_business_id(4242)

    page.goto(base + "/auth/register")
    page.get_by_label("Your name").fill("Aino Aalto")
    page.get_by_label("E-mail").fill("aino@potkurityo.fi")
    page.get_by_label("Password", exact=True).fill("aino's long password")
    page.get_by_label("Password again").fill("aino's long password")
    page.get_by_label("Language", exact=True).select_option("en")
    # A wrong business ID first: a clear error next to the field, nothing saved.
    page.get_by_label("Business ID (Y-tunnus)").fill("1234567-8")
    page.get_by_label("Organisation name").fill("Potkurityö Aalto Oy")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("its check digit does not match")).to_be_visible()
    screenshot(page, "register-error")
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0

    page.get_by_label("Business ID (Y-tunnus)").fill(business_id)
    page.get_by_label("Password", exact=True).fill("aino's long password")
    page.get_by_label("Password again").fill("aino's long password")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    body = db.session.scalar(
        sa.select(OutboxMessage.body).where(OutboxMessage.recipient == "aino@potkurityo.fi")
    )
    link = re.search(r"https?://\S+/auth/confirm/\S+", body).group(0)
    page.goto(base + link[link.index("/auth/") :])
    page.get_by_label("E-mail").fill("aino@potkurityo.fi")
    page.get_by_label("Password").fill("aino's long password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("link", name="My organisation").click()
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("Description").fill(
        "Korjaamme ja valmistamme potkureita työveneisiin ja lautoille."
    )
    page.get_by_label("What we offer").fill("Potkurien korjaus\nPotkuriakselit")
    markets = page.get_by_role("group", name="Export markets")
    markets.get_by_role("searchbox").fill("nor")
    markets.get_by_label("Norway").check()
    markets.get_by_role("searchbox").fill("swe")
    markets.get_by_label("Sweden").check()
    expect(markets.get_by_label("Norway")).to_be_checked()  # still there, still ticked
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    screenshot(page, "profile")

    org = db.session.scalar(sa.select(Organisation).where(Organisation.business_id == business_id))
    assert sorted(org.export_markets) == ["NO", "SE"]
    cluster_service.add_member(cluster_service.by_slug("lahti-maritime"), org)
    db.session.commit()

    page.goto(base + "/clusters/lahti-maritime/")
    page.get_by_role("searchbox").fill("potkuri")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Potkurityö Aalto Oy")).to_be_visible()
    screenshot(page, "directory-search")
