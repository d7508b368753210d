"""Posting and editing opportunities: validation, create, update, the status changes, and the
coordinators' moderation (hide/unhide).
"""

from __future__ import annotations

import logging
from datetime import date, datetime

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Opportunity,
    OpportunityIndustry,
    Organisation,
    User,
)
from matchmaker.models.opportunities import (
    OPPORTUNITY_KINDS,
    VISIBILITIES,
    OpportunityStatus,
)
from matchmaker.services import invitations, mail, reference
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied
from matchmaker.services.organisations import MAX_TEXT
from matchmaker.services.permissions import is_coordinator

from .core import (
    MAX_REASON,
    MAX_TITLE,
    _approved_cluster_ids,
    _org_id,
    can_moderate,
    local_today,
    require_owner,
)

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ validation
def _codes(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def clean(data: dict, cluster: Cluster | None, partial: Opportunity | None = None) -> dict:
    """Check an opportunity's fields (all of them, or with `partial` only those given)."""
    errors: dict[str, list] = {}
    out: dict = {}

    def given(name: str) -> bool:
        return partial is None or name in data

    if given("kind"):
        kind = (data.get("kind") or "").strip()
        if kind not in OPPORTUNITY_KINDS:
            errors["kind"] = [_l("Choose a kind.")]
        out["kind"] = kind
    if given("title"):
        title = " ".join((data.get("title") or "").split())
        if not title:
            errors["title"] = [_l("Give the opportunity a title.")]
        elif len(title) > MAX_TITLE:
            errors["title"] = [_l("At most %(n)d characters.", n=MAX_TITLE)]
        out["title"] = title
    for name in ("description", "offered_sought", "keywords"):
        if given(name):
            text = (data.get(name) or "").strip()
            if len(text) > MAX_TEXT:
                errors[name] = [_l("At most %(n)d characters.", n=MAX_TEXT)]
            out[name] = text
    if given("industries"):
        codes = sorted(set(_codes(data.get("industries"))))
        bad = [c for c in codes if not reference.is_industry_code(c)]
        if bad:
            errors["industries"] = [_l("Unknown industry code: %(codes)s", codes=", ".join(bad))]
        out["industries"] = codes
    if given("countries"):
        codes = sorted({c.upper() for c in _codes(data.get("countries"))})
        bad = [c for c in codes if c not in reference.country_codes()]
        if bad:
            errors["countries"] = [_l("Unknown country code: %(codes)s", codes=", ".join(bad))]
        out["countries"] = codes
    if given("visibility"):
        visibility = data.get("visibility") or "cluster"
        if visibility not in VISIBILITIES:
            errors["visibility"] = [_l("Choose who may see it.")]
        out["visibility"] = visibility
    if given("deadline"):
        deadline = data.get("deadline")
        if isinstance(deadline, str):
            try:
                deadline = date.fromisoformat(deadline)
            except ValueError:
                deadline = None
                errors["deadline"] = [_l("Enter the deadline as YYYY-MM-DD.")]
        if isinstance(deadline, datetime):
            deadline = deadline.date()
        if deadline is None:
            errors.setdefault("deadline", [_l("Give a deadline.")])
        elif cluster is not None and deadline < timeutil.today(cluster):
            errors["deadline"] = [_l("The deadline is in the past.")]
        out["deadline"] = deadline
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(
            first if len(errors) == 1 else _l("Check the highlighted fields."), fields=errors
        )
    return out


def _apply(opp: Opportunity, values: dict) -> None:
    for name, value in values.items():
        if name == "industries":
            opp.industries = [OpportunityIndustry(code=c) for c in value]
        else:
            setattr(opp, name, value)


# ------------------------------------------------------------------ posting
def postable_clusters(actor: User) -> list[Cluster]:
    """Clusters the actor may post in: their organisation's approved clusters, and the ones
    they coordinate (for the cluster itself)."""
    ids = _approved_cluster_ids(_org_id(actor)) | set(actor.coordinated_cluster_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(sa.select(Cluster).where(Cluster.id.in_(ids)).order_by(Cluster.name))
    )


def create(
    actor: User, cluster: Cluster, data: dict, for_cluster: bool = False, publish: bool = False
) -> Opportunity:
    """A new draft (or published) opportunity of the actor's organisation in a cluster it is a
    member of; with ``for_cluster`` a coordinator posts for the cluster itself."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_l("Log in to post an opportunity."))
    if for_cluster:
        if not is_coordinator(actor, cluster.id):
            raise PermissionDenied(_l("Only the cluster's coordinators can post for it."))
        owner_id = None
    else:
        owner_id = _org_id(actor)
        if not owner_id:
            raise PermissionDenied(_l("Only people acting for an organisation can do this."))
        if cluster.id not in _approved_cluster_ids(owner_id) and not actor.is_site_admin:
            raise PermissionDenied(_l("Your organisation is not a member of this cluster."))
    values = clean(data, cluster)
    opp = Opportunity(cluster=cluster, owner_org_id=owner_id, created_by_id=actor.id)
    opp.status = OpportunityStatus.DRAFT.value
    _apply(opp, values)
    db.session.add(opp)
    if publish:
        opp.publish()
    db.session.flush()
    log.info("Opportunity %s created in cluster %s", opp.id, cluster.id)
    return opp


def update(actor: User, opp: Opportunity, data: dict) -> Opportunity:
    require_owner(actor, opp)
    if opp.status == "fulfilled":
        raise Conflict(_l("A fulfilled opportunity cannot be changed."))
    values = clean(data, opp.cluster, partial=opp)
    if "deadline" in values and values["deadline"] != opp.deadline:
        opp.reminded_at = None  # a new deadline gets its own reminder
    _apply(opp, values)
    db.session.flush()
    return opp


def publish(actor: User, opp: Opportunity) -> Opportunity:
    require_owner(actor, opp)
    if opp.deadline < local_today(opp):
        raise DomainError(_l("The deadline is in the past: move it first."), field="deadline")
    opp.publish()
    return opp


def close(actor: User, opp: Opportunity) -> Opportunity:
    require_owner(actor, opp)
    opp.close()
    return opp


def fulfil(actor: User, opp: Opportunity, partner: Organisation) -> Opportunity:
    """Mark the opportunity fulfilled with the partner chosen: one whose interest was accepted."""
    require_owner(actor, opp)
    accepted = {i.organisation_id for i in opp.interests if i.status == "accepted"}
    if partner.id not in accepted:
        raise DomainError(
            _l("Choose a partner whose expression of interest you accepted."), field="partner"
        )
    opp.fulfil(partner.id)
    return opp


def delete(actor: User, opp: Opportunity) -> None:
    """Delete a post nobody has answered yet; one with expressions of interest is closed
    instead, so that the other side's history (and the funder's figures) stay."""
    require_owner(actor, opp)
    if opp.interests:
        raise Conflict(_l("Others have expressed interest in it: close it instead."))
    db.session.delete(opp)


def hide(actor: User, opp: Opportunity, reason: str) -> Opportunity:
    """A coordinator hides a post from everyone but its owner; the owner is told why."""
    if not can_moderate(actor, opp):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why it is hidden: the owner is told."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_l("At most %(n)d characters.", n=MAX_REASON), field="reason")
    opp.hide(reason, actor.id)
    for person in _owner_recipients(opp):
        mail.send_template(
            person.email,
            "opportunity_hidden",
            person.locale,
            opportunity=opp,
            cluster=opp.cluster,
            reason=reason,
            link=url_for("opportunities.show", opp_id=opp.id, _external=True),
        )
    return opp


def unhide(actor: User, opp: Opportunity) -> Opportunity:
    if not can_moderate(actor, opp):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))
    opp.unhide()
    return opp


def _owner_recipients(opp: Opportunity) -> list:
    """Who hears about the owner's post: the owner organisation's users (or its contact
    people), or for a cluster's own post the coordinator who posted it."""
    if opp.owner_org is not None:
        return invitations.recipients(opp.owner_org, cluster=opp.cluster)
    if opp.created_by is not None:
        return [invitations.Recipient(opp.created_by.email, opp.created_by.locale)]
    return []
