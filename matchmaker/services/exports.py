"""Member list and directory exports as CSV and XLSX, in the columns the importer reads back.

Headers are the importer's column labels in the user's language (the importer knows them in
every language), lists are comma-separated, and the first contact person fills the contact
columns, so an exported file imports unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import Cluster, Membership, Organisation
from matchmaker.services import spreadsheets
from matchmaker.services.imports import CONTACT_FIELDS, FIELD_LABELS, FIELDS
from matchmaker.services.organisations import IDENTITY_FIELDS

MEMBER_COLUMNS = (*IDENTITY_FIELDS, *CONTACT_FIELDS)
DIRECTORY_COLUMNS = FIELDS  # every field the importer reads


def members(cluster: Cluster) -> list[Organisation]:
    """The cluster's approved members, by name, with what the columns need loaded at once."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.cluster_id == cluster.id, Membership.status == "approved")
            .options(
                selectinload(Organisation.contacts),
                selectinload(Organisation.industries),
                selectinload(Organisation.markets),
            )
            .order_by(Organisation.name, Organisation.id)
        )
    )


def org_row(org: Organisation, columns: Sequence[str]) -> list:
    contact = org.contacts[0] if org.contacts else None
    values = {
        "industries": ", ".join(org.industry_codes),
        "export_markets": ", ".join(org.export_markets),
        "target_markets": ", ".join(org.target_markets),
        "contact_name": contact.name if contact else "",
        "contact_title": contact.title if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_phone": contact.phone if contact else "",
    }
    row = []
    for column in columns:
        value = values[column] if column in values else getattr(org, column)
        row.append("" if value is None else value)
    return row


def organisation_rows(orgs: Iterable[Organisation], columns: Sequence[str]) -> list[list]:
    return [[str(FIELD_LABELS[c]) for c in columns]] + [org_row(o, columns) for o in orgs]


def member_list(cluster: Cluster, fmt: str, full: bool = False) -> bytes:
    columns = DIRECTORY_COLUMNS if full else MEMBER_COLUMNS
    rows = organisation_rows(members(cluster), columns)
    return spreadsheets.render(rows, fmt, cluster.slug)
