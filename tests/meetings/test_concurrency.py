"""No double booking when many accepts arrive at once, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Event, Meeting, MeetingRequest, Registration, User, utcnow
from matchmaker.services import clusters as cluster_service
from matchmaker.services import meetings as meeting_service
from matchmaker.services import organisations
from tests.conftest import valid_business_id
from tests.events.test_concurrency import _run_together, race_app  # noqa: F401

SENDERS = 8
SLOTS = 3


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


def test_concurrent_accepts_never_double_book(race_app):  # noqa: F811
    hub_id, request_ids = _setup(race_app)
    results, errors = _run_together(race_app, [_accept_job(hub_id, r) for r in request_ids])
    assert errors == []
    placed = [slot for slot in results if slot is not None]
    assert len(placed) == SLOTS == len(set(placed))
    with race_app.app_context():
        rows = db.session.execute(
            sa.select(Meeting.slot_id, Meeting.table_id).where(Meeting.slot_id.is_not(None))
        ).all()
        assert len(rows) == SLOTS == len(set(rows))
        assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == SENDERS
