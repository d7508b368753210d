"""Meeting proposals for the bulk scheduler, drawn from partner suggestions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import ProposedPair


def propose_pairs(
    suggestions: Mapping[int, Sequence[tuple[int, float]]],
    cap_per_participant: int,
    mutual_only: bool = True,
) -> list[ProposedPair]:
    """Candidate meetings from partner suggestions, best first, at most ``cap`` per person.

    A pair's score is the mean of both directions (a missing direction counts as 0), so a
    mutual pair outranks a one-sided one of the same strength. Ties: ascending (a, b).
    """
    directed: dict[tuple[int, int], float] = {}
    for p, others in suggestions.items():
        for q, score in others:
            if p != q:
                directed[(p, q)] = max(score, directed.get((p, q), float("-inf")))
    pairs: dict[tuple[int, int], ProposedPair] = {}
    for p, q in directed:
        a, b = min(p, q), max(p, q)
        if (a, b) in pairs:
            continue
        ab, ba = directed.get((a, b)), directed.get((b, a))
        mutual = ab is not None and ba is not None
        if mutual_only and not mutual:
            continue
        pairs[(a, b)] = ProposedPair(a, b, ((ab or 0.0) + (ba or 0.0)) / 2, mutual)
    count: dict[int, int] = {}
    out: list[ProposedPair] = []
    for pair in sorted(pairs.values(), key=lambda x: (-x.score, x.a, x.b)):
        if max(count.get(pair.a, 0), count.get(pair.b, 0)) < cap_per_participant:
            out.append(pair)
            count[pair.a] = count.get(pair.a, 0) + 1
            count[pair.b] = count.get(pair.b, 0) + 1
    return out
