"""In-app notifications, each person's mail preference per kind, and the digests sent."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow

if TYPE_CHECKING:
    from matchmaker.models.accounts import User

# What a notification is about; a preference is set per kind.
NOTIFICATION_KINDS = (
    "contact",
    "meeting",
    "waitlist",
    "membership",
    "suggestions",
    "opportunity",
)
# How a kind reaches a person by mail (in the app it always does).
CHANNELS = ("immediate", "daily", "off")
DIGEST_PERIODS = ("weekly", "daily")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Notification(db.Model):
    """One thing that happened for one person, shown under the bell until it is read."""

    __tablename__ = "notification"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    # Which sentence shows it (services.notifications.MESSAGES) and the values it names,
    # kept as plain text so that the page reads even after the object is gone.
    message: so.Mapped[str] = so.mapped_column(sa.String(40))
    data: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    # The object's page: an endpoint and its URL arguments.
    endpoint: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    params: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    read_at: so.Mapped[datetime | None]
    # Mailed at once, in a digest, or never to be (preference "off"); NULL while it waits
    # for the person's daily digest.
    mailed_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint(_in("kind", NOTIFICATION_KINDS), name="kind"),
        sa.Index("ix_notification_user_id_created_at", "user_id", "created_at"),
        # The bell's count reads only this small index.
        sa.Index(
            "ix_notification_unread",
            "user_id",
            sqlite_where=sa.text("read_at IS NULL"),
            postgresql_where=sa.text("read_at IS NULL"),
        ),
        # The daily digest's question: what still waits for a mail?
        sa.Index(
            "ix_notification_unmailed",
            "user_id",
            sqlite_where=sa.text("mailed_at IS NULL"),
            postgresql_where=sa.text("mailed_at IS NULL"),
        ),
    )

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def mark_read(self, now: datetime) -> None:
        if self.read_at is None:
            self.read_at = now

    def __repr__(self) -> str:
        return f"<Notification {self.id} user={self.user_id} {self.kind}>"


class NotificationPreference(db.Model):
    """How one kind of notification reaches one person by mail; no row means immediately."""

    __tablename__ = "notification_preference"

    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), primary_key=True)
    channel: so.Mapped[str] = so.mapped_column(sa.String(16), default="immediate")

    __table_args__ = (
        sa.CheckConstraint(_in("kind", NOTIFICATION_KINDS), name="kind"),
        sa.CheckConstraint(_in("channel", CHANNELS), name="channel"),
    )

    def __repr__(self) -> str:
        return f"<NotificationPreference {self.user_id} {self.kind}={self.channel}>"


class DigestRun(db.Model):
    """A digest mailed to one address for one period ("weekly" 2026-W49, "daily" 2026-12-01):
    the unique row is claimed before the mail is written, so a second run sends nothing."""

    __tablename__ = "digest_run"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    period: so.Mapped[str] = so.mapped_column(sa.String(8))
    period_key: so.Mapped[str] = so.mapped_column(sa.String(10))
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # The organisations a weekly digest suggested, so the next one brings new ones.
    suggested: so.Mapped[list | None] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(_in("period", DIGEST_PERIODS), name="period"),
        sa.UniqueConstraint("period", "period_key", "email"),
    )

    def __repr__(self) -> str:
        return f"<DigestRun {self.id} {self.period} {self.period_key}>"
