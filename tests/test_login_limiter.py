"""The login limiter: atomic under parallel guessing, per address and per client, and it does
not let strangers lock the owner out. Clients are told apart by REMOTE_ADDR, or by
X-Forwarded-For behind TRUSTED_PROXIES reverse proxies."""

from __future__ import annotations

import itertools
import os
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import LoginAttempt, User, utcnow
from matchmaker.services import accounts
from matchmaker.services.accounts import hash_password
from matchmaker.services.errors import DomainError, RateLimited
from tests.conftest import TEST_CONFIG

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def login(app, email: str, password: str, ip: str, **headers):
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = ip
    return browser.post("/auth/login", data={"email": email, "password": password}, headers=headers)


def guess(app, email: str, times: int, ip: str = ATTACKER, **headers) -> None:
    for _ in range(times):
        assert login(app, email, "wrong password!", ip, **headers).status_code == 200


def test_guesses_lock_out_the_guessing_client(app, make_user):
    user = make_user()
    guess(app, user.email, app.config["LOGIN_MAX_FAILURES"])
    assert login(app, user.email, "wrong password!", ATTACKER).status_code == 429
    # Not even the right password gets through from that client while the window lasts.
    assert login(app, user.email, PASSWORD, ATTACKER).status_code == 429


def test_strangers_guesses_do_not_lock_the_owner_out(app, make_user):
    user = make_user()
    guess(app, user.email, app.config["LOGIN_MAX_FAILURES"])
    response = login(app, user.email, PASSWORD, OWNER)
    assert response.status_code == 302  # logged in
    assert login(app, user.email, PASSWORD, ATTACKER).status_code == 429


def test_a_new_client_on_a_guessed_address_gets_one_check_only(app, make_user):
    user = make_user()
    guess(app, user.email, app.config["LOGIN_MAX_FAILURES"])
    second_attacker = "192.0.2.77"
    assert login(app, user.email, "another guess!", second_attacker).status_code == 200
    assert login(app, user.email, PASSWORD, second_attacker).status_code == 429


def test_the_right_password_clears_only_this_clients_failures(app, make_user):
    user = make_user()
    guess(app, user.email, 2, ip=OWNER)  # the owner mistypes twice
    guess(app, user.email, 2)
    assert login(app, user.email, PASSWORD, OWNER).status_code == 302
    left = db.session.scalars(sa.select(LoginAttempt.ip).where(LoginAttempt.email == user.email))
    assert sorted(left) == [ATTACKER, ATTACKER]


def test_one_client_guessing_many_addresses_hits_the_per_client_limit(app_factory):
    app = app_factory(LOGIN_MAX_FAILURES_PER_IP=4)
    with app.app_context():
        for n in range(4):
            guess(app, f"nobody{n}@example.fi", 1)
        assert login(app, "someone.else@example.fi", "guess!", ATTACKER).status_code == 429
        assert login(app, "someone.else@example.fi", "guess!", OWNER).status_code == 200


def test_ipv6_addresses_of_one_network_are_one_client(app, make_user):
    user = make_user()
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        guess(app, user.email, 1, ip=f"2001:db8:1:2::{n + 1:x}")
    assert login(app, user.email, PASSWORD, "2001:db8:1:2:ffff::1").status_code == 429
    assert login(app, user.email, PASSWORD, "2001:db8:1:3::1").status_code == 302
    assert accounts.client_key("::ffff:192.0.2.1") == "192.0.2.1"


def test_attempts_older_than_the_window_are_pruned(app, make_user):
    user = make_user()
    old = utcnow() - timedelta(seconds=app.config["LOGIN_WINDOW_SECONDS"] + 60)
    db.session.add_all(
        LoginAttempt(email=f"old{n}@example.fi", ip=ATTACKER, at=old) for n in range(8)
    )
    db.session.commit()
    guess(app, user.email, 1)
    rows = db.session.execute(sa.select(LoginAttempt.email, LoginAttempt.at)).all()
    assert [email for email, _ in rows] == [user.email]


