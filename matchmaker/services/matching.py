"""The one bridge between the database and the matching library.

Builds plain `Profile`s from organisations, keeps one index per process in
``app.extensions``, and rebuilds it when the ``index_version`` row says the data changed.
A stale index keeps answering while a background thread builds the new one, so a rebuild
never stalls requests; only the very first build of a process is waited for.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session, selectinload

from matchmaker.extensions import db
from matchmaker.matching import (
    ClusterFit,
    Profile,
    ProfileIndex,
    Suggestion,
    cluster_fit,
    query,
    side_stream_matches,
    similar,
    suggest,
)
from matchmaker.models import Cluster, Dismissal, IndexVersion, Membership, Organisation, utcnow
from matchmaker.services.reference import industry_label

log = logging.getLogger(__name__)

_EXTENSION = "matchmaker_index"


@dataclass
class _Holder:
    index: ProfileIndex | None = None
    version: int | None = None
    built_at: float = 0.0
    build_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: bool = False


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
    ).rowcount
    if not updated:
        db.session.add(IndexVersion(id=1, version=1))


def stored_version(session: Session | None = None) -> int:
    stmt = sa.select(IndexVersion.version).where(IndexVersion.id == 1)
    return (session or db.session).scalar(stmt) or 0


# --------------------------------------------------------------------- profiles
def profile_for(org: Organisation) -> Profile:
    """The plain data matching needs; industries are added to `about` in both languages."""
    industries = " ".join(
        f"{industry_label(c, 'fi')} {industry_label(c, 'en')}" for c in org.industry_codes
    )
    return Profile(
        id=org.id,
        about="\n".join(filter(None, (org.description, org.keywords, industries))),
        offers=org.capabilities or "",
        needs=org.needs or "",
        side_offered=org.side_streams_offered or "",
        side_wanted=org.side_streams_wanted or "",
        markets=frozenset(m.country for m in org.markets),
        region=org.municipality or "",
        clusters=frozenset(m.cluster_id for m in org.memberships if m.status == "approved"),
        name=org.name,
    )


def load_profiles(session: Session | None = None) -> list[Profile]:
    orgs = (session or db.session).scalars(
        sa.select(Organisation).options(
            selectinload(Organisation.industries),
            selectinload(Organisation.markets),
            selectinload(Organisation.memberships),
        )
    )
    return [profile_for(o) for o in orgs]


def build_index(session: Session | None = None) -> ProfileIndex:
    return ProfileIndex.build(load_profiles(session))


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
    _rebuild_in_background(app, holder)
    return holder.index


def _rebuild(holder: _Holder, version: int, session: Session | None = None) -> None:
    started = time.perf_counter()
    index = build_index(session)
    holder.index, holder.version = index, version
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


def index_status() -> dict:
    holder = _holder(current_app._get_current_object())
    return {
        "version": holder.version,
        "profiles": len(holder.index) if holder.index is not None else 0,
        "build_seconds": round(holder.build_seconds, 3),
        "building": holder.building,
    }


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
        suggest(index, org.id, k=k, exclude=dismissed_ids(org), same_cluster_only=same_cluster_only)
    )


def side_stream_suggestions(org: Organisation, k: int = 10) -> list[Match]:
    index = current_index()
    if org.id not in index:
        return []
    return _join(side_stream_matches(index, org.id, k=k, exclude=dismissed_ids(org)))


def similar_organisations(org: Organisation, k: int = 5) -> list[tuple[Organisation, float]]:
    index = current_index()
    if org.id not in index:
        return []
    pairs = similar(index, org.id, k=k)
    orgs = _organisations([i for i, _ in pairs])
    return [(orgs[i], s) for i, s in pairs if i in orgs]


def text_scores(text: str, k: int = 50) -> list[tuple[Organisation, float]]:
    """Organisations whose whole profile best matches free text (event topics, stand themes)."""
    pairs = query(current_index(), text, k=k)
    orgs = _organisations([i for i, _ in pairs])
    return [(orgs[i], s) for i, s in pairs if i in orgs]


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


def approved_member_ids(cluster_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.cluster_id == cluster_id, Membership.status == "approved"
            )
        )
    )
