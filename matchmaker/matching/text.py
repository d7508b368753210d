"""Text normalisation for Finnish, English and Swedish profile texts.

The pipeline is: normalise (NFC + casefold) -> tokenise -> detect the text's language
(stop-word and character heuristics; Danish and Norwegian come out as ``"other"``) -> drop
stop words -> one key per word (``word_key``).

A word's key: Finnish words get their base form from the Voikko morphological analyser when
it is installed (Debian ``libvoikko1`` + ``voikko-fi``, PyPI ``libvoikko``), so "potkureita"
and "potkurin" both become "potkuri", and Voikko also names a compound's parts
("laivanrakennukseen" -> laivanrakennus = laiva + rakennus; ``word_parts``). Words Voikko
does not know, and every word when it is absent, get a Snowball stem instead (with a fix-up
that gives Finnish -us/-uus nouns one stem in every case). English and Swedish words get
Snowball stems; ``"other"`` text gets language-neutral keys (the normalised word itself).
``analyser_name()`` says which analyser is active.

Every token keeps the surface word it came from, so that reasons can show real words.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import snowballstemmer

log = logging.getLogger(__name__)

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
LANGUAGES = ("fi", "en", "sv")
OTHER = "other"  # Danish, Norwegian or anything else that is none of the three
_SNOWBALL = {"fi": "finnish", "en": "english", "sv": "swedish"}
MIN_WORD_LEN = 2
MIN_PART_LEN = 4  # shortest compound part (as a stem) that is split off
KEY_CACHE_SIZE = 1 << 16  # words whose key is memoised (the cache is bounded)
ANALYSER_ENV = "MATCHMAKER_ANALYSER"  # "snowball" turns Voikko off

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

# Danish and Norwegian words that Swedish does not use (or spells otherwise): evidence that
# a text is in neither of our three languages.
_DA_NO_WORDS = (
    frozenset(
        """
    og ikke jeg hvor hva hvad hvilke hvis når også meget mye blev ble blir bliver været vært
    være vores våre deres af etter efter til fra nogle noen selv kun mellem mellom
    tilbyder tilbyr leverer virksomhed virksomheden virksomheder bedrift bedriften selskab
    selskap selskapet firmaet vårt vort jeres dere
    """.split()
    )
    - STOP_WORDS["sv"]
)
# Function words of Danish and Norwegian, dropped from "other" text with those of fi/en/sv.
_OTHER_STOPS = (
    frozenset(
        """
        og i at det som en et på er af av for med til den de om har ikke var vi os oss vores
        våre dere jer han hun dem deres sig seg sin sine så men eller når der her fra under
        over efter etter uden uten mod mot hos ved samt også kun end enn da nu alle andre
        meget mye kan skal skulle kunne blir bliver ble blev være vært været dette disse denne
        """.split()
    )
    | STOP_WORDS["fi"]
    | STOP_WORDS["en"]
    | STOP_WORDS["sv"]
)
STOP_WORDS[OTHER] = _OTHER_STOPS

# Character cues, weighted in detect_language. Finnish: vowel harmony letters without å,
# long vowels and case endings; Swedish: å and -ning/-het; English: th, -ing, -tion;
# Danish/Norwegian: æ and ø.
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


# ---------------------------------------------------------------------- Snowball
@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(lang)


def _finnish_fixup(stem_: str) -> str:
    """Give Snowball's forms of -us/-ys and -uus/-yys nouns one stem.

    Snowball leaves "hitsaus" whole but stems "hitsausta" to "hitsau" and "hitsauksen" to
    "hitsauks"; and "teollisuus", "teollisuuden", "teollisuutta" to "teollisuus",
    "teollisuud", "teollisuut". Both kinds are common in profiles (testaus, eristys,
    rakennus; teollisuus, kestävyys, mahdollisuus): all forms end up as "hitsau",
    "teollisuu".
    """
    if len(stem_) > 5:
        if stem_.endswith(("uud", "uut", "yyd", "yyt")):
            return stem_[:-1]
        if stem_.endswith(("uks", "yks")):
            return stem_[:-2]
        if stem_.endswith(("us", "ys")):
            return stem_[:-1]
    return stem_


@lru_cache(maxsize=KEY_CACHE_SIZE)
def snowball_key(word: str, lang: str) -> str:
    """The Snowball key of one normalised word: the fallback of ``word_key`` (memoised).

    Finnish stems get ``_finnish_fixup``; ``"other"`` (or an unknown language) keeps the
    word itself, a language-neutral key.
    """
    name = _SNOWBALL.get(lang)
    if name is None:
        return word
    out = _stemmer(name).stemWord(word)
    return _finnish_fixup(out) if lang == "fi" else out


@lru_cache(maxsize=KEY_CACHE_SIZE)
def _plain_snowball(word: str, lang: str) -> str:
    return _stemmer(_SNOWBALL[lang]).stemWord(word)


def stem(word: str, lang: str) -> str:
    """The Snowball stem of one (normalised) word in language ``lang`` (fi/en/sv)."""
    return snowball_key(word, lang)


def search_stems(text: str) -> list[str]:
    """Every stem a word could have in fi, en or sv, for language-agnostic search.

    The old directory search stored these and matched a query word when any of its stems
    began a stored stem (``benchmarks/search_speed.py`` still measures it as the baseline).
    """
    out: dict[str, None] = {}
    for word in words(text):
        for lang in LANGUAGES:
            out[_plain_snowball(word, lang)] = None
    return list(out)


# ---------------------------------------------------------------------- Voikko
class _Voikko:
    """The Voikko analyser for Finnish, opened on first use; ``None`` when not installed.

    A libvoikko handle must not be used by two threads at once (the index is built in a
    background thread while requests vectorise queries), hence the lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handle: object | None = None
        self._tried = False

    def handle(self) -> object | None:
        if not self._tried:
            with self._lock:
                if not self._tried:
                    self._handle = self._open()
                    self._tried = True
        return self._handle

    @staticmethod
    def _open() -> object | None:
        if os.environ.get(ANALYSER_ENV, "").strip().lower() == "snowball":
            return None
        try:
            import libvoikko  # the optional binding; Snowball serves when it is absent

            # Ask for the dictionaries first: it loads the C library without making an
            # instance, whose destructor would fail noisily when the library is missing.
            if not any(d.language == "fi" for d in libvoikko.Voikko.listDicts()):
                log.info("Voikko has no Finnish dictionary (voikko-fi): using Snowball")
                return None
            return libvoikko.Voikko("fi")
        except (ImportError, OSError) as exc:
            log.info("Voikko is not available, Finnish falls back to Snowball: %s", exc)
        except Exception as exc:  # libvoikko.VoikkoException: no Finnish dictionary
            log.info("Voikko has no Finnish dictionary, using Snowball: %s", exc)
        return None

    def analyse(self, word: str) -> list[dict[str, str]]:
        handle = self.handle()
        if handle is None:
            return []
        with self._lock:
            return handle.analyze(word)  # type: ignore[attr-defined]

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._handle.terminate()  # type: ignore[attr-defined]
            self._handle, self._tried = None, False


