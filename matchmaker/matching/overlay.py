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
        built, fresh = self.base[src[is_base]], self.fresh[-1 - src[~is_base]]
        lens = np.empty(src.size, dtype=np.int64)
        lens[is_base] = np.diff(built.indptr)
        lens[~is_base] = np.diff(fresh.indptr)
        indptr = np.zeros(src.size + 1, dtype=np.int64)
        np.cumsum(lens, out=indptr[1:])
        indices = np.empty(int(indptr[-1]), dtype=built.indices.dtype)
        data = np.empty(int(indptr[-1]), dtype=self.dtype)
        for part, rows in ((built, is_base), (fresh, ~is_base)):
            # Where each of the part's entries goes: its row's start here plus its offset.
            starts, n = indptr[:-1][rows], np.diff(part.indptr)
            at = np.repeat(starts - part.indptr[:-1], n) + np.arange(part.nnz)
            indices[at] = part.indices
            data[at] = part.data
        out = sp.csr_matrix((data, indices, indptr), shape=(src.size, self.shape[1]), copy=False)
        out.has_sorted_indices = built.has_sorted_indices and fresh.has_sorted_indices
        return out

    def split(self, positions: np.ndarray) -> list[tuple[sp.csr_matrix, np.ndarray]]:
        """Rows ``positions`` as (the build's rows among them, where they are), then (the
        fresh rows, where they are): gathered apart, never interleaved into one copy."""
        src = self.source[np.asarray(positions, dtype=np.int64)]
        is_base = src >= 0
        return [
            (self.base[src[is_base]], np.flatnonzero(is_base)),
            (self.fresh[-1 - src[~is_base]], np.flatnonzero(~is_base)),
        ]

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
