"""The matching change log: profile writes insert rows, so they never queue behind each other."""

import itertools
import os
import threading

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Organisation, ProfileChange
from matchmaker.services import matching, organisations
from tests.conftest import TEST_CONFIG, valid_business_id

_databases = itertools.count(1)


@pytest.fixture
def pg_app(postgres_server):
    """An app on a fresh database of the suite's PostgreSQL server (also in the SQLite run):
    only PostgreSQL lets two writers run at once, which is what is tested here."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = postgres_server.create_database(f"mm_changes_{worker}_{next(_databases)}")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        for n in (1, 2):
            name = f"Change {n} Oy"
            db.session.add(Organisation(name=name, business_id=valid_business_id(9000 + n)))
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _edit(app, name: str, text: str) -> None:
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
    organisations.write_profile(org, {"capabilities": text})
    db.session.flush()


def test_concurrent_profile_edits_do_not_wait_for_each_other(pg_app):
    """The first edit stays uncommitted while the second one runs with a lock timeout: with
    one shared counter row the second waited for the first's commit and timed out."""
    first_written, second_done = threading.Event(), threading.Event()
    errors: list[str] = []

    def first():
        with pg_app.app_context():
            try:
                _edit(pg_app, "Change 1 Oy", "Potkurit")
                first_written.set()
                second_done.wait(timeout=30)  # hold the transaction open meanwhile
                db.session.commit()
            except Exception as exc:
                errors.append(repr(exc))
                first_written.set()
            finally:
                db.session.remove()

    def second():
        first_written.wait(timeout=30)
        with pg_app.app_context():
            try:
                db.session.execute(sa.text("SET lock_timeout = '2s'"))
                _edit(pg_app, "Change 2 Oy", "Akselit")
                db.session.commit()
            except Exception as exc:
                errors.append(repr(exc))
            finally:
                second_done.set()
                db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with pg_app.app_context():
        changed = matching.changed_organisations(0)
        ids = set(db.session.scalars(sa.select(Organisation.id)))
        assert changed == ids
        assert matching.stored_version() == db.session.scalar(sa.func.max(ProfileChange.id))


def test_changes_after_a_version_name_the_organisations(app, make_org):
    a, b = make_org(), make_org()
    version = matching.stored_version()
    organisations.write_profile(a, {"needs": "Hitsaus"})
    matching.bump_version()  # e.g. a synonym: no organisation, for the next build
    db.session.commit()
    assert matching.changed_organisations(version) == {a.id}
    count, latest = matching.changes_since(version)
    assert (count, latest) == (2, matching.stored_version())
    assert b.id not in matching.changed_organisations(version)
