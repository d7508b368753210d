"""A term bridge: words of Finnish, English and Swedish mapped to shared concept keys.

"potkuri" (fi), "propeller" (en) and "propeller" (sv) all carry the concept key
``~propeller``; the index adds a word's concept keys as extra tokens (weighted like compound
parts), so a Finnish need meets an English offer. Terms are matched through
``text.word_key``, so every inflected form hits ("potkureita", "propellers"), and so are the
parts of a Finnish compound ("säätöpotkuri" -> potkuri -> ``~propeller``). A term of several
words ("heat pump") matches those keys in a row.

Sources, all plain data:

- the domain glossary shipped with the package (``data/glossary.toml``: the clusters'
  sectors, a few hundred concepts with fi/en/sv terms);
- ``Concept``s a caller adds (the app adds the fi/en names of TOL 2008 industries);
- ``Synonym``s coordinators write for their cluster ("ruoppaus = dredging"): their terms are
  read in every language, and they apply to that cluster's members (and to every query);
- optionally a ``Dictionary`` of Finnish->English word pairs (``load_freedict`` reads the
  FreeDict dictionaries Debian installs): a Finnish word the glossary does not know also
  gets the key of its English translations.
"""

from __future__ import annotations

import gzip
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .text import LANGUAGES, OTHER, STOP_WORDS, analyser_name, normalised_key, words

log = logging.getLogger(__name__)

CONCEPT_PREFIX = "~"  # word keys are letters only, so a concept key can never collide
GLOSSARY = Path(__file__).parent / "data" / "glossary.toml"
FREEDICT_DIR = Path("/usr/share/dictd")
MAX_TRANSLATIONS = 2  # English words taken per Finnish dictionary entry (the first senses)

Token = tuple[str, str, str]  # (key, surface word, language), as in matching.index
_ORDER = {code: n for n, code in enumerate((*LANGUAGES, OTHER))}


@dataclass(frozen=True)
class Concept:
    """One meaning: its key (without the prefix) and its terms per language."""

    key: str
    terms: Mapping[str, tuple[str, ...]]
    sector: str = ""


@dataclass(frozen=True)
class Synonym:
    """Terms that mean the same in one cluster (``cluster_id=None``: everywhere)."""

    terms: tuple[str, ...]
    cluster_id: int | None = None


@dataclass(frozen=True)
class Dictionary:
    """Finnish word (normalised) -> English words, e.g. from FreeDict."""

    fi_en: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def load_glossary(path: Path | None = None) -> tuple[Concept, ...]:
    """The concepts of a glossary file: ``[sector]`` tables of ``key = {fi=[], en=[], sv=[]}``."""
    if path is None:
        return _default_glossary()
    return _parse_glossary(path.read_text(encoding="utf-8"))


@cache
def _default_glossary() -> tuple[Concept, ...]:
    return _parse_glossary(GLOSSARY.read_text(encoding="utf-8"))


def _parse_glossary(source: str) -> tuple[Concept, ...]:
    out = []
    for sector, table in tomllib.loads(source).items():
        for key, terms in table.items():
            unknown = set(terms) - set(LANGUAGES)
            if unknown:
                raise ValueError(f"glossary {sector}.{key}: unknown languages {sorted(unknown)}")
            out.append(
                Concept(key, {lang: tuple(terms.get(lang, ())) for lang in LANGUAGES}, sector)
            )
    keys = [c.key for c in out]
    if len(keys) != len(set(keys)):
        raise ValueError("glossary concept keys must be unique")
    return tuple(out)


_HEADWORD = re.compile(r"^([^\W\d_]+)(?: /[^/]*/)?(?: <[^>]*>)?$")
_ONE_WORD = re.compile(r"^[^\W\d_]{3,}$")


def load_freedict(directory: Path = FREEDICT_DIR) -> Dictionary | None:
    """Finnish->English pairs from the FreeDict fin-eng and eng-fin dictionaries (dictd
    format), or None when neither is installed. Only one-word entries and translations."""
    pairs: dict[str, dict[str, None]] = {}
    found = False
    for name, fi_first in (("freedict-fin-eng", True), ("freedict-eng-fin", False)):
        path = directory / f"{name}.dict.dz"
        if not path.exists():
            continue
        found = True
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            for head, translations in _dictd_entries(fh.read()):
                for other in translations:
                    fi, en = (head, other) if fi_first else (other, head)
                    pairs.setdefault(fi, {})[en] = None
    if not found:
        return None
    return Dictionary({fi: tuple(en)[: MAX_TRANSLATIONS * 2] for fi, en in pairs.items()})


