"""Reminders, calendar files and feeds, and the outsiders' e-mail confirmation."""

import re
from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import Registration, utcnow
from matchmaker.services import calendar
from matchmaker.services import events as event_service
from matchmaker.services.errors import PermissionDenied
from tests.conftest import outbox_links
from tests.events.conftest import mails_to


def test_send_reminders_mails_once_however_often_it_runs(
    runner, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, starts_at=utcnow() + timedelta(hours=20))
    reg = signup(member(cluster), event)
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert "Sent 1 reminders" in first.output and "Sent 0 reminders" in second.output
    assert sum(m.subject.startswith("Reminder") for m in mails_to(reg.email)) == 1


def test_no_reminder_for_events_further_than_a_day_away(
    runner, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    reg = signup(member(cluster), make_event(cluster, starts_at=utcnow() + timedelta(days=3)))
    runner.invoke(args=["send-reminders"])
    assert not any(m.subject.startswith("Reminder") for m in mails_to(reg.email))


def test_ics_uid_is_stable_and_sequence_grows(app, make_cluster, make_event):
    event = make_event(make_cluster())
    before = calendar.event_ics(event)
    event.sequence += 1
    after = calendar.event_ics(event)
    uid = re.search(r"UID:(\S+)", before).group(1)
    assert re.search(r"UID:(\S+)", after).group(1) == uid
    assert "SEQUENCE:0" in before and "SEQUENCE:1" in after


def test_personal_feed_lists_confirmed_events_only(
    client, auth, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    user = member(cluster)
    signup(user, make_event(cluster, title="Mukana"))
    full = make_event(cluster, title="Jonossa", capacity=1)
    signup(member(cluster), full)
    signup(user, full)
    auth.login(user.email)
    page = client.get("/events/calendar").get_data(as_text=True)
    feed_url = re.search(r"http://localhost(/events/feed/[\w-]+\.ics)", page).group(1)
    auth.logout()
    body = client.get(feed_url).get_data(as_text=True)
    assert "SUMMARY:Mukana" in body and "Jonossa" not in body


def test_renewed_feed_address_replaces_the_old(app, make_user):
    user = make_user()
    old = calendar.feed_token(user)
    new = calendar.feed_token(user, renew=True)
    assert calendar.user_for_feed(old) is None and calendar.user_for_feed(new) == user


def test_outsider_gets_a_seat_only_after_confirming_the_email(client, make_cluster, make_event):
    event = make_event(make_cluster(), open_to_outsiders=True, capacity=5)
    client.post(
        f"/events/{event.id}/guest",
        data={"name": "Vieras Henkilö", "email": "vieras@example.com", "organisation_name": "X"},
    )
    reg = db.session.scalar(db.select(Registration))
    assert reg.status == "pending" and event_service.seats_left(event) == 5
    client.get(outbox_links("vieras@example.com")[-1].replace("http://localhost", ""))
    db.session.refresh(reg)
    assert reg.status == "confirmed"
    assert mails_to("vieras@example.com")[-1].subject.startswith("Registration confirmed")


def test_outsiders_cannot_register_for_members_only_events(app, make_cluster, make_event):
    event = make_event(make_cluster())
    with pytest.raises(PermissionDenied):
        event_service.outsider_signup(
            event, event_service.Person(name="Vieras", email="vieras@example.com")
        )


def test_send_reminders_without_server_name_links_to_base_url(
    production_cli, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, starts_at=utcnow() + timedelta(hours=20))
    reg = signup(member(cluster), event)
    result = production_cli(["send-reminders"], BASE_URL="https://matchmaker.example.fi/")
    assert result.exit_code == 0, result.output
    assert "Sent 1 reminders" in result.output
    # The worker of that installation renders the mail (no mail server: it keeps it).
    result = production_cli(["deliver-mail"], BASE_URL="https://matchmaker.example.fi/")
    assert result.exit_code == 0, result.output
    links = outbox_links(reg.email)
    assert f"https://matchmaker.example.fi/events/{event.id}" in links


def test_send_reminders_without_any_site_address_says_what_to_set(
    production_cli, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    reg = signup(member(cluster), make_event(cluster, starts_at=utcnow() + timedelta(hours=20)))
    result = production_cli(["send-reminders"])
    assert result.exit_code == 1
    assert "Set BASE_URL" in result.output and "Traceback" not in result.output
    db.session.refresh(reg)
    assert reg.reminder_sent_at is None  # nobody was marked reminded without a mail


def test_a_base_url_without_a_scheme_is_refused_clearly(production_cli):
    result = production_cli(["send-reminders"], BASE_URL="matchmaker.example.fi")
    assert result.exit_code == 1 and "BASE_URL must be" in result.output
