"""Cluster synonyms: coordinators say which words mean the same in their cluster.

"ruoppaus = dredging" lets a Finnish search or need meet an English offer that the shipped
glossary does not know. Matching reads every cluster's synonyms into its term bridge on the
next index build (adding or deleting one bumps the index version).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.matching.text import normalise, words
from matchmaker.models import Cluster, ClusterSynonym, User
from matchmaker.services import audit
from matchmaker.services.errors import DomainError, PermissionDenied
from matchmaker.services.matching import bump_version

_SEPARATORS = re.compile(r"[=,;\n]+")


def parse_terms(text: str) -> list[str]:
    """The terms of "ruoppaus = dredging, muddring": split on = , ; or new lines, spaces
    collapsed, duplicates (ignoring case) dropped, first spelling kept."""
    out: dict[str, str] = {}
    for raw in _SEPARATORS.split(text or ""):
        term = " ".join(raw.split())
        if term:
            out.setdefault(normalise(term), term)
    return list(out.values())


def validate_terms(text: str) -> list[str]:
    """The terms of ``text``, or a DomainError on the field ``terms`` saying what is wrong."""
    terms = parse_terms(text)
    if len(terms) < ClusterSynonym.MIN_TERMS:
        raise DomainError(
            _l("Give at least two words that mean the same, e.g. ruoppaus = dredging."),
            field="terms",
        )
    if len(terms) > ClusterSynonym.MAX_TERMS:
        raise DomainError(_l("Give at most ten words in one synonym."), field="terms")
    if any(len(t) > ClusterSynonym.MAX_TERM_LENGTH for t in terms):
        raise DomainError(_l("Each word may be at most 60 characters long."), field="terms")
    if any(not words(t) for t in terms):
        raise DomainError(_l("Each word must contain letters."), field="terms")
    return terms


def _check(actor: User | None, cluster: Cluster) -> None:
    if actor is None or not actor.coordinates(cluster.id):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))


def for_cluster(cluster: Cluster) -> list[ClusterSynonym]:
    return list(
        db.session.scalars(
            sa.select(ClusterSynonym)
            .where(ClusterSynonym.cluster_id == cluster.id)
            .order_by(ClusterSynonym.created_at.desc(), ClusterSynonym.id.desc())
        )
    )


def add(actor: User, cluster: Cluster, text: str) -> ClusterSynonym:
    """A coordinator adds a synonym; matching uses it from the next index build."""
    _check(actor, cluster)
    terms = validate_terms(text)
    known = {frozenset(normalise(t) for t in s.terms) for s in for_cluster(cluster)}
    if frozenset(normalise(t) for t in terms) in known:
        raise DomainError(_l("This synonym is already on the list."), field="terms")
    synonym = ClusterSynonym(cluster=cluster, terms=terms, created_by=actor)
    db.session.add(synonym)
    db.session.flush()
    audit.record(
        "synonym.added",
        actor=actor,
        cluster=cluster,
        details={"synonym": synonym.id, "terms": len(terms)},
    )
    bump_version()
    return synonym


def delete(actor: User, cluster: Cluster, synonym: ClusterSynonym) -> None:
    _check(actor, cluster)
    if synonym.cluster_id != cluster.id:
        raise DomainError(_l("This synonym belongs to another cluster."))
    audit.record("synonym.deleted", actor=actor, cluster=cluster, details={"synonym": synonym.id})
    db.session.delete(synonym)
    bump_version()
