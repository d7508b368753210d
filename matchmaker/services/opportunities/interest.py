"""Expressions of interest in an opportunity: expressing, deciding, and the contact that an accepted
one creates.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import (
    ContactRequest,
    Opportunity,
    OpportunityInterest,
    User,
    utcnow,
)
from matchmaker.models.opportunities import (
    ExpressionStatus,
)
from matchmaker.services import contacts, invitations, mail
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied

from .core import MAX_MESSAGE, _org_id, can_view, is_open, require_owner
from .editing import _owner_recipients


# ------------------------------------------------------------------ expressions of interest
def express_interest(actor: User, opp: Opportunity, message: str = "") -> OpportunityInterest:
    """Another organisation answers the post; its owner gets a mail."""
    org_id = _org_id(actor)
    if not org_id:
        raise PermissionDenied(_l("Only people acting for an organisation can do this."))
    if not can_view(actor, opp):
        raise NotFound(_l("No such opportunity."))
    if opp.owner_org_id == org_id:
        raise PermissionDenied(_l("This is your own organisation's opportunity."))
    if not is_open(opp):
        raise DomainError(_l("This opportunity is no longer open for interest."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise DomainError(_l("At most %(n)d characters.", n=MAX_MESSAGE), field="message")
    exists = db.session.scalar(
        sa.select(OpportunityInterest.id).where(
            OpportunityInterest.opportunity_id == opp.id,
            OpportunityInterest.organisation_id == org_id,
        )
    )
    if exists is not None:
        raise Conflict(_l("Your organisation has already expressed interest."))
    item = OpportunityInterest(
        opportunity=opp, organisation_id=org_id, user_id=actor.id, message=message
    )
    item.status = ExpressionStatus.PENDING.value
    db.session.add(item)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as exc:  # the same organisation, at the same moment
        raise Conflict(_l("Your organisation has already expressed interest.")) from exc
    for person in _owner_recipients(opp):
        mail.send_template(
            person.email,
            "opportunity_interest",
            person.locale,
            opportunity=opp,
            cluster=opp.cluster,
            interest=item,
            from_org=actor.organisation,
            link=url_for("opportunities.show", opp_id=opp.id, _external=True),
            claim_link=getattr(person, "claim_link", None),
        )
    return item


def decide_interest(actor: User, item: OpportunityInterest, accept: bool) -> OpportunityInterest:
    """The owner accepts (both sides then see each other's contact people, as after an
    accepted contact request) or declines; the other side is mailed either way."""
    opp = item.opportunity
    require_owner(actor, opp)
    if item.status != "pending":
        raise Conflict(_l("This expression of interest has already been answered."))
    item.decide(accept, actor.id)
    if accept and opp.owner_org_id is not None:
        _connect(item.organisation_id, opp.owner_org_id, actor)
    for user in invitations.user_recipients(item.organisation, including=item.user):
        mail.send_template(
            user.email,
            "opportunity_interest_accepted" if accept else "opportunity_interest_declined",
            user.locale,
            opportunity=opp,
            cluster=opp.cluster,
            org=item.organisation,
            link=url_for("opportunities.show", opp_id=opp.id, _external=True),
        )
    return item


def _connect(org_a: int, org_b: int, actor: User) -> None:
    """An accepted contact between the two organisations (source "opportunity"), unless they
    already have one: the contact pages and every visibility check then treat them as in
    contact."""
    if contacts.are_connected(org_a, org_b):
        return
    pending = contacts.open_request(org_a, org_b)
    if pending is not None:
        pending.decide(True, actor.id)
        return
    now = utcnow()
    db.session.add(
        ContactRequest(
            from_org_id=org_a,
            to_org_id=org_b,
            from_user_id=None,
            message="",
            status="accepted",
            source="opportunity",
            decided_at=now,
            decided_by_id=actor.id,
        )
    )


def interest_of(viewer, opp: Opportunity) -> OpportunityInterest | None:
    org_id = _org_id(viewer)
    if not org_id:
        return None
    return next((i for i in opp.interests if i.organisation_id == org_id), None)


def poster_contact(opp: Opportunity) -> User | None:
    """For a cluster's own post: the coordinator who posted it, shown to accepted partners."""
    return opp.created_by if opp.owner_org_id is None else None
