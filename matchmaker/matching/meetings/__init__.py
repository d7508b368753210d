"""One-to-one B2B meetings at an event: slots and tables for accepted meetings.

Pure and deterministic: plain data in (meetings, slots, tables, unavailability), plain data
out (a ``Schedule``). Hard rules: a participant and a table are booked at most once per slot,
both sides are available, fixed placements are kept. Objective: place as much meeting
priority as possible, then give each participant the fewest gaps (idle slots between their
first and last meeting inside one window; slots the participant blocked are not gaps).

Algorithm: (1) greedy, most constrained meetings first, each into the slot that adds the
fewest gaps; (2) repair by ejection chains with a tabu list: an unplaced meeting takes a slot
and pushes out the meetings in its way, which are re-placed in turn (a Kempe-chain swap of
two slots is tried first); when stuck it restarts from the best assignment seen, shaken, and
keeps the best at the end; (3) local search
(moves and swaps) that lowers gaps without unplacing anything; (4) tables: fixed and kept
tables first, then the free tables in the order given.

Tables are interchangeable unless a meeting fixes one, so a slot holds at most as many
meetings as there are tables. Reason codes for unplaced meetings are the ``REASON_*`` constants.

Modules by stage: ``model`` (the plain data and reason codes), ``state`` (the assignment and
its gaps), ``search`` (steps 1 to 3), ``scheduler`` (the public ``schedule`` and
``reschedule_after_removal``, step 4 and the reasons) and ``pairs`` (``propose_pairs``).
"""

from .model import (
    REASON_A_BUSY,
    REASON_A_UNAVAILABLE,
    REASON_B_BUSY,
    REASON_B_UNAVAILABLE,
    REASON_BOTH_BUSY,
    REASON_FIXED_CONFLICT,
    REASON_NO_COMMON_FREE_SLOT,
    REASON_NO_TABLE,
    REASON_SAME_PARTICIPANT,
    REASON_UNKNOWN_SLOT,
    REASON_UNKNOWN_TABLE,
    Meeting,
    ProposedPair,
    Rescheduled,
    Schedule,
    Slot,
    Unavailable,
)
from .pairs import propose_pairs
from .scheduler import reschedule_after_removal, schedule
from .search import BUDGET, PATIENCE, SHAKE

__all__ = [
    "BUDGET",
    "PATIENCE",
    "REASON_A_BUSY",
    "REASON_A_UNAVAILABLE",
    "REASON_BOTH_BUSY",
    "REASON_B_BUSY",
    "REASON_B_UNAVAILABLE",
    "REASON_FIXED_CONFLICT",
    "REASON_NO_COMMON_FREE_SLOT",
    "REASON_NO_TABLE",
    "REASON_SAME_PARTICIPANT",
    "REASON_UNKNOWN_SLOT",
    "REASON_UNKNOWN_TABLE",
    "SHAKE",
    "Meeting",
    "ProposedPair",
    "Rescheduled",
    "Schedule",
    "Slot",
    "Unavailable",
    "propose_pairs",
    "reschedule_after_removal",
    "schedule",
]
