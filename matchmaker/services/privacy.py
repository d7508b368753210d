"""Personal data: everything stored about a user as JSON, and deleting an account.

Deleting removes the user row; what others counted keeps counting: audit entries and
membership decisions lose the actor (SET NULL), event registrations are anonymised (by the
events service's `anonymise_registrations_of` when it offers one, else here).
"""

from __future__ import annotations

import importlib
import json
import logging

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEntry,
    ContactPerson,
    Invitation,
    Lead,
    LoginAttempt,
    Registration,
    User,
)
from matchmaker.services import accounts
from matchmaker.services.errors import Conflict

log = logging.getLogger(__name__)


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def personal_data(user: User) -> dict:
    org = user.organisation
    contacts = db.session.scalars(
        sa.select(ContactPerson).where(sa.func.lower(ContactPerson.email) == user.email.lower())
    ).all()
    activity = db.session.execute(
        sa.select(AuditEntry.at, AuditEntry.action)
        .where(AuditEntry.actor_id == user.id)
        .order_by(AuditEntry.at)
    ).all()
    owned_leads = db.session.scalars(sa.select(Lead.name).where(Lead.owner_id == user.id)).all()
    data = {
        "account": {
            "email": user.email,
            "name": user.name,
            "locale": user.locale,
            "created_at": _iso(user.created_at),
            "confirmed_at": _iso(user.confirmed_at),
            "last_login_at": _iso(user.last_login_at),
            "site_admin": user.is_site_admin,
        },
        "organisation": (
            {
                "name": org.name,
                "business_id": org.business_id,
                "role": user.org_role,
                "status": user.org_status,
            }
            if org is not None
            else None
        ),
        "coordinates_clusters": sorted(c.cluster.slug for c in user.coordinator_of),
        "api_tokens": [
            {
                "label": t.label,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
            }
            for t in accounts.tokens_of(user)
        ],
        "listed_as_contact_person": [
            {
                "organisation": c.organisation.name,
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
                "visibility": c.visibility,
            }
            for c in contacts
        ],
        "activity": [{"at": _iso(at), "action": action} for at, action in activity],
        "leads_owned": list(owned_leads),
    }
    events = _events_service()
    if events is not None and hasattr(events, "personal_data_of"):
        data["event_registrations"] = events.personal_data_of(user)
    return data


def personal_data_json(user: User) -> bytes:
    return json.dumps(personal_data(user), ensure_ascii=False, indent=2).encode("utf-8")


def _events_service():
    try:
        return importlib.import_module("matchmaker.services.events")
    except ModuleNotFoundError:
        return None


def _anonymise_registrations(user: User) -> None:
    """Stand-in until the events service offers `anonymise_registrations_of`: the rows stay
    (and count), the name, address, diet and note go. The address stays unique per row."""
    db.session.execute(
        sa.update(Registration)
        .where(Registration.user_id == user.id)
        .values(
            name="—",
            email=sa.literal("deleted-") + sa.cast(Registration.id, sa.String) + "@invalid",
            dietary="",
            note="",
            user_id=None,
        )
        .execution_options(synchronize_session=False)
    )


def delete_account(user: User) -> None:
    """Remove the user; registrations are anonymised so that event counts stay right."""
    if user.is_org_admin and user.organisation_id is not None:
        others = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(
                User.organisation_id == user.organisation_id,
                User.id != user.id,
                User.org_status == "active",
            )
        )
        admins = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(
                User.organisation_id == user.organisation_id,
                User.org_role == "admin",
                User.org_status == "active",
            )
        )
        if others and admins <= 1:
            raise Conflict(
                _l("Make another person an admin of your organisation before you leave.")
            )
    events = _events_service()
    if events is not None and hasattr(events, "anonymise_registrations_of"):
        events.anonymise_registrations_of(user)
    else:
        _anonymise_registrations(user)
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.email == user.email))
    # Entries listing this person as a contact go too: they are this person's data.
    db.session.execute(
        sa.delete(ContactPerson).where(sa.func.lower(ContactPerson.email) == user.email.lower())
    )
    # Invitations hold the address too.
    db.session.execute(sa.delete(Invitation).where(Invitation.email == user.email.lower()))
    user_id = user.id
    db.session.delete(user)
    db.session.flush()
    log.info("Account %d deleted", user_id)
