"""The one bridge between the database and the matching library.

Serves one index per process from ``app.extensions``, built from the plain `Profile`s and
the change log of ``services/matching_data.py``. The index is built once per version outside
the web workers
(``flask --app matchmaker build-index``, or ``build-index --watch`` beside the server) and
stored with ``matching.store`` in ``MATCHING_INDEX_DIR`` (default ``instance/matching-index``);
every worker memory-maps the current build, so N workers share one copy. A web worker never
builds: until the first build exists, ``index_state()`` is ``"preparing"`` and every query
answers from an empty index. Every change of matching input inserts a row into the
``profile_change`` log (its id is the version). On each matching request a worker asks the
log how many changes came after its build (one indexed query); when that moved, the
organisations changed since the build are folded into its index (their vectors in the
build's vocabulary, no refit: ``matching.fold_in``), so an edit made on any host is matched
on the next page load on every host; the watcher's next build merges them for everyone.

``MATCHING_SYNC_REBUILD`` (the tests, single-process scripts) builds in the process instead,
synchronously, whenever the version moved.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.matching import (
    DEFAULT_WEIGHTS,
    ClusterFit,
    ProfileIndex,
    Suggestion,
    Weights,
    cluster_fit,
    fold_in,
    query,
    side_stream_matches,
    similar,
    store,
    suggest,
    suggest_with_joint_bids,
)
from matchmaker.matching import stands as stand_grouping
from matchmaker.matching.bridge import Dictionary, TermBridge, load_freedict
from matchmaker.models import (
    Cluster,
    Dismissal,
    Organisation,
)
from matchmaker.services.matching_data import (  # noqa: F401 (re-exported: the log, profiles)
    bump_version,
    changed_organisations,
    changes_since,
    forget_changes,
    forget_request_memo,
    industry_concepts,
    iter_profiles,
    load_profiles,
    load_synonyms,
    request_memo,
    stored_version,
)
from matchmaker.services.matching_weights import stored_weights

log = logging.getLogger(__name__)

_EXTENSION = "matchmaker_index"
# More changed profiles than this are not folded in: the background rebuild is as quick.
FOLD_MAX_PROFILES = 500
BUILD_WORKERS = 2  # processes that analyse profiles in a build of many (see index_build)
# Side-stream matches below this cosine share only a generic word ("recycling") in the demo
# data; they are noise to a person reading the list.
MIN_SIDE_STREAM_SCORE = 0.15


# The index's states for pages and the API: no build exists yet, or one is served.
PREPARING, READY = "preparing", "ready"


@dataclass
class _Holder:
    index: ProfileIndex | None = None
    weights: Weights = DEFAULT_WEIGHTS  # read with each build (tune-matching --apply)
    version: int | None = None  # the stored version the served index reflects
    base: ProfileIndex | None = None  # the mapped build, before any changes were folded in
    seen: tuple[int, int] = (0, 0)  # changes_since(version) when they were last folded in
    built_at: float = 0.0
    build_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    dictionary: Dictionary | None = None
    build: str = ""  # the stored build this process maps ("" none)
    empty: ProfileIndex | None = None  # answers while the first build is being prepared


def _holder(app: Flask) -> _Holder:
    holder = app.extensions.get(_EXTENSION)
    if holder is None:
        holder = app.extensions.setdefault(_EXTENSION, _Holder())
    return holder


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
    """The index of every organisation, streamed from the database (``MATCHING_BUILD_WORKERS``
    processes analyse a big corpus)."""
    workers = current_app.config.get("MATCHING_BUILD_WORKERS", BUILD_WORKERS)
    bridge = term_bridge(session)
    return ProfileIndex.build(iter_profiles(session), bridge=bridge, workers=workers)


# --------------------------------------------------------------------- the cache
def index_dir(app: Flask | None = None) -> Path:
    """Where builds are stored: ``MATCHING_INDEX_DIR`` (shared by the hosts), else the
    instance folder."""
    app = app or current_app._get_current_object()
    configured = app.config.get("MATCHING_INDEX_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "matching-index"


def build_and_store(session: Session | None = None) -> tuple[Path, int, float]:
    """Build the index of the current data and store it as the current build.

    The version is read before the profiles, so a change made during the build is newer
    than the build and is folded in by the workers. Returns (build path, version, seconds).
    """
    app = current_app._get_current_object()
    started = time.perf_counter()
    previous = stored_build_version(app)
    version = stored_version(session)
    workers = app.config.get("MATCHING_BUILD_WORKERS", BUILD_WORKERS)
    # Built straight into the store (its big arrays written as they are made, not all held).
    index, path = store.build(
        iter_profiles(session), index_dir(app), version, term_bridge(session), workers
    )
    forget_request_memo()
    if previous:  # workers that still map the previous build need the rows after it
        forget_changes(min(previous, version), session)
        (session or db.session).commit()
    seconds = time.perf_counter() - started
    log.info("Matching index v%s stored: %d profiles in %.2f s", version, len(index), seconds)
    return path, version, seconds


def stored_build_version(app: Flask | None = None) -> int | None:
    """The version of the current stored build (None: no valid build)."""
    try:
        build = store.current_build(index_dir(app))
        return None if build is None else store.read_manifest(build, verify=False)["version"]
    except store.StoreError:
        return None


def current_index() -> ProfileIndex:
    """This process's index: the stored build (mapped), with later edits folded in.

    Looked up once per request (``request_memo``): a page that asks several times reads the
    change log and the stored build's name once."""
    memo = request_memo()
    if memo is not None and "index" in memo:
        return memo["index"]
    index = _current_index()
    if memo is not None:
        memo["index"] = index
    return index


