"""Building a ``ProfileIndex``: vocabulary, count matrices, TF-IDF weights and facets.

``IndexBuilding`` is the building stage of ``matching.index.ProfileIndex`` (its base class):
its methods fill the attributes ``ProfileIndex.__init__`` declares and use the vocabulary
helpers (``langs_of``, ``_with_parts``, ``_weigh``) that queries share.

The build streams, so that a million profiles fit in a few gigabytes: a first pass packs
every profile as JSON into one byte array and learns what the second pass needs from the
whole corpus (each profile's language, the languages of the index, the known stems that
compound splitting looks for); the second pass analyses chunks of ``BUILD_CHUNK`` profiles
into sparse float32 term counts (in ``workers`` forked processes for big corpora) and keeps
nothing per profile but array rows. The result is the same index whether it is built
serially or in parallel, in one chunk or many: the vocabulary is in order of first use.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
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
    Token,
    _content,
    analyse_in,
    analyse_words,
    is_short,
    profile_language,
    text_languages,
)
from .bridge import TermBridge
from .index_spill import Appender, Sink
from .packed import LANG_CODES, Codes, FileProfiles, Positions, StoredProfiles, profile_json
from .reduced import reduced_config
from .text import LANGUAGES, words

if TYPE_CHECKING:
    from .index import ProfileIndex

BUILD_CHUNK = 4000  # profiles analysed at a time (and handed to a worker process)
PARALLEL_MIN = 40_000  # smaller corpora are analysed in the building process
_WEIGH_ROWS = 1 << 16  # rows weighed at a time (bounds the float64 temporaries)
_COUNT_FIELDS = ("whole", "about", "offers", "needs", "side_offered", "side_wanted")
# The texts of each field, in order (``Profile.field_texts``).
_FIELD_TEXTS = {
    "whole": ("about", "offers", "side_offered", "needs", "side_wanted", "name"),
    "about": ("about",),
    "offers": ("offers", "side_offered"),
    "needs": ("needs", "side_wanted"),
    "side_offered": ("side_offered",),
    "side_wanted": ("side_wanted",),
}
_KNOWN_BATCH = 1 << 16  # distinct words collected before they are analysed for known stems
_STATE: dict[str, object] = {}  # the index being built, inherited by forked workers


def weigh_counts(counts: sp.csr_matrix, idf: np.ndarray, inplace: bool = False) -> sp.csr_matrix:
    """Sublinear TF-IDF with L2-normalised rows, as float32 (what sklearn's
    ``TfidfTransformer(sublinear_tf=True)`` computes), in row blocks; the counts are read as
    float32 first, so the build, a folded profile and a query weigh the same numbers."""
    m = counts if inplace and counts.dtype == np.float32 else counts.astype(np.float32)
    m = sp.csr_matrix(m, copy=False)
    n = m.shape[0]
    for r0 in range(0, n, _WEIGH_ROWS):
        r1 = min(n, r0 + _WEIGH_ROWS)
        s, e = int(m.indptr[r0]), int(m.indptr[r1])
        if s == e:
            continue
        d = m.data[s:e].astype(np.float64)
        np.log(d, out=d)
        d += 1.0
        d *= idf[m.indices[s:e]]
        rows = np.repeat(np.arange(r1 - r0), np.diff(m.indptr[r0 : r1 + 1]))
        norms = np.sqrt(np.bincount(rows, weights=d * d, minlength=r1 - r0))
        norms[norms == 0] = 1.0
        d /= norms[rows]
        m.data[s:e] = d
    return m


def smooth_idf(df: np.ndarray, n: int) -> np.ndarray:
    """sklearn's smoothed IDF: ln((1 + n) / (1 + df)) + 1."""
    return np.log((n + 1.0) / (df.astype(np.float64) + 1.0)) + 1.0


