"""Reasons for a suggestion: the words that carry each part of the score (never a generic
one), in each profile's own words, with the part's exact weight."""

from __future__ import annotations

import numpy as np

from .index import Profile, ProfileIndex
from .scoring import (
    _PART_FIELDS,
    _SIDE_PARTS,
    _TEXT_PARTS,
    DEFAULT_WEIGHTS,
    SCORE_DECIMALS,
    Reason,
    Weights,
    _derived,
)


def _common(ia: np.ndarray, ib: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``ia`` and ``ib`` (sorted, unique) of their common values."""
    if ia.size == 0 or ib.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    pb = np.searchsorted(ib, ia)
    pb[pb == ib.size] = 0
    hit = ib[pb] == ia
    return np.flatnonzero(hit), pb[hit]


class _DenseRows:
    """One profile's word vectors scattered densely, per field, made on first use.

    Explaining k suggestions for one profile then costs one gather per suggestion and field.
    """

    def __init__(self, index: ProfileIndex, i: int) -> None:
        self.index, self.i = index, i
        self._rows: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        row = self._rows.get(name)
        if row is None:
            row = np.zeros(self.index.word_matrices[name].shape[1], dtype=np.float32)
            indices, data = self.index.row_arrays(name, self.i, word_only=True)
            row[indices] = data
            self._rows[name] = row
        return row


def _top_terms(
    dense_a: _DenseRows,
    name_a: str,
    name_b: str,
    rows: np.ndarray,
    n: int,
    generic: np.ndarray | None = None,
) -> list[list[int]]:
    """For each row j in ``rows``: the n word features contributing most to
    cos(field_a of A, field_b of j), best first (ties by feature id), never a ``generic``
    one; one pass for all rows.
    """
    # Those rows' arrays (views), joined: a sparse fancy index of a few rows costs more.
    found = [dense_a.index.row_arrays(name_b, int(j), word_only=True) for j in rows]
    if not found:
        return []
    feats = np.concatenate([f for f, _ in found])
    prod = dense_a[name_a][feats] * np.concatenate([d for _, d in found])
    row_of = np.repeat(np.arange(len(rows)), [len(f) for f, _ in found])
    keep = prod > 0
    if generic is not None:
        keep &= ~generic[feats]
    feats, prod, row_of = feats[keep], prod[keep], row_of[keep]
    order = np.lexsort((feats, -prod, row_of))
    feats, row_of = feats[order], row_of[order]
    starts = np.searchsorted(row_of, np.arange(len(rows) + 1))
    return [feats[starts[r] : min(starts[r + 1], starts[r] + n)].tolist() for r in range(len(rows))]


def _words(index: ProfileIndex, terms: list[int], i: int, name: str) -> list[str]:
    """Readable words for feature ids: the profile's own surface words, else the corpus'."""
    corpus, vocab = index.surface, index.terms
    own = index.surface_words(i, name, [vocab[t] for t in terms])
    out: dict[str, None] = {}
    for t in terms:
        term = vocab[t]
        out[own.get(term) or corpus.get(term, term)] = None
    return list(out)


def _cos(index: ProfileIndex, name_a: str, i: int, name_b: str, j: int) -> float:
    """cos(field_a of row i, field_b of row j) straight from the CSR arrays."""
    ia, da = index.row_arrays(name_a, i)
    ib, db = index.row_arrays(name_b, j)
    pa, pb = _common(ia, ib)
    return float(np.dot(da[pa].astype(np.float64), db[pb]))


def explain(
    index: ProfileIndex, org_id: int, other_id: int, weights: Weights = DEFAULT_WEIGHTS
) -> list[Reason]:
    """Structured reasons why ``other_id`` suits ``org_id`` (see the module docstring)."""
    return _explain(index, index.pos(org_id), index.pos(other_id), weights)


def _explain(
    index: ProfileIndex,
    i: int,
    j: int,
    w: Weights = DEFAULT_WEIGHTS,
    cosines: dict[str, float] | None = None,
    terms: dict[str, list[int]] | None = None,
    pa: Profile | None = None,
) -> list[Reason]:
    """Reasons why row ``j`` suits row ``i``.

    ``cosines`` (kind -> raw cosine) and ``terms`` (kind -> top features) save recomputing
    what scoring already computed; ``pa`` is row i's profile (each access decodes it).
    """
    if cosines is None:
        cosines = {kind: _cos(index, fa, i, fb, j) for kind, fa, fb, _ in _TEXT_PARTS}
        cosines.update({kind: _cos(index, fa, i, fb, j) for kind, fa, fb in _SIDE_PARTS})
    if terms is None:
        dense_a, one = _DenseRows(index, i), np.array([j])
        generic = _derived(index, w).generic
        terms = {
            kind: _top_terms(dense_a, fa, fb, one, w.reason_words, generic)[0]
            for kind, fa, fb in _PART_FIELDS
        }
    reasons: list[Reason] = []
    for kind, fa, fb, wname in _TEXT_PARTS:
        weight = round(getattr(w, wname) * cosines[kind], SCORE_DECIMALS)
        if weight <= 0:
            continue
        if terms[kind]:
            reasons.append(
                Reason(
                    kind,
                    _words(index, terms[kind], j, fb),
                    _words(index, terms[kind], i, fa),
                    weight,
                )
            )
    for kind, fa, fb in _SIDE_PARTS:
        weight = round(w.side_stream * cosines[kind], SCORE_DECIMALS)
        if weight <= 0:
            continue
        if terms[kind]:
            their = _words(index, terms[kind], j, fb)
            context = _context_words(index, j, fb, set(terms[kind]), w.context_words, their)
            reasons.append(Reason(kind, their, _words(index, terms[kind], i, fa), weight, context))
    pa = index.profiles[i] if pa is None else pa
    pb = index.profiles[j]
    markets = sorted({m.casefold() for m in pa.markets} & {m.casefold() for m in pb.markets})
    if markets and w.shared_market:
        reasons.append(Reason("shared_market", markets, markets, w.shared_market))
    if pa.region and index.regions[i] == index.regions[j] and w.same_region:
        reasons.append(Reason("same_region", [pb.region], [pa.region], w.same_region))
    reasons.sort(key=lambda r: (-r.weight, r.kind))
    return reasons


def _part_weight(w: Weights, kind: str) -> float:
    """The weight of a text or side-stream part of the score."""
    for k, _, _, wname in _TEXT_PARTS:
        if k == kind:
            return getattr(w, wname)
    return w.side_stream


def _explain_many(
    index: ProfileIndex,
    i: int,
    rows: np.ndarray,
    w: Weights = DEFAULT_WEIGHTS,
    dense_a: _DenseRows | None = None,
) -> list[list[Reason]]:
    """``[_explain(index, i, j, w) for j in rows]``, the same reasons: the cosines exactly as
    ``_explain`` computes them, each part's words in one pass over all rows (only for a part
    that is a reason of some row), row i's profile decoded once."""
    if not len(rows):
        return []
    cosines = [
        {kind: _cos(index, fa, i, fb, int(j)) for kind, fa, fb in _PART_FIELDS} for j in rows
    ]
    dense_a = _DenseRows(index, i) if dense_a is None else dense_a
    generic = _derived(index, w).generic
    terms: dict[str, list[list[int]]] = {}
    for kind, fa, fb in _PART_FIELDS:
        weight = _part_weight(w, kind)
        if any(round(weight * c[kind], SCORE_DECIMALS) > 0 for c in cosines):
            terms[kind] = _top_terms(dense_a, fa, fb, rows, w.reason_words, generic)
        else:  # not a reason of any row: its words are never read
            terms[kind] = [[] for _ in rows]
    pa = index.profiles[i]
    return [
        _explain(index, i, int(j), w, cosines[r], {kd: t[r] for kd, t in terms.items()}, pa)
        for r, j in enumerate(rows)
    ]


def _context_words(
    index: ProfileIndex, j: int, name: str, skip: set[int], n: int, shown: list[str]
) -> list[str]:
    """The highest-weighted other words of a field: what a side stream is wanted for."""
    idx, dat = index.row_arrays(name, j, word_only=True)
    order = np.lexsort((idx, -dat))
    out: dict[str, None] = {}
    for t in idx[order]:
        if int(t) in skip:
            continue
        word = index.word_for(index.terms[int(t)], j, name)
        if word not in shown:
            out[word] = None
        if len(out) >= n:
            break
    return list(out)
