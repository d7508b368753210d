"""What the grouping maximises: theme cosines and the incremental objective of an assignment."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..index import ProfileIndex
from ..text import words
from .model import GroupingWeights, StandSpec


def _theme_vectors(index: ProfileIndex, stands: Sequence[StandSpec]) -> list[sp.csr_matrix | None]:
    """The theme of each stand in the index's space; None without a usable theme."""
    out: list[sp.csr_matrix | None] = []
    for stand in stands:
        vec = index.vectorise(stand.theme) if words(stand.theme) and len(index) else None
        out.append(vec if vec is not None and vec.nnz else None)
    return out


def _theme_cosines(
    index: ProfileIndex, rows: np.ndarray, themes: Sequence[sp.csr_matrix | None]
) -> np.ndarray:
    """cos(theme of stand s, whole profile of row r) as a len(rows) x len(themes) array."""
    out = np.zeros((len(rows), len(themes)), dtype=np.float64)
    for s, vec in enumerate(themes):
        if vec is not None:
            out[:, s] = index.similarities(vec, "whole")[rows]
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
    ) -> None:
        n, s1 = theme.shape
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
        self.acc[:, t] += sim_row
        self.label[i] = t

    def remove(self, i: int, sim_row: np.ndarray) -> None:
        """Take ``i`` off its stand."""
        s = self.label[i]
        self.acc[:, s] -= sim_row
        self.pairs[s] -= self.acc[i, s]
        self.tsum[s] -= self.theme[i, s]
        self.size[s] -= 1
        self.label[i] = -1

    def snapshot(self) -> tuple[np.ndarray, ...]:
        """Copies of everything that changes, for ``restore``."""
        return tuple(a.copy() for a in (self.label, self.size, self.pairs, self.tsum, self.acc))

    def restore(self, snap: tuple[np.ndarray, ...]) -> None:
        """Go back to a ``snapshot``."""
        self.label, self.size, self.pairs, self.tsum, self.acc = (a.copy() for a in snap)

    def objective(self) -> float:
        """The objective of the current assignment (incremental; for checks)."""
        all_s = np.arange(len(self.size))
        placed = self.label >= 0
        bonus = self.pref[np.flatnonzero(placed), self.label[placed]].sum()
        return float(self.current(all_s).sum() + bonus)
