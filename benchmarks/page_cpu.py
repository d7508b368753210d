"""CPU time and SQL statements per request of the web_load pages, in-process.

The pages of benchmarks/web_load.py on the same seeded database (web_load's ``--keep``
layout: seeded once, then reused), served by the same app (``web_load.bench_app()``) through
the Flask test client in one process: for each page the median CPU milliseconds of one
request (``time.process_time``: other processes on a shared machine move it far less than the
wall time, shown beside it), the SQL statements one request sends and the CPU time as a multiple
of the bare route's, measured in the same run (the ceiling: the app's request hooks, no query,
no template). Rounds interleave the pages, so a burst of load hits every page alike; the
figures are the medians over all requests. Not run in CI.

    .venv/bin/python benchmarks/page_cpu.py --keep .bench

Another commit's code on the same database (before/after): export it and run this file from
there, e.g. ``git archive main | tar -x -C /tmp/old``, then
``.venv/bin/python /tmp/old/benchmarks/page_cpu.py --keep .bench`` (the script puts its own
tree first on the path); alternate the two runs on a busy machine.

    .venv/bin/python benchmarks/page_cpu.py --keep .bench --pages partners,api_suggest -r 60
    py-spy record -o partners.svg -- .venv/bin/python benchmarks/page_cpu.py --keep .bench \\
        --pages partners --requests 400
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import sqlalchemy as sa  # noqa: E402
import web_load  # noqa: E402


def _login(client, email: str, password: str) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"email": email, "password": password}
    if csrf is not None:
        data["csrf_token"] = csrf.group(1)
    client.post("/auth/login", data=data)
    client.get("/")  # the welcome flash is consumed
    if client.get("/partners/").status_code != 200:
        raise RuntimeError("login failed")


def measure(app, seeded, pages: list[str], requests: int, rounds: int) -> list[dict]:
    """Per page: median CPU ms, wall ms and statements of one request."""
    from matchmaker.extensions import db

    anonymous = app.test_client()
    member = app.test_client()
    for c in (anonymous, member):
        c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fi"
    statements = [0]

    def on_execute(*_args):
        statements[0] += 1

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", on_execute)
    _login(member, seeded.login_email, seeded.login_password)
    targets = web_load.targets(seeded)
    chosen = {name: targets[name] for name in ["ceiling", *pages] if name in targets}
    token = {"Authorization": f"Bearer {seeded.api_token}"}

    def get(path: str, auth: str | None):
        client = member if auth == "cookie" else anonymous
        response = client.get(path, headers=token if auth == "token" else {})
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")

    for path, auth in chosen.values():  # warm: the index mapped, templates compiled
        for _ in range(3):
            get(path, auth)
    cpu: dict[str, list[float]] = collections.defaultdict(list)
    wall: dict[str, list[float]] = collections.defaultdict(list)
    sql: dict[str, list[int]] = collections.defaultdict(list)
    per_round = max(1, requests // rounds)
    for _round in range(rounds):
        for name, (path, auth) in chosen.items():
            for _ in range(per_round):
                statements[0] = 0
                c0, w0 = time.process_time(), time.perf_counter()
                get(path, auth)
                cpu[name].append(time.process_time() - c0)
                wall[name].append(time.perf_counter() - w0)
                sql[name].append(statements[0])
    sa.event.remove(engine, "before_cursor_execute", on_execute)
    base = statistics.median(cpu["ceiling"])
    rows = []
    for name in chosen:
        median = statistics.median(cpu[name])
        rows.append(
            {
                "page": name,
                "cpu_ms": 1000 * median,
                "wall_ms": 1000 * statistics.median(wall[name]),
                "statements": statistics.median(sql[name]),
                "x_bare": median / base if base else float("nan"),
                "n": len(cpu[name]),
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="organisations")
    parser.add_argument("--keep", required=True, help="web_load --keep folder (seeded if new)")
    parser.add_argument(
        "--pages",
        default="partners,api_suggest,organisation,directory,directory_q,api_orgs,events,"
        "events_all",
        help="pages of web_load.py, comma-separated (the bare route is always measured)",
    )
    parser.add_argument("-r", "--requests", type=int, default=60, help="requests per page")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    keep = Path(args.keep).resolve()
    keep.mkdir(parents=True, exist_ok=True)
    seeded, index_dir = web_load.seeded_db("sqlite", args.n, keep, None)
    os.environ.update(
        {
            "DATABASE_URL": seeded.url,
            "MATCHING_INDEX_DIR": index_dir,
            "SECRET_KEY": "bench",
            "SESSION_COOKIE_SECURE": "0",
            "REMEMBER_COOKIE_SECURE": "0",
        }
    )
    app = web_load.bench_app()
    load = os.getloadavg()[0]
    rows = measure(app, seeded, [p for p in args.pages.split(",") if p], args.requests, args.rounds)
    load = f"{load:.1f}/{os.getloadavg()[0]:.1f}"
    print(f"{seeded.organisations} organisations, SQLite, in-process; load average {load}")
    print(f"{'page':<14}{'CPU ms':>9}{'wall ms':>9}{'SQL':>6}{'x bare':>9}{'n':>6}")
    for r in rows:
        print(
            f"{r['page']:<14}{r['cpu_ms']:>9.2f}{r['wall_ms']:>9.2f}{r['statements']:>6.0f}"
            f"{r['x_bare']:>9.1f}{r['n']:>6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
