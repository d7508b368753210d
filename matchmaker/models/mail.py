"""Outgoing mail: every message is a row of the outbox; a worker delivers the queued ones."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow
from matchmaker.services.errors import Conflict

# queued: waiting for the worker (again after a temporary failure); sent: the SMTP server took
# it; failed: refused for good or out of attempts; kept: the worker had no mail server, so the
# outbox is the delivery. Only queued rows are ever claimed.
MAIL_STATUSES = ("queued", "sent", "failed", "kept")
REQUEUEABLE = ("failed", "kept")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recipient: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(300))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    # Attachments as [{"filename", "mimetype", "content"}] with text content (e.g. .ics).
    attachments: so.Mapped[list | None] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="queued")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    # When a queued message is due (the back-off after a temporary failure); NULL otherwise.
    next_attempt_at: so.Mapped[datetime | None] = so.mapped_column(default=utcnow)
    last_attempt_at: so.Mapped[datetime | None]
    # A worker's claim on a queued row; it lapses at claimed_until, so a crashed worker's
    # rows are taken again.
    claimed_by: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    claimed_until: so.Mapped[datetime | None]
    sent_at: so.Mapped[datetime | None]
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)  # the last attempt's error
    # A message rendered at delivery (services/mail_render.py): mail/<template>.txt in
    # `locale`, from `context` (ids and plain values, never objects). Subject, body and
    # attachments are empty until the worker renders them (rendered_at); a row without a
    # template was rendered when it was queued.
    template: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    context: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    rendered_at: so.Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in MAIL_STATUSES) + ")", name="status"
        ),
        # The worker's question, "which queued rows are due?", reads only this small index.
        sa.Index(
            "ix_outbox_message_due",
            "next_attempt_at",
            sqlite_where=sa.text("status = 'queued'"),
            postgresql_where=sa.text("status = 'queued'"),
        ),
    )

    @property
    def can_requeue(self) -> bool:
        return self.status in REQUEUEABLE

    def requeue(self) -> None:
        """Queue a failed or kept message again, with a fresh count of attempts."""
        if not self.can_requeue:
            raise Conflict(_l("Only a failed or kept message can be sent again."))
        self.status = "queued"
        self.attempts = 0
        self.next_attempt_at = utcnow()
        self.claimed_by = self.claimed_until = None

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status}>"
