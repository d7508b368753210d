"""Matching reasons as sentences in the user's language, around the profiles' own words.

The matching library names the words that made a match; here each side is shown by the
line (or, in a description, the sentence) of its profile that holds most of those words
("Bronze castings for CP propellers"), quoted in the profile's own language: a Finnish
inflected word never lands inside an English sentence. Single words are the fallback only
where no line holds them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_babel import gettext as _

from matchmaker.matching import Reason
from matchmaker.matching.text import normalise, words
from matchmaker.models import Organisation
from matchmaker.services.reference import country_name

MAX_QUOTE = 90

# kind -> (their field(s), your field(s)) whose lines are quoted
_FIELDS = {
    "they_offer_your_need": (
        ("capabilities", "side_streams_offered"),
        ("needs", "side_streams_wanted"),
    ),
    "you_offer_their_need": (
        ("needs", "side_streams_wanted"),
        ("capabilities", "side_streams_offered"),
    ),
    "side_stream": (("side_streams_offered",), ("side_streams_wanted",)),
    "side_stream_taken": (("side_streams_wanted",), ("side_streams_offered",)),
    "same_offers": (("capabilities",), ("capabilities",)),
    "shared_theme": (("description",), ("description",)),
}
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _phrases() -> dict[str, str]:
    """The reasons' sentence templates in the request's language, translated once per
    application and locale: each ``_()`` finds the catalogue anew, and a page of 20
    suggestions formats some 200 of these. ``_(template) % values`` is what
    ``_(template, **values)`` returns."""
    if not has_app_context():
        return _phrase_table()
    cache = current_app.extensions.setdefault("matchmaker.reason_phrases", {})
    key = str(get_locale())
    found = cache.get(key)
    if found is None:
        found = cache[key] = _phrase_table()
    return found


def _phrase_table() -> dict[str, str]:
    return {
        "and": _("%(items)s and %(last)s"),
        "quote": _("“%(text)s”"),
        "they_offer_your_need": _("They offer %(their)s, which matches your need %(yours)s."),
        "you_offer_their_need": _("They are looking for %(their)s, and you offer %(yours)s."),
        "shared_theme": _("You share a theme: they write %(their)s, and you write %(yours)s."),
        "same_offers": _("They offer %(their)s, as you do: %(yours)s."),
        "side_stream": _(
            "Their side stream %(their)s could be raw material for you: you want %(yours)s."
        ),
        "side_stream_taken_context": _(
            "Your side stream %(yours)s could be raw material for %(name)s: "
            "they want %(their)s (%(context)s)."
        ),
        "side_stream_taken": _(
            "Your side stream %(yours)s could be raw material for %(name)s: they want %(their)s."
        ),
        "shared_market": _("You both work with %(countries)s."),
        "same_region": _("Both of you are in %(place)s."),
    }


def _join(words: list[str], limit: int = 4, phrases: dict[str, str] | None = None) -> str:
    words = [w for w in words if w][:limit]
    if len(words) <= 1:
        return "".join(words)
    template = (phrases or _phrases())["and"]
    return template % {"items": ", ".join(words[:-1]), "last": words[-1]}


# The texts and lines below are the profiles' own; a page quotes the viewer's profile for
# every suggestion, so each text is split and normalised once (the functions are pure).
@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    out = []
    for line in text.splitlines():
        for part in _SENTENCE_END.split(line):  # one sentence of a description
            part = part.strip(" -•\t")
            if part:
                out.append(part)
    return tuple(out)


def _lines(org: Organisation | None, fields: tuple[str, ...]) -> list[str]:
    if org is None:
        return []
    return [line for name in fields for line in _split(getattr(org, name, "") or "")]


_normalised = lru_cache(maxsize=16384)(normalise)


def _short(line: str) -> str:
    return line if len(line) <= MAX_QUOTE else line[: MAX_QUOTE - 1].rstrip() + "…"


@lru_cache(maxsize=4096)
def _prefixes(text: str) -> frozenset[str]:
    # Five-letter word beginnings: enough to see "potkuriakselien" and "potkuriakseleiden"
    # (or "pronssi" and "pronssivalut") as the same thing across two profiles.
    return frozenset(w[:5] for w in words(text) if len(w) >= 4)


def best_line(lines: list[str], wanted: list[str], partner_line: str | None = None) -> str | None:
    """The line holding most of the wanted words (and, given the other side's line, most of
    its word beginnings, also inside compounds: "potku" in "ohjailupotkurit"); ties go to
    the line closer to the other side's, then to the stronger words, which the library
    lists first."""
    wanted = [normalise(w) for w in wanted if w]
    partner = _prefixes(partner_line or "")
    best, best_key = None, (0, 0, 0.0)
    for line in lines:
        text = _normalised(line)
        hits = [rank for rank, w in enumerate(wanted) if w in text]
        overlap = sum(1 for p in partner if p in text)
        key = (len(hits) + overlap, overlap, sum(1 / (rank + 1) for rank in hits))
        if key > best_key:
            best, best_key = line, key
    return best


def best_lines(
    other: Organisation, me: Organisation | None, kind: str, reason: Reason
) -> tuple[str | None, str | None]:
    """The line of each profile (theirs, yours) that a reason is about."""
    their_fields, your_fields = _FIELDS[kind]
    theirs = best_line(_lines(other, their_fields), reason.their_words)
    yours = best_line(_lines(me, your_fields), reason.your_words, theirs)
    return (_short(theirs) if theirs else None, _short(yours) if yours else None)


def _quote(line: str | None, words: list[str], phrases: dict[str, str]) -> str:
    return phrases["quote"] % {"text": line} if line else _join(words, phrases=phrases)


def reason_text(
    reason: Reason,
    other: Organisation,
    me: Organisation | None = None,
    phrases: dict[str, str] | None = None,
) -> str:
    """One reason as a sentence; `other` is the suggested organisation, `me` the viewer's
    (``phrases``: ``_phrases()``, looked up by the caller of many)."""
    phrases = phrases or _phrases()
    kind = reason.kind
    if kind in _FIELDS:
        their_line, your_line = best_lines(other, me, kind, reason)
        their = _quote(their_line, reason.their_words, phrases)
        yours = _quote(your_line, reason.your_words, phrases)
    else:
        their = _join(reason.their_words, phrases=phrases)
        yours = _join(reason.your_words, phrases=phrases)
    if kind in ("they_offer_your_need", "you_offer_their_need", "same_offers", "side_stream"):
        return phrases[kind] % {"their": their, "yours": yours}
    if kind == "shared_theme":
        if their_line and your_line:
            return phrases[kind] % {"their": their, "yours": yours}
        return ""  # single words of a description (or industry labels) read as noise
    if kind == "side_stream_taken":
        values = {"yours": yours, "name": other.name, "their": their}
        if reason.context:
            values["context"] = _join(reason.context, 3, phrases)
            return phrases["side_stream_taken_context"] % values
        return phrases[kind] % values
    if kind == "shared_market":
        locale = str(get_locale())
        countries = [country_name(code.upper(), locale) for code in reason.their_words]
        return phrases[kind] % {"countries": _join(countries, phrases=phrases)}
    if kind == "same_region":
        return phrases[kind] % {"place": their}
    return their


def reason_sentences(
    reasons: list[Reason], other: Organisation, me: Organisation | None = None, limit: int = 3
) -> list[str]:
    """The first ``limit`` reasons that read as a sentence (a shared theme that cannot be
    quoted from both descriptions is left out)."""
    out, phrases = [], _phrases()
    for r in reasons:
        text = reason_text(r, other, me, phrases)
        if text:
            out.append(text)
        if len(out) == limit:
            break
    return out


def reason_dicts(
    reasons: list[Reason], other: Organisation, me: Organisation | None = None
) -> list[dict]:
    """Reasons for the API: the sentence plus the structured parts."""
    out, phrases = [], _phrases()
    for r in reasons:
        text = reason_text(r, other, me, phrases)
        if text:
            out.append(
                {
                    "kind": r.kind,
                    "text": text,
                    "their_words": list(r.their_words),
                    "your_words": list(r.your_words),
                    "weight": round(r.weight, 4),
                }
            )
    return out
