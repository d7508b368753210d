"""Directory search speed at scale: the database engine's full-text index against the old LIKE.

Seeds N organisations (default 100,000) by bulk inserts, their texts drawn from the demo's
phrase banks (``matchmaker/demo/content/sectors``, Finnish and English) with approved
memberships of the three demo clusters, industries and export markets, and their search keys
written as the services write them. Then times directory searches through the service
(``directory.build_select`` + ``db.paginate``: the count and the first page of 20; also
with the highlighted snippets of that page) on SQLite (FTS5) and PostgreSQL (tsvector +
GIN, a throwaway server), and in the same run the old query: ``search_text LIKE
'% stem%'`` over Snowball stems of the same rows (a table of its own), sorted by name.
The old search also asked the in-memory matching index for every word; that part is left
out, so the baseline is a lower bound.

    .venv/bin/python benchmarks/search_speed.py                 # 100,000 on both engines
    .venv/bin/python benchmarks/search_speed.py --n 10000 --db sqlite
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.demo.loader import load  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.matching.text import search_stems  # noqa: E402
from matchmaker.models import (  # noqa: E402
    Cluster,
    Membership,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
)
from matchmaker.services import business_id as bid  # noqa: E402
from matchmaker.services import directory, search_index  # noqa: E402
from tests import pgserver  # noqa: E402

CHUNK = 5000
CLUSTERS = ("lahti-maritime", "lahti-biomass", "lapland-arctic")
TOWNS = ["Lahti", "Hollola", "Heinola", "Orimattila", "Rovaniemi", "Kemi", "Tornio", "Turku"]
MARKETS = ["SE", "NO", "DE", "EE", "PL", "NL", "US"]
QUERIES = [  # (q, extra filters): one word, its other language, inflected, two words, filters
    ("potkuri", {}),
    ("propeller", {}),
    ("hitsaus", {}),
    ("welding", {}),
    ("sahanpurua", {}),
    ("biohiili", {}),
    ("taajuusmuuttaja", {}),
    ("lautta", {}),
    ("laivojen ilmanvaihto", {}),
    ("steel structures", {}),
    ("kuivaus", {"municipality": "Lahti"}),
    ("hake", {"size_class": "small"}),
]
FIELDS = ("description", "capabilities", "needs", "keywords")


def _banks() -> list[tuple[str, dict]]:
    out = []
    for slug in CLUSTERS:
        for sector in load(f"sectors/{slug}")["sector"]:
            out.append((slug, sector))
    return out


class _Fill(dict):
    def __missing__(self, key):  # a placeholder the generator does not fill
        return ""


def _lines(bank: dict, key: str) -> list[str]:
    return [" ".join(line.split()) for line in bank.get(key, [])]


def _profile(rng: random.Random, sector: dict, n: int) -> dict:
    lang = "en" if "en" in sector and rng.random() < 0.4 else "fi"
    bank = sector[lang]
    town = rng.choice(TOWNS)
    name = f"Yritys {n} Oy" if lang == "fi" else f"Company {n} Ltd"
    fill = _Fill(name=name, short=name.split()[0], town=town, town_in=town, year="1990", emp="20")
    intro, body = _lines(bank, "intro") or [name], _lines(bank, "body")
    sentences = [rng.choice(intro), *rng.sample(body, min(2, len(body)))]
    description = " ".join(s.format_map(fill) for s in sentences)

    def pick(key: str) -> str:
        lines = _lines(bank, key)
        if not lines:
            return ""
        return "\n".join([lines[0]] + rng.sample(lines[1:], min(1, len(lines) - 1)))

    return {
        "name": name,
        "municipality": town,
        "description": description,
        "capabilities": pick("caps"),
        "needs": pick("needs"),
        "keywords": pick("kw"),
        "side_streams_offered": pick("off"),
        "side_streams_wanted": pick("want"),
        "size_class": rng.choice(["micro", "small", "medium", "large"]),
    }


def seed(url: str, n: int) -> tuple:
    """Fill an empty schema at ``url`` with ``n`` organisations; return (app, seconds)."""
    started = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
    rng = random.Random(14)
    banks = _banks()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS bench_legacy_search")
        db.create_all()
        legacy = sa.Table(
            "bench_legacy_search",
            sa.MetaData(),
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("search_text", sa.Text),
        )
        legacy.create(db.engine)
        clusters = {}
        for slug in CLUSTERS:
            cluster = Cluster(slug=slug, name=slug)
            db.session.add(cluster)
            db.session.flush()
            clusters[slug] = cluster.id
        db.session.commit()
        keys_memo: dict[str, str] = {}
        stems_memo: dict[str, str] = {}
        keys = search_index.search_keys()

        def keys_of(text: str) -> str:
            if text not in keys_memo:
                keys_memo[text] = keys.document([text])
            return keys_memo[text]

        def stems_of(text: str) -> str:
            if text not in stems_memo:
                stems_memo[text] = " ".join(search_stems(text))
            return stems_memo[text]

        for start in range(1, n + 1, CHUNK):
            orgs, olds, inds, mkts, members = [], [], [], [], []
            for i in range(start, min(n + 1, start + CHUNK)):
                slug, sector = rng.choice(banks)
                p = _profile(rng, sector, i)
                codes = list(dict.fromkeys([sector["industries"][0], *sector["industries"][1:2]]))
                texts = [p["name"], *(p[f] for f in FIELDS)]
                texts += [p["side_streams_offered"], p["side_streams_wanted"]]
                labels = search_index._labels(codes)
                p["search_text"] = " ".join(k for k in map(keys_of, [*texts, labels]) if k)
                digits = f"{1_000_000 + i:07d}"
                check = bid.check_digit(digits)
                p["business_id"] = f"{digits}-{check}" if check is not None else f"{digits}-x"
                orgs.append({"id": i, **p})
                olds.append({"id": i, "search_text": " " + " ".join(map(stems_of, texts)) + " "})
                inds += [{"organisation_id": i, "code": c} for c in codes]
                mkts += [
                    {"organisation_id": i, "kind": "export", "country": c}
                    for c in rng.sample(MARKETS, rng.randint(0, 3))
                ]
                members.append(
                    {"organisation_id": i, "cluster_id": clusters[slug], "status": "approved"}
                )
            db.session.execute(sa.insert(Organisation), orgs)
            db.session.execute(sa.insert(legacy), olds)
            db.session.execute(sa.insert(OrganisationIndustry), inds)
            db.session.execute(sa.insert(OrganisationMarket), mkts)
            db.session.execute(sa.insert(Membership), members)
            db.session.commit()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
            if db.engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT setval('organisation_id_seq', {n})")
    return app, legacy, time.perf_counter() - started


def _engine_search(cluster_id: int, q: str, filters: dict, snippets: bool = False) -> int:
    query = directory.DirectoryQuery(q=q, cluster_ids=[cluster_id], **filters)
    page = db.paginate(directory.build_select(query), page=1, per_page=20, error_out=False)
    if snippets:
        for org in page.items:
            directory.result_snippet(org, q)
    return page.total or 0


def _like_search(legacy: sa.Table, cluster_id: int, q: str, filters: dict) -> int:
    """The old query: every word's stems by LIKE '% stem%', sorted by name."""
    stmt = (
        sa.select(Organisation)
        .join(legacy, legacy.c.id == Organisation.id)
        .where(
            sa.exists().where(
                Membership.organisation_id == Organisation.id,
                Membership.cluster_id == cluster_id,
                Membership.status == "approved",
            )
        )
    )
    for word in dict.fromkeys(q.split()):
        stmt = stmt.where(
            sa.or_(*(legacy.c.search_text.like(f"% {s}%") for s in search_stems(word) if s))
        )
    for column, value in filters.items():
        stmt = stmt.where(getattr(Organisation, column) == value)
    page = db.paginate(stmt.order_by(Organisation.name, Organisation.id), page=1, per_page=20)
    return page.total or 0


