"""Background work that needs a row of its own: a large import queued by a request (its file,
its state and its result), and the error of each failed attempt of a queued job (the queue
engine keeps the job's state and attempts, not why it failed)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from matchmaker.extensions import db
from matchmaker.models.accounts import User, utcnow
from matchmaker.models.clusters import Cluster

# queued: waiting for a worker; running: a worker is applying it; done: every row written;
# rejected: a row was wrong, nothing written; failed: the job itself failed (see error).
IMPORT_STATUSES = ("queued", "running", "done", "rejected", "failed")
# The error of an attempt whose process died mid-way (killed, host lost): nothing was written.
WORKER_LOST = "WorkerLost: the worker applying this import stopped before it finished"


class ImportRun(db.Model):
    """A member list import too large for a request: applied by a job, watched on a page."""

    __tablename__ = "import_run"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cluster_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    filename: so.Mapped[str] = so.mapped_column(sa.String(255))
    # The uploaded file, kept in the database so a worker on another host can read it; emptied
    # once the import has finished.
    content: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    mapping: so.Mapped[dict] = so.mapped_column(sa.JSON)
    confirmed: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    rows: so.Mapped[int] = so.mapped_column(default=0)
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="queued")
    summary: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    started_at: so.Mapped[datetime | None]
    finished_at: so.Mapped[datetime | None]
    # Attempts started (a killed one counts), and who runs the current one ("host:pid:start"),
    # so that a pass of the SQLite worker can tell a run whose process died from a slow one.
    attempts: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    runner: so.Mapped[str | None] = so.mapped_column(sa.String(120))

    cluster: so.Mapped[Cluster] = so.relationship()
    actor: so.Mapped[User | None] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in IMPORT_STATUSES) + ")", name="status"
        ),
    )

    @property
    def finished(self) -> bool:
        return self.status in ("done", "rejected", "failed")

    @property
    def worker_lost(self) -> bool:
        """The last attempt ended because its worker died (queued again, or failed)."""
        return self.status in ("queued", "failed") and (self.error or "").startswith("WorkerLost")

    def __repr__(self) -> str:
        return f"<ImportRun {self.id} {self.status}>"


class JobError(db.Model):
    """Why one attempt of a queued job failed (the job's id in the queue engine)."""

    __tablename__ = "job_error"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    job_id: so.Mapped[int] = so.mapped_column(sa.BigInteger, index=True)
    task: so.Mapped[str] = so.mapped_column(sa.String(128))
    attempt: so.Mapped[int]
    error: so.Mapped[str] = so.mapped_column(sa.Text)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<JobError job={self.job_id} attempt={self.attempt}>"
