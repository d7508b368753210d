"""Partner suggestions, side-stream matches, similar organisations and ecosystem fit.

score(A -> B) = w.they_offer_your_need * cos(needs_A, offers_B)
              + w.you_offer_their_need * cos(offers_A, needs_B)
              + w.shared_theme         * cos(about_A, about_B)
              + w.side_stream          * max(cos(side_wanted_A, side_offered_B),
                                             cos(side_offered_A, side_wanted_B))
              - w.same_offers         * cos(offers_A, offers_B)   (competitors)
              + w.shared_market (if any market in common) + w.same_region (if same region)
              + w.value_chain (if one's TOL division buys from the other's, ``VALUE_CHAIN``)

Only pairs with some textual signal are suggested; bonuses never make a suggestion alone.
A competitor (cos(offers_A, offers_B) >= w.competitor_offers and above what either meets of
the other's needs) is never a partner suggestion; ``joint_bid_partners`` lists them apart.
At most w.per_kind picks of the top k bring A the same thing (``_diverse``), so one kind
of firm cannot fill the list. Ties are broken by ascending id. All weights live in ``Weights``.

Reason words never include generic terms (``generic_terms``: in more than w.generic_share of
the profiles, a curated list, numbers, region names); a reason left without words is dropped.

Reasons are structured so that the app can translate them. ``Reason.kind`` is one of:

- ``they_offer_your_need``: their offers match your needs. ``their_words`` are words from
  their offers, ``your_words`` the matching words from your needs.
- ``you_offer_their_need``: your offers match their needs (their_words from their needs,
  your_words from your offers).
- ``shared_theme``: your descriptions share a theme (words from both ``about`` fields).
- ``side_stream``: their side stream is material you want (their_words: their offered
  side-stream words; your_words: your wanted words; ``context``: their other side-stream words).
- ``side_stream_taken``: your side stream is material they want (their_words: words from
  their wanted side streams; your_words: your offered ones; ``context``: what else they
  say they want it for, e.g. "pellet production").
- ``shared_market``: markets you both name (the same words on both sides).
- ``same_region``: you are in the same region (the region's name on both sides).
- ``same_offers``: (joint-bid partners only) you offer the same things (words of both offers).

``weight`` is the reason's contribution to the score; reasons come sorted by weight.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .candidates import (
    COMPETITOR_PAIRS,
    DEFAULT_PRUNING,
    PARTNER_PAIRS,
    Pruning,
    candidates,
)
from .feedback import ranked_scores
from .index import Profile, ProfileIndex
from .reasons import _DenseRows, _explain, _explain_many, _top_terms, _words, explain
from .scoring import (
    _PART_FIELDS,
    DEFAULT_WEIGHTS,
    SCORE_DECIMALS,
    ClusterFit,
    Reason,
    Suggestion,
    Weights,
    _components_block,
    _derived,
    _diverse,
    _dot_rows,
    _gather,
    _shares_cluster,
    _top_k,
    competitors,
)
from .text import words

__all__ = ["Reason", "Weights", "explain"]  # also importable from here, as before the split


def _pick(
    index: ProfileIndex,
    i: int,
    parts: dict[str, np.ndarray],
    text: np.ndarray,
    bonus: np.ndarray,
    shared: np.ndarray,
    k: int,
    exclude: Iterable[int],
    same_cluster_only: bool,
    w: Weights,
    with_reasons: bool,
    cols: np.ndarray | None = None,
) -> list[Suggestion]:
    """The suggestions among scored columns (``cols``: their index positions, ascending;
    None: every profile)."""
    scores = np.round(text + bonus, SCORE_DECIMALS)
    valid = text > 0
    positions = np.arange(len(index)) if cols is None else cols
    unwanted = [i, *(index.position[o] for o in exclude if o in index.position)]
    valid &= ~np.isin(positions, unwanted)
    pa = index.profiles[i]  # decoded once: each access decodes a stored profile
    has_clusters = bool(pa.clusters)
    if same_cluster_only:
        valid &= shared
    valid &= ~competitors(parts, w)
    local = _diverse(index, i, scores, valid, k, w, cols)
    chosen = positions[local]
    terms: dict[str, list[list[int]]] = {}
    if with_reasons and chosen.size:
        generic = _derived(index, w).generic
        dense_a = _DenseRows(index, i)
        for kind, fa, fb in _PART_FIELDS:
            if np.any(parts[kind][local] > 0):
                terms[kind] = _top_terms(dense_a, fa, fb, chosen, w.reason_words, generic)
            else:
                terms[kind] = [[] for _ in chosen]
    out = []
    for r, (c, j) in enumerate(zip(local, chosen, strict=True)):
        reasons: list[Reason] = []
        if with_reasons:
            cosines = {kd: float(v[c]) for kd, v in parts.items()}
            row_terms = {kd: t[r] for kd, t in terms.items()}
            reasons = _explain(index, i, int(j), w, cosines, row_terms, pa)
        out.append(
            Suggestion(
                int(index.ids[j]), float(scores[c]), has_clusters and not bool(shared[c]), reasons
            )
        )
    return out


# ---------------------------------------------------------------------- public API
def suggest(
    index: ProfileIndex,
    org_id: int,
    k: int = 10,
    exclude: Iterable[int] = frozenset(),
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    with_reasons: bool = True,
    fast: bool | None = None,
    pruning: Pruning = DEFAULT_PRUNING,
) -> list[Suggestion]:
    """The k best partners for ``org_id``, never itself nor an ``exclude``d (dismissed) id.

    ``fast`` scores only the candidates of ``matching.candidates`` (exactly, with the full
    score); None: when the index has at least ``DEFAULT_PRUNING.min_profiles`` profiles.
    """
    i = index.pos(org_id)
    cols, row_parts, text, bonus, shared = _partner_scores(index, i, weights, fast, pruning)
    return _pick(
        index,
        i,
        row_parts,
        text,
        bonus,
        shared,
        k,
        exclude,
        same_cluster_only,
        weights,
        with_reasons,
        cols,
    )


def _partner_scores(
    index: ProfileIndex, i: int, weights: Weights, fast: bool | None, pruning: Pruning
) -> tuple[np.ndarray | None, dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """Row ``i``'s partner score against its candidates (``cols``; None: everyone): the
    columns, the score's parts, its text part, its bonus and whether they share a cluster."""
    rows = np.array([i])
    cols = _candidate_cols(index, i, PARTNER_PAIRS, fast, pruning)
    parts, text, bonus = _components_block(index, rows, weights, cols)
    shared = _shares_cluster(index, rows, cols)[0]
    return cols, {kd: v[0] for kd, v in parts.items()}, text[0], bonus[0], shared


