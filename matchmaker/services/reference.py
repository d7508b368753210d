"""Reference data shown in forms: countries (ISO 3166) and industries (TOL 2008 / NACE)."""

from __future__ import annotations

import unicodedata
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
    return sorted(pairs, key=lambda p: collation_key(p[1], locale))


# Finnish and Swedish sort Å, Ä and Ö as letters of their own after Z (and Ü as Y); other
# accents sort with their base letter, as in English. Enough for names in a list.
# The three letters after "z" in code point order stand for them.
_NORDIC_LAST = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}
_NORDIC = {"fi", "sv"}


def collation_key(text: str, locale: str = "en") -> str:
    """A sort key that orders names as the locale's readers expect ("Åland" after "Zimbabwe"
    in Finnish and Swedish, "Égypte" among the E's)."""
    language = (locale or "en").replace("-", "_").split("_")[0].lower()
    out = []
    for char in text.casefold():
        if language in _NORDIC and char in _NORDIC_LAST:
            out.append(_NORDIC_LAST[char])
        elif language in _NORDIC and char == "ü":
            out.append("y")
        else:
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base)
    return "".join(out)


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
