"""The printed member catalogue: members grouped by industry (TOL 2008 section), numbered, with
a table of contents by industry and an index of names.

Browsers cannot print a page number next to a link (CSS `target-counter` is not supported in
Chromium), so the contents and the index point to entry numbers, which are printed on every
entry; the pages themselves carry page numbers (print.css, `@page` margin boxes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matchmaker.data import tol2008
from matchmaker.services.reference import collation_key

OTHER = ""  # the section of organisations that name no industry


@dataclass
class Entry:
    number: int
    org: object  # an Organisation


@dataclass
class Group:
    """One industry line of the contents: a division ("30"), or a section's own code for
    members that name only the section."""

    code: str
    title: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.entries[0].number

    @property
    def last(self) -> int:
        return self.entries[-1].number


@dataclass
class Section:
    code: str  # a TOL section letter, or OTHER
    title: str  # the section's name in the page's language ("" for OTHER: the template names it)
    groups: list[Group] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [e for g in self.groups for e in g.entries]

    @property
    def first(self) -> int:
        return self.groups[0].first

    @property
    def last(self) -> int:
        return self.groups[-1].last


@dataclass
class Catalogue:
    sections: list[Section]
    index: list[Entry]  # every entry, by name in the language's alphabetical order


def _section(code: str) -> str:
    return code if code in tol2008.SECTIONS else tol2008.DIVISIONS[code][0]


def place_of(codes: list[str]) -> tuple[str, str]:
    """An organisation's main industry as (section, group): the first TOL section (A..U) among
    its codes, and within it the lowest division it names (or the section itself)."""
    valid = [c for c in codes if tol2008.is_valid(c)]
    if not valid:
        return OTHER, OTHER
    order = list(tol2008.SECTIONS)
    section = min({_section(c) for c in valid}, key=order.index)
    divisions = sorted(c for c in valid if c in tol2008.DIVISIONS and _section(c) == section)
    return section, divisions[0] if divisions else section


def build(orgs: list, locale: str) -> Catalogue:
    """Sections in TOL order (members without industries last), divisions in code order, names
    in the language's alphabetical order; entries numbered through the whole catalogue."""
    places: dict[tuple[str, str], list] = {}
    for org in orgs:
        places.setdefault(place_of(org.industry_codes), []).append(org)
    order = [*tol2008.SECTIONS, OTHER]
    # The section's own group (its letter) before its divisions.
    keys = sorted(places, key=lambda k: (order.index(k[0]), k[1] != k[0], k[1]))
    sections: list[Section] = []
    number = 0
    for section_code, group_code in keys:
        if not sections or sections[-1].code != section_code:
            title = tol2008.name(section_code, locale) if section_code else ""
            sections.append(Section(section_code, title))
        title = tol2008.name(group_code, locale) if group_code else ""
        group = Group(group_code, title)
        for org in sorted(places[(section_code, group_code)], key=lambda o: _key(o, locale)):
            number += 1
            group.entries.append(Entry(number, org))
        sections[-1].groups.append(group)
    everyone = [e for s in sections for e in s.entries]
    index = sorted(everyone, key=lambda e: (_key(e.org, locale), e.number))
    return Catalogue(sections, index)


def _key(org, locale: str) -> str:
    return collation_key(org.name, locale)
