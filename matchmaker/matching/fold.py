"""Fold new and edited profiles into a built index without refitting it.

A profile that changed since the last build is read exactly as the build reads it (its
language, compound parts, field texts) and weighed with the index's own vocabulary and IDF
(transform only): words the index has never seen are left out until the next full build.
The result is a new ``ProfileIndex``; the one passed in is never changed, so requests that
still hold it keep a consistent view.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from .index import FIELDS, MIXED, Profile, ProfileIndex, is_short, profile_language
from .packed import LANG_CODES, Codes, FoldedProfiles, Positions
from .text import words


def _language(profile: Profile) -> str:
    toks = words(profile.field_texts()["whole"])
    lang = profile_language(toks)
    return MIXED if not lang or is_short(toks) else lang


def _count_rows(index: ProfileIndex, profile: Profile, lang: str) -> dict[str, sp.csr_matrix]:
    """Term counts per field (1 x F), as ``ProfileIndex.build`` counts them."""
    langs = index.index_languages if lang == MIXED else (lang,)
    fields, _ = index.row_tokens(profile, langs)
    width = max(index.n_word_features, 1)
    vocab, part_weight = index.term_index, index.config.part_weight
    out = {}
    for name in FIELDS:
        keys, extras = fields[name]
        weights = [1.0] * len(keys) + [part_weight] * len(extras)
        kept = [(vocab[t], w) for t, w in zip(keys + extras, weights, strict=True) if t in vocab]
        m = sp.csr_matrix(
            ([w for _, w in kept], ([0] * len(kept), [c for c, _ in kept])), shape=(1, width)
        )
        m.sum_duplicates()
        out[name] = m
    return out


def fold_in(
    index: ProfileIndex, changed: Iterable[Profile], removed: Iterable[int] = ()
) -> ProfileIndex:
    """A copy of ``index`` with ``changed`` profiles added or replaced and ``removed`` ids
    dropped; rows stay ordered by id. Without a fitted vocabulary, a full build is made.

    The unchanged rows are gathered with array operations and the profiles are not copied
    (``FoldedProfiles`` points at the build's), so a fold costs a copy of the matrices, not
    a pass over every profile."""
    changed = {p.id: p for p in changed}
    gone = set(removed) - set(changed)
    if index._transformer is None or not index.terms:
        kept = [p for p in index.profiles if p.id not in changed and p.id not in gone]
        return ProfileIndex.build([*kept, *changed.values()], index.config)
    new = copy.copy(index)
    new._surface_memo = {}
    dropped = [index.position[i] for i in (set(changed) | gone) if i in index.position]
    kept = np.ones(len(index), dtype=bool)
    kept[np.array(dropped, dtype=np.int64)] = False
    keep = np.flatnonzero(kept)
    fresh = sorted(changed.values(), key=lambda p: p.id)
    fresh_ids = np.array([p.id for p in fresh], dtype=np.int64)
    all_ids = np.concatenate([index.ids[keep], fresh_ids])
    order = np.argsort(all_ids, kind="stable")
    new.ids = all_ids[order]
    new.position = Positions(new.ids)
    # Where each new row comes from: a base row, or (negative) one of the fresh profiles.
    source = np.concatenate([keep, -1 - np.arange(len(fresh), dtype=np.int64)])[order]
    base_profiles = index.profiles
    all_fresh = fresh
    if isinstance(base_profiles, FoldedProfiles):  # fold of a fold: point at the build
        inner = source >= 0
        all_fresh = [*base_profiles.fresh, *fresh]
        shift = len(base_profiles.fresh)
        source = np.where(inner, base_profiles.source[np.maximum(source, 0)], source - shift)
        base_profiles = base_profiles.base
    new.profiles = FoldedProfiles(base_profiles, source, all_fresh)
    languages = [_language(p) for p in changed.values()]
    by_id = dict(zip(changed, languages, strict=True))
    codes = _codes(index)
    fresh_codes = np.array([LANG_CODES.index(by_id[p]) for p in fresh_ids.tolist()], np.uint8)
    new.languages = Codes(np.concatenate([codes[keep], fresh_codes])[order], LANG_CODES)
    rows = {pid: _count_rows(index, p, by_id[pid]) for pid, p in changed.items()}

    rows_of = _Rows(keep, order, len(index))

    def stack(fresh_rows: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
        if not fresh_rows:
            return sp.csr_matrix((0, width), dtype=np.float32)
        m = sp.vstack(fresh_rows, format="csr", dtype=np.float32)
        m.sort_indices()
        return m

    word_matrices, matrices, transposed = {}, {}, {}
    for name in FIELDS:
        weighed = [index._weigh(rows[pid][name]) for pid in fresh_ids.tolist()]
        base = index.word_matrices[name]
        fresh_m = stack(weighed, base.shape[1])
        word_matrices[name] = rows_of.gather(base, fresh_m)
        if index._char_vectorizer is not None:
            chars = [
                _char_row(index, p, name, by_id[p.id], w)
                for p, w in zip(fresh, weighed, strict=True)
            ]
            base = index.matrices[name]
            fresh_m = stack(chars, base.shape[1])
            matrices[name] = rows_of.gather(base, fresh_m)
        else:
            matrices[name] = word_matrices[name]
        transposed[name] = rows_of.transposed(index.transposed[name], base, matrices[name], fresh_m)
    new.word_matrices, new.matrices, new.transposed = word_matrices, matrices, transposed
    _fold_facets(index, new, keep, order, fresh)
    # Pruned postings are those of the build: what changed since is always a candidate.
    old_delta = {int(index.ids[p]) for p in index.delta_positions}
    delta = sorted((old_delta - gone) | set(changed))
    new.delta_positions = np.array([new.position[d] for d in delta], dtype=np.int64)
    return new


class _Rows:
    """Where the rows of a folded index come from: kept rows of the build (``keep``, in
    order) and fresh rows, interleaved by id (``order``). Rows are copied as runs of
    consecutive build rows, not one by one; the transposed matrices are updated (the
    changed rows' postings out, the fresh ones in) when no kept row moved."""

    def __init__(self, keep: np.ndarray, order: np.ndarray, n_base: int) -> None:
        n_keep = len(keep)
        self.n = len(order)
        self.is_fresh = order >= n_keep
        self.base_row = np.full(self.n, -1, dtype=np.int64)
        self.base_row[~self.is_fresh] = keep[order[~self.is_fresh]]
        self.fresh_row = np.where(self.is_fresh, order - n_keep, -1)
        brk = np.ones(self.n, dtype=bool)
        brk[1:] = (
            self.is_fresh[1:] | self.is_fresh[:-1] | (self.base_row[1:] != self.base_row[:-1] + 1)
        )
        self.starts = np.flatnonzero(brk)
        self.ends = np.append(self.starts[1:], self.n)
        kept_at = np.flatnonzero(~self.is_fresh)
        self.in_place = bool(np.array_equal(kept_at, self.base_row[kept_at]))
        self.fresh_at = np.flatnonzero(self.is_fresh)[np.argsort(self.fresh_row[self.is_fresh])]
        kept = np.zeros(n_base, dtype=bool)
        kept[keep] = True
        dropped = np.flatnonzero(~kept)
        self.replaced = dropped  # in place: every dropped row is replaced at its position
        if self.in_place and len(dropped) and not np.all(np.isin(dropped, self.fresh_at)):
            self.in_place = False

    def gather(self, base: sp.csr_matrix, fresh: sp.csr_matrix) -> sp.csr_matrix:
        lens = np.zeros(self.n, dtype=np.int64)
        f, b = self.is_fresh, ~self.is_fresh
        lens[f] = np.diff(fresh.indptr)[self.fresh_row[f]]
        lens[b] = np.diff(base.indptr)[self.base_row[b]]
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(lens, out=indptr[1:])
        data = np.empty(int(indptr[-1]), dtype=np.float32)
        indices = np.empty(int(indptr[-1]), dtype=np.int32)
        for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True):
            if self.is_fresh[s]:
                r = self.fresh_row[s]
                src, a, z = fresh, fresh.indptr[r], fresh.indptr[r + 1]
            else:
                src = base
                a, z = base.indptr[self.base_row[s]], base.indptr[self.base_row[e - 1] + 1]
            data[indptr[s] : indptr[e]] = src.data[a:z]
            indices[indptr[s] : indptr[e]] = src.indices[a:z]
        m = sp.csr_matrix((data, indices, indptr), shape=(self.n, base.shape[1]), copy=False)
        m.has_sorted_indices = True
        return m

    def transposed(
        self, base_t: sp.csr_matrix, base: sp.csr_matrix, new: sp.csr_matrix, fresh: sp.csr_matrix
    ) -> sp.csr_matrix:
        """The postings of ``new``: the build's (``base_t``, of rows ``base``) with the
        replaced rows' entries taken out and the fresh rows' put in at their places, in
        one copy (a few binary searches per changed row, no transposition)."""
        if not self.in_place:
            return new.T.tocsr()
        indptr, indices = base_t.indptr, base_t.indices
        dels = []
        for r in self.replaced.tolist():
            for t in base.indices[base.indptr[r] : base.indptr[r + 1]].tolist():
                s = int(indptr[t])
                dels.append(s + int(np.searchsorted(indices[s : indptr[t + 1]], r)))
        coo = fresh.tocoo()
        terms, docs = coo.col.astype(np.int64), self.fresh_at[coo.row]
        by = np.lexsort((docs, terms))
        terms, docs, values = terms[by], docs[by], coo.data[by]
        ins = np.array(
            [
                int(indptr[t]) + int(np.searchsorted(indices[indptr[t] : indptr[t + 1]], d))
                for t, d in zip(terms.tolist(), docs.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        dels_arr = np.array(sorted(dels), dtype=np.int64)
        at = ins - np.searchsorted(dels_arr, ins, side="left")
        data = np.insert(np.delete(base_t.data, dels_arr), at, values.astype(np.float32))
        idx = np.insert(np.delete(indices, dels_arr), at, docs.astype(indices.dtype))
        n_terms = base_t.shape[0]
        del_rows = np.searchsorted(indptr, dels_arr, side="right") - 1
        change = np.bincount(terms, minlength=n_terms) - np.bincount(del_rows, minlength=n_terms)
        new_indptr = np.asarray(indptr, dtype=np.int64).copy()
        new_indptr[1:] += np.cumsum(change)
        out = sp.csr_matrix((data, idx, new_indptr), shape=(n_terms, self.n), copy=False)
        out.has_sorted_indices = True
        return out


def _codes(index: ProfileIndex) -> np.ndarray:
    langs = index.languages
    if isinstance(langs, Codes) and langs.names == LANG_CODES:
        return np.asarray(langs.codes, dtype=np.uint8)
    return np.array([LANG_CODES.index(c) for c in langs], dtype=np.uint8)


def _fold_facets(
    index: ProfileIndex, new: ProfileIndex, keep: np.ndarray, order: np.ndarray, fresh: list
) -> None:
    """Markets, regions, clusters and industries: the kept rows' and the fresh profiles',
    in the base's name order with new names after them."""

    def facet(names: list, matrix: sp.csr_matrix, values) -> tuple[list, sp.csr_matrix]:
        names = list(names)
        pos = {nm: j for j, nm in enumerate(names)}
        r, c = [], []
        for n, p in enumerate(fresh):
            for v in values(p):
                if v not in pos:
                    pos[v] = len(names)
                    names.append(v)
                r.append(n)
                c.append(pos[v])
        width = max(len(names), 1)
        base = sp.csr_matrix(matrix, copy=False)
        base = sp.csr_matrix((base.data, base.indices, base.indptr), shape=(base.shape[0], width))
        extra = sp.csr_matrix(
            (np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(fresh), width)
        )
        return names, sp.vstack([base[keep], extra], format="csr", dtype=np.float32)[order]

    new.market_names, new.markets = facet(
        index.market_names, index.markets, lambda p: sorted({m.casefold() for m in p.markets})
    )
    new.markets_t = new.markets.T.tocsr()
    new.cluster_ids, new.clusters = facet(
        index.cluster_ids, index.clusters, lambda p: sorted(p.clusters)
    )
    new.clusters_t = new.clusters.T.tocsr()
    new.division_codes, new.divisions = facet(
        index.division_codes, index.divisions, lambda p: sorted(p.industries)
    )
    names = list(index.region_names)
    pos = {nm: j for j, nm in enumerate(names)}
    regions = []
    for p in fresh:
        region = p.region.casefold() if p.region else ""
        if region and region not in pos:
            pos[region] = len(names)
            names.append(region)
        regions.append(pos[region] if region else -1)
    new.region_names = names
    new.regions = np.concatenate(
        [np.asarray(index.regions)[keep], np.array(regions, dtype=np.int64)]
    )[order]


def _char_row(
    index: ProfileIndex, profile: Profile, name: str, lang: str, word: sp.csr_matrix
) -> sp.csr_matrix:
    """The word row plus the char n-gram block, weighted as the build weighs them."""
    langs = index.index_languages if lang == MIXED else (lang,)
    vec = index.vectorise(profile.field_texts()[name], langs[0] if len(langs) == 1 else None)
    chars = vec[:, index.n_word_features :]
    alpha = index.config.char_ngram_weight
    return sp.hstack([word * np.sqrt(1 - alpha), chars], format="csr", dtype=np.float32)
