"""The public grouping: propose members per stand, invitees for a stand, the best stand for one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from ..index import ProfileIndex
from .model import (
    DEFAULT_GROUPING_WEIGHTS,
    REASON_NO_PLACE,
    REASON_NOT_IN_INDEX,
    SCORE_DECIMALS,
    Grouping,
    GroupingWeights,
    Interest,
    StandFit,
    StandSpec,
    _interests,
)
from .quality import evaluate
from .scoring import _State, _theme_cosines, _theme_vectors, bridged
from .search import _iterated_search, _seed_and_fill

RESTART_EFFORT = 2_000  # restarts = clamp(RESTART_EFFORT // n, 1, 50): many only when n is small


def group_stands(
    index: ProfileIndex,
    interests: Iterable[Interest | int],
    stands: Sequence[StandSpec],
    weights: GroupingWeights = DEFAULT_GROUPING_WEIGHTS,
    local_search: bool = True,
    max_passes: int = 100,
    restarts: int | None = None,
) -> Grouping:
    """Propose members for each stand (see the module docstring for objective and method).

    ``interests`` may be ``Interest``s or plain organisation ids; duplicates are ignored.
    ``local_search=False`` returns the greedy start (for comparison and tests);
    ``restarts`` (default: by size, see ``RESTART_EFFORT``) counts the kicks of the search.
    """
    if len({s.id for s in stands}) != len(stands):
        raise ValueError("stand ids must be unique")
    stands = sorted(stands, key=lambda s: s.id)
    wanted = _interests(interests)
    unassigned = [(it.org_id, REASON_NOT_IN_INDEX) for it in wanted if it.org_id not in index]
    items = sorted((it for it in wanted if it.org_id in index), key=lambda it: it.org_id)
    ids = [it.org_id for it in items]
    rows = np.array([index.pos(o) for o in ids], dtype=np.int64)
    s_real = len(stands)
    n = len(ids)
    places = np.array([max(0, s.places) for s in stands] + [0], dtype=np.int64)
    places[-1] = max(0, n - int(places[:-1].sum()))
    themes = _theme_vectors(index, stands, weights)
    whole = bridged(index, "whole", weights)
    theme = np.zeros((n, s_real + 1))
    theme[:, :s_real] = _theme_cosines(whole, rows, themes)
    themed = np.array([v is not None for v in themes] + [False])
    pref = np.zeros((n, s_real + 1))
    col_of = {s.id: c for c, s in enumerate(stands)}
    for r, it in enumerate(items):
        if it.preferred_stand in col_of:
            pref[r, col_of[it.preferred_stand]] = weights.preferred
    area = np.array([max(0.0, float(it.area or 0.0)) for it in items], dtype=np.float64)
    cap = np.array(
        [np.inf if s.area is None else max(0.0, float(s.area)) for s in stands] + [np.inf]
    )
    if n:
        st = _State(whole[rows], theme, themed, pref, places, weights, area, cap)
        _seed_and_fill(st, np.flatnonzero(themed))
        if local_search:
            if restarts is None:
                restarts = min(50, max(1, RESTART_EFFORT // n))
            _iterated_search(st, restarts, max_passes)
        label = st.label
    else:
        label = np.zeros(0, dtype=np.int64)
    assignments = {s.id: [ids[r] for r in np.flatnonzero(label == c)] for c, s in enumerate(stands)}
    left = [(ids[r], REASON_NO_PLACE) for r in np.flatnonzero(label == s_real)]
    unassigned = sorted(unassigned + left)
    return evaluate(index, assignments, stands, items, weights, unassigned)


def _fit(
    index: ProfileIndex,
    rows: np.ndarray,
    members: Sequence[int],
    theme: sp.csr_matrix | None,
    weights: GroupingWeights,
    exclude_self: bool = True,
    whole: sp.csr_matrix | None = None,
) -> np.ndarray:
    """For each row: mean similarity to ``members`` (not counting itself) + w.theme * theme
    similarity; ``whole`` is ``bridged(index, "whole", weights)`` when the caller has it."""
    score = np.zeros(len(rows))
    whole = bridged(index, "whole", weights) if whole is None else whole
    mrows = np.array([index.pos(m) for m in members if m in index], dtype=np.int64)
    if mrows.size:
        block = (whole[rows] @ whole[mrows].T).toarray().astype(np.float64)
        if exclude_self:
            block[rows[:, None] == mrows[None, :]] = 0.0
        count = mrows.size - (np.isin(rows, mrows) if exclude_self else 0)
        score += np.divide(block.sum(axis=1), count, out=np.zeros(len(rows)), where=count > 0)
    if theme is not None:
        score += weights.theme * (whole[rows] @ theme.T).toarray().ravel()
    return np.round(score, SCORE_DECIMALS)


def suggest_invitees(
    index: ProfileIndex,
    theme: str,
    member_ids: Iterable[int],
    candidate_ids: Iterable[int],
    k: int = 10,
    weights: GroupingWeights = DEFAULT_GROUPING_WEIGHTS,
) -> list[tuple[int, float]]:
    """Candidates (not yet members) who would fit a stand, best first, with their score.

    score = mean cosine to the current members + w.theme * cosine to the theme; only
    candidates with a positive score are returned. Unindexed ids are skipped.
    """
    members = sorted(set(member_ids))
    cands = sorted({c for c in candidate_ids if c in index} - set(members))
    if not cands or k <= 0:
        return []
    rows = np.array([index.pos(c) for c in cands], dtype=np.int64)
    vec = _theme_vectors(index, [StandSpec(0, 0, theme)], weights)[0]
    scores = _fit(index, rows, members, vec, weights)
    ranked = sorted(
        ((c, float(s)) for c, s in zip(cands, scores, strict=True) if s > 0),
        key=lambda x: (-x[1], x[0]),
    )
    return ranked[:k]


def best_stand_for(
    index: ProfileIndex,
    org_id: int,
    stands: Sequence[StandSpec],
    assignments: Mapping[int, Iterable[int]],
    weights: GroupingWeights = DEFAULT_GROUPING_WEIGHTS,
) -> list[StandFit]:
    """Every stand ranked for one organisation: mean cosine to the stand's other members
    + w.theme * cosine to its theme. ``has_place``: it is a member or a place is free.
    """
    row = np.array([index.pos(org_id)])
    themes = _theme_vectors(index, stands, weights)
    whole = bridged(index, "whole", weights)
    out = []
    for stand, vec in zip(stands, themes, strict=True):
        members = sorted(set(assignments.get(stand.id, ())))
        score = float(_fit(index, row, members, vec, weights, whole=whole)[0])
        has_place = org_id in members or len(members) < stand.places
        out.append(StandFit(stand.id, score, has_place))
    out.sort(key=lambda f: (-f.score, f.stand_id))
    return out
