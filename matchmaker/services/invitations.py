"""Invitations for the contact people of members without users to claim their organisation,
and who a message meant for an organisation reaches.

An invitation link is signed (itsdangerous) over the row's id and a nonce stored on the row,
expires after EXPIRES_AFTER and works once: following it creates the person's account, already
confirmed (the link proves they read the invited mailbox), as the organisation's admin.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, url_for
from flask_babel import format_percent
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.dialects import postgresql, sqlite

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    ContactPerson,
    Invitation,
    Membership,
    Organisation,
    User,
    utcnow,
)
from matchmaker.models.invitations import INVITATION_STATUSES, OPEN_STATUSES
from matchmaker.services import accounts, audit, mail
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied

log = logging.getLogger(__name__)

EXPIRES_AFTER = timedelta(days=14)
REMIND_AFTER = timedelta(days=7)
MAX_IDS = 1000
DB_INT_MAX = 2**31 - 1

SKIP_REASONS = {
    "not_member": _l("Not a member of this cluster."),
    "claimed": _l("The organisation already has users."),
    "no_email": _l("No contact person with an e-mail address."),
    "already_invited": _l("An invitation is already open for every contact person."),
}


# ------------------------------------------------------------------ who is there
def unclaimed(org: Organisation) -> bool:
    """No one acts for the organisation in Matchmaker yet."""
    return not any(u.org_status == "active" for u in org.users)


def user_recipients(org: Organisation, including: User | None = None) -> list[User]:
    """The organisation's confirmed admins; its confirmed members when it has no admin.
    `including` adds that person (the one who asked, who must hear the answer) while they
    still act, confirmed, for the organisation."""
    active = [u for u in org.users if u.org_status == "active" and u.is_confirmed]
    admins = [u for u in active if u.org_role == "admin"]
    users = admins or active
    if including is not None and including in active and including not in users:
        users = [*users, including]
    return users


def contacts_with_email(org: Organisation) -> list[ContactPerson]:
    """Contact people with an address, each address once."""
    seen: set[str] = set()
    out = []
    for c in org.contacts:
        email = accounts.normalise_email(c.email)
        if email and email not in seen:
            seen.add(email)
            out.append(c)
    return out


def reachable(org: Organisation) -> bool:
    """Whether a message meant for the organisation reaches anyone (nothing is written)."""
    return bool(user_recipients(org) or contacts_with_email(org))


@dataclass
class Recipient:
    email: str
    locale: str | None
    claim_link: str | None = None


def recipients(org: Organisation, cluster: Cluster | None = None, actor=None) -> list[Recipient]:
    """Who gets a message meant for the organisation: its users, or when none can be reached,
    its contact people with an e-mail address, each with a link to claim the organisation
    (an invitation is made on the fly, or the open one reused). Empty: nobody to reach."""
    users = user_recipients(org)
    if users:
        return [Recipient(u.email, u.locale) for u in users]
    out = []
    for contact in contacts_with_email(org):
        item = (
            _open_invitation(org, contact.email)
            or _new_invitation(cluster or _home_cluster(org), org, contact, actor)
            # made by another request at the same moment: committed now, so it can be read
            or _open_invitation(org, contact.email)
        )
        if item is not None:
            out.append(Recipient(item.email, None, claim_link(item)))
    return out


def _home_cluster(org: Organisation) -> Cluster | None:
    approved = sorted(
        (m for m in org.memberships if m.status == "approved"), key=lambda m: m.cluster_id
    )
    return approved[0].cluster if approved else None


def unreachable_members(cluster: Cluster) -> list[Organisation]:
    """Approved members a message cannot reach: no confirmed user, no contact e-mail."""
    return [org for org in _members(cluster) if not reachable(org)]


def _members(cluster: Cluster) -> list[Organisation]:
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.cluster_id == cluster.id, Membership.status == "approved")
            .options(so.selectinload(Organisation.users), so.selectinload(Organisation.contacts))
            .order_by(Organisation.name, Organisation.id)
        )
    )


# ------------------------------------------------------------------ links
def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="matchmaker-invitation")


def claim_link(item: Invitation) -> str:
    token = _serializer().dumps({"i": item.id, "n": item.nonce})
    return url_for("invitations.claim", token=token, _external=True)


def open_claim_link(org: Organisation, email: str) -> str | None:
    """The claim link of the address's open invitation, if it has one (none is made)."""
    item = _open_invitation(org, email)
    return claim_link(item) if item is not None else None


def expires_at(item: Invitation) -> datetime:
    return item.sent_at + EXPIRES_AFTER


def _open_invitation(org: Organisation, email: str) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(
            Invitation.organisation_id == org.id,
            Invitation.email == accounts.normalise_email(email),
            Invitation.status.in_(OPEN_STATUSES),
        )
    )


