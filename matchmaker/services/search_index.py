"""Full-text search in the database's own engine: PostgreSQL ``tsvector`` + GIN, SQLite FTS5.

``organisation.search_text`` and ``opportunity.search_text`` hold the search keys of the
matching pipeline (``matching.search``). A session hook rewrites them whenever a profile or
post changes, whatever the write path (profile form, import, API, demo seed); the database
keeps its index in step: on PostgreSQL a ``search_vector`` with a GIN index (for organisations
in a narrow side table, see ``models.search_schema``), on SQLite an external-content FTS5
table kept up to date by triggers.
``flask --app matchmaker reindex-search`` rewrites every row (after a glossary or analyser
change). Coordinators' synonyms apply to the query, so adding one needs no reindexing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import has_request_context, request

from matchmaker.extensions import db
from matchmaker.matching.bridge import TermBridge
from matchmaker.matching.search import Alternatives, SearchKeys
from matchmaker.models import ClusterSynonym, Membership, Opportunity, Organisation
from matchmaker.models.search_schema import CLUSTER_TOKEN, TIERS
from matchmaker.services.matching import industry_concepts
from matchmaker.services.reference import industry_label

log = logging.getLogger(__name__)

ORG_FIELDS = (
    "name",
    "description",
    "keywords",
    "capabilities",
    "needs",
    "side_streams_offered",
    "side_streams_wanted",
)
OPP_FIELDS = ("title", "offered_sought", "description", "keywords")
BATCH = 1000
_MEMO = "matchmaker.search_queries"  # per request, in the WSGI environ


@cache
def search_keys() -> SearchKeys:
    """Keys with the shipped glossary and the industry names (shipped data, one per process)."""
    return SearchKeys(TermBridge.default(extra=industry_concepts()))


def _labels(codes: Iterable[str]) -> str:
    return " ".join(f"{industry_label(c, 'fi')} {industry_label(c, 'en')}" for c in codes)


def organisation_keys(fields: dict[str, str | None], industry_codes: Iterable[str] = ()) -> str:
    """The search keys of a profile: its texts (``ORG_FIELDS``) and industry names."""
    texts = [fields.get(f) or "" for f in ORG_FIELDS]
    return search_keys().document([*texts, _labels(industry_codes)])


def opportunity_keys(fields: dict[str, str | None], industry_codes: Iterable[str] = ()) -> str:
    texts = [fields.get(f) or "" for f in OPP_FIELDS]
    return search_keys().document([*texts, _labels(industry_codes)])


def refresh(obj: Organisation | Opportunity) -> None:
    """Rewrite the search keys of one organisation or opportunity from its fields."""
    if isinstance(obj, Organisation):
        codes = [i.code for i in obj.industries]
        obj.search_text = organisation_keys({f: getattr(obj, f) for f in ORG_FIELDS}, codes)
    else:
        codes = [i.code for i in obj.industries]
        obj.search_text = opportunity_keys({f: getattr(obj, f) for f in OPP_FIELDS}, codes)


def _changed(obj, fields: Sequence[str]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[f].history.has_changes() for f in (*fields, "industries"))


def _before_flush(session: so.Session, _flush_context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Organisation):
            fields: Sequence[str] = ORG_FIELDS
        elif isinstance(obj, Opportunity):
            fields = OPP_FIELDS
        else:
            continue
        if obj in session.new or _changed(obj, fields):
            refresh(obj)


def init_app(_app) -> None:
    """Keep the search keys in step with every flush (registered once per process)."""
    if not sa.event.contains(so.Session, "before_flush", _before_flush):
        sa.event.listen(so.Session, "before_flush", _before_flush)


# ---------------------------------------------------------------------- queries
def synonyms_for(cluster_ids: Sequence[int] = ()) -> list[list[str]]:
    """Coordinators' synonyms of the given clusters (every cluster's when none are given)."""
    stmt = sa.select(ClusterSynonym.terms).order_by(ClusterSynonym.id)
    if cluster_ids:
        stmt = stmt.where(ClusterSynonym.cluster_id.in_(cluster_ids))
    return [list(terms) for terms in db.session.scalars(stmt)]


def analyse_query(q: str, cluster_ids: Sequence[int] = ()) -> list[Alternatives]:
    """The query's words as alternatives, with the synonyms of ``cluster_ids`` (memoised for
    the request: a results page asks again for every snippet)."""
    memo = request.environ.setdefault(_MEMO, {}) if has_request_context() else {}
    key = (q, tuple(cluster_ids))
    if key not in memo:
        memo[key] = search_keys().query(q, synonyms_for(cluster_ids))
    return memo[key]


def _fts5(alternatives: Sequence[Alternatives], joiner: str) -> str:
    def slot(tokens) -> str:
        return "(" + " OR ".join(f'"{t}"' + ("*" if p else "") for t, p in tokens) + ")"

    def alt(a: Alternatives) -> str:
        return "(" + " OR ".join("(" + " AND ".join(map(slot, c)) + ")" for c in a.clauses) + ")"

    return f" {joiner} ".join(map(alt, alternatives))


def _tsquery(alternatives: Sequence[Alternatives], joiner: str) -> str:
    def slot(tokens) -> str:
        return "(" + " | ".join(t + (":*" if p else "") for t, p in tokens) + ")"

    def alt(a: Alternatives) -> str:
        return "(" + " | ".join("(" + " & ".join(map(slot, c)) + ")" for c in a.clauses) + ")"

    return f" {'&' if joiner == 'AND' else '|'} ".join(map(alt, alternatives))


def matching(
    stmt: sa.Select,
    model: type,
    alternatives: Sequence[Alternatives],
    every_word: bool = True,
    cluster_ids: Sequence[int] = (),
    ranked: bool = True,
    walk_order: bool = False,
    tier: int = 0,
) -> tuple[sa.Select, sa.ColumnElement | None]:
    """``stmt`` limited to the rows of ``model`` the query matches (every word, or any word
    when ``every_word`` is false), and a relevance expression, larger for a better match
    (None when not ``ranked``: SQLite then reads only the matching ids from FTS5).
    ``cluster_ids`` (organisations, PostgreSQL): the caller keeps only members of these
    clusters; the index is asked for them too, so that it finds no others. ``walk_order``
    (not ranked, SQLite): many match, so test each row met along the ORDER BY's index
    rather than sort every match (unary ``+``: SQLite's way to keep a term off an index).
    ``tier`` (organisations, PostgreSQL): only the profiles of that tier (``in_tier``)."""
    joiner = "AND" if every_word else "OR"
    table = model.__tablename__
    if db.engine.dialect.name == "postgresql":
        text = _tsquery(alternatives, joiner)
        if model is Organisation:  # the side table (models.search_schema)
            side = sa.table("organisation_search", sa.column("organisation_id"))
            stmt = stmt.join(side, side.c.organisation_id == Organisation.id)
            vector = sa.literal_column("organisation_search.search_vector")
        else:
            vector = sa.literal_column(f"{table}.search_vector")
        query, ranked_query = _pg_queries(text, cluster_ids if model is Organisation else ())
        # normalisation 1: divided by 1 + log(length), so a long profile is not favoured
        rank = sa.func.ts_rank_cd(vector, ranked_query, 1) if ranked else None
        if tier and model is Organisation:
            # The tier's few rows are tested against the words as they are read to be
            # ranked, not through the words' long postings (the index serves no coalesce).
            empty = sa.literal_column("''::tsvector")
            words = sa.func.coalesce(vector, empty).op("@@")(ranked_query)
            return stmt.where(in_tier(alternatives, tier, cluster_ids), words), rank
        return stmt.where(vector.op("@@")(query)), rank
    fts = sa.table(f"{table}_fts", sa.column("rowid"))
    if not ranked:
        found = sa.select(fts.c.rowid).where(
            sa.literal_column(fts.name).op("MATCH")(_fts5(alternatives, joiner))
        )
        ident = sa.literal_column(f"+{table}.id") if walk_order else model.id
        return stmt.where(ident.in_(found)), None
    hits = (
        sa.select(
            fts.c.rowid.label("id"),
            (-sa.func.bm25(sa.literal_column(fts.name))).label("rank"),
        )
        .where(sa.literal_column(fts.name).op("MATCH")(_fts5(alternatives, joiner)))
        .subquery(f"{table}_hits")
    )
    return stmt.join(hits, hits.c.id == model.id), hits.c.rank


def _pg_queries(text: str, cluster_ids: Sequence[int]) -> tuple[sa.ColumnElement, ...]:
    """The tsquery that finds (the words, and one of the clusters' tokens) and the one that
    ranks (the words only)."""
    members = " | ".join(f"{CLUSTER_TOKEN}{int(c)}" for c in cluster_ids)
    wanted = f"({text}) & ({members})" if members else text
    return _to_tsquery(wanted), _to_tsquery(text)


def organisation_ids(alternatives: Sequence[Alternatives], cluster_ids: Sequence[int]):
    """The ids of the approved members of ``cluster_ids`` whose profile matches every word,
    from the index alone: PostgreSQL's side table (its membership tokens), SQLite's FTS5
    rowids and the membership key; no organisation row is read."""
    if db.engine.dialect.name == "postgresql":
        side = sa.table("organisation_search", sa.column("organisation_id"))
        vector = sa.literal_column("organisation_search.search_vector")
        query, _ = _pg_queries(_tsquery(alternatives, "AND"), cluster_ids)
        return sa.select(side.c.organisation_id).where(vector.op("@@")(query))
    fts = sa.table("organisation_fts", sa.column("rowid"))
    stmt = sa.select(fts.c.rowid).where(
        sa.literal_column(fts.name).op("MATCH")(_fts5(alternatives, "AND"))
    )
    if cluster_ids:
        stmt = stmt.where(
            sa.exists().where(
                Membership.organisation_id == fts.c.rowid,
                Membership.cluster_id.in_(cluster_ids),
                Membership.status == "approved",
            )
        )
    return stmt


def has_tiers() -> bool:
    """Whether the engine keeps tier tokens of organisations (PostgreSQL's side table)."""
    return db.engine.dialect.name == "postgresql"


def in_tier(
    alternatives: Sequence[Alternatives], level: int, cluster_ids: Sequence[int]
) -> sa.ColumnElement:
    """The organisations of ``cluster_ids`` (PostgreSQL) in whose profile one of the query's
    keys occurs at least ``TIERS[level - 1]`` times (their tier tokens,
    ``models.search_schema``): the best-ranked matches of a common word are among them, and
    the tier index finds them without reading the other matches."""
    if not 1 <= level <= len(TIERS):
        raise ValueError(f"no tier {level}")
    tokens = (f"{level}{t}" + (":*" if p else "") for a in alternatives for t, p in a.tokens())
    wanted = " | ".join(dict.fromkeys(tokens))
    members = " | ".join(f"{CLUSTER_TOKEN}{int(c)}" for c in cluster_ids)
    if members:
        wanted = f"({wanted}) & ({members})"
    return sa.literal_column("organisation_search.tier_vector").op("@@")(_to_tsquery(wanted))


def estimated_rows(stmt: sa.Select) -> int:
    """PostgreSQL's estimate of the rows ``stmt`` finds, from the index's statistics (its
    most common keys): no row is read, where counting a common word's matches reads them all."""
    compiled = stmt.compile(dialect=db.engine.dialect)
    plan = (
        db.session.connection()
        .exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
        .scalar()
    )
    return int(plan[0]["Plan"]["Plan Rows"])


@contextmanager
def from_the_index():
    """PostgreSQL: read the statements inside from the GIN index (a bitmap scan). Its planner
    counts a ``@@`` test on a row as nearly free and so, for a LIMIT, walks the table or its
    key testing thousands of vectors (100,000 profiles: 250-450 ms) where the index gives
    the same rows in a few milliseconds."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    db.session.execute(sa.text("SET LOCAL enable_indexscan = off"))
    try:
        yield
    finally:
        db.session.execute(sa.text("RESET enable_seqscan"))
        db.session.execute(sa.text("RESET enable_indexscan"))


def _to_tsquery(text: str) -> sa.ColumnElement:
    return sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), text)


# ---------------------------------------------------------------------- reindexing
def reindex(session: so.Session | None = None) -> dict[str, int]:
    """Rewrite the search keys of every organisation and opportunity (batched core updates)."""
    s = session or db.session
    counts = {}
    for model, fields, keys_of, link in (
        (Organisation, ORG_FIELDS, organisation_keys, "organisation_industry"),
        (Opportunity, OPP_FIELDS, opportunity_keys, "opportunity_industry"),
    ):
        codes = _industry_codes(s, link)
        columns = [model.id, *(getattr(model, f) for f in fields)]
        rows = s.execute(sa.select(*columns).order_by(model.id)).all()
        updates = [{"b_id": r.id, "keys": keys_of(r._asdict(), codes.get(r.id, ()))} for r in rows]
        stmt = (
            sa.update(model.__table__)
            .where(model.__table__.c.id == sa.bindparam("b_id"))
            .values(search_text=sa.bindparam("keys"))
        )
        for start in range(0, len(updates), BATCH):
            s.execute(stmt, updates[start : start + BATCH])
        counts[model.__tablename__] = len(updates)
    log.info("search keys rewritten: %s", counts)
    return counts


def _industry_codes(s, link: str) -> dict[int, list[str]]:
    owner = "organisation_id" if link == "organisation_industry" else "opportunity_id"
    table = sa.table(link, sa.column(owner), sa.column("code"))
    out: dict[int, list[str]] = {}
    for owner_id, code in s.execute(sa.select(table.c[owner], table.c.code)):
        out.setdefault(owner_id, []).append(code)
    return out
