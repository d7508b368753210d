"""Check-in search at the door: "ohman" must find "Öhman", on SQLite and on PostgreSQL.

The search folds case and diacritics in Python over the event's confirmed registrations
(services/events/queries.checkin_list), so both databases behave the same without a stored
folded column. This measures one search (load + fold + filter + sort) for an event of 2,000
confirmed people, the median and the worst of a number of runs, on a SQLite file and on a
PostgreSQL server started in a temporary directory (as the test suite does).

    .venv/bin/python benchmarks/checkin_search.py [--db sqlite|postgres|both] [--people 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matchmaker import create_app  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.models import Event, Organisation, Registration, utcnow  # noqa: E402
from matchmaker.services import clusters as cluster_service  # noqa: E402
from matchmaker.services import events as event_service  # noqa: E402
from tests import pgserver  # noqa: E402
from tests.conftest import valid_business_id  # noqa: E402

FIRST = ["Aino", "Öljy", "Élise", "Søren", "Ville", "Åsa", "Jyrki", "Zoë", "Pekka", "Mette"]
LAST = ["Öhman", "Lindqvist", "Mäkinen", "Nordström", "Ruiz-Peña", "Dvořák", "Virtanen", "Kaur"]


def prepare(url: str, people: int) -> int:
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        cluster = cluster_service.create_cluster(slug="bench", name="Bench cluster")
        orgs = [
            Organisation(name=f"Telakka {n} Oy", business_id=valid_business_id(5000 + n))
            for n in range(50)
        ]
        db.session.add_all(orgs)
        starts = utcnow() + timedelta(days=3)
        event = Event(
            cluster=cluster,
            title="Bench",
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            status="published",
        )
        db.session.add(event)
        db.session.flush()
        db.session.add_all(
            Registration(
                event_id=event.id,
                organisation=orgs[n % len(orgs)],
                name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}",
                email=f"p{n}@bench.example",
                status="confirmed",
                confirmed_at=utcnow(),
            )
            for n in range(people)
        )
        db.session.commit()
        return event.id


def measure(url: str, event_id: int, runs: int) -> dict:
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        times, found = [], 0
        for _ in range(runs):
            db.session.expire_all()  # each search reads the rows afresh, as a request would
            start = time.perf_counter()
            found = len(event_service.checkin_list(event, "ohman"))
            times.append(time.perf_counter() - start)
        return {
            "found_ohman": found,
            "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    expected = sum(1 for n in range(args.people) if (n // len(FIRST)) % len(LAST) == 0)
    ok = True
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp:
            server = None
            if kind == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            elif not pgserver.available():
                print(f"{kind}: skipped, PostgreSQL binaries not found")
                continue
            else:
                server = pgserver.PostgresServer().start()
                url = server.create_database("bench")
            try:
                result = measure(url, prepare(url, args.people), args.runs)
            finally:
                if server is not None:
                    server.stop()
        ok = ok and result["found_ohman"] == expected
        print(f"{kind}: {args.people} registrations, {result} (expected {expected} found)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
