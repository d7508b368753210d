"""One way to handle time: wall-clock times of a cluster's zone to naive UTC and back."""

from datetime import date, datetime

import flask_babel
import pytest
from flask import render_template_string

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service

# 00:30 in Helsinki on 11 March 2026 (EET, UTC+2) is still 10 March in UTC.
HALF_PAST_MIDNIGHT_HELSINKI = datetime(2026, 3, 10, 22, 30)


def test_helsinki_wall_clock_to_utc_follows_daylight_saving(app):
    assert timeutil.to_utc(datetime(2026, 3, 11, 9, 0), "Europe/Helsinki") == datetime(
        2026, 3, 11, 7, 0
    )
    assert timeutil.to_utc(datetime(2026, 6, 11, 9, 0), "Europe/Helsinki") == datetime(
        2026, 6, 11, 6, 0
    )


def test_utc_to_local_and_back_is_the_same_moment(app, make_cluster):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    stored = datetime(2026, 6, 11, 6, 0)
    local = timeutil.to_local(stored, lisbon)
    assert local == datetime(2026, 6, 11, 7, 0)  # WEST, UTC+1
    assert timeutil.to_utc(local, lisbon) == stored


def test_aware_value_is_converted_from_its_own_zone(app):
    aware = datetime.fromisoformat("2026-06-11T09:00:00+03:00")
    assert timeutil.to_utc(aware, "Europe/Lisbon") == datetime(2026, 6, 11, 6, 0)


def test_none_stays_none(app):
    assert timeutil.to_utc(None) is None and timeutil.to_local(None) is None


def test_today_in_helsinki_is_a_day_ahead_of_utc_just_after_midnight(app):
    assert HALF_PAST_MIDNIGHT_HELSINKI.date() == date(2026, 3, 10)
    assert timeutil.today("Europe/Helsinki", HALF_PAST_MIDNIGHT_HELSINKI) == date(2026, 3, 11)
    assert timeutil.today("Europe/Lisbon", HALF_PAST_MIDNIGHT_HELSINKI) == date(2026, 3, 10)


def test_today_reads_the_app_clock(app, freeze_clock):
    freeze_clock(HALF_PAST_MIDNIGHT_HELSINKI)
    assert timeutil.today() == date(2026, 3, 11)
    assert timeutil.local_now() == datetime(2026, 3, 11, 0, 30)


def test_day_starts_at_local_midnight(app):
    assert timeutil.day_start(date(2026, 3, 11), "Europe/Helsinki") == datetime(2026, 3, 10, 22)
    assert timeutil.day_start(date(2026, 7, 1), "Europe/Helsinki") == datetime(2026, 6, 30, 21)


def test_default_zone_is_the_installations(app):
    assert timeutil.zone_name() == "Europe/Helsinki"
    assert timeutil.zone_name(None) == app.config["BABEL_DEFAULT_TIMEZONE"]


def test_in_zone_switches_babel_and_restores_it(app):
    with timeutil.in_zone("America/New_York") as name:
        assert name == "America/New_York"
        assert str(flask_babel.get_timezone()) == "America/New_York"
    assert str(flask_babel.get_timezone()) == "Europe/Helsinki"


def test_use_cluster_makes_babels_own_helpers_follow_the_cluster(app, make_cluster):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    timeutil.use_cluster(lisbon)
    assert flask_babel.to_user_timezone(datetime(2026, 6, 11, 6, 0)).hour == 7
    assert timeutil.to_local(datetime(2026, 6, 11, 6, 0)) == datetime(2026, 6, 11, 7, 0)
    timeutil.forget_cluster()
    flask_babel.refresh()
    assert timeutil.zone_name() == "Europe/Helsinki"


def test_format_in_viewers_language_and_clusters_zone(app, make_cluster):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    stored = datetime(2026, 6, 11, 6, 0)
    with flask_babel.force_locale("fi"):
        assert timeutil.format_time(stored, zone=lisbon) == "7.00"
        assert timeutil.format_time(stored) == "9.00"  # Helsinki, the default
        assert timeutil.format_date(datetime(2026, 3, 10, 22, 30), "short") == "11.3.2026"
    with flask_babel.force_locale("en"):
        assert timeutil.format_time(stored, zone=lisbon) == "7:00\u202fAM"
    assert timeutil.format_datetime(None) == ""


def test_page_filters_show_the_clusters_zone(client, auth, make_cluster, make_user):
    """A view that knows its cluster (the coordinator pages) formats in that cluster's zone."""
    lisbon = make_cluster(timezone="Europe/Lisbon")
    user = make_user()
    cluster_service.add_coordinator(lisbon, user)
    db.session.commit()
    auth.login(user.email)
    client.get(f"/coordinator/{lisbon.slug}/")
    assert timeutil.zone_name() == "Europe/Lisbon"
    client.get("/")  # the next request starts from the default again
    assert timeutil.zone_name() == "Europe/Helsinki"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "localtime", "", None, "europe/helsinki"])
def test_unknown_zone_names_are_not_valid(name):
    assert not timeutil.is_valid(name)


def test_choices_hold_the_common_zones_and_a_rarer_current_one():
    names = [n for n, _label in timeutil.choices()]
    assert "Europe/Helsinki" in names and "Europe/Stockholm" in names
    assert "Asia/Calcutta" not in names
    assert "Asia/Calcutta" in [n for n, _label in timeutil.choices("Asia/Calcutta")]


def test_template_filters_take_the_clusters_zone(app, make_cluster):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    with flask_babel.force_locale("fi"):
        html = render_template_string(
            "{{ v|event_time }} {{ v|event_time(z) }} {{ v|datetime('HH.mm', z) }}",
            v=datetime(2026, 6, 11, 6, 0),
            z=lisbon,
        )
    assert html == "9.00 7.00 07.00"
