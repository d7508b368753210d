"""Operations: a health check for load balancers, request ids in every log record, and
Prometheus metrics.

- ``GET /healthz``: JSON {database, index_age_seconds, mail_queue, job_queue}; 200 when the
  database answers, 503 otherwise. No login, no CSRF, no session cookie.
- Every request has an id: the client's (or proxy's) ``X-Request-ID`` when it is a sensible
  token, else a new one. It is echoed in the response header and set on every log record
  written while the request runs (``record.request_id``; None outside requests); a job's
  records carry its queue id and task (``record.mm_job_id``, ``record.mm_task``). Logs are
  JSON lines (``LOG_FORMAT = "json"``, the default) or text (``"text"``).
- ``GET /metrics``: request latency per endpoint, the mail and job queue depths and the
  matching index age, in Prometheus' text format (``prometheus-client``). Answered only to
  loopback callers that did not come through a proxy, or with ``Authorization: Bearer
  <METRICS_TOKEN>``. With several gunicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` so the
  latencies of all workers are added up (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import contextlib
import contextvars
import hmac
import ipaddress
import json
import logging
import os
import re
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, abort, current_app, g, has_request_context, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from matchmaker.extensions import csrf, db
from matchmaker.jobs import overview as job_overview
from matchmaker.services import mail_delivery

bp = Blueprint("operations", __name__)
csrf.exempt(bp)

log = logging.getLogger(__name__)
access_log = logging.getLogger("matchmaker.access")  # one line per request

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy or client may send as a request id: a UUID, a hex or base64url token, a ULID...
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{8,128}")
_EXTENSION = "matchmaker.operations"


# --------------------------------------------------------------------- request ids and logs
def request_id() -> str | None:
    """The id of the request being handled, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


# The job being run in this thread or task (its queue id, or None in the SQLite loop) and its
# task: set by the job runners, put on every log record as request ids are.
_job: contextvars.ContextVar[tuple[int | None, str] | None] = contextvars.ContextVar(
    "matchmaker_job", default=None
)


@contextlib.contextmanager
def job_context(job_id: int | None, task: str):
    """Log records written inside carry ``job_id`` and ``task``."""
    token = _job.set((job_id, task))
    try:
        yield
    finally:
        _job.reset(token)


def _record_factory(previous):
    def make(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = request_id()
        job = _job.get()
        # Prefixed: libraries pass "job", "task", "job_id" as extra fields of their own.
        record.mm_job_id, record.mm_task = job if job is not None else (None, None)
        record.mm_job = "" if job is None else f" job {job[0] or '-'} {job[1]}"
        return record

    make.matchmaker_request_id = True
    return make


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id (and job_id
    and task in a job)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if getattr(record, "mm_task", None):  # written by a job
            data.update(job_id=record.mm_job_id, task=record.mm_task)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]%(mm_job)s: %(message)s"


def configure_logging(app: Flask) -> None:
    """Log to stderr at INFO, as JSON lines or text (LOG_FORMAT), unless a handler exists."""
    root = logging.getLogger()
    if root.handlers:
        return  # the server (or the operator's logging config) already decided
    handler = logging.StreamHandler()
    if app.config.get("LOG_FORMAT", "json") == "text":
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    else:
        handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)


# --------------------------------------------------------------------- metrics
class _Metrics:
    """This app's request latency histogram; scraped with the gauges read at scrape time."""

    def __init__(self) -> None:
        # Not in a registry of its own: each scrape registers it (or, with several worker
        # processes, reads every process's values from PROMETHEUS_MULTIPROC_DIR).
        self.latency = Histogram(
            "matchmaker_request_duration_seconds",
            "Time to answer a request, by endpoint and method",
            ["endpoint", "method"],
            registry=None,
        )


class _StateCollector:
    """Gauges that are read when scraped: the mail queue and this process's index age."""

    def collect(self):
        depth = GaugeMetricFamily(
            "matchmaker_mail_queue_depth", "Mail messages queued for delivery (outbox)"
        )
        try:
            depth.add_metric([], mail_delivery.queue_depth())
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            depth.add_metric([], float("nan"))
        yield depth
        jobs = GaugeMetricFamily(
            "matchmaker_job_queue_depth",
            "Jobs due and waiting for a worker (procrastinate; on SQLite the queued imports)",
        )
        try:
            jobs.add_metric([], job_overview.queue_depth())
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            jobs.add_metric([], float("nan"))
        yield jobs
        age = job_overview.index_age()
        index = GaugeMetricFamily(
            "matchmaker_matching_index_age_seconds",
            "Seconds since the stored matching index every process maps was built (NaN: none)",
        )
        index.add_metric([], float("nan") if age is None else age)
        yield index


def _metrics(app: Flask) -> _Metrics:
    return app.extensions[_EXTENSION]


def _may_see_metrics() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        sent = request.headers.get("Authorization", "")
        if hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return True
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False  # a proxy on this host passed it on: the caller is not local
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics():
    if not _may_see_metrics():
        abort(404)  # not public: say nothing about it
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_metrics(current_app).latency)
    registry.register(_StateCollector())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


# --------------------------------------------------------------------- health
@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    body: dict = {
        "database": False,
        "index_age_seconds": None,
        "mail_queue": None,
        "job_queue": None,
    }
    try:
        db.session.execute(sa.text("SELECT 1"))
        body["database"] = True
        body["mail_queue"] = mail_delivery.queue_depth()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        log.warning("Health check: the database did not answer", exc_info=True)
    if body["database"]:
        try:
            body["job_queue"] = job_overview.queue_depth()
        except sa.exc.SQLAlchemyError:  # the queue's schema is missing: not the database
            db.session.rollback()
            log.warning("Health check: the job queue could not be read", exc_info=True)
    age = job_overview.index_age()
    body["index_age_seconds"] = None if age is None else round(age, 1)
    response = current_app.json.response(body)
    response.status_code = 200 if body["database"] else 503
    response.headers["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------- wiring
def init_app(app: Flask) -> None:
    """Request ids and timing first of all hooks, so every later hook's logs carry the id."""
    if not getattr(logging.getLogRecordFactory(), "matchmaker_request_id", False):
        logging.setLogRecordFactory(_record_factory(logging.getLogRecordFactory()))
    app.extensions[_EXTENSION] = _Metrics()

    @app.before_request
    def start_request():
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if _REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def finish_request(response):
        rid = g.get("request_id")
        if rid is not None:
            response.headers[REQUEST_ID_HEADER] = rid
        started = g.get("request_started")
        if started is not None:
            seconds = time.perf_counter() - started
            endpoint = request.endpoint or "unmatched"
            _metrics(app).latency.labels(endpoint, request.method).observe(seconds)
            # The route's pattern, not the path: a path can hold a mailed token.
            rule = request.url_rule.rule if request.url_rule is not None else "-"
            access_log.info(
                "%s %s %d %.1f ms", request.method, rule, response.status_code, seconds * 1000
            )
        return response

    app.register_blueprint(bp)
