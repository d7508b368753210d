"""Seed a benchmark database with N organisations, fast, by bulk inserts.

The demo installation first (its clusters, events, fairs, meetings and logins, through the
services), then N minus its organisations drawn from the demo's phrase banks
(``matchmaker/demo/content/sectors``) in Finnish and English, and from a small Swedish bank
below: profiles with capabilities, needs, side streams, keywords, industries, export and
target markets and contact people; approved memberships of the sector's cluster (and of
regional clusters added at one per 10,000 organisations), a few pending applications; one
user per 20 organisations; events in every cluster with registrations. Rows go in by COPY on
PostgreSQL (psycopg's ``cursor.copy``) and by executemany inserts in chunks on SQLite, with
the search keys the app writes (``services/search_index``: the database's full-text index
follows) computed by ``--jobs`` processes; one change-log row covers the bulk rows. Then
the shared matching index is built and stored, as ``flask --app matchmaker build-index``
does, so the web workers map it instead of building one. On PostgreSQL the queue's schema is
applied and the Alembic head stamped, so ``flask --app matchmaker worker`` runs on it.

    .venv/bin/python benchmarks/seed_scale.py --n 10000 --url sqlite:////tmp/scale10k.sqlite
    .venv/bin/python benchmarks/seed_scale.py --n 100000 --url postgresql+psycopg://...

``seed(database_url, n)`` is importable (benchmarks/web_load.py, the search benchmark); it
returns a ``Seeded`` with the logins, an API token and ids the benchmarks ask for.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import stamp  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.demo.data import short_name  # noqa: E402
from matchmaker.demo.loader import load  # noqa: E402
from matchmaker.extensions import db  # noqa: E402
from matchmaker.jobs import schema as job_schema  # noqa: E402
from matchmaker.models import (  # noqa: E402
    Cluster,
    ContactPerson,
    Event,
    Membership,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
    Registration,
    User,
    utcnow,
)
from matchmaker.models.accounts import new_session_token  # noqa: E402
from matchmaker.services import accounts, demo, matching, search_index  # noqa: E402
from matchmaker.services import business_id as bid  # noqa: E402

CHUNK = 5000
BENCH_PASSWORD = "scale-bench-password"
BENCH_EMAIL = "bench.member@scale.example"
ORGS_PER_USER = 20
ORGS_PER_REGION = 10_000
EVENTS_PER_CLUSTER = 8  # half upcoming, half past
SIZES = [("micro", 5), ("small", 4), ("medium", 2), ("large", 1)]
EMPLOYEES = {"micro": (2, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 1800)}
PROFILE_COLUMNS = [c.key for c in Organisation.__table__.columns if c.key != "id"]
JOBS = 2  # processes computing search keys (the machine's cores)

# Swedish-writing companies (about one in eight of the generated ones): the same themes as
# the Finnish and English banks, so the cross-language bridge has work to do.
SWEDISH = {
    "intro": [
        "{name} är ett familjeföretag i {town} som grundades {year}.",
        "{short} levererar komponenter och tjänster till industrin sedan {year}.",
        "{name} har {emp} anställda och exporterar till Norden och Baltikum.",
    ],
    "body": [
        "Vi arbetar med kunder inom varvsindustri, energi och skogsindustri.",
        "Vår verkstad i {town} har moderna CNC-maskiner och svetsrobotar.",
        "Vi tar hand om hela kedjan från konstruktion till underhåll.",
        "Hållbarhet och cirkulär ekonomi styr våra investeringar.",
    ],
    "caps": [
        "Svetsning och montering av stålkonstruktioner",
        "CNC-bearbetning av stora detaljer",
        "Underhåll av fartygsmaskiner och propellrar",
        "Biobränsle och flis från sågverkens sidoströmmar",
        "Konstruktion och hållfasthetsberäkning",
        "Ytbehandling och målning",
        "Logistik och lagerhållning i hamnen",
        "Provning och certifiering enligt klassningssällskapens regler",
    ],
    "needs": [
        "Partner för export till Tyskland och Norge",
        "Underleverantör för gjutgods",
        "Finansiering för en pilotanläggning",
        "Forskningspartner för nya biomaterial",
        "Kunniga svetsare och montörer",
    ],
    "off": ["Träflis och bark", "Metallspån och stålskrot", "Spillvärme från processen"],
    "want": ["Återvunnen plast som råvara", "Aska för jordförbättring", "Sågspån till pellets"],
    "kw": [
        "svetsning",
        "propeller",
        "varv",
        "biobränsle",
        "sidoström",
        "underhåll",
        "export",
        "cirkulär ekonomi",
        "CNC",
        "stål",
    ],
}


@dataclass
class Seeded:
    """What a benchmark needs to find its way around the seeded data."""

    url: str
    organisations: int
    cluster_slug: str  # the largest cluster: its directory lists the most members
    org_id: int  # an organisation with a full profile (its page, its suggestions)
    login_email: str  # a member of org_id's organisation (admin: sees its suggestions)
    login_password: str
    api_token: str
    search_word: str  # a word many profiles hold
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step of the seeding


def _app(url: str, index_dir: str | None):
    config = {
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "JOBS_KICK": False,  # the seeded database starts with an empty queue
    }
    if index_dir:
        config["MATCHING_INDEX_DIR"] = index_dir
    return create_app(config)


def _business_ids(rng: random.Random, taken: set[str]):
    body = 4_000_000
    while True:
        body += rng.randint(1, 3)
        check = bid.check_digit(f"{body:07d}")
        value = f"{body:07d}-{check}"
        if check is not None and value not in taken:
            yield value


def _sectors() -> list[tuple[str, dict]]:
    out = []
    for cluster in load("clusters")["cluster"]:
        for sector in load(f"sectors/{cluster['slug']}")["sector"]:
            out.append((cluster["slug"], sector))
    return out


def _bank(sector: dict, lang: str) -> dict:
    if lang == "sv":
        return SWEDISH
    return {**sector["fi"], **sector.get(lang, {})}


def _pick(rng: random.Random, pool: list[str], lo: int, hi: int) -> list[str]:
    hi = min(hi, len(pool))
    return rng.sample(pool, rng.randint(min(lo, hi), hi)) if hi else []


def _profile(rng, sector: dict, slug: str, lang: str, towns: list[str], surnames) -> dict:
    bank = _bank(sector, lang)
    size = rng.choices([s for s, _ in SIZES], [w for _, w in SIZES])[0]
    employees = rng.randint(*EMPLOYEES[size])
    names = sector["names"].get(lang) or sector["names"]["fi"]
    name = f"{rng.choice(surnames)} {short_name(rng.choice(names))} Oy"
    town = rng.choice(towns)
    year = rng.randint(*sector["founded"])
    fmt = {
        "name": name,
        "short": short_name(name),
        "town": town,
        "town_in": town,
        "year": year,
        "emp": employees,
    }
    sentences = [rng.choice(bank["intro"]), *_pick(rng, bank["body"], 1, 2)]
    industries = sector["industries"]
    return {
        "name": name,
        "org_type": "company",
        "size_class": size,
        "employees": employees,
        "municipality": town,
        "website": "",
        "founded_year": year,
        "description": " ".join(" ".join(s.split()).format(**fmt) for s in sentences),
        "capabilities": "\n".join(_pick(rng, bank["caps"], 3, 6)),
        "needs": "\n".join(_pick(rng, bank["needs"], 1, 4)),
        "side_streams_offered": "\n".join(_pick(rng, bank.get("off", []), 0, 2)),
        "side_streams_wanted": "\n".join(_pick(rng, bank.get("want", []), 0, 2)),
        "keywords": ", ".join(_pick(rng, bank["kw"], 4, 7)),
        "certifications": ", ".join(_pick(rng, sector.get("certs", []), 0, 2)),
        "industries": [industries[0], *_pick(rng, industries[1:], 0, 2)],
        "slug": slug,
        "also": sector.get("also", {}),
    }


def _default(column: sa.Column):
    """The value the ORM would give ``column`` when a row leaves it out (COPY applies only
    the server's defaults)."""
    default = column.default
    if default is not None and default.is_scalar:
        return lambda: default.arg
    if default is not None and default.is_callable:
        return lambda: default.arg(None)
    if column.nullable:
        return lambda: None
    raise ValueError(f"{column} needs a value")


class Loader:
    """Rows into tables in the session's transaction: COPY on PostgreSQL (psycopg's
    ``cursor.copy``), executemany inserts of CHUNK rows elsewhere. A column a row leaves out
    gets the model's default; an autoincrement id left out is numbered by the database."""

    def __init__(self) -> None:
        self.copy = db.engine.dialect.name == "postgresql"
        self.rows: collections.Counter[str] = collections.Counter()

    def write(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        table = model.__table__
        serial = table.autoincrement_column
        columns = [c for c in table.columns if c is not serial or c.key in rows[0]]
        fill = {c.key: _default(c) for c in columns if any(c.key not in r for r in rows)}
        values = [tuple(r[c.key] if c.key in r else fill[c.key]() for c in columns) for r in rows]
        if self.copy:
            names = ", ".join(f'"{c.name}"' for c in columns)
            raw = db.session.connection().connection.driver_connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
            ):
                for row in values:
                    copy.write_row(row)
        else:
            keys = [c.key for c in columns]
            dicts = [dict(zip(keys, row, strict=True)) for row in values]
            for start in range(0, len(dicts), CHUNK):
                db.session.execute(sa.insert(table), dicts[start : start + CHUNK])
        self.rows[table.name] += len(rows)


def _next_id(model) -> int:
    return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


def _keys(batch: list[tuple[dict, list[str]]]) -> list[str]:
    """The search keys of profiles (fields, industry codes), as the app's flush hook writes
    them (run in a pool process)."""
    return [search_index.organisation_keys(fields, codes) for fields, codes in batch]


@dataclass
class _Chunk:
    """One chunk of generated rows, waiting for its organisations' search keys."""

    orgs: list[dict]
    tables: list[tuple[type, list[dict]]]
    keys: object  # the pool's AsyncResult, or the keys themselves


def _generate(
    n: int, rng: random.Random, regions: list[int], by_slug: dict[str, int], jobs: int = JOBS
) -> collections.Counter[str]:
    """Insert ``n`` organisations with their contacts, industries, markets, memberships and
    every 20th one a user; returns the rows written per table. The search keys of a chunk
    are computed by ``jobs`` processes while the next chunk is generated and written."""
    search_index.search_keys()  # built once here: the forked processes inherit it
    pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 else None
    loader = Loader()
    pending: collections.deque[_Chunk] = collections.deque()
    try:
        for chunk in _chunks(n, rng, regions, by_slug):
            batch = [({f: o[f] for f in search_index.ORG_FIELDS}, codes) for o, codes in chunk]
            orgs = [o for o, _ in chunk]
            keys = pool.apply_async(_keys, (batch,)) if pool else _keys(batch)
            pending.append(_Chunk(orgs, chunk.tables, keys))
            while pending and (len(pending) > jobs or not pool):
                _write(pending.popleft(), loader)
        while pending:
            _write(pending.popleft(), loader)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return loader.rows


def _write(chunk: _Chunk, loader: Loader) -> None:
    keys = chunk.keys if isinstance(chunk.keys, list) else chunk.keys.get()
    for row, text in zip(chunk.orgs, keys, strict=True):
        row["search_text"] = text
    loader.write(Organisation, chunk.orgs)
    for model, rows in chunk.tables:
        loader.write(model, rows)
    db.session.commit()


class _Generated(list):
    """(organisation row, industry codes) pairs, and the rows of the other tables."""

    tables: list[tuple[type, list[dict]]]


def _chunks(n: int, rng: random.Random, regions: list[int], by_slug: dict[str, int]):
    """The generated rows, CHUNK organisations at a time."""
    sectors = _sectors()
    weights = [s["count"] for _, s in sectors]
    places = load("clusters")
    towns = {c["slug"]: [t for t, _ in c["towns"]] for c in places["cluster"]}
    markets = {c["slug"]: c["export_markets"] for c in places["cluster"]}
    targets = places["target_markets"]
    people = load("people")
    surnames, first_names = people["surnames"], people["first_names"]
    taken = set(db.session.scalars(sa.select(Organisation.business_id)))
    ids = _business_ids(rng, taken)
    password_hash = accounts.hash_password(BENCH_PASSWORD)
    now = utcnow()
    org_id, user_id = _next_id(Organisation), _next_id(User)
    made = 0
    while made < n:
        chunk = _Generated()
        inds, mkts, contacts, members, users = [], [], [], [], []
        for _ in range(min(CHUNK, n - made)):
            slug, sector = rng.choices(sectors, weights)[0]
            lang = rng.choices(("fi", "en", "sv"), (55, 32, 13))[0]
            p = _profile(rng, sector, slug, lang, towns[slug], surnames)
            row = {key: p[key] for key in PROFILE_COLUMNS if key in p}
            row.update(
                id=org_id, business_id=next(ids), verified=True, created_at=now, updated_at=now
            )
            chunk.append((row, p["industries"]))
            inds += [{"organisation_id": org_id, "code": c} for c in p["industries"]]
            exports = _pick(rng, markets[slug], 0, 4)
            mkts += [{"organisation_id": org_id, "kind": "export", "country": c} for c in exports]
            mkts += [
                {"organisation_id": org_id, "kind": "target", "country": c}
                for c in _pick(rng, [t for t in targets if t not in exports], 1, 2)
            ]
            for pos in range(rng.randint(1, 2)):
                first, last = rng.choice(first_names), rng.choice(surnames)
                contacts.append(
                    {
                        "organisation_id": org_id,
                        "name": f"{first} {last}",
                        "title": "",
                        "email": f"c{pos}.{org_id}@scale.example",
                        "phone": "",
                        "visibility": "members" if pos else "public",
                        "position": pos,
                    }
                )
            clusters = {by_slug[slug]}
            clusters |= {by_slug[c] for c, prob in p["also"].items() if rng.random() < prob}
            if regions and rng.random() < 0.3:
                clusters.add(rng.choice(regions))
            for cluster_id in clusters:
                members.append(
                    {
                        "cluster_id": cluster_id,
                        "organisation_id": org_id,
                        "status": "approved",
                        "message": "",
                        "invited": False,
                        "applied_at": now,
                        "decided_at": now,
                    }
                )
            others = [c for c in [*by_slug.values(), *regions] if c not in clusters]
            if others and rng.random() < 0.02:
                other = rng.choice(others)
                members.append(
                    {
                        "cluster_id": other,
                        "organisation_id": org_id,
                        "status": "pending",
                        "message": "",
                        "invited": False,
                        "applied_at": now,
                        "decided_at": None,
                    }
                )
            if org_id % ORGS_PER_USER == 0:
                users.append(
                    {
                        "id": user_id,
                        "email": f"user{user_id}@scale.example",
                        "name": f"{rng.choice(first_names)} {rng.choice(surnames)}",
                        "password_hash": password_hash,
                        "session_token": new_session_token(),
                        "locale": lang,
                        "confirmed_at": now,
                        "is_site_admin": False,
                        "is_active_account": True,
                        "organisation_id": org_id,
                        "org_role": "admin",
                        "org_status": "active",
                        "created_at": now,
                    }
                )
                user_id += 1
            org_id += 1
            made += 1
        chunk.tables = [
            (OrganisationIndustry, inds),
            (OrganisationMarket, mkts),
            (ContactPerson, contacts),
            (Membership, members),
            (User, users),
        ]
        yield chunk


def _advance_sequences() -> None:
    """PostgreSQL: the rows inserted with their ids leave the id sequences behind."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("organisation", "user"):
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
        )
    db.session.commit()


def _regions(n: int) -> list[int]:
    """One regional cluster per 10,000 organisations (a national network of clusters)."""
    clusters = [
        Cluster(slug=f"alue-{i:02d}", name=f"Alueklusteri {i}", region=f"Alue {i}")
        for i in range(1, n // ORGS_PER_REGION + 1)
    ]
    db.session.add_all(clusters)
    db.session.flush()
    return [c.id for c in clusters]


def _events(rng: random.Random) -> int:
    """Events in every cluster, half upcoming and half past, with member registrations."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    loader = Loader()
    made = 0
    for cluster_id in db.session.scalars(sa.select(Cluster.id)).all():
        members = db.session.execute(
            sa.select(
                ContactPerson.organisation_id,
                ContactPerson.name,
                ContactPerson.email,
                Organisation.name,
            )
            .join(Membership, Membership.organisation_id == ContactPerson.organisation_id)
            .join(Organisation, Organisation.id == ContactPerson.organisation_id)
            .where(Membership.cluster_id == cluster_id, Membership.status == "approved")
            .where(ContactPerson.position == 0)
            .limit(2000)
        ).all()
        for i in range(EVENTS_PER_CLUSTER):
            past = i % 2 == 1
            starts = now + timedelta(days=(-1 if past else 1) * (7 + 9 * i))
            capacity = rng.choice((40, 80, 150, None))
            event = Event(
                cluster_id=cluster_id,
                kind=rng.choice(("seminar", "networking")),
                title=f"Tilaisuus {i + 1}: {rng.choice(('Vienti', 'Kiertotalous', 'Meri'))}",
                description="Ajankohtaista klusterin jäsenille.",
                venue="Lahti",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                registration_deadline=starts - timedelta(days=1),
                capacity=capacity,
                language="fi",
                status="published",
            )
            db.session.add(event)
            db.session.flush()
            people = rng.sample(members, min(len(members), rng.randint(10, 220)))
            rows = []
            for n, (org_id, name, email, org_name) in enumerate(people):
                waiting = capacity is not None and n >= capacity
                rows.append(
                    {
                        "event_id": event.id,
                        "organisation_id": org_id,
                        "organisation_name": org_name,
                        "name": name,
                        "email": email,
                        "status": "waitlisted" if waiting else "confirmed",
                        "created_at": now,
                        "confirmed_at": None if waiting else now,
                        "attended_at": now if past and not waiting else None,
                    }
                )
            loader.write(Registration, rows)
            made += 1
    db.session.commit()
    return made


def _bench_login(rng: random.Random, cluster_id: int) -> tuple[int, str, str]:
    """A member organisation of the largest cluster, its admin user and an API token."""
    org_id = db.session.scalar(
        sa.select(Organisation.id)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.cluster_id == cluster_id, Membership.status == "approved")
        .where(Organisation.needs != "", Organisation.capabilities != "")
        .order_by(Organisation.id.desc())
        .limit(1)
    )
    user = User(
        email=BENCH_EMAIL,
        name="Bench Member",
        password_hash=accounts.hash_password(BENCH_PASSWORD),
        confirmed_at=utcnow(),
        organisation_id=org_id,
        org_role="admin",
        org_status="active",
        locale="fi",
    )
    db.session.add(user)
    db.session.flush()
    token = accounts.create_api_token(user, "bench")
    db.session.commit()
    return org_id, BENCH_EMAIL, token


