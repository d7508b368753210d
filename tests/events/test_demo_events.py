"""Demo events: what seed-demo promises for events."""

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Event, utcnow
from matchmaker.services import demo
from matchmaker.services import events as event_service
from tests.conftest import TEST_CONFIG


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Seeded once for the module (seeding takes seconds); the tests only read."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        demo.seed()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_market_review_day_has_five_countries_in_parallel_tracks(seeded):
    review = db.session.scalar(sa.select(Event).where(Event.kind == "market_review"))
    countries = {s.country for s in review.sessions if s.country}
    assert countries == {"NO", "DE", "FR", "IT", "DK"}
    starts = [s.starts_at for s in review.sessions]
    assert len(starts) > len(set(starts))  # some sessions run at the same time


def test_some_upcoming_event_is_full_with_a_waiting_list(seeded):
    upcoming = db.session.scalars(sa.select(Event).where(Event.starts_at > utcnow())).all()
    assert any(
        event_service.seats_left(e) == 0 and event_service.waitlist_count(e) > 0 for e in upcoming
    )


def test_no_demo_event_is_overbooked_and_past_events_exist(seeded):
    events = db.session.scalars(sa.select(Event)).all()
    assert any(e.ends_at < utcnow() for e in events)
    for e in events:
        assert e.capacity is None or event_service.confirmed_count(e) <= e.capacity
        taken = event_service.session_confirmed_counts(e)
        assert all(s.capacity is None or taken.get(s.id, 0) <= s.capacity for s in e.sessions)