def _dictd_entries(body: str) -> Iterable[tuple[str, list[str]]]:
    """(headword, first one-word translations) of WikDict-style dictd entries: a headword
    line ("potkuri /ˈpotkuri/ <n>") followed by a line of comma-separated translations."""
    lines = body.split("\n")
    for n in range(len(lines) - 1):
        m = _HEADWORD.match(lines[n].strip())
        if not m or lines[n].startswith(" "):
            continue
        head = m.group(1).casefold()
        if len(head) < 3:
            continue
        senses = [t.strip().casefold() for t in re.split(r"[,;]", lines[n + 1])]
        one = [t for t in senses if _ONE_WORD.match(t) and t != head][:MAX_TRANSLATIONS]
        if one:
            yield head, one


class TermBridge:
    """Concept keys for the tokens of a text; build once, then ask ``concepts``.

    Term keys depend on the active analyser, so they are compiled on first use and again
    when the analyser changes (tests switch Voikko off).
    """

    def __init__(
        self,
        concepts: Iterable[Concept] = (),
        synonyms: Iterable[Synonym] = (),
        dictionary: Dictionary | None = None,
    ) -> None:
        self.concepts_list = tuple(concepts)
        self.synonyms = tuple(synonyms)
        self.dictionary = dictionary
        self._compiled_for = ""
        # lang -> key sequence -> [(concept key, cluster or None)]
        self._map: dict[str, dict[tuple[str, ...], list[tuple[str, int | None]]]] = {}
        self._longest = 1
        self._phrase_starts: dict[str, frozenset[str]] = {}  # lang -> first keys of phrases
        self._singles: dict[str, dict[str, list]] = {}  # lang -> one-key entries of _map
        self._part_memo: dict[str, dict[tuple[str, ...], tuple]] = {}  # lang -> parts -> hits
        self._fd_memo: dict[str, tuple[str, ...]] = {}

    @classmethod
    def default(
        cls,
        extra: Iterable[Concept] = (),
        synonyms: Iterable[Synonym] = (),
        dictionary: Dictionary | None = None,
    ) -> TermBridge:
        """The shipped glossary plus ``extra`` concepts, ``synonyms`` and a dictionary."""
        return cls((*load_glossary(), *extra), synonyms, dictionary)

    def __len__(self) -> int:
        return len(self.concepts_list) + len(self.synonyms)

    # ------------------------------------------------------------------ compiling
    def _compile(self) -> None:
        analyser = analyser_name()
        if self._compiled_for == analyser:
            return
        table: dict[str, dict[tuple[str, ...], list[tuple[str, int | None]]]] = {
            lang: {} for lang in (*LANGUAGES, OTHER)
        }
        for concept in self.concepts_list:
            ckey = CONCEPT_PREFIX + concept.key
            for lang, terms in concept.terms.items():
                for term in terms:
                    self._add(table, lang, term, ckey, None)
        for n, syn in enumerate(self.synonyms):
            ckey = f"{CONCEPT_PREFIX}syn{syn.cluster_id or 0}.{n}"
            for term in syn.terms:
                for lang in (*LANGUAGES, OTHER):  # a coordinator's terms have no language
                    self._add(table, lang, term, ckey, syn.cluster_id)
        self._map = table
        self._longest = max((len(k) for t in table.values() for k in t), default=1)
        self._phrase_starts = {
            lang: frozenset(k[0] for k in t if len(k) > 1) for lang, t in table.items()
        }
        self._singles = {
            lang: {k[0]: v for k, v in t.items() if len(k) == 1} for lang, t in table.items()
        }
        self._fd_memo = {}
        self._part_memo = {}
        self._compiled_for = analyser

    @staticmethod
    def _add(table, lang: str, term: str, ckey: str, cluster: int | None) -> None:
        stops = STOP_WORDS.get(lang, STOP_WORDS[OTHER])
        keys = tuple(normalised_key(w, lang) for w in words(term) if w not in stops)
        if keys:
            entry = table[lang].setdefault(keys, [])
            if (ckey, cluster) not in entry:
                entry.append((ckey, cluster))

    # ------------------------------------------------------------------ using
    def concepts(
        self,
        read: Sequence[Token],
        parts: Sequence[Sequence[str]] = (),
        clusters: frozenset[int] | None = None,
    ) -> list[tuple[int, str]]:
        """(token position, extra key) for the tokens of one text, in text order.

        ``parts[n]`` are the compound-part keys of token ``n``; ``clusters`` limits the
        coordinators' synonyms to those of the given clusters (None: all of them, as for a
        query). A word read in several languages gets each extra key once.
        """
        if not read:
            return []
        self._compile()
        table = self._map
        found: dict[int, dict[str, None]] = {}  # first token of a word -> keys

        def allowed(cluster: int | None) -> bool:
            return cluster is None or clusters is None or cluster in clusters

        # Tokens of one word read in several languages are consecutive, in language order:
        # group them (the same word again starts a new group).
        langs = {t[2] for t in read}
        if len(langs) == 1:  # read in one language: every token is a word of its own
            group = list(range(len(read)))
            by_lang = {langs.pop(): group}
        else:
            group = []
            first = 0
            for n, (_, word, lang) in enumerate(read):
                prev = read[n - 1] if n else None
                if prev and (word != prev[1] or _ORDER.get(lang, 9) <= _ORDER.get(prev[2], 9)):
                    first = n
                group.append(first)
            by_lang = {}
            for n, (_, _, lang) in enumerate(read):
                by_lang.setdefault(lang, []).append(n)
        for lang, positions in by_lang.items():
            lang_table = table.get(lang, {})
            singles = self._singles.get(lang, {})
            keys = [read[n][0] for n in positions]
            starts = self._phrase_starts.get(lang, frozenset())
            part_memo = self._part_memo.setdefault(lang, {})
            translate = lang == "fi" and self.dictionary is not None
            for at, n in enumerate(positions):
                key = keys[at]
                word_parts = parts[n] if n < len(parts) else ()
                if not (word_parts or translate or key in singles or key in starts):
                    continue  # most words: nothing in the table can match them
                g = group[n]
                own = singles.get(key, ())
                of_parts: tuple[tuple[str, int | None], ...] = ()
                if word_parts:
                    of_parts = part_memo.get(word_parts)  # type: ignore[assignment]
                    if of_parts is None:
                        of_parts = tuple(
                            e for part in word_parts for e in lang_table.get((part,), ())
                        )
                        if len(part_memo) < 1 << 16:  # bounded: queries bring new words
                            part_memo[word_parts] = of_parts
                if own or of_parts or key in starts:
                    hits = found.setdefault(g, {})
                    entries = list(own)
                    # Only a key that begins a phrase of the table can match more than itself.
                    if key in starts:
                        for size in range(2, min(self._longest, len(keys) - at) + 1):
                            entries.extend(lang_table.get(tuple(keys[at : at + size]), ()))
                    entries.extend(of_parts)
                    for ckey, cluster in entries:
                        if allowed(cluster):
                            hits[ckey] = None
                if lang == "fi" and self.dictionary is not None and not found.get(g):
                    hits = found.setdefault(g, {})
                    for en_key in self._translations(read[n][1], read[n][0]):
                        hits[en_key] = None
        return [(n, key) for n in sorted(found) for key in found[n]]

    def _translations(self, word: str, key: str) -> tuple[str, ...]:
        """English keys of a Finnish word by the dictionary (its surface form or base form)."""
        memo = self._fd_memo.get(word)
        if memo is None:
            assert self.dictionary is not None
            fi_en = self.dictionary.fi_en
            english = fi_en.get(word) or fi_en.get(key) or ()
            memo = tuple(dict.fromkeys(normalised_key(w, "en") for w in english))
            if len(self._fd_memo) < 1 << 16:  # bounded: queries bring new words
                self._fd_memo[word] = memo
        return memo
