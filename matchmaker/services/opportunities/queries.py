"""Listing and search of opportunities, sorted for the viewer and filtered by what the viewer may
see; the API shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Opportunity,
    OpportunityIndustry,
    Organisation,
)
from matchmaker.services import profile_fit, reference, search_index
from matchmaker.services.errors import NotFound

from .core import _org_id, is_open, local_today, visible_clause


# ------------------------------------------------------------------ listing and search
@dataclass
class Listed:
    opportunity: Opportunity
    score: float


def search(
    viewer,
    q: str = "",
    kind: str = "",
    industry: str = "",
    cluster: Cluster | None = None,
    open_only: bool = False,
    limit: int | None = None,
) -> list[Listed]:
    """The opportunities the viewer may see, filtered, sorted by relevance for them: to the
    search words when given (the post's text, and its poster's profile, in the database's
    full-text index: a post matches when any word does), else to the viewer's own profile;
    then by the nearest deadline."""
    stmt = (
        sa.select(Opportunity)
        .where(visible_clause(viewer))
        .options(  # one row each with its poster (the name) and cluster; industries in one more
            so.joinedload(Opportunity.owner_org).load_only(Organisation.id, Organisation.name),
            so.joinedload(Opportunity.cluster, innerjoin=True),
            so.selectinload(Opportunity.industries),
        )
    )
    if kind:
        stmt = stmt.where(Opportunity.kind == kind)
    if industry:
        like = reference.industry_codes_within(industry) or [industry]
        stmt = stmt.where(
            Opportunity.id.in_(
                sa.select(OpportunityIndustry.opportunity_id).where(
                    sa.or_(
                        OpportunityIndustry.code.in_(like),
                        OpportunityIndustry.code.startswith(industry),
                    )
                )
            )
        )
    if cluster is not None:
        stmt = stmt.where(Opportunity.cluster_id == cluster.id)
    if open_only:
        stmt = stmt.where(
            Opportunity.status == "published",
            Opportunity.hidden_at.is_(None),
            Opportunity.deadline >= timeutil.today(cluster) - timedelta(days=1),
        )
    q = (q or "").strip()
    alternatives = search_index.analyse_query(q, [cluster.id] if cluster else []) if q else []
    if alternatives:  # the search engine's relevance to the post, and to its poster's profile
        stmt, rank = search_index.matching(stmt, Opportunity, alternatives, every_word=False)
        stmt = stmt.add_columns(rank)
    else:
        stmt = stmt.add_columns(sa.null())
    rows = db.session.execute(stmt.order_by(Opportunity.deadline, Opportunity.id)).all()
    items = [o for o, _ in rows]
    ranks = {o.id: float(r or 0.0) for o, r in rows}
    days: dict[int, date] = {}  # each cluster's day, worked out once

    def open_now(o: Opportunity) -> bool:
        if o.cluster_id not in days:
            days[o.cluster_id] = local_today(o)
        return is_open(o, days[o.cluster_id])

    if open_only:  # exactly, each in its own cluster's day
        items = [o for o in items if open_now(o)]
    if q:
        owners = _owner_ranks(alternatives, {o.owner_org_id for o in items} - {None})
        scored = [
            Listed(o, round(ranks[o.id] + 0.25 * owners.get(o.owner_org_id, 0.0), 6)) for o in items
        ]
    else:
        texts = {o.id: text_of(o) for o in items}
        org = viewer.organisation if _org_id(viewer) else None
        fits = profile_fit.profile_fit(org, texts, share=False) if org is not None else {}
        scored = [Listed(o, fits.get(o.id, (0.0, 1.0))[0]) for o in items]
    # open ones first, then the best fit, then the nearest deadline
    scored.sort(
        key=lambda li: (
            not open_now(li.opportunity),
            -li.score,
            li.opportunity.deadline,
            li.opportunity.id,
        )
    )
    return scored[:limit] if limit else scored


def _owner_ranks(alternatives, owner_ids: set[int]) -> dict[int, float]:
    """The search engine's relevance of the posters' profiles to the query."""
    if not alternatives or not owner_ids:
        return {}
    stmt = sa.select(Organisation.id).where(Organisation.id.in_(sorted(owner_ids)))
    stmt, rank = search_index.matching(stmt, Organisation, alternatives, every_word=False)
    return {org_id: float(r) for org_id, r in db.session.execute(stmt.add_columns(rank))}


def text_of(opp: Opportunity) -> str:
    """The text matching reads: title, what is offered or sought, description, keywords,
    industries in Finnish and English (as profiles have them)."""
    labels = " ".join(
        f"{reference.industry_label(c, 'fi')} {reference.industry_label(c, 'en')}"
        for c in opp.industry_codes
    )
    return "\n".join(
        filter(None, (opp.title, opp.offered_sought, opp.description, opp.keywords, labels))
    )


def for_organisation(org: Organisation, viewer, k: int = 5) -> list[Listed]:
    """ "Opportunities for you": open posts the viewer may see from others that fit the
    organisation's profile best."""
    if _org_id(viewer) == org.id:  # the search already sorts by this profile's fit
        found = search(viewer, open_only=True)
    else:
        items = [li.opportunity for li in search(viewer, open_only=True)]
        fits = profile_fit.profile_fit(org, {o.id: text_of(o) for o in items}, share=False)
        found = [Listed(o, fits.get(o.id, (0.0, 1.0))[0]) for o in items]
    ranked = [li for li in found if li.opportunity.owner_org_id != org.id and li.score > 0]
    ranked.sort(key=lambda li: (-li.score, li.opportunity.deadline, li.opportunity.id))
    return ranked[:k]


def mine(viewer) -> list[Opportunity]:
    """Posts of the viewer's organisation and of the clusters they coordinate."""
    conds = []
    if _org_id(viewer):
        conds.append(Opportunity.owner_org_id == viewer.active_organisation_id)
    coordinated = set(viewer.coordinated_cluster_ids) if viewer is not None else set()
    if coordinated:
        conds.append(
            sa.and_(Opportunity.owner_org_id.is_(None), Opportunity.cluster_id.in_(coordinated))
        )
    if not conds:
        return []
    return list(
        db.session.scalars(
            sa.select(Opportunity).where(sa.or_(*conds)).order_by(Opportunity.created_at.desc())
        )
    )


# ------------------------------------------------------------------ API shape
def as_json(opp: Opportunity, full: bool = False) -> dict:
    out = {
        "id": opp.id,
        "kind": opp.kind,
        "title": opp.title,
        "organisation": {"id": opp.owner_org.id, "name": opp.owner_org.name}
        if opp.owner_org is not None
        else None,
        "cluster": opp.cluster.slug,
        "deadline": opp.deadline.isoformat(),
        "status": opp.status,
        "visibility": opp.visibility,
    }
    if full:
        out.update(
            description=opp.description,
            offered_sought=opp.offered_sought,
            keywords=opp.keywords,
            industries=opp.industry_codes,
            countries=list(opp.countries or []),
            open=is_open(opp),
            hidden=opp.hidden,
            partner={"id": opp.partner_org.id, "name": opp.partner_org.name}
            if opp.partner_org is not None
            else None,
        )
    return out


def lookup_org(org_id) -> Organisation:
    org = db.session.get(Organisation, org_id) if org_id else None
    if org is None:
        raise NotFound(_l("No organisation with this id."), field="partner")
    return org
