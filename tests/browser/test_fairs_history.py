"""On the demo, in a real browser: a coordinator groups Navigate's joint stands within their
floor area (1280 and 390 px wide), and the funder report for 2022 has figures to show."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import Fair, FairInterest, StandAssignment, utcnow
from matchmaker.services import demo
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

COORDINATOR = ("koordinaattori@meriklusteri.example", "demo-coordinator-2026")
# The first page that matches builds the demo's index and groups 25 organisations: seconds
# on a quiet machine, far more on a loaded 2-core one.
SLOW = 90_000


@pytest.fixture
def demo_app(live_app, app):
    """The live server on the demo (seeded through ``app``, which shares its database)."""
    demo.seed()
    db.session.commit()
    return live_app


def _login(browser, base, width):
    context = browser.new_context(locale="fi-FI", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(SLOW)
    expect.set_options(timeout=SLOW)
    page.goto(base + "/auth/login")
    page.locator("input[name=email]").fill(COORDINATOR[0])
    page.locator("input[name=password]").fill(COORDINATOR[1])
    page.locator("form:has(input[name=password]) button").first.click()
    expect(page.locator("form[action$='/auth/logout']")).to_have_count(1)
    return context, page


def _within(locator) -> int:
    """Every element's data-used <= data-area and data-members <= data-places; how many."""
    items = locator.evaluate_all(
        "els => els.map(e => [e.dataset.used, e.dataset.area, e.dataset.members, e.dataset.places])"
    )
    for used, area, members, places in items:
        assert Decimal(used) <= Decimal(area) and int(members) <= int(places), items
    return len(items)


# Elements sticking out to the right of the viewport (not counting those inside a table's
# own scroll box), to say what overflows when the page scrolls sideways.
_WIDE = """w => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > w + 1
               && !(e.closest('.table') && e.closest('.table') !== e))
  .slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(_WIDE, page.viewport_size["width"])
    assert width <= page.viewport_size["width"], (width, wide)


@pytest.mark.parametrize("width", [1280, 390])
def test_coordinator_groups_the_demo_fair_within_each_stands_area(demo_app, browser, width):
    base = demo_app.config["LIVE_URL"]
    fair = db.session.scalar(
        sa.select(Fair).where(Fair.name == "Navigate", Fair.starts_on > utcnow().date())
    )
    manage = f"{base}/fairs/{fair.id}/manage/lahti-maritime"
    context, page = _login(browser, base, width)
    try:
        page.goto(manage + "?suggest=1", timeout=SLOW)
        assert _within(page.locator("article.proposal")) == 2
        expect(page.locator(".competitors").first).to_be_visible()
        # one note per stand, however many pairs compete
        assert page.locator("article.proposal .competitors").count() <= 2
        screenshot(page, f"fair-grouping-{width}")
        _no_horizontal_scroll(page)
        page.locator("section.panel form button").click(timeout=SLOW)
        expect(page.locator(".flash, .notice").first).to_be_visible()
        assert _within(page.locator("p.stand-area")) == 2
        assert page.locator("p.stand-area[data-members='0']").count() == 0
        screenshot(page, f"fair-grouped-{width}")
        _no_horizontal_scroll(page)
    finally:
        context.close()
    placed = db.session.scalars(
        sa.select(StandAssignment).where(StandAssignment.fair_id == fair.id)
    )
    by_stand: dict[int, Decimal] = {}
    for a in placed:
        by_stand[a.stand_id] = by_stand.get(a.stand_id, Decimal("0")) + a.area_m2
    for stand in fair.stands:
        assert by_stand[stand.id] <= stand.area_m2


def test_over_full_manual_assignment_is_refused_next_to_the_field(demo_app, browser):
    base = demo_app.config["LIVE_URL"]
    fair = db.session.scalar(
        sa.select(Fair).where(Fair.name == "Navigate", Fair.starts_on > utcnow().date())
    )
    stand = fair.stands[1]  # 48 m²
    orgs = db.session.scalars(
        sa.select(FairInterest.organisation_id).where(FairInterest.fair_id == fair.id)
    ).all()
    context, page = _login(browser, base, 1280)
    try:
        page.goto(f"{base}/fairs/{fair.id}/manage/lahti-maritime", timeout=SLOW)
        for org_id in orgs[:8]:  # eight companies of 6-9 m² on 48 m²
            page.locator(f"#org-{org_id}").select_option(str(stand.id))
        with page.expect_navigation(timeout=SLOW):
            page.locator(f"#org-{orgs[0]}").evaluate("e => e.form.requestSubmit()")
        error = page.locator(f"#org-{orgs[0]}-error")
        expect(error).to_contain_text("m²")
        assert page.locator(f"#org-{orgs[0]}").get_attribute("aria-invalid") == "true"
        screenshot(page, "fair-over-full-refused")
    finally:
        context.close()
    assert (
        db.session.scalar(
            sa.select(sa.func.count(StandAssignment.id)).where(StandAssignment.stand_id == stand.id)
        )
        == 0
    )


def test_the_2022_funder_report_on_the_demo_has_figures(demo_app, browser):
    base = demo_app.config["LIVE_URL"]
    context, page = _login(browser, base, 1280)
    try:
        page.goto(f"{base}/coordinator/lahti-maritime/report?start=2022-01-01&end=2022-12-31")
        values = [int(v) for v in page.locator(".figure-value").all_inner_texts()]
        members, new = values[0], values[1]
        assert members >= 120 and new > 0
        screenshot(page, "report-2022")
        figures = dict(
            zip(
                page.locator("section.panel .figure-label").all_inner_texts(),
                [int(v) for v in page.locator("section.panel .figure-value").all_inner_texts()],
                strict=True,
            )
        )
        assert sum(1 for v in figures.values() if v > 0) >= 6, figures
    finally:
        context.close()