class _Facet:
    """Names given to rows (markets, regions, clusters, industries), as code arrays."""

    def __init__(self) -> None:
        self.rows, self.codes = array("q"), array("q")
        self.names: dict = {}

    def add(self, row: int, name: object) -> None:
        self.rows.append(row)
        self.codes.append(self.names.setdefault(name, len(self.names)))

    def merge(self, other: _Facet, offset: int) -> None:
        remap = np.array(
            [self.names.setdefault(nm, len(self.names)) for nm in other.names], dtype=np.int64
        )
        self.rows.extend((np.frombuffer(other.rows, dtype=np.int64) + offset).tolist())
        if len(other.codes):
            self.codes.extend(remap[np.frombuffer(other.codes, dtype=np.int64)].tolist())

    def sorted_codes(self) -> tuple[list, np.ndarray, np.ndarray]:
        """(names sorted, rows, column of each row's name among the sorted names)."""
        names = sorted(self.names)
        order = np.zeros(len(self.names), dtype=np.int64)
        order[[self.names[nm] for nm in names]] = np.arange(len(names))
        rows = np.frombuffer(self.rows, dtype=np.int64) if self.rows else np.zeros(0, np.int64)
        codes = np.frombuffer(self.codes, dtype=np.int64) if self.codes else np.zeros(0, np.int64)
        return names, rows, order[codes]

    def matrix(self, n: int) -> tuple[list, sp.csr_matrix]:
        names, rows, cols = self.sorted_codes()
        m = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, max(len(names), 1))
        )
        return names, m


@dataclass
class _Chunk:
    """What the second pass learnt from one chunk of profiles (local term numbers)."""

    start: int
    terms: list[str]
    counts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # data, indices, indptr
    surface: Counter
    facets: dict[str, _Facet] = field(default_factory=dict)


def _chunk_in_worker(bounds: tuple[int, int]) -> _Chunk:
    index = _STATE["index"]
    return index._analyse_chunk(*bounds)  # type: ignore[attr-defined]


