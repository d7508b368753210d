"""Clusters and memberships: applying, approving, declining; who coordinates what."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import Cluster, ClusterCoordinator, Membership, Organisation, User
from matchmaker.services import audit, invitations, mail, matching, notifications
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied
from matchmaker.services.permissions import require_coordinator

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def all_clusters() -> list[Cluster]:
    return list(db.session.scalars(sa.select(Cluster).order_by(Cluster.name)))


def by_slug(slug: str) -> Cluster | None:
    return db.session.scalar(sa.select(Cluster).where(Cluster.slug == slug))


def _check_timezone(name: str) -> str:
    if not timeutil.is_valid(name):
        raise DomainError(_l("Choose a time zone from the list."), field="timezone")
    return name


def create_cluster(
    *,
    slug: str,
    name: str,
    region: str = "",
    description: str = "",
    timezone: str = timeutil.DEFAULT_TIMEZONE,
) -> Cluster:
    if not _SLUG_RE.match(slug or ""):
        raise DomainError(_l("Use lower-case letters, digits and hyphens."), field="slug")
    if by_slug(slug) is not None:
        raise Conflict(_l("This short name is already in use."), field="slug")
    cluster = Cluster(
        slug=slug,
        name=name.strip(),
        region=region.strip(),
        description=description,
        timezone=_check_timezone(timezone),
    )
    db.session.add(cluster)
    return cluster


def update_settings(actor: User, cluster: Cluster, data: dict) -> Cluster:
    """A coordinator (or site admin) edits the cluster's name, region, description and time
    zone; the zone is the one its dates and times are entered and shown in from then on."""
    require_coordinator(actor, cluster.id)
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError(_l("Enter a name."), field="name")
    new = {
        "timezone": _check_timezone(data.get("timezone") or ""),
        "name": name[:200],
        "region": (data.get("region") or "").strip()[:100],
        "description": data.get("description") or "",
    }
    changed = sorted(k for k, v in new.items() if getattr(cluster, k) != v)
    for key in changed:
        setattr(cluster, key, new[key])
    if changed:
        audit.record("cluster.settings", actor=actor, cluster=cluster, details={"fields": changed})
    return cluster


def add_coordinator(cluster: Cluster, user: User) -> None:
    if not any(c.user_id == user.id for c in cluster.coordinators):
        cluster.coordinators.append(ClusterCoordinator(user=user))


def membership(cluster: Cluster, org: Organisation) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.cluster_id == cluster.id, Membership.organisation_id == org.id
        )
    )


def member_count(cluster: Cluster) -> int:
    return db.session.scalar(
        # count(*): the (cluster, status, organisation) index answers it alone
        sa.select(sa.func.count()).where(
            Membership.cluster_id == cluster.id, Membership.status == "approved"
        )
    )


def apply(actor: User, cluster: Cluster, org: Organisation, message: str = "") -> Membership:
    """An organisation applies for membership; the cluster's coordinators are told."""
    if not (actor.is_site_admin or actor.active_organisation_id == org.id):
        raise PermissionDenied(_l("You can only apply on behalf of your own organisation."))
    existing = membership(cluster, org)
    if existing is not None and existing.status in ("pending", "approved"):
        raise Conflict(
            _l("Already a member.")
            if existing.status == "approved"
            else _l("The application is already waiting for a decision.")
        )
    if existing is None:
        existing = Membership(cluster=cluster, organisation=org)
        db.session.add(existing)
    existing.reapply((message or "").strip()[:2000])
    audit.record("membership.applied", actor=actor, cluster=cluster, organisation=org)
    for coord in cluster.coordinators:
        mail.send_template(
            coord.user.email,
            "membership_applied",
            coord.user.locale,
            cluster=cluster,
            organisation=org,
            link=url_for("clusters.applications", slug=cluster.slug, _external=True),
        )
    return existing


