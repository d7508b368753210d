"""API: published business ecosystems, and which of them fits a newcomer.

Texts come in the language the request asks for (`lang`, else Accept-Language), with the
fallback of the pages; `GET /ecosystems/<slug>` also gives every language as written.
"""

from __future__ import annotations

from typing import Literal

from flask import jsonify
from flask_babel import force_locale, get_locale
from flask_login import current_user
from pydantic import Field

from matchmaker.api import bp
from matchmaker.api.schemas import Out, Query, Ref, bounded_text, endpoint
from matchmaker.models import Ecosystem
from matchmaker.models.ecosystems import LOCALES
from matchmaker.services import ecosystems
from matchmaker.services.ecosystems import MAX_FIT_TEXT

Lang = Literal["", "fi", "en", "sv"]


class EcosystemQuery(Query):
    lang: Lang = Field("", description="fi, en or sv; default: the request's language")


class EcosystemFitQuery(EcosystemQuery):
    text: bounded_text(MAX_FIT_TEXT, min_length=1, strip=True) = Field(
        description=f"The newcomer's own description, 1 to {MAX_FIT_TEXT} characters"
    )


class EcosystemItem(Out):
    id: int
    slug: str
    name: str
    summary: str
    member_count: int


class EcosystemList(Out):
    items: list[EcosystemItem]


class EcosystemMemberOut(Out):
    organisation: Ref
    role: str = Field(description="anchor, supplier, research_partner or infrastructure")


class MilestoneOut(Out):
    title: str
    date: str = Field(description="ISO 8601 date")
    status: str = Field(description="planned, in_progress or done")


class EcosystemOut(EcosystemItem):
    lang: str = Field(description="The language the texts were asked in")
    description: str
    value_factors: list[str]
    location: str
    website: str
    contact_email: str
    cluster: Ref
    milestones: list[MilestoneOut]
    members: list[EcosystemMemberOut]
    translations: dict[str, dict] = Field(
        description="Every language as written: {locale: {name, summary, description, "
        "value_factors}}"
    )


class FitEcosystem(Out):
    id: int
    slug: str
    name: str


class FitReason(Out):
    kind: str = Field(description="offer, value_factor or members")
    text: str
    words: list[str]


class FitMemberOut(Out):
    id: int
    name: str
    score: float
    role: str


class EcosystemFitItem(Out):
    ecosystem: FitEcosystem
    score: float
    reasons: list[FitReason]
    members: list[FitMemberOut] = Field(description="The members to meet first, best first")


class EcosystemFitList(Out):
    items: list[EcosystemFitItem]


def _lang(query: EcosystemQuery) -> str:
    if query.lang:
        return query.lang
    current = str(get_locale())
    return current if current in LOCALES else "fi"


def _item(eco: Ecosystem, lang: str) -> dict:
    return {
        "id": eco.id,
        "slug": eco.slug,
        "name": eco.text("name", lang),
        "summary": eco.text("summary", lang),
        "member_count": len(eco.members),
    }


@bp.get("/ecosystems")
@endpoint(EcosystemList, query=EcosystemQuery, tags=("ecosystems",))
def list_ecosystems(query: EcosystemQuery):
    """Published business ecosystems"""
    lang = _lang(query)
    return jsonify({"items": [_item(e, lang) for e in ecosystems.published()]})


@bp.get("/ecosystems/fit")
@endpoint(EcosystemFitList, query=EcosystemFitQuery, tags=("ecosystems", "matching"))
def ecosystem_fit(query: EcosystemFitQuery):
    """Ecosystems that fit a newcomer described by text, with reasons and whom to meet first"""
    lang = _lang(query)
    with force_locale(lang):  # the reasons' sentences in the language asked for
        fits = ecosystems.fit(ecosystems.check_fit_text(query.text), lang)
    return jsonify(
        {
            "items": [
                {
                    "ecosystem": {
                        "id": f.ecosystem.id,
                        "slug": f.ecosystem.slug,
                        "name": f.ecosystem.text("name", lang),
                    },
                    "score": round(f.score, 4),
                    "reasons": f.reasons,
                    "members": [
                        {
                            "id": m.organisation.id,
                            "name": m.organisation.name,
                            "score": round(m.score, 4),
                            "role": m.role,
                        }
                        for m in f.members
                    ],
                }
                for f in fits
            ]
        }
    )


@bp.get("/ecosystems/<slug>")
@endpoint(EcosystemOut, errors=(404,), query=EcosystemQuery, tags=("ecosystems",))
def get_ecosystem(slug: str, query: EcosystemQuery):
    """One ecosystem: its offer, value factors, roadmap and members"""
    user = current_user if current_user.is_authenticated else None
    eco = ecosystems.visible(user, slug)
    lang = _lang(query)
    translations = {
        code: {
            "name": (eco.name or {}).get(code, ""),
            "summary": (eco.summary or {}).get(code, ""),
            "description": (eco.description or {}).get(code, ""),
            "value_factors": (eco.value_factors or {}).get(code, []),
        }
        for code in LOCALES
    }
    return jsonify(
        {
            **_item(eco, lang),
            "lang": lang,
            "description": eco.text("description", lang),
            "value_factors": eco.text("value_factors", lang),
            "location": eco.location,
            "website": eco.website,
            "contact_email": eco.contact_email,
            "cluster": {"id": eco.cluster.id, "name": eco.cluster.name},
            "milestones": [
                {"title": m.text(lang), "date": m.due_on.isoformat(), "status": m.status}
                for m in eco.milestones
            ],
            "members": [
                {
                    "organisation": {"id": m.organisation.id, "name": m.organisation.name},
                    "role": m.role,
                }
                for m in eco.members
            ],
            "translations": translations,
        }
    )
