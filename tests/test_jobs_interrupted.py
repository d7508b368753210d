"""Imports whose process was killed mid-run (SIGKILL: no shutdown, no rollback by the app) on
the embedded SQLite default: the next pass of the worker sees that the process is gone and
queues the run again, or fails it after JOBS_MAX_ATTEMPTS, and the pages say which."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.jobs import imports as import_jobs
from matchmaker.jobs import runner
from matchmaker.models import ImportRun, Organisation, utcnow
from matchmaker.models.jobs import WORKER_LOST
from tests.conftest import AuthActions
from tests.coordinator.conftest import HEADERS, member_rows, to_csv
from tests.test_jobs import (  # noqa: F401
    COLUMNS,
    FLASK,
    _coordinated,
    wait_for,
    worker_process,
)

ROWS = 1000  # enough for the import to be still running when the test kills its worker


@pytest.fixture
def sqlite_app(app, app_factory, tmp_path):
    """An app on a file SQLite database, its context above the suite's `app` (also in the
    --postgres run: this is SQLite's path)."""
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'embedded.sqlite'}")
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def admin_client(sqlite_app, make_user):
    """A site admin's browser on the SQLite app."""
    admin = make_user(is_site_admin=True)
    client = sqlite_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    AuthActions(client).login(admin.email)
    return client


def _queue_large_import(make_cluster, make_user) -> ImportRun:
    cluster, coordinator = _coordinated(make_cluster, make_user)
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    content = to_csv([HEADERS, *member_rows(ROWS)])
    run = import_jobs.queue_import(
        cluster, "jasenet.csv", content, ROWS, mapping, actor=coordinator
    )
    db.session.commit()
    return run


def _status(run: ImportRun) -> str:
    db.session.expire_all()
    return run.status


def _kill_the_worker_mid_import(app, worker_process, run, **env):  # noqa: F811
    process = worker_process(app, IMPORT_JOB_ROWS=5, **env)
    wait_for(lambda: _status(run) == "running", what="the worker's claim")
    process.kill()  # SIGKILL: the import's transaction dies with the process
    process.wait()
    db.session.expire_all()
    assert run.status == "running" and run.attempts == 1
    assert runner.alive(run.runner) is False


def _worker_pass(app, tmp_path, **env) -> str:
    """The next pass: `flask --app matchmaker worker --until-idle`, a process of its own."""
    environ = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret",
        "SERVER_NAME": "localhost",
        "LOG_FORMAT": "text",
        "MATCHING_INDEX_DIR": str(tmp_path / "index"),
        **{key: str(value) for key, value in env.items()},
    }
    done = subprocess.run(
        [str(FLASK), "--app", "matchmaker", "worker", "--until-idle"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _imports_table(client) -> str:
    page = client.get("/admin/jobs").get_data(as_text=True)
    return page[page.index('id="imports"') :]


def test_an_import_whose_worker_was_killed_is_tried_again_by_the_next_pass(
    sqlite_app,
    worker_process,  # noqa: F811
    tmp_path,
    make_cluster,
    make_user,
    admin_client,
):
    run = _queue_large_import(make_cluster, make_user)
    _kill_the_worker_mid_import(sqlite_app, worker_process, run)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert "Interrupted: its worker stopped" in _imports_table(admin_client)

    output = _worker_pass(sqlite_app, tmp_path)
    assert "1 imports" in output
    db.session.expire_all()
    assert (run.status, run.attempts, run.runner) == ("done", 2, None)
    assert run.summary["created"] == ROWS
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == ROWS


def test_a_killed_import_out_of_attempts_is_marked_failed(
    sqlite_app,
    worker_process,  # noqa: F811
    tmp_path,
    make_cluster,
    make_user,
    admin_client,
):
    sqlite_app.config["JOBS_MAX_ATTEMPTS"] = 1
    run = _queue_large_import(make_cluster, make_user)
    _kill_the_worker_mid_import(sqlite_app, worker_process, run, JOBS_MAX_ATTEMPTS=1)

    _worker_pass(sqlite_app, tmp_path, JOBS_MAX_ATTEMPTS=1)
    db.session.expire_all()
    assert (run.status, run.error) == ("failed", WORKER_LOST)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    table = _imports_table(admin_client)
    assert "Failed: the worker stopped" in table
    assert f"/admin/imports/{run.id}/retry" in table


def _running(run: ImportRun, runner_id: str | None) -> None:
    run.status, run.runner, run.attempts, run.started_at = "running", runner_id, 1, utcnow()
    db.session.commit()


def test_a_run_whose_process_lives_is_left_running(sqlite_app, make_cluster, make_user):
    """A slow import is not a dead one: its process still runs (here, this one)."""
    run = _queue_large_import(make_cluster, make_user)
    _running(run, runner.identity())
    assert import_jobs.recover_interrupted() == (0, 0)
    db.session.expire_all()
    assert run.status == "running"


def test_an_interrupted_run_says_it_will_be_tried_again(
    sqlite_app, make_cluster, make_user, admin_client
):
    run = _queue_large_import(make_cluster, make_user)
    dead = subprocess.Popen(["true"])
    dead.wait()
    _running(run, f"{runner.identity().split(':')[0]}:{dead.pid}:")
    assert import_jobs.recover_interrupted() == (1, 0)
    db.session.expire_all()
    assert (run.status, run.error) == ("queued", WORKER_LOST)
    assert "Interrupted, will be tried again: the worker stopped during attempt 1 of 5" in (
        _imports_table(admin_client)
    )
    page = admin_client.get(f"/coordinator/{run.cluster.slug}/imports/{run.id}")
    assert "The import was interrupted" in page.get_data(as_text=True)


def test_a_run_of_another_host_counts_as_lost_after_the_stall_time(
    sqlite_app, make_cluster, make_user
):
    """SQLite is not shared between hosts: a run claimed elsewhere (a replaced container) is
    lost once JOBS_STALLED_SECONDS have passed since it started, not before."""
    run = _queue_large_import(make_cluster, make_user)
    _running(run, "another-host:4242:17")
    assert import_jobs.recover_interrupted() == (0, 0)
    run.started_at = utcnow() - timedelta(seconds=sqlite_app.config["JOBS_STALLED_SECONDS"] + 1)
    db.session.commit()
    assert import_jobs.recover_interrupted() == (1, 0)
