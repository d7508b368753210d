"""Which business ecosystem fits a newcomer, with reasons and the members to meet first.

The approach of ``partners.cluster_fit``, in the same TF-IDF index (so across fi/en/sv through
the term bridge): a newcomer's text is compared with each ecosystem's members (the mean of its
``k_members`` best cosines, as a cluster fit) and with the ecosystem's own productised texts
(each language version vectorised in the index's space; the best language counts). The score
is a weighted sum of the two, so an ecosystem without members can still fit by what it offers,
and one whose members do the newcomer's kind of work fits better than one that only says so.

Plain data in, plain data out; ties are broken by id, so results are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .index import Profile, ProfileIndex
from .text import words

SCORE_DECIMALS = 6
# Share of the score from the ecosystem's own texts; the rest comes from its members.
DESCRIPTION_WEIGHT = 0.5
# A member closer to the newcomer than this shares real vocabulary with it (below, only
# generic words): only such members are offered as people to meet.
MIN_MEMBER_SCORE = 0.02
# Among members equally close, the one whose role usually opens doors is named first.
ROLE_ORDER = {"anchor": 0, "infrastructure": 1, "research_partner": 2, "supplier": 3}
MAX_WORDS = 8


@dataclass(frozen=True)
class EcosystemSpec:
    """One ecosystem: its texts (one per language written) and value factors, and its members
    as (organisation id, role)."""

    id: int
    texts: tuple[str, ...]
    value_factors: tuple[str, ...] = ()
    members: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class MemberFit:
    id: int
    role: str
    score: float
    words: tuple[str, ...]  # words of the member's profile the newcomer's text matched


@dataclass(frozen=True)
class EcosystemFit:
    ecosystem_id: int
    score: float
    description_score: float
    members_score: float
    words: tuple[str, ...]  # words of the ecosystem's texts the newcomer's text matched
    value_factors: tuple[str, ...]  # value factors that share a word with the newcomer
    members: tuple[MemberFit, ...]  # best first: the members to meet first


def _text_of(newcomer: Profile | str) -> str:
    return newcomer.field_texts()["whole"] if isinstance(newcomer, Profile) else newcomer


def _matched(index: ProfileIndex, query: str, text: str, org_id: int | None = None):
    found = index.matched_words(query, text, org_id)
    # In the text's own order, so the reasons read like the text.
    ordered = [w for w in dict.fromkeys(words(text)) if w in found]
    return tuple(ordered[:MAX_WORDS])


def ecosystem_fit(
    index: ProfileIndex,
    newcomer: Profile | str,
    ecosystems: Sequence[EcosystemSpec],
    k_members: int = 3,
    meet: int = 5,
) -> list[EcosystemFit]:
    """Ecosystems ranked by how well the newcomer fits them, best first (ties by id).

    ``newcomer`` is a free text or a profile (an indexed profile is never its own match);
    each fit names up to ``meet`` members to meet first. An empty text fits nothing.
    """
    text = _text_of(newcomer)
    if not words(text) or not ecosystems:
        return []
    self_id = newcomer.id if isinstance(newcomer, Profile) else None
    vec = index.vectorise(text)
    sims = np.round(index.similarities(vec, "whole"), SCORE_DECIMALS) if len(index) else None
    fits = []
    for eco in ecosystems:
        desc = 0.0
        for version in eco.texts:
            if not words(version) or not len(index):
                continue
            other = index.vectorise(version)
            desc = max(desc, float((vec @ other.T).toarray().ravel()[0]) if other.nnz else 0.0)
        members = []
        for org_id, role in eco.members:
            if org_id == self_id or sims is None or org_id not in index:
                continue
            members.append((float(max(sims[index.pos(org_id)], 0.0)), org_id, role))
        members.sort(key=lambda m: (-m[0], ROLE_ORDER.get(m[2], 9), m[1]))
        top = [s for s, _, _ in members[:k_members]]
        mem = float(np.mean(top)) if top else 0.0
        score = DESCRIPTION_WEIGHT * desc + (1 - DESCRIPTION_WEIGHT) * mem
        all_text = "\n".join(eco.texts)
        matched = _matched(index, text, all_text) if desc > 0 else ()
        factors = tuple(f for f in eco.value_factors if matched and _matched(index, text, f))
        to_meet = tuple(
            MemberFit(
                org_id,
                role,
                round(s, SCORE_DECIMALS),
                _matched(
                    index, text, index.profiles[index.pos(org_id)].field_texts()["whole"], org_id
                ),
            )
            for s, org_id, role in members[:meet]
            if s >= MIN_MEMBER_SCORE
        )
        fits.append(
            EcosystemFit(
                eco.id,
                round(score, SCORE_DECIMALS),
                round(desc, SCORE_DECIMALS),
                round(mem, SCORE_DECIMALS),
                matched,
                factors,
                to_meet,
            )
        )
    fits.sort(key=lambda f: (-f.score, f.ecosystem_id))
    return fits
