"""Reduced vectors (LSA) and pseudo-relevance feedback in similar organisations and queries."""

import random

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.matching import IndexConfig, Profile, ProfileIndex, fold_in, query, similar, store
from matchmaker.matching.feedback import expand
from matchmaker.matching.reduced import ReducedConfig, blend, fit

MINING = "gold drilling tenement exploration assay ore nickel copper".split()
SOFTWARE = "cloud platform subscription analytics payroll dashboards hosting api".split()
TWO_TOPICS = IndexConfig(reduced_dims=2)  # two trades: two latent topics in this corpus


def _trade(rng: random.Random, vocabulary: list[str]) -> str:
    return " ".join(rng.sample(vocabulary, 4))


@pytest.fixture
def trades() -> list[Profile]:
    """120 mining and 120 software firms; ids 1 and 2 share only "licence" with id 3."""
    rng = random.Random(0)
    profiles = [
        Profile(id=1, about="licence cloud platform hosting"),  # software
        Profile(id=2, about="licence tenement exploration assay"),  # mining
        Profile(id=3, about="licence gold drilling nickel"),  # mining: the one we ask for
    ]
    for n in range(120):
        profiles.append(Profile(id=10 + 2 * n, about=_trade(rng, MINING)))
        profiles.append(Profile(id=11 + 2 * n, about=_trade(rng, SOFTWARE)))
    return profiles


def _rank(result: list[tuple[int, float]], org: int) -> int:
    return [i for i, _ in result].index(org)


def test_reduced_space_ranks_the_same_trade_first_when_words_tie(trades):
    plain = ProfileIndex.build(trades, IndexConfig(reduced_dims=0))
    index = ProfileIndex.build(trades, TWO_TOPICS)
    assert plain.reduced is None and index.reduced is not None
    # Sparse cosine alone: both share one word with id 3, the software firm comes first.
    before = similar(plain, 3, k=len(plain))
    assert _rank(before, 1) < _rank(before, 2)
    after = similar(index, 3, k=len(index))
    assert _rank(after, 2) < _rank(after, 1)
    found = query(index, "licence gold drilling nickel", k=len(index))
    assert _rank(found, 2) < _rank(found, 1)


def test_reduced_space_never_finds_a_profile_without_a_shared_word(trades):
    index = ProfileIndex.build(trades, TWO_TOPICS)
    found = query(index, "gold", k=len(index))
    assert found and all("gold" in p.about.split() for p in trades if p.id in dict(found))
    assert len(found) == sum("gold" in p.about.split() for p in trades)
    assert all(score > 0 for _, score in found)


def test_scores_stay_in_order_and_similar_excludes_itself(trades):
    index = ProfileIndex.build(trades, TWO_TOPICS)
    result = similar(index, 3, k=len(index))
    scores = [s for _, s in result]
    assert scores == sorted(scores, reverse=True) and 3 not in dict(result)


def test_a_small_index_has_no_reduced_space_and_keeps_plain_cosines(maritime):
    index = ProfileIndex.build(maritime.values())
    assert index.reduced is None
    org = next(iter(index.ids.tolist()))
    i = index.pos(org)
    cos = (index.matrices["whole"] @ index.row("whole", i).T).toarray().ravel()
    for other, score in similar(index, org, k=len(index)):
        assert score == pytest.approx(cos[index.pos(other)], abs=1e-6)


def test_only_the_best_rows_are_reranked_and_the_order_stays_monotone():
    rng = np.random.default_rng(0)
    matrix = sp.csr_matrix((rng.random((300, 40)) > 0.8).astype(np.float64))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sp.csr_matrix(sp.diags(1 / np.where(norms == 0, 1, norms)) @ matrix)
    config = ReducedConfig(dims=5, weight=0.5, rerank=10)
    reduced = fit(matrix, 40, config)
    assert reduced is not None and reduced.basis.shape == (len(reduced.columns), 5)
    vector = matrix[0]
    scores = (matrix @ vector.T).toarray().ravel()
    out = blend(reduced, config, vector, matrix, scores)
    changed = np.flatnonzero(out != 0.5 * scores)
    assert 0 < changed.size <= 10
    assert out[changed].min() >= np.delete(out, changed).max()


def test_stored_index_keeps_the_reduced_space(trades, tmp_path):
    index = ProfileIndex.build(trades, TWO_TOPICS)
    store.save(index, tmp_path, version=1)
    loaded, _ = store.load(tmp_path)
    assert store.is_mapped(loaded.reduced.basis)
    assert similar(loaded, 3, k=20) == similar(index, 3, k=20)
    assert query(loaded, "licence gold") == query(index, "licence gold")


def test_a_folded_in_profile_is_compared_in_the_reduced_space(trades):
    index = ProfileIndex.build(trades, TWO_TOPICS)
    newcomer = Profile(id=999, about="licence tenement nickel ore")
    folded = fold_in(index, [newcomer])
    result = similar(folded, 999, k=len(folded))
    assert folded.reduced is index.reduced
    assert _rank(result, 2) < _rank(result, 1)


def test_feedback_blends_the_best_hits_and_keeps_to_the_first_pass_matches(trades):
    index = ProfileIndex.build(trades, IndexConfig(reduced_dims=2, feedback_k=5))
    plain = ProfileIndex.build(trades, IndexConfig(reduced_dims=0))
    first = {i for i, _ in query(plain, "gold", k=len(plain))}
    assert {i for i, _ in query(index, "gold", k=len(index))} == first
    vector = index.vectorise("gold")
    scores = index.similarities(vector, "whole")
    expanded = expand(vector, index.matrices["whole"], scores, np.ones(len(index), bool), 5, 0.5)
    assert expanded is not None
    assert sp.linalg.norm(expanded) == pytest.approx(1.0)
    assert expanded.nnz > vector.nnz  # the best hits' other words came in
