"""Numbers, dates and money read the same way on every page of a language (matchmaker.formatting):
Babel's separators, one date style, one datetime style, periods as intervals."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import flask_babel
import pytest

from matchmaker import formatting
from matchmaker.extensions import db
from matchmaker.models import Event, Fair, JointStand, StandAssignment
from matchmaker.services import clusters as cluster_service

NB = "\u00a0"  # Babel's grouping and unit space in fi and sv
NNB = "\u202f"  # Babel's narrow space before AM/PM in en


@pytest.mark.parametrize(
    ("locale", "money", "area", "day", "moment", "span"),
    [
        ("fi", f"1{NB}860,00{NB}€", f"7,5{NB}m²", "12.1.2027", "12.1.2027 9.00", "12.–30.1.2027"),
        (
            "en",
            "€1,860.00",
            f"7.5{NB}m²",
            "Jan 12, 2027",
            f"Jan 12, 2027, 9:00{NNB}AM",
            "Jan 12\u2009–\u200930, 2027",
        ),
        (
            "sv",
            f"1{NB}860,00{NB}€",
            f"7,5{NB}m²",
            "12 jan. 2027",
            "12 jan. 2027 09:00",
            "12–30 jan. 2027",
        ),
    ],
)
def test_house_styles_in_each_language(app, locale, money, area, day, moment, span):
    with app.test_request_context(), flask_babel.force_locale(locale):
        assert formatting.money(Decimal("1860")) == money
        assert formatting.area(Decimal("7.5")) == area
        assert formatting.area(Decimal("60.0")) == f"60{NB}m²"
        assert formatting.date(date(2027, 1, 12)) == day
        # 07:00 UTC is 09:00 in Helsinki in winter.
        assert formatting.datetime(datetime(2027, 1, 12, 7, 0), zone="Europe/Helsinki") == moment
        assert formatting.period(date(2027, 1, 12), date(2027, 1, 30)) == span


def test_babel_short_names_give_the_house_datetime(app):
    """A template asking for Babel's "short" gets the house style, not "1/12/27, 9:00 AM"."""
    with app.test_request_context(), flask_babel.force_locale("en"):
        value = datetime(2027, 1, 12, 7, 0)
        assert formatting.datetime(value, "short", "Europe/Helsinki") == formatting.datetime(
            value, zone="Europe/Helsinki"
        )
        assert formatting.datetime(value, "weekday", "Europe/Helsinki") == (
            f"Tue, Jan 12, 2027, 9:00{NNB}AM"
        )


@pytest.fixture
def priced_stand(make_cluster, make_org, make_user):
    """A 6 m² place on a stand at 310 €/m² (1 860,00 €), and the member who has it."""
    cluster = make_cluster(slug="meri")
    fair = Fair(
        name="Navigate",
        city="Turku",
        country="FI",
        starts_on=date(2027, 1, 12),
        ends_on=date(2027, 1, 14),
    )
    db.session.add(fair)
    db.session.flush()
    stand = JointStand(
        fair=fair,
        cluster_id=cluster.id,
        name="Propulsion",
        area_m2=Decimal("60"),
        places=10,
        pricing="per_m2",
        price_per_m2=Decimal("310"),
    )
    db.session.add(stand)
    org = make_org(cluster, name="Potkuri Oy")
    db.session.flush()
    db.session.add(
        StandAssignment(
            fair_id=fair.id, stand_id=stand.id, organisation_id=org.id, area_m2=Decimal("6")
        )
    )
    user = make_user(org, org_role="admin", email="potkuri@example.fi")
    db.session.commit()
    return fair, user


@pytest.mark.parametrize(
    ("locale", "line", "dates"),
    [
        ("fi", f"6{NB}m² × 310,00{NB}€/m²", "12.–14.1.2027"),
        ("en", f"6{NB}m² × €310.00/m²", "Jan 12\u2009–\u200914, 2027"),
        ("sv", f"6{NB}m² × 310,00{NB}€/m²", "12–14 jan. 2027"),
    ],
)
def test_fair_page_itemises_the_cost_with_one_set_of_separators(
    client, auth, priced_stand, locale, line, dates
):
    fair, user = priced_stand
    auth.login(user.email)
    client.post("/language", data={"locale": locale})
    html = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    total = {"fi": f"1{NB}860,00{NB}€", "en": "€1,860.00", "sv": f"1{NB}860,00{NB}€"}[locale]
    assert line in html and total in html
    assert dates in html
    assert "6.0 m²" not in html and "310.00 €" not in html


@pytest.mark.parametrize(
    ("locale", "when", "wrong"),
    [
        ("fi", "ti 12.1.2027 9.00", "2027-01-12"),
        ("en", f"Tue, Jan 12, 2027, 9:00{NNB}AM", "1/12/27"),
        ("sv", "tis 12 jan. 2027 09:00", "2027-01-12"),
    ],
)
def test_event_page_shows_its_time_in_the_house_style(client, make_cluster, locale, when, wrong):
    cluster = make_cluster(slug="tapahtumat")
    event = Event(
        cluster_id=cluster.id,
        title="Markkinakatsaus",
        kind="seminar",
        starts_at=datetime(2027, 1, 12, 7, 0),
        ends_at=datetime(2027, 1, 12, 14, 0),
        status="published",
        language="fi",
        venue="Lahti",
    )
    db.session.add(event)
    db.session.commit()
    client.post("/language", data={"locale": locale})
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert when in html
    assert wrong not in html


@pytest.mark.parametrize(
    ("locale", "span"),
    [
        ("fi", "1.1.–31.12.2022"),
        ("en", "Jan 1\u2009–\u2009Dec 31, 2022"),
        ("sv", "1 jan.–31 dec. 2022"),
    ],
)
def test_report_period_is_a_localised_interval_not_iso(
    client, auth, make_cluster, make_user, locale, span
):
    cluster = make_cluster(slug="raportti")
    coordinator = make_user(email="koord@example.fi")
    cluster_service.add_coordinator(cluster, coordinator)
    db.session.commit()
    auth.login(coordinator.email)
    client.post("/language", data={"locale": locale})
    html = client.get(
        f"/coordinator/{cluster.slug}/report?start=2022-01-01&end=2022-12-31"
    ).get_data(as_text=True)
    assert span in html
    assert "2022-01-01 – 2022-12-31" not in html


def test_report_file_names_its_sheet_and_period_in_the_language(
    client, auth, make_cluster, make_user
):
    from io import BytesIO

    from openpyxl import load_workbook

    cluster = make_cluster(slug="raportti")
    coordinator = make_user(email="koord@example.fi")
    cluster_service.add_coordinator(cluster, coordinator)
    db.session.commit()
    auth.login(coordinator.email)
    client.post("/language", data={"locale": "fi"})
    response = client.get(
        f"/coordinator/{cluster.slug}/report.xlsx?start=2022-01-01&end=2022-12-31"
    )
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["Raportti"]
    period = next(r for r in book.active.iter_rows(values_only=True) if r[0] == "Kausi")
    assert period[1:] == ("1.1.2022", "31.12.2022")


def test_event_starts_are_weekday_and_time_not_iso(app):
    """Mail templates and pages share the filters: no pattern of their own."""
    with app.test_request_context(), flask_babel.force_locale("fi"):
        start = datetime(2027, 1, 12, 7, 0)
        text = app.jinja_env.from_string("{{ v|datetime('weekday') }}").render(v=start)
        assert text == "ti 12.1.2027 9.00"
        later = app.jinja_env.from_string("{{ v|date }}").render(v=start + timedelta(days=1))
        assert later == "13.1.2027"
