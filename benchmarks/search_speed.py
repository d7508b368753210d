"""Directory search speed at scale: the database engine's full-text index against the old LIKE.

Seeds N organisations (default 10,000 and 100,000) by bulk inserts, their texts drawn from
the demo's phrase banks (``matchmaker/demo/content/sectors``, Finnish and English) with approved
memberships of the three demo clusters, industries and export markets, and their search keys
written as the services write them. Then times directory searches through the service
(``directory.paginate``, as the directory page asks: ranked by relevance; past
``SEARCH_RANK_LIMIT`` expected matches PostgreSQL ranks among the profiles where the words are
frequent (tier tokens) and counts "about N"; also with the highlighted snippets of the page)
on SQLite (FTS5) and PostgreSQL (tsvector + GIN, a throwaway server), with the SQL statements
each search sends, and in the same run three baselines: the exact shape (every match counted
and ranked, as the API asks), a plain indexed lookup through the same service (a business
ID), and up to
20,000 organisations the old query: ``search_text LIKE '% stem%'`` over Snowball stems of
the same rows (a table of its own), sorted by name (the old search also asked the
in-memory matching index for every word; that part is left out, so it is a lower bound).

    .venv/bin/python benchmarks/search_speed.py            # 10,000 and 100,000, both engines
    .venv/bin/python benchmarks/search_speed.py --n 10000 --db sqlite
    .venv/bin/python benchmarks/search_speed.py --url postgresql+psycopg://...  # seeded by
        # benchmarks/seed_scale.py (its profiles and clusters; no LIKE baseline)
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


def _engine_search(
    cluster_id: int, q: str, filters: dict, snippets: bool = False, exact: bool = False
) -> int:
    """The directory page's search (``exact``: every match counted and ranked, as the API
    asks); the total, negative when it is an estimate."""
    query = directory.DirectoryQuery(q=q, cluster_ids=[cluster_id], **filters)
    page = directory.paginate(query, 1, 20, exact=exact)
    if snippets:
        for org in page.items:
            directory.result_snippet(org, q)
    return -(page.total or 0) if getattr(page, "about", False) else page.total or 0


def _statements(fn) -> int:
    """How many SQL statements ``fn()`` sends."""
    sent = []

    def count(*_args):
        sent.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(sent)


def _id_lookup(cluster_id: int, business_id: str) -> int:
    """A plain indexed lookup through the same service: a business ID typed in the box."""
    query = directory.DirectoryQuery(q=business_id, cluster_ids=[cluster_id])
    return directory.paginate(query, 1, 20).total or 0


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


def measure(url: str, n: int, runs: int, like: bool, seeded: bool = False) -> dict[str, float]:
    if seeded:  # a database of benchmarks/seed_scale.py
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
        legacy, seconds, like = None, 0.0, False
    else:
        app, legacy, seconds = seed(url, n)
    medians = {}
    with app.test_request_context():
        cluster_id = db.session.scalar(
            sa.select(Membership.cluster_id)
            .group_by(Membership.cluster_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        )
        members = db.session.scalar(
            sa.select(sa.func.count()).where(Membership.cluster_id == cluster_id)
        )
        wanted_id = db.session.scalar(
            sa.select(Organisation.business_id)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.cluster_id == cluster_id)
            .limit(1)
        )
        limit = app.config["SEARCH_RANK_LIMIT"]
        n = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        print(f"  seeded {n:,} organisations in {seconds:.0f} s; largest cluster {members:,}")
        sent = [_statements(lambda q=q, f=f: _engine_search(cluster_id, q, f)) for q, f in QUERIES]
        new, found = _time(lambda q, f: _engine_search(cluster_id, q, f), runs)
        exact, exact_found = _time(lambda q, f: _engine_search(cluster_id, q, f, exact=True), runs)
        lookup, _ = _time(lambda q, f: _id_lookup(cluster_id, wanted_id), runs)
        old, old_found = (
            _time(lambda q, f: _like_search(legacy, cluster_id, q, f), runs) if like else ([], [])
        )
        with_snippets, _ = _time(lambda q, f: _engine_search(cluster_id, q, f, snippets=True), runs)
        print(
            "    query (medians)                    page: found  SQL      ms   exact: found      ms"
            + ("    LIKE: found      ms" if like else "")
        )
        for i, (q, filters) in enumerate(QUERIES):
            shown = q + "".join(f" [{k}={v}]" for k, v in filters.items())
            about = "~" if found[i] < 0 else " "
            line = (
                f"    {shown:32} {about}{abs(found[i]):11,} {sent[i]:4}"
                f" {statistics.median(new[i]):7.1f}"
                f" {exact_found[i]:12,} {statistics.median(exact[i]):7.1f}"
            )
            if like:
                line += f" {old_found[i]:11,} {statistics.median(old[i]):7.1f}"
            print(line)
        every = {
            "page": [t for ts in new for t in ts],
            "exact": [t for ts in exact for t in ts],
            "lookup": [t for ts in lookup for t in ts],
            "snippets": [t for ts in with_snippets for t in ts],
        }
        if like:
            every["like"] = [t for ts in old for t in ts]
        engine = db.engine.dialect.name
        print(f"  page search ({engine}, ~: tiers past {limit:,}) {_stats(every['page'])}")
        print(
            f"    SQL statements per page search: median {statistics.median(sent)}, max {max(sent)}"
        )
        print(f"    with the page's snippets:            {_stats(every['snippets'])}")
        print(f"  exact (count and rank every match)     {_stats(every['exact'])}")
        print(f"  business-ID lookup (plain index)       {_stats(every['lookup'])}")
        if like:
            print(f"  LIKE baseline                          {_stats(every['like'])}")
        medians = {k: statistics.median(v) for k, v in every.items()}
        ratios = ", ".join(
            f"{k} / page {medians[k] / medians['page']:.1f}x"
            for k in ("exact", "like")
            if k in medians
        )
        print(
            f"  median ratios: {ratios}; page / lookup {medians['page'] / medians['lookup']:.1f}x"
        )
        db.session.remove()
        db.engine.dispose()
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--n", default="10000,100000", help="organisations, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    parser.add_argument("--url", help="a database seeded by benchmarks/seed_scale.py (kept)")
    parser.add_argument(
        "--like",
        choices=["auto", "yes", "no"],
        default="auto",
        help="also time the old LIKE search (auto: up to 20,000 organisations)",
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.n.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores, shared)")
    summary = []
    if args.url:
        medians = measure(args.url, 0, args.runs, like=False, seeded=True)
        summary.append((args.url.split(":")[0], 0, medians, os.getloadavg()[0]))
        sizes = []
    for kind in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        for n in sizes:
            like = args.like == "yes" or (args.like == "auto" and n <= 20_000)
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
                print(f"{kind}, {n:,} organisations:")
                try:
                    medians = measure(url, n, args.runs, like)
                finally:
                    if server is not None:
                        server.stop()
            load = os.getloadavg()[0]
            summary.append((kind, n, medians, load))
            print(f"load average {load:.1f}")
    print("summary (medians, ms)          page   exact  lookup  exact/page  load")
    for kind, n, m, load in summary:
        print(
            f"  {kind:8} {n:>9,}  {m['page']:11.1f} {m['exact']:7.1f} {m['lookup']:7.1f}"
            f" {m['exact'] / m['page']:10.1f}x {load:5.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
