"""The exhibitor list of a fair for one cluster."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from matchmaker.models import (
    Fair,
)

from .core import stands_of

# ------------------------------------------------------------------ exhibitor list
EXHIBITOR_COLUMNS = (
    ("organisation", _l("Organisation")),
    ("business_id", _l("Business ID")),
    ("address", _l("Municipality")),
    ("contact", _l("Contact person")),
    ("email", _l("E-mail")),
    ("phone", _l("Phone")),
    ("website", _l("Website")),
    ("products", _l("Products")),
    ("stand", _l("Stand")),
)


def exhibitor_rows(fair: Fair, cluster_id: int) -> list[dict]:
    rows = []
    for stand in stands_of(fair, {cluster_id}):
        for a in stand.assignments:
            org = a.organisation
            contact = next((c for c in org.contacts if c.visibility != "private"), None)
            products = "; ".join(
                line.strip(" -•") for line in (org.capabilities or "").splitlines() if line.strip()
            )
            rows.append(
                {
                    "organisation": org.name,
                    "business_id": org.business_id,
                    "address": org.municipality,
                    "contact": contact.name if contact else "",
                    "email": contact.email if contact else "",
                    "phone": contact.phone if contact else "",
                    "website": org.website,
                    "products": products,
                    "stand": stand.name,
                }
            )
    return rows


def exhibitor_table(fair: Fair, cluster_id: int) -> list[list]:
    header = [str(label) for _, label in EXHIBITOR_COLUMNS]
    return [header] + [
        [row[key] for key, _ in EXHIBITOR_COLUMNS] for row in exhibitor_rows(fair, cluster_id)
    ]