_VOIKKO = _Voikko()
_FST_TAG = re.compile(r"\[([A-Za-z0-9]+)\]")
_VERB_PARTICIPLES = frozenset({"past_passive", "past_active"})


def analyser_name() -> str:
    """The analyser that gives Finnish keys: ``"voikko"`` or ``"snowball"``."""
    return "voikko" if _VOIKKO.handle() is not None else "snowball"


def use_snowball(only: bool) -> None:
    """Turn Voikko off (``only=True``) or back on where installed; for tests and benchmarks.

    The environment variable ``MATCHMAKER_ANALYSER=snowball`` does the same for a process.
    """
    _VOIKKO.close()
    if only:
        _VOIKKO._tried = True  # stays None: every Finnish key comes from Snowball
    _voikko_key.cache_clear()


def _segments(fst: str) -> list[tuple[str, str, bool]]:
    """(first base, surface, derived) for each compound part of a Voikko FSTOUTPUT.

    "[Ln][Xp]laiva[X]laiv[Sg][Ny]an[Bh][Bc][Ln][Xp]rakennus[X]rakennu..." gives
    ("laiva", "laivan", False) and ("rakennus", ..., False); ``derived`` means a
    derivational suffix ([Xj]) is inside the part.
    """
    out = []
    for seg in fst.split("[Bc]"):
        base, surface, derived = "", [], False
        pos, inside = 0, ""  # inside: "Xp" or "Xj" while reading a base, not the surface
        for m in _FST_TAG.finditer(seg):
            chunk = seg[pos : m.start()]
            if not inside:
                surface.append(chunk)
            elif inside == "Xp" and not base:
                base = chunk
            tag = m.group(1)
            if tag in ("Xp", "Xj"):
                inside = tag
                derived = derived or tag == "Xj"
            elif tag == "X":
                inside = ""
            pos = m.end()
        if not inside:
            surface.append(seg[pos:])
        out.append((base, "".join(surface), derived))
    return out


def _cost(analysis: dict[str, str]) -> int:
    """Morphemes in an analysis: the most lexicalised reading has the fewest."""
    fst = analysis.get("FSTOUTPUT", "")
    return fst.count("[Xp]") + fst.count("[Xj]")


def _best(word: str, analyses: list[dict[str, str]]) -> dict[str, str]:
    """The reading to key on: fewest morphemes, then the word's own base form, then the
    longest base form, then Voikko's order (deterministic)."""
    return min(
        enumerate(analyses),
        key=lambda ia: (
            _cost(ia[1]),
            ia[1].get("BASEFORM", "").casefold() != word,
            -len(ia[1].get("BASEFORM", "")),
            ia[0],
        ),
    )[1]


