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
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Repair effort: iterations = a + b * meetings; restart from the best assignment (with SHAKE
# random meetings taken out) after a + b * meetings iterations without a better one.
BUDGET = (5000, 50)
PATIENCE = (500, 2)
SHAKE = 6

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


# ---------------------------------------------------------------------------- internals
class _State:
    """Mutable assignment of meetings to slot indices, with per-participant and per-slot books."""

    def __init__(
        self,
        meetings: list[Meeting],
        slots: list[Slot],
        n_tables: int,
        unav: dict[int, set[int]],
    ) -> None:
        self.meetings = meetings
        self.n_slots = len(slots)
        self.cap = n_tables
        self.window = [s.window for s in slots]
        self.ordinal: list[int] = []
        self.window_slots: dict[int, list[int]] = {}
        for i, s in enumerate(slots):
            ws = self.window_slots.setdefault(s.window, [])
            self.ordinal.append(len(ws))
            ws.append(i)
        self.unav = unav
        self.slot_of = [-1] * len(meetings)
        self.busy: dict[int, dict[int, int]] = {}  # participant -> slot index -> meeting index
        self.occupants: list[set[int]] = [set() for _ in slots]
        self.table_owner: list[dict[int, int]] = [{} for _ in slots]  # fixed tables in use
        self.table_of: list[int | None] = [None] * len(meetings)  # pinned table per meeting
        self.pinned = [False] * len(meetings)
        self.options: list[list[int]] = [[] for _ in meetings]  # slots both sides left open
        for m in meetings:
            self.busy.setdefault(m.a, {})
            self.busy.setdefault(m.b, {})

    # -- books
    def place(self, k: int, s: int) -> None:
        m = self.meetings[k]
        self.slot_of[k] = s
        self.busy[m.a][s] = k
        self.busy[m.b][s] = k
        self.occupants[s].add(k)
        t = self.table_of[k]
        if t is not None:
            self.table_owner[s][t] = k

    def remove(self, k: int) -> None:
        m, s = self.meetings[k], self.slot_of[k]
        del self.busy[m.a][s]
        del self.busy[m.b][s]
        self.occupants[s].discard(k)
        t = self.table_of[k]
        if t is not None:
            del self.table_owner[s][t]
        self.slot_of[k] = -1

    def feasible(self, k: int, s: int) -> bool:
        """Can meeting k go into slot s without moving anything?"""
        m = self.meetings[k]
        if s in self.busy[m.a] or s in self.busy[m.b] or len(self.occupants[s]) >= self.cap:
            return False
        t = self.table_of[k]
        return t is None or t not in self.table_owner[s]

    # -- gaps
    def gaps(self, p: int, busy: Iterable[int] | None = None) -> int:
        """Idle open slots between p's first and last meeting, summed over windows."""
        used = set(self.busy[p] if busy is None else busy)
        span: dict[int, tuple[int, int]] = {}
        for s in used:
            w, o = self.window[s], self.ordinal[s]
            lo, hi = span.get(w, (o, o))
            span[w] = (min(lo, o), max(hi, o))
        blocked = self.unav.get(p, ())
        total = 0
        for w, (lo, hi) in span.items():
            for s in self.window_slots[w][lo : hi + 1]:
                if s not in used and s not in blocked:
                    total += 1
        return total

    def gap_delta(self, p: int, remove: int | None, add: int | None) -> int:
        """Change in p's gaps when p leaves slot ``remove`` and takes slot ``add``."""
        cur = set(self.busy[p])
        new = set(cur)
        if remove is not None:
            new.discard(remove)
        if add is not None:
            new.add(add)
        return self.gaps(p, new) - self.gaps(p, cur)

    def adjacency(self, p: int, s: int) -> int:
        """How many of p's meetings sit right next to slot s in the same window."""
        ws, o = self.window_slots[self.window[s]], self.ordinal[s]
        return sum(1 for j in (o - 1, o + 1) if 0 <= j < len(ws) and ws[j] in self.busy[p])


def _gap_cost(st: _State, k: int, s: int) -> int:
    m = st.meetings[k]
    return st.gap_delta(m.a, None, s) + st.gap_delta(m.b, None, s)


def _greedy(st: _State, order: list[int], rng: random.Random) -> None:
    """Place each meeting in turn into the feasible slot that adds the fewest gaps."""
    for k in order:
        m = st.meetings[k]
        best: tuple[int, int, int, float] | None = None
        best_s = -1
        for s in st.options[k]:
            if not st.feasible(k, s):
                continue
            key = (
                _gap_cost(st, k, s),
                -(st.adjacency(m.a, s) + st.adjacency(m.b, s)),
                len(st.occupants[s]),
                rng.random(),
            )
            if best is None or key < best:
                best, best_s = key, s
        if best_s >= 0:
            st.place(k, best_s)


def _ejections(st: _State, k: int, s: int, rng: random.Random) -> list[int] | None:
    """Meetings to push out of slot s so that k fits there, or None if a pinned one blocks."""
    m = st.meetings[k]
    out: set[int] = set()
    for p in (m.a, m.b):
        j = st.busy[p].get(s)
        if j is not None:
            out.add(j)
    t = st.table_of[k]
    if t is not None and t in st.table_owner[s]:
        out.add(st.table_owner[s][t])
    if any(st.pinned[j] for j in out):
        return None
    if len(st.occupants[s]) - len(out) >= st.cap:
        movable = [j for j in st.occupants[s] if j not in out and not st.pinned[j]]
        if not movable:
            return None
        out.add(min(movable, key=lambda j: (st.meetings[j].priority, rng.random(), j)))
    return sorted(out)


def _snapshot_value(st: _State) -> tuple[float, int]:
    placed = [k for k, s in enumerate(st.slot_of) if s >= 0]
    return (sum(st.meetings[k].priority for k in placed), len(placed))


def _upper_bound(st: _State) -> int:
    """Meetings that can be placed at most: per-slot capacity and per-participant open slots."""
    ks = [k for k in range(len(st.meetings)) if st.options[k] or st.pinned[k]]
    per_slot = [0] * st.n_slots
    people: list[set[int]] = [set() for _ in range(st.n_slots)]
    open_slots: dict[int, set[int]] = {}
    degree: dict[int, int] = {}
    for k in ks:
        m = st.meetings[k]
        for s in st.options[k] or [st.slot_of[k]]:
            per_slot[s] += 1
            people[s].update((m.a, m.b))
            open_slots.setdefault(m.a, set()).add(s)
            open_slots.setdefault(m.b, set()).add(s)
        degree[m.a] = degree.get(m.a, 0) + 1
        degree[m.b] = degree.get(m.b, 0) + 1
    by_slot = sum(min(st.cap, per_slot[s], len(people[s]) // 2) for s in range(st.n_slots))
    excess = max((degree[p] - len(open_slots[p]) for p in degree), default=0)
    return min(by_slot, len(ks) - max(0, excess))


def _kempe(st: _State, k: int) -> bool:
    """Place k by swapping two slots along an alternating path (a Kempe chain, as in
    edge colouring): frees slot alpha for one side without unplacing anybody."""
    m = st.meetings[k]
    for alpha in st.options[k]:
        for x, y in ((m.a, m.b), (m.b, m.a)):
            if alpha in st.busy[y] or alpha not in st.busy[x]:
                continue
            for beta in range(st.n_slots):
                if beta == alpha or beta in st.busy[x]:
                    continue
                path, v, col, nxt, ok = [], x, alpha, beta, True
                while (j := st.busy[v].get(col)) is not None and j not in path:
                    if st.pinned[j] or st.table_of[j] is not None or nxt not in st.options[j]:
                        ok = False  # j cannot change to the other slot: no chain here
                        break
                    path.append(j)
                    n = st.meetings[j]
                    v, col, nxt = (n.b if v == n.a else n.a), nxt, col
                to_beta = [j for j in path if st.slot_of[j] == alpha]
                to_alpha = [j for j in path if st.slot_of[j] == beta]
                if not ok or len(st.occupants[beta]) + len(to_beta) - len(to_alpha) > st.cap:
                    continue
                for j in path:
                    st.remove(j)
                for j in to_beta:
                    st.place(j, beta)
                for j in to_alpha:
                    st.place(j, alpha)
                if st.feasible(k, alpha):
                    st.place(k, alpha)
                    return True
                for j in path:
                    st.remove(j)
                for j in to_beta:
                    st.place(j, alpha)
                for j in to_alpha:
                    st.place(j, beta)
    return False


def _repair(st: _State, rng: random.Random, iterations: int, patience: int, tenure: int) -> int:
    """Ejection chains with a tabu list; keep the best assignment seen. After ``patience``
    iterations without a better one, restart from the best with a few meetings taken out.
    Stops when all are placed, at the upper bound, or after ``iterations``."""
    pool = [k for k in range(len(st.meetings)) if st.slot_of[k] < 0 and st.options[k]]
    if not pool:
        return 0
    pool_all = [k for k in range(len(st.meetings)) if st.options[k]]
    best_value = _snapshot_value(st)
    best = list(st.slot_of)
    tabu: dict[tuple[int, int], int] = {}
    unplaced = set(pool)
    # With equal priorities, reaching the upper bound on the count is optimal: stop there.
    bound = _upper_bound(st) if len({m.priority for m in st.meetings}) == 1 else -1
    it = last_better = 0
    while unplaced and it < iterations and best_value[1] != bound:
        if it - last_better > patience:  # stuck: restart from the best with a shake-up
            _restore(st, best)
            placed = [j for j in range(len(st.meetings)) if st.slot_of[j] >= 0]
            placed = [j for j in placed if not st.pinned[j]]
            for j in rng.sample(placed, min(len(placed), SHAKE)):
                st.remove(j)
            unplaced = {j for j in pool_all if st.slot_of[j] < 0}
            tabu.clear()
            last_better = it
            continue
        it += 1
        k = rng.choice(sorted(unplaced))
        if _kempe(st, k):  # a strict gain without unplacing anybody: take it
            unplaced.discard(k)
            value = _snapshot_value(st)
            if value > best_value:
                best_value, best, last_better = value, list(st.slot_of), it
            continue
        choice: tuple[float, float] | None = None
        choice_s, choice_out = -1, []
        for s in st.options[k]:
            out = _ejections(st, k, s, rng)
            if out is None:
                continue
            cost = sum(st.meetings[j].priority for j in out) - st.meetings[k].priority
            if tabu.get((k, s), 0) > it and cost >= 0:
                continue  # tabu unless it improves outright (aspiration)
            key = (cost + 1e-3 * len(out), rng.random())
            if choice is None or key < choice:
                choice, choice_s, choice_out = key, s, out
        if choice_s < 0:
            continue
        for j in choice_out:
            tabu[(j, st.slot_of[j])] = it + tenure + rng.randrange(tenure + 1)
            st.remove(j)
        st.place(k, choice_s)
        unplaced.discard(k)
        for j in choice_out:  # chain: try to re-place each pushed-out meeting at once
            free = [s for s in st.options[j] if st.feasible(j, s) and tabu.get((j, s), 0) <= it]
            if free:
                st.place(j, min(free, key=lambda s, j=j: (_gap_cost(st, j, s), s)))
            else:
                unplaced.add(j)
        value = _snapshot_value(st)
        if value > best_value:
            best_value, best, last_better = value, list(st.slot_of), it
    if _snapshot_value(st) < best_value:
        _restore(st, best)
    return it


def _restore(st: _State, slot_of: list[int]) -> None:
    """Put every movable meeting back where ``slot_of`` says."""
    for k in range(len(st.meetings)):
        if st.slot_of[k] >= 0 and not st.pinned[k]:
            st.remove(k)
    for k, s in enumerate(slot_of):
        if s >= 0 and not st.pinned[k]:
            st.place(k, s)


def _improve_gaps(st: _State, rng: random.Random, passes: int) -> int:
    """Hill-climb on total gaps: move a meeting to a free slot or swap it with one there."""
    movable = [k for k in range(len(st.meetings)) if st.slot_of[k] >= 0 and not st.pinned[k]]
    improved = 0
    for _ in range(passes):
        rng.shuffle(movable)
        changed = False
        for k in movable:
            m, s0 = st.meetings[k], st.slot_of[k]
            if st.gaps(m.a) == 0 and st.gaps(m.b) == 0:
                continue  # nothing to win for k's own participants; others drive their moves
            for s in st.options[k]:
                if s == s0:
                    continue
                if st.feasible(k, s):
                    delta = st.gap_delta(m.a, s0, s) + st.gap_delta(m.b, s0, s)
                    if delta < 0:
                        st.remove(k)
                        st.place(k, s)
                        improved -= delta
                        changed = True
                        break
                    continue
                if _try_swap(st, k, s):
                    changed = True
                    improved += 1
                    break
        if not changed:
            break
    return improved


def _try_swap(st: _State, k: int, s: int) -> bool:
    """Swap k (in its slot) with one meeting in slot s if that lowers total gaps."""
    m, s0 = st.meetings[k], st.slot_of[k]
    blockers = {st.busy[m.a].get(s), st.busy[m.b].get(s)} - {None}
    if len(blockers) > 1:
        return False
    cands = sorted(blockers) if blockers else sorted(st.occupants[s])
    for j in cands:
        if j is None or st.pinned[j] or s0 not in st.options[j]:
            continue
        n = st.meetings[j]
        people = {m.a, m.b, n.a, n.b}
        before = sum(st.gaps(p) for p in people)
        st.remove(k)
        st.remove(j)
        if st.feasible(k, s) and st.feasible(j, s0):
            st.place(k, s)
            st.place(j, s0)
            if sum(st.gaps(p) for p in people) < before:
                return True
            st.remove(k)
            st.remove(j)
        st.place(k, s0)
        st.place(j, s)
    return False


def _reason(st: _State, k: int) -> str:
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


def _assign_tables(st: _State, table_ids: list[int]) -> dict[int, int]:
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
    st = _State(ms, slot_list, len(table_ids), unav)
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
    _greedy(st, free, rng)
    budget = repair_iterations if repair_iterations is not None else BUDGET[0] + BUDGET[1] * len(ms)
    patience = PATIENCE[0] + PATIENCE[1] * len(ms)
    used = _repair(st, rng, budget, patience, tenure=max(3, len(slot_list) // 4))
    improved = _improve_gaps(st, rng, gap_passes)

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
