"""Joint fair stands: group interested organisations into stands that cohere.

Pure and deterministic: plain data in (the ``ProfileIndex``, interests, stands), plain data
out (a ``Grouping``). Ties are broken by ascending organisation id, then stand id.

Objective (higher is better), with ``w = GroupingWeights()``::

    sum over stands s of   coherence(s) + w.theme * theme_fit(s)
    + w.preferred * (number of organisations placed on the stand they asked for)

- ``coherence(s)``: mean pairwise similarity of the members' ``whole`` profile vectors
  (0 with fewer than two members). The whole profile (description, offers, needs) is what
  a visitor reads as "what this stand is about".
- ``theme_fit(s)``: mean similarity of ``theme_vector(theme)`` with the members' ``whole``
  vectors; 0 for a stand without a theme (or whose theme has no indexed word).

Similarity here is bilingual (``bridged``): ``(1 - w.concepts) * cosine of the profiles``
``+ w.concepts * cosine of their term-bridge concepts`` alone. Two companies that make the
same thrusters, one writing Finnish and one English, share only concepts ("~propeller"),
which a plain cosine drowns in each one's own words; two Finnish profiles share words
besides. The concepts' own cosine puts both pairs on the same footing.

No stand gets more members than places, nor more floor area than it has: each organisation
asks for an area (``Interest.area``) and a stand's members' areas add up to at most its
``StandSpec.area`` (None: no limit). Placing organisations comes first: the greedy fill
places everyone who still fits somewhere, no later step leaves more organisations out, and
left-overs go back on a stand as soon as a place and the area for them come free. The
organisations left over (those whose absence costs least) are reported in
``Grouping.unassigned`` with a reason code (``REASON_*``).

Algorithm: (1) seeds: themed stands are seeded by their theme; each unthemed stand gets a
farthest-first seed (the organisation least similar to the seeds and themes so far);
(2) greedy fill: repeatedly place the (organisation, stand) pair with the largest marginal
gain; (3) local search: moves to stands with a free place and swaps between stands (and
with the left-over pool), and exchanges of two stands' whole member lists, while any of
them improves, capped at ``max_passes`` passes;
(4) iterated local search: a few times, kick the best grouping (random swaps and moves
from a fixed-seed generator), search again and keep the result if it is better.
Sums of similarities to each stand are kept as ``sim(i, stand) = w_i . sum of members' w``,
so no dense N x N similarity matrix is ever built (rows are taken in blocks).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .bridge import CONCEPT_PREFIX
from .index import ProfileIndex
from .text import words

REASON_NO_PLACE = "no_place"  # no place (or area) left; this organisation fitted the stands least
REASON_NOT_IN_INDEX = "not_in_index"  # no indexed profile, so it cannot be grouped by theme
SCORE_DECIMALS = 6
_EPS = 1e-10  # a move must improve the objective by more than this (float noise)
_AREA_EPS = 1e-6  # areas are given to 0.1 m²: sums within this of the stand's area fit
_BLOCK = 256  # similarity rows computed at a time in local search
_SEED = 20261123  # fixed seed of the kicks: same input, same grouping
RESTART_EFFORT = 2_000  # restarts = clamp(RESTART_EFFORT // n, 1, 50): many only when n is small


@dataclass(frozen=True)
class GroupingWeights:
    """Every weight and threshold of stand grouping, in one place."""

    theme: float = 0.5  # per stand: weight of the members' mean cosine to the stand's theme
    preferred: float = 0.02  # per organisation placed on the stand it asked for (small)
    # Two members whose OFFERS have at least this cosine are flagged as near competitors: on
    # the synthetic and demo profiles, 0.5 and above means they sell largely the same thing.
    competitor_offers: float = 0.5
    shared_terms: int = 6  # words shown per stand
    # share of the similarity taken from the term-bridge concepts alone (see ``bridged``)
    concepts: float = 0.5


DEFAULT_GROUPING_WEIGHTS = GroupingWeights()


@dataclass(frozen=True)
class StandSpec:
    """One joint stand: its id, number of places (organisations), optional theme text and
    floor area (m², None: not limited)."""

    id: int
    places: int
    theme: str = ""
    area: float | None = None


@dataclass(frozen=True)
class Interest:
    """An organisation's registered interest, with the stand it prefers (if it named one)
    and the floor area it asks for (m²)."""

    org_id: int
    preferred_stand: int | None = None
    area: float = 0.0


@dataclass(frozen=True)
class StandQuality:
    """Why a stand coheres and what the coordinator should look at.

    ``theme_fit`` is None for a stand without a theme. ``shared_terms`` are real words from
    the members' profiles, the ones contributing most to the coherence. ``near_competitors``
    are member pairs (a < b) whose offers' cosine reaches ``competitor_offers``;
    ``competitor_groups`` joins those pairs into groups (members linked by such pairs), so a
    stand with many competing members gets one short list instead of one line per pair.
    """

    coherence: float
    theme_fit: float | None
    shared_terms: list[str] = field(default_factory=list)
    near_competitors: list[tuple[int, int, float]] = field(default_factory=list)
    competitor_groups: list[list[int]] = field(default_factory=list)


@dataclass(frozen=True)
class Grouping:
    """A proposed grouping: members per stand (sorted ids), left-overs, objective, quality."""

    assignments: dict[int, list[int]]
    unassigned: list[tuple[int, str]]
    objective: float
    per_stand: dict[int, StandQuality]


@dataclass(frozen=True)
class StandFit:
    """How well one organisation fits one stand; ``has_place`` if it could still join."""

    stand_id: int
    score: float
    has_place: bool


# ---------------------------------------------------------------------- helpers
def _interests(items: Iterable[Interest | int]) -> list[Interest]:
    """Interests in first-seen order, one per organisation (plain ids are accepted)."""
    seen: dict[int, Interest] = {}
    for item in items:
        interest = item if isinstance(item, Interest) else Interest(int(item))
        seen.setdefault(interest.org_id, interest)
    return list(seen.values())


def _theme_vectors(
    index: ProfileIndex, stands: Sequence[StandSpec], weights: GroupingWeights | None = None
) -> list[sp.csr_matrix | None]:
    """The theme of each stand in the grouping's (bridged) space; None without a usable
    theme."""
    w = weights or DEFAULT_GROUPING_WEIGHTS
    out: list[sp.csr_matrix | None] = []
    for stand in stands:
        vec = theme_vector(index, stand.theme) if words(stand.theme) and len(index) else None
        ok = vec is not None and vec.nnz
        out.append(_bridge_rows(index, vec, vec, w.concepts) if ok else None)
    return out


def _normalised(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return (sp.diags(inv) @ m).tocsr()


def _bridge_rows(
    index: ProfileIndex, full: sp.csr_matrix, word_part: sp.csr_matrix, share: float
) -> sp.csr_matrix:
    """Rows of ``full`` with their concept columns (from ``word_part``) appended, so that a
    dot product of two rows is ``(1 - share) * cosine + share * concept cosine``."""
    if share <= 0 or not index.terms:
        return full.tocsr()
    cols = np.flatnonzero(np.char.startswith(np.asarray(index.terms), CONCEPT_PREFIX))
    if not cols.size:
        return full.tocsr()
    concepts = _normalised(word_part.tocsr()[:, cols].astype(np.float64))
    return sp.hstack(
        [full.astype(np.float64) * math.sqrt(1 - share), concepts * math.sqrt(share)],
        format="csr",
    )


def bridged(
    index: ProfileIndex, name: str, weights: GroupingWeights | None = None
) -> sp.csr_matrix:
    """Field ``name`` of every profile in the grouping's bilingual space (module docstring):
    row i . row j is the similarity of profiles i and j the grouping uses."""
    share = (weights or DEFAULT_GROUPING_WEIGHTS).concepts
    return _bridge_rows(index, index.matrices[name], index.word_matrices[name], share)


_THEME_PARTS = re.compile(r"[;\n]+|(?<=[.!?])\s+")


def theme_vector(index: ProfileIndex, theme: str) -> sp.csr_matrix:
    """A stand's theme in the index's space, each part (split at ";", line ends and full
    stops) read in its own language, then summed and normalised.

    Coordinators write themes in two languages ("Potkurit ja akselit; propulsion systems
    and shaft lines"). Read as one text, the whole theme gets the language of its longer
    half, so the other half's words get the wrong keys and miss every profile written in
    that language (English thruster makers fitted a Finnish-English theme less than a
    shipyard did). Read part by part, each half meets the profiles of its own language.
    """
    parts = [p for p in _THEME_PARTS.split(theme) if words(p)]
    if len(parts) <= 1:
        return index.vectorise(theme)
    total = index.vectorise(parts[0])
    for part in parts[1:]:
        total = total + index.vectorise(part)
    norm = math.sqrt(float(total.multiply(total).sum()))
    return (total / norm).tocsr() if norm > 0 else total.tocsr()


def _theme_cosines(
    whole: sp.csr_matrix, rows: np.ndarray, themes: Sequence[sp.csr_matrix | None]
) -> np.ndarray:
    """sim(theme of stand s, whole profile of row r) as a len(rows) x len(themes) array;
    ``whole`` is ``bridged(index, "whole")``, the themes from ``_theme_vectors``."""
    out = np.zeros((len(rows), len(themes)), dtype=np.float64)
    block = whole[rows]
    for s, vec in enumerate(themes):
        if vec is not None:
            out[:, s] = (block @ vec.T).toarray().ravel()
    return out


class _State:
    """Incremental bookkeeping of an assignment (stand index ``S`` is the left-over pool)."""

    def __init__(
        self,
        whole: sp.csr_matrix,
        theme: np.ndarray,
        themed: np.ndarray,
        pref: np.ndarray,
        places: np.ndarray,
        w: GroupingWeights,
        area: np.ndarray | None = None,
        cap: np.ndarray | None = None,
    ) -> None:
        n, s1 = theme.shape
        # area[i]: what organisation i asks for; cap[s]: the area of stand s (inf: no limit)
        self.area = np.zeros(n) if area is None else np.asarray(area, dtype=np.float64)
        self.cap = np.full(s1, np.inf) if cap is None else np.asarray(cap, dtype=np.float64)
        self.used = np.zeros(s1, dtype=np.float64)
        self.whole, self.whole_t = whole, whole.T.tocsr()
        self.norm = np.asarray(whole.multiply(whole).sum(axis=1)).ravel().astype(np.float64)
        self.theme, self.themed, self.pref, self.places, self.w = theme, themed, pref, places, w
        self.real = np.ones(s1, dtype=bool)
        self.real[-1] = False  # the pool adds nothing to the objective
        self.coh_w = self.real.astype(np.float64)
        self.fit_w = np.where(themed & self.real, w.theme, 0.0)
        self.label = np.full(n, -1, dtype=np.int64)
        self.size = np.zeros(s1, dtype=np.int64)
        self.pairs = np.zeros(s1, dtype=np.float64)
        self.tsum = np.zeros(s1, dtype=np.float64)
        self.acc = np.zeros((n, s1), dtype=np.float64)  # acc[i, s] = sum_{j in s} cos(i, j)

    def sims(self, rows: np.ndarray) -> np.ndarray:
        """Dense block cos(row r, every organisation) for a few rows."""
        return (self.whole[rows] @ self.whole_t).toarray().astype(np.float64)

    def value(
        self, pairs: np.ndarray, tsum: np.ndarray, size: np.ndarray, s: np.ndarray
    ) -> np.ndarray:
        """Contribution of stands ``s`` to the objective with the given statistics."""
        # coherence + w.theme * theme fit (0 for the pool); with fewer than two members the
        # pair sum is zero, so the max(., 1) divisors change nothing.
        n_pairs = np.maximum(size * (size - 1) * 0.5, 1.0)
        return self.coh_w[s] * pairs / n_pairs + self.fit_w[s] * tsum / np.maximum(size, 1)

    def current(self, s: np.ndarray) -> np.ndarray:
        """Contribution of stands ``s`` as they are now."""
        return self.value(self.pairs[s], self.tsum[s], self.size[s], s)

    def place(self, i: int, t: int, sim_row: np.ndarray) -> None:
        """Put unplaced ``i`` on stand ``t``."""
        self.pairs[t] += self.acc[i, t]
        self.tsum[t] += self.theme[i, t]
        self.size[t] += 1
        self.used[t] += self.area[i]
        self.acc[:, t] += sim_row
        self.label[i] = t

    def remove(self, i: int, sim_row: np.ndarray) -> None:
        """Take ``i`` off its stand."""
        s = self.label[i]
        self.acc[:, s] -= sim_row
        self.pairs[s] -= self.acc[i, s]
        self.tsum[s] -= self.theme[i, s]
        self.size[s] -= 1
        self.used[s] -= self.area[i]
        self.label[i] = -1

    def snapshot(self) -> tuple[np.ndarray, ...]:
        """Copies of everything that changes, for ``restore``."""
        keep = (self.label, self.size, self.pairs, self.tsum, self.acc, self.used, self.places)
        return tuple(a.copy() for a in keep)

    def restore(self, snap: tuple[np.ndarray, ...]) -> None:
        """Go back to a ``snapshot``."""
        (self.label, self.size, self.pairs, self.tsum, self.acc, self.used, self.places) = (
            a.copy() for a in snap
        )

    def room(self, rows: np.ndarray | int, t: np.ndarray | int, freed: np.ndarray | float = 0.0):
        """Whether the area of ``rows`` fits on stand ``t`` once ``freed`` m² leave it."""
        return self.used[t] - freed + self.area[rows] <= self.cap[t] + _AREA_EPS

    def placed(self) -> int:
        """How many organisations are on a real stand (the first thing to maximise)."""
        return int(np.count_nonzero(self.real[self.label]))

    def objective(self) -> float:
        """The objective of the current assignment (incremental; for checks)."""
        all_s = np.arange(len(self.size))
        placed = self.label >= 0
        bonus = self.pref[np.flatnonzero(placed), self.label[placed]].sum()
        return float(self.current(all_s).sum() + bonus)


def _seed_and_fill(st: _State, themed_stands: np.ndarray) -> None:
    """Farthest-first seeds for unthemed stands, then greedy fill by marginal gain."""
    n, s1 = st.theme.shape
    real = np.flatnonzero(st.real)
    seeds: list[int] = []
    closeness = np.full(n, -np.inf)  # max similarity to any seed or theme so far
    if themed_stands.size:
        closeness = st.theme[:, themed_stands].max(axis=1)
    for s in real:
        if st.themed[s] or st.places[s] < 1:
            continue
        free = (st.label < 0) & (st.norm > 0) & st.room(np.arange(n), int(s))
        if not free.any():
            break
        if not seeds and not themed_stands.size:  # first seed: the most central organisation
            central = st.whole @ np.asarray(st.whole.sum(axis=0)).ravel()
            score = np.where(free, central, -np.inf)
            i = int(np.argmax(score))
        else:
            score = np.where(free, closeness, np.inf)
            i = int(np.argmin(score))
        row = st.sims(np.array([i]))[0]
        st.place(i, int(s), row)
        seeds.append(i)
        closeness = np.maximum(closeness, row)

    # gain[i, t] of placing i on t; only column t changes when something joins t.
    gain = np.full((n, s1), -np.inf)

    def refresh(t: int) -> None:
        if st.size[t] >= st.places[t] or not st.real[t]:
            gain[:, t] = -np.inf
            return
        ts = np.array([t])
        before = st.current(ts)[0]
        after = st.value(
            st.pairs[t] + st.acc[:, t],
            st.tsum[t] + st.theme[:, t],
            np.full(n, st.size[t] + 1),
            np.full(n, t),
        )
        gain[:, t] = after - before + st.pref[:, t]
        gain[(st.label >= 0) | ~st.room(np.arange(n), t), t] = -np.inf

    for t in real:
        refresh(int(t))
    while True:
        flat = int(np.argmax(gain))  # row-major: ties go to the lowest id, then stand
        i, t = divmod(flat, s1)
        if not np.isfinite(gain[i, t]):
            break
        st.place(i, t, st.sims(np.array([i]))[0])
        gain[i, :] = -np.inf
        refresh(t)
    pool = s1 - 1
    for i in np.flatnonzero(st.label < 0):
        st.place(int(i), pool, st.sims(np.array([i]))[0])
    # Whoever is left now stays left over at most: the pool never takes anyone back, so no
    # later step places fewer organisations (without areas this is n minus the places).
    st.places[pool] = st.size[pool]


def _local_search(st: _State, max_passes: int) -> int:
    """Best move or swap per organisation, in id order, until a pass changes nothing."""
    n, s1 = st.theme.shape
    stands = np.arange(s1)
    passes = 0
    while passes < max_passes:
        passes += 1
        improved = False
        for start in range(0, n, _BLOCK):
            block = np.arange(start, min(n, start + _BLOCK))
            sims = st.sims(block)
            for r, i in enumerate(block):
                improved |= _improve(st, int(i), sims[r], stands)
        improved |= _exchange_stands(st)
        if not improved:
            break
    return passes


def _exchange_stands(st: _State) -> bool:
    """Swap the whole member lists of the two stands where that helps most (themes and
    preferences can favour the same groups the other way round, which single swaps miss).
    """
    s1 = len(st.size)
    onehot = np.zeros((s1, len(st.label)))
    onehot[st.label, np.arange(len(st.label))] = 1.0
    theme_of, pref_of = onehot @ st.theme, onehot @ st.pref  # [group s, if on stand t]
    src, dst = np.meshgrid(np.arange(s1), np.arange(s1), indexing="ij")
    cur = st.current(np.arange(s1))
    # group src moves to stand dst and group dst to stand src
    delta = (
        st.value(st.pairs[src], theme_of[src, dst], st.size[src], dst)
        + st.value(st.pairs[dst], theme_of[dst, src], st.size[dst], src)
        - cur[src]
        - cur[dst]
        + pref_of[src, dst]
        + pref_of[dst, src]
        - pref_of[src, src]
        - pref_of[dst, dst]
    )
    fits = (st.size[src] <= st.places[dst]) & (st.size[dst] <= st.places[src]) & (src < dst)
    fits &= (st.used[src] <= st.cap[dst] + _AREA_EPS) & (st.used[dst] <= st.cap[src] + _AREA_EPS)
    delta = np.where(fits, delta, -np.inf)
    a, b = divmod(int(np.argmax(delta)), s1)
    if delta[a, b] <= _EPS:
        return False
    in_a, in_b = st.label == a, st.label == b
    st.label[in_a], st.label[in_b] = b, a
    st.acc[:, [a, b]] = st.acc[:, [b, a]]
    st.pairs[[a, b]] = st.pairs[[b, a]]
    st.size[[a, b]] = st.size[[b, a]]
    st.used[[a, b]] = st.used[[b, a]]
    st.tsum[a], st.tsum[b] = theme_of[b, a], theme_of[a, b]
    return True


def _improve(st: _State, i: int, g: np.ndarray, stands: np.ndarray) -> bool:
    """Apply the best improving move or swap of organisation ``i``; True if one was made."""
    s = int(st.label[i])
    ss = np.array([s])
    cur = st.current(stands)
    base_s = cur[s]
    # moves: i leaves s for any stand t with a free place
    ps_out = st.pairs[s] - (st.acc[i, s] - st.norm[i])
    ts_out = st.tsum[s] - st.theme[i, s]
    leave = st.value(np.array([ps_out]), np.array([ts_out]), np.array([st.size[s] - 1]), ss)[0]
    open_ = (st.size < st.places) & (stands != s) & st.room(i, stands)
    move = np.full(len(stands), -np.inf)
    if open_.any():
        t = stands[open_]
        join = st.value(st.pairs[t] + st.acc[i, t], st.tsum[t] + st.theme[i, t], st.size[t] + 1, t)
        move[open_] = leave - base_s + join - cur[t] + st.pref[i, t] - st.pref[i, s]
    best_move = int(np.argmax(move))
    move_gain = move[best_move]
    # swaps: i <-> j for every j on another stand (or in the pool)
    others = np.flatnonzero(st.label != s)
    swap_gain, best_j = -np.inf, -1
    if others.size:
        t = st.label[others]
        gij = g[others]
        ps_new = ps_out + st.acc[others, s] - gij
        ts_new = ts_out + st.theme[others, s]
        size_s = np.full(others.size, st.size[s])
        pt_new = st.pairs[t] - (st.acc[others, t] - st.norm[others]) + st.acc[i, t] - gij
        tt_new = st.tsum[t] - st.theme[others, t] + st.theme[i, t]
        delta = (
            st.value(ps_new, ts_new, size_s, np.full(others.size, s))
            - base_s
            + st.value(pt_new, tt_new, st.size[t], t)
            - cur[t]
            + st.pref[i, t]
            - st.pref[i, s]
            + st.pref[others, s]
            - st.pref[others, t]
        )
        # both must fit where they go: j in i's place on s, i in j's place on t
        fit = st.room(others, s, st.area[i]) & st.room(i, t, st.area[others])
        delta = np.where(fit, delta, -np.inf)
        k = int(np.argmax(delta))
        swap_gain, best_j = delta[k], int(others[k])
    if max(move_gain, swap_gain) <= _EPS:
        return False
    if move_gain >= swap_gain:
        st.remove(i, g)
        st.place(i, best_move, g)
    else:
        gj = st.sims(np.array([best_j]))[0]
        t = int(st.label[best_j])
        st.remove(i, g)
        st.remove(best_j, gj)
        st.place(i, t, g)
        st.place(best_j, s, gj)
    return True


def _exchange_kick(st: _State, a: int, b: int) -> None:
    """Exchange the members of stands a and b; members over the places go back, least
    similar to the rest first (the other stand always has room for them); members over
    the area go back if they fit there, else to the pool (the fill puts them back later).
    """
    group_a, group_b = np.flatnonzero(st.label == a), np.flatnonzero(st.label == b)
    for i in np.concatenate([group_a, group_b]):
        st.remove(int(i), st.sims(np.array([i]))[0])
    for group, to, back in ((group_a, b, a), (group_b, a, b)):
        for i in group:
            st.place(int(i), to, st.sims(np.array([i]))[0])
        while st.size[to] > st.places[to] or st.used[to] > st.cap[to] + _AREA_EPS:
            on = np.flatnonzero(st.label == to)
            i = int(on[np.argmin(st.acc[on, to] - st.norm[on])])
            g = st.sims(np.array([i]))[0]
            st.remove(i, g)
            fits_back = st.size[back] < st.places[back] and st.room(i, back)
            pool = len(st.size) - 1
            if not fits_back:
                st.places[pool] += 1  # a kick may leave one over; the fill takes it back
            st.place(i, back if fits_back else pool, g)


def _kick(st: _State, rng: np.random.Generator, count: int) -> None:
    """Escape a local optimum: exchange the members of two stands (with repair), or random
    swaps and moves of ``count`` organisations.
    """
    n = len(st.label)
    used = np.flatnonzero(st.size > 0)
    if used.size >= 2 and rng.random() < 0.5:
        a, b = rng.choice(used, size=2, replace=False)
        _exchange_kick(st, int(a), int(b))
        return
    for _ in range(count):
        i = int(rng.integers(n))
        s = int(st.label[i])
        stands = np.arange(len(st.size))
        open_ = np.flatnonzero((st.size < st.places) & (stands != s) & st.room(i, stands))
        others = np.flatnonzero(st.label != s)
        g = st.sims(np.array([i]))[0]
        if open_.size and (rng.random() < 0.5 or not others.size):
            st.remove(i, g)
            st.place(i, int(open_[rng.integers(open_.size)]), g)
        elif others.size:
            j = int(others[rng.integers(others.size)])
            t = int(st.label[j])
            if not (st.room(j, s, st.area[i]) and st.room(i, t, st.area[j])):
                continue  # this swap would over-fill a stand's area
            gj = st.sims(np.array([j]))[0]
            st.remove(i, g)
            st.remove(j, gj)
            st.place(i, t, g)
            st.place(j, s, gj)


def _iterated_search(st: _State, restarts: int, max_passes: int) -> None:
    """Local search, then ``restarts`` times: kick the best so far, search again, keep if better.

    The kicks come from a generator with a fixed seed, so the result is deterministic.
    """
    _local_search(st, max_passes)
    _fill(st)
    best, best_value = st.snapshot(), (st.placed(), st.objective())
    rng = np.random.default_rng(_SEED)
    kick = max(2, len(st.label) // 10)
    for _ in range(restarts):
        _kick(st, rng, kick)
        _local_search(st, max_passes)
        _fill(st)
        value = (st.placed(), st.objective())
        # more organisations placed first, then the higher objective
        more = value[0] > best_value[0]
        if more or (value[0] == best_value[0] and value[1] > best_value[1] + _EPS):
            best, best_value = st.snapshot(), value
        else:
            st.restore(best)


def _fill(st: _State) -> None:
    """Put left-over organisations on stands that have a place and the area for them (the
    best gain first); the pool shrinks with each one, so fewer are left out."""
    pool = len(st.size) - 1
    stands = np.flatnonzero(st.real)
    while True:
        left = np.flatnonzero(st.label == pool)
        if not left.size or not stands.size:
            return
        best, best_i, best_t = -np.inf, -1, -1
        cur = st.current(stands)
        for i in left:
            ok = (st.size[stands] < st.places[stands]) & st.room(int(i), stands)
            if not ok.any():
                continue
            t = stands[ok]
            gain = (
                st.value(st.pairs[t] + st.acc[i, t], st.tsum[t] + st.theme[i, t], st.size[t] + 1, t)
                - cur[ok]
                + st.pref[i, t]
            )
            k = int(np.argmax(gain))
            if gain[k] > best:
                best, best_i, best_t = gain[k], int(i), int(t[k])
        if best_i < 0:
            return
        g = st.sims(np.array([best_i]))[0]
        st.remove(best_i, g)
        st.place(best_i, best_t, g)
        st.places[pool] = st.size[pool]


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
