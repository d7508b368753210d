"""Jobs: on PostgreSQL a real procrastinate worker (`flask --app matchmaker worker`, a separate
process on the test server) runs them; on SQLite the worker loop runs the same tasks."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import procrastinate
import procrastinate.testing
import pytest
import sqlalchemy as sa
from procrastinate.jobs import Job

from matchmaker.extensions import db
from matchmaker.jobs import imports as import_jobs
from matchmaker.jobs import queue, tasks, upkeep
from matchmaker.jobs import worker as job_worker
from matchmaker.matching import store
from matchmaker.models import ImportRun, JobError, Organisation, OutboxMessage, utcnow
from matchmaker.services import clusters as cluster_service
from matchmaker.services import mail
from matchmaker.services import matching as matching_service
from tests.conftest import AuthActions
from tests.coordinator.conftest import HEADERS, member_rows, to_csv
from tests.test_mail_delivery import SmtpServer

FLASK = Path(sys.executable).parent / "flask"
COLUMNS = [
    "name",
    "business_id",
    "municipality",
    "employees",
    "export_markets",
    "contact_email",
    "contact_name",
]


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def queue_app(app, app_factory, postgres_url):
    """queue_app(**config): an app on the test PostgreSQL server whose commits defer jobs
    (its context above the plain `app` of the factories)."""
    if postgres_url is None:
        pytest.skip("a real worker needs the PostgreSQL queue (--postgres)")
    pushed = []

    def make(**config):
        app = app_factory(JOBS_KICK=True, **config)
        ctx = app.app_context()
        ctx.push()
        pushed.append(ctx)
        return app

    yield make
    for ctx in reversed(pushed):
        db.session.remove()
        ctx.pop()


@pytest.fixture
def worker_process(tmp_path):
    """worker_process(app, **env): `flask --app matchmaker worker` on the app's database, as a
    separate process configured by environment variables, stopped with SIGTERM."""
    started = []

    def start(app, **env):
        environ = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "localhost",
            "LOG_FORMAT": "text",
            "MATCHING_INDEX_DIR": str(tmp_path / "index"),
            **{key: str(value) for key, value in env.items()},
        }
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [str(FLASK), "--app", "matchmaker", "worker"],
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(check, timeout: float = 90.0, what: str = "the worker"):
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()  # a fresh snapshot each time
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not finish in {timeout} s: {value!r}")
        time.sleep(0.25)


def queue_jobs(task: str) -> list[tuple[str, int]]:
    """(status, attempts) of the task's jobs on the queue, oldest first."""
    return [
        (status, attempts)
        for status, attempts in db.session.execute(
            sa.text(
                "SELECT status::text, attempts FROM procrastinate_jobs "
                "WHERE task_name = :task ORDER BY id"
            ),
            {"task": task},
        )
    ]


def mail_config(port: int) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False}


# --------------------------------------------------------------------- PostgreSQL, a real worker
@pytest.mark.postgres
def test_mail_reaches_the_smtp_server_through_the_job(queue_app, worker_process, smtp):
    inbox = smtp.start()
    app = queue_app(**mail_config(smtp.port))
    mail.queue_mail("rolled-back@example.fi", "Not sent", "Body\n")
    db.session.flush()
    db.session.rollback()
    assert queue_jobs("deliver_outbox") == []  # nothing deferred for a rolled-back transaction
    mail.queue_mail("tervetuloa@example.fi", "Tervetuloa", "Body\n")
    db.session.commit()
    assert queue_jobs("deliver_outbox") == [("todo", 0)]

    worker_process(app, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS="0")
    wait_for(lambda: inbox.recipients, what="mail delivery")
    wait_for(lambda: queue_jobs("deliver_outbox") == [("succeeded", 1)])
    assert inbox.recipients == ["tervetuloa@example.fi"]
    assert db.session.scalars(sa.select(OutboxMessage.status)).all() == ["sent"]


