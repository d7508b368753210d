"""What the grouping maximises: theme cosines and the incremental objective of an assignment."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..bridge import CONCEPT_PREFIX
from ..index import ProfileIndex
from ..text import words
from .model import DEFAULT_GROUPING_WEIGHTS, GroupingWeights, StandSpec

_AREA_EPS = 1e-6  # areas are given to 0.1 m²: sums within this of the stand's area fit


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
