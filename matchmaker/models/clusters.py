"""Clusters, their coordinators and the organisations that are members."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow

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


class Membership(db.Model):
    """An organisation's membership of a cluster: applied for, then approved or declined."""

    __tablename__ = "membership"

    STATUSES = ("pending", "approved", "declined")

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
        sa.CheckConstraint("status IN ('pending', 'approved', 'declined')", name="status"),
    )

    def __repr__(self) -> str:
        return f"<Membership {self.organisation_id}@{self.cluster_id} {self.status}>"