@pytest.mark.postgres
def test_a_temporary_smtp_failure_is_retried_by_a_later_job(queue_app, worker_process, smtp):
    inbox = smtp.start(fail_data=["451 4.3.0 Try again later"])
    app = queue_app(**mail_config(smtp.port))
    mail.queue_mail("sitkea@example.fi", "Hei", "Body\n")
    db.session.commit()
    worker_process(
        app,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_USE_TLS="0",
        MAIL_RETRY_BASE_SECONDS=1,
    )
    wait_for(lambda: inbox.recipients, what="the second attempt")
    message = db.session.scalar(sa.select(OutboxMessage))
    assert (message.status, message.attempts) == ("sent", 2)
    # The first job deferred the message (a back-off) and deferred a job due after it.
    done = wait_for(lambda: all(s == "succeeded" for s, _a in queue_jobs("deliver_outbox")))
    assert done and len(queue_jobs("deliver_outbox")) >= 2


@pytest.mark.postgres
def test_failing_job_is_retried_then_shown_failed_to_admins(
    queue_app, worker_process, tmp_path, make_org, make_user, auth, client
):
    app = queue_app()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    make_org(description="Laivanrakennus")  # something to build; its commit defers the build
    job_id = waiting_build()
    # The index folder cannot be made (a file is in the way): every attempt fails.
    worker_process(
        app,
        MATCHING_INDEX_DIR=blocker / "index",
        JOBS_MAX_ATTEMPTS=3,
        JOBS_RETRY_BASE_SECONDS=0,
    )
    wait_for(lambda: queue_jobs("build_index") == [("failed", 3)], what="three attempts")
    errors = db.session.scalars(sa.select(JobError).where(JobError.job_id == job_id)).all()
    assert [e.attempt for e in errors] == [1, 2, 3]
    assert all("NotADirectoryError" in e.error for e in errors)

    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    page = client.get("/admin/jobs?status=failed").get_data(as_text=True)
    assert "Matching index build" in page and "NotADirectoryError" in page
    assert f'action="/admin/jobs/{job_id}/retry"' in page
    response = client.post(f"/admin/jobs/{job_id}/retry", follow_redirects=True)
    assert "The job is queued again" in response.get_data(as_text=True)
    db.session.rollback()
    assert queue_jobs("build_index")[0][0] == "todo"


def waiting_build() -> int:
    """The id of the build job waiting on the queue (deferring another would hit its
    queueing lock: a burst of edits is one build)."""
    return db.session.scalar(
        sa.text(
            "SELECT id FROM procrastinate_jobs WHERE task_name = 'build_index' "
            "AND status = 'todo' ORDER BY id LIMIT 1"
        )
    )


@pytest.mark.postgres
def test_a_burst_of_edits_is_one_index_build(
    queue_app, worker_process, tmp_path, make_cluster, make_org
):
    app = queue_app(INDEX_BUILD_QUIET_SECONDS=2, MATCHING_INDEX_DIR=str(tmp_path / "index"))
    cluster = make_cluster()
    for n in range(12):  # twelve commits, each changing matching input
        make_org(cluster, description=f"Laivanrakennus ja potkurit {n}")
    assert queue_jobs("build_index") == [("todo", 0)]

    worker_process(app, INDEX_BUILD_QUIET_SECONDS=2)
    wait_for(lambda: queue_jobs("build_index") == [("succeeded", 1)], what="the build")
    assert matching_service.stored_build_version(app) == matching_service.stored_version()
    builds = [p for p in (tmp_path / "index").iterdir() if p.is_dir()]
    assert len(builds) == 1


@pytest.mark.postgres
def test_import_above_the_threshold_finishes_through_the_worker(
    queue_app, worker_process, make_cluster, make_user
):
    app = queue_app(IMPORT_JOB_ROWS=5)
    cluster, coordinator = _coordinated(make_cluster, make_user)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    AuthActions(client).login(coordinator.email)
    status_url = _import_through_pages(client, cluster, rows=8)
    page = client.get(status_url).get_data(as_text=True)
    assert "The import is waiting for a worker" in page and "8 rows" in page
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0

    worker_process(app, IMPORT_JOB_ROWS=5)
    wait_for(lambda: queue_jobs("apply_import") == [("succeeded", 1)], what="the import")
    page = client.get(status_url).get_data(as_text=True)
    assert "Imported: 8 organisations created, 0 updated" in page
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 8


