"""The mutable assignment the search works on: who meets when, and the gaps it leaves."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Meeting, Slot


class State:
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
