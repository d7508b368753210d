"""Why a grouping is what it is: objective and quality per stand, shared words, competitors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..index import ProfileIndex
from .model import (
    DEFAULT_GROUPING_WEIGHTS,
    SCORE_DECIMALS,
    Grouping,
    GroupingWeights,
    Interest,
    StandQuality,
    StandSpec,
    _interests,
)
from .scoring import _theme_cosines, _theme_vectors, bridged


def _top_shared_terms(index: ProfileIndex, rows: np.ndarray, n: int) -> list[str]:
    """Words contributing most to the members' pairwise similarity, as the members wrote them."""
    if rows.size < 2 or n <= 0:
        return []
    m = index.word_matrices["whole"][rows].astype(np.float64)
    col = np.asarray(m.sum(axis=0)).ravel()
    sq = np.asarray(m.multiply(m).sum(axis=0)).ravel()
    contrib = (col * col - sq) / 2.0
    cand = np.flatnonzero(contrib > 1e-12)
    order = cand[np.lexsort((cand, -contrib[cand]))]
    out: dict[str, None] = {}
    dense = m.tocsc()
    for t in order:
        colv = dense[:, int(t)].toarray().ravel()
        owner = int(rows[int(np.argmax(colv))])  # the member who uses the word most
        out[index.word_for(index.terms[int(t)], owner, "whole")] = None
        if len(out) >= n:
            break
    return list(out)


def _competitors(
    index: ProfileIndex,
    members: Sequence[int],
    threshold: float,
    weights: GroupingWeights | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs (a < b) of members whose offers' (bilingual) similarity is at least
    ``threshold``."""
    if len(members) < 2:
        return []
    rows = np.array([index.pos(m) for m in members])
    offers = bridged(index, "offers", weights)[rows]
    block = (offers @ offers.T).toarray()
    out = []
    for a in range(len(members)):
        for b in range(a + 1, len(members)):
            sim = round(float(block[a, b]), SCORE_DECIMALS)
            if sim >= threshold:
                out.append((members[a], members[b], sim))
    out.sort(key=lambda x: (-x[2], x[0], x[1]))
    return out


def competitor_groups(pairs: Iterable[tuple[int, int, float]]) -> list[list[int]]:
    """Members linked by near-competitor pairs, as groups (sorted ids; groups by first id)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _sim in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in sorted(parent):
        groups.setdefault(root(x), []).append(x)
    return sorted(groups.values())


# ---------------------------------------------------------------------- public API
def evaluate(
    index: ProfileIndex,
    assignments: Mapping[int, Iterable[int]],
    stands: Sequence[StandSpec],
    interests: Iterable[Interest | int] = (),
    weights: GroupingWeights = DEFAULT_GROUPING_WEIGHTS,
    unassigned: Sequence[tuple[int, str]] = (),
) -> Grouping:
    """Objective and per-stand quality of any assignment (also a hand-made one).

    Members must be indexed (KeyError otherwise); capacity is not checked here.
    """
    prefs = {it.org_id: it.preferred_stand for it in _interests(interests)}
    themes = _theme_vectors(index, stands, weights)
    whole = bridged(index, "whole", weights)
    total = 0.0
    out: dict[int, list[int]] = {}
    quality: dict[int, StandQuality] = {}
    for stand, vec in zip(stands, themes, strict=True):
        members = sorted(assignments.get(stand.id, ()))
        out[stand.id] = members
        rows = np.array([index.pos(m) for m in members], dtype=np.int64)
        block = whole[rows].astype(np.float64)
        col = np.asarray(block.sum(axis=0)).ravel()
        norms = float(block.multiply(block).sum())
        size = len(members)
        pairs = (float(col @ col) - norms) / 2.0
        coherence = pairs / (size * (size - 1) / 2.0) if size >= 2 else 0.0
        fit = None
        if vec is not None:
            fit = float(_theme_cosines(whole, rows, [vec]).sum()) / size if size else 0.0
        total += coherence + weights.theme * (fit or 0.0)
        total += weights.preferred * sum(prefs.get(m) == stand.id for m in members)
        pairs = _competitors(index, members, weights.competitor_offers, weights)
        quality[stand.id] = StandQuality(
            round(coherence, SCORE_DECIMALS),
            None if fit is None else round(fit, SCORE_DECIMALS),
            _top_shared_terms(index, rows, weights.shared_terms),
            pairs,
            competitor_groups(pairs),
        )
    return Grouping(out, list(unassigned), round(total, SCORE_DECIMALS), quality)
