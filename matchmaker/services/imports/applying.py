"""Applying an import: write every row of a clean preview (or nothing), memberships,
invitations and the audit trail, and the plain-text report for the command line."""

from __future__ import annotations

import logging
from collections.abc import Collection

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Cluster, ContactPerson, Membership, Organisation, User, utcnow
from matchmaker.services import audit, matching, organisations
from matchmaker.services import clusters as cluster_service
from matchmaker.services.imports.mapping import guess_mapping, remember_mapping, remembered_mapping
from matchmaker.services.imports.planning import (
    IN_CHUNK,
    ImportRejected,
    Preview,
    RowResult,
    approved_cluster_ids,
    existing_by_business_id,
    preview,
)
from matchmaker.services.imports.reading import Table, read_table

log = logging.getLogger(__name__)


# --------------------------------------------------------------------- commit
def import_members(
    cluster: Cluster,
    table: Table,
    mapping: dict[str, str],
    *,
    actor: User | None = None,
    dry_run: bool = False,
    confirmed: Collection[int] = (),
    confirm_all: bool = False,
) -> Preview:
    """Preview, then (unless dry_run) write every row or, on any error, raise ImportRejected.

    New organisations are created and existing ones the actor coordinates are updated; both
    become approved members. Another cluster's member is only invited; an unverified
    organisation is merged only when its row is confirmed. The caller commits.
    """
    result = preview(table, mapping, actor=actor, confirmed=confirmed, confirm_all=confirm_all)
    if not result.ok:
        raise ImportRejected(result)
    remember_mapping(cluster, mapping)
    if dry_run:
        return result
    existing = existing_by_business_id({r.business_id for r in result.rows if r.action != "create"})
    now = utcnow()
    db.session.flush()
    with db.session.no_autoflush:
        orgs: list[tuple[RowResult, Organisation]] = []
        invites: list[Organisation] = []
        for r in result.rows:
            org = existing.get(r.business_id)
            if r.action == "skip":
                continue
            if r.action == "apply":
                invites.append(org)
                continue
            if org is None:
                org = Organisation(business_id=r.business_id, name=r.clean["name"])
                db.session.add(org)
            organisations.write_profile(org, r.clean, bump_index=False)
            if r.contact:
                _merge_contact(org, r.contact)
            org.verified = True  # the coordinator vouched for it (a merge was confirmed)
            orgs.append((r, org))
        db.session.flush()
        # One insert into the matching change log for the whole batch, not one per row.
        matching.bump_version(*(org.id for _, org in orgs))
        other_clusters = approved_cluster_ids([o.id for _, o in orgs])
        clusters_by_id = _clusters({c for ids in other_clusters.values() for c in ids})
        clusters_by_id[cluster.id] = cluster
        members = _memberships(cluster, [o.id for _, o in orgs])
        for r, org in orgs:
            item = members.get(org.id)
            if item is None:
                item = Membership(cluster_id=cluster.id, organisation_id=org.id)
                db.session.add(item)
            item.approve_directly(actor.id if actor is not None else None, now)
            action = {"create": "import.created", "merge": "import.merged"}.get(
                r.action, "import.updated"
            )
            # Every cluster the organisation belongs to sees who changed it.
            for cluster_id in sorted(other_clusters.get(org.id, set()) | {cluster.id}):
                audit.record(
                    action,
                    actor=actor,
                    cluster=clusters_by_id[cluster_id],
                    organisation=org,
                    details={"row": r.row, "import_cluster": cluster.slug},
                )
        for org in invites:
            cluster_service.invite(actor, cluster, org)
        audit.record(
            "import.members",
            actor=actor,
            cluster=cluster,
            details={
                "created": result.created,
                "updated": result.updated,
                "applied": result.applied,
                "skipped": result.skipped,
            },
        )
        db.session.flush()
    log.info(
        "Imported members into cluster %s: %d created, %d updated, %d invited, %d skipped",
        cluster.slug,
        result.created,
        result.updated,
        result.applied,
        result.skipped,
    )
    return result


def _clusters(ids: set[int]) -> dict[int, Cluster]:
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(sa.select(Cluster).where(Cluster.id.in_(ids)))}


def _merge_contact(org: Organisation, contact: dict) -> None:
    """Update the contact with the same e-mail (or name), else add one."""
    match = None
    for c in org.contacts:
        if (contact.get("email") and c.email == contact["email"]) or (
            not contact.get("email") and c.name == contact.get("name")
        ):
            match = c
            break
    if match is None:
        match = ContactPerson(position=len(org.contacts))
        org.contacts.append(match)
    match.name = contact.get("name", "")[:200]
    if "title" in contact:
        match.title = contact["title"][:200]
    if contact.get("email"):
        match.email = contact["email"]
    if "phone" in contact:
        match.phone = contact["phone"][:50]


def _memberships(cluster: Cluster, org_ids: list[int]) -> dict[int, Membership]:
    found: dict[int, Membership] = {}
    for start in range(0, len(org_ids), IN_CHUNK):
        chunk = org_ids[start : start + IN_CHUNK]
        found.update(
            {
                m.organisation_id: m
                for m in db.session.scalars(
                    sa.select(Membership).where(
                        Membership.cluster_id == cluster.id,
                        Membership.organisation_id.in_(chunk),
                    )
                )
            }
        )
    return found


def import_file(
    cluster: Cluster,
    filename: str,
    content: bytes,
    *,
    actor: User | None = None,
    dry_run: bool = True,
    mapping: dict[str, str] | None = None,
    confirmed: Collection[int] = (),
    confirm_all: bool = False,
) -> Preview:
    """Read, map (given, else remembered or guessed) and import one file; the caller commits."""
    table = read_table(filename, content)
    if mapping is None:
        mapping = guess_mapping(table.headers, remembered_mapping(cluster))
    return import_members(
        cluster,
        table,
        mapping,
        actor=actor,
        dry_run=dry_run,
        confirmed=confirmed,
        confirm_all=confirm_all,
    )


def report_lines(result: Preview) -> list[str]:
    """The preview as plain text lines, for the command line."""
    lines = [
        str(
            _l(
                "%(rows)d rows: %(created)d to create, %(updated)d to update, %(applied)d only "
                "invited to join, %(skipped)d skipped, %(bad)d with errors.",
                rows=len(result.rows),
                created=result.created,
                updated=result.updated,
                applied=result.applied,
                skipped=result.skipped,
                bad=result.error_rows,
            )
        )
    ]
    for r in result.rows:
        if r.reason and not r.errors:
            lines.append(f"{r.row} {r.action}: {r.reason}")
    for item in result.errors():
        # "37 business_id: message": the row as the spreadsheet numbers it, the field's key.
        lines.append(f"{item['row']} {item['field']}: {' '.join(item['messages'])}")
    return lines
