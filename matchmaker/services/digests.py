"""Digest mails: each organisation's new partner suggestions once a week, and once a day the
notifications of the people who chose "daily digest" for their kind.

Each digest is claimed before it is written: a DigestRun row unique per period ("weekly"
2026-W49, "daily" 2026-12-01) and address, inserted with ON CONFLICT DO NOTHING. A second
run in the same period (or two at once) finds the row taken and sends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import url_for
from sqlalchemy.dialects import postgresql, sqlite

from matchmaker.extensions import db
from matchmaker.models import (
    DigestRun,
    Membership,
    Notification,
    NotificationPreference,
    Organisation,
    User,
    utcnow,
)
from matchmaker.services import (
    accounts,
    contacts,
    invitations,
    mail,
    matching,
    notifications,
    opportunities,
)

log = logging.getLogger(__name__)

SUGGESTIONS_PER_DIGEST = 3
CANDIDATES = 15  # suggestions looked at to find three not sent before
OPPORTUNITIES_PER_DIGEST = 3  # open posts published in the week that fit the organisation best


def period_key(period: str, now: datetime) -> str:
    if period == "weekly":
        year, week, _day = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.date().isoformat()


def _claim(period: str, key: str, email: str, **values) -> bool:
    """Take this period's digest for `email`; False when it was already taken."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    new_id = db.session.scalar(
        insert(DigestRun)
        .values(period=period, period_key=key, email=email, created_at=utcnow(), **values)
        .on_conflict_do_nothing(index_elements=["period", "period_key", "email"])
        .returning(DigestRun.id)
    )
    return new_id is not None


@dataclass
class DigestResult:
    weekly: int = 0  # weekly suggestion digests mailed
    daily: int = 0  # daily notification digests mailed
    noted: int = 0  # in-app suggestion notifications for people who chose no mail

    def summary(self) -> str:
        return (
            f"{self.weekly} weekly suggestion digests, {self.daily} daily digests sent, "
            f"{self.noted} suggestion notifications without mail."
        )


# ------------------------------------------------------------------ weekly suggestions
@dataclass
class _Reader:
    email: str
    locale: str | None
    user: User | None = None
    claim_link: str | None = None


def _readers(org: Organisation) -> list[_Reader]:
    """Its users; without any, its contact people who have an open invitation (the digest
    carries its claim link). Contact people without one are left out: a digest is no
    reason to invite anyone."""
    users = invitations.user_recipients(org)
    if users:
        return [_Reader(u.email, u.locale, u) for u in users]
    out = []
    for contact in invitations.contacts_with_email(org):
        link = invitations.open_claim_link(org, contact.email)
        if link:
            out.append(_Reader(accounts.normalise_email(contact.email), None, None, link))
    return out


def _sent_before(org: Organisation, key: str) -> set[int]:
    rows = db.session.scalars(
        sa.select(DigestRun.suggested).where(
            DigestRun.organisation_id == org.id,
            DigestRun.period == "weekly",
            DigestRun.period_key != key,
        )
    )
    return {oid for row in rows for oid in (row or [])}


def _new_suggestions(org: Organisation, key: str) -> list[matching.Match]:
    """The best suggestions not already sent in an earlier week, nor already in contact."""
    found = matching.partner_suggestions(org, k=CANDIDATES)
    skip = _sent_before(org, key) | set(
        contacts.states_for(org.id, [m.organisation.id for m in found])
    )
    return [m for m in found if m.organisation.id not in skip][:SUGGESTIONS_PER_DIGEST]


def _new_opportunities(org: Organisation, reader: _Reader, since: datetime) -> list:
    """Open posts published since `since` that the reader may see, best fit for the
    organisation first ("opportunities for you", as on the partners page)."""
    found = opportunities.for_organisation(org, reader.user, k=CANDIDATES)
    fresh = [li for li in found if (li.opportunity.published_at or since) >= since]
    return fresh[:OPPORTUNITIES_PER_DIGEST]


def _members() -> list[Organisation]:
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(
                Organisation.id.in_(
                    sa.select(Membership.organisation_id).where(Membership.status == "approved")
                )
            )
            .options(so.selectinload(Organisation.users), so.selectinload(Organisation.contacts))
            .order_by(Organisation.id)
        )
    )


