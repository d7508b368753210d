"""Business ecosystems a region offers a locating company: their productised description,
roadmap and member organisations (from any cluster), and the cluster's lead targets.

Texts a coordinator writes in several languages are JSON objects {locale: text} (value factors:
{locale: [factor, ...]}): they are always read and written with their ecosystem, never queried
by content, one validator and one fallback (`localised`) serve every such field, and a new
language needs no migration. The language the coordinator wrote first (`source_locale`) must be
complete; the others fall back to it field by field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import MilestoneStatus, check_in, values

if TYPE_CHECKING:
    from matchmaker.models.clusters import Cluster
    from matchmaker.models.organisations import Organisation

LOCALES = ("fi", "en", "sv")
MEMBER_ROLES = ("anchor", "supplier", "research_partner", "infrastructure")
MILESTONE_STATUSES = values(MilestoneStatus)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Bounds of the translated texts (characters, per language).
TEXT_LIMITS = {"name": 200, "summary": 500, "description": 8000, "title": 200}
MAX_VALUE_FACTORS = 12
MAX_VALUE_FACTOR = 200


def localised(texts: dict | None, locale: str, source: str = "fi", empty=""):
    """(the text in `locale`, else in the source language, else in any language that has one,
    the locale it is in); (`empty`, source) when no language has it."""
    texts = texts or {}
    for code in (locale, source, *LOCALES):
        value = texts.get(code)
        if value:
            return value, code
    return empty, source


def _check_texts(texts: object, limit: int) -> dict:
    if not isinstance(texts, dict) or not set(texts) <= set(LOCALES):
        raise ValueError("texts are an object with fi/en/sv keys")
    for value in texts.values():
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError("a text is not a string or is too long")
    return {k: v for k, v in texts.items() if v}


class Ecosystem(db.Model):
    """A productised business ecosystem owned by a cluster (its coordinators edit it)."""

    __tablename__ = "ecosystem"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    source_locale: so.Mapped[str] = so.mapped_column(sa.String(2), default="fi")
    name: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    summary: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    description: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    value_factors: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    location: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    website: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    contact_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    # Only published ecosystems have a public page, a brochure and a place in the API.
    published: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    cluster: so.Mapped[Cluster] = so.relationship()
    milestones: so.Mapped[list[EcosystemMilestone]] = so.relationship(
        back_populates="ecosystem",
        cascade="all, delete-orphan",
        order_by="(EcosystemMilestone.due_on, EcosystemMilestone.id)",
    )
    members: so.Mapped[list[EcosystemMember]] = so.relationship(
        back_populates="ecosystem", cascade="all, delete-orphan", order_by="EcosystemMember.id"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "source_locale IN (" + ", ".join(repr(c) for c in LOCALES) + ")", name="source_locale"
        ),
    )

    def __repr__(self) -> str:
        return f"<Ecosystem {self.slug}>"

    @so.validates("slug")
    def _check_slug(self, _key: str, slug: str) -> str:
        if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug) or len(slug) > 64:
            raise ValueError("a slug is lower-case letters, digits and hyphens")
        return slug

    @so.validates("name", "summary", "description")
    def _check_text(self, key: str, texts: dict) -> dict:
        return _check_texts(texts, TEXT_LIMITS[key])

    @so.validates("value_factors")
    def _check_factors(self, _key: str, factors: dict) -> dict:
        if not isinstance(factors, dict) or not set(factors) <= set(LOCALES):
            raise ValueError("value factors are an object with fi/en/sv keys")
        for items in factors.values():
            if not isinstance(items, list) or len(items) > MAX_VALUE_FACTORS:
                raise ValueError("value factors are a list of at most twelve")
            if not all(isinstance(i, str) and 0 < len(i) <= MAX_VALUE_FACTOR for i in items):
                raise ValueError("a value factor is empty or too long")
        return {k: v for k, v in factors.items() if v}

    def text(self, field: str, locale: str):
        """One translated field in `locale` with the fallback (see `localised`)."""
        return self.text_and_lang(field, locale)[0]

    def text_and_lang(self, field: str, locale: str):
        """(text, the language it is in): the page marks a fallback with its lang attribute."""
        empty = [] if field == "value_factors" else ""
        return localised(getattr(self, field), locale, self.source_locale, empty)

    def all_texts(self, first: str = "fi") -> list[str]:
        """Every language's name, summary, description and value factors (for matching),
        the `first` language first (the reasons quote the texts in this order)."""
        out = []
        for code in sorted(LOCALES, key=lambda c: (c != first, c != self.source_locale, c)):
            parts = [
                (self.name or {}).get(code, ""),
                (self.summary or {}).get(code, ""),
                (self.description or {}).get(code, ""),
                "\n".join((self.value_factors or {}).get(code, [])),
            ]
            if any(parts):
                out.append("\n".join(p for p in parts if p))
        return out


class EcosystemMilestone(db.Model):
    """One step of an ecosystem's roadmap."""

    __tablename__ = "ecosystem_milestone"

    STATUSES = MILESTONE_STATUSES

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    ecosystem_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("ecosystem.id", ondelete="CASCADE"), index=True
    )
    title: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    due_on: so.Mapped[date]
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="planned")

    ecosystem: so.Mapped[Ecosystem] = so.relationship(back_populates="milestones")

    __table_args__ = (sa.CheckConstraint(check_in("status", MilestoneStatus), name="status"),)

    def __repr__(self) -> str:
        return f"<EcosystemMilestone {self.id} {self.status}>"

    @so.validates("title")
    def _check_title(self, _key: str, texts: dict) -> dict:
        texts = _check_texts(texts, TEXT_LIMITS["title"])
        if not texts:
            raise ValueError("a milestone has a title in at least one language")
        return texts

    @so.validates("status")
    def _check_status(self, _key: str, status: str) -> str:
        if status not in MILESTONE_STATUSES:
            raise ValueError("unknown milestone status")
        return status

    def text(self, locale: str) -> str:
        return localised(self.title, locale, self.ecosystem.source_locale)[0]


class EcosystemMember(db.Model):
    """An organisation (of any cluster) taking part in an ecosystem, with its role."""

    __tablename__ = "ecosystem_member"

    ROLES = MEMBER_ROLES

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    ecosystem_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("ecosystem.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(32), default="supplier")
    added_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    ecosystem: so.Mapped[Ecosystem] = so.relationship(back_populates="members")
    organisation: so.Mapped[Organisation] = so.relationship()

    __table_args__ = (
        sa.UniqueConstraint("ecosystem_id", "organisation_id"),
        sa.CheckConstraint(
            "role IN (" + ", ".join(repr(r) for r in MEMBER_ROLES) + ")", name="role"
        ),
    )

    def __repr__(self) -> str:
        return f"<EcosystemMember {self.organisation_id}@{self.ecosystem_id} {self.role}>"


class LeadTarget(db.Model):
    """The targets a cluster's coordinators set for attracting companies (e.g. 1,000 contacts,
    two locations); the leads page shows progress toward them."""

    __tablename__ = "lead_target"

    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), primary_key=True
    )
    contacts: so.Mapped[int] = so.mapped_column(default=0)
    locations: so.Mapped[int] = so.mapped_column(default=0)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("contacts >= 0 AND contacts <= 1000000", name="contacts"),
        sa.CheckConstraint("locations >= 0 AND locations <= 10000", name="locations"),
    )

    def __repr__(self) -> str:
        return f"<LeadTarget cluster={self.cluster_id} {self.contacts}/{self.locations}>"
