"""Planning an import: every row checked with the profile rules and given its action
(create, update, merge, apply or skip); nothing is written."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import Membership, Organisation, User
from matchmaker.services import business_id as bid
from matchmaker.services import organisations
from matchmaker.services.email_address import is_valid_email, normalise_email
from matchmaker.services.errors import DomainError
from matchmaker.services.imports.mapping import CONTACT_FIELDS, check_mapping
from matchmaker.services.imports.reading import Table

_ORG_TYPE_WORDS = {
    "yritys": "company",
    "yliopisto": "university",
    "korkeakoulu": "university",
    "ammattikorkeakoulu": "university",
    "tutkimuslaitos": "research_institute",
    "kehitysyhtiö": "development_company",
    "rahoittaja": "financier",
    "julkinen": "public_body",
    "research institute": "research_institute",
    "development company": "development_company",
    "public body": "public_body",
}
_SIZE_WORDS = {"mikro": "micro", "pieni": "small", "keskisuuri": "medium", "suuri": "large"}

IN_CHUNK = 500


class ImportRejected(DomainError):
    """The file has errors; nothing was imported. `preview` names every row and field."""

    def __init__(self, preview: Preview):
        super().__init__(_l("Nothing was imported: %(n)d rows have errors.", n=preview.error_rows))
        self.preview = preview


# --------------------------------------------------------------------- preview
# What an import does with a row. "update" and "merge" write the profile; "apply" only asks
# the organisation (it belongs to someone else); "skip" leaves an unverified one alone.
ACTIONS = ("create", "update", "merge", "apply", "skip")


@dataclass
class RowResult:
    row: int
    business_id: str
    name: str
    action: str = "create"  # one of ACTIONS
    errors: dict[str, list[str]] = field(default_factory=dict)
    clean: dict = field(default_factory=dict, repr=False)
    contact: dict = field(default_factory=dict, repr=False)
    org_id: int | None = None
    unverified: bool = False  # the organisation registered itself; no coordinator approved it
    reason: str = ""  # why the row only applies for membership or is skipped


@dataclass
class Preview:
    rows: list[RowResult]

    @property
    def ok(self) -> bool:
        return self.error_rows == 0 and bool(self.rows)

    def _count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update") + self._count("merge")

    @property
    def applied(self) -> int:
        return self._count("apply")

    @property
    def skipped(self) -> int:
        return self._count("skip")

    @property
    def written(self) -> int:
        """Rows whose profile the import writes."""
        return self.created + self.updated

    @property
    def error_rows(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    def errors(self) -> list[dict]:
        """One item per row and field: {"row", "field", "messages"}."""
        return [
            {"row": r.row, "field": f, "messages": [str(m) for m in messages]}
            for r in self.rows
            for f, messages in r.errors.items()
        ]

    def summary(self) -> dict:
        return {
            "rows": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "applied": self.applied,
            "skipped": self.skipped,
            "error_rows": self.error_rows,
            "errors": self.errors(),
            "items": [
                {
                    "row": r.row,
                    "business_id": r.business_id,
                    "name": r.name,
                    "action": r.action,
                    "unverified": r.unverified,
                    "reason": r.reason,
                }
                for r in self.rows
            ],
        }


def _normalise_code(value: str, words: dict[str, str]) -> str:
    folded = value.strip().lower()
    return words.get(folded, folded.replace(" ", "_").replace("-", "_"))


def row_data(mapping: dict[str, str], headers: list[str], cells: list[str]) -> dict[str, str]:
    """Mapped cell values by field, trimmed; a leading apostrophe that guarded a formula goes."""
    data = {}
    for header, cell in zip(headers, cells, strict=True):
        target = mapping.get(header)
        if target:
            value = cell.strip()
            if value[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r"):
                value = value[1:].strip()
            data[target] = value
    return data


def existing_by_business_id(ids: set[str]) -> dict[str, Organisation]:
    """Organisations with these business IDs, with what an update replaces loaded up front."""
    found: dict[str, Organisation] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), IN_CHUNK):
        chunk = ordered[start : start + IN_CHUNK]
        stmt = (
            sa.select(Organisation)
            .where(Organisation.business_id.in_(chunk))
            .options(
                selectinload(Organisation.industries),
                selectinload(Organisation.markets),
                selectinload(Organisation.contacts),
            )
        )
        found.update({o.business_id: o for o in db.session.scalars(stmt)})
    return found


def preview(
    table: Table,
    mapping: dict[str, str],
    *,
    actor: User | None = None,
    confirmed: Collection[int] = (),
    confirm_all: bool = False,
) -> Preview:
    """Validate every row with the profile rules and decide what it does; nothing is written.

    `actor` is the coordinator importing (None: the command line, run by the operator);
    `confirmed` holds the rows whose unverified organisation the coordinator agreed to merge.
    """
    check_mapping(mapping)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        data = row_data(mapping, table.headers, cells)
        results.append(_check_row(number, data, seen))
    existing = existing_by_business_id({r.business_id for r in results if r.business_id})
    approved = approved_cluster_ids([o.id for o in existing.values()])
    for r in results:
        org = existing.get(r.business_id)
        if org is not None:
            r.org_id = org.id
            r.name = r.name or org.name
            r.unverified = not org.verified
            r.action, r.reason = _existing_action(
                actor, approved.get(org.id, set()), org, confirm_all or r.row in confirmed
            )
        elif not r.name and "name" not in r.errors:
            r.errors.setdefault("name", []).append(str(_l("Enter the organisation's name.")))
    return Preview(results)


def may_update(actor: User | None, cluster_ids: set[int]) -> bool:
    """An import updates only what its coordinator already coordinates: an organisation with
    an approved membership of one of their clusters. The operator's command line may all."""
    if actor is None or actor.is_site_admin:
        return True
    return bool(cluster_ids & actor.coordinated_cluster_ids)


