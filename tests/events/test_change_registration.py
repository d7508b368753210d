"""Changing a registration (sessions, dietary needs) keeps the seat; the signed link in the
mail lets the person registered change or cancel that one registration without an account."""

from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import Registration, utcnow
from matchmaker.services import accounts
from matchmaker.services import events as event_service
from matchmaker.services.errors import DomainError, PermissionDenied
from tests.conftest import outbox_links
from tests.events.conftest import mails_to


def _seats(reg: Registration) -> dict[int, str]:
    db.session.refresh(reg)
    return {rs.session_id: rs.status for rs in reg.sessions}


@pytest.fixture
def market_day(make_cluster, make_event):
    """An event with a full one-seat session (Norway), an open one (Germany) at the same hour
    as Norway's neighbour, and a later one (Italy)."""
    cluster = make_cluster()
    event = make_event(
        cluster,
        capacity=10,
        sessions=[
            {"title": "Norja", "capacity": 1},
            {"title": "Saksa"},
            {"title": "Italia", "capacity": 5},
        ],
    )
    event.norway, event.germany, event.italy = event.sessions
    return event


def test_adding_a_full_session_waitlists_it_and_keeps_the_other_seats(market_day, member, signup):
    cluster = market_day.cluster
    signup(member(cluster), market_day, sessions=[market_day.norway.id])  # takes Norway
    me = member(cluster)
    reg = signup(me, market_day, sessions=[market_day.germany.id])
    assert reg.status == "confirmed"

    event_service.change_registration(
        me, reg, session_ids=[market_day.germany.id, market_day.norway.id, market_day.italy.id]
    )
    db.session.commit()

    assert reg.status == "confirmed"  # the event seat is kept
    assert _seats(reg) == {
        market_day.norway.id: "waitlisted",
        market_day.germany.id: "confirmed",
        market_day.italy.id: "confirmed",
    }
    assert event_service.session_waitlist_positions(reg) == {market_day.norway.id: 1}


def test_dropping_a_session_gives_its_seat_to_the_first_in_its_queue(market_day, member, signup):
    cluster = market_day.cluster
    holder = member(cluster)
    held = signup(holder, market_day, sessions=[market_day.norway.id])
    first = signup(member(cluster), market_day, sessions=[market_day.norway.id])
    second = signup(member(cluster), market_day, sessions=[market_day.norway.id])

    event_service.change_registration(holder, held, session_ids=[market_day.italy.id])
    db.session.commit()

    assert _seats(held) == {market_day.italy.id: "confirmed"}
    assert _seats(first) == {market_day.norway.id: "confirmed"}
    assert _seats(second) == {market_day.norway.id: "waitlisted"}
    assert event_service.session_waitlist_positions(second) == {market_day.norway.id: 1}


def test_changing_dietary_needs_keeps_the_seat_and_mails_the_change(market_day, member, signup):
    me = member(market_day.cluster)
    reg = signup(me, market_day, sessions=[market_day.italy.id])
    event_service.change_registration(me, reg, dietary="gluteeniton")
    db.session.commit()
    assert (reg.status, reg.dietary) == ("confirmed", "gluteeniton")
    assert _seats(reg) == {market_day.italy.id: "confirmed"}
    changed = mails_to(me.email)[-1]
    assert changed.subject.startswith("Registration changed")
    assert "gluteeniton" in changed.body


def test_overlapping_sessions_are_refused_on_the_field(market_day, member, signup):
    me = member(market_day.cluster)
    reg = signup(me, market_day)
    germany = market_day.germany
    germany.starts_at = market_day.norway.starts_at  # now parallel tracks
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        event_service.change_registration(me, reg, session_ids=[market_day.norway.id, germany.id])
    assert "session_ids" in refused.value.fields


def test_another_organisation_cannot_change_a_registration(market_day, member, signup):
    reg = signup(member(market_day.cluster), market_day)
    with pytest.raises(PermissionDenied):
        event_service.change_registration(member(market_day.cluster), reg, dietary="x")


