"""Contact requests between organisations and dismissed suggestions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import ContactRequest, Dismissal, Organisation, User
from matchmaker.services import invitations, mail, notifications
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied

SOURCES = ("suggestion", "side_stream", "directory", "similar")


def _acting_org(actor: User) -> int:
    if actor is None or not actor.active_organisation_id:
        raise PermissionDenied(_l("Only people acting for an organisation can do this."))
    return actor.active_organisation_id


def dismiss(actor: User, other: Organisation) -> None:
    """Mark a suggested organisation as not relevant for the actor's organisation."""
    org_id = _acting_org(actor)
    if other.id == org_id:
        raise DomainError(_l("You cannot dismiss your own organisation."))
    if db.session.get(Dismissal, (org_id, other.id)) is None:
        db.session.add(Dismissal(organisation_id=org_id, dismissed_id=other.id, user_id=actor.id))


def undismiss(actor: User, other: Organisation) -> None:
    org_id = _acting_org(actor)
    item = db.session.get(Dismissal, (org_id, other.id))
    if item is not None:
        db.session.delete(item)


def dismissed(actor: User) -> list[Dismissal]:
    org_id = _acting_org(actor)
    return list(
        db.session.scalars(
            sa.select(Dismissal)
            .where(Dismissal.organisation_id == org_id)
            .order_by(Dismissal.created_at.desc())
        )
    )


def open_request(from_org_id: int, to_org_id: int) -> ContactRequest | None:
    return db.session.scalar(
        sa.select(ContactRequest).where(
            ContactRequest.from_org_id == from_org_id,
            ContactRequest.to_org_id == to_org_id,
            ContactRequest.status == "pending",
        )
    )


def request_contact(
    actor: User, to_org: Organisation, message: str = "", source: str = "directory"
) -> ContactRequest:
    """Ask another organisation for contact; its admins (or members) get an e-mail, or when
    it has no users, its contact people, with a link to claim it (invitations.reachable says
    beforehand whether anyone is there to get it)."""
    from_org_id = _acting_org(actor)
    if to_org.id == from_org_id:
        raise DomainError(_l("You cannot request contact with your own organisation."))
    if open_request(from_org_id, to_org.id) is not None:
        raise Conflict(_l("You have already asked; the request is waiting for an answer."))
    if are_connected(from_org_id, to_org.id):
        raise Conflict(_l("You are already in contact with this organisation."))
    item = ContactRequest(
        from_org_id=from_org_id,
        to_org_id=to_org.id,
        from_user_id=actor.id,
        message=(message or "").strip()[:2000],
        source=source if source in SOURCES else "directory",
    )
    db.session.add(item)
    db.session.flush()
    context = {
        "request": item,
        "from_org": actor.organisation,
        "to_org": to_org,
        "link": url_for("partners.requests", _external=True),
    }
    users = _recipients(to_org)
    for user in users:
        notifications.notify(
            user,
            "contact",
            "contact_requested",
            endpoint="partners.requests",
            data={"org": actor.organisation.name},
            template="contact_requested",
            claim_link=None,
            **context,
        )
    if not users:  # its contact people, with a link to claim it
        for person in invitations.recipients(to_org, actor=actor):
            mail.send_template(
                person.email,
                "contact_requested",
                person.locale,
                claim_link=person.claim_link,
                **context,
            )
    return item


def decide(actor: User, item: ContactRequest, accept: bool) -> ContactRequest:
    """The receiving organisation accepts or declines; on acceptance both sides are mailed."""
    if _acting_org(actor) != item.to_org_id:
        raise PermissionDenied(_l("Only the organisation that was asked can answer."))
    if item.status != "pending":
        raise Conflict(_l("This request has already been answered."))
    item.decide(accept, actor.id)
    if accept:
        for org, other in ((item.from_org, item.to_org), (item.to_org, item.from_org)):
            asker = item.from_user if org is item.from_org else None
            for user in _recipients(org, including=asker):
                notifications.notify(
                    user,
                    "contact",
                    "contact_accepted",
                    endpoint="companies.show",
                    params={"org_id": other.id},
                    data={"org": other.name},
                    template="contact_accepted",
                    org=org,
                    other=other,
                    link=url_for("companies.show", org_id=other.id, _external=True),
                )
    elif item.from_user is not None:
        notifications.notify(
            item.from_user,
            "contact",
            "contact_declined",
            endpoint="partners.requests",
            data={"org": item.to_org.name},
            template="contact_declined",
            from_org=item.from_org,
            to_org=item.to_org,
        )
    return item


def answer_channel(asker: User) -> str:
    """How the person who asks hears the answer: "immediate" (a mail), "daily" (the daily
    digest) or "off" (only the notification in the app), as they chose for contact requests.
    `decide` notifies the asker in every case, so the sentence shown after asking can be true."""
    return notifications.preference(asker, "contact")


def _recipients(org: Organisation, including: User | None = None) -> list[User]:
    """The organisation's confirmed admins (its confirmed members when it has no admin), and
    `including` while they still act for it."""
    return invitations.user_recipients(org, including=including)


def are_connected(org_a: int, org_b: int) -> bool:
    """An accepted request in either direction."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(ContactRequest.id)).where(
                ContactRequest.status == "accepted",
                sa.or_(
                    sa.and_(ContactRequest.from_org_id == org_a, ContactRequest.to_org_id == org_b),
                    sa.and_(ContactRequest.from_org_id == org_b, ContactRequest.to_org_id == org_a),
                ),
            )
        )
        > 0
    )


def requests_of(org_id: int) -> tuple[list[ContactRequest], list[ContactRequest]]:
    """(received, sent), newest first."""

    def select(column):
        return list(
            db.session.scalars(
                sa.select(ContactRequest)
                .where(column == org_id)
                .order_by(ContactRequest.created_at.desc())
            )
        )

    return select(ContactRequest.to_org_id), select(ContactRequest.from_org_id)


def states_for(org_id: int, other_ids: list[int]) -> dict[int, str]:
    """For each other organisation: 'connected', 'sent', 'received' or absent."""
    if not other_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            ContactRequest.from_org_id, ContactRequest.to_org_id, ContactRequest.status
        ).where(
            ContactRequest.status.in_(("pending", "accepted")),
            sa.or_(
                sa.and_(
                    ContactRequest.from_org_id == org_id, ContactRequest.to_org_id.in_(other_ids)
                ),
                sa.and_(
                    ContactRequest.to_org_id == org_id, ContactRequest.from_org_id.in_(other_ids)
                ),
            ),
        )
    ).all()
    out: dict[int, str] = {}
    for from_id, to_id, status in rows:
        other = to_id if from_id == org_id else from_id
        if status == "accepted":
            out[other] = "connected"
        elif other not in out:
            out[other] = "sent" if from_id == org_id else "received"
    return out
