"""People who log in, their API tokens and login attempts."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin

from matchmaker.extensions import db
from matchmaker.models.states import (
    ORG_STATUS_TRANSITIONS,
    OrgStatus,
    Stateful,
    check_in,
    values,
)

if TYPE_CHECKING:
    from matchmaker.models.clusters import ClusterCoordinator
    from matchmaker.models.organisations import Organisation


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp column stores on SQLite and PostgreSQL alike."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(Stateful, UserMixin, db.Model):
    __tablename__ = "user"

    ORG_ROLES = ("member", "admin")
    ORG_STATUSES = values(OrgStatus)
    STATE_FIELD = "org_status"
    STATE_ENUM = OrgStatus
    TRANSITIONS = ORG_STATUS_TRANSITIONS
    STATE_NOUN = _l("the request to join")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    # Flask-Login's alternative id: sessions and remember-me cookies carry this token, not the
    # user id, so rotating it (password change, "log out everywhere") ends every login at once.
    session_token: so.Mapped[str] = so.mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    confirmed_at: so.Mapped[datetime | None]
    is_site_admin: so.Mapped[bool] = so.mapped_column(default=False)
    is_active_account: so.Mapped[bool] = so.mapped_column(default=True)
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    org_role: so.Mapped[str] = so.mapped_column(sa.String(16), default="member")
    org_status: so.Mapped[str] = so.mapped_column(sa.String(16), default="active")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_login_at: so.Mapped[datetime | None]

    organisation: so.Mapped[Organisation | None] = so.relationship(back_populates="users")
    coordinator_of: so.Mapped[list[ClusterCoordinator]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    api_tokens: so.WriteOnlyMapped[ApiToken] = so.relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint("org_role IN ('member', 'admin')", name="org_role"),
        sa.CheckConstraint(check_in("org_status", OrgStatus), name="org_status"),
    )

    def __repr__(self) -> str:
        return f"<User {self.id}>"

    def get_id(self) -> str:  # Flask-Login: what the session and remember cookie store
        return self.session_token

    def rotate_session_token(self) -> None:
        """End every session and remember-me cookie of this user."""
        self.session_token = new_session_token()

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot log in
        return self.is_active_account

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def active_organisation_id(self) -> int | None:
        """The organisation this user acts for; None while a join request is pending."""
        return self.organisation_id if self.org_status == "active" else None

    @property
    def is_org_admin(self) -> bool:
        return self.org_status == "active" and self.org_role == "admin"

    def join_organisation(self, org: Organisation, *, role: str, pending: bool) -> None:
        """Belong to `org`: at once (its first admin), or pending until its admins decide."""
        self.organisation = org
        self.org_role = role
        self.org_status = (OrgStatus.PENDING if pending else OrgStatus.ACTIVE).value

    def decide_join(self, approve: bool) -> None:
        """An admin answers this user's pending request to join the organisation."""
        self.update_state(OrgStatus.ACTIVE if approve else OrgStatus.DECLINED)

    def leave_organisation(self) -> None:
        self.organisation_id = None
        self.org_role = "member"
        self.org_status = OrgStatus.ACTIVE.value

    def coordinates(self, cluster_id: int) -> bool:
        return self.is_site_admin or any(c.cluster_id == cluster_id for c in self.coordinator_of)

    @property
    def coordinated_cluster_ids(self) -> set[int]:
        return {c.cluster_id for c in self.coordinator_of}


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    digest: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_used_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship(back_populates="api_tokens")

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"


class LoginAttempt(db.Model):
    """Login attempts that were let through to the password check and did not succeed (or
    are being checked), counted per address and per client IP for rate limiting.

    Kept in the database so that every app process (and host) sees the same counts.
    """

    __tablename__ = "login_attempt"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    ip: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<LoginAttempt {self.id}>"
