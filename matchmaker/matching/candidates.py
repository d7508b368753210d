"""Candidate generation for large indexes: who could be in an organisation's top k.

Scoring one profile against every other one touches the whole posting list of each of its
terms, which grows with the index (a million profiles: tens of millions of products per
query). Here each term keeps only its highest-weighted postings per field, as many as
``Pruning.depth`` says for the index's size (static pruning, made once per build:
``prune``), and a query walks those of its ``n_terms`` strongest terms only (by weight of
the score part x the query's weight x the term's best posting), summing an approximate
score per profile (with one ``bincount`` over the build's rows; the penalty for offering
the same things counts negatively). The best ``Pruning.candidate_limit`` of them are the
candidates; partners.py re-scores them exactly with the full score, so every score and
reason shown is that of the full computation, and only a profile whose every strong term
is buried deep in the posting lists can be missed. Depth and candidates grow with the
index (``Pruning``), so that what is missed stays rare as it grows
(benchmarks/matching_speed.py reports recall@10 against the exact top 10).

Profiles folded in after the build (``fold_in``) are always candidates: the pruned postings
are those of the build.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .index import ProfileIndex

# (field of A, field of B, share of the score) of the parts that make a candidate.
PARTNER_PAIRS = (
    ("needs", "offers", 1.0),
    ("offers", "needs", 0.6),
    ("about", "about", 0.3),
    ("side_wanted", "side_offered", 0.4),
    ("side_offered", "side_wanted", 0.4),
    # The full score takes 0.3 x cos(offers_A, offers_B) off (competitors): without it
    # here, firms that offer what A offers crowd out the partners (it raised recall@10 at
    # 100,000 profiles from 0.83 to 0.87 with the old depths).
    ("offers", "offers", -0.3),
)
COMPETITOR_PAIRS = (("offers", "offers", 1.0),)
PRUNED_FIELDS = ("offers", "needs", "about", "side_offered", "side_wanted")


@dataclass(frozen=True)
class Pruning:
    """How deep candidate generation looks, growing with the index (measured in
    benchmarks/matching_speed.py).

    A fixed depth is a shrinking share of a growing index: with 3000 postings per term and
    4000 candidates, recall@10 against the exact top 10 was 0.99 at 100,000 synthetic
    profiles, 0.94 at 300,000 and 0.71 at 1,000,000. Each term therefore keeps the best
    ``term_share`` of the profiles (at least ``per_term``): its cut is then at the same
    weight quantile of its postings at any size, so a profile's strong terms are found as
    often at 1M as at 100k. The candidates re-scored grow as sqrt(N) (``limit_root``, at
    least ``limit``): more profiles crowd the approximate scores near the top, but the true
    top k stands further out the more there are (at 300,000, 4000 candidates found 0.965 and
    8000 found 0.995 of it with the deeper postings).
    """

    per_term: int = 3000  # postings kept per term and field, at least
    term_share: float = 0.0  # ... and this share of the profiles (default: 0.03)
    n_terms: int = 64  # strongest (term, part) pairs of the query walked
    limit: int = 4000  # candidates re-scored exactly, at least
    limit_root: float = 0.0  # ... and this many times sqrt(N) (default: 12.649)
    min_profiles: int = 20_000  # smaller indexes are scored exactly, against everyone

    def depth(self, n: int) -> int:
        """Postings kept per term and field in an index of ``n`` profiles."""
        return max(self.per_term, math.ceil(self.term_share * n))

    def candidate_limit(self, n: int) -> int:
        """Candidates re-scored exactly for a query of an index of ``n`` profiles."""
        return max(self.limit, math.ceil(self.limit_root * math.sqrt(n)))


# The depths measured at 100,000 profiles (3000 postings, 4000 candidates), grown with N:
# 3% of the profiles per term, 12.649 x sqrt(N) candidates. A ``Pruning`` made with fixed
# numbers only (tests, tuning) keeps them at every size.
DEFAULT_PRUNING = Pruning(term_share=0.03, limit_root=12.649)


def prune(index: ProfileIndex, per_term: int | None = None) -> None:
    """Keep, per term and field, the ``per_term`` (default: ``DEFAULT_PRUNING.depth`` of
    the index's size) highest-weighted postings (index.pruned).

    Rows of each pruned matrix are terms; its indices are row positions of the index as
    built (``index.pruned_ids`` says which ids they were)."""
    if per_term is None:
        per_term = DEFAULT_PRUNING.depth(len(index))
    out = {}
    for name in PRUNED_FIELDS:
        t = index.transposed[name]
        lens = np.diff(t.indptr)
        keep = np.ones(t.nnz, dtype=bool)
        for term in np.flatnonzero(lens > per_term):
            s, e = t.indptr[term], t.indptr[term + 1]
            drop = np.argpartition(-t.data[s:e], per_term)[per_term:]
            keep[s + drop] = False
        new_lens = np.minimum(lens, per_term)
        indptr = np.concatenate([[0], np.cumsum(new_lens)]).astype(t.indices.dtype)
        m = sp.csr_matrix((t.data[keep], t.indices[keep], indptr), shape=t.shape, dtype=np.float32)
        m.has_sorted_indices = True
        out[name] = m
    index.pruned = out
    index.pruned_ids = index.ids


def _best_posting(index: ProfileIndex, name: str) -> np.ndarray:
    """The highest weight in each term's postings of field ``name`` (0 for none)."""
    memo = index.__dict__.setdefault("_best_posting", {})
    found = memo.get(name)
    if found is None:
        p = index.pruned[name]
        found = np.zeros(p.shape[0], dtype=np.float32)
        rows = np.flatnonzero(np.diff(p.indptr))
        if rows.size:
            found[rows] = np.maximum.reduceat(np.asarray(p.data), p.indptr[rows])
        memo[name] = found
    return found


def _base_to_current(index: ProfileIndex, base_positions: np.ndarray) -> np.ndarray:
    """Positions in ``index`` of base positions of the pruned postings (-1: gone)."""
    ids = index.pruned_ids
    base = getattr(index, "base", None)  # a fold's build (matching.fold): its row map
    if base is not None and ids is base.pruned_ids:
        return index.base_rows[base_positions]
    if ids is index.ids or (len(ids) == len(index.ids) and np.array_equal(ids, index.ids)):
        return base_positions
    wanted = ids[base_positions]
    at = np.searchsorted(index.ids, wanted)
    at[at >= len(index.ids)] = 0
    return np.where(index.ids[at] == wanted, at, -1)


def candidates(
    index: ProfileIndex,
    i: int,
    pairs: Sequence[tuple[str, str, float]] = PARTNER_PAIRS,
    pruning: Pruning = DEFAULT_PRUNING,
) -> np.ndarray:
    """Ascending positions of the profiles that may score best for row ``i``."""
    if not index.pruned:
        prune(index, pruning.depth(len(index)))
    limit = pruning.candidate_limit(len(index))
    terms, weights, fields = [], [], []
    for fa, fb, share in pairs:
        q_terms, q_vals = index.row_arrays(fa, i)
        p = index.pruned[fb]
        q_terms = q_terms[q_terms < p.shape[0]]
        q_vals = q_vals[: len(q_terms)]
        has = p.indptr[q_terms + 1] > p.indptr[q_terms]
        terms.append(q_terms[has])
        weights.append(share * q_vals[has].astype(np.float64))
        fields.append(np.full(int(has.sum()), PRUNED_FIELDS.index(fb)))
    if not terms:
        return np.zeros(0, dtype=np.int64)
    t_all, w_all, f_all = np.concatenate(terms), np.concatenate(weights), np.concatenate(fields)
    best = np.zeros(t_all.size)
    for f in np.unique(f_all):
        on = f_all == f
        best[on] = _best_posting(index, PRUNED_FIELDS[f])[t_all[on]]
    strength = np.abs(w_all) * best
    top = np.argsort(-strength, kind="stable")[: pruning.n_terms]
    docs, contrib = [], []
    for n in top:
        p = index.pruned[PRUNED_FIELDS[f_all[n]]]
        s, e = p.indptr[t_all[n]], p.indptr[t_all[n] + 1]
        docs.append(p.indices[s:e])
        contrib.append(w_all[n] * p.data[s:e])
    delta = index.delta_positions
    if not docs:
        found = np.zeros(0, dtype=np.int64)
    else:
        # Summed per profile with one bincount over the build's rows (linear, where a sort
        # of the postings walked was three quarters of the time).
        score = np.bincount(
            np.concatenate(docs), weights=np.concatenate(contrib), minlength=len(index.pruned_ids)
        )
        uniq = np.flatnonzero(score > 0)
        if uniq.size > limit:
            keep = np.argpartition(-score[uniq], limit - 1)[:limit]
            uniq = np.sort(uniq[keep])
        found = _base_to_current(index, uniq.astype(np.int64))
        found = found[found >= 0]
    if len(delta):
        found = np.concatenate([found, delta])
    found = np.unique(found)
    return found[found != i]
