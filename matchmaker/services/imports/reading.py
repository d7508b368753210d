"""Member list import: read CSV or XLSX, map columns, preview every row, commit all or nothing.

The rules for each field are the profile rules of `services.organisations` (validate_profile
and the business ID check); this module only adds what a file brings: encodings, column
mapping, duplicates inside the file and the decision between creating and updating.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    ContactPerson,
    ImportMapping,
    Membership,
    Organisation,
    User,
    utcnow,
)
from matchmaker.services import audit, matching, organisations
from matchmaker.services import business_id as bid
from matchmaker.services import clusters as cluster_service
from matchmaker.services.email_address import is_valid_email, normalise_email
from matchmaker.services.errors import DomainError

log = logging.getLogger(__name__)

CONTACT_FIELDS = ("contact_name", "contact_title", "contact_email", "contact_phone")
FIELDS: tuple[str, ...] = (*organisations.PROFILE_FIELDS, *CONTACT_FIELDS)

FIELD_LABELS = {
    "name": _l("Name"),
    "business_id": _l("Business ID"),
    "org_type": _l("Type"),
    "size_class": _l("Size class"),
    "employees": _l("Employees"),
    "municipality": _l("Municipality"),
    "website": _l("Website"),
    "founded_year": _l("Founded"),
    "description": _l("Description"),
    "capabilities": _l("Capabilities offered"),
    "needs": _l("Needs"),
    "side_streams_offered": _l("Side streams offered"),
    "side_streams_wanted": _l("Side streams wanted"),
    "keywords": _l("Keywords"),
    "certifications": _l("Certifications"),
    "industries": _l("Industries (TOL codes)"),
    "export_markets": _l("Export markets"),
    "target_markets": _l("Target markets"),
    "contact_name": _l("Contact person"),
    "contact_title": _l("Contact person's title"),
    "contact_email": _l("Contact e-mail"),
    "contact_phone": _l("Contact phone"),
}

# Headers Finnish, Swedish and English spreadsheets use, folded to lower case.
_SYNONYMS = {
    "name": ["nimi", "yritys", "yrityksen nimi", "organisaatio", "namn", "company", "company name"],
    "business_id": ["y-tunnus", "ytunnus", "y tunnus", "business id", "fo-nummer", "vat id"],
    "org_type": ["tyyppi", "organisaation tyyppi", "type", "typ"],
    "size_class": ["kokoluokka", "koko", "size", "size class", "storlek"],
    "employees": ["henkilöstö", "henkilöstömäärä", "työntekijät", "employees", "anställda"],
    "municipality": ["kunta", "kotikunta", "paikkakunta", "sijainti", "kommun", "city", "town"],
    "website": ["verkkosivut", "kotisivu", "www", "web", "webbplats", "url"],
    "founded_year": ["perustettu", "perustamisvuosi", "founded", "grundat"],
    "description": ["kuvaus", "esittely", "beskrivning"],
    "capabilities": ["osaaminen", "tarjoamme", "palvelut", "offers"],
    "needs": ["tarpeet", "tarvitsemme", "behov"],
    "side_streams_offered": ["sivuvirrat", "tarjottavat sivuvirrat"],
    "side_streams_wanted": ["tarvittavat sivuvirrat"],
    "keywords": ["avainsanat", "hakusanat", "nyckelord"],
    "certifications": ["sertifikaatit", "sertifioinnit", "certifikat"],
    "industries": ["toimiala", "toimialat", "tol", "nace", "industry", "bransch"],
    "export_markets": ["vientimaat", "vienti", "exports", "export"],
    "target_markets": ["kohdemarkkinat", "targets"],
    "contact_name": ["yhteyshenkilö", "kontaktperson", "contact", "contact person"],
    "contact_title": ["titteli", "tehtävä", "title"],
    "contact_email": ["sähköposti", "email", "e-mail", "e-post", "s-posti"],
    "contact_phone": ["puhelin", "puhelinnumero", "phone", "telefon"],
}

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

MAX_ROWS = 50_000
MAX_COLUMNS = 100  # a member list has about 25; a wider sheet is not one
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
# Rows read from a sheet, blank ones included: a hostile file numbers its one row 1,048,576.
_MAX_SCAN_ROWS = 2 * MAX_ROWS + 1
_BLANK: list[str] = []
_IN_CHUNK = 500


class ImportRejected(DomainError):
    """The file has errors; nothing was imported. `preview` names every row and field."""

    def __init__(self, preview: Preview):
        super().__init__(_l("Nothing was imported: %(n)d rows have errors.", n=preview.error_rows))
        self.preview = preview


# --------------------------------------------------------------------- reading
@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); blank rows dropped


def read_table(filename: str, content: bytes) -> Table:
    """A CSV (comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252) or XLSX."""
    if content[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        grid = _read_xlsx(content)
    else:
        grid = _read_csv(content)
    numbered = [(n, row) for n, row in enumerate(grid, start=1)]
    numbered = [(n, row) for n, row in numbered if any(c.strip() for c in row)]
    if not numbered:
        raise DomainError(_l("The file is empty."), field="file")
    (_, headers), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise _too_many_rows()
    headers = [h.strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise _too_many_columns()
    width = len(headers)
    rows = [(n, (cells + [""] * width)[:width]) for n, cells in body]
    return Table(headers, rows)


def _too_many_rows() -> DomainError:
    return DomainError(_l("At most %(n)d rows at a time.", n=MAX_ROWS), field="file")


def _too_many_columns() -> DomainError:
    return DomainError(
        _l("At most %(n)d columns: remove the extra columns and upload again.", n=MAX_COLUMNS),
        field="file",
    )


def decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel in Finland saves "CSV" as Windows-1252 unless told to use UTF-8.
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes) -> list[list[str]]:
    """Rows of a CSV, each decoded as UTF-8 or, for the whole file, as Windows-1252.

    The bytes are split into rows first (every separator and quote is ASCII, so Latin-1 keeps
    them intact) and each row is then checked: a file with both UTF-8 and other rows (two
    lists pasted together) is refused with the row named, rather than half misread.
    """
    bom = content.startswith(b"\xef\xbb\xbf")
    raw = (content[3:] if bom else content).decode("latin-1")
    first = raw.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(raw[:8192], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(";,\t", key=first.count)
    if first.count(delimiter) == 0 and max(first.count(d) for d in ";,\t") > 0:
        delimiter = max(";,\t", key=first.count)
    rows = [list(row) for row in csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)]
    encoding = _row_encoding(rows, utf8_declared=bom)
    if encoding == "latin-1":  # plain ASCII: nothing to decode again
        return rows
    return [[c.encode("latin-1").decode(encoding, errors="replace") for c in row] for row in rows]


def _row_encoding(rows: list[list[str]], utf8_declared: bool) -> str:
    """'utf-8' or 'cp1252' for the whole file ('latin-1' when it is ASCII); mixed is refused."""
    first_utf8 = 0 if not utf8_declared else 1
    for number, row in enumerate(rows, start=1):
        data = "".join(row).encode("latin-1")
        if data.isascii():
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            if first_utf8:
                raise DomainError(
                    _l(
                        "Row %(row)d is not in the same character encoding as row %(first)d "
                        "(UTF-8). Save the whole file again as CSV UTF-8 and upload it.",
                        row=number,
                        first=first_utf8,
                    ),
                    field="file",
                ) from None
            return _only_cp1252(rows, number)
        else:
            first_utf8 = first_utf8 or number
    return "utf-8" if first_utf8 else "latin-1"


def _only_cp1252(rows: list[list[str]], first_other: int) -> str:
    """The file is Windows-1252 from row `first_other` on; refuse a later UTF-8 row."""
    for number, row in enumerate(rows[first_other:], start=first_other + 1):
        data = "".join(row).encode("latin-1")
        if data.isascii():
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _UTF8_MULTIBYTE.search(data):
            raise DomainError(
                _l(
                    "Row %(row)d is in UTF-8 but row %(first)d is not. Save the whole file "
                    "again as CSV UTF-8 and upload it.",
                    row=number,
                    first=first_other,
                ),
                field="file",
            )
    return "cp1252"


# A two-byte UTF-8 letter (Ã¤ for ä): Windows-1252 text practically never holds this pair.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _read_xlsx(content: bytes) -> list[list[str]]:
    """The first sheet's rows, streamed: the declared dimension of the sheet is not trusted.

    A few kilobytes can declare (or really hold, compressed) a grid of 16,384 columns by a
    million rows; reading stops at the row and column limits instead of building that grid.
    """
    from openpyxl import load_workbook  # heavy: loaded only when an XLSX arrives

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError(_l("This file could not be read as XLSX."), field="file") from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise DomainError(
            _l("This XLSX file is too large when unpacked. Split it or save it as CSV."),
            field="file",
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise DomainError(_l("This file could not be read as XLSX."), field="file") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # ignore the <dimension> the file declares
        grid: list[list[str]] = []
        filled = 0
        # Without a dimension a row is as wide as its last cell, not the declared width.
        rows = sheet.iter_rows(max_row=_MAX_SCAN_ROWS + 1, values_only=True)
        for number, row in enumerate(rows, start=1):
            if number > _MAX_SCAN_ROWS:
                raise _too_many_rows()
            if len(row) > MAX_COLUMNS:
                beyond = row[MAX_COLUMNS:]
                if beyond.count(None) != len(beyond):
                    raise _too_many_columns()
                row = row[:MAX_COLUMNS]  # styled but empty cells far to the right
            if row.count(None) == len(row):
                grid.append(_BLANK)
                continue
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                filled += 1
                if filled > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                    raise _too_many_rows()
            grid.append(cells)
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(_l("This file could not be read as XLSX."), field="file") from exc
    finally:
        book.close()
    return grid


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------- mapping
def _fold(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().lower().replace("_", " "))


def guess_mapping(headers: list[str], remembered: dict | None = None) -> dict[str, str]:
    """header -> field for every header: the remembered choice, else a known name, else ''."""
    remembered = remembered or {}
    known = {_fold(f): f for f in FIELDS}
    for f, words in _SYNONYMS.items():
        known.update({_fold(w): f for w in words})
    known.update({_fold(str(label)): f for f, label in FIELD_LABELS.items()})
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        choice = remembered.get(header)
        if choice is None:
            choice = known.get(_fold(header), "")
        if choice and (choice not in FIELDS or choice in used):
            choice = ""
        mapping[header] = choice
        if choice:
            used.add(choice)
    return mapping


def remembered_mapping(cluster: Cluster, kind: str = "members") -> dict:
    item = _mapping_row(cluster, kind)
    return dict(item.mapping) if item is not None else {}


def remember_mapping(cluster: Cluster, mapping: dict[str, str], kind: str = "members") -> None:
    item = _mapping_row(cluster, kind)
    if item is None:
        item = ImportMapping(cluster_id=cluster.id, kind=kind)
        db.session.add(item)
    merged = dict(item.mapping or {})
    merged.update({h: f for h, f in mapping.items()})
    item.mapping = merged


def _mapping_row(cluster: Cluster, kind: str) -> ImportMapping | None:
    return db.session.scalar(
        sa.select(ImportMapping).where(
            ImportMapping.cluster_id == cluster.id, ImportMapping.kind == kind
        )
    )


def check_mapping(mapping: dict[str, str], required=("name", "business_id")) -> None:
    chosen = [f for f in mapping.values() if f]
    errors = {}
    for f in chosen:
        if f not in FIELDS:
            errors.setdefault("mapping", []).append(_l("Unknown field: %(f)s.", f=f))
    doubles = sorted({f for f in chosen if chosen.count(f) > 1})
    if doubles:
        errors.setdefault("mapping", []).append(
            _l("Each field can come from one column only: %(f)s.", f=", ".join(doubles))
        )
    missing = [f for f in required if f not in chosen]
    if missing:
        names = ", ".join(str(FIELD_LABELS[f]) for f in missing)
        errors.setdefault("mapping", []).append(_l("Choose a column for: %(f)s.", f=names))
    if errors:
        raise DomainError(_l("Check the column mapping."), fields=errors)


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
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
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
    approved = _approved_cluster_ids([o.id for o in existing.values()])
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


def _approved_cluster_ids(org_ids: list[int]) -> dict[int, set[int]]:
    """Organisation id -> ids of the clusters it is an approved member of."""
    found: dict[int, set[int]] = {}
    for start in range(0, len(org_ids), _IN_CHUNK):
        chunk = org_ids[start : start + _IN_CHUNK]
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
    # One bump of the matching index version for the whole batch, not one per row.
    matching.bump_version()
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
        other_clusters = _approved_cluster_ids([o.id for _, o in orgs])
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
    for start in range(0, len(org_ids), _IN_CHUNK):
        chunk = org_ids[start : start + _IN_CHUNK]
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
