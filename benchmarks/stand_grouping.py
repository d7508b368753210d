"""Stand grouping quality and speed: gap to the exact optimum, ratio to random, time.

Synthetic profiles are written in a few themes (maritime, bioenergy, arctic machinery,
electrical, construction): most content words come from the organisation's theme, the rest
from any theme, in Finnish (inflected) or English, with stop words; some organisations mix
two themes and some name a preferred stand.

Small: random instances of 8-12 organisations and 2-3 stands (places summing to at least n,
half of them with theme texts); ``group_stands`` against the exact optimum, found by
enumerating every assignment within capacity (up to 3^12 = 531,441). Goal: mean gap < 2 %.

Small with area: the same with floor area as a second capacity: each organisation asks for
4-12 m², each stand has about 85 % of what its places would take, so some organisations must
be left out. The exact optimum enumerates every assignment including "left out" (up to
4^10 = 1,048,576 for 8-10 organisations) and ranks them as the grouping does: most
organisations placed first, then the objective. Goals: never fewer placed than the optimum,
mean gap < 2 %. (Enumeration is exact and fast enough here; OR-Tools, in the ``bench``
extra, is not needed: the objective, a mean of pair similarities per stand, is not linear.)

Large: 60, 200 and 1000 organisations (about 25 places per stand, a few spare, half the
stands themed), with areas as above; objective against the mean of random assignments that
fill the stands in a random order (within places and area), and the time of
``group_stands`` (index build excluded). Goal: 1000 in < 10 s.

Run: .venv/bin/python benchmarks/stand_grouping.py [--quick] [--small N] [--sizes 60,200]
[--write]  (``--write`` saves the printed figures to benchmarks/data/stand_grouping_results.md)
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matchmaker.matching import Profile, ProfileIndex  # noqa: E402
from matchmaker.matching.stands import (  # noqa: E402
    DEFAULT_GROUPING_WEIGHTS,
    GroupingWeights,
    Interest,
    StandSpec,
    bridged,
    evaluate,
    group_stands,
)
from matchmaker.matching.stands.scoring import _theme_vectors  # noqa: E402

RESULTS = Path(__file__).parent / "data" / "stand_grouping_results.md"
THEMES = {
    "maritime": (
        "laiva potkuri akseli runko lohko hitsaus telakka kansi ruori satama".split(),
        "ship propeller shaft hull block welding shipyard deck rudder port".split(),
    ),
    "bio": (
        "saha puru kuori hake pelletti tuhka biokaasu biohiili pyrolyysi lannoite".split(),
        "sawmill sawdust bark chips pellet ash biogas biochar pyrolysis fertiliser".split(),
    ),
    "arctic": (
        "kaivos talvi rengas kelkka ajoneuvo hydrauliikka malmi pakkanen tunturi jää".split(),
        "mine winter tyre sled vehicle hydraulic ore frost fell ice".split(),
    ),
    "electric": (
        "sähkö akku kaapeli muuntaja generaattori invertteri automaatio ohjaus virta".split(),
        "electric battery cable transformer generator inverter automation control current".split(),
    ),
    "build": (
        "betoni kivi sora hiekka eristys putki ilmanvaihto rakennus katto seinä".split(),
        "concrete stone gravel sand insulation pipe ventilation building roof wall".split(),
    ),
}
FI_SUFFIXES = ["", "", "", "t", "n", "a", "ja", "ssa", "sta", "lla", "ksi", "ita"]
EN_SUFFIXES = ["", "", "", "s", "ing", "ed"]
FI_FILLER = "ja on sekä että myös tai meidän kanssa joka jotka tarjoamme etsimme".split()
EN_FILLER = "and the of for with to in our we are also which that offer need".split()


def make_text(rng: random.Random, themes: list[str], lang: str, count: int) -> str:
    """``count`` content words, 70 % from ``themes`` and 30 % from any theme, plus fillers."""
    li = 0 if lang == "fi" else 1
    suffixes = FI_SUFFIXES if lang == "fi" else EN_SUFFIXES
    every = [w for t in THEMES.values() for w in t[li]]
    toks = []
    for _ in range(count):
        pool = THEMES[rng.choice(themes)][li] if rng.random() < 0.7 else every
        toks.append(rng.choice(pool) + rng.choice(suffixes))
    filler = FI_FILLER if lang == "fi" else EN_FILLER
    toks += [rng.choice(filler) for _ in range(count // 3)]
    rng.shuffle(toks)
    return " ".join(toks)


def make_profiles(rng: random.Random, n: int, themes: list[str]) -> list[Profile]:
    """n profiles, each written in one theme (a fifth of them in two), 70 % Finnish."""
    out = []
    for i in range(n):
        mine = [rng.choice(themes)]
        if rng.random() < 0.2:
            mine.append(rng.choice(themes))
        lang = "fi" if rng.random() < 0.7 else "en"
        out.append(
            Profile(
                id=i + 1,
                about=make_text(rng, mine, lang, rng.randint(10, 25)),
                offers=make_text(rng, mine, lang, rng.randint(4, 10)),
                needs=make_text(rng, [rng.choice(list(THEMES))], lang, rng.randint(3, 8)),
                name=f"Org {i + 1}",
            )
        )
    return out


AREAS = [4.0, 6.0, 6.0, 9.0, 9.0, 12.0]  # m² wanted; the mean is 7.7
AREA_SHARE = 0.85  # a stand's area: this share of what its places would take on average


def make_instance(
    rng: random.Random,
    n: int,
    n_stands: int,
    spare: int,
    themed_share: float,
    area: bool = False,
) -> tuple[ProfileIndex, list[Interest], list[StandSpec]]:
    """Profiles from ``n_stands`` themes, stands with places summing to n + spare; with
    ``area``, organisations ask for floor area and stands have less than all would take."""
    themes = rng.sample(list(THEMES), min(n_stands, len(THEMES)))
    index = ProfileIndex.build(make_profiles(rng, n, themes))
    places = [n // n_stands] * n_stands
    for k in range(n - sum(places) + spare):
        places[k % n_stands] += 1
    stands = []
    for s in range(n_stands):
        theme = ""
        if rng.random() < themed_share:
            words = THEMES[themes[s % len(themes)]][0]
            theme = " ".join(rng.sample(words, 3))
        cap = round(AREA_SHARE * places[s] * float(np.mean(AREAS))) if area else None
        stands.append(StandSpec(s + 1, places[s], theme, cap))
    interests = [
        Interest(
            i + 1,
            rng.randint(1, n_stands) if rng.random() < 0.3 else None,
            rng.choice(AREAS) if area else 0.0,
        )
        for i in range(n)
    ]
    return index, interests, stands


def exhaustive(
    index: ProfileIndex,
    interests: list[Interest],
    stands: list[StandSpec],
    w: GroupingWeights = DEFAULT_GROUPING_WEIGHTS,
) -> tuple[float, dict[int, list[int]]]:
    """The exact optimum: every assignment within capacity, scored in numpy chunks. With
    areas, "left out" is one more label and the most organisations placed come first.
    Returns (objective, assignments, how many were placed)."""
    ids = [it.org_id for it in interests]
    rows = np.array([index.pos(o) for o in ids])
    whole = bridged(index, "whole", w)[rows]
    gram = (whole @ whole.T).toarray().astype(np.float64)
    diag = np.diag(gram)
    n, k = len(ids), len(stands)
    with_area = any(st.area is not None for st in stands)
    labels_n = k + 1 if with_area else k  # label k: left out
    area = np.array([it.area for it in interests])
    theme = np.zeros((n, k))
    themed = np.zeros(k, dtype=bool)
    for s, vec in enumerate(_theme_vectors(index, stands, w)):
        if vec is not None:
            theme[:, s] = (whole @ vec.T).toarray().ravel()
            themed[s] = True
    pref = np.array(
        [[w.preferred * (it.preferred_stand == st.id) for st in stands] for it in interests]
    )
    best, best_key, best_label = -math.inf, -math.inf, None
    total = labels_n**n
    for start in range(0, total, 200_000):
        codes = np.arange(start, min(total, start + 200_000))
        labels = np.stack(np.unravel_index(codes, (labels_n,) * n), axis=1)
        value = np.zeros(len(codes))
        ok = np.ones(len(codes), dtype=bool)
        placed = (labels < k).sum(axis=1)
        for s in range(k):
            m = (labels == s).astype(np.float64)
            size = m.sum(axis=1)
            ok &= size <= stands[s].places
            if stands[s].area is not None:
                ok &= m @ area <= stands[s].area + 1e-6
            pairs = (((m @ gram) * m).sum(axis=1) - m @ diag) / 2
            coh = np.divide(pairs, size * (size - 1) / 2, out=np.zeros_like(pairs), where=size >= 2)
            fit = np.divide(m @ theme[:, s], size, out=np.zeros_like(pairs), where=size >= 1)
            value += coh + (w.theme * fit if themed[s] else 0) + m @ pref[:, s]
        key = np.where(ok, placed * 1000.0 + value, -math.inf)  # placed first (value < 1000)
        j = int(np.argmax(key))
        if key[j] > best_key:
            best_key, best, best_label = float(key[j]), float(value[j]), labels[j]
    assert best_label is not None
    assignments = {
        st.id: [ids[r] for r in range(n) if best_label[r] == s] for s, st in enumerate(stands)
    }
    return best, assignments, int((best_label < k).sum())


def random_objective(
    rng: random.Random, index: ProfileIndex, interests: list[Interest], stands: list[StandSpec]
) -> float:
    """Objective of a random assignment: organisations in random order fill random places
    (a place whose stand has no area left for the organisation is skipped)."""
    slots = [st.id for st in stands for _ in range(st.places)]
    rng.shuffle(slots)
    by_id = {st.id: st for st in stands}
    used = dict.fromkeys(by_id, 0.0)
    assignments: dict[int, list[int]] = {st.id: [] for st in stands}
    order = list(interests)
    rng.shuffle(order)
    for it in order:
        for n, sid in enumerate(slots):
            cap = by_id[sid].area
            if cap is None or used[sid] + it.area <= cap:
                assignments[sid].append(it.org_id)
                used[sid] += it.area
                slots.pop(n)
                break
    return evaluate(index, assignments, stands, interests).objective


def small(count: int, seed: int, area: bool = False) -> bool:
    rng = random.Random(seed)
    gaps, worse, fewer, t_heur, t_exact = [], 0, 0, 0.0, 0.0
    sizes = (8, 10) if area else (8, 12)
    for _ in range(count):
        n, k = rng.randint(*sizes), rng.choice([2, 3])
        index, interests, stands = make_instance(rng, n, k, rng.randint(0, 2), 0.5, area)
        t = time.perf_counter()
        ours = group_stands(index, interests, stands)
        t_heur += time.perf_counter() - t
        t = time.perf_counter()
        opt, assignments, placed = exhaustive(index, interests, stands)
        t_exact += time.perf_counter() - t
        check = evaluate(index, assignments, stands, interests).objective
        assert abs(check - opt) < 1e-5, (check, opt)  # both scorers agree
        ours_placed = sum(len(v) for v in ours.assignments.values())
        for st in stands:  # the heuristic never over-fills a stand
            got = sum(it.area for it in interests if it.org_id in ours.assignments[st.id])
            assert len(ours.assignments[st.id]) <= st.places
            assert st.area is None or got <= st.area + 1e-6, (got, st)
        fewer += ours_placed < placed
        gap = max(0.0, (opt - ours.objective) / opt) if opt > 0 and ours_placed == placed else 0.0
        gaps.append(gap)
        worse += gap > 1e-6 or ours_placed < placed
    what = "with floor area, " if area else ""
    print(
        f"small: {count} instances, {what}{sizes[0]}-{sizes[1]} organisations, 2-3 stands "
        f"(seed {seed})"
    )
    print(
        f"{'mean gap %':>10} {'max gap %':>10} {'optimal':>8} {'fewer placed':>12} "
        f"{'heur ms':>8} {'exact ms':>9}"
    )
    print(
        f"{100 * np.mean(gaps):>10.3f} {100 * max(gaps):>10.3f} {count - worse:>5}/{count:<2} "
        f"{fewer:>12} {1000 * t_heur / count:>8.1f} {1000 * t_exact / count:>9.0f}"
    )
    return float(np.mean(gaps)) < 0.02 and fewer == 0


def large(sizes: list[int], seed: int, randoms: int) -> bool:
    print(
        f"\nlarge: about 25 places per stand, half themed; random = mean of {randoms} (seed {seed})"
    )
    print(
        f"{'orgs':>5} {'stands':>6} {'build s':>8} {'greedy':>8} {'local':>8} {'random':>8} "
        f"{'ratio':>6} {'group s':>8}"
    )
    ok = True
    for n in sizes:
        rng = random.Random(seed + n)
        k = max(2, round(n / 25))
        t = time.perf_counter()
        index, interests, stands = make_instance(rng, n, k, max(2, n // 50), 0.5, area=True)
        build = time.perf_counter() - t
        start = group_stands(index, interests, stands, local_search=False).objective
        t = time.perf_counter()
        ours = group_stands(index, interests, stands)
        took = time.perf_counter() - t
        rand = float(
            np.mean([random_objective(rng, index, interests, stands) for _ in range(randoms)])
        )
        print(
            f"{n:>5} {k:>6} {build:>8.2f} {start:>8.3f} {ours.objective:>8.3f} {rand:>8.3f} "
            f"{ours.objective / rand:>6.2f} {took:>8.2f}",
            flush=True,
        )
        if n >= 1000:
            ok &= took < 10
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 small instances, sizes 60,200")
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--sizes", default="60,200,1000")
    parser.add_argument("--randoms", type=int, default=10)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    count = 10 if args.quick else args.small
    sizes = [60, 200] if args.quick else [int(s) for s in args.sizes.split(",")]
    buf = io.StringIO()

    class Tee(io.TextIOBase):
        def write(self, s: str) -> int:
            sys.__stdout__.write(s)
            sys.__stdout__.flush()
            return buf.write(s)

    with redirect_stdout(Tee()):
        ok = small(count, args.seed) if count else True
        ok &= small(count, args.seed, area=True) if count else True
        ok &= large(sizes, args.seed, args.randoms)
        print("goals met:", "yes" if ok else "NO")
    if args.write:
        RESULTS.write_text(
            "# Stand grouping benchmark (2 cores, shared machine)\n\n"
            f"`benchmarks/stand_grouping.py {' '.join(sys.argv[1:])}`\n```\n{buf.getvalue()}```\n"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
