"""Matching library: partner suggestions with reasons, free-text search, fair-stand grouping
and meeting scheduling for cluster members' profiles.

Pure Python + scikit-learn (+ the optional Voikko analyser). Takes plain data, returns plain
data; imports nothing from Flask, SQLAlchemy or the application (``import matchmaker.matching``
loads neither).

Input: ``Profile(id, about="", offers="", needs="", side_offered="", side_wanted="",
markets=frozenset(), region="", clusters=frozenset(), name="")``, one per organisation; only
the id is required. Texts may be Finnish, English or Swedish (or anything else).

- ``ProfileIndex.build(profiles, IndexConfig())``: the TF-IDF index every call below takes.
  ``index.vectorise(text, lang=None, langs=())`` puts a free text in its space: a short text
  is read in every language of the index (plus ``langs``) rather than guessed.
  ``fold_in(index, changed, removed=())`` returns a copy with new or edited profiles weighed
  in the index's own vocabulary (no refit), so they are matched before the next build.
- ``suggest(index, org_id, k=10, exclude=(), same_cluster_only=False, weights=Weights())``
  -> ``[Suggestion(id, score, cross_cluster, reasons=[Reason(kind, their_words, your_words,
  weight, context)])]``, best first, ties by id; ``suggest_all(index, k)`` does every profile.
  Competitors are left out of it: ``joint_bid_partners(index, org_id, k=5)`` lists them;
  ``suggest_with_joint_bids(index, org_id, k, k_joint)`` gives both lists of one profile.
  ``explain(index, a, b)`` gives the reasons alone (kinds are listed in ``matching.partners``).
- ``side_stream_matches(index, org_id)``, ``similar(index, org_id)`` -> ``[(id, score)]``,
  ``query(index, text, k, field_name="whole", lang=None)`` -> ``[(id, score)]``,
  ``cluster_fit(index, newcomer)`` -> ``[ClusterFit]``. ``similar`` and ``query`` blend a
  reduced (LSA) cosine into the best hits of an index of 200+ profiles (``matching.reduced``;
  ``IndexConfig(reduced_dims=0)``: off) and can feed their best hits back (Rocchio,
  ``matching.feedback``; ``IndexConfig(feedback_k=5)``: on); a hit always shares a word.
- ``group_stands(index, interests, stands)`` (``matching.stands``) and the meeting scheduler
  (``matching.meetings``).
- Term bridge (``matching.bridge``): ``TermBridge.default(extra=[Concept], synonyms=
  [Synonym(terms, cluster_id)], dictionary=load_freedict())`` maps fi/en/sv words to shared
  concept keys (the shipped glossary ``data/glossary.toml``, a caller's concepts, coordinators'
  synonyms, optionally FreeDict fi-en); ``ProfileIndex.build(profiles, config, bridge)`` adds
  them as extra tokens so that "potkuri" meets "propeller" (``IndexConfig(bridge=False)``:
  off). ``index.matched_words(query, text, org_id)`` names the words of a text a search hit.
- Text (``matching.text``): ``word_key(word, lang)`` is the key the index uses for a word
  (stable; Voikko base forms for Finnish when installed, else Snowball stems);
  ``word_parts(word, lang)`` the keys of a Finnish compound's parts; ``analyser_name()`` says
  which analyser is active; ``detect_language(text)`` gives fi/en/sv, ``"other"`` for Danish or
  Norwegian; ``search_stems(text)`` every Snowball stem of a text (what the old LIKE search
  stored).
- Search (``matching.search``): ``SearchKeys(bridge).document(texts)`` the tokens a database's
  full-text index stores for a document, ``.query(text, synonyms)`` a query's alternatives
  per word, ``.matched_words(alternatives, text)`` the words a search hit.
"""

from .bridge import Concept, Synonym, TermBridge
from .fold import fold_in
from .index import IndexConfig, Profile, ProfileIndex
from .partners import (
    DEFAULT_WEIGHTS,
    ClusterFit,
    Reason,
    Suggestion,
    Weights,
    cluster_fit,
    explain,
    joint_bid_partners,
    query,
    side_stream_matches,
    similar,
    suggest,
    suggest_all,
    suggest_with_joint_bids,
)
from .stands import Grouping, GroupingWeights, Interest, StandSpec, group_stands
from .text import analyser_name, detect_language, search_stems, word_key, word_parts

__all__ = [
    "DEFAULT_WEIGHTS",
    "ClusterFit",
    "Concept",
    "Grouping",
    "GroupingWeights",
    "IndexConfig",
    "Interest",
    "Profile",
    "ProfileIndex",
    "Reason",
    "StandSpec",
    "Suggestion",
    "Synonym",
    "TermBridge",
    "Weights",
    "analyser_name",
    "cluster_fit",
    "detect_language",
    "explain",
    "group_stands",
    "query",
    "search_stems",
    "side_stream_matches",
    "similar",
    "suggest",
    "suggest_all",
    "suggest_with_joint_bids",
    "joint_bid_partners",
    "fold_in",
    "word_key",
    "word_parts",
]
