"""Cooperation opportunities (offers and requests with a deadline), the expressions of
interest other organisations send, and the notices the owner sent to organisations that fit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import STATE_LABELS, Stateful, check_in, values

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.clusters import Cluster
    from matchmaker.models.organisations import Organisation


class OpportunityStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    EXPIRED = "expired"
    FULFILLED = "fulfilled"


class ExpressionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


OPPORTUNITY_KINDS = (
    "business_offer",
    "business_request",
    "technology_offer",
    "technology_request",
    "rd_partner",
    "subcontracting",
    "joint_bid",
)
# own cluster / all clusters of the installation / anyone, logged in or not
VISIBILITIES = ("cluster", "clusters", "public")

_O = OpportunityStatus
OPPORTUNITY_TRANSITIONS = {
    _O.DRAFT: frozenset({_O.PUBLISHED, _O.CLOSED}),
    _O.PUBLISHED: frozenset({_O.CLOSED, _O.EXPIRED, _O.FULFILLED}),
    # Reopened (with a deadline still ahead) or fulfilled after it stopped taking interest.
    _O.CLOSED: frozenset({_O.PUBLISHED, _O.FULFILLED}),
    _O.EXPIRED: frozenset({_O.PUBLISHED, _O.FULFILLED}),
}
EXPRESSION_TRANSITIONS = {
    ExpressionStatus.PENDING: frozenset({ExpressionStatus.ACCEPTED, ExpressionStatus.DECLINED}),
}
del _O

STATE_LABELS[OpportunityStatus] = {
    OpportunityStatus.DRAFT: _l("Draft"),
    OpportunityStatus.PUBLISHED: _l("Published"),
    OpportunityStatus.CLOSED: _l("Closed"),
    OpportunityStatus.EXPIRED: _l("Expired"),
    OpportunityStatus.FULFILLED: _l("Fulfilled"),
}
STATE_LABELS[ExpressionStatus] = {
    ExpressionStatus.PENDING: _l("Waiting for an answer"),
    ExpressionStatus.ACCEPTED: _l("Accepted"),
    ExpressionStatus.DECLINED: _l("Declined"),
}


def _in(column: str, options: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in options)})"


class Opportunity(Stateful, db.Model):
    """An offer or request an organisation (or a cluster's coordinator) posts with a deadline."""

    __tablename__ = "opportunity"

    STATE_ENUM = OpportunityStatus
    TRANSITIONS = OPPORTUNITY_TRANSITIONS
    STATE_NOUN = _l("the opportunity")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(32))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # What is offered (an offer) or sought (a request), in the poster's words.
    offered_sought: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    keywords: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    countries: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)  # ISO 3166 alpha-2
    # Search keys of the post's text, as organisation.search_text (derived, kept by a hook).
    search_text: so.Mapped[str] = so.mapped_column(sa.Text, default="", server_default="")
    deadline: so.Mapped[date] = so.mapped_column(sa.Date, index=True)
    visibility: so.Mapped[str] = so.mapped_column(sa.String(16), default="cluster")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="draft", index=True)
    # The cluster it is posted in: whose members see an own-cluster post, whose coordinators
    # moderate it, and whose zone its deadline is a day of.
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    # None when a coordinator posted for the cluster itself.
    owner_org_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    partner_org_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL")
    )
    hidden_at: so.Mapped[datetime | None]
    hidden_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    hidden_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)
    published_at: so.Mapped[datetime | None] = so.mapped_column(index=True)
    closed_at: so.Mapped[datetime | None]
    fulfilled_at: so.Mapped[datetime | None] = so.mapped_column(index=True)
    reminded_at: so.Mapped[datetime | None]  # the deadline reminder went out

    cluster: so.Mapped[Cluster] = so.relationship()
    owner_org: so.Mapped[Organisation | None] = so.relationship(foreign_keys=[owner_org_id])
    partner_org: so.Mapped[Organisation | None] = so.relationship(foreign_keys=[partner_org_id])
    created_by: so.Mapped[User | None] = so.relationship(foreign_keys=[created_by_id])
    industries: so.Mapped[list[OpportunityIndustry]] = so.relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunityIndustry.code",
    )
    interests: so.Mapped[list[OpportunityInterest]] = so.relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunityInterest.created_at",
    )

    __table_args__ = (
        sa.CheckConstraint(_in("kind", OPPORTUNITY_KINDS), name="kind"),
        sa.CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        sa.CheckConstraint(check_in("status", OpportunityStatus), name="status"),
        sa.CheckConstraint(
            "status <> 'fulfilled' OR partner_org_id IS NOT NULL", name="fulfilled_partner"
        ),
    )

    def __repr__(self) -> str:
        return f"<Opportunity {self.id} {self.kind} {self.status}>"

    @property
    def industry_codes(self) -> list[str]:
        return [i.code for i in self.industries]

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def poster_name(self) -> str:
        return self.owner_org.name if self.owner_org is not None else self.cluster.name

    def publish(self, now: datetime | None = None) -> None:
        self.update_state(OpportunityStatus.PUBLISHED)
        self.published_at = self.published_at or now or utcnow()
        self.closed_at = None
        self.reminded_at = None

    def close(self, now: datetime | None = None) -> None:
        self.update_state(OpportunityStatus.CLOSED)
        self.closed_at = now or utcnow()

    def expire(self, now: datetime | None = None) -> None:
        self.update_state(OpportunityStatus.EXPIRED, only_from=(OpportunityStatus.PUBLISHED,))
        self.closed_at = now or utcnow()

    def fulfil(self, partner_id: int, now: datetime | None = None) -> None:
        self.update_state(OpportunityStatus.FULFILLED)
        self.partner_org_id = partner_id
        self.fulfilled_at = now or utcnow()

    def hide(self, reason: str, by_id: int | None, now: datetime | None = None) -> None:
        self.hidden_at = now or utcnow()
        self.hidden_reason = reason
        self.hidden_by_id = by_id

    def unhide(self) -> None:
        self.hidden_at = None
        self.hidden_reason = ""
        self.hidden_by_id = None


