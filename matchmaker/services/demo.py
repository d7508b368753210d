"""Seed the demo installation from matchmaker.demo.data (plain data) through the services.

The demo is built when `seed()` runs, never when this module is imported.
"""

from __future__ import annotations

from matchmaker.demo.data import build_demo, demo_logins
from matchmaker.demo.ecosystems import seed_ecosystems
from matchmaker.demo.events import seed_events
from matchmaker.demo.fairs import seed_fairs
from matchmaker.demo.history import seed_history
from matchmaker.demo.meetings import seed_meetings
from matchmaker.demo.opportunities import seed_opportunities
from matchmaker.extensions import db
from matchmaker.models import ContactPerson, User, utcnow
from matchmaker.services import accounts, clusters, organisations

_PROFILE_KEYS = tuple(k for k in organisations.PROFILE_FIELDS)


def seed() -> dict:
    """Create the demo clusters, organisations and users in the current transaction."""
    data = build_demo()
    by_slug = {}
    for c in data["clusters"]:
        by_slug[c["slug"]] = clusters.create_cluster(
            slug=c["slug"], name=c["name"], region=c["region"], description=c["description"]
        )
    db.session.flush()
    orgs = {}
    for item in data["organisations"]:
        profile = {k: item[k] for k in _PROFILE_KEYS if k in item}
        org = organisations.create_organisation(profile)
        for pos, contact in enumerate(item.get("contacts", [])):
            org.contacts.append(
                ContactPerson(
                    name=contact["name"],
                    title=contact.get("title", ""),
                    email=contact.get("email", ""),
                    phone=contact.get("phone", ""),
                    visibility=contact.get("visibility", "members"),
                    position=pos,
                )
            )
        for slug in item["clusters"]:
            clusters.add_member(by_slug[slug], org)
        orgs[item["key"]] = org
    db.session.flush()
    now = utcnow()
    for u in data["users"]:
        user = User(
            email=accounts.normalise_email(u["email"]),
            name=u["name"],
            password_hash=accounts.hash_password(u["password"]),
            locale=u.get("locale"),
            confirmed_at=now,
            is_site_admin=u.get("site_admin", False),
            organisation=orgs.get(u.get("org_key")) if u.get("org_key") else None,
            org_role=u.get("org_role", "member"),
            org_status="active",
        )
        db.session.add(user)
        for slug in u.get("coordinator_of", []):
            clusters.add_coordinator(by_slug[slug], user)
    db.session.flush()
    seed_events(by_slug, orgs)
    seed_fairs(by_slug, orgs)
    seed_meetings(by_slug, orgs)
    seed_ecosystems(by_slug, orgs)
    seed_opportunities(by_slug, orgs)
    seed_history(by_slug, orgs)
    return {
        "clusters": len(by_slug),
        "organisations": len(orgs),
        "users": len(data["users"]),
        "logins": demo_logins(data),
    }
