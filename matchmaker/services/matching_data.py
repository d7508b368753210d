"""Matching input from the database: the change log that versions it, organisations read as
the library's plain ``Profile``s (streamed for a big build), the industry names and the
clusters' synonyms for the term bridge. ``services/matching.py`` serves the index built from
these and re-exports the names here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from functools import cache

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Session

from matchmaker.data import tol2008
from matchmaker.extensions import db
from matchmaker.matching import Profile
from matchmaker.matching.bridge import Concept, Synonym
from matchmaker.models import (
    ClusterSynonym,
    Membership,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
    ProfileChange,
    utcnow,
)
from matchmaker.services.reference import industry_label

# --------------------------------------------------------------------- per request
_REQUEST_MEMO = "matchmaker.matching"  # WSGI environ key: one request's memo


def request_memo() -> dict | None:
    """What one request has already asked about the index (None outside a request).

    Kept in the request's WSGI environ, not in ``flask.g``: ``g`` lives as long as the
    application context, which outlasts requests where one is pushed around them (tests,
    scripts). A page asks for the index several times; the log and the stored build are
    read once, and the next request reads them again, so an edit is matched on it.
    """
    return request.environ.setdefault(_REQUEST_MEMO, {}) if has_request_context() else None


def forget_request_memo() -> None:
    """The request changed matching input or the build: read them again when asked."""
    if has_request_context():
        request.environ.pop(_REQUEST_MEMO, None)


# --------------------------------------------------------------------- version
def bump_version(*orgs: Organisation | int) -> None:
    """Mark matching input as changed, inside the caller's transaction: one row of the
    change log per organisation (none given: something else changed, for the next build).

    An insert, never an update of a shared row, so concurrent edits do not queue.
    """
    forget_request_memo()
    ids: list[int | None] = []
    for org in orgs:
        if isinstance(org, Organisation) and org.id is None:
            db.session.flush()  # a new organisation: its id is what the workers fold in
        ids.append(org.id if isinstance(org, Organisation) else org)
    now = utcnow()
    rows = [{"organisation_id": i, "changed_at": now} for i in dict.fromkeys(ids or [None])]
    # Core insert: nothing in the session mirrors these rows (no identity-map scan).
    db.session.execute(sa.insert(ProfileChange), rows)


def stored_version(session: Session | None = None) -> int:
    """The version of matching input: the id of the latest change."""
    return (session or db.session).scalar(sa.select(sa.func.max(ProfileChange.id))) or 0


def changes_since(version: int, session: Session | None = None) -> tuple[int, int]:
    """(how many changes, latest id) after ``version``: one look at the log's newest rows.

    The count also moves when a change with a lower id commits after a higher one.
    """
    row = (
        (session or db.session)
        .execute(
            sa.select(sa.func.count(ProfileChange.id), sa.func.max(ProfileChange.id)).where(
                ProfileChange.id > version
            )
        )
        .one()
    )
    return int(row[0]), int(row[1] or version)


def changed_organisations(version: int, session: Session | None = None) -> set[int]:
    """Ids of the organisations changed after ``version`` (removed ones included)."""
    stmt = sa.select(ProfileChange.organisation_id).where(
        ProfileChange.id > version, ProfileChange.organisation_id.is_not(None)
    )
    return set((session or db.session).scalars(stmt.distinct()))


def forget_changes(before: int, session: Session | None = None) -> None:
    """Drop change rows older than ``before`` (a build's version: no worker needs them)."""
    (session or db.session).execute(sa.delete(ProfileChange).where(ProfileChange.id < before))


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


def load_profiles(
    session: Session | None = None, ids: Collection[int] | None = None
) -> list[Profile]:
    """Every organisation (or those of ``ids``) as a Profile, read with four plain queries
    (no ORM objects: at 10 000 organisations this is several times faster)."""
    return list(iter_profiles(session, ids))


def iter_profiles(
    session: Session | None = None, ids: Collection[int] | None = None
) -> Iterator[Profile]:
    """``load_profiles`` one at a time in id order, the organisations read in batches
    (a build of a million keeps no list of them)."""
    s = session or db.session

    def only(stmt, column):
        return stmt if ids is None else stmt.where(column.in_(list(ids)))

    industries: dict[int, list[str]] = defaultdict(list)
    for org_id, code in s.execute(
        only(
            sa.select(OrganisationIndustry.organisation_id, OrganisationIndustry.code),
            OrganisationIndustry.organisation_id,
        )
    ):
        industries[org_id].append(code)
    markets: dict[int, set[str]] = defaultdict(set)
    for org_id, country in s.execute(
        only(
            sa.select(OrganisationMarket.organisation_id, OrganisationMarket.country),
            OrganisationMarket.organisation_id,
        )
    ):
        markets[org_id].add(country)
    clusters: dict[int, set[int]] = defaultdict(set)
    for org_id, cluster_id in s.execute(
        only(
            sa.select(Membership.organisation_id, Membership.cluster_id).where(
                Membership.status == "approved"
            ),
            Membership.organisation_id,
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
    stmt = only(sa.select(*columns).order_by(Organisation.id), Organisation.id)
    for row in s.execute(stmt.execution_options(yield_per=2000)):
        yield _profile(
            row,
            sorted(industries.pop(row.id, ())),
            markets.pop(row.id, set()),
            clusters.pop(row.id, set()),
        )


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
