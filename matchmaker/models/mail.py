"""Outgoing mail: every message is recorded; SMTP delivery is attempted when configured."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import utcnow


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recipient: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(300))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    # Attachments as [{"filename", "mimetype", "content"}] with text content (e.g. .ics).
    attachments: so.Mapped[list | None] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    sent_at: so.Mapped[datetime | None]
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id}>"
