"""CPU time and SQL statements per request of the web_load pages, in-process, per size and
database, with the ratio of the largest size to the smallest.

The pages of benchmarks/web_load.py on the same seeded databases (web_load's ``--keep``
layout: seeded once, then reused; on PostgreSQL the kept server in ``--keep``/postgres),
each served by its own app (``web_load.bench_app()`` on that database) through the Flask
test client, all in one process: for each database, size and page the median CPU
milliseconds of one request (``time.process_time``: other processes on a shared machine move
it far less than the wall time, shown beside it), the SQL statements one request sends and
the CPU time as a multiple of the bare route's of the same app (the ceiling: the app's
request hooks, no query, no template). Rounds interleave the databases, the sizes and the
pages, so a burst of load hits every figure alike; the figures are the medians over all
requests. Then a table of page x size x database with the ratio of the largest size to the
smallest (CPU ms and statements; issue 14: within 1.5x). Not run in CI.

    .venv/bin/python benchmarks/page_cpu.py --keep .bench --sizes 10000,100000 --db both

On PostgreSQL the server's CPU per request is measured beside the app's (the backends of
the app's connections, from /proc: run it on the machine of the server) and the ratios
count both.

Another commit's code on the same databases (before/after): export it and run this file
from there, e.g. ``git archive main | tar -x -C /tmp/old``, then
``.venv/bin/python /tmp/old/benchmarks/page_cpu.py --keep .bench`` (the script puts its own
tree first on the path); alternate the two runs on a busy machine.

    .venv/bin/python benchmarks/page_cpu.py --keep .bench --pages partners,api_suggest -r 60
    py-spy record -o partners.svg -- .venv/bin/python benchmarks/page_cpu.py --keep .bench \\
        --sizes 100000 --pages partners --requests 400
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import sqlalchemy as sa  # noqa: E402
import web_load  # noqa: E402

from tests import pgserver  # noqa: E402

PAGES = (
    "partners,api_suggest,organisation,directory,directory_q,directory_deep,api_orgs,events,"
    "events_all"
)
LIMIT = 1.5  # issue 14: at 100k within 1.5x of the 10k figures


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


@dataclass
class Setup:
    """One app on one seeded database, its clients and the statements it sends."""

    db: str
    seeded: object
    app: object
    statements: list[int] = field(default_factory=lambda: [0])

    def __post_init__(self) -> None:
        from matchmaker.extensions import db

        self.anonymous = self.app.test_client()
        self.member = self.app.test_client()
        for c in (self.anonymous, self.member):
            c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fi"
        with self.app.app_context():
            self.engine = db.engine
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        _login(self.member, self.seeded.login_email, self.seeded.login_password)
        self.token = {"Authorization": f"Bearer {self.seeded.api_token}"}

    def db_cpu(self) -> float:
        """CPU seconds the PostgreSQL backends of this app's connections have used (from
        /proc: the server's share of a page, which the app's process_time leaves out);
        0 on SQLite, whose work is in the app's process."""
        if self.db != "postgresql":
            return 0.0
        with self.engine.connect() as conn:  # outside the counted requests
            pids = conn.scalars(
                sa.text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND backend_type = 'client backend'"
                )
            ).all()
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def _count(self, *_args) -> None:
        self.statements[0] += 1

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._count)

    def get(self, path: str, auth: str | None) -> None:
        client = self.member if auth == "cookie" else self.anonymous
        response = client.get(path, headers=self.token if auth == "token" else {})
        if response.status_code != 200:
            raise RuntimeError(f"{self.db} {path}: {response.status_code}")