def send_weekly(now: datetime | None = None) -> DigestResult:
    """Each member organisation's best three new partner suggestions, with their reasons,
    and the open opportunities of the past week that fit it best."""
    now = now or utcnow()
    key = period_key("weekly", now)
    week_start = (now - timedelta(days=now.weekday())).date()
    result = DigestResult()
    for org in _members():
        readers = _readers(org)
        if not readers:
            continue
        matches = _new_suggestions(org, key)
        ids = [m.organisation.id for m in matches]
        names = ", ".join(m.organisation.name for m in matches)
        for reader in readers:
            offers = _new_opportunities(org, reader, now - timedelta(days=7))
            if not matches and not offers:
                continue
            user_id = reader.user.id if reader.user else None
            if not _claim(
                "weekly", key, reader.email, user_id=user_id, organisation_id=org.id, suggested=ids
            ):
                continue
            mailed = reader.user is None or (
                notifications.preference(reader.user, "suggestions") != "off"
            )
            if mailed:
                mail.send_template(
                    reader.email,
                    "digest_suggestions",
                    reader.locale,
                    organisation=org,
                    matches=matches,
                    opportunities=offers,
                    kind_labels=opportunities.KIND_LABELS,
                    week_start=week_start,
                    week_end=week_start + timedelta(days=6),
                    link=url_for("partners.suggestions", _external=True),
                    claim_link=reader.claim_link,
                )
                result.weekly += 1
            else:
                result.noted += 1
            if reader.user is not None and matches:
                notifications.notify(
                    reader.user,
                    "suggestions",
                    "suggestions",
                    endpoint="partners.suggestions",
                    data={"org": org.name, "names": names},
                )
    log.info("Weekly digests %s: %d mailed", key, result.weekly)
    return result


# ------------------------------------------------------------------ daily notifications
def send_daily(now: datetime | None = None) -> DigestResult:
    """One mail per person listing the notifications that wait for their daily digest."""
    now = now or utcnow()
    key = period_key("daily", now)
    result = DigestResult()
    waiting = sa.select(Notification.user_id).where(
        Notification.mailed_at.is_(None), Notification.created_at <= now
    )
    users = db.session.scalars(
        sa.select(User)
        .where(User.id.in_(waiting), User.is_active_account.is_(True))
        .order_by(User.id)
    ).all()
    for user in users:
        items = list(
            db.session.scalars(
                sa.select(Notification)
                .where(
                    Notification.user_id == user.id,
                    Notification.mailed_at.is_(None),
                    Notification.created_at <= now,
                )
                .order_by(Notification.created_at, Notification.id)
            )
        )
        # A kind switched to "off" since: the waiting ones of it are not mailed any more.
        off = set(
            db.session.scalars(
                sa.select(NotificationPreference.kind).where(
                    NotificationPreference.user_id == user.id,
                    NotificationPreference.channel == "off",
                )
            )
        )
        for item in items:
            if item.kind in off:
                item.mailed_at = now
        items = [item for item in items if item.kind not in off]
        # Taken already today: what arrived since waits for tomorrow's digest.
        if not items or not _claim("daily", key, user.email, user_id=user.id):
            continue
        for item in items:
            item.mailed_at = now
        mail.send_template(
            user.email,
            "digest_daily",
            user.locale,
            user=user,
            items=items,
            day=now,
            link=url_for("notifications.index", _external=True),
        )
        result.daily += 1
    log.info("Daily digests %s: %d mailed", key, result.daily)
    return result


def send_digests(period: str | None = None, now: datetime | None = None) -> DigestResult:
    """The weekly digest, the daily one, or (no period) both: each is sent once per period,
    so running this every day sends the daily digests daily and the weekly ones weekly."""
    result = DigestResult()
    if period in (None, "weekly"):
        weekly = send_weekly(now)
        result.weekly, result.noted = weekly.weekly, weekly.noted
    if period in (None, "daily"):
        result.daily = send_daily(now).daily
    return result
