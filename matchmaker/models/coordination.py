"""Coordinator tools: remembered import mappings, the audit log and the leads being attracted."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import LEAD_TRANSITIONS, LeadStage, Stateful, check_in, values

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.clusters import Cluster
    from matchmaker.models.ecosystems import Ecosystem
    from matchmaker.models.organisations import Organisation

LEAD_STATUSES = values(LeadStage)
# Stages at which the company has been contacted (the funder's "company contacts").
CONTACTED_STAGES = frozenset(LEAD_STATUSES) - {LeadStage.IDENTIFIED.value}


class ImportMapping(db.Model):
    """The column mapping a cluster's coordinators last used: file header -> profile field."""

    __tablename__ = "import_mapping"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cluster_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cluster.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), default="members")
    mapping: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    cluster: so.Mapped[Cluster] = so.relationship()

    __table_args__ = (sa.UniqueConstraint("cluster_id", "kind"),)

    def __repr__(self) -> str:
        return f"<ImportMapping cluster={self.cluster_id} {self.kind}>"


class AuditEntry(db.Model):
    """Who changed what and when. Details name fields and ids, never personal data."""

    __tablename__ = "audit_entry"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: so.Mapped[str] = so.mapped_column(sa.String(64))
    cluster_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    details: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)

    actor: so.Mapped[User | None] = so.relationship()
    organisation: so.Mapped[Organisation | None] = so.relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action}>"


class Lead(Stateful, db.Model):
    """A company the cluster would like to attract (to an ecosystem, as a member): imported
    like members, not one of them. Its `status` is the pipeline stage (LEAD_TRANSITIONS)."""

    __tablename__ = "lead"

    STATUSES = LEAD_STATUSES
    STATE_ENUM = LeadStage
    TRANSITIONS = LEAD_TRANSITIONS
    STATE_NOUN = _l("the lead")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    business_id: so.Mapped[str | None] = so.mapped_column(sa.String(9))
    municipality: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    website: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="identified")
    ecosystem_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("ecosystem.id", ondelete="SET NULL"), index=True
    )
    # When the lead first left "identified" for a contact, and when it reached a decision:
    # the funder report counts contacts and locations by these days.
    contacted_at: so.Mapped[datetime | None]
    decided_at: so.Mapped[datetime | None]
    owner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    next_step: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    next_step_on: so.Mapped[date | None]
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    owner: so.Mapped[User | None] = so.relationship()
    ecosystem: so.Mapped[Ecosystem | None] = so.relationship()

    __table_args__ = (
        sa.UniqueConstraint("cluster_id", "business_id"),
        sa.CheckConstraint(check_in("status", LeadStage), name="status"),
    )

    def __repr__(self) -> str:
        return f"<Lead {self.id} {self.status}>"

    def move_to(self, stage: str, now: datetime | None = None) -> bool:
        """Move along the pipeline (InvalidTransition if the table forbids it); staying put is
        no change, and a new lead may start at any stage (a coordinator records a company met
        before). Stamps the first contact and the decision. True when the stage changed."""
        new = LeadStage(stage)
        if self.status is None:
            self.status = new.value
        elif self.state == new:
            return False
        else:
            self.update_state(new)
        now = now or utcnow()
        if new.value in CONTACTED_STAGES and new != LeadStage.NOT_LOCATED:
            self.contacted_at = self.contacted_at or now
        if new in (LeadStage.LOCATED, LeadStage.NOT_LOCATED):
            self.decided_at = now
        elif self.decided_at is not None:
            self.decided_at = None  # reopened
        return True

    @property
    def was_contacted(self) -> bool:
        return self.contacted_at is not None


class ClusterSynonym(db.Model):
    """Words that mean the same in a cluster ("ruoppaus = dredging"), written by its
    coordinators; matching reads them into its term bridge on the next index build."""

    __tablename__ = "cluster_synonym"

    MIN_TERMS = 2
    MAX_TERMS = 10
    MAX_TERM_LENGTH = 60

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    terms: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    cluster: so.Mapped[Cluster] = so.relationship()
    created_by: so.Mapped[User | None] = so.relationship()

    @so.validates("terms")
    def _check_terms(self, _key: str, terms: list) -> list:
        """At least two distinct, non-empty terms of bounded length: the model refuses less."""
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ValueError("terms must be a list of strings")
        distinct = {t.strip().casefold() for t in terms}
        if "" in distinct or len(distinct) != len(terms):
            raise ValueError("terms must be distinct and non-empty")
        if not self.MIN_TERMS <= len(terms) <= self.MAX_TERMS:
            raise ValueError("a synonym has two to ten terms")
        if any(len(t) > self.MAX_TERM_LENGTH for t in terms):
            raise ValueError("a term is too long")
        return terms

    def __repr__(self) -> str:
        return f"<ClusterSynonym cluster={self.cluster_id} {len(self.terms)} terms>"
