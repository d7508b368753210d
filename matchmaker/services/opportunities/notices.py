"""Matching both ways: the organisations an opportunity fits, and the notices its owner sends them
(a limited number a day).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.jobs import queue
from matchmaker.matching import opportunities as opp_matching
from matchmaker.models import (
    Membership,
    Opportunity,
    OpportunityNotice,
    Organisation,
    User,
)
from matchmaker.services import invitations, mail, matching, notifications
from matchmaker.services.errors import Conflict, DomainError

from .core import KIND_LABELS, NOTIFY_LIMIT, is_open, require_owner
from .queries import text_of

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ matching both ways
def _audience(opp: Opportunity) -> set[int] | None:
    """Organisations allowed to see the post (None: anyone)."""
    if opp.visibility == "public":
        return None
    stmt = sa.select(Membership.organisation_id).where(Membership.status == "approved")
    if opp.visibility == "cluster":
        stmt = stmt.where(Membership.cluster_id == opp.cluster_id)
    return set(db.session.scalars(stmt))


@dataclass
class Fit:
    organisation: Organisation
    score: float
    reasons: list
    notified: bool = False
    interested: bool = False


def matches(opp: Opportunity, k: int = 10) -> list[Fit]:
    """The organisations the opportunity fits best among those allowed to see it, with
    reasons (an offer against their needs, a request against their offers)."""
    found = opp_matching.match(
        matching.current_index(),
        opp_matching.OpportunityText(
            opp.kind, text_of(opp), frozenset(opp.industry_codes), frozenset(opp.countries or ())
        ),
        k=k,
        exclude=[opp.owner_org_id] if opp.owner_org_id else [],
        candidates=_audience(opp),
    )
    ids = [s.id for s in found]
    orgs = {
        o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))
    }
    notified = set(
        db.session.scalars(
            sa.select(OpportunityNotice.organisation_id).where(
                OpportunityNotice.opportunity_id == opp.id
            )
        )
    )
    interested = {i.organisation_id for i in opp.interests}
    return [
        Fit(orgs[s.id], s.score, list(s.reasons), s.id in notified, s.id in interested)
        for s in found
        if s.id in orgs
    ]


def notify_limit() -> int:
    return int(current_app.config.get("OPPORTUNITY_NOTIFY_LIMIT", NOTIFY_LIMIT))


def _owner_notices(opp: Opportunity):
    """Notices sent about any post of the same owner (the organisation, or the cluster)."""
    same_owner = (
        Opportunity.owner_org_id == opp.owner_org_id
        if opp.owner_org_id is not None
        else sa.and_(Opportunity.owner_org_id.is_(None), Opportunity.cluster_id == opp.cluster_id)
    )
    return (
        sa.select(sa.func.count(OpportunityNotice.id))
        .join(Opportunity, Opportunity.id == OpportunityNotice.opportunity_id)
        .where(same_owner)
    )


def notices_left(opp: Opportunity, now: datetime | None = None) -> int:
    """How many organisations the owner may still notify today (the cluster's day)."""
    start = timeutil.day_start(timeutil.today(opp.cluster, now), opp.cluster)
    used = db.session.scalar(_owner_notices(opp).where(OpportunityNotice.sent_at >= start))
    return max(notify_limit() - (used or 0), 0)


def notify(actor: User, opp: Opportunity, org_ids: list[int]) -> list[Organisation]:
    """Invite organisations that fit to look at the post: each once, within the owner's daily
    limit, only those allowed to see it; members without users reach their contact people."""
    require_owner(actor, opp)
    if not is_open(opp):
        raise DomainError(_l("Only an open opportunity can be sent to others."))
    wanted = sorted({int(i) for i in org_ids})
    if not wanted:
        raise DomainError(_l("Choose the organisations to notify."), field="organisations")
    audience = _audience(opp)
    already = set(
        db.session.scalars(
            sa.select(OpportunityNotice.organisation_id).where(
                OpportunityNotice.opportunity_id == opp.id
            )
        )
    )
    targets = [
        o
        for o in db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(wanted)).order_by(Organisation.id)
        )
        if o.id != opp.owner_org_id
        and (audience is None or o.id in audience)
        and o.id not in already
    ]
    if not targets:
        raise Conflict(_l("These organisations have already been notified or cannot see it."))
    left = notices_left(opp)
    if len(targets) > left:
        raise DomainError(
            _l(
                "You can notify %(left)d more organisations today (at most %(limit)d a day).",
                left=left,
                limit=notify_limit(),
            ),
            field="organisations",
        )
    for org in targets:
        db.session.add(
            OpportunityNotice(opportunity_id=opp.id, organisation=org, sent_by_id=actor.id)
        )
    db.session.flush()
    ids = [org.id for org in targets]
    # The notices above are the record (the daily limit counts them); what each organisation
    # receives is written by a job once they commit, or here without a queue.
    if not queue.defer_after_commit(
        "send_notices", {"opportunity_id": opp.id, "organisation_ids": ids, "actor_id": actor.id}
    ):
        send_notices(opp, targets, actor)
    log.info("Opportunity %s: %d organisations notified", opp.id, len(targets))
    return targets


def send_notices(opp: Opportunity, targets: list[Organisation], actor: User) -> None:
    """Tell each notified organisation: its users under the bell (and by mail as they chose),
    an organisation without users through its contact people (with a claim link)."""
    link = url_for("opportunities.show", opp_id=opp.id, _external=True)
    for org in targets:
        context = {
            "opportunity": opp,
            "cluster": opp.cluster,
            "org": org,
            "kind_label": KIND_LABELS[opp.kind],
            "link": link,
        }
        users = invitations.user_recipients(org)
        # Its users see it under the bell and get the mail as they chose for opportunities;
        # an organisation without users is reached through its contact people (claim link).
        for user in users:
            notifications.notify(
                user,
                "opportunity",
                "opportunity_new",
                endpoint="opportunities.show",
                params={"opp_id": opp.id},
                data={"title": opp.title},
                template="opportunity_notice",
                claim_link=None,
                **context,
            )
        if users:
            continue
        for person in invitations.recipients(org, cluster=opp.cluster, actor=actor):
            mail.send_template(
                person.email,
                "opportunity_notice",
                person.locale,
                claim_link=person.claim_link,
                **context,
            )
    db.session.flush()
