"""The admin's job buttons as an admin uses them (retry a failed job, cancel a waiting one, and
nothing else), and the operations figures about jobs (/healthz, /metrics, the job's id in its
log records) after real work."""

from __future__ import annotations

import json
import logging
import re
import signal
import time

import pytest
import sqlalchemy as sa
from procrastinate import sql

from matchmaker import operations
from matchmaker.extensions import db
from matchmaker.jobs import imports as import_jobs
from matchmaker.jobs import overview, queue
from matchmaker.jobs import worker as job_worker
from matchmaker.matching import store
from matchmaker.models import ImportRun
from tests.coordinator.conftest import HEADERS, member_rows, to_csv
from tests.test_jobs import (  # noqa: F401
    COLUMNS,
    _coordinated,
    queue_app,
    queue_jobs,
    wait_for,
    worker_process,
)


def job_status(job_id: int) -> str:
    db.session.rollback()
    return db.session.scalar(
        sa.text("SELECT status::text FROM procrastinate_jobs WHERE id = :id"), {"id": job_id}
    )


def login_admin(make_user, auth) -> None:
    """After queue_app(): a new app empties the database."""
    auth.login(make_user(is_site_admin=True).email)


@pytest.mark.postgres
def test_admin_cancels_a_waiting_job_and_cannot_retry_it(
    queue_app,  # noqa: F811
    make_user,
    auth,
    client,
):
    queue_app()
    login_admin(make_user, auth)
    job_id = queue.defer("build_index")
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert f'action="/admin/jobs/{job_id}/cancel"' in page
    assert f'action="/admin/jobs/{job_id}/retry"' not in page

    refused = client.post(f"/admin/jobs/{job_id}/retry", follow_redirects=True)
    assert "Only a failed job can be tried again." in refused.get_data(as_text=True)
    assert job_status(job_id) == "todo"

    done = client.post(f"/admin/jobs/{job_id}/cancel", follow_redirects=True)
    assert "The job is cancelled" in done.get_data(as_text=True)
    assert job_status(job_id) == "cancelled"
    again = client.post(f"/admin/jobs/{job_id}/cancel", follow_redirects=True)
    assert "Only a job waiting for a worker can be cancelled." in again.get_data(as_text=True)
    assert client.post("/admin/jobs/999999/cancel").status_code == 404


@pytest.mark.postgres
def test_a_running_job_cannot_be_cancelled(queue_app, make_user, auth, client):  # noqa: F811
    queue_app()
    login_admin(make_user, auth)
    job_id = queue.defer("build_index")
    # A worker takes it (procrastinate's own queries, as its worker runs them).
    connector = queue.sync_queue().connector.get_sync_connector()
    worker = connector.execute_query_one(query=sql.queries["register_worker"])
    fetched = connector.execute_query_one(
        query=sql.queries["fetch_job"], queues=None, worker_id=worker["worker_id"]
    )
    assert fetched["id"] == job_id
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert f"/admin/jobs/{job_id}/cancel" not in page and f"/admin/jobs/{job_id}/retry" not in page
    response = client.post(f"/admin/jobs/{job_id}/cancel", follow_redirects=True)
    assert "Only a job waiting for a worker can be cancelled." in response.get_data(as_text=True)
    assert job_status(job_id) == "doing"


@pytest.mark.postgres
def test_cancelling_an_import_job_fails_its_run_so_it_is_not_queued_again(
    queue_app,  # noqa: F811
    auth,
    client,
    make_cluster,
    make_user,
):
    queue_app()
    login_admin(make_user, auth)
    cluster, coordinator = _coordinated(make_cluster, make_user)
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    content = to_csv([HEADERS, *member_rows(3)])
    run = import_jobs.queue_import(cluster, "jasenet.csv", content, 3, mapping, actor=coordinator)
    db.session.commit()
    import_jobs.start(run)
    [(status, _attempts)] = queue_jobs("apply_import")
    job_id = db.session.scalar(
        sa.text("SELECT id FROM procrastinate_jobs WHERE task_name = 'apply_import'")
    )
    client.post(f"/admin/jobs/{job_id}/cancel")
    db.session.expire_all()
    assert (run.status, run.error) == ("failed", overview.CANCELLED_IMPORT)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert f"/admin/imports/{run.id}/retry" in page
    run.created_at = run.created_at.replace(year=2000)  # the sweep's "lost" age, long past
    db.session.commit()
    assert import_jobs.requeue_lost() == 0
    assert db.session.scalar(sa.select(ImportRun.status)) == "failed"


