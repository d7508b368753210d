"""Mail delivery: messages per second through one worker, and what an event cancellation costs.

1. Throughput: N queued messages (about the size of an event mail with its .ics) delivered by
   one worker (`deliver_due`, batches of MAIL_BATCH_SIZE over one SMTP connection each) to a
   local aiosmtpd server running in its own process, so it does not share the worker's GIL.
2. Cancellation: a coordinator's POST /events/<id>/cancel for an event with P confirmed
   participants: the request's time (it only writes the outbox rows), then the worker's time
   to deliver those rows. Beside it, in the same run, the time of a bare request by the same
   coordinator (GET /, the header with its bell and nothing else), as the baseline.

Every figure is the median of --repeat runs (3 by default).

On SQLite (a file in a temporary directory) and on a PostgreSQL server started in a temporary
directory, as the test suite does.

    .venv/bin/python benchmarks/mail_delivery.py [--db sqlite|postgres|both]
        [--messages 2000] [--participants 500] [--batch-size 50]
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.models import Event, OutboxMessage, Registration, User, utcnow  # noqa: E402
from matchmaker.services import clusters as cluster_service  # noqa: E402
from matchmaker.services import mail, mail_delivery, organisations  # noqa: E402
from matchmaker.services.accounts import hash_password  # noqa: E402
from tests import pgserver  # noqa: E402

PASSWORD = "bench-password-2026"
BODY = "Hyvä osallistuja, tilaisuus on peruttu. Dear participant, the event is cancelled.\n" * 8
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "X-PAD:" + "x" * 600 + "\r\nEND:VCALENDAR\r\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_smtp() -> tuple[subprocess.Popen, int]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
        + ["-l", f"127.0.0.1:{port}"]
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("aiosmtpd did not start")


def _app(url: str, smtp_port: int, batch_size: int):
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "SERVER_NAME": "localhost",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_port,
            "MAIL_USE_TLS": False,
            "MAIL_BATCH_SIZE": batch_size,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _statuses() -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
        ).all()
    )


def throughput(app, messages: int) -> float:
    """Seconds for one worker to deliver `messages` queued rows."""
    with app.app_context():
        attachment = [{"filename": "event.ics", "mimetype": "text/calendar", "content": ICS}]
        for i in range(messages):
            mail.queue_mail(f"osallistuja{i}@example.fi", f"Peruttu {i}", BODY, attachment)
        db.session.commit()
        started = time.perf_counter()
        result = mail_delivery.deliver_due()
        elapsed = time.perf_counter() - started
        statuses = _statuses()
        db.session.execute(sa.delete(OutboxMessage))
        db.session.commit()
    assert result.sent == messages and statuses == {"sent": messages}, (result, statuses)
    return elapsed


def _coordinator(app) -> None:
    with app.app_context():
        cluster = cluster_service.create_cluster(
            slug="bench", name="Bench", region="", description="", timezone="Europe/Helsinki"
        )
        org = organisations.create_organisation({"name": "Bench Oy", "business_id": "0000000-0"})
        coordinator = User(
            email="coord@example.fi",
            name="Coordinator",
            password_hash=hash_password(PASSWORD),
            organisation=org,
            confirmed_at=utcnow(),
        )
        db.session.add(coordinator)
        db.session.flush()
        cluster_service.add_coordinator(cluster, coordinator)
        db.session.commit()


_events = itertools.count(1)


def _event_with(app, participants: int) -> int:
    with app.app_context():
        cluster = cluster_service.by_slug("bench")
        coordinator = db.session.scalar(sa.select(User).where(User.email == "coord@example.fi"))
        org = coordinator.organisation
        starts = (utcnow() + timedelta(days=14)).replace(microsecond=0)
        event = Event(
            cluster_id=cluster.id,
            title=f"Meriteollisuuden verkostoitumisseminaari {next(_events)}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            status="published",
            language="fi",
            venue="Sibeliustalo, Lahti",
        )
        db.session.add(event)
        db.session.flush()
        db.session.add_all(
            Registration(
                event_id=event.id,
                organisation_id=org.id,
                name=f"Osallistuja {i}",
                email=f"osallistuja{i}@example.fi",
                status="confirmed",
                confirmed_at=utcnow(),
            )
            for i in range(participants)
        )
        db.session.commit()
        return event.id


def cancellation(app, participants: int) -> tuple[float, float, float]:
    """(the cancel request, a bare request, the worker's delivery), in seconds."""
    event_id = _event_with(app, participants)
    with app.app_context():
        client = app.test_client()
        client.post("/auth/login", data={"email": "coord@example.fi", "password": PASSWORD})
        assert client.get("/").status_code == 200  # warm: templates compiled, session loaded
        started = time.perf_counter()
        assert client.get("/").status_code == 200
        bare_seconds = time.perf_counter() - started
        started = time.perf_counter()
        response = client.post(f"/events/{event_id}/cancel")
        request_seconds = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        db.session.expire_all()
        written = _statuses()
        assert written == {"queued": participants}, written

        started = time.perf_counter()
        result = mail_delivery.deliver_due()
        delivery_seconds = time.perf_counter() - started
        assert result.sent == participants, result
        db.session.execute(sa.delete(OutboxMessage))
        db.session.commit()
    return request_seconds, bare_seconds, delivery_seconds


def run(name: str, url: str, args, smtp_port: int) -> None:
    app = _app(url, smtp_port, args.batch_size)
    runs = [throughput(app, args.messages) for _ in range(args.repeat)]
    seconds = statistics.median(runs)
    print(
        f"{name:<10} throughput: {args.messages} messages in {seconds:.2f} s = "
        f"{args.messages / seconds:.0f} messages/s (one worker, batches of {args.batch_size}; "
        f"median of {args.repeat}: " + ", ".join(f"{args.messages / r:.0f}" for r in runs) + ")"
    )
    _coordinator(app)
    cancels = [cancellation(app, args.participants) for _ in range(args.repeat)]
    request, bare, delivery = (statistics.median(c[i] for c in cancels) for i in range(3))
    print(
        f"{name:<10} cancel an event with {args.participants} participants: request "
        f"{request * 1000:.0f} ms (writes {args.participants} outbox rows) against "
        f"{bare * 1000:.0f} ms for a bare request (GET /); the worker then delivers them in "
        f"{delivery:.2f} s (medians of {args.repeat})"
    )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median)")
    args = parser.parse_args()

    smtp, port = _start_smtp()
    try:
        if args.db in ("sqlite", "both"):
            with tempfile.TemporaryDirectory() as tmp:
                run("sqlite", f"sqlite:///{tmp}/bench.sqlite", args, port)
        if args.db in ("postgres", "both"):
            if not pgserver.available():
                print("postgres   skipped: PostgreSQL binaries are not installed")
            else:
                server = pgserver.PostgresServer().start()
                try:
                    run("postgres", server.create_database("mm_mail_bench"), args, port)
                finally:
                    server.stop()
    finally:
        smtp.terminate()
        smtp.wait(10)


if __name__ == "__main__":
    main()
