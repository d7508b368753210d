"""Matching for fairs: suggested invitees, the suggested grouping into stands, the best stands for
an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Fair,
    FairInterest,
    JointStand,
    Membership,
    Organisation,
)
from matchmaker.services import matching

from .core import stands_of
from .interest import interests


# ------------------------------------------------------------------ matching
def _specs(stands: list[JointStand]) -> list[tuple[int, int, str]]:
    return [(s.id, s.places, s.theme or s.name) for s in stands]


def _members_of_cluster(cluster: Cluster) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.cluster_id == cluster.id, Membership.status == "approved"
            )
        )
    )


def suggest_invitees(fair: Fair, cluster: Cluster, k: int = 8) -> list[tuple[Organisation, float]]:
    """Members who have not registered interest but would fit a stand (its theme and the
    organisations already on it), best first."""
    stands = stands_of(fair, {cluster.id})
    registered = {
        i.organisation_id
        for i in db.session.scalars(
            sa.select(FairInterest).where(
                FairInterest.fair_id == fair.id, FairInterest.status == "active"
            )
        )
    }
    candidates = sorted(_members_of_cluster(cluster) - registered)
    best: dict[int, float] = {}
    for stand in stands:
        members = [a.organisation_id for a in stand.assignments]
        for org_id, score in matching.stand_invitees(
            stand.theme or stand.name, members, candidates, k
        ):
            best[org_id] = max(score, best.get(org_id, 0.0))
    ranked = sorted(best.items(), key=lambda p: (-p[1], p[0]))[:k]
    orgs = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_([i for i, _ in ranked]))
        )
    }
    return [(orgs[i], score) for i, score in ranked if i in orgs]


@dataclass
class StandProposal:
    stand: JointStand
    members: list[Organisation]
    coherence: float
    theme_fit: float
    shared_terms: list[str]
    competitors: list[tuple[Organisation, Organisation, float]]
    # near competitors joined into groups: one note per stand lists these
    competitor_groups: list[list[Organisation]] = field(default_factory=list)
    area: Decimal = Decimal("0")  # the floor area the proposed members need together


@dataclass
class GroupingProposal:
    stands: list[StandProposal]
    unassigned: list[tuple[Organisation, str]]
    objective: float


def suggest_grouping(fair: Fair, cluster: Cluster) -> GroupingProposal:
    """A proposed assignment of the interested organisations to the cluster's open stands,
    filling no stand over its places and keeping thematically close companies together."""
    stands = [s for s in stands_of(fair, {cluster.id}) if s.status != "confirmed"]
    items = interests(fair, cluster.id)
    if not stands or not items:
        return GroupingProposal([], [], 0.0)
    taken = {
        a.organisation_id
        for s in stands_of(fair, {cluster.id})
        if s.status == "confirmed"
        for a in s.assignments
    }
    wanted = [
        (i.organisation_id, i.preferred_stand_id) for i in items if i.organisation_id not in taken
    ]
    area_of = {i.organisation_id: i.area(fair) for i in items}
    result = matching.group_stands(
        _specs(stands),
        wanted,
        stand_areas={s.id: float(s.area_m2) for s in stands},
        wanted_areas={o: float(a) for o, a in area_of.items()},
    )
    orgs = {i.organisation_id: i.organisation for i in items}
    proposals = []
    for stand in stands:
        quality = result.per_stand.get(stand.id)
        proposals.append(
            StandProposal(
                stand=stand,
                members=[orgs[o] for o in result.assignments.get(stand.id, []) if o in orgs],
                coherence=quality.coherence if quality else 0.0,
                theme_fit=(quality.theme_fit or 0.0) if quality else 0.0,
                shared_terms=list(quality.shared_terms) if quality else [],
                competitors=[
                    (orgs[a], orgs[b], sim)
                    for a, b, sim in (quality.near_competitors if quality else [])
                    if a in orgs and b in orgs
                ],
                competitor_groups=[
                    [orgs[o] for o in group if o in orgs]
                    for group in (quality.competitor_groups if quality else [])
                ],
                area=sum(
                    (area_of[o] for o in result.assignments.get(stand.id, []) if o in area_of),
                    Decimal("0"),
                ),
            )
        )
    unassigned = [(orgs[o], reason) for o, reason in result.unassigned if o in orgs]
    return GroupingProposal(proposals, unassigned, result.objective)


def best_stands_for(
    fair: Fair, org: Organisation, cluster_id: int
) -> list[tuple[JointStand, float]]:
    """The cluster's stands ranked for one organisation (theme and current members)."""
    stands = stands_of(fair, {cluster_id})
    assigned = {s.id: [a.organisation_id for a in s.assignments] for s in stands}
    by_id = {s.id: s for s in stands}
    return [
        (by_id[f.stand_id], f.score) for f in matching.best_stands(org.id, _specs(stands), assigned)
    ]
