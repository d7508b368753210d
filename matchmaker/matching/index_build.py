"""Building a ``ProfileIndex``: vocabulary, count matrices, TF-IDF weights and facets.

``IndexBuilding`` is the building stage of ``matching.index.ProfileIndex`` (its base class):
its methods fill the attributes ``ProfileIndex.__init__`` declares and use the vocabulary
helpers (``langs_of``, ``_with_parts``, ``_weigh``) that queries share.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from . import reduced
from .analysis import (
    _LANG_ORDER,
    COMPOUND_LANGS,
    FIELDS,
    MIXED,
    IndexConfig,
    Profile,
    _Analysed,
    _content,
    analyse_in,
    is_short,
    profile_language,
)
from .bridge import TermBridge
from .text import LANGUAGES, words

if TYPE_CHECKING:
    from .index import ProfileIndex


class IndexBuilding:
    """The building stage of ``ProfileIndex``; build with ``ProfileIndex.build``."""

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        profiles: Iterable[Profile],
        config: IndexConfig | None = None,
        bridge: TermBridge | None = None,
    ) -> ProfileIndex:
        """Index ``profiles`` (ids must be unique); rows are ordered by id for stable ties.

        ``bridge`` maps words of fi/en/sv to shared concepts (default: the shipped glossary,
        ``TermBridge.default()``; ``IndexConfig(bridge=False)`` turns bridging off).
        """
        self = cls()
        self.config = config or IndexConfig()
        if self.config.bridge:
            self.bridge = bridge if bridge is not None else TermBridge.default()
        self.profiles = sorted(profiles, key=lambda p: p.id)
        self.ids = np.fromiter(
            (p.id for p in self.profiles), dtype=np.int64, count=len(self.profiles)
        )
        self.position = {int(pid): i for i, pid in enumerate(self.ids)}
        if len(self.position) != len(self.profiles):
            raise ValueError("profile ids must be unique")

        analysed, surface_counts = self._analyse_all()
        self.known_stems = self._known_stems(analysed)
        for i, item in enumerate(analysed):
            clusters = self.profiles[i].clusters
            for name, read in item.read.items():
                item.tokens[name] = self._with_parts(read, memo=True, clusters=clusters)
                item.direct[name] = len(read)
            item.read.clear()
        self.surface = self._surface_map(surface_counts)
        counts = self._count_matrices(analysed)
        del analysed

        n = len(self.profiles)
        self._transformer = TfidfTransformer(sublinear_tf=True, norm="l2", smooth_idf=True)
        self._transformer.fit(counts["whole"] if n else sp.csr_matrix((1, 1)))
        for name in FIELDS:
            self.word_matrices[name] = self._weigh(counts[name])
        self.n_word_features = len(self.terms)
        if self.config.char_ngrams and n:
            self._add_char_block()
        else:
            self.matrices = dict(self.word_matrices)
        self.transposed = {name: m.T.tocsr() for name, m in self.matrices.items()}
        self._build_facets()
        self.reduced = reduced.fit_index(self)
        return self

    def _analyse_all(self) -> tuple[list[_Analysed], Counter[tuple[str, str]]]:
        # First the language of every profile; a short or language-less one is MIXED and is
        # read in every language that the other profiles are written in.
        detected = []
        for profile in self.profiles:
            toks = words(profile.field_texts()["whole"])
            lang = profile_language(toks)
            detected.append(lang)
            self.languages.append(MIXED if not lang or is_short(toks) else lang)
        found = set(detected)
        self.index_languages = tuple(c for c in _LANG_ORDER if c in found) or LANGUAGES
        analysed: list[_Analysed] = []
        surface_counts: Counter[tuple[str, str]] = Counter()
        for i, profile in enumerate(self.profiles):
            texts = profile.field_texts()
            langs = self.langs_of(i)
            item = _Analysed(self.languages[i])
            for name in ("about", "offers", "needs", "side_offered", "side_wanted"):
                item.read[name] = analyse_in(texts[name], langs)
                if name in ("about", "offers", "needs"):  # side streams are inside these
                    surface_counts.update((k, w) for k, w, _ in item.read[name])
            item.read["whole"] = (
                item.read["about"]
                + item.read["offers"]
                + item.read["needs"]
                + (analyse_in(profile.name, langs) if profile.name else [])
            )
            analysed.append(item)
        return analysed, surface_counts

    @staticmethod
    def _known_stems(analysed: Sequence[_Analysed]) -> dict[str, frozenset[str]]:
        known: dict[str, set[str]] = {code: set() for code in LANGUAGES}
        for item in analysed:
            for key, _, lang in item.read["whole"]:
                if lang in COMPOUND_LANGS and len(key) >= 4:
                    known[lang].add(key)
        return {code: frozenset(v) for code, v in known.items()}

    @staticmethod
    def _surface_map(counts: Counter[tuple[str, str]]) -> dict[str, str]:
        """stem -> its most frequent surface word (ties: shorter, then alphabetical)."""
        best: dict[str, tuple[int, int, str]] = {}
        for (stem_, word), c in counts.items():
            key = (-c, len(word), word)
            cur = best.get(stem_)
            if cur is None or key < cur:
                best[stem_] = key
        return {s: k[2] for s, k in best.items()}

    def _count_matrices(self, analysed: Sequence[_Analysed]) -> dict[str, sp.csr_matrix]:
        vocab = self.term_index
        out: dict[str, sp.csr_matrix] = {}
        for name in ("whole", "about", "offers", "needs", "side_offered", "side_wanted"):
            # Compact arrays rather than lists of Python ints: at 100,000 profiles the lists
            # were the build's peak memory.
            cols = array("i")
            data = array("d")
            indptr = array("q", [0])
            part_weight = self.config.part_weight
            for item in analysed:
                toks = item.tokens.pop(name)  # each field's tokens are needed once
                if name == "whole":
                    cols.extend([vocab.setdefault(t, len(vocab)) for t in toks])
                else:
                    cols.extend([vocab[t] for t in toks])
                direct = item.direct[name]
                data.extend([1.0] * direct + [part_weight] * (len(toks) - direct))
                indptr.append(len(cols))
            col_arr = np.frombuffer(cols, dtype=np.int32) if cols else np.zeros(0, np.int32)
            m = sp.csr_matrix(
                (
                    np.frombuffer(data, dtype=np.float64) if data else np.zeros(0),
                    col_arr,
                    np.frombuffer(indptr, dtype=np.int64),
                ),
                shape=(len(analysed), max(len(vocab), 1)),
            )
            m.sum_duplicates()
            out[name] = m
        self.terms = [""] * len(vocab)
        for term, j in vocab.items():
            self.terms[j] = term
        width = max(len(vocab), 1)
        return {k: sp.csr_matrix(v, shape=(v.shape[0], width)) for k, v in out.items()}

    def _add_char_block(self) -> None:
        """Append char_wb n-grams of the content words, weighted so cosines add up."""
        lo, hi = self.config.char_ngram_range
        self._char_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(lo, hi), sublinear_tf=True, dtype=np.float32
        )
        texts = {name: [] for name in FIELDS}
        for i, profile in enumerate(self.profiles):
            for name, text in profile.field_texts().items():
                texts[name].append(" ".join(_content(text, self.langs_of(i))))
        self._char_vectorizer.fit(texts["whole"])
        alpha = self.config.char_ngram_weight
        for name in FIELDS:
            chars = self._char_vectorizer.transform(texts[name])
            self.matrices[name] = sp.hstack(
                [self.word_matrices[name] * math.sqrt(1 - alpha), chars * math.sqrt(alpha)],
                format="csr",
                dtype=np.float32,
            )

    def _build_facets(self) -> None:
        n = len(self.profiles)
        self.market_names = sorted({m.casefold() for p in self.profiles for m in p.markets})
        mpos = {m: j for j, m in enumerate(self.market_names)}
        rows, cols = [], []
        for i, p in enumerate(self.profiles):
            for m in {m.casefold() for m in p.markets}:
                rows.append(i)
                cols.append(mpos[m])
        self.markets = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(n, max(len(self.market_names), 1)),
        )
        self.markets_t = self.markets.T.tocsr()

        self.region_names = sorted({p.region.casefold() for p in self.profiles if p.region})
        rpos = {r: j for j, r in enumerate(self.region_names)}
        self.regions = np.array(
            [rpos[p.region.casefold()] if p.region else -1 for p in self.profiles], dtype=np.int64
        )

        self.cluster_ids = sorted({c for p in self.profiles for c in p.clusters})
        cpos = {c: j for j, c in enumerate(self.cluster_ids)}
        rows, cols = [], []
        for i, p in enumerate(self.profiles):
            for c in p.clusters:
                rows.append(i)
                cols.append(cpos[c])
        self.clusters = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(n, max(len(self.cluster_ids), 1)),
        )
        self.clusters_t = self.clusters.T.tocsr()

        self.division_codes = sorted({c for p in self.profiles for c in p.industries})
        dpos = {c: j for j, c in enumerate(self.division_codes)}
        rows = [i for i, p in enumerate(self.profiles) for _ in p.industries]
        cols = [dpos[c] for p in self.profiles for c in p.industries]
        self.divisions = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(n, max(len(self.division_codes), 1)),
        )
