"""Fixtures: an app per test on SQLite (default) or on a real PostgreSQL server (--postgres)."""

from __future__ import annotations

import itertools
import os
import re
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import stamp

from matchmaker import create_app, jobs
from matchmaker.extensions import db
from matchmaker.jobs import schema as job_schema
from matchmaker.models import Cluster, Event, Organisation, OutboxMessage, User, utcnow
from matchmaker.models import accounts as accounts_models
from matchmaker.services import business_id as bid
from matchmaker.services import clusters as cluster_service
from matchmaker.services import locking, mail_render, organisations
from matchmaker.services.accounts import hash_password
from tests import pgserver

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_addoption(parser):
    parser.addoption(
        "--postgres",
        action="store_true",
        help="run the suite against a PostgreSQL server started in a temp dir",
    )


@pytest.fixture(scope="session")
def postgres_server(request):
    if not pgserver.available():
        if IN_CI:
            pytest.fail("PostgreSQL binaries are missing; CI must install them")
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl, postgres) are not installed")
    server = pgserver.PostgresServer().start()
    request.addfinalizer(server.stop)
    return server


@pytest.fixture(scope="session")
def postgres_url(request):
    """A database for the whole session when --postgres is given; None means SQLite."""
    if not request.config.getoption("--postgres"):
        return None
    server = request.getfixturevalue("postgres_server")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return server.create_database(f"mm_test_{worker}")


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing; production uses scrypt
    "SERVER_NAME": "localhost",
    "MATCHING_SYNC_REBUILD": True,  # tests see a profile change at once; see test_index_*
    # Messages outside a request (services, mail to people without a language) in English,
    # so assertions read one language; test_i18n checks the Finnish default separately.
    "BABEL_DEFAULT_LOCALE": "en",
    # Commits do not defer jobs (tests/test_jobs.py turns it on with a real worker).
    "JOBS_KICK": False,
}


@pytest.fixture
def app_factory(tmp_path, postgres_url):
    """Build an app on a fresh, empty database; extra config overrides the test defaults."""
    made = []

    def factory(**config):
        url = postgres_url or f"sqlite:///{tmp_path / 'test.sqlite'}"
        # The stored index in the test's own folder, not the worktree's instance/ (shared by
        # every test and xdist worker, and read by /healthz).
        index = str(tmp_path / "matching-index")
        app = create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "MATCHING_INDEX_DIR": index, **config}
        )
        with app.app_context():
            db.drop_all()  # each app starts from an empty schema, also on a reused database
            db.create_all()
            if db.engine.dialect.name == "postgresql":
                # The queue's schema (a migration applies it in production), with no jobs.
                with db.engine.begin() as conn:
                    if job_schema.installed(conn):
                        job_schema.clear(conn)
                    else:
                        job_schema.apply(conn)
            stamp()  # the schema is the head migration's, so init-db has nothing to do
        made.append(app)
        return app

    yield factory
    for app in made:
        jobs.close(app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    """A browser that prefers English, so assertions read the English strings."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_counter = itertools.count(1)


def valid_business_id(n: int) -> str:
    """The n-th valid Y-tunnus, skipping numbers whose remainder makes them invalid."""
    base = 2_000_000 + n * 13
    while True:
        digits = f"{base:07d}"
        check = bid.check_digit(digits)
        if check is not None:
            return f"{digits}-{check}"
        base += 1


@pytest.fixture
def make_cluster(app):
    def make(**kw) -> Cluster:
        n = next(_counter)
        cluster = cluster_service.create_cluster(
            slug=kw.get("slug", f"cluster-{n}"),
            name=kw.get("name", f"Cluster {n}"),
            region=kw.get("region", "Päijät-Häme"),
            description=kw.get("description", ""),
            timezone=kw.get("timezone", "Europe/Helsinki"),
        )
        db.session.commit()
        return cluster

    return make


@pytest.fixture
def freeze_clock(monkeypatch):
    """Stop the app's one clock (models.accounts.utcnow, which the services and
    matchmaker.timeutil read) at a naive UTC moment: freeze_clock(datetime(2026, 3, 10, 22, 30))."""

    def freeze(at: datetime) -> datetime:
        class Frozen(datetime):
            @classmethod
            def now(cls, tz=None):
                moment = at.replace(tzinfo=UTC)
                return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)

        monkeypatch.setattr(accounts_models, "datetime", Frozen)
        return at

    return freeze


@pytest.fixture
def make_org(app):
    def make(cluster: Cluster | None = None, **kw) -> Organisation:
        n = next(_counter)
        data = {"name": f"Organisation {n} Oy", "business_id": valid_business_id(n), **kw}
        org = organisations.create_organisation(data)
        if cluster is not None:
            cluster_service.add_member(cluster, org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(app):
    def make(
        org: Organisation | None = None,
        *,
        password: str = "correct horse battery",
        confirmed: bool = True,
        **kw,
    ) -> User:
        n = next(_counter)
        user = User(
            email=kw.pop("email", f"user{n}@example.fi"),
            name=kw.pop("name", f"User {n}"),
            password_hash="",
            organisation=org,
            confirmed_at=utcnow() if confirmed else None,
            **kw,
        )
        user.password_hash = hash_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = "correct horse battery", **kw):
        return self._client.post(
            "/auth/login", data={"email": email, "password": password, **kw}, follow_redirects=True
        )

    def logout(self):
        return self._client.post("/auth/logout", follow_redirects=True)


@pytest.fixture
def auth(client):
    return AuthActions(client)


def outbox_links(recipient: str) -> list[str]:
    """Links in the mail sent to a recipient, newest message last (rendered as the mail
    worker renders them)."""
    mail_render.render_queued()
    bodies = db.session.scalars(
        sa.select(OutboxMessage.body)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id)
    ).all()
    return [link for body in bodies for link in re.findall(r"https?://\S+", body)]


# --- concurrency: many requests at once, each with its own session and connection ----------

_race_databases = itertools.count(1)
RACE_POOL_SIZE = 60  # one connection per worker thread of the largest race test, and spare


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def race_app(request, tmp_path):
    """An app on a file SQLite database, or on a fresh database of the real PostgreSQL server
    (started by the suite, also in the plain SQLite run)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        url = server.create_database(f"mm_race_{worker}_{next(_race_databases)}")
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": RACE_POOL_SIZE, "pool_pre_ping": True},
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _run_together(app, jobs) -> tuple[list, list]:
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def work(i, job):
        with app.app_context():
            try:
                barrier.wait()
                results[i] = job()
            except Exception as exc:  # a user would have seen an error page
                db.session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results, errors


@pytest.fixture
def run_together():
    """run_together(app, jobs): each job in its own thread and app context, all released at
    once by a barrier; returns (results in job order, errors as reprs)."""
    return _run_together


@pytest.fixture
def without_locks(monkeypatch):
    """The control runs: ``locking.lock_event`` only reads the event, taking no row lock, so a
    test can show that the race it guards against is real."""
    monkeypatch.setattr(locking, "lock_event", lambda event_id: db.session.get(Event, event_id))


@pytest.fixture
def production_cli(app):
    """production_cli(args, **config): run a command as cron runs it in production, with an
    app built on the test's database but without the tests' SERVER_NAME (unless `config`
    gives one, or BASE_URL)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def invoke(args: list[str], **config):
        prod = create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None, **config}
        )
        try:
            with prod.app_context():
                return prod.test_cli_runner().invoke(args=args)
        finally:
            with prod.app_context():
                db.session.remove()
                db.engine.dispose()
            db.session.expire_all()  # the test's session sees what the command wrote

    return invoke
