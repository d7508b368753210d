"""The one bridge between the database and the matching library.

Builds plain `Profile`s from organisations, keeps one index per process in
``app.extensions``, and rebuilds it when the ``index_version`` row says the data changed.
When it did, the changed profiles are folded into the current index at once (their
vectors in its vocabulary, no refit: ``matching.fold_in``), so a new or edited profile is
matched on the next page load, and a background thread builds the refitted index; only
the very first build of a process is waited for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from matchmaker.data import tol2008
from matchmaker.extensions import db
from matchmaker.matching import (
    DEFAULT_WEIGHTS,
    ClusterFit,
    Profile,
    ProfileIndex,
    Suggestion,
    Weights,
    cluster_fit,
    fold_in,
    joint_bid_partners,
    query,
    side_stream_matches,
    similar,
    suggest,
)
from matchmaker.matching import stands as stand_grouping
from matchmaker.matching.bridge import Concept, Dictionary, Synonym, TermBridge, load_freedict
from matchmaker.models import (
    Cluster,
    ClusterSynonym,
    Dismissal,
    IndexVersion,
    Membership,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
    utcnow,
)
from matchmaker.services.matching_weights import stored_weights
from matchmaker.services.reference import industry_label

log = logging.getLogger(__name__)

_EXTENSION = "matchmaker_index"
# More changed profiles than this are not folded in: the background rebuild is as quick.
FOLD_MAX_PROFILES = 500
# Side-stream matches below this cosine share only a generic word ("recycling") in the demo
# data; they are noise to a person reading the list.
MIN_SIDE_STREAM_SCORE = 0.15


@dataclass
class _Holder:
    index: ProfileIndex | None = None
    weights: Weights = DEFAULT_WEIGHTS  # read with each build (tune-matching --apply)
    version: int | None = None
    built_at: float = 0.0
    build_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: bool = False
    dictionary: Dictionary | None = None


def _holder(app: Flask) -> _Holder:
    holder = app.extensions.get(_EXTENSION)
    if holder is None:
        holder = app.extensions.setdefault(_EXTENSION, _Holder())
    return holder


# --------------------------------------------------------------------- version
def bump_version() -> None:
    """Mark matching input as changed, inside the caller's transaction."""
    updated = db.session.execute(
        sa.update(IndexVersion)
        .where(IndexVersion.id == 1)
        .values(version=IndexVersion.version + 1, changed_at=utcnow())
        # Nothing in the session mirrors this row: skip scanning the identity map, which
        # made bulk imports quadratic.
        .execution_options(synchronize_session=False)
    ).rowcount
    if not updated:
        db.session.add(IndexVersion(id=1, version=1))


def stored_version(session: Session | None = None) -> int:
    stmt = sa.select(IndexVersion.version).where(IndexVersion.id == 1)
    return (session or db.session).scalar(stmt) or 0


# --------------------------------------------------------------------- profiles
def _profile(row, industries: list[str], markets: set[str], clusters: set[int]) -> Profile:
    """The plain data matching needs; industries are added to `about` in both languages."""
    labels = " ".join(f"{industry_label(c, 'fi')} {industry_label(c, 'en')}" for c in industries)
    return Profile(
        id=row.id,
        about="\n".join(filter(None, (row.description, row.keywords, labels))),
        offers=row.capabilities or "",
        needs=row.needs or "",
        side_offered=row.side_streams_offered or "",
        side_wanted=row.side_streams_wanted or "",
        markets=frozenset(markets),
        region=row.municipality or "",
        clusters=frozenset(clusters),
        name=row.name,
        industries=frozenset(industries),
    )


def load_profiles(session: Session | None = None) -> list[Profile]:
    """Every organisation as a Profile, read with four plain queries (no ORM objects:
    at 10 000 organisations this is several times faster, and rebuilds stay short)."""
    s = session or db.session
    industries: dict[int, list[str]] = defaultdict(list)
    for org_id, code in s.execute(
        sa.select(OrganisationIndustry.organisation_id, OrganisationIndustry.code)
    ):
        industries[org_id].append(code)
    markets: dict[int, set[str]] = defaultdict(set)
    for org_id, country in s.execute(
        sa.select(OrganisationMarket.organisation_id, OrganisationMarket.country)
    ):
        markets[org_id].add(country)
    clusters: dict[int, set[int]] = defaultdict(set)
    for org_id, cluster_id in s.execute(
        sa.select(Membership.organisation_id, Membership.cluster_id).where(
            Membership.status == "approved"
        )
    ):
        clusters[org_id].add(cluster_id)
    columns = [
        Organisation.id,
        Organisation.name,
        Organisation.description,
        Organisation.keywords,
        Organisation.capabilities,
        Organisation.needs,
        Organisation.side_streams_offered,
        Organisation.side_streams_wanted,
        Organisation.municipality,
    ]
    return [
        _profile(row, sorted(industries[row.id]), markets[row.id], clusters[row.id])
        for row in s.execute(sa.select(*columns))
    ]