def _current_index() -> ProfileIndex:
    app = current_app._get_current_object()
    holder = _holder(app)
    if app.config.get("MATCHING_SYNC_REBUILD"):
        version = stored_version()
        if holder.index is None or holder.version != version:
            with holder.lock:
                if holder.index is None or holder.version != version:
                    _rebuild(holder, version)
        return holder.index
    _load_stored(app, holder)
    if holder.index is None:
        if holder.empty is None:
            holder.empty = ProfileIndex()
        return holder.empty
    assert holder.version is not None
    seen = changes_since(holder.version)
    if holder.seen != seen:
        with holder.lock:
            if holder.seen != seen:
                _fold(holder, seen, app.config.get("MATCHING_FOLD_MAX", FOLD_MAX_PROFILES))
    return holder.index


def index_state() -> str:
    """``"ready"`` when suggestions can be served, ``"preparing"`` before the first build."""
    app = current_app._get_current_object()
    holder = _holder(app)
    if app.config.get("MATCHING_SYNC_REBUILD"):
        return READY
    memo = request_memo()
    if memo is None or "index" not in memo:  # else this request has looked for the build
        _load_stored(app, holder)
    return READY if holder.index is not None else PREPARING


def _load_stored(app: Flask, holder: _Holder) -> None:
    """Map the current stored build when it is not the one this process maps."""
    directory = index_dir(app)
    try:
        build = store.current_build(directory)
    except store.StoreError as exc:
        log.warning("Matching index not loaded: %s", exc)
        return
    if build is None or build.name == holder.build:
        return
    with holder.lock:
        if build.name == holder.build:
            return
        started = time.perf_counter()
        try:
            index, manifest = store.load(directory, bridge=term_bridge())
        except store.StoreError as exc:
            log.warning("Matching index not loaded: %s", exc)
            holder.build = build.name  # not retried until another build is stored
            return
        holder.index, holder.version, holder.build = index, manifest["version"], build.name
        holder.base, holder.seen = index, (0, manifest["version"])
        holder.weights = stored_weights(app)
        holder.built_at = manifest["created"]
        log.info(
            "Matching index v%s mapped: %d profiles in %.2f s",
            holder.version,
            len(index),
            time.perf_counter() - started,
        )


def index_age() -> float | None:
    """Seconds since this process's index was built, None before its first build."""
    built_at = _holder(current_app._get_current_object()).built_at
    return time.time() - built_at if built_at else None