class IndexBuilding:
    """The building stage of ``ProfileIndex``; build with ``ProfileIndex.build``."""

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        profiles: Iterable[Profile],
        config: IndexConfig | None = None,
        bridge: TermBridge | None = None,
        workers: int = 1,
        spill: str | os.PathLike | None = None,
    ) -> ProfileIndex:
        """Index ``profiles`` (ids must be unique); rows are ordered by id for stable ties.

        ``profiles`` may be any iterable (a generator streams: only its JSON is kept).
        ``bridge`` maps words of fi/en/sv to shared concepts (default: the shipped glossary,
        ``TermBridge.default()``; ``IndexConfig(bridge=False)`` turns bridging off).
        ``workers`` > 1 analyses big corpora in that many forked processes. ``spill``: a
        directory (``store.workdir``) that the big arrays are written to as they are made
        (``matching.index_spill``); the index maps them from there.
        """
        self = cls()
        self.config = config or IndexConfig()
        sink = Sink(spill)
        if sink.spills and self.config.char_ngrams:
            raise ValueError("an index with char n-grams cannot be spilled (nor stored)")
        if self.config.bridge:
            self.bridge = bridge if bridge is not None else TermBridge.default()
        self._scan(profiles, sink)
        n = len(self.ids)
        try:
            df, counts = self._count_all(workers, sink)
        finally:
            reading = self.profiles
            self.profiles = self._stored_profiles
        if sink.spills:
            self.spilled = sink.directory
            if isinstance(reading, FileProfiles):
                reading.close()
        del self._stored_profiles
        self._transformer = TfidfTransformer(sublinear_tf=True, norm="l2", smooth_idf=True)
        self._transformer.idf_ = smooth_idf(df if n else np.zeros(1), max(n, 1))
        self._transformer.n_features_in_ = len(self._transformer.idf_)
        self.n_word_features = len(self.terms)
        chars = self.config.char_ngrams and n
        # One field at a time: its counts read back, weighed, stored, transposed, stored and
        # dropped, so that a spilled build holds one field's matrix and transpose at most.
        for name in FIELDS:
            m = self._weigh(counts.pop(name)(), inplace=True)
            if name == "whole":
                self.reduced = reduced.fit(m, self.n_word_features, reduced_config(self.config))
            self.word_matrices[name] = _put_csr(sink, f"matrix.{name}", m)
            if not chars:
                self.transposed[name] = _put_csr(sink, f"transposed.{name}", m.T.tocsr())
            del m
        if chars:
            self._add_char_block()
            self.transposed = {name: m.T.tocsr() for name, m in self.matrices.items()}
        else:
            self.matrices = dict(self.word_matrices)
        return self

    def _scan(self, profiles: Iterable[Profile], sink: Sink) -> None:
        """First pass: pack the profiles, detect their languages, collect known stems."""
        blob, ends, ids, codes = (
            sink.appender("profiles.blob", np.uint8),
            array("q"),
            array("q"),
            bytearray(),
        )
        detected: set[str] = set()
        known: dict[str, set[str]] = {code: set() for code in LANGUAGES}
        # Distinct words of each compound language's profiles, analysed a batch at a time
        # (the known stems are a set: a word read once is enough).
        pending: dict[str, set[str]] = {code: set() for code in COMPOUND_LANGS}
        mixed = LANG_CODES.index(MIXED)
        code_of = {c: LANG_CODES.index(c) for c in LANG_CODES}
        try:
            for profile in profiles:
                blob.add(profile_json(profile))
                ends.append(blob.length)
                ids.append(profile.id)
                toks = words(profile.whole_text())
                lang = profile_language(toks)
                detected.add(lang)
                code = MIXED if not lang or is_short(toks) else lang
                codes.append(code_of[code])
                seen = pending.get(code)
                if seen is not None:
                    seen.update(toks)
                    if len(seen) >= _KNOWN_BATCH:
                        _add_known(known, analyse_words(list(seen), (code,)))
                        seen.clear()
        except BaseException:
            blob.discard()
            raise
        for code, seen in pending.items():
            _add_known(known, analyse_words(list(seen), (code,)))
        id_arr = np.frombuffer(ids, dtype=np.int64).copy() if ids else np.zeros(0, np.int64)
        code_arr = np.frombuffer(bytes(codes), dtype=np.uint8).copy()
        offsets = np.zeros(len(id_arr) + 1, dtype=np.int64)
        offsets[1:] = np.frombuffer(ends, dtype=np.int64) if ends else 0
        blob_arr = blob.done()
        if len(id_arr) > 1 and np.any(id_arr[1:] <= id_arr[:-1]):
            order = np.argsort(id_arr, kind="stable")
            id_arr, code_arr = id_arr[order], code_arr[order]
            if np.any(id_arr[1:] == id_arr[:-1]):
                raise ValueError("profile ids must be unique")
            blob_arr, offsets = _reorder(sink, blob_arr, offsets, order)
        self.ids = id_arr
        self.position = Positions(self.ids)
        offsets = sink.put("profiles.offsets", offsets)
        self._stored_profiles = StoredProfiles(blob_arr, offsets)
        if sink.spills:  # the second pass reads the file, it does not map it
            assert isinstance(blob_arr, np.memmap)
            self.profiles = FileProfiles(blob_arr.filename, offsets, int(blob_arr.offset))
        else:
            self.profiles = self._stored_profiles
        self.languages = Codes(code_arr, LANG_CODES)
        self.index_languages = tuple(c for c in _LANG_ORDER if c in detected) or LANGUAGES
        for i in np.flatnonzero(code_arr == mixed).tolist():
            texts = self.profiles[i].field_texts()
            _add_known(known, analyse_in(texts["whole"], self.index_languages))
        self.known_stems = {code: frozenset(v) for code, v in known.items()}

    def _chunks(self, workers: int) -> Iterator[_Chunk]:
        n = len(self.ids)
        bounds = [(s, min(n, s + BUILD_CHUNK)) for s in range(0, n, BUILD_CHUNK)]
        fork = "fork" in multiprocessing.get_all_start_methods()
        if workers <= 1 or n < PARALLEL_MIN or not fork:
            for b in bounds:
                yield self._analyse_chunk(*b)
            return
        _STATE["index"] = self
        try:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                yield from pool.map(_chunk_in_worker, bounds)
        finally:
            _STATE.clear()

    def _analyse_chunk(self, start: int, stop: int) -> _Chunk:
        """Second pass over rows start..stop: term counts per field, surface words, facets."""
        vocab: dict[str, int] = {}
        cols = {name: array("i") for name in _COUNT_FIELDS}
        data = {name: array("d") for name in _COUNT_FIELDS}
        ends = {name: array("q", [0]) for name in _COUNT_FIELDS}
        surface: Counter[tuple[str, str]] = Counter()
        facets = {name: _Facet() for name in ("markets", "regions", "clusters", "divisions")}
        part_weight = self.config.part_weight
        for i in range(start, stop):
            profile = self.profiles[i]
            fields, read = self.row_tokens(profile, self.langs_of(i), memo=True)
            for name in ("about", "offers", "side_offered", "needs", "side_wanted"):
                surface.update((k, w) for k, w, _ in read[name])
            for name in _COUNT_FIELDS:
                keys, extras = fields[name]
                cols[name].extend([vocab.setdefault(t, len(vocab)) for t in keys])
                cols[name].extend([vocab.setdefault(t, len(vocab)) for t in extras])
                data[name].extend([1.0] * len(keys) + [part_weight] * len(extras))
                ends[name].append(len(cols[name]))
            row = i - start
            for m in {m.casefold() for m in profile.markets}:
                facets["markets"].add(row, m)
            if profile.region:
                facets["regions"].add(row, profile.region.casefold())
            for c in profile.clusters:
                facets["clusters"].add(row, c)
            for c in profile.industries:
                facets["divisions"].add(row, c)
        counts = {}
        for name in _COUNT_FIELDS:
            m = sp.csr_matrix(
                (
                    np.frombuffer(data[name], dtype=np.float64) if data[name] else np.zeros(0),
                    np.frombuffer(cols[name], dtype=np.int32) if cols[name] else np.zeros(0, "i"),
                    np.frombuffer(ends[name], dtype=np.int64),
                ),
                shape=(stop - start, max(len(vocab), 1)),
            )
            m.sum_duplicates()
            counts[name] = (m.data.astype(np.float32), m.indices.astype(np.int32), m.indptr)
        return _Chunk(start, list(vocab), counts, surface, facets)

    def row_tokens(
        self, profile: Profile, langs: tuple[str, ...], memo: bool = False
    ) -> tuple[dict[str, tuple[list[str], list[str]]], dict[str, list[Token]]]:
        """(field -> (word keys, extra keys), text -> tokens read) of one profile.

        Each of the profile's texts is read and given its compound parts and concepts once;
        a field is its texts joined ("offers" is offers + side streams offered, "whole"
        every text), so no phrase is found across two texts. A text is read in its own
        language where that is plainly another one (``analysis.text_languages``)."""
        read = {
            name: analyse_in(text, text_languages(text, langs, self.index_languages))
            if text
            else []
            for name, text in (
                ("about", profile.about),
                ("offers", profile.offers),
                ("side_offered", profile.side_offered),
                ("needs", profile.needs),
                ("side_wanted", profile.side_wanted),
                ("name", profile.name),
            )
        }
        clusters = profile.clusters
        keys = {name: [k for k, _, _ in r] for name, r in read.items()}
        extras = {
            name: [k for _, k in self._extras(r, memo, clusters)] if r else []
            for name, r in read.items()
        }
        return {
            field: (
                [k for text in texts for k in keys[text]],
                [k for text in texts for k in extras[text]],
            )
            for field, texts in _FIELD_TEXTS.items()
        }, read

    def read_field(self, profile: Profile, name: str, langs: tuple[str, ...]) -> list[Token]:
        """The tokens of field ``name`` of ``profile``, each of its texts read as
        ``row_tokens`` reads it."""
        out: list[Token] = []
        for attr in _FIELD_TEXTS[name]:
            text = getattr(profile, attr)
            if text:
                out.extend(analyse_in(text, text_languages(text, langs, self.index_languages)))
        return out

    def _count_all(
        self, workers: int, sink: Sink
    ) -> tuple[np.ndarray, dict[str, Callable[[], sp.csr_matrix]]]:
        """Merge the chunks: global term numbers, surface words, facets, and per field the
        count matrix (written as it comes; read back by calling its entry, sorted).
        Returns (document frequency of each term in whole profiles, those entries)."""
        vocab = self.term_index
        data = {name: sink.scratch(f"{name}.data", np.float32) for name in _COUNT_FIELDS}
        cols = {name: sink.scratch(f"{name}.indices", np.int32) for name in _COUNT_FIELDS}
        lens = {name: Appender(None, np.int64) for name in _COUNT_FIELDS}
        df = np.zeros(0, dtype=np.int64)
        surface: Counter[tuple[str, str]] = Counter()
        facets = {name: _Facet() for name in ("markets", "regions", "clusters", "divisions")}
        for chunk in self._chunks(workers):
            remap = np.array([vocab.setdefault(t, len(vocab)) for t in chunk.terms], dtype=np.int32)
            for name, (d, ind, ptr) in chunk.counts.items():
                ind = remap[ind] if len(ind) else ind
                data[name].add(d)
                cols[name].add(ind)
                lens[name].add(np.diff(ptr))
                if name == "whole":
                    df = np.concatenate([df, np.zeros(len(vocab) - len(df), np.int64)])
                    df += np.bincount(ind, minlength=len(vocab))
            surface.update(chunk.surface)
            for name, facet in chunk.facets.items():
                facets[name].merge(facet, chunk.start)
        self.terms = list(vocab)
        self.surface = self._surface_map(surface)
        n, width = len(self.ids), max(len(vocab), 1)
        df = np.concatenate([df, np.zeros(width - len(df), np.int64)])

        def reader(name: str) -> Callable[[], sp.csr_matrix]:
            def read() -> sp.csr_matrix:
                indptr = np.zeros(n + 1, dtype=np.int64)
                np.cumsum(lens[name].done(), out=indptr[1:])
                d, ind = data[name].done(mapped=False), cols[name].done(mapped=False)
                m = sp.csr_matrix((d, ind, indptr), shape=(n, width), copy=False)
                m.sort_indices()
                return m

            return read

        self._set_facets(n, facets)
        return df, {name: reader(name) for name in _COUNT_FIELDS}

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
        """Markets, regions, clusters and industries of ``self.profiles`` (a folded index)."""
        facets = {name: _Facet() for name in ("markets", "regions", "clusters", "divisions")}
        for i, p in enumerate(self.profiles):
            for m in {m.casefold() for m in p.markets}:
                facets["markets"].add(i, m)
            if p.region:
                facets["regions"].add(i, p.region.casefold())
            for c in p.clusters:
                facets["clusters"].add(i, c)
            for c in p.industries:
                facets["divisions"].add(i, c)
        self._set_facets(len(self.profiles), facets)

    def _set_facets(self, n: int, facets: dict[str, _Facet]) -> None:
        self.market_names, self.markets = facets["markets"].matrix(n)
        self.markets_t = self.markets.T.tocsr()
        self.region_names, rows, cols = facets["regions"].sorted_codes()
        self.regions = np.full(n, -1, dtype=np.int64)
        self.regions[rows] = cols
        self.cluster_ids, self.clusters = facets["clusters"].matrix(n)
        self.clusters_t = self.clusters.T.tocsr()
        self.division_codes, self.divisions = facets["divisions"].matrix(n)


