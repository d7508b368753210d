"""Confirming and reopening a joint stand, and inviting organisations to a fair."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.models import (
    Cluster,
    Fair,
    JointStand,
    Organisation,
    User,
)
from matchmaker.services import audit, invitations, mail
from matchmaker.services.errors import DomainError
from matchmaker.services.permissions import require_coordinator

from .assignment import cost_for, total
from .core import area_used, m2, over_full
from .interest import _member_cluster


def confirm_stand(actor: User, stand: JointStand) -> list[Organisation]:
    """Confirm a stand: every exhibitor gets an e-mail with neighbours and costs (its users,
    or its contact people with a link to claim it). Returns the exhibitors nobody could be
    mailed at."""
    require_coordinator(actor, stand.cluster_id)
    if not stand.assignments:
        raise DomainError(_l("Assign organisations to the stand before confirming it."))
    if over_full(stand):
        raise DomainError(
            _l(
                "%(stand)s is over-full: %(n)d companies on %(places)d places, %(used)s m² "
                "on %(area)s m². Move companies or change their areas before confirming.",
                stand=stand.name,
                n=len(stand.assignments),
                places=stand.places,
                used=m2(area_used(stand)),
                area=m2(stand.area_m2),
            )
        )
    stand.confirm()
    audit.record(
        "stand.confirmed",
        actor=actor,
        cluster=stand.cluster,
        details={"fair": stand.fair_id, "stand": stand.id, "exhibitors": len(stand.assignments)},
    )
    unreached = []
    for a in stand.assignments:
        lines = cost_for(stand, a)
        neighbours = [b.organisation.name for b in stand.assignments if b.id != a.id]
        people = invitations.recipients(a.organisation, stand.cluster, actor)
        if not people:
            unreached.append(a.organisation)
        for person in people:
            mail.send_template(
                person.email,
                "stand_confirmed",
                person.locale,
                stand=stand,
                fair=stand.fair,
                organisation=a.organisation,
                neighbours=neighbours,
                lines=lines,
                total=total(lines),
                link=url_for("fairs.show", fair_id=stand.fair_id, _external=True),
                claim_link=person.claim_link,
            )
    return unreached


def reopen_stand(actor: User, stand: JointStand) -> None:
    require_coordinator(actor, stand.cluster_id)
    stand.reopen()
    audit.record(
        "stand.reopened",
        actor=actor,
        cluster=stand.cluster,
        details={"fair": stand.fair_id, "stand": stand.id},
    )


def invite(actor: User, fair: Fair, cluster: Cluster, org: Organisation) -> int:
    """A one-click invitation to a member who has not registered interest yet: to its users,
    or to its contact people with a link to claim it."""
    require_coordinator(actor, cluster.id)
    _member_cluster(org, cluster.id)
    people = invitations.recipients(org, cluster, actor)
    for person in people:
        mail.send_template(
            person.email,
            "fair_invitation",
            person.locale,
            fair=fair,
            cluster=cluster,
            organisation=org,
            link=url_for("fairs.show", fair_id=fair.id, _external=True),
            claim_link=person.claim_link,
        )
    if not people:
        raise DomainError(
            _l(
                "%(org)s has not joined yet and has no contact person with an e-mail address; "
                "nobody can be invited.",
                org=org.name,
            )
        )
    return len(people)
