"""The admin's job buttons as an admin uses them (retry a failed job, cancel a waiting one, and
nothing else), and the operations figures about jobs (/healthz, /metrics, the job's id in its
log records) after real work."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from procrastinate import sql

from matchmaker.extensions import db
from matchmaker.jobs import imports as import_jobs
from matchmaker.jobs import overview, queue
from matchmaker.models import ImportRun
from tests.coordinator.conftest import HEADERS, member_rows, to_csv
from tests.test_jobs import (  # noqa: F401
    COLUMNS,
    _coordinated,
    queue_app,
    queue_jobs,
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
