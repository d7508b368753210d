"""The search: greedy placement, repair by ejection chains with restarts, gap local search."""

from __future__ import annotations

import random

from .state import State

# Repair effort: iterations = a + b * meetings; restart from the best assignment (with SHAKE
# random meetings taken out) after a + b * meetings iterations without a better one.
BUDGET = (5000, 50)
PATIENCE = (500, 2)
SHAKE = 6


def _gap_cost(st: State, k: int, s: int) -> int:
    m = st.meetings[k]
    return st.gap_delta(m.a, None, s) + st.gap_delta(m.b, None, s)


def greedy(st: State, order: list[int], rng: random.Random) -> None:
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


def _ejections(st: State, k: int, s: int, rng: random.Random) -> list[int] | None:
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


def _snapshot_value(st: State) -> tuple[float, int]:
    placed = [k for k, s in enumerate(st.slot_of) if s >= 0]
    return (sum(st.meetings[k].priority for k in placed), len(placed))


def _upper_bound(st: State) -> int:
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


def _kempe(st: State, k: int) -> bool:
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


def repair(st: State, rng: random.Random, iterations: int, patience: int, tenure: int) -> int:
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


def _restore(st: State, slot_of: list[int]) -> None:
    """Put every movable meeting back where ``slot_of`` says."""
    for k in range(len(st.meetings)):
        if st.slot_of[k] >= 0 and not st.pinned[k]:
            st.remove(k)
    for k, s in enumerate(slot_of):
        if s >= 0 and not st.pinned[k]:
            st.place(k, s)


def improve_gaps(st: State, rng: random.Random, passes: int) -> int:
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


def _try_swap(st: State, k: int, s: int) -> bool:
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
