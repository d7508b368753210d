"""Demo cooperation opportunities: the notice board of the three clusters in every kind and
status, with expressions of interest (``content/opportunities.toml``, read when seeding).

Owners and interested organisations are found by the words of their first capability line
(every sector's first company has its sector's core line) or an institution's name, among the
cluster's members, by id. Dates are relative to today; written directly, so no mail is queued.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from matchmaker.demo.loader import load
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    ContactRequest,
    Opportunity,
    OpportunityIndustry,
    OpportunityInterest,
    Organisation,
    User,
    utcnow,
)
from matchmaker.services import contacts

_TEXT_FIELDS = ("kind", "title", "offered_sought", "description", "keywords", "visibility")


def _find(orgs: list[Organisation], words: str, index: int = 0) -> Organisation:
    """The index-th organisation (by id) named so or whose capabilities hold the words."""
    wanted = words.casefold()
    found = [o for o in orgs if o.name == words] or [
        o for o in orgs if wanted in (o.capabilities or "").casefold()
    ]
    if not found:
        raise LookupError(f"no demo organisation offers {words!r}")
    return found[min(index, len(found) - 1)]


def _coordinator(cluster: Cluster) -> User | None:
    coordinators = sorted(cluster.coordinators, key=lambda c: c.user_id)
    return coordinators[0].user if coordinators else None


def seed_opportunities(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> int:
    """Add the demo opportunities and their expressions of interest; returns how many posts."""
    now = utcnow()
    today = now.date()
    everyone = sorted(orgs.values(), key=lambda o: o.id)
    made = 0
    for spec in load("opportunities")["opportunity"]:
        cluster = clusters[spec["cluster"]]
        members = [o for o in everyone if cluster.id in o.approved_cluster_ids()]
        poster = _coordinator(cluster)
        if spec["owner"] == "cluster":
            owner = None
        else:
            owner = _find(members, spec["owner"], spec.get("index", 0))
            users = sorted(owner.users, key=lambda u: u.id)
            poster = users[0] if users else None
        published = now - timedelta(days=spec.get("published", 0))
        opp = Opportunity(
            **{k: spec[k] for k in _TEXT_FIELDS},
            cluster=cluster,
            owner_org=owner,
            created_by=poster,
            countries=list(spec.get("countries", [])),
            deadline=today + timedelta(days=spec["deadline"]),
            status=spec["status"],
            created_at=published - timedelta(hours=2),
            published_at=published if spec["status"] != "draft" else None,
            industries=[OpportunityIndustry(code=c) for c in spec.get("industries", [])],
        )
        if spec["status"] in ("closed", "expired"):
            opp.closed_at = now - timedelta(days=max(-spec["deadline"], 1))
        if "hidden" in spec:
            opp.hide(spec["hidden"], poster.id if poster else None, now)
        for item in spec.get("interest", []):
            # anyone allowed to see the post may answer it: other clusters' members too
            org = _find(everyone, item["from"], item.get("index", 0))
            users = sorted(org.users, key=lambda u: u.id)
            at = now - timedelta(days=item["days_ago"])
            interest = OpportunityInterest(
                organisation=org,
                user_id=users[0].id if users else None,
                message=item["message"],
                status=item["status"],
                created_at=at,
                decided_at=at + timedelta(hours=20) if item["status"] != "pending" else None,
            )
            opp.interests.append(interest)
            if spec["status"] == "fulfilled" and item["status"] == "accepted":
                opp.partner_org = org
                opp.fulfilled_at = at + timedelta(days=3)
        db.session.add(opp)
        made += 1
    db.session.flush()
    _connect_accepted()
    return made


def _connect_accepted() -> None:
    """An accepted expression of interest puts the two organisations in contact, as the
    service does (services.opportunities.decide_interest)."""
    pairs = db.session.execute(
        sa.select(OpportunityInterest.organisation_id, Opportunity.owner_org_id)
        .join(Opportunity, Opportunity.id == OpportunityInterest.opportunity_id)
        .where(OpportunityInterest.status == "accepted", Opportunity.owner_org_id.is_not(None))
        .order_by(OpportunityInterest.id)
    ).all()
    for a, b in pairs:
        if not contacts.are_connected(a, b):
            db.session.add(
                ContactRequest(
                    from_org_id=a,
                    to_org_id=b,
                    status="accepted",
                    source="opportunity",
                    decided_at=utcnow(),
                )
            )
            db.session.flush()
