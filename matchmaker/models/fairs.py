"""Trade fairs, a cluster's joint stands at them, interest and stand assignments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import (
    INTEREST_TRANSITIONS,
    STAND_TRANSITIONS,
    InterestStatus,
    StandStatus,
    Stateful,
    check_in,
    values,
)

if TYPE_CHECKING:
    from matchmaker.models.clusters import Cluster
    from matchmaker.models.organisations import Organisation

PRICING_RULES = ("per_m2", "split")
STAND_STATUSES = values(StandStatus)
MONEY = sa.Numeric(12, 2)
DEFAULT_AREA_M2 = Decimal("9.0")  # a 3 m x 3 m module, the smallest most fairs sell


class Fair(db.Model):
    __tablename__ = "fair"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    city: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    country: so.Mapped[str] = so.mapped_column(sa.String(2), default="FI")
    venue: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    starts_on: so.Mapped[date]
    ends_on: so.Mapped[date]
    website: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    sector: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    # The floor area a company gets on a joint stand when its interest does not say.
    default_area_m2: so.Mapped[Decimal] = so.mapped_column(
        sa.Numeric(8, 1), default=DEFAULT_AREA_M2, server_default=str(DEFAULT_AREA_M2)
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    stands: so.Mapped[list[JointStand]] = so.relationship(
        back_populates="fair", cascade="all, delete-orphan", order_by="JointStand.id"
    )

    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates"),
        sa.CheckConstraint("default_area_m2 > 0", name="default_area"),
    )

    def __repr__(self) -> str:
        return f"<Fair {self.id} {self.name}>"


class JointStand(Stateful, db.Model):
    """A cluster's shared stand at a fair: places for several companies and a pricing rule."""

    __tablename__ = "joint_stand"
    STATE_ENUM = StandStatus
    TRANSITIONS = STAND_TRANSITIONS
    STATE_NOUN = _l("the stand")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True
    )
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    theme: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    area_m2: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(8, 1))
    places: so.Mapped[int]
    pricing: so.Mapped[str] = so.mapped_column(sa.String(16), default="per_m2")
    price_per_m2: so.Mapped[Decimal] = so.mapped_column(MONEY, default=Decimal("0"))
    fee_per_company: so.Mapped[Decimal] = so.mapped_column(MONEY, default=Decimal("0"))
    total_price: so.Mapped[Decimal] = so.mapped_column(MONEY, default=Decimal("0"))
    interest_deadline: so.Mapped[date | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="open")
    confirmed_at: so.Mapped[datetime | None]

    fair: so.Mapped[Fair] = so.relationship(back_populates="stands")
    cluster: so.Mapped[Cluster] = so.relationship()
    assignments: so.Mapped[list[StandAssignment]] = so.relationship(
        back_populates="stand", cascade="all, delete-orphan", order_by="StandAssignment.id"
    )

    __table_args__ = (
        sa.CheckConstraint("places > 0", name="places"),
        sa.CheckConstraint("area_m2 > 0", name="area"),
        sa.CheckConstraint("pricing IN ('per_m2', 'split')", name="pricing"),
        sa.CheckConstraint(check_in("status", StandStatus), name="status"),
    )

    def __repr__(self) -> str:
        return f"<JointStand {self.id} {self.name}>"

    def confirm(self, now: datetime | None = None) -> None:
        """Fix the line-up; exhibitors are told (by the service) who their neighbours are."""
        self.update_state(StandStatus.CONFIRMED)
        self.confirmed_at = now or utcnow()

    def reopen(self) -> None:
        self.update_state(StandStatus.OPEN)
        self.confirmed_at = None


class FairInterest(Stateful, db.Model):
    """An organisation would like to exhibit at a fair on its cluster's joint stand."""

    __tablename__ = "fair_interest"
    STATE_ENUM = InterestStatus
    TRANSITIONS = INTEREST_TRANSITIONS
    STATE_NOUN = _l("the interest")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True
    )
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    area_wanted: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(8, 1))
    exhibits: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    preferred_stand_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("joint_stand.id", ondelete="SET NULL")
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="active")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    withdrawn_at: so.Mapped[datetime | None]

    organisation: so.Mapped[Organisation] = so.relationship()
    preferred_stand: so.Mapped[JointStand | None] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint(check_in("status", InterestStatus), name="status"),
        # One active interest per organisation and fair, guarded by the database.
        sa.Index(
            "uq_fair_interest_active",
            "fair_id",
            "organisation_id",
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        ),
    )

    def __repr__(self) -> str:
        return f"<FairInterest {self.organisation_id}@{self.fair_id} {self.status}>"

    def area(self, fair: Fair) -> Decimal:
        """The floor area this organisation asks for: its own figure, else the fair's default."""
        return Decimal(self.area_wanted) if self.area_wanted else Decimal(fair.default_area_m2)

    def withdraw(self, now: datetime | None = None) -> None:
        self.update_state(InterestStatus.WITHDRAWN)
        self.withdrawn_at = now or utcnow()


class StandAssignment(db.Model):
    """An organisation placed on a joint stand; at most one stand per organisation and fair."""

    __tablename__ = "stand_assignment"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    fair_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("fair.id", ondelete="CASCADE"), index=True
    )
    stand_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("joint_stand.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    area_m2: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(8, 1))
    assigned_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    stand: so.Mapped[JointStand] = so.relationship(back_populates="assignments")
    organisation: so.Mapped[Organisation] = so.relationship()

    __table_args__ = (sa.UniqueConstraint("fair_id", "organisation_id"),)

    def __repr__(self) -> str:
        return f"<StandAssignment {self.organisation_id}->{self.stand_id}>"