def measure(setups: list[Setup], pages: list[str], requests: int, rounds: int) -> list[dict]:
    """Per setup and page: median CPU ms, wall ms and statements of one request."""
    chosen = {}
    for s in setups:
        targets = web_load.targets(s.seeded)
        chosen[id(s)] = {name: targets[name] for name in ["ceiling", *pages] if name in targets}
        for path, auth in chosen[id(s)].values():  # warm: the index mapped, templates compiled
            for _ in range(3):
                s.get(path, auth)
    cpu: dict[tuple, list[float]] = collections.defaultdict(list)
    wall: dict[tuple, list[float]] = collections.defaultdict(list)
    sql: dict[tuple, list[int]] = collections.defaultdict(list)
    db_cpu: dict[tuple, list[float]] = collections.defaultdict(list)
    per_round = max(1, requests // rounds)
    for _round in range(rounds):
        for s in setups:
            for name, (path, auth) in chosen[id(s)].items():
                before = s.db_cpu()
                for _ in range(per_round):
                    s.statements[0] = 0
                    c0, w0 = time.process_time(), time.perf_counter()
                    s.get(path, auth)
                    cpu[id(s), name].append(time.process_time() - c0)
                    wall[id(s), name].append(time.perf_counter() - w0)
                    sql[id(s), name].append(s.statements[0])
                db_cpu[id(s), name].append((s.db_cpu() - before) / per_round)
    rows = []
    for s in setups:
        base = statistics.median(cpu[id(s), "ceiling"])
        for name in chosen[id(s)]:
            median = statistics.median(cpu[id(s), name])
            rows.append(
                {
                    "db": s.db,
                    "orgs": s.seeded.organisations,
                    "page": name,
                    "cpu_ms": 1000 * median,
                    # the server's CPU per request: the mean over the rounds (10 ms ticks)
                    "db_ms": 1000 * statistics.fmean(db_cpu[id(s), name]),
                    "wall_ms": 1000 * statistics.median(wall[id(s), name]),
                    "statements": statistics.median(sql[id(s), name]),
                    "x_bare": median / base if base else float("nan"),
                    "n": len(cpu[id(s), name]),
                }
            )
    return rows


def print_rows(rows: list[dict]) -> None:
    print(
        f"{'db':<11}{'orgs':>7} {'page':<15}{'CPU ms':>8}{'DB CPU':>8}{'wall ms':>9}{'SQL':>5}"
        f"{'x bare':>8}"
    )
    for r in rows:
        print(
            f"{r['db']:<11}{r['orgs']:>7} {r['page']:<15}{r['cpu_ms']:>8.2f}{r['db_ms']:>8.2f}"
            f"{r['wall_ms']:>9.2f}{r['statements']:>5.0f}{r['x_bare']:>8.1f}"
        )


def print_ratios(rows: list[dict]) -> list[str]:
    """Page x database: CPU ms (the app's and, on PostgreSQL, the server's) and statements
    at the smallest and the largest size, and their ratios; returns the pages over LIMIT."""
    by = {(r["db"], r["orgs"], r["page"]): r for r in rows}
    over = []
    for kind in dict.fromkeys(r["db"] for r in rows):
        sizes = sorted({r["orgs"] for r in rows if r["db"] == kind})
        if len(sizes) < 2:
            continue
        small, large = sizes[0], sizes[-1]
        print(f"\n{kind}: {large} / {small} organisations; CPU = app + database server")
        print(
            f"{'page':<15}{'CPU small':>10}{'CPU large':>10}{'ratio':>7}"
            f"{'SQL small':>10}{'SQL large':>10}{'ratio':>7}"
        )
        for page in dict.fromkeys(r["page"] for r in rows if r["db"] == kind):
            a, b = by.get((kind, small, page)), by.get((kind, large, page))
            if a is None or b is None:
                continue
            cpu_a, cpu_b = a["cpu_ms"] + a["db_ms"], b["cpu_ms"] + b["db_ms"]
            cpu = cpu_b / cpu_a if cpu_a else float("nan")
            stmts = b["statements"] / a["statements"] if a["statements"] else 1.0
            flag = f" <- over {LIMIT}x" if page != "ceiling" and max(cpu, stmts) > LIMIT else ""
            if flag:
                over.append(f"{kind} {page}")
            print(
                f"{page:<15}{cpu_a:>10.2f}{cpu_b:>10.2f}{cpu:>7.2f}"
                f"{a['statements']:>10.0f}{b['statements']:>10.0f}{stmts:>7.2f}{flag}"
            )
    return over


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="organisations, comma-separated")
    parser.add_argument("--n", type=int, help="one size (the same as --sizes N)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--keep", required=True, help="web_load --keep folder (seeded if new)")
    parser.add_argument(
        "--pages", default=PAGES, help="pages of web_load.py, comma-separated (and the ceiling)"
    )
    parser.add_argument("-r", "--requests", type=int, default=60, help="requests per page")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [args.n] if args.n else [int(s) for s in args.sizes.split(",")]
    kinds = {"sqlite": ["sqlite"], "postgres": ["postgresql"]}.get(
        args.db, ["sqlite", "postgresql"]
    )
    keep = Path(args.keep).resolve()
    keep.mkdir(parents=True, exist_ok=True)
    pg = None
    setups: list[Setup] = []
    try:
        for kind in kinds:
            if kind == "postgresql":
                if not pgserver.available():
                    print("PostgreSQL binaries not found; skipped")
                    continue
                pg = web_load.postgres(keep)
            for n in sizes:
                seeded, index_dir = web_load.seeded_db(kind, n, keep, pg)
                os.environ.update(web_load.app_env(seeded, index_dir))
                setups.append(Setup(kind, seeded, web_load.bench_app()))
        load = os.getloadavg()[0]
        pages = [p for p in args.pages.split(",") if p]
        rows = measure(setups, pages, args.requests, args.rounds)
        load = f"{load:.1f}/{os.getloadavg()[0]:.1f}"
    finally:
        for s in setups:
            s.close()
            with s.app.app_context():
                from matchmaker.extensions import db

                db.engine.dispose()
        if pg is not None:
            pg.stop()
    print(f"in-process, {args.requests} requests per page; load average {load} (start/end)")
    print_rows(rows)
    over = print_ratios(rows)
    if over:
        print(f"\nover {LIMIT}x: {', '.join(over)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
