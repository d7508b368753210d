"""Fitting the partner score's weights to logged outcomes (matching.tuning)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from matchmaker.matching import Profile, ProfileIndex, Weights
from matchmaker.matching.tuning import (
    Outcome,
    TooFewOutcomes,
    _scores,
    fit_weights,
    held_back,
    score_parts,
    tunable_names,
    weights_from_json,
    weights_to_json,
)

WORDS = (
    "propeller casting bronze welding hull steel pump valve sensor cable paint coating "
    "logistics crane forging shaft bearing gear hydraulics insulation ventilation laser "
    "machining design testing inspection automation software training recycling timber"
).split()


def synthetic_index(n: int = 50, seed: int = 7) -> ProfileIndex:
    """Profiles whose fields are random English words: every score part varies."""
    rng = np.random.default_rng(seed)

    def text() -> str:
        return " ".join(rng.choice(WORDS, size=5, replace=False))

    return ProfileIndex.build(
        Profile(id=i + 1, about=text(), offers=text(), needs=text()) for i in range(n)
    )


def outcomes_from(index: ProfileIndex, truth: Weights, n: int = 300, seed: int = 3):
    """Pairs labelled by a known scorer: positive when its score is in the upper half."""
    rng = np.random.default_rng(seed)
    ids = [int(i) for i in index.ids]
    pairs = []
    while len(pairs) < n:
        a, b = (int(x) for x in rng.choice(ids, size=2, replace=False))
        if (a, b) not in pairs:
            pairs.append((a, b))
    names, parts = score_parts(index, pairs, truth)
    true = parts @ np.array([getattr(truth, name) for name in names])
    cut = np.median(true)
    return [Outcome(a, b, bool(s > cut)) for (a, b), s in zip(pairs, true, strict=True)]


def only(weights: Weights, **values: float) -> Weights:
    """``weights`` with every tunable weight 0 except ``values``."""
    return replace(weights, **{**{n: 0.0 for n in tunable_names(weights)}, **values})


def test_fit_recovers_the_dominant_part() -> None:
    index = synthetic_index()
    truth = only(Weights(), shared_theme=1.0, they_offer_your_need=0.1)
    outcomes = outcomes_from(index, truth)
    result = fit_weights(index, outcomes, Weights())  # starts from the shipped weights
    w = result.weights
    assert w.shared_theme > w.they_offer_your_need > 0
    assert w.shared_theme > w.you_offer_their_need
    assert result.after.auc > result.before.auc
    assert result.after.auc > 0.9


def test_fit_recovers_the_other_ordering() -> None:
    index = synthetic_index()
    truth = only(Weights(), you_offer_their_need=1.0, shared_theme=0.1)
    result = fit_weights(index, outcomes_from(index, truth), Weights())
    assert result.weights.you_offer_their_need > result.weights.shared_theme
    assert result.weights.you_offer_their_need > result.weights.they_offer_your_need


def test_fitted_weights_keep_the_old_total_and_stay_non_negative() -> None:
    index = synthetic_index()
    base = Weights()
    result = fit_weights(index, outcomes_from(index, only(base, shared_theme=1.0)), base)
    assert all(v >= 0 for v in result.fitted.values())
    varied = [
        n
        for n in result.fitted
        if n in ("they_offer_your_need", "you_offer_their_need", "shared_theme", "same_offers")
    ]
    assert sum(result.fitted[n] for n in varied) == pytest.approx(
        sum(getattr(base, n) for n in varied), abs=1e-3
    )


def test_parts_add_up_to_the_score() -> None:
    index = synthetic_index()
    w = Weights()
    pairs = [(1, 2), (3, 9), (10, 4)]
    names, parts = score_parts(index, pairs, w)
    assert "same_offers" in names and "shared_market" in names
    assert "reason_words" not in names  # an int: a display size, not a weight
    full = _scores(index, np.array([index.pos(a) for a, _ in pairs]), w)
    expected = [full[r, index.pos(b)] for r, (_, b) in enumerate(pairs)]
    got = parts @ np.array([getattr(w, n) for n in names])
    assert got == pytest.approx(expected, abs=1e-6)


def test_too_few_outcomes_are_refused() -> None:
    index = synthetic_index()
    outcomes = outcomes_from(index, only(Weights(), shared_theme=1.0), n=20)
    with pytest.raises(TooFewOutcomes, match="at least 30"):
        fit_weights(index, outcomes)


def test_one_sided_outcomes_are_refused() -> None:
    index = synthetic_index()
    outcomes = [Outcome(o.org_id, o.other_id, True) for o in outcomes_from(index, Weights())]
    with pytest.raises(TooFewOutcomes, match="negative"):
        fit_weights(index, outcomes)


def test_held_back_split_is_stable_and_by_pair() -> None:
    assert held_back(3, 8) == held_back(8, 3)
    share = np.mean([held_back(a, b) for a in range(1, 60) for b in range(a + 1, 60)])
    assert 0.12 < share < 0.28


def test_weights_round_trip_through_json() -> None:
    w = replace(Weights(), shared_theme=0.55, same_region=0.0)
    assert weights_from_json(weights_to_json(w)) == w


def test_stored_weights_ignore_unknown_names_and_refuse_bad_values() -> None:
    assert weights_from_json({"no_such_weight": 3.0}) == Weights()
    with pytest.raises(ValueError, match="shared_theme"):
        weights_from_json({"shared_theme": -1})
    with pytest.raises(ValueError, match="shared_theme"):
        weights_from_json({"shared_theme": "high"})