def test_behind_trusted_proxies_clients_are_told_apart_by_x_forwarded_for(app_factory):
    app = app_factory(TRUSTED_PROXIES=1)
    with app.app_context():
        owner = User(
            email="owner@example.fi",
            name="Owner",
            password_hash=hash_password(PASSWORD),
            confirmed_at=utcnow(),
        )
        db.session.add(owner)
        db.session.commit()
        proxy = "10.0.0.2"  # every request arrives from the proxy
        guess(
            app, owner.email, app.config["LOGIN_MAX_FAILURES"], ip=proxy, X_Forwarded_For=ATTACKER
        )
        assert login(app, owner.email, PASSWORD, proxy, X_Forwarded_For=ATTACKER).status_code == 429
        assert login(app, owner.email, PASSWORD, proxy, X_Forwarded_For=OWNER).status_code == 302
        assert set(db.session.scalars(sa.select(LoginAttempt.ip))) == {ATTACKER}


def test_without_trusted_proxies_x_forwarded_for_is_ignored(app, make_user):
    user = make_user()
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        guess(app, user.email, 1, X_Forwarded_For=f"192.0.2.{n + 1}")
    response = login(app, user.email, PASSWORD, ATTACKER, X_Forwarded_For="192.0.2.200")
    assert response.status_code == 429


# --- parallel guessing ------------------------------------------------------------------

GUESSERS = 40
_databases = itertools.count(1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def race_app(request, tmp_path):
    """An app on a file SQLite database, or on a fresh database of the real PostgreSQL server
    (started by the suite, also in the plain SQLite run)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        url = server.create_database(f"mm_login_race_{worker}_{next(_databases)}")
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": GUESSERS + 5, "pool_pre_ping": True},
        }
    )
    with app.app_context():
        db.create_all()
        db.session.add(
            User(
                email="target@example.fi",
                name="Target",
                password_hash=hash_password(PASSWORD),
                confirmed_at=utcnow(),
            )
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def evaluated(monkeypatch):
    """Counts the password checks; each takes a while, as scrypt does in production, which
    leaves every racing request time to slip past a limit that is not atomic."""
    checks = []
    real = accounts.check_password_hash
    lock = threading.Lock()

    def counting(stored, password):
        with lock:
            checks.append(password)
        threading.Event().wait(0.05)
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return checks


def _guess_together(app, jobs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Each (email, ip) guess in its own thread and app context, all released at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    errors: list[str] = []

    def work(email, ip):
        with app.app_context():
            try:
                barrier.wait()
                accounts.authenticate(email, "wrong password!", ip)
            except RateLimited:
                outcomes.append("limited")
            except DomainError:
                outcomes.append("wrong")
            except Exception as exc:  # a user would have seen an error page
                errors.append(repr(exc))
            finally:
                db.session.commit()
                db.session.remove()

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes, errors


def test_parallel_guesses_at_one_address_get_only_the_limit_checked(race_app, evaluated):
    limit = race_app.config["LOGIN_MAX_FAILURES"]
    outcomes, errors = _guess_together(race_app, [("target@example.fi", ATTACKER)] * GUESSERS)
    assert errors == []
    assert len(evaluated) == limit
    assert sorted(outcomes) == ["limited"] * (GUESSERS - limit) + ["wrong"] * limit
    with race_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == limit


def test_parallel_guesses_from_one_client_get_only_its_limit_checked(race_app, evaluated):
    limit = race_app.config["LOGIN_MAX_FAILURES_PER_IP"]
    jobs = [(f"someone{n}@example.fi", ATTACKER) for n in range(GUESSERS)]
    outcomes, errors = _guess_together(race_app, jobs)
    assert errors == []
    assert len(evaluated) == limit < GUESSERS
    assert outcomes.count("wrong") == limit