@cache
def industry_concepts() -> tuple[Concept, ...]:
    """The TOL 2008 industry names as concepts: the Finnish and English name of one industry
    mean the same ("Vesiliikenne" = "Water transport")."""
    names = [(code, fi, en) for code, (fi, en) in tol2008.SECTIONS.items()]
    names += [(code, fi, en) for code, (_, fi, en) in tol2008.DIVISIONS.items()]
    return tuple(
        Concept(f"tol.{code}", {"fi": (fi,), "en": (en,)}, "tol2008") for code, fi, en in names
    )


def load_synonyms(session: Session | None = None) -> list[Synonym]:
    """Every cluster's coordinator synonyms as the library's plain data."""
    rows = (session or db.session).execute(
        sa.select(ClusterSynonym.cluster_id, ClusterSynonym.terms).order_by(ClusterSynonym.id)
    )
    return [Synonym(tuple(terms), cluster_id) for cluster_id, terms in rows]


def _dictionary(app: Flask) -> Dictionary | None:
    """The FreeDict fi-en pairs when ``MATCHING_FREEDICT`` is on and they are installed
    (read once per process). Off by default: benchmarks/cross_language.py measured no gain
    over the glossary."""
    if not app.config.get("MATCHING_FREEDICT"):
        return None
    holder = _holder(app)
    if holder.dictionary is None:
        holder.dictionary = load_freedict() or Dictionary()
    return holder.dictionary


def term_bridge(session: Session | None = None) -> TermBridge:
    """The shipped glossary, the industry names and the clusters' synonyms."""
    return TermBridge.default(
        extra=industry_concepts(),
        synonyms=load_synonyms(session),
        dictionary=_dictionary(current_app._get_current_object()),
    )


def build_index(session: Session | None = None) -> ProfileIndex:
    return ProfileIndex.build(load_profiles(session), bridge=term_bridge(session))


# --------------------------------------------------------------------- the cache
def current_index() -> ProfileIndex:
    """This process's index, rebuilt when the stored version moved on."""
    app = current_app._get_current_object()
    holder = _holder(app)
    version = stored_version()
    if holder.index is not None and holder.version == version:
        return holder.index
    if holder.index is None or app.config.get("MATCHING_SYNC_REBUILD"):
        with holder.lock:
            if holder.index is None or holder.version != version:
                _rebuild(holder, version)
        return holder.index
    with holder.lock:
        if holder.version != version:
            _fold(holder, version, app.config.get("MATCHING_FOLD_MAX", FOLD_MAX_PROFILES))
        index = holder.index  # this request is answered from the index it found
    _rebuild_in_background(app, holder)
    return index


def _fold(holder: _Holder, version: int, limit: int) -> None:
    """Fold the profiles that differ from the index's into it (at most ``limit``)."""
    assert holder.index is not None
    started = time.perf_counter()
    current = {p.id: p for p in holder.index.profiles}
    profiles = load_profiles()
    changed = [p for p in profiles if current.get(p.id) != p]
    removed = set(current) - {p.id for p in profiles}
    if len(changed) + len(removed) > limit:
        return  # the stale index answers until the background rebuild is done
    holder.index = fold_in(holder.index, changed, removed)
    holder.version = version
    log.info(
        "Matching index v%s: %d changed and %d removed profiles folded in in %.3f s",
        version,
        len(changed),
        len(removed),
        time.perf_counter() - started,
    )


def current_weights() -> Weights:
    """The partner score's weights that came with this process's index."""
    return _holder(current_app._get_current_object()).weights


def _rebuild(holder: _Holder, version: int, session: Session | None = None) -> None:
    started = time.perf_counter()
    index = build_index(session)
    weights = stored_weights(current_app._get_current_object())
    holder.index, holder.weights, holder.version = index, weights, version
    holder.build_seconds = time.perf_counter() - started
    holder.built_at = time.time()
    log.info(
        "Matching index v%s built: %d profiles in %.2f s", version, len(index), holder.build_seconds
    )


def _rebuild_in_background(app: Flask, holder: _Holder) -> None:
    with holder.lock:
        if holder.building:
            return
        holder.building = True

    def work():
        try:
            # A session of its own, closed here: the request's session is not thread-safe.
            with app.app_context(), Session(db.engine) as session:
                _rebuild(holder, stored_version(session), session)
        except Exception:  # a failed rebuild keeps the old index; the next request retries
            log.exception("Matching index rebuild failed")
        finally:
            holder.building = False

    threading.Thread(target=work, name="matching-index-rebuild", daemon=True).start()


# --------------------------------------------------------------------- queries
def dismissed_ids(org: Organisation) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Dismissal.dismissed_id).where(Dismissal.organisation_id == org.id)
        )
    )


@dataclass
class Match:
    """A suggestion joined with its organisation, ready for a page or the API."""

    organisation: Organisation
    score: float
    cross_cluster: bool
    reasons: list


def _join(items: list[Suggestion]) -> list[Match]:
    orgs = _organisations([s.id for s in items])
    return [
        Match(orgs[s.id], s.score, s.cross_cluster, list(s.reasons)) for s in items if s.id in orgs
    ]


