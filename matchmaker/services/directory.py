"""Directory search over a cluster's members, ranked by relevance.

Search runs in the database's full-text engine (services.search_index: PostgreSQL tsvector
with GIN, SQLite FTS5) over the matching pipeline's keys: every query word must match one
of its keys (word key, compound part, a concept of the term bridge, so "potkuri" finds
"propellers", or a coordinator's synonym). Results sort by the engine's relevance unless
another order is asked for; a business ID typed in the box (with or without its hyphen)
finds that organisation.

Every search sorted by relevance is ranked. One that PostgreSQL expects to find more than
``SEARCH_RANK_LIMIT`` organisations is ranked among the profiles where its words are frequent
(tier tokens, ``models.search_schema``) and counted "about N" from the index's statistics:
ranking every match reads every match's vector (100,000 profiles, a common word: 500 ms).
Sorted otherwise, such a search says "more than N" and walks its order. A page selects its
ids first, then loads those twenty organisations, so no sort carries wide profile rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup, escape

from matchmaker.extensions import db
from matchmaker.matching.text import normalise, words
from matchmaker.models import Membership, Organisation, OrganisationIndustry, OrganisationMarket
from matchmaker.models.search_schema import TIERS
from matchmaker.services import business_id, directory_pages, search_index
from matchmaker.services import matching as matching_service
from matchmaker.services.reference import industry_codes_within

SORTS = ("relevance", "name", "-updated", "municipality", "-employees")
SNIPPET_CHARS = 260
_BUSINESS_ID = re.compile(r"^\s*(?:(\d{7})-?|(\d{6})-)(\d)\s*$")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class DirectoryQuery:
    """What a visitor asked of the directory; every part is optional."""

    q: str = ""
    org_type: str = ""
    industry: str = ""
    municipality: str = ""
    size_class: str = ""
    export_market: str = ""
    sort: str = "relevance"
    cluster_ids: list[int] = field(default_factory=list)


def business_id_in(text: str) -> str | None:
    """The business ID a search text is, in canonical form ("12345678" -> "1234567-8")."""
    m = _BUSINESS_ID.match(text or "")
    if not m:
        return None
    return business_id.normalise(f"{m.group(1) or m.group(2)}-{m.group(3)}")


def build_select(
    query: DirectoryQuery, ranked: bool = True, walk_order: bool = False, tier: int = 0
) -> sa.Select:
    """The organisations ``query`` finds, in its order; a search sorted by relevance is
    sorted by name when ``ranked`` is false; ``tier``: only those of that tier of the
    search (PostgreSQL, ``search_index.in_tier``)."""
    stmt = sa.select(Organisation)
    if query.cluster_ids and not _cluster_in_index(query):
        stmt = stmt.where(
            sa.exists().where(
                Membership.organisation_id == Organisation.id,
                Membership.cluster_id.in_(query.cluster_ids),
                Membership.status == "approved",
            )
        )
    rank = None
    wanted_id = business_id_in(query.q)
    if wanted_id:
        stmt = stmt.where(Organisation.business_id == wanted_id)
    elif words(query.q):
        alternatives = search_index.analyse_query(query.q, query.cluster_ids)
        if alternatives:
            stmt, rank = search_index.matching(
                stmt,
                Organisation,
                alternatives,
                cluster_ids=query.cluster_ids,
                ranked=ranked and query.sort == "relevance",
                walk_order=walk_order,
                tier=tier,
            )
    if query.org_type:
        stmt = stmt.where(Organisation.org_type == query.org_type)
    if query.size_class:
        stmt = stmt.where(Organisation.size_class == query.size_class)
    if query.municipality:
        stmt = stmt.where(Organisation.municipality == query.municipality)
    if query.industry:
        stmt = stmt.where(
            sa.exists().where(
                OrganisationIndustry.organisation_id == Organisation.id,
                OrganisationIndustry.code.in_(industry_codes_within(query.industry)),
            )
        )
    if query.export_market:
        stmt = stmt.where(
            sa.exists().where(
                OrganisationMarket.organisation_id == Organisation.id,
                OrganisationMarket.kind == "export",
                OrganisationMarket.country == query.export_market.upper(),
            )
        )
    order = {
        "name": [Organisation.name],
        "-updated": [Organisation.updated_at.desc()],
        "municipality": [Organisation.municipality, Organisation.name],
        "-employees": [sa.func.coalesce(Organisation.employees, -1).desc(), Organisation.name],
    }.get(query.sort, [Organisation.name])
    if query.sort == "relevance" and rank is not None:
        order = [rank.desc(), Organisation.name]
    return stmt.order_by(*order, Organisation.id)


def _candidates(query: DirectoryQuery, ids_stmt: sa.Select) -> sa.Select:
    """The ids a search finds, in no order: without a filter, from the index alone."""
    alternatives = search_index.analyse_query(query.q, query.cluster_ids)
    if alternatives and not _filtered(query):
        return search_index.organisation_ids(alternatives, query.cluster_ids)
    return ids_stmt.order_by(None)


def _filtered(query: DirectoryQuery) -> bool:
    return bool(
        query.org_type
        or query.industry
        or query.municipality
        or query.size_class
        or query.export_market
    )


def _cluster_in_index(query: DirectoryQuery) -> bool:
    """Whether the full-text index itself keeps a search to the clusters' approved members
    (PostgreSQL: a token per membership in the vector, ``models.search_schema``)."""
    return (
        db.engine.dialect.name == "postgresql"
        and bool(words(query.q))
        and not business_id_in(query.q)
        and bool(search_index.analyse_query(query.q, query.cluster_ids))
    )


def result_snippet(org: Organisation, q: str, limit: int = SNIPPET_CHARS) -> Markup:
    """What to show of a search result: the first sentence of its profile that the search
    matched, with the matched words marked (everything escaped), else its description."""
    alternatives = search_index.analyse_query(q) if words(q) and not business_id_in(q) else []
    if alternatives:
        keys = search_index.search_keys()
        texts = (org.description, org.capabilities, org.needs, org.keywords)
        for sentence in _SENTENCES.split("\n".join(filter(None, texts))):
            sentence = _cut(sentence.strip(), limit)
            marked = keys.matched_words(alternatives, sentence) if sentence else set()
            if marked:
                return highlight(sentence, marked)
    return escape(_cut(org.description or "", limit))


def highlight(text: str, marked: set[str]) -> Markup:
    """``text`` escaped, with each word whose normalised form is in ``marked`` in <mark>."""
    out, pos = [], 0
    for m in _WORD.finditer(text):
        if normalise(m.group()) in marked:
            out.append(escape(text[pos : m.start()]))
            out.append(Markup("<mark>%s</mark>") % m.group())
            pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"


# Distinct (cluster ids, matching version) keys remembered per process.
_MEMO_SIZE = 256
_MEMO = "matchmaker_directory_memo"


def _per_version(kind: str, cluster_ids: list[int], compute):
    """``compute()`` once per process and matching version: every change of a profile or a
    membership moves the version (the matching index needs that too), so a remembered
    answer is never older than the data it summarises."""
    key = (kind, tuple(sorted(cluster_ids)), matching_service.stored_version())
    memo = current_app.extensions.setdefault(_MEMO, {})
    if key not in memo:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = compute()
    return memo[key]


def member_total(cluster_ids: list[int]) -> int:
    """Organisations with an approved membership of any of the clusters."""

    def compute() -> int:
        counted = (
            sa.func.count()
            if len(cluster_ids) == 1  # one membership per organisation and cluster
            else sa.func.count(sa.distinct(Membership.organisation_id))
        )
        return db.session.scalar(
            sa.select(counted).where(
                Membership.cluster_id.in_(cluster_ids), Membership.status == "approved"
            )
        )

    return _per_version("members", cluster_ids, compute)


def _narrowed(query: DirectoryQuery) -> bool:
    return bool(query.q.strip()) or _filtered(query)


def count(query: DirectoryQuery) -> int:
    """How many organisations ``build_select(query)`` finds. A cluster's directory without
    a search or filter lists its approved members: counted once per matching version, not
    by a COUNT over the join on every page (150 ms at 70,000 members)."""
    if query.cluster_ids and not _narrowed(query):
        return member_total(query.cluster_ids)
    found = build_select(query).order_by(None).with_only_columns(Organisation.id)
    return db.session.scalar(sa.select(sa.func.count()).select_from(found.subquery()))


def rank_limit() -> int:
    return current_app.config["SEARCH_RANK_LIMIT"]


def paginate(query: DirectoryQuery, page: int, per_page: int, options=(), exact: bool = False):
    """One page of the directory. A search sorted by relevance is always ranked
    (``_ranked_ids``); a search sorted otherwise (unless ``exact``, the API) first reads the
    ids of at most ``SEARCH_RANK_LIMIT`` + 1 matches, in no order: if there are more, the
    page says ``more`` (``total`` is the limit) and walks its order's index. The page's ids
    are selected first, then those organisations loaded."""
    searching = bool(words(query.q)) and not business_id_in(query.q)
    alternatives = search_index.analyse_query(query.q, query.cluster_ids) if searching else []
    more = about = False
    ids_stmt = build_select(query).with_only_columns(Organisation.id)
    if alternatives and query.sort == "relevance":
        ids, total, about = _ranked_ids(query, ids_stmt, page, per_page, exact)
    else:
        if searching and not exact:
            limit = rank_limit()
            with search_index.from_the_index():
                found = list(db.session.scalars(_candidates(query, ids_stmt).limit(limit + 1)))
            more = len(found) > limit
            if more:
                total = limit
                # So many match that walking the order's index finds a page in a few rows.
                walk = query.sort == "name"
                ids_stmt = build_select(query, walk_order=walk).with_only_columns(Organisation.id)
            else:
                total = len(found)
                ids_stmt = ids_stmt.where(Organisation.id.in_(found))
        else:
            total = count(query)
        at = page
        if not query.q.strip() and query.sort in ("relevance", "name"):  # seek deep pages
            ids_stmt, at = directory_pages.seek(ids_stmt, page, per_page, _anchors_memo(query))
        ids = list(db.session.scalars(ids_stmt.offset((at - 1) * per_page).limit(per_page)))
    loaded = db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(ids)).options(*options)
    )
    by_id = {org.id: org for org in loaded}
    result = Listed(page, per_page, [by_id[i] for i in ids], total)
    result.more, result.about = more, about
    return result


class Listed(Pagination):
    """A page of organisations already selected, with the total the search worked out."""

    def __init__(self, page: int, per_page: int, items: list, total: int) -> None:
        super().__init__(page, per_page, None, False, False, items=items)
        self.total = total

    def _query_items(self) -> list:
        return list(self._query_args["items"])

    def _query_count(self) -> int:
        return self.total or 0


def _ranked_ids(
    query: DirectoryQuery, ids_stmt: sa.Select, page: int, per_page: int, exact: bool
) -> tuple[list[int], int, bool]:
    """The ids of one page of a search by relevance, the total and whether it is estimated.

    Ranking reads the vector of every match it ranks (PostgreSQL, 100,000 profiles: a common
    word matches 18,000 of them, 500 ms). So when PostgreSQL estimates more than
    ``SEARCH_RANK_LIMIT`` matches, the page is ranked among the profiles in which a query
    word is frequent (its tier tokens), from the highest tier down to the first that holds
    the page and ``SEARCH_RANK_CANDIDATES`` profiles, and the total is the estimate ("about").
    Otherwise, and always on SQLite (FTS5's bm25) and for the API (``exact``), every match
    is ranked and counted, in one statement."""
    offset = (page - 1) * per_page

    def counted(stmt: sa.Select) -> sa.Select:
        stmt = stmt.with_only_columns(Organisation.id, sa.func.count().over())
        return stmt.offset(offset).limit(per_page)

    if not exact and search_index.has_tiers():
        estimate = search_index.estimated_rows(_candidates(query, ids_stmt))
        if estimate > rank_limit():
            wanted = max(offset + per_page, current_app.config["SEARCH_RANK_CANDIDATES"])
            for level in range(len(TIERS), 0, -1):  # the high tiers' postings are short
                rows = db.session.execute(counted(build_select(query, tier=level))).all()
                # the lowest tier is enough when it holds the page: the profiles outside
                # it name each of the query's keys once
                if rows and rows[0][1] >= (wanted if level > 1 else offset + per_page):
                    return [r[0] for r in rows], max(estimate, rows[0][1]), True
    rows = db.session.execute(counted(ids_stmt)).all()
    if rows:
        return [r[0] for r in rows], rows[0][1], False
    return [], count(query) if offset else 0, False


def _anchors_memo(query: DirectoryQuery):
    """Remembers the name-order anchors of ``query``'s listing once per matching version."""
    kind = ("anchors", query.org_type, query.industry, query.municipality, query.size_class)
    kind += (query.export_market,)
    return lambda compute: _per_version(kind, query.cluster_ids, compute)


def municipalities(cluster_ids: list[int]) -> list[str]:
    """The municipalities of the clusters' members, in order; read once per matching
    version (a DISTINCT over the join reads every member: 200 ms at 70,000)."""

    def compute() -> tuple[str, ...]:
        stmt = (
            sa.select(Organisation.municipality)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.cluster_id.in_(cluster_ids), Membership.status == "approved")
            .where(Organisation.municipality != "")
            .distinct()
            .order_by(Organisation.municipality)
        )
        return tuple(db.session.scalars(stmt))

    return list(_per_version("municipalities", cluster_ids, compute))
