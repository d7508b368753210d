"""Signup load: sustained signups per second and p95 latency through the HTTP API.

8 concurrent clients POST /api/v1/events/<id>/registrations against gunicorn, on SQLite and on
a PostgreSQL server started in a temporary directory (as the test suite does). More people
sign up than there are seats, so both the confirmed and the waiting-list paths are measured.
After the run the invariants are checked in the database:

- confirmed == the seats, never more; everyone else waitlisted, positions 1..n without gaps;
- every 201 response is one row, with the status the client was told; no duplicate person;
- no request failed.

In the same run, the same clients GET a bare Flask route on the same gunicorn (the app with one
route added that does nothing): the ceiling, measured before and after the signups of every
round. The figures are medians over the rounds, with the share of the ceiling and the load
average of the machine (shared, so the ceiling moves with it). `--profile DIR` samples the
gunicorn workers with py-spy during the signups and writes collapsed stacks to DIR.

`--in-process N` measures what the load of a shared machine does not distort: N signups and N
bare requests through the Flask test client, one at a time, with the CPU time of this process
(time.process_time) and the SQL statements per request; the statements of one signup are
listed. The same for the HTML path (the event page's form posted by a logged-in member, then
the redirect), and on PostgreSQL the round trips of a signup as the server logged them
(log_statement = 'all' for 20 signups: BEGIN, COMMIT and the job kick's query included).

    .venv/bin/python benchmarks/signup_load.py [--db sqlite|postgres|both] [--clients 8]
    .venv/bin/python benchmarks/signup_load.py --db postgres --in-process 500
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.jobs import schema as job_schema  # noqa: E402
from matchmaker.models import Event, Registration, User, utcnow  # noqa: E402
from matchmaker.services import accounts, organisations  # noqa: E402
from matchmaker.services import clusters as cluster_service  # noqa: E402
from tests import pgserver  # noqa: E402

CONFIG = {"SECRET_KEY": "bench", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
BARE_PATH = "/_bench/bare"


def bench_app():
    """The app gunicorn serves here: the real one, plus a route that does nothing (the
    ceiling of this gunicorn, these clients and this machine)."""
    app = create_app()

    @app.get(BARE_PATH)
    def bare():
        return "ok"

    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _business_id(n: int) -> str:
    from matchmaker.services import business_id as bid

    base = 3_000_000 + n * 17
    while (check := bid.check_digit(f"{base:07d}")) is None:
        base += 1
    return f"{base:07d}-{check}"


def prepare(url: str, clients: int, seats: int, rounds: int) -> tuple[list[int], list[str]]:
    """Schema, a cluster, one member organisation and API token per client, one event per
    round."""
    app = create_app({**CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        if db.engine.dialect.name == "postgresql":
            # The job queue's tables, as the migration makes them: every signup defers the
            # outbox job after its commit (without them each one fails and logs why).
            with db.engine.begin() as connection:
                job_schema.drop(connection)
                job_schema.apply(connection)
        cluster = cluster_service.create_cluster(slug="bench", name="Bench cluster")
        tokens = []
        for n in range(clients):
            org = organisations.create_organisation(
                {"name": f"Bench {n} Oy", "business_id": _business_id(n)}
            )
            cluster_service.add_member(cluster, org)
            user = User(
                email=f"client{n}@bench.example",
                name=f"Client {n}",
                password_hash="-",
                organisation=org,
                confirmed_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
            tokens.append(accounts.create_api_token(user, "bench"))
        starts = utcnow() + timedelta(days=30)
        events = [
            Event(
                cluster=cluster,
                title=f"Load test seminar {r + 1}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=4),
                capacity=seats,
                status="published",
                language="en",
            )
            for r in range(rounds)
        ]
        db.session.add_all(events)
        db.session.commit()
        event_ids = [event.id for event in events]
        db.session.remove()
        db.engine.dispose()
    return event_ids, tokens


def start_gunicorn(url: str, port: int, workers: int, tmp: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "SESSION_COOKIE_SECURE": "0",
        "REMEMBER_COOKIE_SECURE": "0",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(tmp),  # the app's instance/ stays in the temp dir
            "--pythonpath",
            str(ROOT),
            "--pythonpath",
            str(ROOT / "benchmarks"),
            "--log-level",
            "warning",
            "signup_load:bench_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "wb"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 240  # a loaded machine imports slowly
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/clusters", timeout=10)
            return proc
        except OSError:  # not listening yet, or still importing
            time.sleep(0.3)
    proc.terminate()
    log = (tmp / "gunicorn.log").read_text(errors="replace")[-2000:]
    raise RuntimeError("gunicorn did not start:\n" + log)


def run_bare(port: int, clients: int, per_client: int) -> dict:
    """The ceiling: the same number of clients GET the bare route, one request at a time."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client() -> None:
        barrier.wait()
        for _i in range(per_client):
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{BARE_PATH}", timeout=60
                ) as response:
                    response.read()
                    ok = response.status == 200
            except OSError as exc:
                ok = False
                with lock:
                    failures.append(repr(exc))
            elapsed = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"per_s": len(latencies) / wall, "latencies": latencies, "failures": failures}


