"""Matching reasons as sentences in the user's language, around the profiles' own words.

The matching library names the words that made a match; here each side is shown by the
line of its profile that holds most of those words ("Bronze castings for CP propellers"),
which reads better than inflected single words, falling back to the words themselves.
"""

from __future__ import annotations

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
}


def _join(words: list[str], limit: int = 4) -> str:
    words = [w for w in words if w][:limit]
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s and %(last)s", items=", ".join(words[:-1]), last=words[-1])


def _lines(org: Organisation | None, fields: tuple[str, ...]) -> list[str]:
    if org is None:
        return []
    out = []
    for name in fields:
        for line in (getattr(org, name, "") or "").splitlines():
            line = line.strip(" -•\t")
            if line:
                out.append(line)
    return out


def _short(line: str) -> str:
    return line if len(line) <= MAX_QUOTE else line[: MAX_QUOTE - 1].rstrip() + "…"


def _prefixes(text: str) -> set[str]:
    # Five-letter word beginnings: enough to see "potkuriakselien" and "potkuriakseleiden"
    # (or "pronssi" and "pronssivalut") as the same thing across two profiles.
    return {w[:5] for w in words(text) if len(w) >= 4}


def best_line(lines: list[str], wanted: list[str], partner_line: str | None = None) -> str | None:
    """The line holding most of the wanted words (and, given the other side's line, most of
    its word beginnings); ties go to the stronger words, which the library lists first."""
    wanted = [normalise(w) for w in wanted if w]
    partner = _prefixes(partner_line or "")
    best, best_key = None, (0, 0.0)
    for line in lines:
        text = normalise(line)
        hits = [rank for rank, w in enumerate(wanted) if w in text]
        overlap = len(partner & _prefixes(line))
        key = (len(hits) + overlap, sum(1 / (rank + 1) for rank in hits))
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


def _quote(line: str | None, words: list[str]) -> str:
    return _("“%(text)s”", text=line) if line else _join(words)


def reason_text(reason: Reason, other: Organisation, me: Organisation | None = None) -> str:
    """One reason as a sentence; `other` is the suggested organisation, `me` the viewer's."""
    kind = reason.kind
    if kind in _FIELDS:
        their_line, your_line = best_lines(other, me, kind, reason)
        their = _quote(their_line, reason.their_words)
        yours = _quote(your_line, reason.your_words)
    else:
        their, yours = _join(reason.their_words), _join(reason.your_words)
    if kind == "they_offer_your_need":
        return _(
            "They offer %(their)s, which matches your need %(yours)s.", their=their, yours=yours
        )
    if kind == "you_offer_their_need":
        return _(
            "They are looking for %(their)s, and you offer %(yours)s.", their=their, yours=yours
        )
    if kind == "shared_theme":
        words = list(dict.fromkeys(reason.their_words + reason.your_words))
        return _("Both of you work on %(words)s.", words=_join(words))
    if kind == "side_stream":
        return _(
            "Their side stream %(their)s could be raw material for you: you want %(yours)s.",
            their=their,
            yours=yours,
        )
    if kind == "side_stream_taken":
        if reason.context:
            return _(
                "Your side stream %(yours)s could be raw material for %(name)s: "
                "they want %(their)s (%(context)s).",
                yours=yours,
                name=other.name,
                their=their,
                context=_join(reason.context, 3),
            )
        return _(
            "Your side stream %(yours)s could be raw material for %(name)s: they want %(their)s.",
            yours=yours,
            name=other.name,
            their=their,
        )
    if kind == "shared_market":
        locale = str(get_locale())
        countries = [country_name(code.upper(), locale) for code in reason.their_words]
        return _("You both work with %(countries)s.", countries=_join(countries))
    if kind == "same_region":
        return _("Both of you are in %(place)s.", place=their)
    return their


def reason_dicts(
    reasons: list[Reason], other: Organisation, me: Organisation | None = None
) -> list[dict]:
    """Reasons for the API: the sentence plus the structured parts."""
    return [
        {
            "kind": r.kind,
            "text": reason_text(r, other, me),
            "their_words": list(r.their_words),
            "your_words": list(r.your_words),
            "weight": round(r.weight, 4),
        }
        for r in reasons
    ]
