"""A participant changes a registration, and the coordinator checks people in at the door: by
a name search without diacritics ("ohman" finds "Öhman") and by the phone camera reading a
ticket's QR code (Chromium's fake camera plays the ticket; the page's jsQR reads it)."""

from datetime import timedelta

import pytest
import segno
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import Event, EventSession, utcnow
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from tests.browser.conftest import _chromium_path, screenshot

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(390, id="phone")]


def _login(page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    # at phone width the menu (and its "Log out") is folded away until opened
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()


def _no_horizontal_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def write_camera_video(path, text: str, width: int = 640, height: int = 480) -> None:
    """A few Y4M frames of the QR code of `text`, black on white, for Chromium's fake
    camera (--use-file-for-fake-video-capture)."""
    matrix = [list(row) for row in segno.make(text, error="m").matrix]
    quiet, size = 4, len(matrix)
    scale = (min(width, height) - 40) // (size + 2 * quiet)
    left = (width - scale * (size + 2 * quiet)) // 2
    top = (height - scale * (size + 2 * quiet)) // 2
    luma = bytearray(b"\xff" * (width * height))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if not dark:
                continue
            for dy in range(scale):
                start = (top + (y + quiet) * scale + dy) * width + left + (x + quiet) * scale
                luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (width // 2 * height // 2)
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _frame in range(10):
            f.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


@pytest.fixture
def market_day(live_app, make_cluster, make_org, make_user):
    cluster = make_cluster()
    oona = make_user(make_org(cluster), locale="en", name="Oona Öhman")
    ville = make_user(make_org(cluster), locale="en", name="Ville Virtanen")
    coordinator = make_user(locale="en", name="Kaisa Koordinaattori")
    cluster_service.add_coordinator(cluster, coordinator)
    starts = (utcnow() + timedelta(days=10)).replace(hour=7, minute=0, second=0, microsecond=0)
    event = Event(
        cluster_id=cluster.id,
        kind="market_review",
        title="International market review day",
        venue="Lahti",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        capacity=20,
        status="published",
        language="en",
    )
    for n, (title, country, seats) in enumerate([("Norway", "NO", 1), ("Italy", "IT", None)]):
        at = starts + timedelta(hours=n)
        event.sessions.append(
            EventSession(
                title=title,
                country=country,
                capacity=seats,
                starts_at=at,
                ends_at=at + timedelta(hours=1),
            )
        )
    db.session.add(event)
    db.session.commit()
    norway = event.sessions[0]
    person = event_service.Person(name=ville.name, email=ville.email)
    event.ville_reg = event_service.signup(ville, event, person, [norway.id])
    db.session.commit()
    event.oona, event.coordinator = oona, coordinator
    return event


@pytest.mark.parametrize("width", WIDTHS)
def test_participant_changes_a_registration_and_is_checked_in_by_name(
    live_app, browser, market_day, width, tmp_path
):
    base = live_app.config["LIVE_URL"]
    event = market_day
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()

    # Oona signs up for Italy, then changes the registration: Norway too (full), and diet.
    _login(page, base, event.oona.email)
    page.goto(base + f"/events/{event.id}")
    expect(page.get_by_text("Norway (full — waiting list)")).to_be_visible()
    page.get_by_label("Italy").check()
    page.locator("form.signup-form").get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Oona Öhman is registered")).to_be_visible()
    expect(page.locator(".ticket svg")).to_be_visible()
    _no_horizontal_scroll(page)

    page.get_by_role("link", name="Change", exact=True).click()
    expect(page.get_by_role("heading", name="Change the registration")).to_be_visible()
    page.get_by_label("Norway").check()
    page.get_by_label("Dietary needs").fill("vegan")
    screenshot(page, f"registration-change-{width}")
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Registration of Oona Öhman saved.")).to_be_visible()
    expect(page.get_by_text("Norway (number 1 on the waiting list)")).to_be_visible()
    expect(page.get_by_text("Dietary needs: vegan")).to_be_visible()
    expect(page.get_by_text("18 seats left")).to_be_visible()  # her seat kept: 20 - 2
    screenshot(page, f"registration-changed-{width}")
    context.close()

    # At the door: the coordinator's phone finds "Öhman" by typing "ohman".
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    _login(page, base, event.coordinator.email)
    page.goto(base + f"/events/{event.id}/checkin")
    expect(page.get_by_role("heading", name="Participant check-in")).to_be_visible()
    page.get_by_placeholder("Search by name or organisation").fill("ohman")
    page.get_by_role("button", name="Search").click()
    row = page.locator(".checkin-list li", has_text="Oona Öhman")
    expect(row).to_be_visible()
    expect(page.locator(".checkin-list li", has_text="Ville Virtanen")).to_have_count(0)
    row.get_by_role("button").click()
    expect(page.locator(".checkin-list li.arrived", has_text="Oona Öhman")).to_be_visible()
    expect(page.locator(".checkin-count")).to_contain_text("1 / 2")
    screenshot(page, f"checkin-search-{width}")
    _no_horizontal_scroll(page)
    context.close()


def test_coordinator_scans_a_ticket_with_the_phone_camera(live_app, browser, market_day, tmp_path):
    base = live_app.config["LIVE_URL"]
    event = market_day
    video = tmp_path / "ticket.y4m"
    write_camera_video(video, event_service.checkin_token(event.ville_reg))
    camera = browser.browser_type.launch(
        executable_path=_chromium_path(),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(
            locale="en-GB", viewport={"width": 390, "height": 844}, permissions=["camera"]
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        _login(page, base, event.coordinator.email)
        page.goto(base + f"/events/{event.id}/checkin")
        page.get_by_role("button", name="Scan a ticket with the camera").click()
        expect(page.get_by_text("Ville Virtanen checked in.")).to_be_visible()
        expect(page.locator(".checkin-list li.arrived", has_text="Ville Virtanen")).to_be_visible()
        screenshot(page, "checkin-scanned-390")
    finally:
        camera.close()
    db.session.refresh(event.ville_reg)
    assert event.ville_reg.attended_at is not None
