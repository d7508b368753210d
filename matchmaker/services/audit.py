"""The audit log: who changed profiles, memberships, imports, leads, event registrations and
stand assignments, and when.

Entries name fields, ids and counts, never personal data such as names or e-mail addresses.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, Cluster, Membership, Organisation, User

ACTIONS = {
    "profile.updated": _l("Profile changed"),
    "contact.saved": _l("Contact person saved"),
    "contact.deleted": _l("Contact person removed"),
    "membership.applied": _l("Membership applied for"),
    "membership.approved": _l("Membership approved"),
    "membership.declined": _l("Membership declined"),
    "membership.added": _l("Member added"),
    "cluster.settings": _l("Cluster settings changed"),
    "synonym.added": _l("Synonym added"),
    "synonym.deleted": _l("Synonym deleted"),
    "import.members": _l("Member list imported"),
    "import.created": _l("Organisation created by import"),
    "import.updated": _l("Organisation updated by import"),
    "lead.saved": _l("Lead saved"),
    "lead.imported": _l("Leads imported"),
    "lead.target": _l("Lead targets set"),
    "ecosystem.saved": _l("Ecosystem saved"),
    "ecosystem.roadmap": _l("Ecosystem roadmap changed"),
    "ecosystem.members": _l("Ecosystem members changed"),
    "registration.created": _l("Event registration made"),
    "registration.cancelled": _l("Event registration cancelled"),
    "registration.moved": _l("Moved from the waiting list by hand"),
    "stand.assigned": _l("Joint stand assignments changed"),
    "stand.confirmed": _l("Joint stand confirmed"),
    "stand.reopened": _l("Joint stand reopened"),
    "invitation.sent": _l("Invitations to claim the profile sent"),
    "invitation.accepted": _l("Profile claimed through an invitation"),
}


def _current_actor() -> User | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    action: str,
    *,
    actor: User | None = None,
    cluster: Cluster | None = None,
    organisation: Organisation | None = None,
    details: dict | None = None,
    cluster_id: int | None = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Add an entry to the caller's transaction; the actor defaults to the logged-in user.
    A caller that has only the ids (a signup, which loads no more than it needs) gives those."""
    actor = actor if actor is not None else _current_actor()
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor is not None else None,
        cluster_id=cluster.id if cluster is not None else cluster_id,
        organisation_id=organisation_id,
        details=details or {},
    )
    if organisation is not None:
        entry.organisation = organisation
    db.session.add(entry)
    return entry


def entries_for_cluster(cluster: Cluster) -> sa.Select:
    """Entries about the cluster itself (applications included) or about its approved members;
    an applicant's own activity is not the cluster's business until it is let in."""
    org_ids = sa.select(Membership.organisation_id).where(
        Membership.cluster_id == cluster.id, Membership.status == "approved"
    )
    return (
        sa.select(AuditEntry)
        .where(
            sa.or_(
                AuditEntry.cluster_id == cluster.id,
                sa.and_(AuditEntry.cluster_id.is_(None), AuditEntry.organisation_id.in_(org_ids)),
            )
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def label(action: str) -> str:
    return str(ACTIONS.get(action, action))
