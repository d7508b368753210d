"""Organisation profiles: companies, universities, institutes and their contact people."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.clusters import Membership

ORG_TYPES = (
    "company",
    "university",
    "research_institute",
    "development_company",
    "financier",
    "public_body",
)
SIZE_CLASSES = ("micro", "small", "medium", "large")
CONTACT_VISIBILITIES = ("public", "members", "private")
MARKET_KINDS = ("export", "target")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), index=True)
    business_id: so.Mapped[str] = so.mapped_column(sa.String(9), unique=True)
    org_type: so.Mapped[str] = so.mapped_column(sa.String(32), default="company")
    size_class: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    employees: so.Mapped[int | None]
    municipality: so.Mapped[str] = so.mapped_column(sa.String(100), default="", index=True)
    website: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    founded_year: so.Mapped[int | None]
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    capabilities: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    needs: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    side_streams_offered: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    side_streams_wanted: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    keywords: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    certifications: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The search keys of the profile (matching.search: word keys, compound parts, concepts),
    # indexed by the database's full-text engine (models/search_schema.py). Derived; the
    # session hook of services/search_index.py rewrites it whenever the profile changes.
    search_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # False for an organisation someone registered themselves, until a coordinator approves
    # a membership of it: until then anyone could have typed its business ID.
    verified: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    # When a contact person took the organisation over through an invitation.
    claimed_at: so.Mapped[datetime | None]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    users: so.Mapped[list[User]] = so.relationship(back_populates="organisation")
    memberships: so.Mapped[list[Membership]] = so.relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    contacts: so.Mapped[list[ContactPerson]] = so.relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="ContactPerson.position, ContactPerson.id",
    )
    industries: so.Mapped[list[OrganisationIndustry]] = so.relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationIndustry.code",
    )
    markets: so.Mapped[list[OrganisationMarket]] = so.relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationMarket.country",
    )

    __table_args__ = (
        sa.CheckConstraint(_in("org_type", ORG_TYPES), name="org_type"),
        sa.CheckConstraint(
            "size_class IS NULL OR " + _in("size_class", SIZE_CLASSES), name="size_class"
        ),
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.business_id}>"

    @property
    def industry_codes(self) -> list[str]:
        return [i.code for i in self.industries]

    def market_codes(self, kind: str) -> list[str]:
        return [m.country for m in self.markets if m.kind == kind]

    @property
    def export_markets(self) -> list[str]:
        return self.market_codes("export")

    @property
    def target_markets(self) -> list[str]:
        return self.market_codes("target")

    def approved_cluster_ids(self) -> set[int]:
        return {m.cluster_id for m in self.memberships if m.status == "approved"}


class ContactPerson(db.Model):
    __tablename__ = "contact_person"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    title: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    phone: so.Mapped[str] = so.mapped_column(sa.String(50), default="")
    # public: anyone; members: logged-in users; private: own organisation and coordinators.
    visibility: so.Mapped[str] = so.mapped_column(sa.String(16), default="members")
    position: so.Mapped[int] = so.mapped_column(default=0)

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="contacts")

    __table_args__ = (
        sa.CheckConstraint(_in("visibility", CONTACT_VISIBILITIES), name="visibility"),
    )

    def __repr__(self) -> str:
        return f"<ContactPerson {self.id}>"


class OrganisationIndustry(db.Model):
    """An industry (TOL 2008 / NACE section letter or two-digit division) of an organisation."""

    __tablename__ = "organisation_industry"

    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(5), primary_key=True, index=True)

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="industries")

    def __repr__(self) -> str:
        return f"<OrganisationIndustry {self.organisation_id} {self.code}>"


class OrganisationMarket(db.Model):
    """A country (ISO 3166 alpha-2) the organisation exports to or targets."""

    __tablename__ = "organisation_market"

    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(8), primary_key=True)
    country: so.Mapped[str] = so.mapped_column(sa.String(2), primary_key=True, index=True)

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="markets")

    __table_args__ = (sa.CheckConstraint(_in("kind", MARKET_KINDS), name="kind"),)

    def __repr__(self) -> str:
        return f"<OrganisationMarket {self.organisation_id} {self.kind} {self.country}>"
