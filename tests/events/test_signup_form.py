"""The signup form on the event page: its wording, who it offers, the organisation cap,
the confirmation step before cancelling, full sessions and session waiting list positions."""

import re

from matchmaker.extensions import db
from matchmaker.services import events as event_service


def _page(client, event) -> str:
    return client.get(f"/events/{event.id}").get_data(as_text=True)


def _who_choices(page: str) -> list[tuple[str, bool]]:
    """The radio buttons of the signup form: (value, checked)."""
    return [
        (m.group(2), "checked" in m.group(0))
        for m in re.finditer(r'<input([^>]*)name="who"[^>]*value="([^"]+)"[^>]*>', page)
    ]


def test_submit_button_says_sign_up_not_register_an_account(
    client, auth, make_cluster, make_event, member
):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(member(cluster, locale="fi").email)
    page = _page(client, event)
    assert 'value="Ilmoittaudu"' in page
    assert "Rekisteröidy" not in page


def test_swedish_submit_button_says_anmal(client, auth, make_cluster, make_event, member):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(member(cluster, locale="sv").email)
    assert 'value="Anmäl"' in _page(client, event)


def test_after_signing_up_yourself_the_form_offers_a_colleague_first(
    client, auth, make_cluster, make_event, member, make_user, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    me = member(cluster, name="Aino Aalto")
    colleague = make_user(me.organisation, name="Bertta Berg")
    auth.login(me.email)
    assert _who_choices(_page(client, event))[0] == ("me", True)

    signup(me, event)
    choices = _who_choices(_page(client, event))
    assert "me" not in [value for value, _ in choices]
    assert choices[0] == (str(colleague.id), True)


def test_form_never_offers_a_colleague_already_registered(
    client, auth, make_cluster, make_event, member, make_user, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    me = member(cluster)
    colleague = make_user(me.organisation)
    signup(me, event, name=colleague.name, email=colleague.email)
    auth.login(me.email)
    values = [value for value, _ in _who_choices(_page(client, event))]
    assert values == ["me", "other"]


def test_form_is_hidden_with_a_reason_once_the_organisation_cap_is_reached(
    client, auth, make_cluster, make_event, member, make_user, signup
):
    cluster = make_cluster()
    event = make_event(cluster, max_per_organisation=1)
    me = member(cluster)
    make_user(me.organisation)
    auth.login(me.email)
    assert "signup-form" in _page(client, event)
    signup(me, event)
    page = _page(client, event)
    assert "signup-form" not in page
    assert "Your organisation has signed up 1 person, the most this event allows." in page


def test_cancelling_asks_for_confirmation_first(client, auth, make_cluster, make_event, member):
    cluster = make_cluster()
    event = make_event(cluster)
    me = member(cluster, name="Aino Aalto")
    reg = event_service.signup(me, event, event_service.Person(name=me.name, email=me.email))
    db.session.commit()
    auth.login(me.email)
    # The event page links to a confirmation page; opening it cancels nothing.
    assert f'href="/events/registrations/{reg.id}/cancel"' in _page(client, event)
    confirm = client.get(f"/events/registrations/{reg.id}/cancel")
    assert confirm.status_code == 200
    assert "Cancel the registration of Aino Aalto?" in confirm.get_data(as_text=True)
    db.session.refresh(reg)
    assert reg.status == "confirmed"
    # Only the confirmation page's POST cancels.
    done = client.post(f"/events/registrations/{reg.id}/cancel", follow_redirects=True)
    assert "Registration of Aino Aalto cancelled" in done.get_data(as_text=True)
    db.session.refresh(reg)
    assert reg.status == "cancelled"


def test_coordinator_list_cancels_through_the_confirmation_page_too(
    client, auth, make_cluster, make_event, member, coordinator, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    reg = signup(member(cluster), event)
    auth.login(coordinator(cluster).email)
    listing = client.get(f"/events/{event.id}/registrations").get_data(as_text=True)
    assert f"/events/registrations/{reg.id}/cancel?next=manage" in listing
    confirm = client.get(f"/events/registrations/{reg.id}/cancel?next=manage")
    assert 'name="next" value="manage"' in confirm.get_data(as_text=True)


def test_full_sessions_are_marked_in_the_choices(
    client, auth, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja", "capacity": 1}, {"title": "Italia"}])
    norway = event.sessions[0]
    signup(member(cluster), event, sessions=[norway.id])
    auth.login(member(cluster).email)
    page = _page(client, event)
    assert "Norja (full — waiting list)" in page
    assert "Italia (full" not in page


def test_session_waiting_list_shows_the_persons_position(
    client, auth, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja", "capacity": 1}])
    norway = event.sessions[0]
    signup(member(cluster), event, sessions=[norway.id])
    signup(member(cluster), event, sessions=[norway.id])
    third = member(cluster)
    reg = signup(third, event, sessions=[norway.id])
    assert event_service.session_waitlist_positions(reg) == {norway.id: 2}
    auth.login(third.email)
    assert "Norja (number 2 on the waiting list)" in _page(client, event)
