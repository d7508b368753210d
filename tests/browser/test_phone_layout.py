"""The busiest pages on a 390 px phone: no sideways scrolling, a header that folds away (without
JavaScript too), long Finnish words that wrap; and a coordinator's header on one line at 1280 px
with the stand status badges inside their cards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import Event, EventSession, Fair, JointStand, utcnow
from matchmaker.services import clusters as cluster_service
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG_TITLE = "Kansainvälinen markkinakatsauspäivä: Norja, Saksa, Ranska, Italia ja Tanska"


@pytest.fixture
def busy_cluster(make_cluster, make_org, make_user):
    """A maritime cluster with members who fit each other, a coordinator (who also acts for an
    organisation, so the header has every item), a market review day and a joint stand."""
    cluster = make_cluster(slug="meri", name="Lahden seudun meriklusteri")
    yard = make_org(
        cluster,
        name="Telakkapalvelut ja Laivanrakennusinsinööritoimisto Lahtinen Oy",
        description="Laivanrakennusinsinööritoimisto ja telakkapalvelut sisävesialuksille. " * 4,
        capabilities="Laivanrakennus\nRunkorakenteiden suunnittelu",
        needs="Potkurit ja potkuriakselit\nPropulsiojärjestelmät",
        industries=["30"],
        export_markets=["NO", "DE"],
    )
    make_org(
        cluster,
        name="Potkuripaja Laine Oy",
        capabilities="Potkurit ja potkuriakselit\nPropulsiojärjestelmät",
        needs="Laivanrakennus",
        industries=["28"],
    )
    make_org(cluster, name="Laivailma Oy", capabilities="Ilmanvaihto laivoihin", industries=["C"])
    member = make_user(yard, org_role="admin", locale="fi", email="jasen@telakka.example")
    coordinator = make_user(yard, org_role="admin", locale="fi", email="koord@meri.example")
    cluster_service.add_coordinator(cluster, coordinator)
    starts = (utcnow() + timedelta(days=20)).replace(hour=6, minute=0, second=0, microsecond=0)
    event = Event(
        cluster_id=cluster.id,
        kind="market_review",
        title=LONG_TITLE,
        description="Viiden maan meriteollisuuden markkinakatsaukset.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=7),
        capacity=120,
        max_per_organisation=4,
        status="published",
        language="fi",
        venue="LUT-yliopisto, Lahden kampus, Mukkulankatu 19",
    )
    for n, (title, country) in enumerate([("Norja", "NO"), ("Saksa", "DE")]):
        at = starts + timedelta(hours=n)
        event.sessions.append(
            EventSession(
                title=title, country=country, starts_at=at, ends_at=at + timedelta(hours=1)
            )
        )
    db.session.add(event)
    today = utcnow().date()
    fair = Fair(
        name="Navigate",
        city="Turku",
        country="FI",
        starts_on=today + timedelta(days=90),
        ends_on=today + timedelta(days=91),
    )
    db.session.add(fair)
    db.session.flush()
    db.session.add(
        JointStand(
            fair=fair,
            cluster_id=cluster.id,
            name="Lahti Maritime – Propulsion & Ship Equipment",
            area_m2=Decimal("60"),
            places=10,
            pricing="per_m2",
            price_per_m2=Decimal("310"),
            interest_deadline=today + timedelta(days=30),
        )
    )
    db.session.commit()
    return {
        "cluster": cluster,
        "yard": yard,
        "member": member,
        "coordinator": coordinator,
        "event": event,
        "fair": fair,
    }


def _log_in(page, base, email):
    page.goto(base + "/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/auth/login" not in url)


_WIDEST = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && !el.closest('.table-scroll')) {
      const name = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
      out.push(name + ' ' + Math.round(r.right));
    }
  }
  return out.slice(0, 6).join(', ');
}"""


def _no_sideways_scroll(page) -> tuple[int, int]:
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")


