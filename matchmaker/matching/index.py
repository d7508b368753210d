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
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from .bridge import TermBridge
from .text import (
    LANGUAGES,
    MIN_WORD_LEN,
    OTHER,
    STOP_WORDS,
    analyser_name,
    content_words,
    detect_language,
    is_known,
    language_scores,
    normalised_key,
    split_compound,
    word_parts,
    words,
)

FIELDS = ("about", "offers", "needs", "side_offered", "side_wanted", "whole")
COMPOUND_LANGS = frozenset({"fi", "sv"})
MIN_SPLIT_LEN = 8  # only stems at least this long are tried as compounds
# A text of fewer words than this is "short": its own words are too few to tell its language.
SHORT_TEXT_WORDS = 8
SURFACE_MEMO = 4096  # profile fields whose surface words are memoised (a bounded cache)
MIXED = "mixed"  # the language of a profile analysed in every language of the index
_LANG_ORDER = (*LANGUAGES, OTHER)

Token = tuple[str, str, str]  # (key, surface word, language it was read in)


@dataclass(frozen=True)
class Profile:
    """The plain data of one organisation that matching needs.

    ``about`` is description + keywords + industries; ``offers``/``needs`` are capabilities
    offered and needs sought; side streams are materials offered and wanted.
    """

    id: int
    about: str = ""
    offers: str = ""
    needs: str = ""
    side_offered: str = ""
    side_wanted: str = ""
    markets: frozenset[str] = frozenset()
    region: str = ""
    clusters: frozenset[int] = frozenset()
    name: str = ""
    industries: frozenset[str] = frozenset()  # TOL 2008 division codes ("30"): a prior

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
    # Term count of a compound's part (the whole word counts 1): a part is weaker evidence
    # ("järjestelmä" in every "...järjestelmien"); 0.6 was best on matching_quality.py.
    part_weight: float = 0.6
    # Concept keys of the term bridge (matching.bridge) as extra tokens, weighted like
    # compound parts, so that "potkuri" meets "propeller". Off: no bridge at all.
    bridge: bool = True


@dataclass
class _Analysed:
    lang: str
    tokens: dict[str, list[str]] = field(default_factory=dict)  # field -> keys, then parts
    direct: dict[str, int] = field(default_factory=dict)  # field -> how many are not parts
    read: dict[str, list[Token]] = field(default_factory=dict)  # field -> tokens read


# Words read per language, and language evidence per word, memoised for every text read
# (a corpus repeats its words); bounded, and dropped when the analyser changes.
MEMO_WORDS = 1 << 18
_MEMO: dict[str, object] = {"analyser": None, "tokens": {}, "evidence": {}}


def _memo(name: str) -> dict:
    analyser = analyser_name()
    if _MEMO["analyser"] != analyser:
        _MEMO.update(analyser=analyser, tokens={}, evidence={})
    table = _MEMO[name]
    assert isinstance(table, dict)
    if len(table) > MEMO_WORDS:
        table.clear()
    return table


def analyse_in(text: str, langs: Sequence[str]) -> list[Token]:
    """(key, word, language) for the content words of ``text`` read in each of ``langs``.

    One language: its stop words are dropped. Several (a short text whose language is
    unknown): a word that is a stop word in any of them is dropped, and each remaining word
    gives its distinct keys once, in the order of ``langs``.
    """
    if len(langs) == 1:
        lang = langs[0]
        memo = _memo("tokens").setdefault(lang, {})
        stops = STOP_WORDS.get(lang, STOP_WORDS[OTHER])
        out: list[Token] = []
        for w in words(text):
            token = memo.get(w, False)
            if token is False:
                keep = len(w) >= MIN_WORD_LEN and w not in stops
                token = memo[w] = (normalised_key(w, lang), w, lang) if keep else None
            if token is not None:
                out.append(token)
        return out
    stops = frozenset().union(*(STOP_WORDS.get(lang, STOP_WORDS[OTHER]) for lang in langs))
    out = []
    for w in words(text):
        if len(w) < 2 or w in stops:
            continue
        seen: set[str] = set()
        for lang in langs:
            key = normalised_key(w, lang)
            if key not in seen:
                seen.add(key)
                out.append((key, w, lang))
    return out