@pytest.mark.postgres
def test_healthz_and_metrics_count_waiting_jobs(queue_app, client):
    queue_app()
    queue.defer("build_index")
    assert client.get("/healthz").get_json()["job_queue"] == 1
    text = client.get("/metrics").get_data(as_text=True)
    assert "matchmaker_job_queue_depth 1.0" in text


# --------------------------------------------------------------------- SQLite: the worker loop
def _coordinated(make_cluster, make_user):
    cluster = make_cluster()
    user = make_user()
    cluster_service.add_coordinator(cluster, user)
    db.session.commit()
    return cluster, user


def _import_through_pages(client, cluster, rows: int) -> str:
    """Upload, check and import a member list; returns the import's status page."""
    response = client.post(
        f"/coordinator/{cluster.slug}/import",
        data={"file": (io.BytesIO(to_csv([HEADERS, *member_rows(rows)])), "jasenet.csv")},
        content_type="multipart/form-data",
    )
    preview_url = response.headers["Location"]
    mapping = {f"col_{i}": field for i, field in enumerate(COLUMNS)}
    response = client.post(preview_url, data={**mapping, "action": "import"})
    assert response.status_code == 302
    assert "/imports/" in response.headers["Location"]
    return response.headers["Location"]


def test_large_import_is_queued_then_applied_by_the_worker_loop(
    app, make_cluster, make_user, auth, client
):
    app.config["IMPORT_JOB_ROWS"] = 5
    cluster, coordinator = _coordinated(make_cluster, make_user)
    auth.login(coordinator.email)
    status_url = _import_through_pages(client, cluster, rows=8)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert client.get("/healthz").get_json()["job_queue"] == 1
    page = client.get(status_url).get_data(as_text=True)
    assert "The import is waiting for a worker" in page
    assert '<meta http-equiv="refresh"' in page

    loop = job_worker.Loop(app, quiet=0)
    while loop.step():
        pass
    page = client.get(status_url).get_data(as_text=True)
    assert "Imported: 8 organisations created" in page
    assert '<meta http-equiv="refresh"' not in page
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 8
    run = db.session.scalar(sa.select(ImportRun))
    assert (run.status, run.content) == ("done", b"")


def test_a_rejected_large_import_writes_nothing_and_says_why(
    app, make_cluster, make_user, auth, client
):
    app.config["IMPORT_JOB_ROWS"] = 5
    cluster, coordinator = _coordinated(make_cluster, make_user)
    auth.login(coordinator.email)
    rows = [HEADERS, *member_rows(8)]
    rows[4][1] = "2000001-1"  # a wrong check digit on row 5
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    run = import_jobs.queue_import(
        cluster, "jasenet.csv", to_csv(rows), 8, mapping, actor=coordinator
    )
    db.session.commit()
    job_worker.Loop(app, quiet=0).step()
    page = client.get(f"/coordinator/{cluster.slug}/imports/{run.id}").get_data(as_text=True)
    assert '<tr class="row-error"><td>5</td><td>Business ID</td>' in page
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_worker_loop_delivers_mail_and_builds_the_index_once_per_burst(
    app_factory, smtp, tmp_path, make_cluster, make_org
):
    inbox = smtp.start()
    app = app_factory(**mail_config(smtp.port), MATCHING_INDEX_DIR=str(tmp_path / "index"))
    with app.app_context():
        cluster = make_cluster()
        make_org(cluster, description="Laivanrakennus")
        matching_service.build_and_store()  # the first build is made at once; then bursts
        for n in range(5):
            make_org(cluster, description=f"Potkurit {n}")
        mail.queue_mail("a@example.fi", "Hei", "Body\n")
        db.session.commit()
        loop = job_worker.Loop(app, quiet=5.0)
        loop.step(now=100.0)  # the burst was just seen: no build yet
        assert inbox.recipients == ["a@example.fi"]
        assert loop.counts["builds"] == 0
        make_org(cluster, description="Vielä yksi")
        loop.step(now=103.0)  # still moving
        loop.step(now=109.0)  # quiet for five seconds: one build
        loop.step(now=120.0)  # nothing changed since
        assert loop.counts["builds"] == 1
        assert matching_service.stored_build_version(app) == matching_service.stored_version()