def _time(fn, runs: int) -> tuple[list[list[float]], list[int]]:
    """Per query: the timed runs (ms), and what the warm-up run found."""
    samples, totals = [], []
    for q, filters in QUERIES:
        totals.append(fn(q, filters))  # warm-up
        mine = []
        for _ in range(runs):
            t = time.perf_counter()
            fn(q, filters)
            mine.append((time.perf_counter() - t) * 1000)
            db.session.rollback()  # nothing cached in the session between runs
        samples.append(mine)
    return samples, totals


def _stats(samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[-1]
    return f"median {statistics.median(samples):7.1f} ms  p95 {p95:7.1f} ms"


def measure(url: str, n: int, runs: int) -> None:
    app, legacy, seconds = seed(url, n)
    with app.app_context():
        cluster_id = db.session.scalar(
            sa.select(Membership.cluster_id)
            .group_by(Membership.cluster_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        )
        members = db.session.scalar(
            sa.select(sa.func.count()).where(Membership.cluster_id == cluster_id)
        )
        print(f"  seeded {n:,} organisations in {seconds:.0f} s; largest cluster {members:,}")
        new, found = _time(lambda q, f: _engine_search(cluster_id, q, f), runs)
        old, old_found = _time(lambda q, f: _like_search(legacy, cluster_id, q, f), runs)
        with_snippets, _ = _time(lambda q, f: _engine_search(cluster_id, q, f, snippets=True), runs)
        print("    query (medians)                  engine: found      ms    LIKE: found      ms")
        for (q, filters), a, b, ta, tb in zip(QUERIES, found, old_found, new, old, strict=True):
            shown = q + "".join(f" [{k}={v}]" for k, v in filters.items())
            ma, mb = statistics.median(ta), statistics.median(tb)
            print(f"    {shown:32} {a:13,} {ma:7.1f} {b:11,} {mb:7.1f}")
        every_new = [t for ts in new for t in ts]
        every_old = [t for ts in old for t in ts]
        few = [t for ts, a in zip(new, found, strict=True) if a < 3000 for t in ts]
        print(f"  engine ({db.engine.dialect.name}) {_stats(every_new)}")
        print(f"    queries finding < 3,000: {_stats(few)}")
        print(f"    with the page's snippets: {_stats([t for ts in with_snippets for t in ts])}")
        print(f"  LIKE baseline        {_stats(every_old)}")
        ratio = statistics.median(every_old) / statistics.median(every_new)
        print(f"  median ratio LIKE / engine: {ratio:.1f}x")
        db.session.remove()
        db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per query")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores, shared)")
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        with tempfile.TemporaryDirectory() as tmp:
            server = None
            if kind == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            elif not pgserver.available():
                print("postgres: skipped, PostgreSQL binaries not found")
                continue
            else:
                server = pgserver.PostgresServer().start()
                url = server.create_database("bench")
            print(f"{kind}:")
            try:
                measure(url, args.n, args.runs)
            finally:
                if server is not None:
                    server.stop()
        print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
