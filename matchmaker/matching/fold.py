"""Fold new and edited profiles into a built index without refitting it.

A profile that changed since the last build is read exactly as the build reads it (its
language, compound parts, field texts) and weighed with the index's own vocabulary and IDF
(transform only): words the index has never seen are left out until the next full build.
The result is a ``FoldedIndex`` that overlays the changed rows on the build's arrays
(``matching.overlay``) instead of copying them, so the build stays one read-only copy shared
by a host's workers; the index passed in is never changed, so requests that still hold it
keep a consistent view.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from .index import FIELDS, MIXED, Profile, ProfileIndex, is_short, profile_language
from .overlay import LazyTransposed, OverlayRows, row_arrays
from .packed import LANG_CODES, Codes, FoldedProfiles, Positions
from .text import words


def _language(profile: Profile) -> str:
    toks = words(profile.field_texts()["whole"])
    lang = profile_language(toks)
    return MIXED if not lang or is_short(toks) else lang


def _count_matrices(
    index: ProfileIndex, fresh: list[Profile], languages: list[str]
) -> dict[str, sp.csr_matrix]:
    """Term counts per field, one row per fresh profile, as ``ProfileIndex.build`` counts
    them (words the index does not know are left out)."""
    width = max(index.n_word_features, 1)
    vocab, part_weight = index.term_index, index.config.part_weight
    rows: dict[str, list[int]] = {name: [] for name in FIELDS}
    cols: dict[str, list[int]] = {name: [] for name in FIELDS}
    vals: dict[str, list[float]] = {name: [] for name in FIELDS}
    for r, (profile, lang) in enumerate(zip(fresh, languages, strict=True)):
        langs = index.index_languages if lang == MIXED else (lang,)
        fields, _ = index.row_tokens(profile, langs)
        for name in FIELDS:
            keys, extras = fields[name]
            for terms, weight in ((keys, 1.0), (extras, part_weight)):
                found = [c for c in map(vocab.get, terms) if c is not None]
                cols[name].extend(found)
                rows[name].extend([r] * len(found))
                vals[name].extend([weight] * len(found))
    out = {}
    for name in FIELDS:
        m = sp.csr_matrix(
            (np.array(vals[name], dtype=np.float64), (rows[name], cols[name])),
            shape=(len(fresh), width),
        )
        m.sum_duplicates()
        out[name] = m
    return out


class FoldedIndex(ProfileIndex):
    """A build with the profiles changed since overlaid (``fold_in``); the build is untouched.

    Rows are ordered by id, as in a build. Row ``p`` is the build's row ``source[p]``, or
    fresh row ``-1 - source[p]`` (``matching.overlay``): the field matrices are
    ``OverlayRows`` over the build's (mapped, shared) matrices and the fresh rows, so what a
    worker holds for a fold is the fresh rows, the row maps and the small facet matrices.
    Every profile against all (``against``) is the build's postings and the fresh rows, put
    in row order.
    """

    base: ProfileIndex
    fresh: list[Profile]  # the changed and new profiles, by id
    gone: frozenset[int]  # ids of the build's profiles that were removed
    source: np.ndarray  # row -> build row (>= 0) or -1 - fresh row
    physical: np.ndarray  # row -> column of [build's rows, fresh rows]
    base_rows: np.ndarray  # build row -> row here (-1: changed or removed)
    fresh_rows: dict[str, sp.csr_matrix]  # field -> the fresh rows (all features)

    def against(self, rows: sp.csr_matrix, name: str) -> np.ndarray:
        built = (rows @ self.base.transposed[name]).toarray()
        fresh = (rows @ self.fresh_rows[name].T).toarray()
        return np.hstack([built, fresh])[:, self.physical]

    def document_frequency(self) -> np.ndarray:
        found = self.__dict__.get("_folded_frequency")
        if found is None:
            base = self.base.matrices["whole"]
            found = self.base.document_frequency().astype(np.int64)
            width = len(found)
            dead = [row_arrays(base, int(r))[0] for r in np.flatnonzero(self.base_rows < 0)]
            if dead:
                found -= np.bincount(np.concatenate(dead), minlength=width)[:width]
            found += np.bincount(self.fresh_rows["whole"].indices, minlength=width)[:width]
            self.__dict__["_folded_frequency"] = found
        return found


def fold_in(
    index: ProfileIndex, changed: Iterable[Profile], removed: Iterable[int] = ()
) -> ProfileIndex:
    """``index`` with ``changed`` profiles added or replaced and ``removed`` ids dropped,
    rows ordered by id; ``index`` itself is not changed. Without a fitted vocabulary, a
    full build is made.

    The result is a ``FoldedIndex``: the build's matrices and profiles are pointed at, never
    copied, so a fold costs the changed rows and a few arrays of one number per profile. A
    fold of a folded index is a fold of its build with both sets of changes."""
    changed = {p.id: p for p in changed}
    gone = set(removed) - set(changed)
    if isinstance(index, FoldedIndex):
        merged = {p.id: p for p in index.fresh if p.id not in gone}
        merged.update(changed)
        return fold_in(index.base, merged.values(), (set(index.gone) | gone) - set(merged))
    if index._transformer is None or not index.terms:
        kept = [p for p in index.profiles if p.id not in changed and p.id not in gone]
        return ProfileIndex.build([*kept, *changed.values()], index.config)
    new = FoldedIndex.__new__(FoldedIndex)
    new.__dict__.update(index.__dict__)
    new.__dict__.pop("_document_frequency", None)
    new._surface_memo = {}
    new.base = index
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
    new.fresh = fresh
    new.gone = frozenset(i for i in gone if i in index.position)
    # Where each row comes from: a build row, or (negative) one of the fresh profiles.
    source = np.concatenate([keep, -1 - np.arange(len(fresh), dtype=np.int64)])[order]
    new.source = source
    new.physical = np.where(source >= 0, source, len(index) - 1 - source)
    new.base_rows = np.full(len(index), -1, dtype=np.int64)
    new.base_rows[source[source >= 0]] = np.flatnonzero(source >= 0)
    new.profiles = FoldedProfiles(index.profiles, source, fresh)
    languages = [_language(p) for p in fresh]
    by_id = dict(zip(fresh_ids.tolist(), languages, strict=True))
    codes = _codes(index)
    fresh_codes = np.array([LANG_CODES.index(c) for c in languages], np.uint8)
    new.languages = Codes(np.concatenate([codes[keep], fresh_codes])[order], LANG_CODES)
    counts = _count_matrices(index, fresh, languages)

    word_matrices, matrices, new.fresh_rows = {}, {}, {}
    for name in FIELDS:
        base = index.word_matrices[name]
        fresh_words = sp.csr_matrix(index._weigh(counts.pop(name)), dtype=np.float32)
        fresh_words.sort_indices()
        word_matrices[name] = OverlayRows(base, fresh_words, source)
        if index._char_vectorizer is not None:
            chars = [
                _char_row(index, p, name, by_id[p.id], fresh_words[r]) for r, p in enumerate(fresh)
            ]
            base = index.matrices[name]
            new.fresh_rows[name] = _stack(chars, base.shape[1])
            matrices[name] = OverlayRows(base, new.fresh_rows[name], source)
        else:
            new.fresh_rows[name] = fresh_words
            matrices[name] = word_matrices[name]
    new.word_matrices, new.matrices = word_matrices, matrices
    new.transposed = LazyTransposed(matrices)
    _fold_facets(index, new, keep, order, fresh)
    # Pruned postings are those of the build: what changed since is always a candidate.
    new.delta_positions = np.flatnonzero(source < 0)
    return new


def _stack(rows: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
    if not rows:
        return sp.csr_matrix((0, width), dtype=np.float32)
    m = sp.vstack(rows, format="csr", dtype=np.float32)
    m.sort_indices()
    return m


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
