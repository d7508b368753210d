"""Why an opportunity fits an organisation, as sentences around the profile's own lines."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from matchmaker.matching import Reason
from matchmaker.models import Organisation
from matchmaker.presenters.reasons import best_line
from matchmaker.services.reference import country_name, industry_label

MAX_QUOTE = 90
_FIELDS = {
    "opportunity_meets_need": ("needs", "side_streams_wanted"),
    "opportunity_meets_offer": ("capabilities", "side_streams_offered"),
    "opportunity_shared_theme": ("description", "capabilities", "needs", "keywords"),
}


def _join(items: list[str], limit: int = 4) -> str:
    items = [w for w in items if w][:limit]
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def _quote(org: Organisation, fields: tuple[str, ...], words: list[str]) -> str:
    lines = [
        line.strip(" -•\t")
        for name in fields
        for line in (getattr(org, name, "") or "").splitlines()
        if line.strip(" -•\t")
    ]
    line = best_line(lines, words)
    if not line:
        return _join(words)
    if len(line) > MAX_QUOTE:
        line = line[: MAX_QUOTE - 1].rstrip() + "…"
    return _("“%(text)s”", text=line)


def sentence(reason: Reason, org: Organisation) -> str:
    kind = reason.kind
    locale = str(get_locale())
    if kind == "opportunity_meets_need":
        their = _quote(org, _FIELDS[kind], reason.their_words)
        if not reason.your_words:
            return _("They are looking for %(their)s, which this offer is about.", their=their)
        return _(
            "They are looking for %(their)s, which this offer is about (%(yours)s).",
            their=their,
            yours=_join(reason.your_words),
        )
    if kind == "opportunity_meets_offer":
        their = _quote(org, _FIELDS[kind], reason.their_words)
        if not reason.your_words:
            return _("They offer %(their)s, which this request seeks.", their=their)
        return _(
            "They offer %(their)s, which this request seeks (%(yours)s).",
            their=their,
            yours=_join(reason.your_words),
        )
    if kind == "opportunity_shared_theme":
        return _(
            "Their profile works on the same theme: %(their)s.",
            their=_quote(org, _FIELDS[kind], reason.their_words),
        )
    if kind == "shared_industry":
        names = [industry_label(c, locale) for c in reason.their_words]
        return _("Same industry: %(industries)s.", industries=_join(names, 3))
    if kind == "shared_market":
        names = [country_name(c.upper(), locale) for c in reason.their_words]
        return _("They work in %(countries)s.", countries=_join(names))
    return ""


def sentences(reasons: list[Reason], org: Organisation, limit: int = 3) -> list[str]:
    return [t for t in (sentence(r, org) for r in reasons) if t][:limit]


def dicts(reasons: list[Reason], org: Organisation) -> list[dict]:
    """Reasons for the API: the sentence plus the structured parts."""
    return [
        {
            "kind": r.kind,
            "text": sentence(r, org),
            "their_words": list(r.their_words),
            "your_words": list(r.your_words),
            "weight": round(r.weight, 4),
        }
        for r in reasons
        if sentence(r, org)
    ]