def test_busiest_pages_fit_a_phone_without_sideways_scrolling(live_app, browser, busy_cluster):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, base, busy_cluster["member"].email)
    pages = {
        "directory": f"/clusters/{busy_cluster['cluster'].slug}/",
        "organisation": f"/organisations/{busy_cluster['yard'].id}",
        "partners": "/partners/",
        "events": "/events/",
        "event": f"/events/{busy_cluster['event'].id}",
    }
    problems = []
    for name, path in pages.items():
        page.goto(base + path)
        assert page.url.endswith(path), page.url
        scroll, width = _no_sideways_scroll(page)
        header = page.locator(".site-header").bounding_box()["height"]
        screenshot(page, f"phone-390-{name}")
        if scroll > width:
            problems.append(f"{name}: {scroll} px wide at {width}")
        if header > 80:
            problems.append(f"{name}: header {header} px tall")
    assert problems == []
    # The long compound word of the event title wraps inside the page.
    title = page.get_by_role("heading", level=1)
    assert LONG_TITLE in title.inner_text()
    assert title.bounding_box()["x"] + title.bounding_box()["width"] <= PHONE["width"]
    context.close()


def test_phone_menu_opens_without_javascript(live_app, browser, busy_cluster):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(viewport=PHONE, locale="fi-FI", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, base, busy_cluster["member"].email)
    page.goto(base + "/events/")
    events_link = page.locator(".main-nav").get_by_role("link", name="Tapahtumat")
    expect(events_link).to_be_hidden()
    page.locator(".nav-toggle-label").click()
    expect(events_link).to_be_visible()
    expect(page.locator(".main-nav").get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    screenshot(page, "phone-390-menu-open")
    assert _no_sideways_scroll(page)[0] <= PHONE["width"]
    context.close()


@pytest.mark.parametrize("locale", ["fi", "sv"])
def test_coordinators_header_is_one_line_at_1280_with_room_to_spare(
    live_app, browser, busy_cluster, locale
):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    busy_cluster["coordinator"].locale = locale
    db.session.commit()
    _log_in(page, base, busy_cluster["coordinator"].email)
    page.goto(base + f"/fairs/{busy_cluster['fair'].id}/manage/{busy_cluster['cluster'].slug}")
    tops = page.evaluate(
        "[...document.querySelectorAll('.brand, .main-nav li, .lang-switch')]"
        ".map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height/2))"
    )
    assert max(tops) - min(tops) <= 4, tops
    # Room for one more header item (another 60 px) before the line would wrap.
    spare = page.evaluate(
        "(() => { const row = document.querySelector('.header-row');"
        " const used = [...row.children].filter(e => e.offsetParent)"
        "   .reduce((s, e) => s + e.getBoundingClientRect().width, 0);"
        " return row.clientWidth - used; })()"
    )
    assert spare > 100, spare
    screenshot(page, f"coordinator-1280-{locale}")
    # The stand status badge stays inside its card.
    card = page.locator(".card.stand").first.bounding_box()
    badge = page.locator(".card.stand .badge").first.bounding_box()
    assert badge["x"] + badge["width"] <= card["x"] + card["width"]
    assert badge["y"] + badge["height"] <= card["y"] + card["height"]
    context.close()


def test_coordinator_pages_fit_a_phone_without_sideways_scrolling(live_app, browser, busy_cluster):
    """A coordinator at a fair with only a phone: the wide tables scroll inside their own box,
    the page itself never sideways."""
    base = live_app.config["LIVE_URL"]
    slug, fair, event = busy_cluster["cluster"].slug, busy_cluster["fair"], busy_cluster["event"]
    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, base, busy_cluster["coordinator"].email)
    pages = {
        "dashboard": f"/coordinator/{slug}/",
        "fair-manage": f"/fairs/{fair.id}/manage/{slug}",
        "fair-overview": f"/fairs/{fair.id}/overview/{slug}",
        "report": f"/coordinator/{slug}/report",
        "report-members": f"/coordinator/{slug}/report/members",
        "registrations": f"/events/{event.id}/registrations",
        "invitations": f"/coordinator/{slug}/invitations",
        "leads": f"/coordinator/{slug}/leads",
        "audit": f"/coordinator/{slug}/audit",
    }
    problems = []
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response.status == 200, (name, response.status)
        scroll, width = _no_sideways_scroll(page)
        screenshot(page, f"phone-390-coordinator-{name}")
        if scroll > width:
            wide = page.evaluate(_WIDEST)
            problems.append(f"{name}: {scroll} px wide at {width} ({wide})")
    assert problems == []
