"""Column mapping: which field each header of a file fills, guessed or remembered per cluster."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from matchmaker import labels
from matchmaker.extensions import db
from matchmaker.models import Cluster, ImportMapping
from matchmaker.services import organisations
from matchmaker.services.errors import DomainError

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


# --------------------------------------------------------------------- mapping
_KNOWN_HEADERS = "matchmaker.import_headers"


def _fold(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().lower().replace("_", " "))


def guess_mapping(headers: list[str], remembered: dict | None = None) -> dict[str, str]:
    """header -> field for every header: the remembered choice, else a known name, else ''."""
    remembered = remembered or {}
    known = known_headers()
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


def known_headers() -> dict[str, str]:
    """Folded header -> field: the field names, the synonyms above, and every label the app
    shows or exports for a field (the import's column labels, which the exports write, and the
    profile form's), in each of the app's languages, whatever the importer's own language."""
    cached = current_app.extensions.get(_KNOWN_HEADERS)
    if cached is None:
        cached = {_fold(f): f for f in FIELDS}
        for f, words in _SYNONYMS.items():
            cached.update({_fold(w): f for w in words})
        for locale in current_app.config["LANGUAGES"]:
            with force_locale(locale):
                for source in (labels.PROFILE_FIELDS, FIELD_LABELS):
                    cached.update({_fold(str(label)): f for f, label in source.items()})
        current_app.extensions[_KNOWN_HEADERS] = cached
    return cached


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
