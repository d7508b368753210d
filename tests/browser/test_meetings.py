"""Two participants agree a meeting in a real browser and see the same table in their agendas."""

import pytest
from playwright.sync_api import expect

from matchmaker.services import meetings as meeting_service
from tests.browser.conftest import screenshot
from tests.events.conftest import coordinator, make_event, member, signup  # noqa: F401
from tests.meetings.conftest import meeting_event, participant  # noqa: F401

pytestmark = pytest.mark.browser


def _login(page, base, email):
    page.context.clear_cookies()
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_request_accept_and_same_table_in_both_agendas(live_app, page, meeting_event, participant):  # noqa: F811
    base = live_app.config["LIVE_URL"]
    event = meeting_event(slots=3, tables=4)
    anna = participant(event, name="Anna Aalto", locale="en")
    ben = participant(event, name="Ben Berg", locale="en")

    _login(page, base, anna.email)
    page.goto(base + f"/meetings/event/{event.id}/")
    page.get_by_role("link", name="Request a meeting").first.click()
    page.get_by_label("Message").fill("Propeller shafts?")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Request sent to Ben Berg")).to_be_visible()

    _login(page, base, ben.email)
    page.goto(base + f"/meetings/event/{event.id}/requests")
    expect(page.get_by_text("Propeller shafts?")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("the meeting is in both agendas")).to_be_visible()
    table = meeting_service.meetings_of(ben.reg)[0].table.label
    page.goto(base + f"/meetings/event/{event.id}/agenda")
    expect(page.locator("table.agenda tbody td").nth(1)).to_have_text(table)
    screenshot(page, "meeting-agenda")

    _login(page, base, anna.email)
    page.goto(base + f"/meetings/event/{event.id}/agenda")
    expect(page.locator("table.agenda tbody td").nth(1)).to_have_text(table)
    expect(page.get_by_text("Ben Berg")).to_be_visible()
