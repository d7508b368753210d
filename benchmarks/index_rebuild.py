"""How long a matching index rebuild takes from the database, and whether requests stall.

Seeds the demo installation into a temporary SQLite database, optionally multiplies its
organisations (copies with other names and ids) to a target size, then measures:
  - loading profiles from the database and building the index (median of repeats);
  - request latency (current_index() + one suggestion query, served from the stored, mapped
    index) while a build of the next version runs beside it (as ``build-index --watch`` does),
    compared with latency when idle: a build must not stall requests.

Run: .venv/bin/python benchmarks/index_rebuild.py [--sizes 213,2000,10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker import create_app  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.models import (  # noqa: E402
    Membership,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
)
from matchmaker.services import demo, matching  # noqa: E402


def multiply(target: int) -> None:
    """Copy demo organisations (texts, industries, markets, memberships) up to `target`."""
    base = db.session.scalars(sa.select(Organisation).order_by(Organisation.id)).all()
    n, copy = len(base), 0
    rows, industries, markets, members = [], [], [], []
    next_id = max(o.id for o in base) + 1
    while n < target:
        src = base[copy % len(base)]
        oid = next_id
        next_id += 1
        rows.append(
            {
                "id": oid,
                "name": f"{src.name} {copy}",
                "business_id": f"X{oid:08d}"[:9],
                "org_type": src.org_type,
                "municipality": src.municipality,
                "description": src.description,
                "capabilities": src.capabilities,
                "needs": src.needs,
                "side_streams_offered": src.side_streams_offered,
                "side_streams_wanted": src.side_streams_wanted,
                "keywords": src.keywords,
                "certifications": src.certifications,
                "website": "",
                "search_text": "",
            }
        )
        industries += [{"organisation_id": oid, "code": i.code} for i in src.industries]
        markets += [
            {"organisation_id": oid, "kind": m.kind, "country": m.country} for m in src.markets
        ]
        members += [
            {"organisation_id": oid, "cluster_id": m.cluster_id, "status": "approved"}
            for m in src.memberships
        ]
        n += 1
        copy += 1
    for model, data in (
        (Organisation, rows),
        (OrganisationIndustry, industries),
        (OrganisationMarket, markets),
        (Membership, members),
    ):
        if data:
            db.session.execute(sa.insert(model), data)
    matching.bump_version()
    db.session.commit()


def measure(size: int, repeats: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                "MATCHING_SYNC_REBUILD": False,
                "MATCHING_INDEX_DIR": f"{tmp}/index",
            }
        )
        with app.app_context():
            db.create_all()
            demo.seed()
            db.session.commit()
            multiply(size)
            loads, builds = [], []
            for _ in range(repeats):
                started = time.perf_counter()
                profiles = matching.load_profiles()
                loaded = time.perf_counter()
                matching.ProfileIndex.build(profiles)
                builds.append(time.perf_counter() - loaded)
                loads.append(loaded - started)
            org = db.session.scalar(sa.select(Organisation).order_by(Organisation.id))
            matching.build_and_store()  # the first build, before any request

            def request_latencies(seconds: float) -> list[float]:
                out, until = [], time.perf_counter() + seconds
                while time.perf_counter() < until:
                    t = time.perf_counter()
                    matching.partner_suggestions(org, k=10)
                    out.append(time.perf_counter() - t)
                return out

            idle = request_latencies(1.0)
            matching.bump_version()
            db.session.commit()

            # The watcher's build, in a process of its own as build-index --watch runs.
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
                "MATCHING_INDEX_DIR": f"{tmp}/index",
                "SECRET_KEY": "bench",
            }
            cmd = [sys.executable, "-m", "flask", "--app", "matchmaker", "build-index"]
            busy = []
            started = time.perf_counter()
            builder = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
            while builder.poll() is None:
                t = time.perf_counter()
                matching.partner_suggestions(org, k=10)
                busy.append(time.perf_counter() - t)
            background = time.perf_counter() - started
            db.session.remove()
            db.engine.dispose()
    return {
        "size": size,
        "load": statistics.median(loads),
        "build": statistics.median(builds),
        "background": background,
        "idle_p50": statistics.median(idle) * 1000,
        "busy_p50": statistics.median(busy) * 1000 if busy else float("nan"),
        "busy_max": max(busy) * 1000 if busy else float("nan"),
        "busy_n": len(busy),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="213,2000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'orgs':>6} {'load s':>8} {'build s':>8} {'bg rebuild s':>13} "
        f"{'idle p50 ms':>12} {'during p50 ms':>14} {'during max ms':>14} {'requests':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.repeats)
        print(
            f"{r['size']:>6} {r['load']:>8.2f} {r['build']:>8.2f} {r['background']:>13.2f} "
            f"{r['idle_p50']:>12.1f} {r['busy_p50']:>14.1f} {r['busy_max']:>14.1f} {r['busy_n']:>9}"
        )


if __name__ == "__main__":
    main()
