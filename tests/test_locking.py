"""Row locks: a lock held longer than LOCK_TIMEOUT_MS is "busy, try again", never a 500."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Event, Registration, User, utcnow
from matchmaker.services import accounts, locking, organisations
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.services.errors import Busy
from tests.conftest import valid_business_id

# Lock timeouts are PostgreSQL's; SQLite writers wait for the connection's busy timeout.
postgres_only = pytest.mark.parametrize(
    "race_app", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def held_event(race_app):
    """A published event with one member; ``hold()`` locks its row in another transaction
    until the test ends."""
    race_app.config["LOCK_TIMEOUT_MS"] = 200
    with race_app.app_context():
        cluster = cluster_service.create_cluster(slug="meri", name="Meriklusteri")
        org = organisations.create_organisation(
            {"name": "Telakka Oy", "business_id": valid_business_id(9300)}
        )
        cluster_service.add_member(cluster, org)
        user = User(
            email="osallistuja@example.fi",
            name="Osallistuja",
            password_hash=accounts.hash_password("correct horse battery"),
            organisation=org,
            confirmed_at=utcnow(),
        )
        starts = utcnow() + timedelta(days=7)
        event = Event(
            cluster=cluster,
            title="Markkinakatsaus",
            starts_at=starts,
            ends_at=starts + timedelta(hours=5),
            capacity=10,
            status="published",
            language="en",
        )
        db.session.add_all([user, event])
        db.session.commit()
        ids = event.id, user.id
    locked, release = threading.Event(), threading.Event()

    def holder():
        with race_app.app_context():
            locking.lock_event(ids[0])
            locked.set()
            release.wait(30)
            db.session.rollback()
            db.session.remove()

    thread = threading.Thread(target=holder)

    def hold():
        thread.start()
        assert locked.wait(30)

    yield ids, hold
    release.set()
    if thread.is_alive():
        thread.join(30)


@postgres_only
def test_signup_while_the_event_is_locked_too_long_is_busy(race_app, held_event):
    (event_id, user_id), hold = held_event
    hold()
    with race_app.app_context():
        user, event = db.session.get(User, user_id), db.session.get(Event, event_id)
        person = event_service.Person(name=user.name, email=user.email)
        with pytest.raises(Busy):
            event_service.signup(user, event, person)
        # The aborted transaction was rolled back: the page around the message still renders.
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0


@postgres_only
def test_busy_signup_page_says_try_again(race_app, held_event):
    (event_id, _user_id), hold = held_event
    client = race_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post(
        "/auth/login", data={"email": "osallistuja@example.fi", "password": "correct horse battery"}
    )
    hold()
    response = client.post(f"/events/{event_id}/register", data={"who": "me"})
    assert response.status_code == 200
    assert "Try again in a moment" in response.get_data(as_text=True)


@postgres_only
def test_busy_signup_in_the_api_is_503_json(race_app, held_event):
    (event_id, user_id), hold = held_event
    with race_app.app_context():
        raw = accounts.create_api_token(db.session.get(User, user_id), "test")
        db.session.commit()
    hold()
    response = race_app.test_client().post(
        f"/api/v1/events/{event_id}/registrations",
        headers={"Authorization": f"Bearer {raw}"},
        json={"name": "Osallistuja", "email": "osallistuja@example.fi"},
    )
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "busy"


@postgres_only
def test_a_later_lock_wait_after_the_event_lock_is_busy_too(race_app, held_event):
    """The lock timeout stays for the rest of the transaction (no round trip to reset it while
    the event is locked): a cancellation whose registration row another transaction holds is
    "busy" after LOCK_TIMEOUT_MS, not a wait for as long as that transaction lasts."""
    (event_id, user_id), _hold = held_event
    with race_app.app_context():
        user, event = db.session.get(User, user_id), db.session.get(Event, event_id)
        reg = event_service.signup(user, event, event_service.Person(user.name, user.email))
        raw = accounts.create_api_token(user, "test")
        db.session.commit()
        reg_id = reg.id
    locked, release = threading.Event(), threading.Event()

    def holder():
        with race_app.app_context():
            db.session.execute(
                sa.select(Registration.id).where(Registration.id == reg_id).with_for_update()
            )
            locked.set()
            release.wait(3)  # long past the 200 ms the request may wait
            db.session.rollback()
            db.session.remove()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert locked.wait(30)
        response = race_app.test_client().delete(
            f"/api/v1/registrations/{reg_id}", headers={"Authorization": f"Bearer {raw}"}
        )
    finally:
        release.set()
        thread.join(30)
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "busy"
    with race_app.app_context():
        assert db.session.get(Registration, reg_id).status == "confirmed"