@lru_cache(maxsize=KEY_CACHE_SIZE)
def _voikko_key(word: str) -> tuple[str, tuple[str, ...]] | None:
    """(key, part keys) of a Finnish word by Voikko; None when Voikko is off or lost."""
    analyses = _VOIKKO.analyse(word)
    if not analyses:
        return None
    best = _best(word, analyses)
    base = normalise(best.get("BASEFORM", "")) or word
    segments = _segments(best.get("FSTOUTPUT", ""))
    if len(segments) == 1:
        seg_base, _surface, _derived = segments[0]
        # A past participle ("valmistettu", "tehnyt") is keyed on its verb, so that it meets
        # the verb's other forms ("valmistaa", "valmistamme"). Present participles often
        # stand as adjectives of their own ("toimiva", "kiinnostava") and keep their base
        # form: on the treebank, keying them on the verb too merges distinct lemmas.
        if best.get("PARTICIPLE") in _VERB_PARTICIPLES and seg_base:
            return normalise(seg_base), ()
        return base, ()
    parts: list[str] = []
    prefix = ""
    for seg_base, surface, derived in segments[:-1]:
        surface = normalise(surface)
        parts.append(surface if derived or not seg_base else normalise(seg_base))
        prefix += surface
    last = base[len(prefix) :] if base.startswith(prefix) else normalise(segments[-1][0])
    parts.append(last)
    return base, tuple(dict.fromkeys(p for p in parts if len(p) >= 3 and p != base))


def word_key(word: str, lang: str) -> str:
    """The key the index uses for one word in language ``lang`` (fi/en/sv/other).

    Stable: the same word and language give the same key in every release that keeps the
    analyser. Finnish: the Voikko base form when Voikko knows the word ("laivanrakennukseen"
    -> "laivanrakennus"), else the Snowball stem; English/Swedish: the Snowball stem;
    other: the normalised word.
    """
    return normalised_key(normalise(word), lang)


def normalised_key(word: str, lang: str) -> str:
    """``word_key`` of a word that is already normalised (the words of ``words``)."""
    if lang == "fi":
        found = _voikko_key(word)
        if found is not None:
            return found[0]
    return snowball_key(word, lang)


def word_parts(word: str, lang: str) -> tuple[str, ...]:
    """Keys of the parts of a Finnish compound as Voikko splits it, else ``()``.

    "meriteollisuuden" -> ("meri", "teollisuus"); words Voikko does not know, and other
    languages, give ``()`` (the index then splits against its own known keys).
    """
    if lang != "fi":
        return ()
    found = _voikko_key(normalise(word))
    return found[1] if found is not None else ()


def is_known(word: str, lang: str) -> bool:
    """Whether the morphological analyser knows the word (only Finnish, only with Voikko)."""
    return lang == "fi" and _voikko_key(normalise(word)) is not None


# ---------------------------------------------------------------------- languages
def language_scores(tokens: Iterable[str]) -> dict[str, float]:
    """Evidence for each language: stop-word hits count double, character cues once.

    ``"other"`` collects the evidence for Danish and Norwegian.
    """
    scores = {code: 0.0 for code in (*LANGUAGES, OTHER)}
    for word in tokens:
        for code in LANGUAGES:
            if word in STOP_WORDS[code]:
                scores[code] += 2.0
        if word in _DA_NO_WORDS:
            scores[OTHER] += 2.0
        if "æ" in word or "ø" in word:
            scores[OTHER] += 1.5
        elif "å" in word:
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
    """The most likely of fi/en/sv for a text (or its words), ``"other"`` for Danish or
    Norwegian text, ``default`` when there is no evidence at all.

    Ties go to the order fi, en, sv, other: users write Finnish first.
    """
    tokens = words(text) if isinstance(text, str) else list(text)
    scores = language_scores(tokens)
    order = (*LANGUAGES, OTHER)
    best = max(order, key=lambda code: (scores[code], -order.index(code)))
    return best if scores[best] > 0 else default


def content_words(text: str, lang: str) -> list[str]:
    """Words of ``text`` without stop words (of ``lang``) or one-letter words."""
    stops = STOP_WORDS.get(lang, STOP_WORDS[OTHER])
    return [w for w in words(text) if len(w) >= MIN_WORD_LEN and w not in stops]


def analyse(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(key, surface word) pairs of the content words of ``text``.

    ``lang`` is detected from the text when not given; profiles pass the language
    detected on all their fields together, which is more reliable than per field.
    """
    if lang is None:
        lang = detect_language(text)
    return [(normalised_key(w, lang), w) for w in content_words(text, lang)]


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