def _fold(holder: _Holder, seen: tuple[int, int], limit: int) -> None:
    """Fold the organisations changed since the mapped build into it (at most ``limit``).

    Always from the build itself, so a change folded twice or committed late is harmless.
    """
    assert holder.base is not None and holder.version is not None
    started = time.perf_counter()
    ids = changed_organisations(holder.version)
    holder.seen = seen
    if len(ids) > limit:
        log.info("Matching index: %d changed organisations wait for the next build", len(ids))
        return
    profiles = load_profiles(ids=ids) if ids else []
    removed = ids - {p.id for p in profiles}
    holder.index = fold_in(holder.base, profiles, removed) if ids else holder.base
    log.info(
        "Matching index v%s: %d changed and %d removed profiles folded in in %.3f s",
        seen[1],
        len(profiles),
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


class Debouncer:
    """Decides when a watcher builds: once the stored version differs from the build's
    and has not moved for ``quiet`` seconds (a burst of edits, an import: one build)."""

    def __init__(self, quiet: float) -> None:
        self.quiet = quiet
        self._seen: int | None = None
        self._since = 0.0

    def due(self, stored: int, built: int | None, now: float) -> bool:
        if stored != self._seen:
            self._seen, self._since = stored, now
        if built is not None and stored == built:
            return False
        return built is None or now - self._since >= self.quiet


def watch(
    quiet: float = 5.0,
    poll: float = 1.0,
    stop: Callable[[], bool] = lambda: False,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Build whenever the stored version advanced and then stayed quiet (see Debouncer),
    until ``stop()``; returns the number of builds. A failed build is retried after
    ``quiet`` seconds; the last good build keeps being served."""
    app = current_app._get_current_object()
    debouncer, builds, failed_at = Debouncer(quiet), 0, None
    while not stop():
        try:
            stored = stored_version()
            db.session.rollback()  # no snapshot held between polls
            built = stored_build_version(app)
            now = clock()
            retry_ok = failed_at is None or now - failed_at >= quiet
            if retry_ok and debouncer.due(stored, built, now):
                build_and_store()
                builds += 1
                failed_at = None
        except Exception:  # the watcher outlives a failed build or a lost connection
            log.exception("Matching index build failed")
            db.session.rollback()
            failed_at = clock()
        finally:
            db.session.remove()
        sleep(poll)
    return builds


# --------------------------------------------------------------------- queries
def dismissed_ids(org: Organisation) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Dismissal.dismissed_id).where(Dismissal.organisation_id == org.id)
        )
    )


@dataclass
class Match:
    """A suggestion joined with its organisation, ready for a page or the API (the partner
    page's: a ``CARD_COLUMNS`` row of it)."""

    organisation: Organisation | sa.Row
    score: float
    cross_cluster: bool
    reasons: list


# What the partner page reads of a suggested organisation: its card, and the texts whose lines
# presenters.reasons quotes (its ``_FIELDS``). A row of these, not the entity with every
# column (the search text, the timestamps...) made into an ORM object.
CARD_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.org_type,
    Organisation.municipality,
    Organisation.description,
    Organisation.capabilities,
    Organisation.needs,
    Organisation.side_streams_offered,
    Organisation.side_streams_wanted,
)


def _cards(ids: list[int]) -> dict[int, sa.Row]:
    if not ids:
        return {}
    rows = db.session.execute(sa.select(*CARD_COLUMNS).where(Organisation.id.in_(ids)))
    return {r.id: r for r in rows}


def _join(items: list[Suggestion], orgs: dict | None = None) -> list[Match]:
    """The suggestions with their organisations (``orgs``: already loaded)."""
    if orgs is None:
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
    return _join(_suggest(index, org, k, dismissed_ids(org), same_cluster_only))


def _suggest(index, org: Organisation, k: int, exclude, same_cluster_only: bool):
    """The library's partner suggestions for `org` with the tuned weights."""
    return suggest(
        index,
        org.id,
        k=k,
        exclude=exclude,
        same_cluster_only=same_cluster_only,
        weights=current_weights(),
    )


def partners_and_joint_bids(
    org: Organisation, k: int = 15, k_joint: int = 5, same_cluster_only: bool = False
) -> tuple[list[Match], list[Match]]:
    """The partner page's two lists: ``partner_suggestions``, and organisations that offer
    what `org` offers: competitors, shown apart as possible partners for joint bids (never
    among the partner suggestions). The dismissals and both lists' organisations are read
    once (as ``CARD_COLUMNS`` rows), and both lists are scored in one pass."""
    index = current_index()
    if org.id not in index:
        return [], []
    partners, joint = suggest_with_joint_bids(
        index,
        org.id,
        k=k,
        k_joint=k_joint,
        exclude=dismissed_ids(org),
        same_cluster_only=same_cluster_only,
        weights=current_weights(),
    )
    orgs = _cards([s.id for s in partners + joint])
    return _join(partners, orgs), _join(joint, orgs)


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
