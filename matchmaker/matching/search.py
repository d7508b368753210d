"""Search keys: the matching pipeline's keys of a text, for a database's full-text index.

A document (a profile, an opportunity) becomes a space-separated string of tokens: the word
key of each content word (``text.word_key``, so Finnish inflections share one), the keys of
its compound parts and the term bridge's concept keys (so "potkuri" meets "propeller").
PostgreSQL indexes that string as a ``tsvector`` of the 'simple' configuration, SQLite as
an FTS5 column; both only split on spaces and compare tokens exactly or by prefix.

A query becomes one ``Alternatives`` per content word: the word matches a document when one
of its clauses (all keys of a clause at once) is in it. Short queries are read in every
language, as the matching index reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .analysis import analyse_in, is_short, profile_language
from .bridge import CONCEPT_PREFIX, TermBridge
from .text import LANGUAGES, is_known, word_parts, words

# A word key this long or longer matches the keys it begins (a compound Voikko does not know).
MIN_PREFIX_LEN = 4
WORD_KEYS_CACHE = 4096  # sentences whose words' keys a process remembers (for highlighting)
_TOKEN = re.compile(r"^[^\W_]+$")


def token(key: str) -> str:
    """A key as a token of letters and digits only: a word key as it is; a concept key
    ("~tol.C") with every character other than a-z as "0" and four letters (its code in base
    26). Word keys are letters only, so an encoded concept key (which has a digit) never
    equals one, and no text parser reads it as a number."""
    if not key.startswith(CONCEPT_PREFIX):
        return key
    return "0" + "".join(c if "a" <= c <= "z" else "0" + _base26(ord(c)) for c in key[1:])


def _base26(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out = chr(97 + r) + out
    return out


Token = tuple[str, bool]  # (token, whether it matches the tokens it begins)
Slot = tuple[Token, ...]  # any one of these
Clause = tuple[Slot, ...]  # every slot at once (the words of a term of several words)


@dataclass(frozen=True)
class Alternatives:
    """What one query word matches: any one of its clauses."""

    word: str
    clauses: tuple[Clause, ...]

    def tokens(self) -> list[Token]:
        return [t for clause in self.clauses for slot in clause for t in slot]


class SearchKeys:
    """Keys of documents and queries with one term bridge (without coordinators' synonyms:
    those apply to queries, so that adding one needs no reindexing)."""

    def __init__(self, bridge: TermBridge | None = None) -> None:
        self.bridge = bridge
        # A results page marks the words of the same few sentences again and again (every
        # visitor, every query): their analysis is remembered, the query's test is not.
        self._word_keys = lru_cache(maxsize=WORD_KEYS_CACHE)(self._word_keys_uncached)

    # ------------------------------------------------------------------ documents
    def document(self, texts: Iterable[str]) -> str:
        """The tokens of a document's texts (each read in its own language, a short one in
        every language), in text order, repeated as often as they occur."""
        out: list[str] = []
        for text in texts:
            if text:
                out.extend(self._tokens(text))
        return " ".join(out)

    def _tokens(self, text: str) -> list[str]:
        toks = words(text)
        lang = profile_language(toks)
        langs = (lang,) if lang and lang in LANGUAGES and not is_short(toks) else LANGUAGES
        read = analyse_in(text, langs)
        per_token = self._extras(read)
        out: list[str] = []
        for n, (key, _, _) in enumerate(read):
            out.append(key)
            out.extend(per_token.get(n, ()))
        return [t for t in map(token, out) if _TOKEN.match(t)]

    def _extras(self, read) -> dict[int, list[str]]:
        """Token position -> its compound parts, then the concepts of the words there."""
        parts = [
            word_parts(w, lang) if lang == "fi" and is_known(w, lang) else () for _, w, lang in read
        ]
        out: dict[int, list[str]] = {}
        for n, found in enumerate(parts):
            if found:
                out.setdefault(n, []).extend(found)
        if self.bridge is not None:
            for n, key in self.bridge.concepts(read, parts, frozenset()):
                out.setdefault(n, []).append(key)
        return out

    # ------------------------------------------------------------------ queries
    def query(self, text: str, synonyms: Sequence[Sequence[str]] = ()) -> list[Alternatives]:
        """One ``Alternatives`` per distinct content word of ``text``; ``synonyms`` are
        coordinators' groups of terms that mean the same ("ahtaus", "stevedoring")."""
        toks = words(text)
        lang = profile_language(toks)
        langs = (lang,) if lang and lang in LANGUAGES and not is_short(toks) else LANGUAGES
        read = analyse_in(text, langs)
        extras = self._extras(read)
        by_word: dict[str, dict[Token, None]] = {}
        for n, (key, word, _) in enumerate(read):
            alts = by_word.setdefault(word, {})
            alts[(key, len(key) >= MIN_PREFIX_LEN)] = None
            for extra in extras.get(n, ()):
                alts[(token(extra), False)] = None
        groups = [_synonym_group(terms) for terms in synonyms]
        out = []
        for word, alts in by_word.items():
            clauses: dict[Clause, None] = {(((t, p),),): None for t, p in alts if _TOKEN.match(t)}
            keys = {t for t, _ in alts}
            for group in groups:
                if any(len(term) == 1 and term[0] & keys for term in group):
                    for term in group:
                        clauses[_clause(term)] = None
            if clauses:
                out.append(Alternatives(word, tuple(clauses)))
        return out

    def matched_words(self, alternatives: Sequence[Alternatives], text: str) -> set[str]:
        """Words of ``text`` (as ``text.words`` gives them) that the query matched: one of
        their keys (read in every language) is a query token, or begins with a prefix one."""
        exact = {t for a in alternatives for t, p in a.tokens() if not p}
        prefixes = tuple(t for a in alternatives for t, p in a.tokens() if p)
        return {
            word
            for word, keys in self._word_keys(text)
            if any(t in exact or t.startswith(prefixes) for t in keys)
        }

    def _word_keys_uncached(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each word of ``text`` with its tokens: its key, compound parts and concepts."""
        read = analyse_in(text, LANGUAGES)
        extras = self._extras(read)
        return tuple(
            (word, (key, *map(token, extras.get(n, ())))) for n, (key, word, _) in enumerate(read)
        )


def _synonym_group(terms: Sequence[str]) -> list[tuple[frozenset[str], ...]]:
    """Each term of a synonym as the key sets of its words (each read in every language)."""
    group = []
    for term in terms:
        read = analyse_in(term, LANGUAGES)
        by_word: dict[str, set[str]] = {}
        for key, word, _ in read:
            by_word.setdefault(word, set()).add(key)
        if by_word:
            group.append(tuple(frozenset(keys) for keys in by_word.values()))
    return group


def _clause(term: tuple[frozenset[str], ...]) -> Clause:
    """A synonym term as a clause: every word of it, each by any of its keys."""
    return tuple(tuple((k, False) for k in sorted(keys) if _TOKEN.match(k)) for keys in term)