def test_jobs_page_is_for_site_admins_and_says_where_jobs_run(
    app, client, auth, make_user, make_org, make_cluster
):
    member = make_user(make_org(make_cluster()))
    auth.login(member.email)
    assert client.get("/admin/jobs").status_code == 403
    auth.logout()
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    page = client.get("/admin/jobs").get_data(as_text=True)
    if db.engine.dialect.name == "postgresql":
        assert "Jobs run on the PostgreSQL queue" in page and "No jobs yet." in page
    else:
        assert "there is no job queue" in page
    assert client.post("/admin/jobs/1/retry").status_code == 404  # no such job (or no queue)


def test_job_retry_needs_a_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        admin = make_user(is_site_admin=True)
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["_user_id"] = admin.get_id()
            session["_fresh"] = True
        assert browser.post("/admin/jobs/1/retry").status_code == 400


def test_worker_command_until_idle_does_what_is_due(app, runner):
    app.config["JOBS_KICK"] = True  # on PostgreSQL the commit defers the delivery job
    mail.queue_mail("a@example.fi", "Hei", "Body\n")
    db.session.commit()
    result = runner.invoke(args=["worker", "--until-idle"])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        assert "1 messages handled" in result.output
    db.session.expire_all()
    assert db.session.scalars(sa.select(OutboxMessage.status)).all() == ["kept"]


def test_admin_retries_a_failed_import(app, make_cluster, make_user, auth, client):
    cluster, coordinator = _coordinated(make_cluster, make_user)
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    content = to_csv([HEADERS, *member_rows(3)])
    run = import_jobs.queue_import(cluster, "jasenet.csv", content, 3, mapping, actor=coordinator)
    run.status, run.error = "failed", "OperationalError: the database went away"
    db.session.commit()
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "the database went away" in page and f"/admin/imports/{run.id}/retry" in page
    response = client.post(f"/admin/imports/{run.id}/retry", follow_redirects=True)
    assert "The import is queued again" in response.get_data(as_text=True)
    if db.engine.dialect.name == "sqlite":
        job_worker.Loop(app, quiet=0).step()
        db.session.expire_all()
        assert (run.status, run.summary["created"]) == ("done", 3)
    else:
        db.session.expire_all()
        assert run.status == "queued"


# --------------------------------------------------------------------- upkeep: pruning, stalls
def job_ids(*ids: int) -> list[int]:
    """Which of these jobs are still on the queue."""
    return db.session.scalars(
        sa.text("SELECT id FROM procrastinate_jobs WHERE id = ANY(:ids) ORDER BY id"),
        {"ids": list(ids)},
    ).all()


def job_status(job_id: int) -> str | None:
    return db.session.scalar(
        sa.text("SELECT status::text FROM procrastinate_jobs WHERE id = :id"), {"id": job_id}
    )


def finished_runs(cluster, coordinator) -> dict[str, ImportRun]:
    """Import runs that finished long ago and lately, done and failed (their files kept only
    while they may be retried)."""
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    content = to_csv([HEADERS, *member_rows(3)])
    now = utcnow()
    runs = {}
    for key, status, age in (
        ("old_done", "done", 30),
        ("recent_done", "done", 1),
        ("old_rejected", "rejected", 30),
        ("old_failed", "failed", 30),
    ):
        run = import_jobs.queue_import(
            cluster, f"{key}.csv", content, 3, mapping, actor=coordinator
        )
        run.status, run.finished_at = status, now - timedelta(days=age)
        runs[key] = run
    db.session.commit()
    return runs


def kept_runs() -> list[str]:
    return sorted(db.session.scalars(sa.select(ImportRun.filename)))


