"""Joint fair stands: group interested organisations into stands that cohere.

Pure and deterministic: plain data in (the ``ProfileIndex``, interests, stands), plain data
out (a ``Grouping``). Ties are broken by ascending organisation id, then stand id.

Objective (higher is better), with ``w = GroupingWeights()``::

    sum over stands s of   coherence(s) + w.theme * theme_fit(s)
    + w.preferred * (number of organisations placed on the stand they asked for)

- ``coherence(s)``: mean pairwise similarity of the members' ``whole`` profile vectors
  (0 with fewer than two members). The whole profile (description, offers, needs) is what
  a visitor reads as "what this stand is about".
- ``theme_fit(s)``: mean similarity of ``theme_vector(theme)`` with the members' ``whole``
  vectors; 0 for a stand without a theme (or whose theme has no indexed word).

Similarity here is bilingual (``bridged``): ``(1 - w.concepts) * cosine of the profiles``
``+ w.concepts * cosine of their term-bridge concepts`` alone. Two companies that make the
same thrusters, one writing Finnish and one English, share only concepts ("~propeller"),
which a plain cosine drowns in each one's own words; two Finnish profiles share words
besides. The concepts' own cosine puts both pairs on the same footing.

No stand gets more members than places, nor more floor area than it has: each organisation
asks for an area (``Interest.area``) and a stand's members' areas add up to at most its
``StandSpec.area`` (None: no limit). Placing organisations comes first: the greedy fill
places everyone who still fits somewhere, no later step leaves more organisations out, and
left-overs go back on a stand as soon as a place and the area for them come free. The
organisations left over (those whose absence costs least) are reported in
``Grouping.unassigned`` with a reason code (``REASON_*``).

Algorithm: (1) seeds: themed stands are seeded by their theme; each unthemed stand gets a
farthest-first seed (the organisation least similar to the seeds and themes so far);
(2) greedy fill: repeatedly place the (organisation, stand) pair with the largest marginal
gain; (3) local search: moves to stands with a free place and swaps between stands (and
with the left-over pool), and exchanges of two stands' whole member lists, while any of
them improves, capped at ``max_passes`` passes;
(4) iterated local search: a few times, kick the best grouping (random swaps and moves
from a fixed-seed generator), search again and keep the result if it is better.
Sums of similarities to each stand are kept as ``sim(i, stand) = w_i . sum of members' w``,
so no dense N x N similarity matrix is ever built (rows are taken in blocks).

Modules by stage: ``model`` (the plain data, weights and reason codes), ``scoring`` (the
bilingual similarity, theme cosines and the objective's bookkeeping), ``search`` (steps 1 to
4, and the fill that puts left-overs back), ``quality`` (``evaluate``: the objective, what each
stand shares and its groups of near competitors) and ``grouping`` (``group_stands``,
``suggest_invitees``, ``best_stand_for``).
"""

from .grouping import RESTART_EFFORT, best_stand_for, group_stands, suggest_invitees
from .model import (
    DEFAULT_GROUPING_WEIGHTS,
    REASON_NO_PLACE,
    REASON_NOT_IN_INDEX,
    SCORE_DECIMALS,
    Grouping,
    GroupingWeights,
    Interest,
    StandFit,
    StandQuality,
    StandSpec,
)
from .quality import competitor_groups, evaluate
from .scoring import bridged, theme_vector

__all__ = [
    "DEFAULT_GROUPING_WEIGHTS",
    "REASON_NOT_IN_INDEX",
    "REASON_NO_PLACE",
    "RESTART_EFFORT",
    "SCORE_DECIMALS",
    "Grouping",
    "GroupingWeights",
    "Interest",
    "StandFit",
    "StandQuality",
    "StandSpec",
    "best_stand_for",
    "bridged",
    "competitor_groups",
    "evaluate",
    "group_stands",
    "suggest_invitees",
    "theme_vector",
]