def invite(actor: User | None, cluster: Cluster, org: Organisation) -> Membership | None:
    """The cluster asks an organisation it does not coordinate to become a member.

    Nothing of the organisation changes; its admins accept or decline (see `decide`). Returns
    None when there is nothing to ask: already a member, or a request is already waiting.
    """
    existing = membership(cluster, org)
    if existing is not None and existing.status in ("pending", "approved"):
        return None
    if existing is None:
        existing = Membership(cluster=cluster, organisation=org)
        db.session.add(existing)
    existing.reapply("")
    existing.invited = True
    for cluster_id in _cluster_ids_of(org) | {cluster.id}:
        audit.record(
            "membership.invited",
            actor=actor,
            cluster=db.session.get(Cluster, cluster_id),
            organisation=org,
        )
    # Its admins decide; without any, its contact people, who can claim it (the invitation
    # belongs to a cluster it is a member of, not to the one asking).
    admins = [u for u in org.users if u.is_org_admin and u.is_confirmed]
    people = (
        [invitations.Recipient(u.email, u.locale) for u in admins]
        if admins
        else invitations.recipients(org, actor=actor)
    )
    for person in people:
        mail.send_template(
            person.email,
            "membership_invited",
            person.locale,
            cluster=cluster,
            organisation=org,
            link=url_for("clusters.directory_page", slug=cluster.slug, _external=True),
            claim_link=person.claim_link,
        )
    return existing


def _cluster_ids_of(org: Organisation) -> set[int]:
    return {m.cluster_id for m in org.memberships if m.status == "approved"}


def can_decide(actor: User, item: Membership, approve: bool) -> bool:
    """Who answers: the coordinators for an application, the organisation's admins for an
    invitation (its coordinators may still withdraw it)."""
    if actor.is_site_admin:
        return True
    if item.invited:
        if actor.is_org_admin and actor.organisation_id == item.organisation_id:
            return True
        return not approve and actor.coordinates(item.cluster_id)
    return actor.coordinates(item.cluster_id)


def decide(actor: User, item: Membership, approve: bool) -> Membership:
    if not can_decide(actor, item, approve):
        if item.invited:
            raise PermissionDenied(
                _l("The organisation's admins decide on an invitation from the cluster.")
            )
        raise PermissionDenied(_l("Only the cluster's coordinators can decide memberships."))
    if item.status != "pending":
        raise Conflict(_l("This application has already been decided."))
    item.decide(approve, actor.id)
    audit.record(
        f"membership.{item.status}",
        actor=actor,
        cluster=item.cluster,
        organisation=item.organisation,
    )
    matching.bump_version(item.organisation)
    if item.invited:
        return item
    for user in item.organisation.users:
        if user.is_org_admin:
            notifications.notify(
                user,
                "membership",
                "membership_approved" if approve else "membership_declined",
                endpoint="clusters.directory_page",
                params={"slug": item.cluster.slug},
                data={"org": item.organisation.name, "cluster": item.cluster.name},
                template="membership_decided",
                cluster=item.cluster,
                organisation=item.organisation,
                approved=approve,
            )
    return item


def add_member(cluster: Cluster, org: Organisation) -> Membership:
    """Approved membership without an application (import, demo data, CLI)."""
    item = membership(cluster, org) or Membership(cluster=cluster, organisation=org)
    item.approve_directly()
    db.session.add(item)
    audit.record("membership.added", cluster=cluster, organisation=org)
    matching.bump_version(item.organisation)
    return item


def pending_applications(cluster: Cluster) -> list[Membership]:
    """Organisations that applied to the cluster and wait for a coordinator's answer."""
    return _pending(cluster, invited=False)


def pending_invitations(cluster: Cluster) -> list[Membership]:
    """Organisations the cluster has asked (by import) that have not answered yet."""
    return _pending(cluster, invited=True)


def _pending(cluster: Cluster, *, invited: bool) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(
                Membership.cluster_id == cluster.id,
                Membership.status == "pending",
                Membership.invited.is_(invited),
            )
            .order_by(Membership.applied_at)
        )
    )