def _organisations(ids: list[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))
    return {o.id: o for o in rows}


def partner_suggestions(
    org: Organisation, k: int = 10, same_cluster_only: bool = False
) -> list[Match]:
    index = current_index()
    if org.id not in index:
        return []
    return _join(
        suggest(
            index,
            org.id,
            k=k,
            exclude=dismissed_ids(org),
            same_cluster_only=same_cluster_only,
            weights=current_weights(),
        )
    )


def joint_bid_suggestions(
    org: Organisation, k: int = 5, same_cluster_only: bool = False
) -> list[Match]:
    """Organisations that offer what `org` offers: competitors, shown apart as possible
    partners for joint bids (never among the partner suggestions)."""
    index = current_index()
    if org.id not in index:
        return []
    found = joint_bid_partners(
        index, org.id, k=k, exclude=dismissed_ids(org), same_cluster_only=same_cluster_only
    )
    return _join(found)


def side_stream_suggestions(org: Organisation, k: int = 10) -> list[Match]:
    index = current_index()
    if org.id not in index:
        return []
    found = side_stream_matches(index, org.id, k=k, exclude=dismissed_ids(org))
    return _join([s for s in found if s.score >= MIN_SIDE_STREAM_SCORE])


def similar_organisations(org: Organisation, k: int = 5) -> list[tuple[Organisation, float]]:
    index = current_index()
    if org.id not in index:
        return []
    pairs = similar(index, org.id, k=k)
    orgs = _organisations([i for i, _ in pairs])
    return [(orgs[i], s) for i, s in pairs if i in orgs]


def search_scores(text: str) -> dict[int, float]:
    """Organisation id -> relevance of its whole profile to a search text (only those that
    match at all), across languages through the term bridge."""
    index = current_index()
    return dict(query(index, text, k=len(index)))


def matched_words(text: str, snippet: str, org_id: int) -> set[str]:
    """The words of ``snippet`` (from organisation ``org_id``) that a search matched."""
    return current_index().matched_words(text, snippet, org_id)


@dataclass
class Fit:
    cluster: Cluster
    score: float
    members: list[tuple[Organisation, float]]


def cluster_fit_for_text(text: str, k_members: int = 5) -> list[Fit]:
    """Clusters ranked by how well a newcomer described by `text` fits their members."""
    fits: list[ClusterFit] = cluster_fit(current_index(), text, k_members=k_members)
    clusters = {c.id: c for c in db.session.scalars(sa.select(Cluster))}
    orgs = _organisations([m for f in fits for m, _ in f.top_members])
    return [
        Fit(clusters[f.cluster_id], f.score, [(orgs[m], s) for m, s in f.top_members if m in orgs])
        for f in fits
        if f.cluster_id in clusters
    ]


def profile_fit(org: Organisation, texts: dict[int, str]) -> dict[int, tuple[float, float]]:
    """How well each free text (an event's title, description and sessions) fits an
    organisation, in the same index (no second TF-IDF): (cosine with its whole profile,
    share of all organisations that fit the text better). A long profile and a short text
    have small cosines, so the share is what tells a fitting event apart."""
    index = current_index()
    if org.id not in index:
        return {}
    pos = index.pos(org.id)
    out = {}
    for key, text in texts.items():
        sims = index.similarities(index.vectorise(text), "whole")
        mine = float(sims[pos])
        out[key] = (round(mine, 6), float((sims > mine).mean()) if len(sims) else 1.0)
    return out


# --------------------------------------------------------------------- fair stands
def group_stands(
    stands: list[tuple[int, int, str]],
    interests: list[tuple[int, int | None]],
    *,
    stand_areas: dict[int, float] | None = None,
    wanted_areas: dict[int, float] | None = None,
) -> stand_grouping.Grouping:
    """Propose stand members: stands as (id, places, theme), interests as (org id, preferred);
    ``stand_areas`` (stand id -> m²) and ``wanted_areas`` (org id -> m²) add the floor area
    to the places (a stand or organisation missing from them has no area limit or need)."""
    stand_areas, wanted_areas = stand_areas or {}, wanted_areas or {}
    return stand_grouping.group_stands(
        current_index(),
        [
            stand_grouping.Interest(org_id, preferred, wanted_areas.get(org_id, 0.0))
            for org_id, preferred in interests
        ],
        [
            stand_grouping.StandSpec(sid, places, theme, stand_areas.get(sid))
            for sid, places, theme in stands
        ],
    )


def stand_invitees(
    theme: str, member_ids: list[int], candidate_ids: list[int], k: int
) -> list[tuple[int, float]]:
    return stand_grouping.suggest_invitees(current_index(), theme, member_ids, candidate_ids, k)


def best_stands(
    org_id: int, stands: list[tuple[int, int, str]], assignments: dict[int, list[int]]
) -> list[stand_grouping.StandFit]:
    index = current_index()
    if org_id not in index:
        return []
    specs = [stand_grouping.StandSpec(sid, places, theme) for sid, places, theme in stands]
    return stand_grouping.best_stand_for(index, org_id, specs, assignments)
