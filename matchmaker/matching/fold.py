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
    dropped; rows stay ordered by id. Without a fitted vocabulary, a full build is made."""
    changed = {p.id: p for p in changed}
    gone = set(removed) - set(changed)
    if index._transformer is None or not index.terms:
        kept = [p for p in index.profiles if p.id not in changed and p.id not in gone]
        return ProfileIndex.build([*kept, *changed.values()], index.config)
    new = copy.copy(index)
    new._surface_memo = {}
    old_rows = {
        p.id: i for i, p in enumerate(index.profiles) if p.id not in changed and p.id not in gone
    }
    profiles = sorted(
        [index.profiles[i] for i in old_rows.values()] + list(changed.values()),
        key=lambda p: p.id,
    )
    languages = {p.id: _language(p) for p in changed.values()}
    fresh = {pid: _count_rows(index, p, languages[pid]) for pid, p in changed.items()}

    new.profiles = profiles
    new.ids = np.fromiter((p.id for p in profiles), dtype=np.int64, count=len(profiles))
    new.position = {int(pid): i for i, pid in enumerate(new.ids)}
    new.languages = [
        languages[p.id] if p.id in changed else index.languages[old_rows[p.id]] for p in profiles
    ]
    word_matrices, matrices = {}, {}
    for name in FIELDS:
        rows = []
        char_rows = []
        for p in profiles:
            if p.id in changed:
                word = index._weigh(fresh[p.id][name])
                rows.append(word)
                if index._char_vectorizer is not None:
                    char_rows.append(_char_row(index, p, name, languages[p.id], word))
            else:
                i = old_rows[p.id]
                rows.append(index.word_matrices[name][i])
                if index._char_vectorizer is not None:
                    char_rows.append(index.matrices[name][i])
        width = index.word_matrices[name].shape[1]
        word_matrices[name] = (
            sp.vstack(rows, format="csr", dtype=np.float32)
            if rows
            else sp.csr_matrix((0, width), dtype=np.float32)
        )
        if index._char_vectorizer is not None:
            matrices[name] = (
                sp.vstack(char_rows, format="csr", dtype=np.float32)
                if char_rows
                else sp.csr_matrix((0, index.matrices[name].shape[1]), dtype=np.float32)
            )
        else:
            matrices[name] = word_matrices[name]
    for m in (*word_matrices.values(), *matrices.values()):
        m.sort_indices()
    new.word_matrices, new.matrices = word_matrices, matrices
    new.transposed = {name: m.T.tocsr() for name, m in matrices.items()}
    new._build_facets()
    # Pruned postings are those of the build: what changed since is always a candidate.
    old_delta = {int(index.ids[p]) for p in index.delta_positions}
    delta = sorted((old_delta - gone) | set(changed))
    new.delta_positions = np.array([new.position[d] for d in delta], dtype=np.int64)
    return new


def _char_row(
    index: ProfileIndex, profile: Profile, name: str, lang: str, word: sp.csr_matrix
) -> sp.csr_matrix:
    """The word row plus the char n-gram block, weighted as the build weighs them."""
    langs = index.index_languages if lang == MIXED else (lang,)
    vec = index.vectorise(profile.field_texts()[name], langs[0] if len(langs) == 1 else None)
    chars = vec[:, index.n_word_features :]
    alpha = index.config.char_ngram_weight
    return sp.hstack([word * np.sqrt(1 - alpha), chars], format="csr", dtype=np.float32)
