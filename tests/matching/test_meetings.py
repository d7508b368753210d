"""Meeting scheduler: hard rules over random instances, gaps, reasons, removal, pairs."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.matching.meetings import (
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
    Schedule,
    Slot,
    Unavailable,
    propose_pairs,
    reschedule_after_removal,
    schedule,
)

REASONS = {
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
}
FIXED_REASONS = {
    REASON_A_UNAVAILABLE,
    REASON_B_UNAVAILABLE,
    REASON_FIXED_CONFLICT,
    REASON_UNKNOWN_SLOT,
    REASON_UNKNOWN_TABLE,
}
FAST = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def make_slots(per_window: int, windows: int = 1) -> list[Slot]:
    """Slots with ids 10, 11, ... so that slot ids never coincide with positions."""
    return [
        Slot(10 + w * per_window + i, w * 600 + 20 * i, w * 600 + 20 * i + 20, w)
        for w in range(windows)
        for i in range(per_window)
    ]


@st.composite
def instances(
    draw: st.DrawFn,
) -> tuple[list[Meeting], list[Slot], list[int], list[Unavailable]]:
    """Small random events: a few windows, tables, blocked slots and fixed placements."""
    slots = make_slots(draw(st.integers(1, 4)), draw(st.integers(1, 2)))
    tables = list(range(100, 100 + draw(st.integers(0, 3))))
    people = draw(st.integers(2, 7))
    slot_ids = [s.id for s in slots] + [999]  # 999: a slot that does not exist
    table_ids = tables + [999]
    meetings = []
    for mid in range(draw(st.integers(0, 14))):
        a, b = draw(st.integers(1, people)), draw(st.integers(1, people))
        fixed_slot = draw(st.none() | st.sampled_from(slot_ids))
        fixed_table = draw(st.none() | st.sampled_from(table_ids))
        priority = draw(st.sampled_from([1.0, 1.0, 2.0]))
        meetings.append(Meeting(mid * 7 + 3, a, b, priority, fixed_slot, fixed_table))
    unavailable = [
        Unavailable(p, s.id)
        for p in range(1, people + 1)
        for s in slots
        if draw(st.integers(0, 9)) < 2
    ]
    return meetings, slots, tables, unavailable


def assert_valid(
    result: Schedule,
    meetings: list[Meeting],
    slots: list[Slot],
    tables: list[int],
    unavailable: list[Unavailable],
) -> None:
    """The hard rules every schedule keeps."""
    by_id = {m.id: m for m in meetings}
    placed, unplaced = set(result.placements), [mid for mid, _ in result.unplaced]
    assert placed.isdisjoint(unplaced)
    assert sorted(placed | set(unplaced)) == sorted(by_id)  # none lost
    assert len(unplaced) == len(set(unplaced))
    assert {why for _, why in result.unplaced} <= REASONS
    blocked = {(u.participant, u.slot_id) for u in unavailable}
    slot_ids = {s.id for s in slots}
    seats: Counter[tuple[int, int]] = Counter()
    tables_used: Counter[tuple[int, int]] = Counter()
    for mid, (slot, table) in result.placements.items():
        m = by_id[mid]
        assert slot in slot_ids and table in tables
        assert m.a != m.b
        assert (m.a, slot) not in blocked and (m.b, slot) not in blocked
        seats[(m.a, slot)] += 1
        seats[(m.b, slot)] += 1
        tables_used[(slot, table)] += 1
        if m.fixed_slot is not None:
            assert slot == m.fixed_slot
        if m.fixed_table is not None:
            assert table == m.fixed_table
    assert max(seats.values(), default=1) == 1
    assert max(tables_used.values(), default=1) == 1
    assert result.stats["placed"] == len(placed)


@FAST
@given(instances())
def test_random_instances_keep_every_hard_rule(instance: tuple) -> None:
    meetings, slots, tables, unavailable = instance
    assert_valid(
        schedule(meetings, slots, tables, unavailable), meetings, slots, tables, unavailable
    )


@FAST
@given(instances())
def test_fixed_meeting_is_unplaced_only_for_a_fixed_reason(instance: tuple) -> None:
    meetings, slots, tables, unavailable = instance
    reasons = dict(schedule(meetings, slots, tables, unavailable).unplaced)
    for m in meetings:
        if m.fixed_slot is not None and m.a != m.b and m.id in reasons:
            assert reasons[m.id] in FIXED_REASONS


@FAST
@given(instances(), st.data())
def test_removal_keeps_the_others_and_reports_the_affected(instance: tuple, data: st.DataObject):
    meetings, slots, tables, unavailable = instance
    before = schedule(meetings, slots, tables, unavailable)
    gone_slots = data.draw(st.sets(st.sampled_from([s.id for s in slots])))
    gone_tables = data.draw(st.sets(st.sampled_from(tables))) if tables else set()
    after = reschedule_after_removal(
        before, meetings, slots, tables, gone_slots, gone_tables, unavailable
    )
    kept_slots = [s for s in slots if s.id not in gone_slots]
    kept_tables = [t for t in tables if t not in gone_tables]
    # A pin to a removed slot or table is dropped so that its meeting can move elsewhere.
    unpinned = [
        replace(
            m,
            fixed_slot=None if m.fixed_slot in gone_slots else m.fixed_slot,
            fixed_table=None if m.fixed_table in gone_tables else m.fixed_table,
        )
        for m in meetings
    ]
    assert_valid(after.schedule, unpinned, kept_slots, kept_tables, unavailable)
    affected = {
        mid for mid, (s, t) in before.placements.items() if s in gone_slots or t in gone_tables
    }
    for mid, place in before.placements.items():
        if mid not in affected:
            assert after.schedule.placements[mid] == place
    lost = {mid for mid, _ in after.unplaced}
    assert set(after.moved) | lost == affected
    assert set(after.moved).isdisjoint(lost)


def test_tight_round_robin_is_fully_placed() -> None:
    # Four people who all meet each other: 6 meetings, 3 slots, 2 tables, no slack at all.
    pairs = [(1, 2), (3, 4), (1, 3), (2, 4), (1, 4), (2, 3)]
    meetings = [Meeting(i, a, b) for i, (a, b) in enumerate(pairs)]
    result = schedule(meetings, make_slots(3), [1, 2])
    assert result.unplaced == []
    assert len(result.placements) == 6


def test_tight_instance_with_blocked_slots_is_fully_placed() -> None:
    # Only one assignment exists: 1 is away in slot 10 and 2 in slot 12, one table.
    slots = make_slots(3)
    meetings = [Meeting(1, 1, 2), Meeting(2, 1, 3), Meeting(3, 2, 3)]
    unavailable = [Unavailable(1, 10), Unavailable(2, 12)]
    result = schedule(meetings, slots, [5], unavailable)
    assert result.placements == {1: (11, 5), 2: (12, 5), 3: (10, 5)}


def test_a_participants_two_meetings_are_adjacent() -> None:
    # 2 can only meet in the first or last slot; 1's meeting with 3 must sit next to it.
    slots = make_slots(5)
    meetings = [Meeting(1, 1, 2), Meeting(2, 1, 3)]
    unavailable = [Unavailable(2, s.id) for s in slots[1:4]]
    result = schedule(meetings, slots, [1, 2], unavailable)
    order = [s.id for s in slots]
    first, second = (order.index(result.placements[m][0]) for m in (1, 2))
    assert abs(first - second) == 1
    assert result.stats["total_gaps"] == 0


def test_idle_slot_is_a_gap_but_a_blocked_one_is_not() -> None:
    slots = make_slots(3)
    meetings = [Meeting(1, 1, 2, fixed_slot=10), Meeting(2, 1, 3, fixed_slot=12)]
    assert schedule(meetings, slots, [1]).stats["total_gaps"] == 1
    blocked = schedule(meetings, slots, [1], [Unavailable(1, 11)])
    assert blocked.stats["total_gaps"] == 0


def test_gaps_are_not_counted_across_a_break() -> None:
    slots = make_slots(2, windows=2)  # 10, 11 | 12, 13
    meetings = [Meeting(1, 1, 2, fixed_slot=10), Meeting(2, 1, 3, fixed_slot=13)]
    assert schedule(meetings, slots, [1]).stats["total_gaps"] == 0


def test_many_meetings_of_one_person_fill_a_block() -> None:
    slots = make_slots(8)
    meetings = [Meeting(i, 1, 10 + i) for i in range(4)]
    result = schedule(meetings, slots, [1, 2])
    assert result.stats["total_gaps"] == 0


def test_reason_when_the_first_participant_is_busy() -> None:
    result = schedule([Meeting(1, 1, 2), Meeting(2, 1, 3)], make_slots(1), [1, 2])
    assert len(result.placements) == 1
    assert [why for _, why in result.unplaced] == [REASON_A_BUSY]


def test_reason_when_no_table_is_left() -> None:
    result = schedule([Meeting(1, 1, 2), Meeting(2, 3, 4)], make_slots(1), [1])
    assert [why for _, why in result.unplaced] == [REASON_NO_TABLE]


def test_reason_when_no_common_free_slot() -> None:
    slots = make_slots(2)
    unavailable = [Unavailable(1, 10), Unavailable(2, 11)]
    result = schedule([Meeting(1, 1, 2)], slots, [1], unavailable)
    assert result.unplaced == [(1, REASON_NO_COMMON_FREE_SLOT)]


def test_reasons_for_invalid_fixed_placements() -> None:
    meetings = [
        Meeting(1, 1, 2, fixed_slot=10, fixed_table=1),
        Meeting(2, 3, 4, fixed_slot=10, fixed_table=1),
        Meeting(3, 5, 6, fixed_slot=77),
        Meeting(4, 5, 6, fixed_table=77),
        Meeting(5, 7, 7),
        Meeting(6, 8, 9, fixed_slot=10),
    ]
    result = schedule(meetings, make_slots(2), [1, 2, 3], [Unavailable(9, 10)])
    assert result.placements[1] == (10, 1)
    assert dict(result.unplaced) == {
        2: REASON_FIXED_CONFLICT,
        3: REASON_UNKNOWN_SLOT,
        4: REASON_UNKNOWN_TABLE,
        5: REASON_SAME_PARTICIPANT,
        6: REASON_B_UNAVAILABLE,
    }


def test_higher_priority_wins_the_only_slot() -> None:
    meetings = [Meeting(1, 1, 2, priority=1.0), Meeting(2, 1, 3, priority=3.0)]
    result = schedule(meetings, make_slots(1), [1])
    assert list(result.placements) == [2]


def test_existing_placements_are_kept() -> None:
    slots = make_slots(4)
    meetings = [Meeting(1, 1, 2), Meeting(2, 3, 4)]
    result = schedule(meetings, slots, [1, 2], existing={1: (13, 2), 2: (12, 1)})
    assert result.placements == {1: (13, 2), 2: (12, 1)}


def test_removed_slot_moves_its_meeting_and_keeps_the_rest() -> None:
    slots = make_slots(4)
    meetings = [Meeting(1, 1, 2, fixed_slot=10), Meeting(2, 3, 4), Meeting(3, 1, 5)]
    before = schedule(meetings, slots, [1])
    after = reschedule_after_removal(before, meetings, slots, [1], removed_slots=[10])
    assert set(after.moved) == {1}
    assert after.moved[1][0] != 10
    assert after.unplaced == []
    assert after.schedule.placements[2] == before.placements[2]
    assert after.schedule.placements[3] == before.placements[3]


def test_removal_without_room_reports_the_meeting() -> None:
    slots = make_slots(1)
    meetings = [Meeting(1, 1, 2)]
    before = schedule(meetings, slots, [1])
    after = reschedule_after_removal(before, meetings, slots, [1], removed_slots=[10])
    assert after.moved == {}
    assert after.unplaced == [(1, REASON_NO_COMMON_FREE_SLOT)]


def test_removed_table_moves_its_meetings_to_another_table() -> None:
    slots = make_slots(2)
    meetings = [Meeting(1, 1, 2), Meeting(2, 3, 4)]
    before = schedule(meetings, slots, [1, 2])
    after = reschedule_after_removal(before, meetings, slots, [1, 2], removed_tables=[1])
    assert all(table == 2 for _, table in after.schedule.placements.values())
    assert after.unplaced == []


def test_same_seed_gives_the_same_schedule() -> None:
    slots = make_slots(4, windows=2)
    meetings = [Meeting(i, i % 6, (i * 5 + 1) % 7 + 6) for i in range(20)]
    unavailable = [Unavailable(p, 10 + p % 8) for p in range(13)]
    first = schedule(meetings, slots, [1, 2, 3], unavailable, seed=4)
    second = schedule(list(reversed(meetings)), slots[::-1], [1, 2, 3], unavailable, seed=4)
    assert first == second


def test_propose_pairs_keeps_mutual_pairs_within_the_cap() -> None:
    suggestions = {
        1: [(2, 0.9), (3, 0.8), (4, 0.7)],
        2: [(1, 0.7), (3, 0.2)],
        3: [(1, 0.6), (2, 0.9)],
        4: [(5, 0.5)],
    }
    pairs = propose_pairs(suggestions, cap_per_participant=1)
    assert [(p.a, p.b) for p in pairs] == [(1, 2)]
    pairs = propose_pairs(suggestions, cap_per_participant=2)
    assert [(p.a, p.b) for p in pairs] == [(1, 2), (1, 3), (2, 3)]
    assert all(p.mutual for p in pairs)


def test_propose_pairs_ranks_one_sided_pairs_below_mutual_ones() -> None:
    suggestions = {1: [(2, 0.5), (3, 0.9)], 2: [(1, 0.5)]}
    pairs = propose_pairs(suggestions, cap_per_participant=5, mutual_only=False)
    assert [(p.a, p.b, p.mutual) for p in pairs] == [(1, 2, True), (1, 3, False)]
    assert pairs[1].score == 0.45


def most_placeable(meetings: list[Meeting], slots: list[Slot], n_tables: int, blocked: set) -> int:
    """Brute force: the largest number of meetings that fit (tiny instances only)."""
    best = 0

    def walk(i: int, used: dict[int, set[int]], placed: int) -> None:
        nonlocal best
        best = max(best, placed)
        if i == len(meetings) or placed + len(meetings) - i <= best:
            return
        m = meetings[i]
        for s in slots:
            seats = used.setdefault(s.id, set())
            if (
                m.a not in seats
                and m.b not in seats
                and len(seats) < 2 * n_tables
                and (m.a, s.id) not in blocked
                and (m.b, s.id) not in blocked
            ):
                seats.update((m.a, m.b))
                walk(i + 1, used, placed + 1)
                seats.difference_update((m.a, m.b))
        walk(i + 1, used, placed)

    walk(0, {}, 0)
    return best


@FAST
@given(instances())
def test_tiny_instances_place_as_many_as_brute_force(instance: tuple) -> None:
    meetings, slots, tables, unavailable = instance
    plain = [Meeting(m.id, m.a, m.b) for m in meetings[:7] if m.a != m.b]
    blocked = {(u.participant, u.slot_id) for u in unavailable}
    result = schedule(plain, slots, tables, unavailable)
    assert len(result.placements) == most_placeable(plain, slots, len(tables), blocked)
