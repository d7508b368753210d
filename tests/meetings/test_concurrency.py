"""No double booking when many accepts arrive at once, on SQLite and on PostgreSQL.

The fixtures ``race_app``, ``run_together`` and ``without_locks`` are in tests/conftest.py.
The control run takes the event row lock away and widens the gap between reading the
schedule and writing a placement: then the same accepts double-book or fail, which shows the
race is real and the lock, not luck, keeps the locked run exact.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Event, Meeting, MeetingRequest, Registration, User, utcnow
from matchmaker.services import clusters as cluster_service
from matchmaker.services import meetings as meeting_service
from matchmaker.services import organisations
from matchmaker.services.meetings import placement
from tests.conftest import valid_business_id

SENDERS = 8
SLOTS = 3
# The control run's pause between reading the schedule and writing a placement.
RACE_WINDOW_SECONDS = 0.05


def _setup(app) -> tuple[int, list[int]]:
    """A hub participant with SENDERS open requests; 3 slots, 2 tables."""
    with app.app_context():
        cluster = cluster_service.create_cluster(slug="meri", name="Meriklusteri")
        boss = User(email="koord@example.fi", name="Koordinaattori", password_hash="-")
        db.session.add(boss)
        cluster_service.add_coordinator(cluster, boss)
        starts = utcnow() + timedelta(days=7)
        event = Event(
            cluster=cluster,
            title="Verkostoitumisseminaari",
            starts_at=starts,
            ends_at=starts + timedelta(hours=5),
            status="published",
            language="en",
        )
        db.session.add(event)
        users = []
        for n in range(SENDERS + 1):
            org = organisations.create_organisation(
                {"name": f"Telakka {n} Oy", "business_id": valid_business_id(9100 + n)}
            )
            cluster_service.add_member(cluster, org)
            user = User(
                email=f"osallistuja{n}@example.fi",
                name=f"Osallistuja {n}",
                password_hash="-",
                organisation=org,
                confirmed_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Registration(
                    event_id=event.id,
                    organisation_id=org.id,
                    user_id=user.id,
                    name=user.name,
                    email=user.email,
                    status="confirmed",
                )
            )
            users.append(user)
        db.session.flush()
        window = (starts, starts + timedelta(minutes=20 * SLOTS))
        meeting_service.save_setup(
            boss,
            event,
            meeting_service.SetupData(windows=[window], tables=2, cap_per_participant=20),
        )
        hub = users[0]
        hub_reg = meeting_service.registration_of(hub, event)
        ids = [meeting_service.request_meeting(u, event, hub_reg.id).id for u in users[1:]]
        db.session.commit()
        return hub.id, ids


def _accept_job(user_id: int, request_id: int):
    def job():
        user = db.session.get(User, user_id)
        meeting = meeting_service.accept(user, db.session.get(MeetingRequest, request_id))
        db.session.commit()
        return meeting.slot_id

    return job


def test_concurrent_accepts_never_double_book(race_app, run_together):
    hub_id, request_ids = _setup(race_app)
    results, errors = run_together(race_app, [_accept_job(hub_id, r) for r in request_ids])
    assert errors == []
    placed = [slot for slot in results if slot is not None]
    assert len(placed) == SLOTS == len(set(placed))
    with race_app.app_context():
        rows = db.session.execute(
            sa.select(Meeting.slot_id, Meeting.table_id).where(Meeting.slot_id.is_not(None))
        ).all()
        assert len(rows) == SLOTS == len(set(rows))
        assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == SENDERS


def _double_bookings(app) -> int:
    """Placements beyond one per (slot, person) and one per (slot, table)."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                Meeting.slot_id,
                Meeting.table_id,
                Meeting.a_registration_id,
                Meeting.b_registration_id,
            ).where(Meeting.slot_id.is_not(None))
        ).all()
    people = [(slot, p) for slot, _, a, b in rows for p in (a, b)]
    tables = [(slot, table) for slot, table, _, _ in rows]
    return (len(people) - len(set(people))) + (len(tables) - len(set(tables)))


@pytest.fixture
def slow_schedule_read(monkeypatch):
    """Widen the gap between reading the current placements and writing the new one."""
    read = placement._live_meetings

    def slow(event_id):
        live = read(event_id)
        time.sleep(RACE_WINDOW_SECONDS)
        return live

    monkeypatch.setattr(placement, "_live_meetings", slow)


# PostgreSQL only: SQLite lets one writer in at a time, and an accept writes its meeting before
# it reads the schedule, so there even the unlocked accepts run one after another.
@pytest.mark.parametrize(
    "race_app", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.usefixtures("without_locks", "slow_schedule_read")
def test_control_without_the_lock_double_books_or_fails(race_app, run_together):
    hub_id, request_ids = _setup(race_app)
    results, errors = run_together(race_app, [_accept_job(hub_id, r) for r in request_ids])
    # The race is real: without the lock some accepts see a stale schedule and either book
    # the hub twice in a slot or collide on a table (an error page for that user).
    assert errors or _double_bookings(race_app)
