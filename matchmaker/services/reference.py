"""Reference data shown in forms: countries (ISO 3166) and industries (TOL 2008 / NACE)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from matchmaker.data import tol2008

# Territories Babel knows that are not countries with an ISO 3166 alpha-2 code of their own.
_NOT_COUNTRIES = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "XK",
    "ZZ",
}


@lru_cache(maxsize=8)
def countries(locale: str = "en") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in the given language."""
    names = Locale.parse(locale).territories
    pairs = [
        (code, name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return sorted(pairs, key=lambda p: p[1].casefold())


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _ in countries("en"))


def country_name(code: str, locale: str = "en") -> str:
    return Locale.parse(locale).territories.get(code, code)


def is_industry_code(code: str) -> bool:
    return code in tol2008.SECTIONS or code in tol2008.DIVISIONS


def industry_label(code: str, locale: str = "en") -> str:
    return tol2008.label(code, locale) if is_industry_code(code) else code


def industry_choices(locale: str = "en") -> list[tuple[str, str]]:
    return tol2008.choices(locale)


def industry_codes_within(code: str) -> list[str]:
    """A section letter stands for itself and all its divisions; a division for itself."""
    if code in tol2008.SECTIONS:
        return [code, *(d for d, v in tol2008.DIVISIONS.items() if v[0] == code)]
    return [code]