def test_job_cancel_needs_a_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        admin = make_user(is_site_admin=True)
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["_user_id"] = admin.get_id()
            session["_fresh"] = True
        assert browser.post("/admin/jobs/1/cancel").status_code == 400


# --------------------------------------------------------------------- figures and logs
def _metric(text: str, name: str) -> float:
    (value,) = re.findall(rf"^{re.escape(name)} (\S+)$", text, re.M)
    return float(value)


def _due_jobs() -> int:
    db.session.rollback()
    return db.session.scalar(
        sa.text(
            "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' "
            "AND (scheduled_at IS NULL OR scheduled_at <= now())"
        )
    )


@pytest.mark.postgres
def test_after_a_worker_ran_jobs_the_figures_and_its_logs_tell_the_truth(
    queue_app,  # noqa: F811
    worker_process,  # noqa: F811
    tmp_path,
    make_org,
):
    app = queue_app(MATCHING_INDEX_DIR=str(tmp_path / "index"), INDEX_BUILD_QUIET_SECONDS=0)
    client = app.test_client()  # a web process on the same database and index folder
    make_org(description="Laivanrakennus ja potkurit")  # its commit defers a build
    build_job = db.session.scalar(
        sa.text("SELECT id FROM procrastinate_jobs WHERE task_name = 'build_index'")
    )
    worker = worker_process(app, LOG_FORMAT="json", INDEX_BUILD_QUIET_SECONDS=0)
    wait_for(lambda: queue_jobs("build_index") == [("succeeded", 1)], what="the build")
    worker.send_signal(signal.SIGTERM)
    worker.wait(60)

    # The worker's log records written during the job name it.
    lines = [
        json.loads(line)
        for line in (tmp_path / "worker-0.log").read_text().splitlines()
        if line.startswith("{")
    ]
    stored = [r for r in lines if "stored" in r["message"] and "Matching index" in r["message"]]
    assert stored and all((r["job_id"], r["task"]) == (build_job, "build_index") for r in stored)

    queue.defer("deliver_outbox")
    queue.defer("send_notices", {"opportunity_id": 0, "organisation_ids": [], "actor_id": 0})
    health = client.get("/healthz").get_json()
    text = client.get("/metrics").get_data(as_text=True)
    due = _due_jobs()
    assert due >= 2 and health["job_queue"] == due == _metric(text, "matchmaker_job_queue_depth")
    build = store.current_build(tmp_path / "index")
    age = time.time() - store.read_manifest(build, verify=False)["created"]
    assert abs(health["index_age_seconds"] - age) < 5
    assert abs(_metric(text, "matchmaker_matching_index_age_seconds") - age) < 5


def test_worker_loop_log_records_name_their_task(app, make_cluster, make_user, caplog):
    caplog.set_level(logging.INFO)
    cluster, coordinator = _coordinated(make_cluster, make_user)
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    content = to_csv([HEADERS, *member_rows(3)])
    run = import_jobs.queue_import(cluster, "jasenet.csv", content, 3, mapping, actor=coordinator)
    db.session.commit()
    job_worker.Loop(app, quiet=0).step()
    (done,) = [r for r in caplog.records if r.getMessage() == f"Import run {run.id} done: 3 rows"]
    assert (done.mm_job_id, done.mm_task) == (None, "apply_import")
    data = json.loads(operations.JsonFormatter().format(done))
    assert (data["job_id"], data["task"]) == (None, "apply_import")
    logging.getLogger("matchmaker").warning("outside any job")
    assert caplog.records[-1].mm_task is None


def test_log_records_keep_room_for_the_extra_fields_of_libraries(app, caplog):
    """procrastinate logs with extra={"job": ..., "task": ...}: the job context must not take
    those names (its periodic deferrer died of a KeyError when it did)."""
    caplog.set_level(logging.INFO)
    with operations.job_context(7, "build_index"):
        logging.getLogger("procrastinate.test").info(
            "started", extra={"job": {"id": 7}, "task": "x", "job_id": 7, "action": "start"}
        )
    assert caplog.records[-1].job == {"id": 7} and caplog.records[-1].mm_job_id == 7