def _new_invitation(
    cluster: Cluster | None, org: Organisation, contact: ContactPerson, actor: User | None
) -> Invitation | None:
    """A new open invitation, or None when another request has just opened one for the same
    organisation and address: the partial unique index decides (INSERT ... ON CONFLICT DO
    NOTHING), so two coordinators inviting at once never meet a unique-index error."""
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    db.session.flush()  # the organisation and contact rows exist before the insert names them
    new_id = db.session.scalar(
        insert(Invitation)
        .values(
            cluster_id=cluster.id if cluster is not None else None,
            organisation_id=org.id,
            contact_person_id=contact.id,
            email=accounts.normalise_email(contact.email),
            created_by_id=actor.id if actor is not None else None,
            sent_at=utcnow(),
        )
        .on_conflict_do_nothing(
            index_elements=["organisation_id", "email"],
            index_where=sa.text("status IN ('sent', 'opened')"),
        )
        .returning(Invitation.id)
    )
    if new_id is None:
        log.info("An invitation for organisation %s was opened by another request", org.id)
        return None
    return db.session.get(Invitation, new_id)  # its id goes into the signed link


# ------------------------------------------------------------------ inviting
def validate_request(data) -> tuple[list[int] | None, bool]:
    """The body of an invitation request: {"organisation_ids": [...]} or {"all_unclaimed": true}."""
    if not isinstance(data, dict):
        raise DomainError(_l("Send a JSON object."), field="body")
    ids = data.get("organisation_ids")
    everyone = data.get("all_unclaimed")
    if everyone is not None and not isinstance(everyone, bool):
        raise DomainError(_l("Must be true or false."), field="all_unclaimed")
    if ids is None and not everyone:
        raise DomainError(
            _l("Give organisation_ids or all_unclaimed: true."), field="organisation_ids"
        )
    if ids is not None and everyone:
        raise DomainError(
            _l("Give organisation_ids or all_unclaimed, not both."), field="organisation_ids"
        )
    if ids is None:
        return None, True
    if (
        not isinstance(ids, list)
        or not ids
        or len(ids) > MAX_IDS
        or not all(type(i) is int and 1 <= i <= DB_INT_MAX for i in ids)
    ):
        raise DomainError(
            _l("A list of 1 to %(n)d organisation ids.", n=MAX_IDS), field="organisation_ids"
        )
    return list(dict.fromkeys(ids)), False


@dataclass
class InviteResult:
    invited: list[Invitation] = field(default_factory=list)
    # (organisation id, e-mail) that would be invited: what a dry run reports
    planned: list[tuple[Organisation, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (organisation id, reason)

    def skipped_json(self) -> list[dict]:
        return [{"organisation_id": oid, "reason": reason} for oid, reason in self.skipped]


def _require_coordinator(actor: User | None, cluster: Cluster) -> None:
    if actor is not None and not actor.coordinates(cluster.id):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))


def invite_members(
    actor: User | None,
    cluster: Cluster,
    organisation_ids: list[int] | None = None,
    all_unclaimed: bool = False,
    dry_run: bool = False,
) -> InviteResult:
    """Invite the contact people (with an address) of the given members, or of every member
    without users. `actor` None is the command line."""
    _require_coordinator(actor, cluster)
    result = InviteResult()
    if all_unclaimed:
        orgs = [o for o in _members(cluster) if unclaimed(o)]
    else:
        members = {o.id: o for o in _members(cluster)}
        orgs = []
        for oid in organisation_ids or []:
            if oid in members:
                orgs.append(members[oid])
            else:
                result.skipped.append((oid, "not_member"))
    for org in orgs:
        if not unclaimed(org):
            result.skipped.append((org.id, "claimed"))
            continue
        people = contacts_with_email(org)
        if not people:
            result.skipped.append((org.id, "no_email"))
            continue
        fresh = [c for c in people if _open_invitation(org, c.email) is None]
        if not fresh:
            result.skipped.append((org.id, "already_invited"))
            continue
        made = 0
        for contact in fresh:
            if dry_run:
                result.planned.append((org, accounts.normalise_email(contact.email)))
                continue
            item = _new_invitation(cluster, org, contact, actor)
            if item is None:  # another coordinator invited this address a moment ago
                continue
            result.planned.append((org, item.email))
            _send(item, "invitation")
            result.invited.append(item)
            made += 1
        if not dry_run and not made:
            result.skipped.append((org.id, "already_invited"))
    if result.invited:
        audit.record(
            "invitation.sent",
            actor=actor,
            cluster=cluster,
            details={"invitations": len(result.invited)},
        )
    return result


def _send(item: Invitation, template: str) -> None:
    mail.send_template(
        item.email,
        template,
        None,
        cluster=item.cluster,
        organisation=item.organisation,
        contact=item.contact_person,
        link=claim_link(item),
        expires_at=expires_at(item),
    )


