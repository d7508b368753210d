"""Rows of a folded index read through the build's arrays, without copying them.

A fold (``matching.fold``) leaves the build's matrices as they are (memory-mapped and shared
by every worker of a host) and keeps only the rows of the profiles changed since in a small
matrix of its own. ``OverlayRows`` puts the two together: row ``p`` of the folded index is
row ``source[p]`` of the build when that is >= 0, else row ``-1 - source[p]`` of the fresh
rows. Reading a row, or gathering some rows (``m[rows]``), copies only those rows; the build's
rows that changed or were removed are simply never pointed at.

Code that needs the whole matrix as one CSR (``m.indptr``, ``m.T``, ``m @ x``: stand grouping,
saving a folded index) gets one made on first use and kept (``materialised``): correct, at the
cost of the copy the overlay otherwise avoids. Partner suggestions, reasons, similar
organisations, side streams and free-text queries never need it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import scipy.sparse as sp


def row_arrays(m: sp.csr_matrix | OverlayRows, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(feature ids, weights) of row ``i`` of ``m``: views of its arrays, no copy."""
    if isinstance(m, OverlayRows):
        return m.row_arrays(i)
    s, e = m.indptr[i], m.indptr[i + 1]
    return m.indices[s:e], m.data[s:e]


class OverlayRows:
    """A read-only row view of ``base`` (the build's rows) overlaid with ``fresh`` rows."""

    def __init__(self, base: sp.csr_matrix, fresh: sp.csr_matrix, source: np.ndarray) -> None:
        self.base, self.fresh, self.source = base, fresh, source
        self.shape = (len(source), base.shape[1])
        self.dtype = base.dtype
        self._full: sp.csr_matrix | None = None

    @property
    def materialised(self) -> bool:
        """Whether the whole matrix was copied into one CSR (``tocsr``)."""
        return self._full is not None

    @property
    def nnz(self) -> int:
        src = self.source[self.source >= 0]
        return int(np.diff(self.base.indptr)[src].sum()) + self.fresh.nnz

    def row_arrays(self, p: int) -> tuple[np.ndarray, np.ndarray]:
        src = int(self.source[p])
        m, r = (self.base, src) if src >= 0 else (self.fresh, -1 - src)
        s, e = m.indptr[r], m.indptr[r + 1]
        return m.indices[s:e], m.data[s:e]

    def take(self, positions: np.ndarray) -> sp.csr_matrix:
        """Rows ``positions`` (in that order) as a CSR matrix of their own."""
        src = self.source[np.asarray(positions, dtype=np.int64)]
        if src.size == 0 or src.min() >= 0:
            return self.base[src]
        is_base = src >= 0
        n_base = int(is_base.sum())
        parts = sp.vstack([self.base[src[is_base]], self.fresh[-1 - src[~is_base]]], format="csr")
        at = np.empty(src.size, dtype=np.int64)
        at[is_base] = np.arange(n_base)
        at[~is_base] = n_base + np.arange(src.size - n_base)
        out = parts[at]
        return sp.csr_matrix(out, dtype=self.dtype)

    def __getitem__(self, key: object) -> sp.csr_matrix:
        if isinstance(key, tuple):  # rows and columns: the whole matrix's indexing
            return self.tocsr()[key]
        if isinstance(key, slice):
            return self.take(np.arange(*key.indices(self.shape[0])))
        arr = np.asarray(key)
        if arr.dtype == bool:
            arr = np.flatnonzero(arr)
        if arr.ndim == 0:
            p = int(arr)
            return self.take(np.array([p + self.shape[0] if p < 0 else p]))
        return self.take(arr)

    def tocsr(self) -> sp.csr_matrix:
        """The whole matrix as one CSR (a copy, made once and kept)."""
        if self._full is None:
            full = self.take(np.arange(self.shape[0]))
            full.has_sorted_indices = self.base.has_sorted_indices
            self._full = full
        return self._full

    def __matmul__(self, other: object) -> object:
        return self.tocsr() @ other

    def __getattr__(self, name: str) -> object:
        # Anything else a CSR matrix has (indptr, T, multiply, astype...) is the whole one's.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.tocsr(), name)


class LazyTransposed(Mapping[str, sp.csr_matrix]):
    """field -> postings (the transpose) of a folded index's rows, made on first use only:
    what the overlay's own reads need comes from the build's postings and the fresh rows."""

    def __init__(self, matrices: Mapping[str, OverlayRows]) -> None:
        self._matrices = matrices
        self._made: dict[str, sp.csr_matrix] = {}

    def __getitem__(self, name: str) -> sp.csr_matrix:
        found = self._made.get(name)
        if found is None:
            found = self._made[name] = self._matrices[name].tocsr().T.tocsr()
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._matrices)

    def __len__(self) -> int:
        return len(self._matrices)