def test_change_page_saves_sessions_without_cancelling(client, auth, market_day, member, signup):
    me = member(market_day.cluster)
    reg = signup(me, market_day, sessions=[market_day.italy.id])
    auth.login(me.email)
    page = client.get(f"/events/registrations/{reg.id}/change").get_data(as_text=True)
    assert "Change the registration" in page and "seat taken" in page
    response = client.post(
        f"/events/registrations/{reg.id}/change",
        data={"sessions": [market_day.germany.id], "dietary": "vegaani"},
        follow_redirects=True,
    )
    assert f"Registration of {me.name} saved." in response.get_data(as_text=True)
    assert reg.status == "confirmed" and reg.dietary == "vegaani"
    assert _seats(reg) == {market_day.germany.id: "confirmed"}


# --- the signed link in the mail -------------------------------------------------------------


@pytest.fixture
def colleague_signed_up(market_day, member, signup):
    """Someone signs a colleague without an account up; returns the registration."""
    me = member(market_day.cluster)
    return signup(
        me, market_day, name="Oona Öhman", email="oona@example.fi", sessions=[market_day.italy.id]
    )


def _manage_link(email: str) -> str:
    return next(link for link in outbox_links(email) if "/events/registration/" in link)


def test_confirmation_mail_has_a_link_that_works_without_an_account(
    client, colleague_signed_up, market_day
):
    link = _manage_link("oona@example.fi")
    page = client.get(link).get_data(as_text=True)
    assert "Registration of Oona Öhman" in page
    assert "Change the registration" in page
    response = client.post(link, data={"sessions": [market_day.italy.id], "dietary": "laktoositon"})
    assert response.status_code == 302
    db.session.refresh(colleague_signed_up)
    assert colleague_signed_up.dietary == "laktoositon"
    assert colleague_signed_up.status == "confirmed"


def test_link_cancels_only_after_confirmation(client, colleague_signed_up):
    link = _manage_link("oona@example.fi")
    confirm = client.get(link + "/cancel")
    assert "Cancel the registration of Oona Öhman?" in confirm.get_data(as_text=True)
    db.session.refresh(colleague_signed_up)
    assert colleague_signed_up.status == "confirmed"
    client.post(link + "/cancel")
    db.session.refresh(colleague_signed_up)
    assert colleague_signed_up.status == "cancelled"
    # The link is spent: the registration it names is cancelled.
    assert client.get(link).status_code == 400


def test_link_reaches_only_its_own_registration(
    client, colleague_signed_up, market_day, member, signup
):
    other = signup(member(market_day.cluster), market_day)
    link = _manage_link("oona@example.fi")
    client.post(link + "/cancel")
    db.session.refresh(other)
    assert other.status == "confirmed"
    # A token altered to name another registration fails its signature.
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/events/registration/{token[:-2]}xx").status_code == 400


def test_link_expires(app, client, colleague_signed_up):
    link = _manage_link("oona@example.fi")
    app.config["REGISTRATION_LINK_MAX_AGE"] = -1
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired." in response.get_data(as_text=True)


def test_link_stops_working_when_the_event_is_over(client, colleague_signed_up, market_day):
    link = _manage_link("oona@example.fi")
    market_day.starts_at = utcnow() - timedelta(days=2)
    market_day.ends_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert client.get(link).status_code == 400


def test_api_changes_sessions_keeping_the_seat(client, market_day, member, signup):
    cluster = market_day.cluster
    signup(member(cluster), market_day, sessions=[market_day.norway.id])
    me = member(cluster)
    reg = signup(me, market_day, sessions=[market_day.italy.id])
    raw = accounts.create_api_token(me, "test")
    db.session.commit()
    response = client.patch(
        f"/api/v1/registrations/{reg.id}",
        headers={"Authorization": f"Bearer {raw}"},
        json={"session_ids": [market_day.italy.id, market_day.norway.id]},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "confirmed"
    assert {s["session_id"]: (s["status"], s["position"]) for s in body["sessions"]} == {
        market_day.italy.id: ("confirmed", None),
        market_day.norway.id: ("waitlisted", 1),
    }


def test_api_change_of_another_organisations_registration_is_404(
    client, market_day, member, signup
):
    reg = signup(member(market_day.cluster), market_day)
    raw = accounts.create_api_token(member(market_day.cluster), "test")
    db.session.commit()
    response = client.patch(
        f"/api/v1/registrations/{reg.id}",
        headers={"Authorization": f"Bearer {raw}"},
        json={"dietary": "x"},
    )
    assert response.status_code == 404
