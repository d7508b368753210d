"""Text normalisation for Finnish, English and Swedish profile texts.

The pipeline is: normalise (NFC + casefold) -> tokenise -> detect the text's language
(stop-word and character heuristics) -> drop stop words -> Snowball-stem in that language.
Finnish compounds can additionally be split against a set of known stems
(``split_compound``), so "potkurilaitteet" also yields the stems of "potkuri" and "laite".

Every token keeps the surface word it came from, so that reasons can show real words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import snowballstemmer

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_LANGS = ("finnish", "english", "swedish")
LANGUAGES = ("fi", "en", "sv")
_SNOWBALL = {"fi": "finnish", "en": "english", "sv": "swedish"}
MIN_WORD_LEN = 2
MIN_PART_LEN = 4  # shortest compound part (as a stem) that is split off

STOP_WORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """
        ja ei on ole ovat oli olivat olla ollut olemme olen olet se ne sen sitä niitä niiden
        joka jotka jonka joita joiden jossa josta johon mikä mitkä mitä minkä mutta tai kuin
        myös sekä että jos kun niin nyt vain jo vielä kanssa ilman mukaan kautta sekä eli
        me meidän meille meitä meillä te teidän he heidän hän hänen tämä tämän tätä nämä
        näitä näiden tuo tuon nuo siis koska kuten siksi sillä jotta vaan sekä eikä
        esim esimerkiksi noin yli alle kaikki kaikkia kaikkien muu muut muita muiden
        uusi uusia uusien uusille uuden uusiin hyvä paljon usein aina mm yms jne
        vuodessa vuosittain syntyy
        tarjoamme etsimme haemme tarvitsemme kaipaamme teemme toimitamme valmistamme
        yrityksemme yritys yrityksille asiakkaille asiakkaillemme kumppania kumppaneita
        yhteistyökumppania yhteistyökumppaneita
        """.split()
    ),
    "en": frozenset(
        """
        a an the and or but nor of to in on at by for from with without into onto over under
        about as is are was were be been being am do does did done have has had having it its
        this that these those there here we our ours us you your yours they their them he she
        his her i me my which who whom whose what when where why how not no so than then too
        very can could will would shall should may might must also such other others any all
        each both few more most some own same just only via per eg e g etc incl including
        offer offers offering provide provides providing need needs seeking seek looking
        look want wants wanted company companies partner partners customers new
        """.split()
    ),
    "sv": frozenset(
        """
        och i att det som en ett på är av för med till den de om har inte ett var vi oss vår
        våra ni er era han hon de dem deras sig sin sina så men eller när där här från under
        över efter utan mot hos vid samt också bara än då nu alla andra annan annat mycket
        kan ska skulle kunna blir bli vara varit har hade detta dessa denna inom genom
        erbjuder söker behöver letar företag företaget partner partners kunder
        """.split()
    ),
}

# Character cues, weighted in detect_language. Finnish: vowel harmony letters without å,
# long vowels and case endings; Swedish: å and -ning/-het; English: th, -ing, -tion.
_FI_ENDINGS = (
    "ssa",
    "ssä",
    "sta",
    "stä",
    "lla",
    "llä",
    "lta",
    "ltä",
    "lle",
    "ksi",
    "nen",
    "ista",
    "iden",
    "tten",
    "ita",
    "itä",
    "jen",
    "aan",
    "ään",
    "een",
    "iin",
    "uun",
)
_SV_ENDINGS = ("ning", "ningar", "het", "heten", "erna", "arna", "orna", "ligt", "isk")
_EN_ENDINGS = ("ing", "tion", "tions", "ed", "ly", "ness", "ment", "ship", "ers")
_FI_DOUBLE = re.compile(r"(aa|ee|ii|oo|uu|yy|ää|öö|kk|pp|tt)")


def normalise(text: str) -> str:
    """Lower-case and NFC-normalise so that 'Ä' typed two ways compares equal."""
    return unicodedata.normalize("NFC", text or "").casefold()


def words(text: str) -> list[str]:
    """The words of a text, lower-cased."""
    return _WORD_RE.findall(normalise(text))


@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(lang)


def _finnish_fixup(stem_: str) -> str:
    """Join Snowball's split of -us/-ys nouns: hitsaus/hitsausta/hitsauksen -> hitsau.

    Snowball leaves "hitsaus" whole but stems "hitsausta" to "hitsau" and "hitsauksen" to
    "hitsauks"; these nouns (testaus, eristys, rakennus, ...) are common in profiles.
    """
    if len(stem_) > 5:
        if stem_.endswith(("uks", "yks")):
            return stem_[:-2]
        if stem_.endswith(("us", "ys")):
            return stem_[:-1]
    return stem_


class _StemCache:
    """Snowball stemming with a per-language memo: vocabularies are small, texts are not."""

    def __init__(self, fixup: bool) -> None:
        self._fixup = fixup
        self._memo: dict[str, dict[str, str]] = {code: {} for code in LANGUAGES}

    def stem(self, lang: str, word: str) -> str:
        memo = self._memo[lang]
        out = memo.get(word)
        if out is None:
            out = _stemmer(_SNOWBALL[lang]).stemWord(word)
            if self._fixup and lang == "fi":
                out = _finnish_fixup(out)
            memo[word] = out
        return out


_STEMS = _StemCache(fixup=True)  # matching
_SNOWBALL_STEMS = _StemCache(fixup=False)  # directory search: plain Snowball


def stem(word: str, lang: str) -> str:
    """The Snowball stem of one (normalised) word in language ``lang`` (fi/en/sv)."""
    return _STEMS.stem(lang, word)


def search_stems(text: str) -> list[str]:
    """Every stem a word could have in fi, en or sv, for language-agnostic search.

    Directory search stores these for each organisation and matches a query word
    when any of its stems is a prefix of a stored stem.
    """
    out: dict[str, None] = {}
    for word in words(text):
        for lang in LANGUAGES:
            out[_SNOWBALL_STEMS.stem(lang, word)] = None
    return list(out)


def language_scores(tokens: Iterable[str]) -> dict[str, float]:
    """Evidence for each language: stop-word hits count double, character cues once."""
    scores = {code: 0.0 for code in LANGUAGES}
    for word in tokens:
        for code in LANGUAGES:
            if word in STOP_WORDS[code]:
                scores[code] += 2.0
        if "å" in word:
            scores["sv"] += 1.5
        elif "ä" in word or "ö" in word:
            scores["fi"] += 0.5
            scores["sv"] += 0.2
        if len(word) > 4:
            if word.endswith(_FI_ENDINGS) or _FI_DOUBLE.search(word):
                scores["fi"] += 0.5
            if word.endswith(_SV_ENDINGS):
                scores["sv"] += 0.5
            if word.endswith(_EN_ENDINGS) or "th" in word or "w" in word:
                scores["en"] += 0.5
    return scores


def detect_language(text: str | Iterable[str], default: str = "fi") -> str:
    """The most likely of fi/en/sv for a text (or its words); ``default`` when no evidence.

    Ties go to the order fi, en, sv: users write Finnish first.
    """
    tokens = words(text) if isinstance(text, str) else list(text)
    scores = language_scores(tokens)
    best = max(LANGUAGES, key=lambda code: (scores[code], -LANGUAGES.index(code)))
    return best if scores[best] > 0 else default


def content_words(text: str, lang: str) -> list[str]:
    """Words of ``text`` without stop words or one-letter words."""
    stops = STOP_WORDS[lang]
    return [w for w in words(text) if len(w) >= MIN_WORD_LEN and w not in stops]


def analyse(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(stem, surface word) pairs of the content words of ``text``.

    ``lang`` is detected from the text when not given; profiles pass the language
    detected on all their fields together, which is more reliable than per field.
    """
    if lang is None:
        lang = detect_language(text)
    memo_stem = _STEMS.stem
    return [(memo_stem(lang, w), w) for w in content_words(text, lang)]


def split_compound(stem_: str, known: set[str] | frozenset[str]) -> list[str]:
    """Known stems that start or end a compound stem ("potkurilait" -> potkur, lait).

    Takes the longest known head and the longest known tail, each at least
    ``MIN_PART_LEN`` long; a genitive "-n" between parts ("laivanrakennus") is allowed.
    """
    n = len(stem_)
    if n < 2 * MIN_PART_LEN:
        return []
    parts: list[str] = []
    for i in range(n - MIN_PART_LEN, MIN_PART_LEN - 1, -1):  # longest head first
        head = stem_[:i]
        if head in known:
            parts.append(head)
            break
        if head.endswith("n") and head[:-1] in known and i - 1 >= MIN_PART_LEN:
            parts.append(head[:-1])
            break
    for i in range(MIN_PART_LEN, n - MIN_PART_LEN + 1):  # longest tail first
        tail = stem_[i:]
        if tail in known:
            parts.append(tail)
            break
    return [p for p in parts if p != stem_]
