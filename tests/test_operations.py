"""Operations: the health check, request ids in responses and logs, Prometheus metrics."""

from __future__ import annotations

import json
import logging
import re
import time

from matchmaker import create_app, operations
from matchmaker.extensions import db
from matchmaker.matching import store
from matchmaker.models import OutboxMessage
from matchmaker.services import matching
from tests.conftest import TEST_CONFIG


def _queue(n: int, status: str = "queued") -> None:
    for i in range(n):
        db.session.add(OutboxMessage(recipient=f"p{i}@example.fi", subject="s", body="b"))
    db.session.flush()
    if status != "queued":
        for m in db.session.scalars(db.select(OutboxMessage)):
            m.status = status
    db.session.commit()


# --------------------------------------------------------------------- /healthz
def test_healthz_reports_database_queue_and_no_index_yet(client):
    _queue(3)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "database": True,
        "index_age_seconds": None,
        "mail_queue": 3,
        "job_queue": 0,
    }


def test_healthz_counts_only_queued_mail(client):
    _queue(2, status="sent")
    assert client.get("/healthz").get_json()["mail_queue"] == 0


def test_healthz_gives_the_index_age_once_built(client, make_org):
    make_org(description="Laivojen potkurit")
    matching.build_and_store()
    age = client.get("/healthz").get_json()["index_age_seconds"]
    assert isinstance(age, float) and 0 <= age < 60


def test_index_age_is_the_stored_builds_also_in_a_process_that_never_mapped_it(app, make_org):
    """A worker stores the build; a web process that has served no suggestion yet (a fresh
    gunicorn worker) still reports its age, and so do its metrics (they said null, NaN)."""
    make_org(description="Laivojen potkurit")
    matching.build_and_store()  # as the build job does, in the worker
    build = store.current_build(matching.index_dir())
    built = store.read_manifest(build, verify=False)["created"]
    web = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MATCHING_INDEX_DIR": app.config["MATCHING_INDEX_DIR"],
        }
    )
    with web.app_context():
        client = web.test_client()
        age = client.get("/healthz").get_json()["index_age_seconds"]
        scraped = _metric(
            client.get("/metrics").get_data(as_text=True), "matchmaker_matching_index_age_seconds"
        )
        db.session.remove()
        db.engine.dispose()  # no connection left open for the garbage collector
    expected = time.time() - built
    assert age is not None and abs(age - expected) < 5
    assert abs(scraped - expected) < 5


def test_healthz_needs_no_login_and_sets_no_cookie(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    missing = tmp_path / "no-such-dir" / "x.sqlite"
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}",
            "MATCHING_INDEX_DIR": str(tmp_path / "index"),
        }
    )
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json() == {
        "database": False,
        "index_age_seconds": None,
        "mail_queue": None,
        "job_queue": None,
    }


# --------------------------------------------------------------------- request ids
def test_request_id_sent_by_the_proxy_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "3f2a9c1e-lb-42"})
    assert response.headers["X-Request-ID"] == "3f2a9c1e-lb-42"


def test_invalid_request_id_is_replaced_by_a_new_one(client):
    for bad in ("short", "has spaces in it", "x" * 129, "<script>alert(1)</script>"):
        rid = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert rid != bad and re.fullmatch(r"[0-9a-f]{32}", rid)


def test_each_request_gets_its_own_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    assert first != client.get("/healthz").headers["X-Request-ID"]


def test_every_log_record_of_a_request_carries_its_id(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/auth/login", headers={"X-Request-ID": "req-0001-abcd"})
    during = [r for r in caplog.records if r.name == "matchmaker.access"]
    assert during and all(r.request_id == "req-0001-abcd" for r in during)
    assert "GET /auth/login 200" in during[-1].getMessage()
    logging.getLogger("matchmaker").warning("outside any request")
    assert caplog.records[-1].request_id is None


def test_access_log_names_the_route_not_the_path_with_its_token(client, caplog):
    caplog.set_level(logging.INFO, logger="matchmaker.access")
    client.get("/auth/confirm/secret-token-value")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "matchmaker.access"]
    assert "secret-token-value" not in line and "/auth/confirm/<token>" in line


def test_json_log_lines_hold_the_request_id():
    record = logging.LogRecord("matchmaker.x", logging.INFO, __file__, 1, "n=%d", (3,), None)
    record.request_id = "req-0002-abcd"
    data = json.loads(operations.JsonFormatter().format(record))
    assert data["message"] == "n=3" and data["request_id"] == "req-0002-abcd"
    assert data["level"] == "INFO" and data["time"].endswith("+00:00")


# --------------------------------------------------------------------- /metrics
def _metric(text: str, name: str) -> float:
    (value,) = re.findall(rf"^{re.escape(name)} (\S+)$", text, re.M)
    return float(value)


def test_metrics_from_loopback_show_latency_queue_and_index_age(client, make_org):
    _queue(4)
    make_org(description="Laivojen potkurit")
    matching.build_and_store()
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert re.search(
        r'^matchmaker_request_duration_seconds_count\{endpoint="operations.healthz",'
        r'method="GET"\} 1\.0$',
        text,
        re.M,
    )
    assert _metric(text, "matchmaker_mail_queue_depth") == 4
    assert 0 <= _metric(text, "matchmaker_matching_index_age_seconds") < 60


def test_metrics_are_not_public(client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404


def test_metrics_through_a_proxy_on_this_host_are_not_local(client):
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404


def test_metrics_with_the_configured_token(app_factory):
    app = app_factory(METRICS_TOKEN="s3cret-metrics")
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    with app.app_context():
        client = app.test_client()
        ok = client.get(
            "/metrics", headers={"Authorization": "Bearer s3cret-metrics"}, environ_base=outside
        )
        wrong = client.get(
            "/metrics", headers={"Authorization": "Bearer guess"}, environ_base=outside
        )
    assert ok.status_code == 200 and "matchmaker_mail_queue_depth" in ok.get_data(as_text=True)
    assert wrong.status_code == 404
