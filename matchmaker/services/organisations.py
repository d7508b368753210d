"""Organisation profiles: validation, who may see and edit what, derived search text."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import (
    ClusterCoordinator,
    ContactPerson,
    Membership,
    Organisation,
    OrganisationIndustry,
    OrganisationMarket,
    User,
    utcnow,
)
from matchmaker.models.organisations import CONTACT_VISIBILITIES, ORG_TYPES, SIZE_CLASSES
from matchmaker.services import audit as audit_log
from matchmaker.services import business_id as bid
from matchmaker.services import contacts, matching, search_index
from matchmaker.services.email_address import is_valid_email, normalise_email
from matchmaker.services.errors import DomainError, PermissionDenied
from matchmaker.services.reference import country_codes, is_industry_code

TEXT_FIELDS = (
    "description",
    "capabilities",
    "needs",
    "side_streams_offered",
    "side_streams_wanted",
    "keywords",
    "certifications",
)
# Who the organisation is: the short member list's columns (services.exports).
IDENTITY_FIELDS = (
    "name",
    "business_id",
    "org_type",
    "size_class",
    "employees",
    "municipality",
    "website",
)
PROFILE_FIELDS = (
    *IDENTITY_FIELDS,
    "founded_year",
    *TEXT_FIELDS,
    "industries",
    "export_markets",
    "target_markets",
)
MAX_TEXT = 5000


def by_business_id(value: str) -> Organisation | None:
    return db.session.scalar(
        sa.select(Organisation).where(Organisation.business_id == bid.normalise(value))
    )


def business_id_message(value: str):
    problem = bid.error_for(value)
    if problem == "format":
        return _l("Enter the business ID as seven digits, a hyphen and a check digit: 1234567-8.")
    if problem == "checksum":
        return _l("This business ID is not valid: its check digit does not match.")
    return None


def validate_profile(data: dict, org: Organisation | None = None) -> dict:
    """Check and clean profile fields; raise DomainError with every field's problems at once.

    Only the keys present in `data` are checked and returned, so a PATCH may send a part.
    """
    errors: dict[str, list] = {}
    clean: dict = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    unknown = set(data) - set(PROFILE_FIELDS)
    for field in sorted(unknown):
        err(field, _l("Unknown field."))

    if "name" in data:
        name = _text(data["name"]).strip()
        if not name:
            err("name", _l("Enter the organisation's name."))
        elif len(name) > 200:
            err("name", _l("At most %(n)d characters.", n=200))
        clean["name"] = name
    if "business_id" in data:
        value = bid.normalise(_text(data["business_id"]))
        message = business_id_message(value)
        if message:
            err("business_id", message)
        else:
            other = by_business_id(value)
            if other is not None and (org is None or other.id != org.id):
                err(
                    "business_id",
                    _l("An organisation with this business ID is already registered."),
                )
        clean["business_id"] = value
    if "org_type" in data:
        if data["org_type"] not in ORG_TYPES:
            err("org_type", _l("Choose one of the listed types."))
        clean["org_type"] = data["org_type"]
    if "size_class" in data:
        value = data["size_class"] or None
        if value is not None and value not in SIZE_CLASSES:
            err("size_class", _l("Choose one of the listed size classes."))
        clean["size_class"] = value
    for field, low, high in (("employees", 0, 1_000_000), ("founded_year", 1600, utcnow().year)):
        if field in data:
            value = data[field]
            if value in (None, ""):
                clean[field] = None
                continue
            try:
                number = int(value)
                if isinstance(value, float | bool) or not low <= number <= high:
                    raise ValueError
            except (TypeError, ValueError):
                err(field, _l("Enter a whole number from %(low)d to %(high)d.", low=low, high=high))
                continue
            clean[field] = number
    if "municipality" in data:
        clean["municipality"] = _text(data["municipality"]).strip()[:100]
    if "website" in data:
        url = _text(data["website"]).strip()
        if url and "://" not in url:
            url = "https://" + url
        parsed = urlparse(url)
        if url and (parsed.scheme not in ("http", "https") or "." not in parsed.netloc):
            err("website", _l("Enter a web address such as https://www.example.fi."))
        clean["website"] = url
    for field in TEXT_FIELDS:
        if field in data:
            value = _text(data[field]).replace("\r\n", "\n").strip()
            if len(value) > MAX_TEXT:
                err(field, _l("At most %(n)d characters.", n=MAX_TEXT))
            clean[field] = value
    if "industries" in data:
        codes = _list(data["industries"])
        bad = [c for c in codes if not is_industry_code(c)]
        if bad:
            err("industries", _l("Unknown industry code: %(codes)s.", codes=", ".join(bad)))
        clean["industries"] = sorted(set(codes))
    for field in ("export_markets", "target_markets"):
        if field in data:
            codes = [c.upper() for c in _list(data[field])]
            bad = [c for c in codes if c not in country_codes()]
            if bad:
                err(field, _l("Unknown country code: %(codes)s.", codes=", ".join(bad)))
            clean[field] = sorted(set(codes))
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return clean


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError(_l("Check the highlighted fields."), fields={"_": [_l("Expected text.")]})
    return value


def _list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise DomainError(
            _l("Check the highlighted fields."), fields={"_": [_l("Expected a list.")]}
        )
    return [v.strip() for v in value if v.strip()]


def create_organisation(data: dict) -> Organisation:
    missing = {
        f: [_l("This field is required.")] for f in ("name", "business_id") if not data.get(f)
    }
    if missing:
        raise DomainError(_l("Check the highlighted fields."), fields=missing)
    clean = validate_profile(data)
    org = Organisation(business_id=clean["business_id"], name=clean["name"])
    db.session.add(org)
    write_profile(org, clean)
    return org


def update_profile(actor: User | None, org: Organisation, data: dict) -> Organisation:
    require_edit(actor, org)
    clean = validate_profile(data, org)
    write_profile(org, clean)
    audit_log.record(
        "profile.updated", actor=actor, organisation=org, details={"fields": sorted(clean)}
    )
    return org


def write_profile(org: Organisation, clean: dict, bump_index: bool = True) -> None:
    """Write validated profile fields; a bulk caller bumps the matching version once itself."""
    for field, value in clean.items():
        if field == "industries":
            org.industries = [OrganisationIndustry(code=c) for c in value]
        elif field in ("export_markets", "target_markets"):
            kind = field.split("_")[0]
            keep = [m for m in org.markets if m.kind != kind]
            org.markets = keep + [OrganisationMarket(kind=kind, country=c) for c in value]
        else:
            setattr(org, field, value)
    org.updated_at = utcnow()  # the search keys follow at the flush (services.search_index)
    if bump_index:
        matching.bump_version(org)


def refresh_search_text(org: Organisation) -> None:
    """Write the search keys of ``org`` now (the flush hook does it for the ORM's writes; a
    bulk seeder that inserts rows itself calls this)."""
    search_index.refresh(org)


def coordinates_org(user: User, org: Organisation) -> bool:
    """A coordinator of a cluster the organisation is an approved member of.

    A pending or declined application grants nothing: the applicant has not been let in.
    """
    if org.id is None:
        return False
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Membership)
            .join(ClusterCoordinator, ClusterCoordinator.cluster_id == Membership.cluster_id)
            .where(
                Membership.organisation_id == org.id,
                Membership.status == "approved",
                ClusterCoordinator.user_id == user.id,
            )
        )
        > 0
    )


def can_edit(user: User | None, org: Organisation) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_site_admin or user.active_organisation_id == org.id:
        return True
    return coordinates_org(user, org)


def require_edit(user: User | None, org: Organisation) -> None:
    if not can_edit(user, org):
        raise PermissionDenied(_l("You can only edit your own organisation."))


def visible_contacts(org: Organisation, viewer: User | None) -> list[ContactPerson]:
    """Contacts the viewer may see with their details; anonymous visitors see none."""
    return visible_contacts_of([org], viewer)[org.id]


def visible_contacts_of(
    orgs: list[Organisation], viewer: User | None
) -> dict[int, list[ContactPerson]]:
    """`visible_contacts` for many organisations with a few queries in all (the catalogue).

    Public contacts: any logged-in user. Members-only contacts: the organisation itself, site
    admins, and viewers sharing a cluster with it, that is whose organisation is an approved
    member of, or who coordinate, a cluster the organisation is an approved member of.
    Private contacts: the organisation itself, coordinators of such a cluster, site admins,
    and organisations it has an accepted contact request with (either direction).
    """
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return {o.id: [] for o in orgs}
    ids = [o.id for o in orgs]
    if viewer.is_site_admin:
        full = members = set(ids)
    else:
        own = viewer.active_organisation_id
        full = {own} if own else set()
        coordinated = _approved_members_of(viewer.coordinated_cluster_ids, ids)
        full |= coordinated
        if own:
            states = contacts.states_for(own, ids)
            full |= {other for other, state in states.items() if state == "connected"}
            my_clusters = set(
                db.session.scalars(
                    sa.select(Membership.cluster_id).where(
                        Membership.organisation_id == own, Membership.status == "approved"
                    )
                )
            )
            members = full | _approved_members_of(my_clusters, ids)
        else:
            members = full
    return {
        o.id: list(o.contacts)
        if o.id in full
        else [
            c
            for c in o.contacts
            if c.visibility == "public" or (c.visibility == "members" and o.id in members)
        ]
        for o in orgs
    }


def _approved_members_of(cluster_ids, org_ids: list[int]) -> set[int]:
    """Which of `org_ids` are approved members of any of `cluster_ids`."""
    if not cluster_ids or not org_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.cluster_id.in_(list(cluster_ids)),
                Membership.organisation_id.in_(org_ids),
                Membership.status == "approved",
            )
        )
    )


def save_contact(actor: User, org: Organisation, data: dict, contact: ContactPerson | None = None):
    require_edit(actor, org)
    errors = {}
    name = _text(data.get("name")).strip()
    if not name:
        errors["name"] = [_l("Enter the person's name.")]
    email = normalise_email(_text(data.get("email")))
    if email and not is_valid_email(email):
        errors["email"] = [_l("Enter a valid e-mail address.")]
    visibility = data.get("visibility") or "members"
    if visibility not in CONTACT_VISIBILITIES:
        errors["visibility"] = [_l("Choose one of the listed options.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    if contact is None:
        contact = ContactPerson(organisation=org, position=len(org.contacts))
        db.session.add(contact)
    elif contact.organisation_id != org.id:
        raise PermissionDenied(_l("You can only edit your own organisation."))
    contact.name = name
    contact.title = _text(data.get("title")).strip()[:200]
    contact.email = email
    contact.phone = _text(data.get("phone")).strip()[:50]
    contact.visibility = visibility
    audit_log.record("contact.saved", actor=actor, organisation=org)
    return contact


def delete_contact(actor: User, contact: ContactPerson) -> None:
    require_edit(actor, contact.organisation)
    audit_log.record("contact.deleted", actor=actor, organisation=contact.organisation)
    db.session.delete(contact)
