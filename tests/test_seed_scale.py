"""The benchmark seeder (benchmarks/seed_scale.py): what its bulk rows give the app is what the
app's own writes give (search keys, the change log, the stored index, the id sequences), so
the page benchmarks measure real pages. One small database per run, on the run's engine."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from markupsafe import escape

from benchmarks import seed_scale
from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Organisation, OrganisationIndustry, Registration
from matchmaker.services import business_id as bid
from matchmaker.services import matching, organisations, search_index
from tests import pgserver
from tests.conftest import IN_CI, TEST_CONFIG

ORGANISATIONS = 400  # the demo's and about 190 generated ones: one chunk, keys in the pool


@pytest.fixture(scope="module")
def seeded(request, tmp_path_factory):
    """A seeded database (PostgreSQL in the --postgres run) and its stored index."""
    root = tmp_path_factory.mktemp("seed-scale")
    if request.config.getoption("--postgres"):
        server = request.getfixturevalue("postgres_server")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        url = server.create_database(f"mm_seed_{worker}")
    else:
        url = f"sqlite:///{root / 'scale.sqlite'}"
    index_dir = str(root / "index")
    return seed_scale.seed(url, ORGANISATIONS, index_dir, jobs=2), index_dir


@pytest.fixture
def served(seeded):
    """The app as a web worker runs it on the seeded database: the stored build, mapped."""
    info, index_dir = seeded
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": info.url,
            "MATCHING_INDEX_DIR": index_dir,
            "MATCHING_SYNC_REBUILD": False,
        }
    )
    with app.app_context():
        yield app, info
        db.session.remove()
        db.engine.dispose()


def _generated(info, n: int = 1) -> list[Organisation]:
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.id < info.org_id)
            .order_by(Organisation.id.desc())
            .limit(n)
        )
    )


def test_seeds_the_number_of_organisations_asked_for(served):
    _app, info = served
    assert info.organisations == ORGANISATIONS
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == ORGANISATIONS
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) > 0


def test_seeded_search_keys_are_those_the_app_writes(served):
    """Reindexing (the app's own keys, industry names included) changes no seeded row."""
    before = dict(db.session.execute(sa.select(Organisation.id, Organisation.search_text)).all())
    search_index.reindex()
    after = dict(db.session.execute(sa.select(Organisation.id, Organisation.search_text)).all())
    assert after == before


def test_directory_search_finds_generated_organisations(served):
    app, info = served
    org = _generated(info)[0]
    code = db.session.scalar(
        sa.select(OrganisationIndustry.code).where(OrganisationIndustry.organisation_id == org.id)
    )
    word = org.capabilities.split()[0]
    page = app.test_client().get(f"/clusters/{info.cluster_slug}/?q={word}")
    assert page.status_code == 200
    assert code  # every generated profile has an industry (its labels are in the keys)
    hits = db.session.scalars(
        search_index.matching(
            sa.select(Organisation.id), Organisation, search_index.analyse_query(word)
        )[0]
    ).all()
    assert org.id in hits


def test_suggestions_come_from_the_stored_build_with_nothing_to_fold(served):
    app, info = served
    assert matching.stored_build_version() == matching.stored_version()
    client = app.test_client()
    client.post("/auth/login", data={"email": info.login_email, "password": info.login_password})
    answer = client.get(
        f"/api/v1/organisations/{info.org_id}/suggestions",
        headers={"Authorization": f"Bearer {info.api_token}"},
    )
    assert answer.status_code == 200
    assert answer.json["status"] == "ready"
    assert len(answer.json["items"]) == 10
    assert matching.changes_since(matching.stored_version()) == (0, matching.stored_version())
    page = client.get("/partners/")
    assert page.status_code == 200
    first = answer.json["items"][0]["organisation"]["name"]
    assert str(escape(first)).encode() in page.data


def test_pages_of_a_generated_organisation_render(served):
    app, info = served
    client = app.test_client()
    for path in (
        f"/organisations/{_generated(info)[0].id}",
        f"/clusters/{info.cluster_slug}/",
        f"/events/cluster/{info.cluster_slug}/",
        f"/api/v1/organisations?cluster={info.cluster_slug}",
    ):
        assert client.get(path).status_code == 200, path


def test_new_organisations_after_seeding_get_fresh_ids(served):
    """The bulk rows came with their ids: the sequences were moved past them."""
    body = next(f"{b:07d}" for b in range(9_000_000, 9_000_100) if bid.check_digit(f"{b:07d}"))
    business_id = f"{body}-{bid.check_digit(body)}"
    org = organisations.create_organisation({"name": "Uusi Oy", "business_id": business_id})
    db.session.flush()
    assert org.id > ORGANISATIONS
    db.session.rollback()


def test_kept_postgres_server_keeps_its_databases():
    """web_load.py --keep reuses a seeded PostgreSQL database: a server in a kept directory
    finds it again after a stop and a start (on another port)."""
    if not pgserver.available():
        if IN_CI:
            pytest.fail("PostgreSQL binaries are missing; CI installs them")
        pytest.skip("PostgreSQL binaries are not installed")
    parent = Path(tempfile.mkdtemp(prefix="mm-pg-kept-"))
    parent.chmod(0o755)  # run as root, the server runs as nobody: it must reach its folder
    root = parent / "postgres"
    server = pgserver.PostgresServer(root).start()
    try:
        with psycopg.connect(server.dsn("postgres")) as conn:
            conn.autocommit = True
            conn.execute("CREATE DATABASE kept")
    finally:
        server.stop()
    again = pgserver.PostgresServer(root).start()
    try:
        with psycopg.connect(again.dsn("kept")) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert (root / "data" / "PG_VERSION").exists()
    finally:
        again.stop()
        shutil.rmtree(parent, ignore_errors=True)
