"""Matching library: text normalisation, TF-IDF index, partner scoring.

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
from .text import detect_language, search_stems

__all__ = [
    "DEFAULT_WEIGHTS",
    "ClusterFit",
    "IndexConfig",
    "Profile",
    "ProfileIndex",
    "Reason",
    "Suggestion",
    "Weights",
    "cluster_fit",
    "detect_language",
    "explain",
    "query",
    "search_stems",
    "side_stream_matches",
    "similar",
    "suggest",
    "suggest_all",
]
