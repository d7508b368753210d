"""Pseudo-relevance feedback (Rocchio) for "similar organisations" and free-text queries.

The text's vector is blended with the centroid of its ``k`` best hits and matched again:
q' = q / |q| + beta * mean(best k rows), renormalised. Words the best hits share with each
other but the text left out ("tenements" next to "exploration") then count too. Only the
profiles the text itself matched (first-pass score > 0) are ranked, so every hit still shares
a word with the text. Off by default (``IndexConfig.feedback_k = 0``): on the real company
texts of benchmarks/companies_quality.py it raises P@10 but lowers MRR (it pulls the top
towards the neighbourhood's majority), so it is offered, not imposed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg  # noqa: F401  (sp.linalg.norm)

from .reduced import blend, reduced_config

if TYPE_CHECKING:
    from .index import ProfileIndex


def expand(
    vector: sp.csr_matrix,
    field: sp.csr_matrix,
    scores: np.ndarray,
    valid: np.ndarray,
    k: int,
    beta: float,
) -> sp.csr_matrix | None:
    """The Rocchio-expanded, L2-normalised ``vector`` from the ``k`` best ``valid`` rows of
    ``field`` by ``scores`` (ties by row); None when there is nothing to feed back."""
    cand = np.flatnonzero(valid & (scores > 0))
    if k <= 0 or beta <= 0 or cand.size == 0:
        return None
    order = np.lexsort((cand, -scores[cand]))[:k]
    top = cand[order]
    centroid = sp.csr_matrix(field[top].mean(axis=0))
    norm = sp.linalg.norm(vector)
    base = vector / norm if norm > 0 else vector
    out = sp.csr_matrix(base + beta * centroid, dtype=np.float64)
    norm = sp.linalg.norm(out)
    return out / norm if norm > 0 else None


def ranked_scores(
    index: ProfileIndex,
    vector: sp.csr_matrix,
    field_name: str = "whole",
    valid: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of every profile's ``field_name`` for a text's ``vector``: the sparse cosine,
    the reduced cosine blended in (``matching.reduced``) and, when ``feedback_k`` is set, a
    second pass with the Rocchio-expanded vector. Profiles outside ``valid`` or that share
    no key with the text score 0."""
    config = index.config
    settings = reduced_config(config)
    field = index.matrices[field_name]
    first = index.similarities(vector, field_name)
    ok = first > 0 if valid is None else valid & (first > 0)
    scores = blend(index.reduced, settings, vector, field, first, ok)
    if config.feedback_k > 0 and len(index) >= settings.min_profiles:
        expanded = expand(vector, field, scores, ok, config.feedback_k, config.feedback_weight)
        if expanded is not None:
            second = index.similarities(expanded, field_name)
            scores = blend(index.reduced, settings, expanded, field, second, ok)
    return np.where(ok, scores, 0.0)
