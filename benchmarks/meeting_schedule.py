"""Meeting scheduler: share placed, gaps and time at event size; placed vs an exact solver.

Large: 200 participants, 600 accepted meetings, 24 slots (3 windows of 8), 40 tables (and 26:
624 places), 5% of participant-slots blocked; reports share placed, mean gaps per participant
and time, over a few seeds. Goal: 600 meetings in < 5 s. Without --quick also one
oversubscribed instance (40% blocked) compared with the exact maximum.

Small: random instances (10-20 participants, 15-40 meetings, 6-8 slots in 2 windows, 3-5
tables, ~15% of participant-slots blocked) solved by ``schedule`` and by OR-Tools CP-SAT
(maximum number of meetings placeable). Goal: every meeting placed whenever the exact
solver can place them all, and the exact maximum reached on every instance.

Run: .venv/bin/python benchmarks/meeting_schedule.py [--quick] [--small N] [--write]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker.matching.meetings import Meeting, Slot, Unavailable, schedule  # noqa: E402

RESULTS = Path(__file__).parent / "data" / "meeting_schedule_results.md"
Instance = tuple[list[Meeting], list[Slot], list[int], list[Unavailable]]


def make_instance(
    rng: random.Random,
    participants: int,
    meetings: int,
    windows: int,
    per_window: int,
    tables: int,
    blocked: float,
    max_per_person: int,
) -> Instance:
    """Random accepted meetings (distinct pairs, skewed popularity) and blocked slots."""
    slots = [
        Slot(w * per_window + i, w * 600 + i * 20, w * 600 + i * 20 + 20, w)
        for w in range(windows)
        for i in range(per_window)
    ]
    weights = [1.0 / (1 + i) ** 0.5 for i in range(participants)]  # some are popular
    pairs: set[tuple[int, int]] = set()
    count = [0] * participants
    tries = 0
    while len(pairs) < meetings and tries < 100 * meetings:
        tries += 1
        a, b = rng.choices(range(participants), weights, k=2)
        if a == b or count[a] >= max_per_person or count[b] >= max_per_person:
            continue
        pair = (min(a, b), max(a, b))
        if pair not in pairs:
            pairs.add(pair)
            count[a] += 1
            count[b] += 1
    ms = [Meeting(i, a, b) for i, (a, b) in enumerate(sorted(pairs))]
    unav = [
        Unavailable(p, s.id) for p in range(participants) for s in slots if rng.random() < blocked
    ]
    return ms, slots, list(range(tables)), unav


def exact_max(inst: Instance, time_limit: float = 20.0) -> tuple[int, bool]:
    """Maximum number of meetings placeable (CP-SAT); the flag says whether it is proven."""
    from ortools.sat.python import cp_model

    ms, slots, tables, unav = inst
    blocked = {(u.participant, u.slot_id) for u in unav}
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for m in ms:
        for s in slots:
            if (m.a, s.id) not in blocked and (m.b, s.id) not in blocked:
                x[(m.id, s.id)] = model.new_bool_var(f"x{m.id}_{s.id}")
        model.add(sum(x[(m.id, s.id)] for s in slots if (m.id, s.id) in x) <= 1)
    people = {p for m in ms for p in (m.a, m.b)}
    for s in slots:
        model.add(sum(x[(m.id, s.id)] for m in ms if (m.id, s.id) in x) <= len(tables))
        for p in people:
            mine = [x[(m.id, s.id)] for m in ms if p in (m.a, m.b) and (m.id, s.id) in x]
            if len(mine) > 1:
                model.add(sum(mine) <= 1)
    model.maximize(sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    return int(round(solver.objective_value)), status == cp_model.OPTIMAL


def run_large(seeds: list[int], tables: int = 40) -> list[str]:
    lines = [
        f"{'seed':>4} {'tables':>6} {'meetings':>8} {'placed':>6} {'share':>6} {'mean gaps':>9} "
        f"{'max gaps':>8} {'time s':>7}"
    ]
    for seed in seeds:
        rng = random.Random(seed)
        inst = make_instance(rng, 200, 600, 3, 8, tables, 0.05, 12)
        t0 = time.perf_counter()
        result = schedule(*inst, seed=seed)
        dt = time.perf_counter() - t0
        st = result.stats
        lines.append(
            f"{seed:>4} {tables:>6} {st['meetings']:>8} {st['placed']:>6} "
            f"{st['placed'] / st['meetings']:>6.1%} {st['mean_gaps']:>9.3f} "
            f"{st['max_gaps']:>8} {dt:>7.2f}"
        )
    return lines


def run_oversubscribed() -> str:
    """600 meetings with 40% of participant-slots blocked: not all fit; ours vs CP-SAT."""
    inst = make_instance(random.Random(5), 200, 600, 3, 8, 40, 0.4, 14)
    t0 = time.perf_counter()
    result = schedule(*inst, seed=5)
    dt = time.perf_counter() - t0
    best, proven = exact_max(inst, time_limit=60.0)
    st = result.stats
    return (
        f"oversubscribed (40% blocked): placed {st['placed']} of 600, exact maximum {best}"
        f"{'' if proven else ' (not proven)'}, mean gaps {st['mean_gaps']:.3f}, {dt:.2f} s"
    )


def run_small(n: int, seed0: int) -> tuple[list[str], dict[str, int]]:
    """Heuristic vs CP-SAT on n random small instances."""
    lines = [
        f"{'inst':>4} {'people':>6} {'meet':>4} {'slots':>5} {'tabl':>4} "
        f"{'exact':>5} {'ours':>4} {'match':>5} {'ours s':>6}"
    ]
    tally = {"instances": n, "match": 0, "all_placeable": 0, "all_placed_when_placeable": 0}
    rng = random.Random(seed0)
    for i in range(n):
        people, per_window, tables = rng.randint(10, 20), rng.randint(3, 4), rng.randint(3, 5)
        capacity = 2 * per_window * tables  # near capacity: the instances worth comparing
        meetings = rng.randint(min(40, max(15, int(0.8 * capacity))), min(40, capacity + 4))
        inst = make_instance(rng, people, meetings, 2, per_window, tables, 0.15, 2 * per_window)
        best, proven = exact_max(inst)
        t0 = time.perf_counter()
        ours = schedule(*inst, seed=i).stats["placed"]
        dt = time.perf_counter() - t0
        total = len(inst[0])
        tally["match"] += ours == best
        if best == total:
            tally["all_placeable"] += 1
            tally["all_placed_when_placeable"] += ours == total
        lines.append(
            f"{i:>4} {people:>6} {total:>4} {len(inst[1]):>5} {len(inst[2]):>4} "
            f"{best:>4}{'' if proven else '?'} {ours:>4} {'yes' if ours == best else 'NO':>5} "
            f"{dt:>6.2f}"
        )
    return lines, tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 large seed, 15 small instances")
    parser.add_argument("--small", type=int, default=None, help="number of small instances")
    parser.add_argument("--write", action="store_true", help=f"save figures to {RESULTS.name}")
    args = parser.parse_args()
    seeds = [1] if args.quick else [1, 2, 3]
    n_small = args.small if args.small is not None else (15 if args.quick else 50)

    large = run_large(seeds) + run_large(seeds, tables=26)[1:]  # 26 tables: 624 places
    print("\n".join(large))
    if not args.quick:
        large.append(run_oversubscribed())
        print(large[-1])
    small, tally = run_small(n_small, 2026)
    print("\n".join(small))
    summary = (
        f"small instances: exact maximum reached on {tally['match']}/{tally['instances']}; "
        f"all meetings placeable on {tally['all_placeable']}, all placed on "
        f"{tally['all_placed_when_placeable']} of those"
    )
    print(summary)
    if args.write:
        RESULTS.write_text(
            "# Meeting scheduler figures (2 cores, shared machine)\n\n"
            "## benchmarks/meeting_schedule.py: 200 participants, 600 meetings, "
            "24 slots (3 x 8), 40 tables\n```\n"
            + "\n".join(large)
            + "\n```\n\n## small instances vs OR-Tools CP-SAT (maximum placeable)\n```\n"
            + "\n".join(small)
            + "\n"
            + summary
            + "\n```\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
