"""Rules written once and shared by several services: who coordinates, e-mail addresses,
signed links, calendar files."""

from datetime import datetime

import icalendar
import pytest
from flask_login import AnonymousUserMixin

from matchmaker.services import calendar, leads, organisations, permissions, tokens
from matchmaker.services.email_address import is_valid_email, normalise_email
from matchmaker.services.errors import DomainError, PermissionDenied


def test_nobody_and_anonymous_visitors_coordinate_nothing(make_cluster):
    cluster = make_cluster()
    assert not permissions.is_coordinator(None, cluster.id)
    assert not permissions.is_coordinator(AnonymousUserMixin(), cluster.id)


def test_a_missing_actor_may_not_save_or_import_leads(make_cluster):
    cluster = make_cluster()
    with pytest.raises(PermissionDenied):
        leads.save(None, cluster, {"name": "Liidi Oy"})
    with pytest.raises(PermissionDenied):
        leads.import_file(None, cluster, "l.csv", b"Nimi\nLiidi Oy\n")


def test_a_contact_address_longer_than_smtp_carries_is_a_field_error(make_org, make_user):
    org = make_org()
    with pytest.raises(DomainError) as caught:
        organisations.save_contact(
            make_user(org), org, {"name": "Maija", "email": "a" * 250 + "@firma.fi"}
        )
    assert "email" in caught.value.fields


def test_addresses_are_compared_trimmed_and_in_lower_case():
    assert normalise_email("  Maija@Firma.FI ") == "maija@firma.fi"
    assert is_valid_email("maija@firma.fi")
    assert not is_valid_email("maija@firma")
    assert not is_valid_email("maija meri@firma.fi")


def test_a_token_signed_for_one_purpose_does_not_serve_another(app):
    with app.test_request_context():
        token = tokens.sign("reset", {"uid": 1})
        assert tokens.load("reset", token, max_age=60, expired="old", invalid="bad") == {"uid": 1}
        with pytest.raises(DomainError) as caught:
            tokens.load("confirm", token, max_age=60, expired="old", invalid="bad")
        assert caught.value.message == "bad"


def test_an_expired_token_says_so(app):
    with app.test_request_context():
        token = tokens.sign("confirm", {"uid": 1})
        with pytest.raises(DomainError) as caught:
            tokens.load("confirm", token, max_age=-1, expired="old", invalid="bad")
        assert caught.value.message == "old"


def test_one_calendar_builder_writes_utc_times_status_and_a_named_feed(app):
    with app.test_request_context():
        start, end = datetime(2026, 6, 1, 7, 0), datetime(2026, 6, 1, 7, 20)
        text = calendar.ics_text(
            [
                calendar.entry(calendar.meeting_uid(5), start, end, "A", location="Pöytä 3"),
                calendar.entry(calendar.meeting_uid(6), start, end, "B", confirmed=False),
            ],
            "PUBLISH",
            name="Matchmaker",
        )
    cal = icalendar.Calendar.from_ical(text)
    first, second = cal.walk("VEVENT")
    assert (cal["method"], cal["x-wr-calname"]) == ("PUBLISH", "Matchmaker")
    assert str(first["uid"]).startswith("meeting-5@")
    assert first.decoded("dtstart").utcoffset().total_seconds() == 0
    assert (str(first["location"]), str(first["status"])) == ("Pöytä 3", "CONFIRMED")
    assert "location" not in second and str(second["status"]) == "CANCELLED"
