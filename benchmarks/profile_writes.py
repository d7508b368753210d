"""Concurrent profile edits on PostgreSQL: the old counter row against the change log.

Every profile edit tells the matching index that its input changed. It used to UPDATE one
``index_version`` row, whose row lock is held until commit, so all profile writes queued
one behind another; now it INSERTs a row into ``profile_change``. This script starts a
PostgreSQL server (tests/pgserver.py), seeds organisations and lets N clients (threads,
one connection each) edit distinct profiles for a few seconds with each way, in the same
run: ``write_profile`` then commit, with the old UPDATE added for "counter row" (the
change-log insert is then left out). Prints edits/s, p50/p95 latency and the ratio.

Run: .venv/bin/python benchmarks/profile_writes.py [--clients 8] [--seconds 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.models import Organisation  # noqa: E402
from matchmaker.services import organisations  # noqa: E402
from tests import pgserver  # noqa: E402
from tests.conftest import valid_business_id  # noqa: E402

LEGACY = (
    "CREATE TABLE index_version (id integer PRIMARY KEY, version integer, changed_at timestamp)"
)


def run(app, mode: str, clients: int, seconds: float, org_ids: list[int]) -> dict:
    barrier = threading.Barrier(clients)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    stop_at: list[float] = []

    def work(n: int) -> None:
        mine = org_ids[n::clients]
        with app.app_context():
            barrier.wait()
            if not stop_at:
                stop_at.append(time.perf_counter() + seconds)
            k = 0
            while time.perf_counter() < stop_at[0]:
                t = time.perf_counter()
                org = db.session.get(Organisation, mine[k % len(mine)])
                text = f"Koneistus ja hitsaus {k}"
                if mode == "counter row":
                    organisations.write_profile(org, {"capabilities": text}, bump_index=False)
                    db.session.execute(
                        sa.text("UPDATE index_version SET version = version + 1 WHERE id = 1")
                    )
                else:
                    organisations.write_profile(org, {"capabilities": text})
                db.session.commit()
                latencies[n].append((time.perf_counter() - t) * 1000)
                k += 1
            db.session.remove()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    flat = sorted(x for lat in latencies for x in lat)
    return {
        "edits_s": len(flat) / wall,
        "p50": statistics.median(flat),
        "p95": flat[int(0.95 * (len(flat) - 1))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not pgserver.available():
        print("PostgreSQL binaries are not installed")
        return 1
    server = pgserver.PostgresServer().start()
    try:
        url = server.create_database("mm_profile_writes")
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": args.clients + 2},
            }
        )
        with app.app_context():
            db.create_all()
            db.session.execute(sa.text(LEGACY))
            db.session.execute(sa.text("INSERT INTO index_version VALUES (1, 0, now())"))
            for n in range(args.clients * 20):
                db.session.add(
                    Organisation(name=f"Org {n} Oy", business_id=valid_business_id(50_000 + n))
                )
            db.session.commit()
            org_ids = list(db.session.scalars(sa.select(Organisation.id)))
        print(
            f"{args.clients} clients, {args.seconds:.0f} s per round, median of {args.rounds} "
            f"rounds, load average {os.getloadavg()[0]:.1f}"
        )
        results: dict[str, list[dict]] = {"counter row": [], "change log": []}
        for _ in range(args.rounds):
            for mode in results:  # interleaved, so both see the same machine
                results[mode].append(run(app, mode, args.clients, args.seconds, org_ids))
        summary = {}
        for mode, rounds in results.items():
            summary[mode] = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
            s = summary[mode]
            print(
                f"{mode:>12}: {s['edits_s']:7.1f} edits/s  p50 {s['p50']:6.1f} ms  "
                f"p95 {s['p95']:6.1f} ms"
            )
        ratio = summary["change log"]["edits_s"] / summary["counter row"]["edits_s"]
        print(f"change log / counter row: {ratio:.2f}x edits/s")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
