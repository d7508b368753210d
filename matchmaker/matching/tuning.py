"""Fit the partner score's weights (``partners.Weights``) to what members did.

An outcome is one pair (viewer -> other) with a label: a contact request that was accepted
or a meeting with a next step is positive, a dismissal or a declined request negative. The
score is linear in its weights, so each weight's part of a pair's score is read by scoring
the pair with that weight alone set to 1 (``score_parts``); new weights added to
``Weights`` are picked up as long as the score stays linear in them (checked on the data).
A logistic regression over those parts gives the new weights, which are kept non-negative
and rescaled to the old total (ranking only depends on their ratios). Outcomes are split by
a hash of the pair, so one pair never sits on both sides, and the same data always gives the
same split. Plain data in and out; the caller stores the weights (as JSON, never pickle).
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from .index import ProfileIndex
from .scoring import DEFAULT_WEIGHTS, Weights, _components_block

MIN_OUTCOMES = 30  # fewer than this and the fit says more about noise than about members
MIN_PER_CLASS = 5  # positives and negatives each, in the training part
TEST_BUCKETS = 5  # one pair in five (by hash) is held back
LINEARITY_TOL = 1e-6
P_AT = 5


class TooFewOutcomes(ValueError):
    """There are not enough (or not varied enough) outcomes to fit weights on."""


@dataclass(frozen=True)
class Outcome:
    """What a member did about another organisation: positive (wanted) or not."""

    org_id: int  # the one who saw the suggestion (the score is org -> other)
    other_id: int
    positive: bool
    kind: str = ""  # e.g. "contact_accepted", "dismissed"; for reports only


@dataclass(frozen=True)
class Metrics:
    auc: float  # how well the score separates positive from negative held-back pairs
    p_at_5: float  # share of a viewer's held-back positives found in its top five
    pairs: int


@dataclass(frozen=True)
class TuningResult:
    weights: Weights
    before: Metrics
    after: Metrics
    train_pairs: int
    test_pairs: int
    fitted: dict[str, float] = field(default_factory=dict)  # weight name -> new value


def tunable_names(weights: Weights = DEFAULT_WEIGHTS) -> tuple[str, ...]:
    """The float fields of ``Weights`` (the ints are display sizes and memory bounds)."""
    return tuple(f.name for f in fields(weights) if isinstance(getattr(weights, f.name), float))


def _zero(weights: Weights, names: Sequence[str]) -> Weights:
    return replace(weights, **{n: 0.0 for n in names})


def _scores(index: ProfileIndex, rows: np.ndarray, w: Weights) -> np.ndarray:
    """The partner score of ``rows`` x every profile (text + bonuses), as ``suggest`` does."""
    _parts, text, bonus = _components_block(index, rows, w)
    return text + bonus


def score_parts(
    index: ProfileIndex, pairs: Sequence[tuple[int, int]], weights: Weights = DEFAULT_WEIGHTS
) -> tuple[tuple[str, ...], np.ndarray]:
    """Each weight's part of the score of each (org, other) pair: an array pairs x names.

    A weight is kept only when the score is linear in it on these pairs (doubling its unit
    score doubles the part), so a threshold or a non-linear knob is never "fitted".
    """
    names = tunable_names(weights)
    zero = _zero(weights, names)
    by_row: dict[int, list[int]] = defaultdict(list)
    for n, (a, _) in enumerate(pairs):
        by_row[index.pos(a)].append(n)
    rows = np.array(sorted(by_row), dtype=np.intp)
    cols = {n: index.pos(b) for n, (_, b) in enumerate(pairs)}
    row_of = {int(r): k for k, r in enumerate(rows)}

    def gather(block: np.ndarray) -> np.ndarray:
        out = np.zeros(len(pairs))
        for r, ns in by_row.items():
            for n in ns:
                out[n] = block[row_of[r], cols[n]]
        return out

    base = gather(_scores(index, rows, zero)) if len(rows) else np.zeros(0)
    kept, columns = [], []
    for name in names:
        one = gather(_scores(index, rows, replace(zero, **{name: 1.0}))) - base
        two = gather(_scores(index, rows, replace(zero, **{name: 2.0}))) - base
        if np.allclose(two, 2 * one, atol=LINEARITY_TOL):
            kept.append(name)
            columns.append(one)
    matrix = np.column_stack(columns) if columns else np.zeros((len(pairs), 0))
    return tuple(kept), matrix


def held_back(org_id: int, other_id: int) -> bool:
    """Whether a pair is in the held-back part: a stable hash of the unordered pair."""
    a, b = sorted((org_id, other_id))
    return zlib.crc32(f"{a}:{b}".encode()) % TEST_BUCKETS == 0


def dedupe(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """One outcome per directed pair: the last one given (callers pass them oldest first)."""
    last: dict[tuple[int, int], Outcome] = {}
    for o in outcomes:
        if o.org_id != o.other_id:
            last[(o.org_id, o.other_id)] = o
    return list(last.values())


def evaluate(
    index: ProfileIndex, outcomes: Sequence[Outcome], weights: Weights, k: int = P_AT
) -> Metrics:
    """AUC of the score over the outcomes' pairs, and P@k: for each viewer with positives,
    the share of them (up to k) that its top k among all profiles contains."""
    pairs = [(o.org_id, o.other_id) for o in outcomes]
    names, parts = score_parts(index, pairs, weights)
    w = np.array([getattr(weights, n) for n in names])
    scores = parts @ w if len(names) else np.zeros(len(pairs))
    labels = np.array([o.positive for o in outcomes])
    auc = float(roc_auc_score(labels, scores)) if 0 < labels.sum() < len(labels) else math.nan
    positives: dict[int, set[int]] = defaultdict(set)
    for o in outcomes:
        if o.positive:
            positives[o.org_id].add(o.other_id)
    shares = []
    for org, wanted in sorted(positives.items()):
        i = index.pos(org)
        row = np.round(_scores(index, np.array([i]), weights)[0], 6)
        row[i] = -np.inf
        order = np.lexsort((index.ids, -row))[:k]
        found = sum(int(index.ids[j]) in wanted for j in order)
        shares.append(found / min(k, len(wanted)))
    return Metrics(auc, float(np.mean(shares)) if shares else math.nan, len(outcomes))


def fit_weights(
    index: ProfileIndex,
    outcomes: Sequence[Outcome],
    weights: Weights = DEFAULT_WEIGHTS,
    min_outcomes: int = MIN_OUTCOMES,
) -> TuningResult:
    """New weights fitted on the training part of ``outcomes``, with metrics before and
    after on the held-back part. Raises ``TooFewOutcomes`` when the data cannot carry a fit.
    """
    known = [o for o in dedupe(outcomes) if o.org_id in index and o.other_id in index]
    if len(known) < min_outcomes:
        raise TooFewOutcomes(
            f"{len(known)} outcomes between indexed organisations; at least {min_outcomes} "
            "are needed"
        )
    train = [o for o in known if not held_back(o.org_id, o.other_id)]
    test = [o for o in known if held_back(o.org_id, o.other_id)]
    n_pos = sum(o.positive for o in train)
    if min(n_pos, len(train) - n_pos) < MIN_PER_CLASS:
        raise TooFewOutcomes(
            f"the training part has {n_pos} positive and {len(train) - n_pos} negative "
            f"outcomes; at least {MIN_PER_CLASS} of each are needed"
        )
    t_pos = sum(o.positive for o in test)
    if t_pos == 0 or t_pos == len(test):
        raise TooFewOutcomes(
            "the held-back part needs both positive and negative outcomes to measure the fit"
        )
    names, parts = score_parts(index, [(o.org_id, o.other_id) for o in train], weights)
    labels = np.array([o.positive for o in train], dtype=int)
    fitted = fit_from_parts(parts, labels, {n: getattr(weights, n) for n in names})
    new = replace(weights, **fitted)
    return TuningResult(
        new,
        evaluate(index, test, weights),
        evaluate(index, test, new),
        len(train),
        len(test),
        fitted,
    )


def fit_from_parts(
    parts: np.ndarray, labels: np.ndarray, current: Mapping[str, float]
) -> dict[str, float]:
    """Weights from a logistic regression of ``labels`` on the score's ``parts`` (columns in
    the order of ``current``). Negative coefficients become 0 (a part that hurts is turned
    off, not inverted); a part that never varies keeps its current weight (no evidence);
    the result is rescaled so the weights sum to what they summed to before."""
    names = list(current)
    varies = parts.std(axis=0) > 0 if len(parts) else np.zeros(len(names), dtype=bool)
    out = dict(current)
    if varies.any():
        model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
        model.fit(parts[:, varies], labels)
        coef = np.clip(model.coef_[0], 0.0, None)
        old_total = sum(current[n] for n, v in zip(names, varies, strict=True) if v)
        if coef.sum() > 0 and old_total > 0:
            coef *= old_total / coef.sum()
        for n, c in zip((n for n, v in zip(names, varies, strict=True) if v), coef, strict=True):
            out[n] = round(float(c), 4)
    return out


# ------------------------------------------------------------------ stored weights
def weights_to_json(weights: Weights) -> dict[str, float]:
    """The tunable weights as a JSON object (name -> value)."""
    return {n: getattr(weights, n) for n in tunable_names(weights)}


def weights_from_json(data: Mapping[str, object], base: Weights = DEFAULT_WEIGHTS) -> Weights:
    """``base`` with the stored values of known weights; ValueError on a bad value.

    Unknown names are ignored (a weight removed in a later release), missing ones keep
    ``base``'s value (a weight added since the file was written).
    """
    known = set(tunable_names(base))
    values: dict[str, float] = {}
    for name, value in data.items():
        if name not in known:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"weight {name} is not a number")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"weight {name} must be a finite number >= 0")
        values[name] = float(value)
    return replace(base, **values)
