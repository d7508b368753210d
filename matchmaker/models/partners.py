"""Partner matching state: the log of matching input changes, dismissals, contact requests."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.models.states import (
    CONTACT_TRANSITIONS,
    ContactStatus,
    Stateful,
    check_in,
    values,
)

if TYPE_CHECKING:
    from matchmaker.models.accounts import User
    from matchmaker.models.organisations import Organisation


class ProfileChange(db.Model):
    """One row per change of matching input, inserted (never updated) with the change.

    The highest id is the version of matching input: a build records the one it read, and
    every worker of every host folds in the organisations of the rows after its build's.
    Inserts take no shared row lock, so concurrent profile edits do not queue behind one
    another (the single counter row this replaces serialised them on PostgreSQL until
    commit). ``organisation_id`` None: something else changed (synonyms, weights), which the
    next build takes in. Not a foreign key: the row of a deleted organisation says it went.
    """

    __tablename__ = "profile_change"

    id: so.Mapped[int] = so.mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True
    )
    organisation_id: so.Mapped[int | None] = so.mapped_column()
    changed_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ProfileChange {self.id} org={self.organisation_id}>"


class Dismissal(db.Model):
    """An organisation marked a suggested partner as not relevant; it is not suggested again."""

    __tablename__ = "dismissal"

    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    dismissed_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    dismissed: so.Mapped[Organisation] = so.relationship(foreign_keys=[dismissed_id])

    def __repr__(self) -> str:
        return f"<Dismissal {self.organisation_id}->{self.dismissed_id}>"


class ContactRequest(Stateful, db.Model):
    """One organisation asks to get in touch with another; the receiver accepts or declines."""

    __tablename__ = "contact_request"

    STATUSES = values(ContactStatus)
    STATE_ENUM = ContactStatus
    TRANSITIONS = CONTACT_TRANSITIONS
    STATE_NOUN = _l("the contact request")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    from_org_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    to_org_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    from_user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="pending")
    # Where the request came from ("suggestion", "side_stream", "directory"): feeds the
    # matching quality figures (suggestion -> request -> accepted).
    source: so.Mapped[str] = so.mapped_column(sa.String(32), default="directory")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    decided_at: so.Mapped[datetime | None]
    decided_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    from_org: so.Mapped[Organisation] = so.relationship(foreign_keys=[from_org_id])
    to_org: so.Mapped[Organisation] = so.relationship(foreign_keys=[to_org_id])
    from_user: so.Mapped[User | None] = so.relationship(foreign_keys=[from_user_id])

    __table_args__ = (
        sa.CheckConstraint(check_in("status", ContactStatus), name="status"),
        sa.CheckConstraint("from_org_id <> to_org_id", name="not_self"),
        # At most one open request from one organisation to another, guarded by the database.
        sa.Index(
            "uq_contact_request_open_pair",
            "from_org_id",
            "to_org_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    def __repr__(self) -> str:
        return f"<ContactRequest {self.id} {self.from_org_id}->{self.to_org_id} {self.status}>"

    def decide(self, accept: bool, by_id: int | None, now: datetime | None = None) -> None:
        self.update_state(ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED)
        self.decided_at = now or utcnow()
        self.decided_by_id = by_id
