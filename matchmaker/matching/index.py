"""A TF-IDF index over organisation profiles.

One vocabulary and one IDF (fitted on whole profiles) serve every field, so a needs vector
and an offers vector live in the same space and cos(needs_A, offers_B) is meaningful.
Fields: ``about`` (description, keywords, industries), ``offers`` (capabilities + side streams
offered), ``needs`` (needs + side streams wanted), ``side_offered``, ``side_wanted`` and
``whole`` (all text). Every field matrix is a sparse CSR matrix of L2-normalised float32 rows,
kept together with its transpose so that one profile times all profiles only touches the
posting lists of that profile's terms.

Words become keys with ``text.word_key``. A Finnish compound is indexed as its whole base form
plus one extra token per part ("laivanrakennukseen" -> laivanrakennus, laiva, rakennus): the
whole key keeps an exact compound match worth most (it is rarer, so its IDF is higher), the
parts let "potkuri" meet "säätöpotkuri" and "rakennus" meet "laivanrakennus". Voikko splits
the compounds it knows (and leaves words it knows to be whole alone); other long keys (Swedish,
and Finnish words Voikko does not know) are split against the keys the corpus already has.

Short or language-less texts (a search box, a one-line profile) are not guessed to be Finnish:
they are analysed in every language the index holds and the keys are merged.

The stages live in sibling modules: ``matching.analysis`` (profiles, text to tokens) and
``matching.index_build`` (the building of the matrices); every name is importable from here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from .analysis import (
    _LANG_ORDER,
    COMPOUND_LANGS,
    FIELDS,
    MEMO_WORDS,
    MIN_SPLIT_LEN,
    MIXED,
    SHORT_TEXT_WORDS,
    SURFACE_MEMO,
    IndexConfig,
    Profile,
    Token,
    _content,
    analyse_in,
    is_short,
    profile_language,
    text_languages,
)
from .bridge import TermBridge
from .index_build import IndexBuilding, weigh_counts
from .overlay import row_arrays
from .reduced import Reduced
from .text import LANGUAGES, detect_language, is_known, split_compound, word_parts, words

__all__ = [
    "COMPOUND_LANGS",
    "FIELDS",
    "MEMO_WORDS",
    "MIN_SPLIT_LEN",
    "MIXED",
    "SHORT_TEXT_WORDS",
    "SURFACE_MEMO",
    "IndexConfig",
    "Profile",
    "ProfileIndex",
    "Token",
    "analyse_in",
    "is_short",
    "profile_language",
]


class ProfileIndex(IndexBuilding):
    """Sparse TF-IDF matrices for all profiles; build with ``ProfileIndex.build``."""

    def __init__(self) -> None:
        self.config = IndexConfig()
        self.profiles: Sequence[Profile] = []
        self.ids = np.zeros(0, dtype=np.int64)
        self.position: Mapping[int, int] = {}  # id -> row
        self.languages: Sequence[str] = []  # per profile: fi/en/sv/other, or MIXED
        self.index_languages: tuple[str, ...] = LANGUAGES  # every language detected in a profile
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
        self.divisions = sp.csr_matrix((0, 0), dtype=np.float32)  # profile x TOL division
        self.division_codes: list[str] = []
        # term -> its best postings per field (``matching.candidates``), made on first use
        self.pruned: dict[str, sp.csr_matrix] = {}
        self.pruned_ids = np.zeros(0, dtype=np.int64)  # the ids whose rows ``pruned`` holds
        self.delta_positions = np.zeros(0, dtype=np.int64)  # rows folded in since the build
        self.bridge: TermBridge | None = None
        self.spilled: Path | None = None  # where a spilled build's arrays are (``store``)
        self.reduced: Reduced | None = None  # LSA components (``matching.reduced``)
        self._transformer: TfidfTransformer | None = None
        self._char_vectorizer: TfidfVectorizer | None = None
        self._split_memo: dict[tuple[str, str], tuple[str, ...]] = {}  # filled while building
        self._surface_memo: dict[tuple, dict[str, str]] = {}

    # ------------------------------------------------------------------ vocabulary
    def langs_of(self, i: int) -> tuple[str, ...]:
        """The languages profile row ``i`` is read in."""
        lang = self.languages[i]
        return self.index_languages if lang == MIXED else (lang,)

    def _parts(self, key: str, word: str, lang: str) -> tuple[str, ...]:
        """Keys of the parts of a compound: Voikko's split of a Finnish word it knows, else
        the known keys that begin and end a long key."""
        if not self.config.compound_split or lang not in COMPOUND_LANGS:
            return ()
        if lang == "fi" and is_known(word, lang):
            return word_parts(word, lang)
        if len(key) < MIN_SPLIT_LEN:
            return ()
        return tuple(split_compound(key, self.known_stems.get(lang, frozenset())))

    def _with_parts(
        self, read: Sequence[Token], memo: bool = False, clusters: frozenset[int] | None = None
    ) -> list[str]:
        """Keys, then the keys of compound parts, then the bridge's concept keys.

        ``memo`` (while building) remembers each split for the index's own words; queries
        do not add to it, so it stays bounded. ``clusters``: whose coordinators' synonyms
        apply (a profile's clusters; None for a query: all of them).
        """
        return [key for key, _, _ in read] + [k for _, k in self._extras(read, memo, clusters)]

    def _extras(
        self, read: Sequence[Token], memo: bool = False, clusters: frozenset[int] | None = None
    ) -> list[tuple[int, str]]:
        """(token position, extra key): compound parts, then concept keys of the bridge."""
        parts: list[tuple[str, ...]] = []
        if self.config.compound_split:
            cache = self._split_memo
            for key, word, lang in read:
                found = cache.get((lang, word))
                if found is None:
                    found = self._parts(key, word, lang)
                    if memo:
                        if len(cache) >= MEMO_WORDS:  # bounded: a big corpus has many words
                            cache.clear()
                        cache[(lang, word)] = found
                parts.append(found)
        out = [(n, part) for n, found in enumerate(parts) for part in found]
        if self.bridge is not None:
            out.extend(self.bridge.concepts(read, parts, clusters))
        return out

    def _weigh(self, counts: sp.csr_matrix, inplace: bool = False) -> sp.csr_matrix:
        assert self._transformer is not None
        m = weigh_counts(counts.tocsr(), self._transformer.idf_, inplace)
        m.sort_indices()
        return m

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

    def row_arrays(
        self, name: str, i: int, word_only: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """(feature ids, weights) of row ``i`` of field ``name`` (``word_only``: of its word
        features, ``word_matrices``): views of the arrays, no copy."""
        return row_arrays((self.word_matrices if word_only else self.matrices)[name], i)

    def row(self, name: str, i: int) -> sp.csr_matrix:
        """Row ``i`` of field ``name`` as a 1 x F CSR matrix (no copy of the data)."""
        indices, data = self.row_arrays(name, i)
        width = self.matrices[name].shape[1]
        return sp.csr_matrix((data, indices, [0, len(indices)]), shape=(1, width))

    def against(self, rows: sp.csr_matrix, name: str) -> np.ndarray:
        """``rows`` (of the index's width) times field ``name`` of every profile: a dense
        len(rows) x N array of dot products (cosines, rows being normalised)."""
        return (rows @ self.transposed[name]).toarray()

    def similarities(self, vector: sp.csr_matrix, name: str) -> np.ndarray:
        """cos(vector, field ``name`` of every profile) as a dense length-N float64 array."""
        return self.against(vector, name).ravel().astype(np.float64)

    def document_frequency(self) -> np.ndarray:
        """How many profiles have each feature (in their whole text); made once."""
        found = self.__dict__.get("_document_frequency")
        if found is None:
            m = self.matrices["whole"]
            width = m.shape[1]
            found = np.bincount(m.indices, minlength=width)[:width]
            self.__dict__["_document_frequency"] = found
        return found

    def query_languages(self, text: str, langs: Iterable[str] = ()) -> tuple[str, ...]:
        """The languages a free text is read in: its own when it is long enough to tell,
        else every language of the index plus ``langs`` (e.g. the viewer's)."""
        toks = words(text)
        lang = detect_language(toks, default="")
        if lang and not is_short(toks):
            return (lang,)
        wanted = set(self.index_languages) | {c for c in langs if c in _LANG_ORDER}
        return tuple(c for c in _LANG_ORDER if c in wanted)

    def _other_language_concepts(self, text: str, read_in: Sequence[str]) -> list[str]:
        """Concept keys of a short text read in the languages it was not read in.

        An index of English profiles reads a search in English only, yet "hitsaus" there is
        a Finnish word for welding: its concepts (never its word keys) cross over.
        """
        if self.bridge is None or not is_short(words(text)):
            return []
        others = tuple(c for c in LANGUAGES if c not in read_in)
        if not others:
            return []
        return [key for _, key in self.bridge.concepts(analyse_in(text, others))]

    def vectorise(
        self, text: str, lang: str | None = None, langs: Iterable[str] = ()
    ) -> sp.csr_matrix:
        """A free text as a 1 x F row in the index's space (unknown words are dropped).

        ``lang`` forces one language; without it, a short text is read in every language of
        the index (and ``langs``) with the keys merged, a long one in its detected language.
        """
        read_in = (lang,) if lang else self.query_languages(text, langs)
        read = analyse_in(text, read_in)
        toks = self._with_parts(read)
        if not lang:
            toks += self._other_language_concepts(text, read_in)
        weights = [1.0] * len(read) + [self.config.part_weight] * (len(toks) - len(read))
        vocab = self.term_index
        kept = [(vocab[t], w) for t, w in zip(toks, weights, strict=True) if t in vocab]
        cols = [c for c, _ in kept]
        width = self.matrices["whole"].shape[1] if self.matrices else 1
        counts = sp.csr_matrix(
            ([w for _, w in kept], (np.zeros(len(cols), dtype=np.int64), cols)),
            shape=(1, max(self.n_word_features, 1)),
        )
        if self._transformer is None or not self.terms:
            return sp.csr_matrix((1, width), dtype=np.float32)
        vec = self._weigh(counts)
        if self._char_vectorizer is not None:
            alpha = self.config.char_ngram_weight
            chars = self._char_vectorizer.transform([" ".join(_content(text, read_in))])
            vec = sp.hstack(
                [vec * math.sqrt(1 - alpha), chars * math.sqrt(alpha)],
                format="csr",
                dtype=np.float32,
            )
        return vec

    def matched_words(self, query_text: str, text: str, org_id: int | None = None) -> set[str]:
        """Words of ``text`` (normalised, as ``text.words`` gives them) that a search for
        ``query_text`` matched: same key, a compound part that is a query key, or the same
        concept of the term bridge ("potkuri" marks "propellers"). ``text`` is read in the
        language of profile ``org_id`` when it is indexed, else in every index language."""
        read_in = self.query_languages(query_text)
        q_read = analyse_in(query_text, read_in)
        wanted = {key for key, _, _ in q_read}
        wanted.update(self._other_language_concepts(query_text, read_in))
        if self.bridge is not None:
            wanted.update(key for _, key in self.bridge.concepts(q_read))
        if org_id is not None and org_id in self.position:
            langs = text_languages(text, self.langs_of(self.position[org_id]), self.index_languages)
        else:
            langs = self.index_languages
        read = analyse_in(text, langs)
        out = {word for key, word, _ in read if key in wanted}
        out.update(read[n][1] for n, key in self._extras(read) if key in wanted)
        return out

    def profile_language(self, org_id: int) -> str:
        """The language detected for a profile's text (``MIXED``: read in all of the index's)."""
        return self.languages[self.pos(org_id)]

    def surface_words(
        self, i: int, name: str, wanted: Iterable[str] | None = None
    ) -> dict[str, str]:
        """stem -> the surface word this profile used most in field ``name`` (memoised,
        at most ``SURFACE_MEMO`` fields). With ``wanted`` keys that are all the profile's own
        word keys, the compound parts and concepts (the costly part) are not worked out: they
        never replace a word key's own word, so those keys' words are the same."""
        memo = self._surface_memo.get((i, name))
        if memo is not None:
            return memo
        own = self._surface_memo.get((i, name, "words"))
        if own is not None and wanted is not None and all(w in own for w in wanted):
            return own
        profile = self.profiles[i]
        read = self.read_field(profile, name, self.langs_of(i))
        counts = Counter((k, w) for k, w, _ in read)
        best: dict[str, tuple[int, int, str]] = {}
        for (stem_, word), c in counts.items():
            k = (-c, len(word), word)
            if stem_ not in best or k < best[stem_]:
                best[stem_] = k
        out = {s: k[2] for s, k in best.items()}
        if wanted is not None and all(w in out for w in wanted):
            self._remember_surface((i, name, "words"), out)  # the word keys' part only
            return out
        for n, extra in self._extras(read, clusters=profile.clusters):
            key, word, _ = read[n]
            out.setdefault(extra, out.get(key, word))  # a part or concept shows as its word
        self._remember_surface((i, name), out)
        return out

    def _remember_surface(self, key: tuple, words: dict[str, str]) -> None:
        if len(self._surface_memo) >= SURFACE_MEMO:
            self._surface_memo.clear()
        self._surface_memo[key] = words

    def word_for(self, term: str, i: int | None = None, name: str | None = None) -> str:
        """A readable word for a stem: the profile's own word if it has one, else the corpus'."""
        if i is not None and name is not None:
            own = self.surface_words(i, name).get(term)
            if own:
                return own
        return self.surface.get(term, term)
