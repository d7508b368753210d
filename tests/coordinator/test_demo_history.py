"""The demo's history: members from 2017, past events and Navigate 2022 for the funder report."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Event,
    Fair,
    Membership,
    Organisation,
    Registration,
    utcnow,
)
from matchmaker.services import demo, fairs, reports
from tests.conftest import TEST_CONFIG


def _seeded_app(path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        demo.seed()
        db.session.commit()
    return app


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Seeded once for the module (seeding takes seconds); the tests only read."""
    app = _seeded_app(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    with app.test_request_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def maritime(seeded):
    return db.session.scalar(sa.select(Cluster).where(Cluster.slug == "lahti-maritime"))


def _year(cluster, year):
    return reports.period(f"{year}-01-01", f"{year}-12-31", cluster)


def _join_days(cluster) -> dict[str, date]:
    rows = db.session.execute(
        sa.select(Organisation.name, Membership.decided_at)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.cluster_id == cluster.id)
    )
    return {name: decided.date() for name, decided in rows}


def test_the_maritime_cluster_was_founded_by_34_members_in_spring_2017(maritime):
    days = sorted(_join_days(maritime).values())
    assert days[0] >= date(2017, 4, 1)
    assert sum(d <= date(2017, 5, 31) for d in days) == 34


def test_the_maritime_cluster_grows_to_over_120_members_by_2022(maritime):
    totals = [
        reports.members_section(maritime, _year(maritime, y))["total"] for y in range(2017, 2023)
    ]
    assert totals == sorted(totals) and totals[0] < 50 and totals[-1] >= 120


def test_the_funder_report_for_2022_has_events_participants_and_a_fair(maritime):
    report = reports.funder_report(maritime, _year(maritime, 2022))
    assert report["members"]["new"] > 0
    events = report["events"]
    assert events["held"] >= 2 and events["participants"] > 0 and events["attended"] > 0
    assert 0 < events["attended"] <= events["participants"]
    assert report["fairs"] == {"fairs": 1, "stands": 1, "exhibitors": report["fairs"]["exhibitors"]}
    assert report["fairs"]["exhibitors"] > 0
    assert 0 < report["contacts"]["accepted"] < report["contacts"]["made"]


def test_2022_has_the_seminar_the_review_day_in_lahti_and_navigate_in_turku(maritime):
    p = _year(maritime, 2022)
    held = [e for e, _confirmed, _attended in reports.event_rows(maritime, p)]
    assert any(e.kind == "networking" and "seminaari" in e.title for e in held)
    review = next(e for e in held if e.kind == "market_review")
    assert "Lahti" in review.venue
    assert {s.country for s in review.sessions if s.country} == {"NO", "DE", "FR", "IT", "DK"}
    fair = db.session.scalar(sa.select(Fair).where(Fair.starts_on.between(p.start, p.end)))
    assert fair.city == "Turku" and "Navigate" in fair.name
    stand = fair.stands[0]
    assert stand.status == "confirmed" and not fairs.over_full(stand)


def test_past_participants_were_members_on_the_day(maritime):
    joined = {
        m.organisation_id: m.decided_at
        for m in db.session.scalars(
            sa.select(Membership).where(Membership.cluster_id == maritime.id)
        )
    }
    rows = db.session.execute(
        sa.select(Event.title, Event.starts_at, Registration.organisation_id)
        .join(Registration, Registration.event_id == Event.id)
        .where(Event.cluster_id == maritime.id, Event.starts_at < datetime(2023, 1, 1))
    ).all()
    assert len(rows) > 300
    for title, starts, org_id in rows:
        assert joined[org_id] < starts, title


def test_upcoming_events_are_kept(seeded):
    upcoming = db.session.scalars(sa.select(Event).where(Event.starts_at > utcnow())).all()
    kinds = {e.kind for e in upcoming}
    assert {"networking", "market_review", "webinar"} <= kinds


def test_the_history_is_the_same_on_every_seed(maritime, tmp_path):
    first = _join_days(maritime)
    other = _seeded_app(tmp_path / "again.sqlite")
    with other.app_context():
        again = _join_days(
            db.session.scalar(sa.select(Cluster).where(Cluster.slug == "lahti-maritime"))
        )
        db.engine.dispose()
    assert again == first
