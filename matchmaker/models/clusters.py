"""Clusters, their coordinators and the organisations that are members."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import (
    MEMBERSHIP_TRANSITIONS,
    MembershipStatus,
    Stateful,
    check_in,
    values,
)

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.organisations import Organisation

# Where most clusters are; matchmaker.timeutil converts to and from each cluster's own zone.
DEFAULT_TIMEZONE = "Europe/Helsinki"


class Cluster(db.Model):
    __tablename__ = "cluster"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    region: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # IANA name: the zone its people enter and read dates and times in (timestamps stay UTC).
    timezone: so.Mapped[str] = so.mapped_column(
        sa.String(64), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    memberships: so.WriteOnlyMapped[Membership] = so.relationship(
        back_populates="cluster", cascade="all, delete-orphan", passive_deletes=True
    )
    coordinators: so.Mapped[list[ClusterCoordinator]] = so.relationship(
        back_populates="cluster", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Cluster {self.slug}>"


class ClusterCoordinator(db.Model):
    __tablename__ = "cluster_coordinator"

    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )

    cluster: so.Mapped[Cluster] = so.relationship(back_populates="coordinators")
    user: so.Mapped[User] = so.relationship(back_populates="coordinator_of")

    def __repr__(self) -> str:
        return f"<ClusterCoordinator cluster={self.cluster_id} user={self.user_id}>"


class Membership(Stateful, db.Model):
    """An organisation's membership of a cluster: applied for, then approved or declined."""

    __tablename__ = "membership"

    STATUSES = values(MembershipStatus)
    STATE_ENUM = MembershipStatus
    TRANSITIONS = MEMBERSHIP_TRANSITIONS
    STATE_NOUN = _l("the membership")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="pending")
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # True when the cluster asked (an import met an organisation it does not coordinate):
    # then the organisation's admins decide, not the coordinators who asked.
    invited: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    applied_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    decided_at: so.Mapped[datetime | None]
    decided_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    cluster: so.Mapped[Cluster] = so.relationship(back_populates="memberships")
    organisation: so.Mapped[Organisation] = so.relationship(back_populates="memberships")

    __table_args__ = (
        sa.UniqueConstraint("cluster_id", "organisation_id"),
        sa.CheckConstraint(check_in("status", MembershipStatus), name="status"),
        # Member counts and the directory's membership checks read this index alone.
        sa.Index("ix_membership_cluster_status_org", "cluster_id", "status", "organisation_id"),
    )

    def __repr__(self) -> str:
        return f"<Membership {self.organisation_id}@{self.cluster_id} {self.status}>"

    def reapply(self, message: str = "", now: datetime | None = None) -> None:
        """Apply (again, after a decline); a new membership is pending from the start."""
        if self.status is not None:
            self.update_state(MembershipStatus.PENDING)
        self.status = MembershipStatus.PENDING.value
        self.invited = False
        self.message = message
        self.applied_at = now or utcnow()
        self.decided_at = self.decided_by_id = None

    def decide(self, approve: bool, by_id: int | None, now: datetime | None = None) -> None:
        """A coordinator answers a pending application (only a pending one)."""
        self.update_state(
            MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED,
            only_from=(MembershipStatus.PENDING,),
        )
        self.decided_at = now or utcnow()
        self.decided_by_id = by_id
        if approve:
            self.organisation.verified = True  # a coordinator or its own admins vouched

    def approve_directly(self, by_id: int | None = None, now: datetime | None = None) -> bool:
        """Approve without an application (imports, demo data, CLI); False if already was."""
        if self.organisation is not None:
            self.organisation.verified = True
        if self.status == MembershipStatus.APPROVED:
            return False
        self.invited = False
        if self.status is None:
            self.status = MembershipStatus.APPROVED.value
        else:
            self.update_state(MembershipStatus.APPROVED)
        self.decided_at = now or utcnow()
        self.decided_by_id = by_id
        return True