def _existing_action(
    actor: User | None, cluster_ids: set[int], org: Organisation, confirmed: bool
) -> tuple[str, str]:
    if not org.verified:
        if confirmed:
            return "merge", ""
        return "skip", str(
            _l(
                "Skipped: this organisation registered itself and no coordinator has approved "
                "it yet. Tick the box to merge the row into it."
            )
        )
    if may_update(actor, cluster_ids):
        return "update", ""
    return "apply", str(
        _l(
            "Another cluster's member: its profile is not changed; it is invited to join and "
            "its admins decide."
        )
    )


def approved_cluster_ids(org_ids: list[int]) -> dict[int, set[int]]:
    """Organisation id -> ids of the clusters it is an approved member of."""
    found: dict[int, set[int]] = {}
    for start in range(0, len(org_ids), IN_CHUNK):
        chunk = org_ids[start : start + IN_CHUNK]
        rows = db.session.execute(
            sa.select(Membership.organisation_id, Membership.cluster_id).where(
                Membership.organisation_id.in_(chunk), Membership.status == "approved"
            )
        )
        for org_id, cluster_id in rows:
            found.setdefault(org_id, set()).add(cluster_id)
    return found


def _check_row(number: int, data: dict[str, str], seen: dict[str, int]) -> RowResult:
    errors: dict[str, list[str]] = {}
    # An empty cell leaves the stored value alone: a short list must not wipe long profiles.
    data = {k: v for k, v in data.items() if v != ""}
    raw_id = data.pop("business_id", "")
    business_id = bid.normalise(raw_id)
    contact = {f[len("contact_") :]: data.pop(f) for f in CONTACT_FIELDS if f in data}
    if "org_type" in data:
        data["org_type"] = _normalise_code(data["org_type"], _ORG_TYPE_WORDS) or "company"
    if "size_class" in data:
        data["size_class"] = _normalise_code(data["size_class"], _SIZE_WORDS)
    result = RowResult(row=number, business_id=business_id, name=data.get("name", ""))
    if not business_id:
        errors["business_id"] = [str(_l("This field is required."))]
    else:
        message = organisations.business_id_message(business_id)
        if message:
            errors["business_id"] = [str(message)]
        elif business_id in seen:
            errors["business_id"] = [
                str(_l("The same business ID is already on row %(n)d.", n=seen[business_id]))
            ]
        else:
            seen[business_id] = number
    try:
        result.clean = organisations.validate_profile(data)
    except DomainError as exc:
        for f, messages in exc.fields.items():
            errors.setdefault(f, []).extend(str(m) for m in messages)
    if any(contact.values()):
        if not contact.get("name"):
            errors["contact_name"] = [str(_l("Enter the person's name."))]
        email = normalise_email(contact.get("email"))
        if email and not is_valid_email(email):
            errors["contact_email"] = [str(_l("Enter a valid e-mail address."))]
        contact["email"] = email
        result.contact = contact
    result.errors = errors
    return result