@pytest.mark.postgres
def test_prune_removes_old_finished_jobs_and_keeps_recent_and_failed_ones(
    queue_app, worker_process, tmp_path, make_org, make_cluster, make_user
):
    app = queue_app(INDEX_BUILD_QUIET_SECONDS=0)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    make_org(description="Laivanrakennus")  # its commit defers a build, which will fail
    failed = waiting_build()
    old, recent = queue.defer("deliver_outbox"), queue.defer("deliver_outbox")
    worker_process(app, MATCHING_INDEX_DIR=blocker / "index", JOBS_MAX_ATTEMPTS=1)
    finished = ["succeeded", "succeeded", "failed"]
    wait_for(lambda: [job_status(j) for j in (old, recent, failed)] == finished, what="the jobs")
    # The old job failed once before it succeeded; both finished a month ago.
    db.session.add(JobError(job_id=old, task="deliver_outbox", attempt=1, error="SMTPError"))
    db.session.execute(
        sa.text(
            "UPDATE procrastinate_events SET at = at - interval '30 days' WHERE job_id = ANY(:ids)"
        ),
        {"ids": [old, failed]},
    )
    cluster, coordinator = _coordinated(make_cluster, make_user)
    finished_runs(cluster, coordinator)

    prune = queue.defer("prune_jobs", {"timestamp": 0})
    wait_for(lambda: job_status(prune) == "succeeded", what="the prune")
    assert job_ids(old, recent, failed) == sorted([recent, failed])
    errors = db.session.scalars(sa.select(JobError.job_id)).all()
    assert old not in errors and failed in errors
    assert kept_runs() == ["old_failed.csv", "recent_done.csv"]


def test_worker_loop_prunes_finished_imports_after_the_retention(app, make_cluster, make_user):
    app.config.update(JOBS_KEEP_DAYS=14, JOBS_KEEP_FAILED_DAYS=60)
    cluster, coordinator = _coordinated(make_cluster, make_user)
    finished_runs(cluster, coordinator)
    import_jobs.queue_import(
        cluster, "waiting.csv", to_csv([HEADERS, *member_rows(3)]), 3, {}, actor=coordinator
    )
    db.session.commit()
    job_worker.Loop(app, quiet=0)._periodic(now=0.0)
    db.session.expire_all()
    assert kept_runs() == ["old_failed.csv", "recent_done.csv", "waiting.csv"]
    app.config["JOBS_KEEP_FAILED_DAYS"] = 20
    job_worker.Loop(app, quiet=0)._periodic(now=0.0)
    db.session.expire_all()
    assert kept_runs() == ["recent_done.csv", "waiting.csv"]


@pytest.mark.parametrize(
    ("seconds", "cron"), [(60, "* * * * *"), (600, "* * * * *"), (2, "* * * * * */2")]
)
def test_stalled_jobs_are_looked_for_as_often_as_a_worker_is_declared_lost(seconds, cron):
    assert upkeep.stalled_check_cron(seconds) == cron


def _kill_a_worker_mid_import(queue_app, worker_process, make_cluster, make_user, **config):
    """An import job whose worker is SIGKILLed while it runs: it stays "doing". Returns the
    app, the run and the settings that make a silent worker count as lost in 2 s."""
    stall = {"JOBS_STALLED_SECONDS": 2, "JOBS_HEARTBEAT_SECONDS": 0.5, **config}
    app = queue_app(IMPORT_JOB_ROWS=5, **stall)
    cluster, coordinator = _coordinated(make_cluster, make_user)
    mapping = dict(zip(HEADERS, COLUMNS, strict=True))
    content = to_csv([HEADERS, *member_rows(8)])
    run = import_jobs.queue_import(cluster, "jasenet.csv", content, 8, mapping, actor=coordinator)
    db.session.commit()
    import_jobs.start(run)
    # A deliberately slow job: the test holds the run's row, so the job's first write waits.
    holder = db.engine.connect()
    holding = holder.begin()
    holder.execute(sa.select(ImportRun.id).where(ImportRun.id == run.id).with_for_update())
    first = worker_process(app, **stall)
    wait_for(lambda: queue_jobs("apply_import") == [("doing", 0)], what="the first worker")
    first.kill()  # SIGKILL: no shutdown, the job stays "doing"
    first.wait()
    holding.rollback()
    holder.close()
    return app, run, stall


def lost_attempts() -> list[str]:
    errors = db.session.scalars(sa.select(JobError.error).where(JobError.task == "apply_import"))
    return [e.split(":")[0] for e in errors]