def _put_csr(sink: Sink, name: str, m: sp.csr_matrix) -> sp.csr_matrix:
    """``m`` with the array types of a stored build (float32 data; int32 indices and indptr
    unless it is too big), its arrays stored under ``name`` by ``sink``; in memory, ``m``
    itself (``store.save`` gives its arrays those types)."""
    if not sink.spills:
        return m
    index_dtype = np.int64 if m.nnz >= 2**31 - 1 else np.int32
    parts = (
        sink.put(f"{name}.data", np.asarray(m.data, dtype=np.float32)),
        sink.put(f"{name}.indices", np.asarray(m.indices, dtype=index_dtype)),
        sink.put(f"{name}.indptr", np.asarray(m.indptr, dtype=index_dtype)),
    )
    out = sp.csr_matrix(parts, shape=m.shape, copy=False)
    out.has_sorted_indices = True
    return out


def _reorder(
    sink: Sink, blob: np.ndarray, offsets: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The blob and offsets of the profiles in ``order`` (row numbers of the writing order)."""
    starts, ends = offsets[:-1][order], offsets[1:][order]
    out = sink.appender("profiles.sorted", np.uint8)
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        out.add(blob[s:e].tobytes())
    new_offsets = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=new_offsets[1:])
    sorted_blob = out.done()
    if sink.spills:  # the sorted blob takes the stored name
        assert sink.directory is not None
        os.replace(sink.directory / "profiles.sorted.npy", sink.directory / "profiles.blob.npy")
        sorted_blob = np.load(sink.directory / "profiles.blob.npy", mmap_mode="r")
    return sorted_blob, new_offsets


def _add_known(known: dict[str, set[str]], read: Iterable[tuple[str, str, str]]) -> None:
    for key, _, lang in read:
        if lang in COMPOUND_LANGS and len(key) >= 4:
            known[lang].add(key)
