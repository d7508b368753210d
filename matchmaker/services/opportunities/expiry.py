"""The daily job: reminders before an opportunity's deadline, and expiry after it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import url_for

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Opportunity,
    utcnow,
)
from matchmaker.services import mail

from .core import REMIND_DAYS
from .editing import _owner_recipients

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ the daily job
def expire_and_remind(now: datetime | None = None) -> tuple[int, int]:
    """Expire published posts whose deadline day has passed in their cluster's zone; remind
    the owner once, three days before. Running it again sends and changes nothing."""
    now = now or utcnow()
    expired = reminded = 0
    rows = db.session.scalars(
        sa.select(Opportunity).where(Opportunity.status == "published").order_by(Opportunity.id)
    )
    for opp in rows:
        today = timeutil.today(opp.cluster, now)
        if opp.deadline < today:
            opp.expire(now)
            expired += 1
        elif opp.reminded_at is None and opp.deadline <= today + timedelta(days=REMIND_DAYS):
            opp.reminded_at = now
            for person in _owner_recipients(opp):
                mail.send_template(
                    person.email,
                    "opportunity_reminder",
                    person.locale,
                    opportunity=opp,
                    cluster=opp.cluster,
                    days=(opp.deadline - today).days,
                    link=url_for("opportunities.show", opp_id=opp.id, _external=True),
                    claim_link=getattr(person, "claim_link", None),
                )
            reminded += 1
    log.info("Opportunities: %d reminded, %d expired", reminded, expired)
    return reminded, expired