def profile_language(toks: Sequence[str]) -> str:
    """``detect_language(toks, default="")`` with each word's evidence memoised and summed
    exactly (the evidence is in tenths), ties in the order fi, en, sv, other."""
    memo = _memo("evidence")
    for w in set(toks).difference(memo):
        scores = language_scores((w,))
        memo[w] = tuple(round(scores[c] * 10) for c in _LANG_ORDER)
    total = [sum(col) for col in zip(*map(memo.__getitem__, toks), strict=True)] or [0] * len(
        _LANG_ORDER
    )
    best = max(range(len(_LANG_ORDER)), key=lambda n: (total[n], -n))
    return _LANG_ORDER[best] if total[best] > 0 else ""


def is_short(tokens: Sequence[str]) -> bool:
    """Too few words to tell a text's language from the text alone."""
    return len(tokens) < SHORT_TEXT_WORDS


class ProfileIndex:
    """Sparse TF-IDF matrices for all profiles; build with ``ProfileIndex.build``."""

    def __init__(self) -> None:
        self.config = IndexConfig()
        self.profiles: list[Profile] = []
        self.ids = np.zeros(0, dtype=np.int64)
        self.position: dict[int, int] = {}
        self.languages: list[str] = []  # per profile: fi/en/sv/other, or MIXED
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
        self._transformer: TfidfTransformer | None = None
        self._char_vectorizer: TfidfVectorizer | None = None
        self._split_memo: dict[tuple[str, str], tuple[str, ...]] = {}  # filled while building
        self._surface_memo: dict[tuple[int, str], dict[str, str]] = {}

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

    def langs_of(self, i: int) -> tuple[str, ...]:
        """The languages profile row ``i`` is read in."""
        lang = self.languages[i]
        return self.index_languages if lang == MIXED else (lang,)

    @staticmethod
    def _known_stems(analysed: Sequence[_Analysed]) -> dict[str, frozenset[str]]:
        known: dict[str, set[str]] = {code: set() for code in LANGUAGES}
        for item in analysed:
            for key, _, lang in item.read["whole"]:
                if lang in COMPOUND_LANGS and len(key) >= 4:
                    known[lang].add(key)
        return {code: frozenset(v) for code, v in known.items()}

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
                        cache[(lang, word)] = found
                parts.append(found)
        out = [(n, part) for n, found in enumerate(parts) for part in found]
        if self.bridge is not None:
            out.extend(self.bridge.concepts(read, parts, clusters))
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
            langs = self.langs_of(self.position[org_id])
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
        memo_key = (i, name)
        memo = self._surface_memo.get(memo_key)
        if memo is not None:
            return memo
        profile = self.profiles[i]
        read = analyse_in(profile.field_texts()[name], self.langs_of(i))
        counts = Counter((k, w) for k, w, _ in read)
        best: dict[str, tuple[int, int, str]] = {}
        for (stem_, word), c in counts.items():
            k = (-c, len(word), word)
            if stem_ not in best or k < best[stem_]:
                best[stem_] = k
        out = {s: k[2] for s, k in best.items()}
        if wanted is not None and all(w in out for w in wanted):
            return out
        for n, extra in self._extras(read, clusters=profile.clusters):
            key, word, _ = read[n]
            out.setdefault(extra, out.get(key, word))  # a part or concept shows as its word
        if len(self._surface_memo) >= SURFACE_MEMO:
            self._surface_memo.clear()
        self._surface_memo[memo_key] = out
        return out

    def word_for(self, term: str, i: int | None = None, name: str | None = None) -> str:
        """A readable word for a stem: the profile's own word if it has one, else the corpus'."""
        if i is not None and name is not None:
            own = self.surface_words(i, name).get(term)
            if own:
                return own
        return self.surface.get(term, term)


def _content(text: str, langs: Sequence[str]) -> list[str]:
    """Content words for the char n-gram block: without the stop words of ``langs``."""
    return content_words(text, langs[0] if len(langs) == 1 else OTHER)
