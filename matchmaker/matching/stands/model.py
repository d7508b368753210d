"""The plain data of stand grouping: stands, interests, weights, results and reason codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

REASON_NO_PLACE = "no_place"  # no place (or area) left; this organisation fitted the stands least
REASON_NOT_IN_INDEX = "not_in_index"  # no indexed profile, so it cannot be grouped by theme
SCORE_DECIMALS = 6


@dataclass(frozen=True)
class GroupingWeights:
    """Every weight and threshold of stand grouping, in one place."""

    theme: float = 0.5  # per stand: weight of the members' mean cosine to the stand's theme
    preferred: float = 0.02  # per organisation placed on the stand it asked for (small)
    # Two members whose OFFERS have at least this cosine are flagged as near competitors: on
    # the synthetic and demo profiles, 0.5 and above means they sell largely the same thing.
    competitor_offers: float = 0.5
    shared_terms: int = 6  # words shown per stand
    # share of the similarity taken from the term-bridge concepts alone (see ``bridged``)
    concepts: float = 0.5


DEFAULT_GROUPING_WEIGHTS = GroupingWeights()


@dataclass(frozen=True)
class StandSpec:
    """One joint stand: its id, number of places (organisations), optional theme text and
    floor area (m², None: not limited)."""

    id: int
    places: int
    theme: str = ""
    area: float | None = None


@dataclass(frozen=True)
class Interest:
    """An organisation's registered interest, with the stand it prefers (if it named one)
    and the floor area it asks for (m²)."""

    org_id: int
    preferred_stand: int | None = None
    area: float = 0.0


@dataclass(frozen=True)
class StandQuality:
    """Why a stand coheres and what the coordinator should look at.

    ``theme_fit`` is None for a stand without a theme. ``shared_terms`` are real words from
    the members' profiles, the ones contributing most to the coherence. ``near_competitors``
    are member pairs (a < b) whose offers' cosine reaches ``competitor_offers``;
    ``competitor_groups`` joins those pairs into groups (members linked by such pairs), so a
    stand with many competing members gets one short list instead of one line per pair.
    """

    coherence: float
    theme_fit: float | None
    shared_terms: list[str] = field(default_factory=list)
    near_competitors: list[tuple[int, int, float]] = field(default_factory=list)
    competitor_groups: list[list[int]] = field(default_factory=list)


@dataclass(frozen=True)
class Grouping:
    """A proposed grouping: members per stand (sorted ids), left-overs, objective, quality."""

    assignments: dict[int, list[int]]
    unassigned: list[tuple[int, str]]
    objective: float
    per_stand: dict[int, StandQuality]


@dataclass(frozen=True)
class StandFit:
    """How well one organisation fits one stand; ``has_place`` if it could still join."""

    stand_id: int
    score: float
    has_place: bool


# ---------------------------------------------------------------------- helpers
def _interests(items: Iterable[Interest | int]) -> list[Interest]:
    """Interests in first-seen order, one per organisation (plain ids are accepted)."""
    seen: dict[int, Interest] = {}
    for item in items:
        interest = item if isinstance(item, Interest) else Interest(int(item))
        seen.setdefault(interest.org_id, interest)
    return list(seen.values())
