"""A TF-IDF index over organisation profiles.

One vocabulary and one IDF (fitted on whole profiles) serve every field, so a needs vector
and an offers vector live in the same space and cos(needs_A, offers_B) is meaningful.
Fields: ``about`` (description, keywords, industries), ``offers`` (capabilities + side streams
offered), ``needs`` (needs + side streams wanted), ``side_offered``, ``side_wanted`` and
``whole`` (all text). Every field matrix is a sparse CSR matrix of L2-normalised float32 rows,
kept together with its transpose so that one profile times all profiles only touches the
posting lists of that profile's terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from .text import LANGUAGES, analyse, content_words, detect_language, split_compound, words

FIELDS = ("about", "offers", "needs", "side_offered", "side_wanted", "whole")
COMPOUND_LANGS = frozenset({"fi", "sv"})
MIN_SPLIT_LEN = 8  # only stems at least this long are tried as compounds


@dataclass(frozen=True)
class Profile:
    """The plain data of one organisation that matching needs.

    ``about`` is description + keywords + industries; ``offers``/``needs`` are capabilities
    offered and needs sought; side streams are materials offered and wanted.
    """

    id: int
    about: str
    offers: str
    needs: str
    side_offered: str = ""
    side_wanted: str = ""
    markets: frozenset[str] = frozenset()
    region: str = ""
    clusters: frozenset[int] = frozenset()
    name: str = ""

    def field_texts(self) -> dict[str, str]:
        """Text of each indexed field; offers and needs include the side streams."""
        return {
            "about": self.about,
            "offers": f"{self.offers}\n{self.side_offered}",
            "needs": f"{self.needs}\n{self.side_wanted}",
            "side_offered": self.side_offered,
            "side_wanted": self.side_wanted,
            "whole": "\n".join(
                (
                    self.name,
                    self.about,
                    self.offers,
                    self.needs,
                    self.side_offered,
                    self.side_wanted,
                )
            ),
        }


@dataclass(frozen=True)
class IndexConfig:
    """How text becomes features.

    Default: word stems + compound splitting. char_wb n-grams (optional) add at most
    +0.02 nDCG@10 on benchmarks/matching_quality.py but 17x the non-zeros, 9x the build time
    and 5x the batch time (benchmarks/data/matching_results.md), which breaks the 100k budget.
    """

    compound_split: bool = True
    char_ngrams: bool = False
    char_ngram_range: tuple[int, int] = (3, 5)
    char_ngram_weight: float = 0.3  # share of cosine that comes from char n-grams


@dataclass
class _Analysed:
    lang: str
    tokens: dict[str, list[str]] = field(default_factory=dict)  # field -> stems


class ProfileIndex:
    """Sparse TF-IDF matrices for all profiles; build with ``ProfileIndex.build``."""

    def __init__(self) -> None:
        self.config = IndexConfig()
        self.profiles: list[Profile] = []
        self.ids = np.zeros(0, dtype=np.int64)
        self.position: dict[int, int] = {}
        self.languages: list[str] = []
        self.terms: list[str] = []
        self.term_index: dict[str, int] = {}
        self.n_word_features = 0
        self.matrices: dict[str, sp.csr_matrix] = {}
        self.transposed: dict[str, sp.csr_matrix] = {}
        self.word_matrices: dict[str, sp.csr_matrix] = {}
        self.surface: dict[str, str] = {}  # stem -> most frequent surface word
        self.known_stems: dict[str, frozenset[str]] = {}
        self.markets = sp.csr_matrix((0, 0), dtype=np.float32)
        self.markets_t = sp.csr_matrix((0, 0), dtype=np.float32)
        self.market_names: list[str] = []
        self.regions = np.zeros(0, dtype=np.int64)
        self.region_names: list[str] = []
        self.clusters = sp.csr_matrix((0, 0), dtype=np.float32)
        self.clusters_t = sp.csr_matrix((0, 0), dtype=np.float32)
        self.cluster_ids: list[int] = []
        self._transformer: TfidfTransformer | None = None
        self._char_vectorizer: TfidfVectorizer | None = None
        self._split_memo: dict[tuple[str, str], list[str]] = {}
        self._surface_memo: dict[tuple[int, str], dict[str, str]] = {}

    # ------------------------------------------------------------------ building
    @classmethod
    def build(cls, profiles: Iterable[Profile], config: IndexConfig | None = None) -> ProfileIndex:
        """Index ``profiles`` (ids must be unique); rows are ordered by id for stable ties."""
        self = cls()
        self.config = config or IndexConfig()
        self.profiles = sorted(profiles, key=lambda p: p.id)
        self.ids = np.fromiter(
            (p.id for p in self.profiles), dtype=np.int64, count=len(self.profiles)
        )
        self.position = {int(pid): i for i, pid in enumerate(self.ids)}
        if len(self.position) != len(self.profiles):
            raise ValueError("profile ids must be unique")

        analysed, surface_counts = self._analyse_all()
        self.known_stems = self._known_stems(analysed)
        if self.config.compound_split:
            for item in analysed:
                for name, toks in item.tokens.items():
                    item.tokens[name] = self._with_parts(toks, item.lang)
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
        return self

    def _analyse_all(self) -> tuple[list[_Analysed], Counter[tuple[str, str]]]:
        analysed: list[_Analysed] = []
        surface_counts: Counter[tuple[str, str]] = Counter()
        for profile in self.profiles:
            texts = profile.field_texts()
            lang = detect_language(words(texts["whole"]))
            self.languages.append(lang)
            item = _Analysed(lang)
            for name in ("about", "offers", "needs", "side_offered", "side_wanted"):
                pairs = analyse(texts[name], lang)
                item.tokens[name] = [s for s, _ in pairs]
                if name in ("about", "offers", "needs"):  # side streams are inside these
                    surface_counts.update(pairs)
            item.tokens["whole"] = (
                item.tokens["about"]
                + item.tokens["offers"]
                + item.tokens["needs"]
                + analyse_name(profile.name, lang)
            )
            analysed.append(item)
        return analysed, surface_counts

    @staticmethod
    def _known_stems(analysed: Sequence[_Analysed]) -> dict[str, frozenset[str]]:
        known: dict[str, set[str]] = {code: set() for code in LANGUAGES}
        for item in analysed:
            if item.lang in COMPOUND_LANGS:
                known[item.lang].update(s for s in item.tokens["whole"] if len(s) >= 4)
        return {code: frozenset(v) for code, v in known.items()}

    def _with_parts(self, toks: list[str], lang: str) -> list[str]:
        """Tokens plus the known parts of compound tokens."""
        if lang not in COMPOUND_LANGS:
            return toks
        out = list(toks)
        memo = self._split_memo
        known = self.known_stems.get(lang, frozenset())
        for tok in toks:
            if len(tok) < MIN_SPLIT_LEN:
                continue
            key = (lang, tok)
            parts = memo.get(key)
            if parts is None:
                parts = split_compound(tok, known)
                memo[key] = parts
            out.extend(parts)
        return out

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
            cols: list[int] = []
            indptr = [0]
            for item in analysed:
                toks = item.tokens[name]
                if name == "whole":
                    cols.extend([vocab.setdefault(t, len(vocab)) for t in toks])
                else:
                    cols.extend([vocab[t] for t in toks])
                indptr.append(len(cols))
            col_arr = np.asarray(cols, dtype=np.int32)
            m = sp.csr_matrix(
                (np.ones(len(col_arr), dtype=np.float64), col_arr, np.asarray(indptr)),
                shape=(len(analysed), max(len(vocab), 1)),
            )
            m.sum_duplicates()
            out[name] = m
        self.terms = [""] * len(vocab)
        for term, j in vocab.items():
            self.terms[j] = term
        width = max(len(vocab), 1)
        return {k: sp.csr_matrix(v, shape=(v.shape[0], width)) for k, v in out.items()}

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        assert self._transformer is not None
        m = self._transformer.transform(counts).astype(np.float32).tocsr()
        m.sort_indices()
        return m

    def _add_char_block(self) -> None:
        """Append char_wb n-grams of the content words, weighted so cosines add up."""
        lo, hi = self.config.char_ngram_range
        self._char_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(lo, hi), sublinear_tf=True, dtype=np.float32
        )
        texts = {name: [] for name in FIELDS}
        for profile, lang in zip(self.profiles, self.languages, strict=True):
            for name, text in profile.field_texts().items():
                texts[name].append(" ".join(content_words(text, lang)))
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

    # ------------------------------------------------------------------ using
    def __len__(self) -> int:
        return len(self.profiles)

    def __contains__(self, org_id: object) -> bool:
        return org_id in self.position

    def pos(self, org_id: int) -> int:
        """Row of ``org_id``; KeyError when it is not indexed."""
        try:
            return self.position[org_id]
        except KeyError:
            raise KeyError(f"organisation {org_id} is not in the index") from None

    def row(self, name: str, i: int) -> sp.csr_matrix:
        """Row ``i`` of field ``name`` as a 1 x F CSR matrix (no copy of the data)."""
        m = self.matrices[name]
        s, e = m.indptr[i], m.indptr[i + 1]
        return sp.csr_matrix((m.data[s:e], m.indices[s:e], [0, e - s]), shape=(1, m.shape[1]))

    def similarities(self, vector: sp.csr_matrix, name: str) -> np.ndarray:
        """cos(vector, field ``name`` of every profile) as a dense length-N float64 array."""
        out = (vector @ self.transposed[name]).toarray().ravel()
        return out.astype(np.float64)

    def vectorise(self, text: str, lang: str | None = None) -> sp.csr_matrix:
        """A free text as a 1 x F row in the index's space (unknown words are dropped)."""
        if lang is None:
            lang = detect_language(text)
        toks = [s for s, _ in analyse(text, lang)]
        if self.config.compound_split:
            toks = self._with_parts(toks, lang)
        vocab = self.term_index
        cols = [vocab[t] for t in toks if t in vocab]
        width = self.matrices["whole"].shape[1] if self.matrices else 1
        counts = sp.csr_matrix(
            (np.ones(len(cols)), (np.zeros(len(cols), dtype=np.int64), cols)),
            shape=(1, max(self.n_word_features, 1)),
        )
        if self._transformer is None or not self.terms:
            return sp.csr_matrix((1, width), dtype=np.float32)
        vec = self._weigh(counts)
        if self._char_vectorizer is not None:
            alpha = self.config.char_ngram_weight
            chars = self._char_vectorizer.transform([" ".join(content_words(text, lang))])
            vec = sp.hstack(
                [vec * math.sqrt(1 - alpha), chars * math.sqrt(alpha)],
                format="csr",
                dtype=np.float32,
            )
        return vec

    def profile_language(self, org_id: int) -> str:
        """The language detected for a profile's text."""
        return self.languages[self.pos(org_id)]

    def surface_words(self, i: int, name: str) -> dict[str, str]:
        """stem -> the surface word this profile used most in field ``name`` (memoised)."""
        key = (i, name)
        memo = self._surface_memo.get(key)
        if memo is not None:
            return memo
        lang = self.languages[i]
        pairs = analyse(self.profiles[i].field_texts()[name], lang)
        counts = Counter(pairs)
        best: dict[str, tuple[int, int, str]] = {}
        for (stem_, word), c in counts.items():
            k = (-c, len(word), word)
            if stem_ not in best or k < best[stem_]:
                best[stem_] = k
        out = {s: k[2] for s, k in best.items()}
        if self.config.compound_split and lang in COMPOUND_LANGS:
            for stem_, word in list(out.items()):
                for part in self._with_parts([stem_], lang)[1:]:
                    out.setdefault(part, word)  # a part shows as its compound
        self._surface_memo[key] = out
        return out

    def word_for(self, term: str, i: int | None = None, name: str | None = None) -> str:
        """A readable word for a stem: the profile's own word if it has one, else the corpus'."""
        if i is not None and name is not None:
            own = self.surface_words(i, name).get(term)
            if own:
                return own
        return self.surface.get(term, term)


def analyse_name(name: str, lang: str) -> list[str]:
    """Stems of an organisation's name (only part of the whole-profile field)."""
    return [s for s, _ in analyse(name, lang)] if name else []
