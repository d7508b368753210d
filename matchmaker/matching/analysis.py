"""Profiles, and how their text becomes tokens (the first stage of ``matching.index``).

``Profile`` is the plain data of one organisation, ``IndexConfig`` how text becomes features;
``analyse_in`` reads a text's content words in one or several languages into (key, word,
language) tokens, memoised per word, and ``profile_language`` tells a profile's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .text import (
    LANGUAGES,
    MIN_WORD_LEN,
    OTHER,
    STOP_WORDS,
    analyser_name,
    content_words,
    language_scores,
    normalised_key,
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

    def whole_text(self) -> str:
        """All of the profile's text (the ``whole`` field)."""
        return "\n".join(
            (self.name, self.about, self.offers, self.needs, self.side_offered, self.side_wanted)
        )

    def field_texts(self) -> dict[str, str]:
        """Text of each indexed field; offers and needs include the side streams."""
        return {
            "about": self.about,
            "offers": f"{self.offers}\n{self.side_offered}",
            "needs": f"{self.needs}\n{self.side_wanted}",
            "side_offered": self.side_offered,
            "side_wanted": self.side_wanted,
            "whole": self.whole_text(),
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
    # Reduced vectors (``matching.reduced``, LSA) blended into "similar organisations" and
    # free-text queries: the SVD's dimensions (0: off) and the blend's weight.
    reduced_dims: int = 150
    reduced_weight: float = 0.3
    # Pseudo-relevance feedback (``matching.feedback``) for the same two: how many best hits
    # are fed back (0: off) and their weight.
    feedback_k: int = 0
    feedback_weight: float = 0.5


@dataclass
class _Analysed:
    lang: str
    tokens: dict[str, list[str]] = field(default_factory=dict)  # field -> keys, then parts
    direct: dict[str, int] = field(default_factory=dict)  # field -> how many are not parts
    read: dict[str, list[Token]] = field(default_factory=dict)  # field -> tokens read


# Words read per language, and language evidence per word, memoised for every text read
# (a corpus repeats its words); bounded, and dropped when the analyser changes.
MEMO_WORDS = 1 << 18
_LANE = 40  # bits per language in a word's packed evidence (``_Evidence``)


class _Evidence(dict):
    """word -> its language evidence in tenths, one ``_LANE``-bit lane per language of
    ``_LANG_ORDER``, worked out on first use: a text's evidence is then one ``sum``."""

    def __missing__(self, word: str) -> int:
        scores = language_scores((word,))
        packed = sum(round(scores[c] * 10) << (_LANE * n) for n, c in enumerate(_LANG_ORDER))
        self[word] = packed
        return packed


_MEMO: dict[str, object] = {"analyser": None, "tokens": {}, "evidence": _Evidence()}


def _memo(name: str) -> dict:
    analyser = analyser_name()
    if _MEMO["analyser"] != analyser:
        _MEMO.update(analyser=analyser, tokens={}, evidence=_Evidence())
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
    return analyse_words(words(text), langs)


def analyse_words(ws: Sequence[str], langs: Sequence[str]) -> list[Token]:
    """``analyse_in`` of a text already split into ``words``."""
    if len(langs) == 1:
        lang = langs[0]
        memo = _memo("tokens").setdefault(lang, {})
        stops = STOP_WORDS.get(lang, STOP_WORDS[OTHER])
        out: list[Token] = []
        for w in ws:
            token = memo.get(w, False)
            if token is False:
                keep = len(w) >= MIN_WORD_LEN and w not in stops
                token = memo[w] = (normalised_key(w, lang), w, lang) if keep else None
            if token is not None:
                out.append(token)
        return out
    stops = frozenset().union(*(STOP_WORDS.get(lang, STOP_WORDS[OTHER]) for lang in langs))
    out = []
    for w in ws:
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
    packed = sum(map(_memo("evidence").__getitem__, toks))
    mask = (1 << _LANE) - 1
    total = [(packed >> (_LANE * n)) & mask for n in range(len(_LANG_ORDER))]
    best = max(range(len(_LANG_ORDER)), key=lambda n: (total[n], -n))
    return _LANG_ORDER[best] if total[best] > 0 else ""


def is_short(tokens: Sequence[str]) -> bool:
    """Too few words to tell a text's language from the text alone."""
    return len(tokens) < SHORT_TEXT_WORDS


def text_languages(
    text: str, profile_langs: tuple[str, ...], index_langs: Sequence[str]
) -> tuple[str, ...]:
    """The languages one text of a profile is read in, the profile being read in
    ``profile_langs``: members write one text in English and the next in Finnish, so a
    text that is plainly in another of the index's languages is read in that one (an
    English profile's Finnish needs are Finnish words), a short text that looks like
    another language in both (too few words to be sure), and the rest in the profile's.
    The same for a build, a fold and the reasons, so that every part reads a text alike."""
    if len(profile_langs) != 1:
        return profile_langs
    toks = words(text)
    lang = profile_language(toks)
    if not lang or lang == profile_langs[0] or lang not in index_langs:
        return profile_langs
    return (*profile_langs, lang) if is_short(toks) else (lang,)


def _content(text: str, langs: Sequence[str]) -> list[str]:
    """Content words for the char n-gram block: without the stop words of ``langs``."""
    return content_words(text, langs[0] if len(langs) == 1 else OTHER)
