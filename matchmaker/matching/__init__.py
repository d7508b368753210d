"""Matching library: text normalisation, TF-IDF index, partner scoring, fair-stand grouping
and meeting scheduling (`matching.stands`, `matching.meetings`).

Pure Python + scikit-learn. Takes plain data, returns plain data; imports nothing
from Flask or from the application's models.
"""

from .index import IndexConfig, Profile, ProfileIndex
from .partners import (
    DEFAULT_WEIGHTS,
    ClusterFit,
    Reason,
    Suggestion,
    Weights,
    cluster_fit,
    explain,
    query,
    side_stream_matches,
    similar,
    suggest,
    suggest_all,
)
from .stands import Grouping, GroupingWeights, Interest, StandSpec, group_stands
from .text import detect_language, search_stems

__all__ = [
    "DEFAULT_WEIGHTS",
    "ClusterFit",
    "Grouping",
    "GroupingWeights",
    "IndexConfig",
    "Interest",
    "Profile",
    "ProfileIndex",
    "Reason",
    "StandSpec",
    "Suggestion",
    "Weights",
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
]