def remind_and_expire(now: datetime | None = None) -> tuple[int, int]:
    """Mark invitations past their time expired; remind once, a week after sending, those
    still open whose organisation nobody has claimed. Running it again changes nothing."""
    now = now or utcnow()
    expired = list(
        db.session.scalars(
            sa.select(Invitation).where(
                Invitation.status.in_(OPEN_STATUSES), Invitation.sent_at <= now - EXPIRES_AFTER
            )
        )
    )
    for item in expired:
        item.mark_expired()
    due = db.session.scalars(
        sa.select(Invitation)
        .where(
            Invitation.status.in_(OPEN_STATUSES),
            Invitation.reminded_at.is_(None),
            Invitation.sent_at <= now - REMIND_AFTER,
        )
        .order_by(Invitation.id)
    )
    reminded = 0
    for item in due:
        item.reminded_at = now
        if unclaimed(item.organisation):
            _send(item, "invitation_reminder")
            reminded += 1
    log.info("Invitations: %d reminded, %d expired", reminded, len(expired))
    return reminded, len(expired)


# ------------------------------------------------------------------ following the link
def load(token: str) -> Invitation:
    """The open invitation a link stands for, or a DomainError saying why it cannot be used."""
    expired = DomainError(
        _l("This invitation has expired. Ask the cluster's coordinator for a new one.")
    )
    invalid = DomainError(_l("This invitation link is not valid."))
    try:
        data = _serializer().loads(token, max_age=int(EXPIRES_AFTER.total_seconds()))
    except SignatureExpired as exc:
        raise expired from exc
    except BadSignature as exc:
        raise invalid from exc
    item = db.session.get(Invitation, data.get("i")) if isinstance(data, dict) else None
    if item is None or not isinstance(data.get("i"), int) or item.nonce != data.get("n"):
        raise invalid
    if item.status == "accepted":
        raise Conflict(
            _l("This invitation has already been used. Log in with the account it created.")
        )
    if not item.is_open or utcnow() > expires_at(item):
        raise expired
    return item


def open_link(token: str) -> Invitation:
    item = load(token)
    item.mark_opened(utcnow())
    return item


def accept(token: str, *, name: str, password: str, locale: str | None) -> User:
    """Create the invited person's account as the organisation's admin; the organisation is
    claimed. The account is confirmed at once: the link proved the address."""
    item = load(token)
    # Two tabs submitting at once: the second waits here, then finds the invitation used.
    db.session.refresh(item, with_for_update=True)
    if not item.is_open:
        raise Conflict(
            _l("This invitation has already been used. Log in with the account it created.")
        )
    if not (name or "").strip():
        raise DomainError(_l("This field is required."), field="name")
    if accounts.user_by_email(item.email) is not None:
        raise Conflict(
            _l(
                "An account with this e-mail address already exists. Log in, and ask the "
                "cluster's coordinator to add you to the organisation."
            ),
            field="email",
        )
    accounts.check_password_rules(password)
    now = utcnow()
    org = item.organisation
    user = User(
        email=item.email,
        name=name.strip()[:200],
        password_hash=accounts.hash_password(password),
        locale=locale,
        confirmed_at=now,
        organisation=org,
        org_role="admin",
        org_status="active",
    )
    db.session.add(user)
    db.session.flush()
    item.mark_accepted(user, now)
    org.claimed_at = org.claimed_at or now
    audit.record("invitation.accepted", actor=user, cluster=item.cluster, organisation=org)
    return user


def mark_bounced(email: str) -> int:
    """The mail server refused the address for good: its open invitations are bounced, so
    the coordinator sees which contact e-mail to correct. Returns how many."""
    items = list(
        db.session.scalars(
            sa.select(Invitation).where(
                Invitation.email == accounts.normalise_email(email),
                Invitation.status.in_(OPEN_STATUSES),
            )
        )
    )
    for item in items:
        item.mark_bounced()
    return len(items)


# ------------------------------------------------------------------ the coordinator's view
def list_for(cluster: Cluster, status: str | None = None) -> list[Invitation]:
    stmt = (
        sa.select(Invitation)
        .where(Invitation.cluster_id == cluster.id)
        .options(so.joinedload(Invitation.organisation))
        .order_by(Invitation.sent_at.desc(), Invitation.id.desc())
    )
    if status in INVITATION_STATUSES:
        stmt = stmt.where(Invitation.status == status)
    return list(db.session.scalars(stmt))


@dataclass
class ClaimRate:
    claimed: int  # members claimed through an invitation
    base: int  # members that had no users: those claimed since, and those still without

    @property
    def ratio(self) -> float | None:
        return self.claimed / self.base if self.base else None

    def formatted(self) -> str:
        return format_percent(self.ratio, "#,##0.0%") if self.ratio is not None else "–"


def claim_rate(cluster: Cluster) -> ClaimRate:
    members = _members(cluster)
    claimed = sum(1 for o in members if o.claimed_at is not None)
    waiting = sum(1 for o in members if o.claimed_at is None and unclaimed(o))
    return ClaimRate(claimed=claimed, base=claimed + waiting)


def as_json(item: Invitation) -> dict:
    return {
        "id": item.id,
        "organisation": {"id": item.organisation.id, "name": item.organisation.name},
        "email": item.email,
        "status": item.status,
        "sent_at": item.sent_at.isoformat() + "Z",
        "accepted_at": item.accepted_at.isoformat() + "Z" if item.accepted_at else None,
    }