class OpportunityIndustry(db.Model):
    """An industry (TOL 2008 / NACE code, as on profiles) an opportunity is about."""

    __tablename__ = "opportunity_industry"

    opportunity_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("opportunity.id", ondelete="CASCADE"), primary_key=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(5), primary_key=True, index=True)

    opportunity: so.Mapped[Opportunity] = so.relationship(back_populates="industries")

    def __repr__(self) -> str:
        return f"<OpportunityIndustry {self.opportunity_id} {self.code}>"


class OpportunityInterest(Stateful, db.Model):
    """Another organisation's expression of interest; the owner accepts or declines it."""

    __tablename__ = "opportunity_interest"

    STATUSES = values(ExpressionStatus)
    STATE_ENUM = ExpressionStatus
    TRANSITIONS = EXPRESSION_TRANSITIONS
    STATE_NOUN = _l("the expression of interest")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    opportunity_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("opportunity.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="pending")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    decided_at: so.Mapped[datetime | None] = so.mapped_column(index=True)
    decided_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    opportunity: so.Mapped[Opportunity] = so.relationship(back_populates="interests")
    organisation: so.Mapped[Organisation] = so.relationship()
    user: so.Mapped[User | None] = so.relationship(foreign_keys=[user_id])

    __table_args__ = (
        sa.UniqueConstraint("opportunity_id", "organisation_id"),
        sa.CheckConstraint(check_in("status", ExpressionStatus), name="status"),
    )

    def __repr__(self) -> str:
        return f"<OpportunityInterest {self.id} {self.organisation_id}@{self.opportunity_id}>"

    def decide(self, accept: bool, by_id: int | None, now: datetime | None = None) -> None:
        self.update_state(ExpressionStatus.ACCEPTED if accept else ExpressionStatus.DECLINED)
        self.decided_at = now or utcnow()
        self.decided_by_id = by_id


class OpportunityNotice(db.Model):
    """The owner invited an organisation that fits to look at the opportunity (once each);
    counted against the owner's daily limit."""

    __tablename__ = "opportunity_notice"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    opportunity_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("opportunity.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    sent_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    sent_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)

    organisation: so.Mapped[Organisation] = so.relationship()

    __table_args__ = (sa.UniqueConstraint("opportunity_id", "organisation_id"),)

    def __repr__(self) -> str:
        return f"<OpportunityNotice {self.organisation_id}@{self.opportunity_id}>"
