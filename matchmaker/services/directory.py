"""Directory search over a cluster's members, with Finnish inflections matched by stems."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.matching.text import search_stems, words
from matchmaker.models import Membership, Organisation, OrganisationIndustry, OrganisationMarket
from matchmaker.services.reference import industry_codes_within

SORTS = ("name", "-updated", "municipality", "-employees")


@dataclass
class DirectoryQuery:
    """What a visitor asked of the directory; every part is optional."""

    q: str = ""
    org_type: str = ""
    industry: str = ""
    municipality: str = ""
    size_class: str = ""
    export_market: str = ""
    sort: str = "name"
    cluster_ids: list[int] = field(default_factory=list)


def _word_condition(word: str):
    """A query word matches when one of its stems begins a stored stem (compounds too)."""
    stems = [s for s in search_stems(word) if s]
    conditions = [Organisation.search_text.like(f"% {_escape(s)}%", escape="\\") for s in stems]
    return sa.or_(*conditions)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def build_select(query: DirectoryQuery) -> sa.Select:
    stmt = sa.select(Organisation)
    if query.cluster_ids:
        stmt = stmt.where(
            sa.exists().where(
                Membership.organisation_id == Organisation.id,
                Membership.cluster_id.in_(query.cluster_ids),
                Membership.status == "approved",
            )
        )
    for word in dict.fromkeys(words(query.q)):
        stmt = stmt.where(_word_condition(word))
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
    return stmt.order_by(*order, Organisation.id)


def municipalities(cluster_ids: list[int]) -> list[str]:
    stmt = (
        sa.select(Organisation.municipality)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.cluster_id.in_(cluster_ids), Membership.status == "approved")
        .where(Organisation.municipality != "")
        .distinct()
        .order_by(Organisation.municipality)
    )
    return list(db.session.scalars(stmt))