@pytest.mark.postgres
def test_job_of_a_killed_worker_is_run_by_another_worker(
    queue_app, worker_process, make_cluster, make_user, auth, client
):
    app, run, stall = _kill_a_worker_mid_import(queue_app, worker_process, make_cluster, make_user)
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)

    def stalled_page() -> str:
        page = client.get("/admin/jobs").get_data(as_text=True)
        return page if 'id="stalled-jobs"' in page else ""

    page = wait_for(stalled_page, what="the stall to show")
    assert "1 running job is stalled" in page and '<tr class="job-stalled">' in page

    worker_process(app, **stall)
    wait_for(lambda: queue_jobs("apply_import") == [("succeeded", 2)], what="the second worker")
    db.session.expire_all()
    assert run.status == "done"
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 8
    assert lost_attempts() == ["WorkerLost"]


@pytest.mark.postgres
def test_a_stalled_job_out_of_attempts_is_marked_failed_not_retried(
    queue_app, worker_process, make_cluster, make_user
):
    app, run, stall = _kill_a_worker_mid_import(
        queue_app, worker_process, make_cluster, make_user, JOBS_MAX_ATTEMPTS=1
    )
    worker_process(app, **stall)
    # The job is marked failed, then the lost attempt recorded: wait for both.
    wait_for(
        lambda: queue_jobs("apply_import") == [("failed", 1)] and lost_attempts(),
        what="the stall check",
    )
    assert lost_attempts() == ["WorkerLost"]
    db.session.expire_all()
    # The run says so too (it said "queued" for ever, and the sweep deferred it again).
    assert (run.status, run.worker_lost) == ("failed", True)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


@pytest.mark.postgres
def test_a_stalled_build_gives_way_to_the_build_queued_after_it(
    queue_app, worker_process, make_org, tmp_path
):
    """A worker killed mid-build leaves its job "doing"; the next edit queues another build
    with the same queueing lock, so the stalled one cannot be queued again. It is marked
    failed and the waiting build runs (before: it stayed "doing" for ever and every later
    build waited behind the lock, so no edit reached a stored build again)."""
    stall = {"JOBS_STALLED_SECONDS": 2, "JOBS_HEARTBEAT_SECONDS": 0.5}
    app = queue_app(INDEX_BUILD_QUIET_SECONDS=0, **stall)
    make_org(name="Potkuripaja Oy", capabilities="Potkurit ja akselit")
    db.session.commit()
    # The test holds the organisation table, so the first build's read waits.
    holder = db.engine.connect()
    holding = holder.begin()
    holder.execute(sa.text("LOCK TABLE organisation IN ACCESS EXCLUSIVE MODE"))
    queue.kick(queue.INDEX)
    first = worker_process(app, **stall)
    wait_for(lambda: queue_jobs("build_index") == [("doing", 0)], what="the first build")
    first.kill()  # SIGKILL: the job stays "doing"
    first.wait()
    holding.rollback()
    holder.close()
    queue.kick(queue.INDEX)  # the next edit
    assert queue_jobs("build_index") == [("doing", 0), ("todo", 0)]
    worker_process(app, **stall)
    finished = ("failed", "succeeded")
    wait_for(
        lambda: all(status in finished for status, _ in queue_jobs("build_index")),
        what="the waiting build",
    )
    assert queue_jobs("build_index") == [("failed", 1), ("succeeded", 1)]
    errors = db.session.scalars(sa.select(JobError.error).where(JobError.task == "build_index"))
    assert [e.split(";")[0] for e in errors] == [upkeep.WORKER_LOST]
    assert store.current_build(tmp_path / "index") is not None  # the workers' folder


@pytest.mark.parametrize(("max_attempts", "retried_after"), [(1, []), (3, [1, 2])])
def test_a_job_is_tried_jobs_max_attempts_times_in_all(app, max_attempts, retried_after):
    """JOBS_MAX_ATTEMPTS=1 is one attempt, not endless retries."""
    app.config.update(JOBS_MAX_ATTEMPTS=max_attempts, JOBS_RETRY_BASE_SECONDS=0)
    state = queue.Jobs(procrastinate.App(connector=procrastinate.testing.InMemoryConnector()))
    tasks.register(app, state)
    retried = [
        attempts + 1
        for attempts in range(5)
        if state.tasks["build_index"].get_retry_exception(
            RuntimeError("failed"),
            Job(
                id=1,
                queue="default",
                lock=None,
                queueing_lock=None,
                task_name="build_index",
                attempts=attempts,
            ),
        )
    ]
    assert retried == retried_after
