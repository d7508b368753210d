"""The public scheduler: pins and options, the search, tables and reasons for the unplaced."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

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
    Rescheduled,
    Schedule,
    Slot,
    Unavailable,
)
from .search import BUDGET, PATIENCE, greedy, improve_gaps, repair
from .state import State


def _reason(st: State, k: int) -> str:
    """Why meeting k is unplaced, judged on the final assignment."""
    m = st.meetings[k]
    if not st.options[k]:
        return REASON_NO_COMMON_FREE_SLOT
    a_busy = b_busy = False
    for s in st.options[k]:
        ab, bb = s in st.busy[m.a], s in st.busy[m.b]
        if not ab and not bb:
            return REASON_NO_TABLE
        a_busy |= ab and not bb
        b_busy |= bb and not ab
    if a_busy and not b_busy:
        return REASON_A_BUSY
    if b_busy and not a_busy:
        return REASON_B_BUSY
    return REASON_BOTH_BUSY


def _assign_tables(st: State, table_ids: list[int]) -> dict[int, int]:
    """Table per placed meeting: pinned tables first, then free ones in the given order."""
    tables: dict[int, int] = {}
    for s in range(st.n_slots):
        taken = set(st.table_owner[s])
        free = iter(t for t in table_ids if t not in taken)
        for k in sorted(st.occupants[s], key=lambda k: st.meetings[k].id):
            t = st.table_of[k]
            tables[k] = t if t is not None else next(free)
    return tables


# ---------------------------------------------------------------------------- public API
def schedule(
    meetings: Sequence[Meeting],
    slots: Sequence[Slot],
    tables: Sequence[int],
    unavailable: Iterable[Unavailable] = (),
    existing: Mapping[int, tuple[int, int]] | None = None,
    seed: int = 0,
    repair_iterations: int | None = None,
    gap_passes: int = 8,
) -> Schedule:
    """Give every meeting a slot and a table, or a reason why not.

    ``existing`` placements (meeting id -> (slot id, table id)) are kept as they are when
    still valid (they win over a clashing fixed placement); invalid ones are placed afresh.
    The result depends only on the inputs and ``seed``. ``repair_iterations`` bounds the
    repair phase (default scales with the number of meetings).
    """
    ids = [m.id for m in meetings]
    if len(set(ids)) != len(ids):
        raise ValueError("meeting ids must be unique")
    slot_list = sorted(slots, key=lambda s: (s.window, s.start, s.id))
    slot_index = {s.id: i for i, s in enumerate(slot_list)}
    if len(slot_index) != len(slot_list):
        raise ValueError("slot ids must be unique")
    table_ids = list(dict.fromkeys(tables))
    table_set = set(table_ids)
    unav: dict[int, set[int]] = {}
    for u in unavailable:
        if u.slot_id in slot_index:
            unav.setdefault(u.participant, set()).add(slot_index[u.slot_id])
    ms = sorted(meetings, key=lambda m: m.id)
    st = State(ms, slot_list, len(table_ids), unav)
    rng = random.Random(seed)
    existing = dict(existing or {})
    rejected: dict[int, str] = {}

    def open_for(m: Meeting, s: int) -> bool:
        return s not in unav.get(m.a, ()) and s not in unav.get(m.b, ())

    # Pins: still-valid existing placements first (a published schedule stays as it is),
    # then fixed placements, each in meeting id order.
    for k, m in enumerate(ms):
        if m.a == m.b:
            rejected[k] = REASON_SAME_PARTICIPANT
        elif m.fixed_table is not None and m.fixed_table not in table_set:
            rejected[k] = REASON_UNKNOWN_TABLE
        elif m.fixed_slot is not None and m.fixed_slot not in slot_index:
            rejected[k] = REASON_UNKNOWN_SLOT
        else:
            st.table_of[k] = m.fixed_table
    for k, m in enumerate(ms):
        if k in rejected or m.id not in existing:
            continue
        slot_id, table_id = existing[m.id]
        s = slot_index.get(slot_id)
        if s is None or table_id not in table_set or not open_for(m, s):
            continue
        if m.fixed_slot not in (None, slot_id) or m.fixed_table not in (None, table_id):
            continue
        st.table_of[k] = table_id
        if st.feasible(k, s):
            st.pinned[k] = True
            st.place(k, s)
        else:
            st.table_of[k] = m.fixed_table
    for k, m in enumerate(ms):
        if k in rejected or st.pinned[k] or m.fixed_slot is None:
            continue
        s = slot_index[m.fixed_slot]
        if s in unav.get(m.a, ()):
            rejected[k] = REASON_A_UNAVAILABLE
        elif s in unav.get(m.b, ()):
            rejected[k] = REASON_B_UNAVAILABLE
        elif not st.feasible(k, s):
            rejected[k] = REASON_FIXED_CONFLICT
        else:
            st.pinned[k] = True
            st.place(k, s)

    for k, m in enumerate(ms):
        if k not in rejected and not st.pinned[k]:
            st.options[k] = [s for s in range(len(slot_list)) if open_for(m, s)]

    # Most constrained first: participants with least slack, then fewest open slots.
    degree: dict[int, int] = {}
    for k, m in enumerate(ms):
        if k not in rejected:
            degree[m.a] = degree.get(m.a, 0) + 1
            degree[m.b] = degree.get(m.b, 0) + 1

    def slack(p: int) -> int:
        return len(slot_list) - len(unav.get(p, ())) - degree[p]

    free = [k for k in range(len(ms)) if k not in rejected and not st.pinned[k]]
    free.sort(
        key=lambda k: (
            min(slack(ms[k].a), slack(ms[k].b)),
            len(st.options[k]),
            -ms[k].priority,
            ms[k].id,
        )
    )
    greedy(st, free, rng)
    budget = repair_iterations if repair_iterations is not None else BUDGET[0] + BUDGET[1] * len(ms)
    patience = PATIENCE[0] + PATIENCE[1] * len(ms)
    used = repair(st, rng, budget, patience, tenure=max(3, len(slot_list) // 4))
    improved = improve_gaps(st, rng, gap_passes)

    table_of = _assign_tables(st, table_ids)
    placements = {
        ms[k].id: (slot_list[s].id, table_of[k]) for k, s in enumerate(st.slot_of) if s >= 0
    }
    unplaced = [
        (m.id, rejected.get(k) or _reason(st, k)) for k, m in enumerate(ms) if st.slot_of[k] < 0
    ]
    people = sorted({p for k, s in enumerate(st.slot_of) if s >= 0 for p in (ms[k].a, ms[k].b)})
    gaps = [st.gaps(p) for p in people]
    stats: dict[str, float] = {
        "meetings": len(ms),
        "placed": len(placements),
        "unplaced": len(unplaced),
        "participants": len(people),
        "total_gaps": sum(gaps),
        "mean_gaps": sum(gaps) / len(gaps) if gaps else 0.0,
        "max_gaps": max(gaps, default=0),
        "repair_iterations": used,
        "gap_improvements": improved,
    }
    return Schedule(placements, unplaced, stats)


def reschedule_after_removal(
    previous: Schedule,
    meetings: Sequence[Meeting],
    slots: Sequence[Slot],
    tables: Sequence[int],
    removed_slots: Iterable[int] = (),
    removed_tables: Iterable[int] = (),
    unavailable: Iterable[Unavailable] = (),
    seed: int = 0,
) -> Rescheduled:
    """Re-place the meetings whose slot or table was removed; keep every other placement.

    ``slots`` and ``tables`` are those of the previous schedule; the removed ones are taken
    out here. Affected meetings come back in ``moved`` or in ``unplaced`` with a reason.
    """
    gone_slots, gone_tables = set(removed_slots), set(removed_tables)
    kept_slots = [s for s in slots if s.id not in gone_slots]
    kept_tables = [t for t in tables if t not in gone_tables]
    affected = {
        mid for mid, (s, t) in previous.placements.items() if s in gone_slots or t in gone_tables
    }
    keep = {mid: st for mid, st in previous.placements.items() if mid not in affected}
    by_id = {m.id: m for m in meetings}
    # A meeting fixed to a removed slot or table loses that pin rather than the meeting.
    relaxed = [
        Meeting(
            m.id,
            m.a,
            m.b,
            m.priority,
            None if m.fixed_slot in gone_slots else m.fixed_slot,
            None if m.fixed_table in gone_tables else m.fixed_table,
        )
        if m.id in affected
        else m
        for m in by_id.values()
    ]
    new = schedule(relaxed, kept_slots, kept_tables, unavailable, existing=keep, seed=seed)
    moved = {mid: new.placements[mid] for mid in sorted(affected) if mid in new.placements}
    lost = [(mid, why) for mid, why in new.unplaced if mid in affected]
    return Rescheduled(new, moved, lost)