def _candidate_cols(
    index: ProfileIndex, i: int, pairs: tuple, fast: bool | None, pruning: Pruning
) -> np.ndarray | None:
    if fast is None:
        fast = len(index) >= pruning.min_profiles
    return candidates(index, i, pairs, pruning) if fast else None


def suggest_all(
    index: ProfileIndex,
    k: int = 10,
    exclude: Mapping[int, Iterable[int]] | None = None,
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    with_reasons: bool = True,
) -> dict[int, list[Suggestion]]:
    """``suggest`` for every organisation, scored in row blocks (never a dense N x N)."""
    n = len(index)
    exclude = exclude or {}
    block = max(1, min(n, weights.block_cells // max(n, 1)))
    out: dict[int, list[Suggestion]] = {}
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        parts, text, bonus = _components_block(index, rows, weights)
        shared = _shares_cluster(index, rows)
        for r, i in enumerate(rows):
            org = int(index.ids[i])
            row_parts = {kd: v[r] for kd, v in parts.items()}
            out[org] = _pick(
                index,
                int(i),
                row_parts,
                text[r],
                bonus[r],
                shared[r],
                k,
                exclude.get(org, ()),
                same_cluster_only,
                weights,
                with_reasons,
            )
    return out


def joint_bid_partners(
    index: ProfileIndex,
    org_id: int,
    k: int = 5,
    exclude: Iterable[int] = frozenset(),
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    fast: bool | None = None,
    pruning: Pruning = DEFAULT_PRUNING,
) -> list[Suggestion]:
    """Competitors (see ``competitors``), best first by offers-cosine: partners for a joint
    bid, never mixed into ``suggest``. Reasons start with ``same_offers``. ``fast``: as for
    ``suggest``."""
    i = index.pos(org_id)
    cols = _candidate_cols(index, i, COMPETITOR_PAIRS, fast, pruning)
    parts = _competitor_parts(index, i, cols)
    shared = _shares_cluster(index, np.array([i]), cols)[0]
    return _joint_pick(index, i, parts, shared, cols, k, exclude, same_cluster_only, weights)


def suggest_with_joint_bids(
    index: ProfileIndex,
    org_id: int,
    k: int = 10,
    k_joint: int = 5,
    exclude: Iterable[int] = frozenset(),
    same_cluster_only: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
    fast: bool | None = None,
    pruning: Pruning = DEFAULT_PRUNING,
) -> tuple[list[Suggestion], list[Suggestion]]:
    """``(suggest(...), joint_bid_partners(...))`` of one profile, the same lists: where both
    score against every profile (an index scored exactly) the competitor rule reads the
    partner score's own cosines, computed once."""
    i = index.pos(org_id)
    exclude = list(exclude)
    cols, row_parts, text, bonus, shared = _partner_scores(index, i, weights, fast, pruning)
    partners = _pick(
        index,
        i,
        row_parts,
        text,
        bonus,
        shared,
        k,
        exclude,
        same_cluster_only,
        weights,
        True,
        cols,
    )
    joint_cols = _candidate_cols(index, i, COMPETITOR_PAIRS, fast, pruning)
    if cols is not None or joint_cols is not None:  # other candidates: scored apart
        row_parts = _competitor_parts(index, i, joint_cols)
        shared = _shares_cluster(index, np.array([i]), joint_cols)[0]
    joint = _joint_pick(
        index, i, row_parts, shared, joint_cols, k_joint, exclude, same_cluster_only, weights
    )
    return partners, joint


def _competitor_parts(
    index: ProfileIndex, i: int, cols: np.ndarray | None
) -> dict[str, np.ndarray]:
    """The cosines the competitor rule reads, as ``_components_block`` computes them (its
    other parts, the bonuses and the side streams, are never read for joint bids)."""
    m, rows = index.matrices, np.array([i])
    out = {}
    for kind, fa, fb in (
        ("they_offer_your_need", "needs", "offers"),
        ("you_offer_their_need", "offers", "needs"),
        ("same_offers", "offers", "offers"),
    ):
        mine = m[fa][rows]
        if cols is None:
            out[kind] = index.against(mine, fb)[0]
            continue
        row = np.zeros(len(cols), dtype=np.float32)
        for part, at in _gather(m[fb], cols):
            if part.shape[0]:
                row[at] = _dot_rows(mine, part)[0]
        out[kind] = row
    return out


def _joint_pick(
    index: ProfileIndex,
    i: int,
    row_parts: dict[str, np.ndarray],
    shared: np.ndarray,
    cols: np.ndarray | None,
    k: int,
    exclude: Iterable[int],
    same_cluster_only: bool,
    weights: Weights,
) -> list[Suggestion]:
    """The joint-bid partners among scored columns (``cols``: as for ``_pick``)."""
    positions = np.arange(len(index)) if cols is None else cols
    valid = competitors(row_parts, weights)
    unwanted = [i, *(index.position[o] for o in exclude if o in index.position)]
    valid &= ~np.isin(positions, unwanted)
    if same_cluster_only:
        valid &= shared
    score = np.round(row_parts["same_offers"], SCORE_DECIMALS)
    local = _top_k(score, valid, k)
    chosen = positions[local]
    score = dict(zip(chosen.tolist(), score[local].tolist(), strict=True))
    shared = dict(zip(chosen.tolist(), shared[local].tolist(), strict=True))
    has_clusters = bool(index.profiles[i].clusters)
    generic = _derived(index, weights).generic
    dense_a = _DenseRows(index, i)
    same = _top_terms(dense_a, "offers", "offers", chosen, weights.reason_words, generic)
    explained = _explain_many(index, i, chosen, weights, dense_a)
    out = []
    for r, j in enumerate(chosen):
        reasons = []
        if same[r]:
            reasons.append(
                Reason(
                    "same_offers",
                    _words(index, same[r], int(j), "offers"),
                    _words(index, same[r], i, "offers"),
                    float(score[j]),
                )
            )
        reasons += [x for x in explained[r] if x.kind != "same_region"]
        out.append(
            Suggestion(
                int(index.ids[j]), float(score[j]), has_clusters and not bool(shared[j]), reasons
            )
        )
    return out


def side_stream_matches(
    index: ProfileIndex,
    org_id: int,
    k: int = 10,
    both_directions: bool = True,
    exclude: Iterable[int] = frozenset(),
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Organisations whose side streams A wants, or (``both_directions``) that want A's."""
    i = index.pos(org_id)
    row_w, row_o = index.row("side_wanted", i), index.row("side_offered", i)
    score = index.similarities(row_w, "side_offered")
    if both_directions:
        score = np.maximum(score, index.similarities(row_o, "side_wanted"))
    score = np.round(score, SCORE_DECIMALS)
    valid = score > 0
    valid[i] = False
    for other in exclude:
        j = index.position.get(other)
        if j is not None:
            valid[j] = False
    shared = _shares_cluster(index, np.array([i]))[0]
    has_clusters = bool(index.profiles[i].clusters)
    out = []
    for j in _top_k(score, valid, k):
        reasons = [
            r
            for r in _explain(index, i, int(j), weights)
            if r.kind == "side_stream" or (both_directions and r.kind == "side_stream_taken")
        ]
        out.append(
            Suggestion(
                int(index.ids[j]), float(score[j]), has_clusters and not bool(shared[j]), reasons
            )
        )
    return out


def similar(
    index: ProfileIndex, org_id: int, k: int = 10, exclude: Iterable[int] = frozenset()
) -> list[tuple[int, float]]:
    """Thematically similar organisations, best first: cosine of whole-profile vectors, with
    the reduced cosine blended in on larger indexes (``matching.feedback.ranked_scores``)."""
    i = index.pos(org_id)
    valid = np.ones(len(index), dtype=bool)
    valid[i] = False
    for other in exclude:
        j = index.position.get(other)
        if j is not None:
            valid[j] = False
    scores = np.round(ranked_scores(index, index.row("whole", i), "whole", valid), SCORE_DECIMALS)
    valid &= scores > 0
    return [(int(index.ids[j]), float(scores[j])) for j in _top_k(scores, valid, k)]


def query(
    index: ProfileIndex,
    text: str,
    k: int = 10,
    field_name: str = "whole",
    lang: str | None = None,
    langs: Iterable[str] = (),
) -> list[tuple[int, float]]:
    """Free text -> the k best matching organisations (by ``field_name``), best first.

    A short text is read in every language of the index and ``langs`` (the viewer's), not
    guessed from its few words; ``lang`` forces one language.
    """
    if not words(text) or not len(index):
        return []
    vec = index.vectorise(text, lang, langs)
    scores = np.round(ranked_scores(index, vec, field_name), SCORE_DECIMALS)
    return [(int(index.ids[j]), float(scores[j])) for j in _top_k(scores, scores > 0, k)]


def cluster_fit(
    index: ProfileIndex, newcomer: Profile | str, k_members: int = 5
) -> list[ClusterFit]:
    """Clusters ranked by the mean of the newcomer's k best similarities to their members.

    A profile that is already indexed is not compared with itself.
    """
    if isinstance(newcomer, Profile):
        text = newcomer.field_texts()["whole"]
        self_pos = index.position.get(newcomer.id)
    else:
        text, self_pos = newcomer, None
    if not words(text) or not len(index):
        return []
    sims = np.round(index.similarities(index.vectorise(text), "whole"), SCORE_DECIMALS)
    if self_pos is not None:
        sims[self_pos] = -1.0
    ct = index.clusters_t
    fits = []
    for c, cid in enumerate(index.cluster_ids):
        members = ct.indices[ct.indptr[c] : ct.indptr[c + 1]]
        members = members[members != self_pos] if self_pos is not None else members
        if members.size == 0:
            continue
        top = _top_k(sims[members], np.ones(members.size, dtype=bool), k_members)
        chosen = members[top]
        score = float(np.mean(np.clip(sims[chosen], 0, None)))
        fits.append(
            ClusterFit(
                cid,
                round(score, SCORE_DECIMALS),
                [(int(index.ids[m]), float(max(sims[m], 0.0))) for m in chosen],
            )
        )
    fits.sort(key=lambda f: (-f.score, f.cluster_id))
    return fits
