"""The scheduler's plain data: slots, meetings, unavailability, the schedule and reason codes."""

from __future__ import annotations

from dataclasses import dataclass, field

REASON_SAME_PARTICIPANT = "same_participant"  # a meeting of a participant with themself
REASON_UNKNOWN_SLOT = "unknown_slot"  # its fixed slot does not exist (or was removed)
REASON_UNKNOWN_TABLE = "unknown_table"  # its fixed table does not exist (or was removed)
REASON_A_UNAVAILABLE = "participant_a_unavailable"  # fixed slot, but ``a`` blocked it
REASON_B_UNAVAILABLE = "participant_b_unavailable"  # fixed slot, but ``b`` blocked it
REASON_FIXED_CONFLICT = "fixed_conflict"  # clashes with a kept or earlier fixed placement
REASON_NO_COMMON_FREE_SLOT = "no_common_free_slot"  # no slot that both sides left open
REASON_A_BUSY = "participant_a_busy"  # in every common free slot ``a`` has another meeting
REASON_B_BUSY = "participant_b_busy"  # in every common free slot ``b`` has another meeting
REASON_BOTH_BUSY = "participants_busy"  # each common free slot has a or b (or both) booked
REASON_NO_TABLE = "no_table"  # some common free slot has both sides free but no table left


@dataclass(frozen=True)
class Slot:
    """A meeting time slot; ``start``/``end`` are ordinals (e.g. minutes), ``window`` a block
    of consecutive slots between breaks (gaps are only counted inside one window)."""

    id: int
    start: int
    end: int
    window: int = 0


@dataclass(frozen=True)
class Meeting:
    """An accepted meeting between participants ``a`` and ``b``; higher priority is placed
    first when not everything fits. ``fixed_slot``/``fixed_table`` pin it."""

    id: int
    a: int
    b: int
    priority: float = 1.0
    fixed_slot: int | None = None
    fixed_table: int | None = None


@dataclass(frozen=True)
class Unavailable:
    """Participant ``participant`` cannot meet anyone in slot ``slot_id``."""

    participant: int
    slot_id: int


@dataclass(frozen=True)
class Schedule:
    """``placements``: meeting id -> (slot id, table id); ``unplaced``: (meeting id, reason
    code) in meeting id order; ``stats``: placed, unplaced, gaps and search figures."""

    placements: dict[int, tuple[int, int]]
    unplaced: list[tuple[int, str]]
    stats: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Rescheduled:
    """Outcome of a removal: the new schedule, the affected meetings that got a new place
    (id -> (slot, table)), and the affected meetings that could not be placed, with reasons."""

    schedule: Schedule
    moved: dict[int, tuple[int, int]]
    unplaced: list[tuple[int, str]]


@dataclass(frozen=True)
class ProposedPair:
    """A candidate meeting for the bulk scheduler: ``a < b``, the combined score, and whether
    each side suggested the other."""

    a: int
    b: int
    score: float
    mutual: bool