class _Clock:
    """Seconds per step, for the figures."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._mark = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self._mark, 1)
        self._mark = now


def _schema() -> None:
    """Empty tables, and on PostgreSQL a fresh queue schema; the Alembic head stamped (the
    schema is the head migration's), so a worker and ``flask db upgrade`` find it ready."""
    db.drop_all()
    db.create_all()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            if job_schema.installed(conn):
                job_schema.drop(conn)
            job_schema.apply(conn)
    stamp()


def seed(
    database_url: str,
    n: int,
    index_dir: str | None = None,
    rng_seed: int = 14,
    jobs: int = JOBS,
) -> Seeded:
    """Create the schema in ``database_url`` (dropping what is there) and fill it with ``n``
    organisations (the demo's among them), then build and store the matching index."""
    started = time.perf_counter()
    clock = _Clock()
    rng = random.Random(rng_seed)
    app = _app(database_url, index_dir)
    with app.app_context():
        _schema()
        clock.lap("schema")
        demo.seed()
        db.session.commit()
        clock.lap("demo")
        by_slug = dict(db.session.execute(sa.select(Cluster.slug, Cluster.id)).all())
        regions = _regions(n)
        have = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        _generate(max(0, n - have), rng, regions, by_slug, jobs)
        _advance_sequences()
        clock.lap("organisations")
        _events(rng)
        largest_id, largest_slug = db.session.execute(
            sa.select(Cluster.id, Cluster.slug)
            .join(Membership, Membership.cluster_id == Cluster.id)
            .where(Membership.status == "approved")
            .group_by(Cluster.id, Cluster.slug)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).one()
        org_id, email, token = _bench_login(rng, largest_id)
        # One change-log row covers the bulk rows (written without the ORM's hooks): the
        # build below reads it as its version, so no worker has anything to fold in.
        matching.bump_version()
        db.session.commit()
        clock.lap("events")
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        clock.lap("analyze")
        matching.build_and_store()
        clock.lap("index")
        total = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        db.session.remove()
        db.engine.dispose()
    return Seeded(
        url=database_url,
        organisations=total,
        cluster_slug=largest_slug,
        org_id=org_id,
        login_email=email,
        login_password=BENCH_PASSWORD,
        api_token=token,
        search_word="potkuri",
        seconds=time.perf_counter() - started,
        phases=clock.phases,
    )


def describe(seeded: Seeded) -> str:
    steps = ", ".join(f"{name} {s:.0f} s" for name, s in seeded.phases.items())
    return f"{seeded.organisations} organisations in {seeded.seconds:.0f} s ({steps})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="organisations in all")
    parser.add_argument("--url", required=True, help="database URL (its tables are dropped)")
    parser.add_argument("--index-dir", help="MATCHING_INDEX_DIR (default: instance folder)")
    parser.add_argument("--jobs", type=int, default=JOBS, help="processes for search keys")
    args = parser.parse_args()
    seeded = seed(args.url, args.n, args.index_dir, jobs=args.jobs)
    print(
        f"{describe(seeded)}; largest cluster {seeded.cluster_slug}; "
        f"organisation {seeded.org_id}; login {seeded.login_email}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
