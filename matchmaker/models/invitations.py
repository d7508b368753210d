"""Invitations for the contact people of imported members to claim their organisation."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.clusters import Cluster
    from matchmaker.models.organisations import ContactPerson, Organisation

INVITATION_STATUSES = ("sent", "opened", "accepted", "expired", "bounced")
OPEN_STATUSES = ("sent", "opened")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(db.Model):
    """One link sent to one address of one organisation; usable once, until it expires."""

    __tablename__ = "invitation"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # The cluster that invited; None when a message to an unclaimed organisation outside
    # any cluster made the invitation on the fly.
    cluster_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    contact_person_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("contact_person.id", ondelete="SET NULL")
    )
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    # Signed into the link; a new nonce makes every earlier link of this row worthless.
    nonce: so.Mapped[str] = so.mapped_column(sa.String(32), default=new_nonce)
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="sent")
    sent_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    opened_at: so.Mapped[datetime | None]
    accepted_at: so.Mapped[datetime | None]
    reminded_at: so.Mapped[datetime | None]
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    cluster: so.Mapped[Cluster | None] = so.relationship()
    organisation: so.Mapped[Organisation] = so.relationship()
    contact_person: so.Mapped[ContactPerson | None] = so.relationship()
    created_by: so.Mapped[User | None] = so.relationship(foreign_keys=[created_by_id])
    user: so.Mapped[User | None] = so.relationship(foreign_keys=[user_id])

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('sent', 'opened', 'accepted', 'expired', 'bounced')", name="status"
        ),
        # One open invitation per organisation and address: inviting twice reuses it.
        sa.Index(
            "uq_invitation_open_organisation_email",
            "organisation_id",
            "email",
            unique=True,
            sqlite_where=sa.text("status IN ('sent', 'opened')"),
            postgresql_where=sa.text("status IN ('sent', 'opened')"),
        ),
    )

    def __repr__(self) -> str:
        return f"<Invitation {self.id} org={self.organisation_id} {self.status}>"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def mark_opened(self, now: datetime) -> None:
        if self.status == "sent":
            self.status, self.opened_at = "opened", now

    def mark_accepted(self, user: User, now: datetime) -> None:
        if not self.is_open:
            raise ValueError(f"invitation {self.id} is {self.status}, not open")
        self.status, self.accepted_at, self.user = "accepted", now, user
        self.opened_at = self.opened_at or now

    def mark_expired(self) -> None:
        if self.is_open:
            self.status = "expired"

    def mark_bounced(self) -> None:
        if self.is_open:
            self.status = "bounced"