def _descendants(pid: int) -> list[int]:
    """The process and everything it started (Linux /proc), for CPU accounting."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (and of their exited, waited-for children)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids(server) -> list[int]:
    """The PostgreSQL server's processes (the postmaster found by its data directory)."""
    if server is None:
        return []
    pid_file = Path(server.datadir) / "postmaster.pid"
    try:
        return _descendants(int(pid_file.read_text().split()[0]))
    except (OSError, ValueError):
        return []


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def start_profiler(proc: subprocess.Popen, out: Path) -> subprocess.Popen | None:
    """py-spy sampling the gunicorn master and its workers until stopped (SIGINT)."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists():
        print("py-spy not found: pip install py-spy", file=sys.stderr)
        return None
    return subprocess.Popen(
        [py_spy, "record", "--pid", str(proc.pid), "--subprocesses", "--format", "raw"]
        + ["--rate", "200", "--nonblocking", "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_clients(port: int, event_id: int, tokens: list[str], per_client: int) -> dict:
    latencies: list[float] = []
    answers: list[dict] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))

    def client(n: int, token: str) -> None:
        barrier.wait()
        for i in range(per_client):
            body = json.dumps({"name": f"Person {n}-{i}", "email": f"p{n}-{i}@bench.example"})
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/events/{event_id}/registrations",
                data=body.encode(),
                method="POST",
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    payload = json.loads(response.read())
                    status = response.status
            except urllib.error.HTTPError as exc:
                payload, status = {"error": exc.read().decode()[:200]}, exc.code
            except OSError as exc:
                payload, status = {"error": repr(exc)}, 0
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if status == 201:
                    answers.append(payload)
                else:
                    failures.append(f"{status} {payload}")

    threads = [threading.Thread(target=client, args=(n, t)) for n, t in enumerate(tokens)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"latencies": latencies, "answers": answers, "failures": failures, "wall": wall}


def check_invariants(url: str, event_id: int, seats: int, answers: list[dict]) -> list[str]:
    problems = []
    app = create_app({**CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        rows = db.session.execute(
            sa.select(Registration.id, Registration.status, Registration.email)
            .where(Registration.event_id == event_id)
            .order_by(Registration.id)
        ).all()
        db.session.remove()
        db.engine.dispose()
    statuses = {r.id: r.status for r in rows}
    confirmed = [r for r in rows if r.status == "confirmed"]
    waiting = [r for r in rows if r.status == "waitlisted"]
    if len(confirmed) != min(seats, len(rows)):
        problems.append(f"{len(confirmed)} confirmed for {seats} seats")
    if confirmed and waiting and max(r.id for r in confirmed) > min(r.id for r in waiting):
        problems.append("a later signup got a seat before an earlier one")
    if len({r.email for r in rows}) != len(rows):
        problems.append("duplicate person")
    if len(rows) != len(answers):
        problems.append(f"{len(answers)} answers 201 but {len(rows)} rows")
    for a in answers:
        if statuses.get(a["id"]) != a["status"]:
            problems.append(f"registration {a['id']} told {a['status']}")
            break
    positions = sorted(a["position"] for a in answers if a["status"] == "waitlisted")
    if positions != list(range(1, len(waiting) + 1)):
        problems.append("waiting-list positions are not 1..n")
    return problems


def _brief(statement: str) -> str:
    """'SELECT FROM event FOR UPDATE', 'INSERT INTO registration': what a statement is."""
    words = statement.split()
    table = next(
        (words[i + 1] for i, w in enumerate(words[:-1]) if w in ("FROM", "INTO", "UPDATE")), ""
    )
    tail = " FOR UPDATE" if statement.rstrip().endswith("FOR UPDATE") else ""
    return f"{words[0]} {table}{tail}".strip() if words[0] != "SET" else " ".join(words[:3])


def server_statements(server, fn, times: int) -> list[list[str]]:
    """What the PostgreSQL server was sent (BEGIN and COMMIT, and the job queue's connection,
    included: every line is a round trip) during each of `times` calls of fn, from its log
    with log_statement = 'all' switched on for the while."""
    log = Path(server.tmp) / "server.log"
    with psycopg.connect(server.dsn("postgres"), autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET log_statement = 'all'")
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(1)  # every backend reads the setting before its next command
    fn()  # and each connection used after this point has
    seen = []
    try:
        for _n in range(times):
            start = log.stat().st_size
            fn()
            time.sleep(0.05)  # the log is written by the server processes
            with log.open(errors="replace") as f:
                f.seek(start)
                records = re.split(r"\n(?=\d{4}-\d\d-\d\d )", f.read())
            sent = [r.split("LOG:", 1)[1] for r in records if _SENT.search(r)]
            seen.append([_logged(" ".join(r.split())) for r in sent])
    finally:
        with psycopg.connect(server.dsn("postgres"), autocommit=True) as conn:
            conn.execute("ALTER SYSTEM RESET log_statement")
            conn.execute("SELECT pg_reload_conf()")
    return seen


_SENT = re.compile(r"LOG:  (statement|execute [^:]*):")


def _logged(record: str) -> str:
    """'statement: BEGIN', 'execute <unnamed>: SELECT ...' as _brief names statements."""
    text = record.split(":", 1)[1].strip()
    if not text:
        return "(empty query)"
    return _brief(text) if text.split()[0] not in ("BEGIN", "COMMIT", "ROLLBACK") else text


def in_process(url: str, requests: int, server=None) -> dict:
    """CPU ms and SQL statements per signup (the API's, and the HTML form's POST) and per bare
    request, through the test client; on PostgreSQL also the round trips of one API signup as
    the server saw them."""
    event_ids, tokens = prepare(url, 1, 10 * requests + 100, 1)
    os.environ.update({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    app = bench_app()
    logging.getLogger().handlers[:] = [logging.NullHandler()]  # as gunicorn's file, not a tty
    client = app.test_client()
    statements: list[str] = []
    with app.app_context():
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *a: statements.append(_brief(a[2]))
        )
    headers = {"Authorization": f"Bearer {tokens[0]}"}
    made = iter(range(10**9))

    def signup() -> None:
        n = next(made)
        response = client.post(
            f"/api/v1/events/{event_ids[0]}/registrations",
            headers=headers,
            json={"name": f"Person {n}", "email": f"p{n}@bench.example"},
        )
        assert response.status_code == 201, response.get_data(as_text=True)

    def bare() -> None:
        assert client.get(BARE_PATH).status_code == 200

    # The HTML path: the member's browser session posts the event page's form ("someone
    # else": a new person each time) and is redirected back to the page.
    browser = app.test_client()
    with app.app_context():
        token = db.session.scalar(sa.select(User.session_token).order_by(User.id))
    with browser.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
    page = browser.get(f"/events/{event_ids[0]}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def form_signup() -> None:
        n = next(made)
        response = browser.post(
            f"/events/{event_ids[0]}/register",
            data={
                "csrf_token": csrf,
                "who": "other",
                "name": f"Web {n}",
                "email": f"w{n}@b.example",
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    def measure(fn) -> tuple[float, float]:
        statements.clear()
        started = time.process_time()
        for _n in range(requests):
            fn()
        return 1000 * (time.process_time() - started) / requests, len(statements) / requests

    for _n in range(20):  # warm: compiled statements, prepared on the server, pools open
        signup()
        form_signup()
        bare()
    bare_before, (signup_ms, signup_statements), (form_ms, form_statements), bare_after = (
        measure(bare),
        measure(signup),
        measure(form_signup),
        measure(bare),
    )
    statements.clear()
    form_signup()
    one_form_signup = statements[:]
    statements.clear()
    signup()
    one_signup = statements[:]
    trips = server_statements(server, signup, 20) if server is not None else []
    bare_ms = (bare_before[0] + bare_after[0]) / 2
    extra = {}
    if trips:
        extra = {
            "round_trips_per_signup": statistics.mean(len(t) for t in trips),
            "round_trips_of_one": trips[-1],
        }
    return {
        "in_process_requests": requests,
        "signup_cpu_ms": round(signup_ms, 2),
        "bare_cpu_ms": round(bare_ms, 2),
        "signup_over_bare": round(signup_ms / bare_ms, 1),
        "statements_per_signup": signup_statements,
        "statements_per_bare": bare_before[1],
        "one_signup": one_signup,
        "form_signup_cpu_ms": round(form_ms, 2),
        "statements_per_form_signup": form_statements,
        "one_form_signup": one_form_signup,
        **extra,
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def bench(kind: str, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"mm-bench-{kind}-"))
    server = None
    proc = None
    try:
        if kind == "sqlite":
            url = f"sqlite:///{tmp / 'bench.sqlite'}"
        else:
            if not pgserver.available():
                return {"db": kind, "skipped": "PostgreSQL binaries not found"}
            server = pgserver.PostgresServer().start()
            url = server.create_database("bench")
        if args.in_process:
            return {"db": kind, **in_process(url, args.in_process, server)}
        event_ids, tokens = prepare(url, args.clients, args.seats, args.rounds)
        port = _free_port()
        proc = start_gunicorn(url, port, args.workers, tmp)
        run_bare(port, args.clients, 20)  # warm-up: every worker has imported and connected
        rounds = []
        problems: list[str] = []
        failures: list[str] = []
        loads = [os.getloadavg()[0]]
        for r, event_id in enumerate(event_ids):
            before = run_bare(port, args.clients, args.bare_per_client)
            profiler = None
            if args.profile:
                args.profile.mkdir(parents=True, exist_ok=True)
                profiler = start_profiler(proc, args.profile / f"{kind}-round{r + 1}.txt")
                time.sleep(1)  # py-spy attaches to every worker
            app_pids, db_pids = _descendants(proc.pid), postgres_pids(server)
            cpu_before = cpu_seconds(app_pids), cpu_seconds(db_pids)
            result = run_clients(port, event_id, tokens, args.per_client)
            app_cpu = cpu_seconds(app_pids) - cpu_before[0]
            db_cpu = cpu_seconds(postgres_pids(server)) - cpu_before[1]
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)  # py-spy writes its file and exits
                try:
                    profiler.wait(60)
                except subprocess.TimeoutExpired:
                    profiler.kill()
            after = run_bare(port, args.clients, args.bare_per_client)
            loads.append(os.getloadavg()[0])
            lat = result["latencies"]
            failures += result["failures"] + before["failures"] + after["failures"]
            problems += check_invariants(url, event_id, args.seats, result["answers"])
            bare_lat = before["latencies"] + after["latencies"]
            rounds.append(
                {
                    "signups_per_s": len(result["answers"]) / result["wall"],
                    "p50": statistics.median(lat),
                    "p95": percentile(lat, 0.95),
                    "bare_per_s": (before["per_s"] + after["per_s"]) / 2,
                    "bare_p50": statistics.median(bare_lat),
                    "requests": len(lat),
                    "app_cpu_ms": 1000 * app_cpu / max(1, len(lat)),
                    "db_cpu_ms": 1000 * db_cpu / max(1, len(lat)),
                }
            )

        def median(key: str) -> float:
            return statistics.median(r[key] for r in rounds)

        signups, bare = median("signups_per_s"), median("bare_per_s")
        return {
            "db": kind,
            "rounds": len(rounds),
            "requests": sum(r["requests"] for r in rounds),
            "failed": len(failures),
            "signups_per_s": round(signups, 1),
            "p50_ms": round(median("p50") * 1000, 1),
            "p95_ms": round(median("p95") * 1000, 1),
            "bare_per_s": round(bare, 1),
            "bare_p50_ms": round(median("bare_p50") * 1000, 1),
            "share_of_bare": round(signups / bare, 3),
            # CPU per signup of the gunicorn workers and of the database server's processes.
            "app_cpu_ms_per_signup": round(median("app_cpu_ms"), 1),
            "db_cpu_ms_per_signup": round(median("db_cpu_ms"), 1),
            "per_round_signups_per_s": [round(r["signups_per_s"], 1) for r in rounds],
            "per_round_bare_per_s": [round(r["bare_per_s"], 1) for r in rounds],
            "load_avg_1m": [round(x, 2) for x in loads],
            "invariants": "ok" if not problems else "; ".join(problems),
            "first_failures": failures[:3],
        }
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=150)
    parser.add_argument("--seats", type=int, default=400)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--rounds", type=int, default=3, help="one fresh event per round")
    parser.add_argument("--bare-per-client", type=int, default=150)
    parser.add_argument("--profile", type=Path, help="write py-spy stacks of the workers here")
    parser.add_argument(
        "--in-process",
        type=int,
        metavar="N",
        help="instead of the load: CPU ms and statements of N signups in this process",
    )
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    ok = True
    print(
        f"{args.clients} clients x {args.per_client} signups, {args.seats} seats, "
        f"gunicorn -w {args.workers}, {args.rounds} rounds (medians); load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs"
    )
    for kind in kinds:
        row = bench(kind, args)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        ok = ok and row.get("invariants", "ok") == "ok" and not row.get("failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
