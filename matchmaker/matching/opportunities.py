"""Opportunities matched both ways, in the partner index's own space (no second TF-IDF).

An offer is read against what profiles need, a request against what they offer, a search
for partners (R&D, joint bids) against their whole profile; the share of the score that
comes from the whole profile keeps a profile that mentions the theme elsewhere in view.
Reasons use the same ``Reason`` as partner suggestions, with the profile's own words.

Plain data in (a text, industry codes, countries), ranked ids with reasons out; nothing
from Flask or the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .index import ProfileIndex, analyse_in
from .partners import Reason, Suggestion
from .text import words

# kind of opportunity -> the profile field it is read against
OFFER_KINDS = frozenset({"business_offer", "technology_offer"})
REQUEST_KINDS = frozenset({"business_request", "technology_request", "subcontracting"})
PARTNER_KINDS = frozenset({"rd_partner", "joint_bid"})

FIELD_WEIGHT = 0.75  # the field the kind is about; the rest from the whole profile
INDUSTRY_BONUS = 0.05  # a shared TOL division, as the partner score's industry prior
MARKET_BONUS = 0.03
SCORE_DECIMALS = 6
REASON_WORDS = 4


@dataclass(frozen=True)
class OpportunityText:
    """What matching needs of an opportunity."""

    kind: str
    text: str
    industries: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()


def field_for(kind: str) -> tuple[str, str]:
    """(profile field, reason kind) an opportunity of this kind is matched against."""
    if kind in OFFER_KINDS:
        return "needs", "opportunity_meets_need"
    if kind in REQUEST_KINDS:
        return "offers", "opportunity_meets_offer"
    return "whole", "opportunity_shared_theme"


def _industry_match(mine: Iterable[str], theirs: Iterable[str]) -> list[str]:
    """Codes shared, a division also matching its section's letter-less prefix ("30" ~ "301")."""
    theirs = set(theirs)
    return sorted(
        c
        for c in set(mine)
        if c in theirs or any(t.startswith(c) or c.startswith(t) for t in theirs)
    )


def match(
    index: ProfileIndex,
    opp: OpportunityText,
    k: int = 10,
    exclude: Iterable[int] = (),
    candidates: Iterable[int] | None = None,
) -> list[Suggestion]:
    """The k organisations the opportunity fits best, best first (ties by id), with reasons."""
    if not len(index) or not words(opp.text):
        return []
    field_name, reason_kind = field_for(opp.kind)
    vec = index.vectorise(opp.text)
    primary = index.similarities(vec, field_name)
    whole = primary if field_name == "whole" else index.similarities(vec, "whole")
    scores = FIELD_WEIGHT * primary + (1 - FIELD_WEIGHT) * whole
    valid = primary > 0
    if candidates is not None:
        allowed = np.zeros(len(index), dtype=bool)
        for org_id in candidates:
            j = index.position.get(org_id)
            if j is not None:
                allowed[j] = True
        valid &= allowed
    for org_id in exclude:
        j = index.position.get(org_id)
        if j is not None:
            valid[j] = False
    bonus = np.zeros(len(index))
    shared_ind: dict[int, list[str]] = {}
    shared_mkt: dict[int, list[str]] = {}
    for j in np.flatnonzero(valid):
        p = index.profiles[j]
        ind = _industry_match(opp.industries, p.industries) if opp.industries else []
        mkt = sorted(set(opp.countries) & set(p.markets)) if opp.countries else []
        if ind:
            shared_ind[j] = ind
            bonus[j] += INDUSTRY_BONUS
        if mkt:
            shared_mkt[j] = mkt
            bonus[j] += MARKET_BONUS
    scores = np.round(scores + bonus, SCORE_DECIMALS)
    order = sorted(np.flatnonzero(valid), key=lambda j: (-scores[j], int(index.ids[j])))[:k]
    own_words = _surface_of(index, opp.text)
    out = []
    for j in order:
        reasons = []
        theirs, yours = _shared_words(index, vec, int(j), field_name, own_words)
        if theirs:
            reasons.append(Reason(reason_kind, theirs, yours, float(primary[j])))
        if j in shared_ind:
            reasons.append(Reason("shared_industry", shared_ind[j], shared_ind[j], INDUSTRY_BONUS))
        if j in shared_mkt:
            reasons.append(Reason("shared_market", shared_mkt[j], shared_mkt[j], MARKET_BONUS))
        out.append(Suggestion(int(index.ids[j]), float(scores[j]), False, reasons))
    return out


def _surface_of(index: ProfileIndex, text: str) -> dict[str, str]:
    """key -> the word the opportunity's own text used for it."""
    out: dict[str, str] = {}
    for key, word, _lang in analyse_in(text, index.query_languages(text)):
        out.setdefault(key, word)
    return out


def _shared_words(
    index: ProfileIndex, vec, j: int, field_name: str, own_words: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """The words contributing most to the match: (the profile's, the opportunity's)."""
    n = index.n_word_features
    q = vec[:, :n].tocsr() if vec.shape[1] > n else vec.tocsr()
    m = index.word_matrices[field_name]
    row = m[j]
    common, qi, ri = np.intersect1d(q.indices, row.indices, return_indices=True)
    if not len(common):
        return [], []
    prod = q.data[qi] * row.data[ri]
    picked = [
        int(common[t]) for t in sorted(range(len(common)), key=lambda t: (-prod[t], common[t]))
    ]
    own = index.surface_words(j, field_name)
    theirs: dict[str, None] = {}
    yours: dict[str, None] = {}
    for t in picked:
        term = index.terms[t]
        word = own.get(term) or index.surface.get(term)
        if not word:
            continue  # a concept key with no word of its own: nothing to show
        theirs[word] = None
        if term in own_words:  # a concept key or a compound part has no word of its own here
            yours[own_words[term]] = None
        if len(theirs) == REASON_WORDS:
            break
    return list(theirs), list(yours)


def rank_texts(index: ProfileIndex, query_text: str, texts: Mapping[int, str]) -> dict[int, float]:
    """How well each text (an opportunity's) matches a search, in the index's space."""
    if not words(query_text) or not len(index):
        return {}
    q = index.vectorise(query_text)
    out = {}
    for key, text in texts.items():
        v = index.vectorise(text)
        out[key] = round(float((q @ v.T).toarray().ravel()[0]) if v.nnz and q.nnz else 0.0, 6)
    return out
