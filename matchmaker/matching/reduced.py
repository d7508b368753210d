"""Reduced vectors (latent semantic analysis) blended with the sparse cosine.

Two company texts about the same trade often share few exact words ("gold exploration
tenements" and "mineral claims drilling"); a truncated SVD of the TF-IDF matrix puts words that
occur in the same profiles near each other, so such texts come closer. The reduced cosine only
re-ranks: a profile still has to share at least one key with the text (the sparse cosine is
positive) to be found, so every hit keeps words a user can see, and only the best ``rerank``
profiles of the sparse pass get the blended score.

What is stored is small and bounded: the SVD components over at most ``max_terms`` of the most
frequent word features (terms x dims float32, row-major so that projecting is one sparse-dense
product without a copy) and their columns. Profile vectors are not stored:
the few re-ranked rows are projected when a query needs them, so folded-in profiles need
nothing and a 1M-profile index pays only for the components. The SVD is fitted on at most
``sample`` rows. Below ``min_profiles`` there is no reduced space (a handful of profiles holds
no latent topics worth the name).

score = (1 - weight) * cos_sparse + weight * max(cos_reduced, 0)   for the re-ranked profiles
      = (1 - weight) * cos_sparse                                 for the others
so the re-ranked ones still come first and the order is monotone in the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD

if TYPE_CHECKING:
    from .analysis import IndexConfig
    from .index import ProfileIndex


@dataclass(frozen=True)
class ReducedConfig:
    """How the reduced space is fitted and used (``dims=0``: off)."""

    dims: int = 150
    weight: float = 0.3  # share of the score that comes from the reduced cosine
    min_profiles: int = 200
    max_terms: int = 50_000  # the most frequent word features the components cover
    sample: int = 20_000  # rows the SVD is fitted on
    rerank: int = 200  # best profiles of the sparse pass that get the blended score


def reduced_config(config: IndexConfig) -> ReducedConfig:
    """The reduced space's settings for an index configuration."""
    return ReducedConfig(dims=config.reduced_dims, weight=config.reduced_weight)


@dataclass(frozen=True)
class Reduced:
    """Fitted SVD components: ``basis`` (len(columns) x dims, C order) over feature ``columns``."""

    basis: np.ndarray
    columns: np.ndarray


def fit(matrix: sp.csr_matrix, n_word_features: int, config: ReducedConfig) -> Reduced | None:
    """The reduced space of an index's whole-profile TF-IDF rows (None when it is off or the
    index is too small). Deterministic: a fixed seed for the row sample and the SVD."""
    n = matrix.shape[0]
    if config.dims <= 0 or n < max(config.min_profiles, 2) or n_word_features < 2:
        return None
    words = matrix[:, :n_word_features].tocsr() if matrix.shape[1] > n_word_features else matrix
    df = np.bincount(words.indices, minlength=n_word_features)[:n_word_features]
    shared = np.flatnonzero(df >= 2)  # a term of one profile relates it to nothing
    if shared.size > config.max_terms:
        order = np.lexsort((shared, -df[shared]))[: config.max_terms]
        shared = np.sort(shared[order])
    dims = min(config.dims, shared.size - 1, n - 1)
    if dims < 2:
        return None
    rows = np.arange(n)
    if n > config.sample:
        rows = np.sort(np.random.default_rng(0).choice(n, config.sample, replace=False))
    sample = words[rows][:, shared]
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=5, random_state=0)
    svd.fit(sample)
    return Reduced(
        np.ascontiguousarray(svd.components_.T, dtype=np.float32),
        np.ascontiguousarray(shared, dtype=np.int32),
    )


def fit_index(index: ProfileIndex) -> Reduced | None:
    """``fit`` for a built index (its whole-profile word rows and configuration)."""
    return fit(index.word_matrices["whole"], index.n_word_features, reduced_config(index.config))


def project(reduced: Reduced, rows: sp.csr_matrix) -> np.ndarray:
    """Rows of the index's space as L2-normalised reduced vectors (a zero row stays zero)."""
    part = rows.tocsr()[:, reduced.columns]
    z = np.asarray(part @ reduced.basis, dtype=np.float64)
    norms = np.linalg.norm(z, axis=1)
    norms[norms == 0] = 1.0
    return z / norms[:, None]


def blend(
    reduced: Reduced | None,
    config: ReducedConfig,
    vector: sp.csr_matrix,
    field: sp.csr_matrix,
    scores: np.ndarray,
    valid: np.ndarray | None = None,
) -> np.ndarray:
    """``scores`` (the sparse cosine of ``vector`` with every row of ``field``) with the
    reduced cosine blended in for the best ``config.rerank`` valid rows; unchanged when
    there is no reduced space. ``valid``: rows that may be re-ranked (default: score > 0)."""
    if reduced is None or config.weight <= 0:
        return scores
    ok = scores > 0 if valid is None else valid & (scores > 0)
    cand = np.flatnonzero(ok)
    if cand.size > config.rerank:
        part = np.argpartition(-scores[cand], config.rerank - 1)[: config.rerank]
        cand = np.sort(cand[part])
    out = (1.0 - config.weight) * scores
    if cand.size:
        q = project(reduced, vector)[0]
        sims = project(reduced, field[cand]) @ q
        out[cand] += config.weight * np.clip(sims, 0.0, None)
    return out
