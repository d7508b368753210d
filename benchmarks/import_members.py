"""Member import speed: a 10 000-row member list (CSV, semicolons, Windows-1252) into SQLite.

Builds a fresh app on a temporary SQLite database, writes a realistic file (names with
Finnish letters, valid business IDs, municipalities, employees, export markets, industries,
descriptions and a contact person), then times the dry-run preview and the real import with
its commit, and a second import of the same file, which updates every row.

Goal: 10 000 rows imported in under 30 s.

Run: .venv/bin/python benchmarks/import_members.py [--rows 10000] [--profile]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker import create_app  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.services import business_id as bid  # noqa: E402
from matchmaker.services import clusters as cluster_service  # noqa: E402
from matchmaker.services import imports  # noqa: E402

TOWNS = ["Lahti", "Hollola", "Heinola", "Orimattila", "Äänekoski", "Hämeenlinna", "Kemi"]
WORDS = "potkuri laiva teräs hitsaus koneistus sähkö automaatio ilmanvaihto eristys puu".split()


def business_ids(count: int) -> list[str]:
    out, n = [], 3_000_000
    while len(out) < count:
        digits = f"{n:07d}"
        check = bid.check_digit(digits)
        if check is not None:
            out.append(f"{digits}-{check}")
        n += 7
    return out


def member_file(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    header = (
        "Nimi;Y-tunnus;Kotikunta;Henkilöstö;Toimialat;Vientimaat;Kuvaus;Yhteyshenkilö;Sähköposti"
    )
    lines = [header]
    for n, business_id in enumerate(business_ids(rows)):
        text = " ".join(rng.choices(WORDS, k=25))
        lines.append(
            f"Öljy ja Sähkö {n} Oy;{business_id};{rng.choice(TOWNS)};{rng.randint(1, 400)};"
            f"C, 30;SE, NO, DE;{text};Matti Jääskeläinen;myynti{n}@yritys.fi"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="profile with pyinstrument")
    args = parser.parse_args()
    content = member_file(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "SERVER_NAME": "localhost",
            }
        )
        with app.app_context():
            db.create_all()
            cluster = cluster_service.create_cluster(slug="bench", name="Bench")
            db.session.commit()
            profiler = None
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler()
                profiler.start()
            t0 = time.perf_counter()
            result = imports.import_file(cluster, "bench.csv", content, dry_run=True)
            db.session.commit()
            t1 = time.perf_counter()
            result = imports.import_file(cluster, "bench.csv", content, dry_run=False)
            db.session.commit()
            t2 = time.perf_counter()
            again = imports.import_file(cluster, "bench.csv", content, dry_run=False)
            db.session.commit()
            t3 = time.perf_counter()
            if profiler is not None:
                profiler.stop()
                print(profiler.output_text(unicode=True, color=False))
    print(f"rows: {args.rows}")
    print(f"dry-run preview: {t1 - t0:.1f} s")
    print(f"import (create {result.created}): {t2 - t1:.1f} s  (goal < 30 s)")
    print(f"re-import (update {again.updated}): {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
