"""Joint-stand grouping: capacity, left-overs, themes, local search, reasons, invitees."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import pytest

from matchmaker.matching import Profile, ProfileIndex
from matchmaker.matching.stands import (
    REASON_NO_PLACE,
    REASON_NOT_IN_INDEX,
    Grouping,
    Interest,
    StandSpec,
    best_stand_for,
    evaluate,
    group_stands,
    suggest_invitees,
)
from matchmaker.matching.text import words

THEMES = {
    "ships": "ship hull propeller shaft shipyard welding deck rudder marine vessel".split(),
    "bio": "biogas pellet sawdust bark chips ash biochar pyrolysis fertiliser wood".split(),
    "power": "battery cable transformer inverter generator grid voltage charger solar".split(),
}


def themed_profiles(
    make_profile: Callable[..., Profile], per_theme: dict[str, int], seed: int = 1
) -> dict[str, list[Profile]]:
    """Profiles written in one clear theme each (a few words of another as noise)."""
    rng = random.Random(seed)
    every = [w for ws in THEMES.values() for w in ws]
    out: dict[str, list[Profile]] = {}
    for theme, count in per_theme.items():
        out[theme] = []
        for _ in range(count):
            text = rng.sample(THEMES[theme], 6) + rng.sample(every, 1)
            offers = rng.sample(THEMES[theme], 3)
            out[theme].append(
                make_profile(about=" ".join(text), offers=" ".join(offers), needs="partners")
            )
    return out


def members(grouping: Grouping) -> list[int]:
    return [m for ms in grouping.assignments.values() for m in ms]


@pytest.fixture
def planted(make_profile: Callable[..., Profile]) -> dict[str, list[Profile]]:
    return themed_profiles(make_profile, {"ships": 4, "bio": 4, "power": 4})


def test_no_stand_gets_more_members_than_places(planted: dict[str, list[Profile]]) -> None:
    profiles = [p for ps in planted.values() for p in ps]
    index = ProfileIndex.build(profiles)
    stands = [StandSpec(1, 2, "ship hull"), StandSpec(2, 5), StandSpec(3, 3)]
    grouping = group_stands(index, [p.id for p in profiles], stands)
    for stand in stands:
        assert len(grouping.assignments[stand.id]) <= stand.places


def test_everyone_placed_exactly_once_when_places_suffice(
    planted: dict[str, list[Profile]],
) -> None:
    profiles = [p for ps in planted.values() for p in ps]
    index = ProfileIndex.build(profiles)
    stands = [StandSpec(1, 5), StandSpec(2, 5), StandSpec(3, 5)]
    grouping = group_stands(index, [p.id for p in profiles], stands)
    assert sorted(members(grouping)) == sorted(p.id for p in profiles)
    assert grouping.unassigned == []


def test_shortfall_reported_when_places_run_out(planted: dict[str, list[Profile]]) -> None:
    profiles = [p for ps in planted.values() for p in ps]
    index = ProfileIndex.build(profiles)
    ids = [p.id for p in profiles] + [10_000]  # the last one has no indexed profile
    grouping = group_stands(index, ids, [StandSpec(1, 4), StandSpec(2, 5)])
    left = dict(grouping.unassigned)
    assert len(members(grouping)) == 9
    assert sorted(members(grouping) + list(left)) == sorted(ids)
    assert left.pop(10_000) == REASON_NOT_IN_INDEX
    assert set(left.values()) == {REASON_NO_PLACE} and len(left) == 3


def test_two_clear_themes_go_to_their_themed_stands(
    make_profile: Callable[..., Profile],
) -> None:
    groups = themed_profiles(make_profile, {"ships": 4, "bio": 4})
    index = ProfileIndex.build([p for ps in groups.values() for p in ps])
    stands = [StandSpec(7, 4, "biogas and pellets"), StandSpec(3, 4, "shipyard and propellers")]
    ids = [p.id for ps in groups.values() for p in ps]
    grouping = group_stands(index, ids, stands)
    assert grouping.assignments[3] == sorted(p.id for p in groups["ships"])
    assert grouping.assignments[7] == sorted(p.id for p in groups["bio"])


def test_three_planted_themes_grouped_without_theme_texts(
    planted: dict[str, list[Profile]],
) -> None:
    index = ProfileIndex.build([p for ps in planted.values() for p in ps])
    ids = [p.id for ps in planted.values() for p in ps]
    grouping = group_stands(index, ids, [StandSpec(1, 4), StandSpec(2, 4), StandSpec(3, 4)])
    found = {frozenset(ms) for ms in grouping.assignments.values()}
    assert found == {frozenset(p.id for p in ps) for ps in planted.values()}


def test_local_search_never_worsens_the_start(make_profile: Callable[..., Profile]) -> None:
    for seed in range(4):
        groups = themed_profiles(make_profile, {"ships": 5, "bio": 4, "power": 3}, seed)
        index = ProfileIndex.build([p for ps in groups.values() for p in ps])
        ids = [p.id for ps in groups.values() for p in ps]
        stands = [StandSpec(1, 5, "battery grid"), StandSpec(2, 3), StandSpec(3, 5)]
        start = group_stands(index, ids, stands, local_search=False)
        final = group_stands(index, ids, stands)
        assert final.objective >= start.objective - 1e-9


def test_same_input_gives_the_same_grouping(planted: dict[str, list[Profile]]) -> None:
    profiles = [p for ps in planted.values() for p in ps]
    index = ProfileIndex.build(profiles)
    interests = [Interest(p.id, 1 if p.id % 3 == 0 else None) for p in profiles]
    stands = [StandSpec(1, 4, "solar inverter"), StandSpec(2, 4), StandSpec(3, 3)]
    first = group_stands(index, interests, stands)
    again = group_stands(ProfileIndex.build(profiles), list(reversed(interests)), stands[::-1])
    assert first == again


def test_near_competitors_are_flagged(make_profile: Callable[..., Profile]) -> None:
    a = make_profile(about="marine propulsion", offers="propellers and shafts", needs="bronze")
    b = make_profile(about="ship propulsion", offers="propellers and shafts", needs="steel")
    c = make_profile(about="marine paint", offers="hull coating", needs="sand")
    index = ProfileIndex.build([a, b, c])
    grouping = group_stands(index, [a.id, b.id, c.id], [StandSpec(1, 3)])
    flagged = grouping.per_stand[1].near_competitors
    assert [(x, y) for x, y, _ in flagged] == [(a.id, b.id)]
    assert flagged[0][2] > 0.9


def test_shared_terms_are_words_the_members_wrote(planted: dict[str, list[Profile]]) -> None:
    profiles = [p for ps in planted.values() for p in ps]
    index = ProfileIndex.build(profiles)
    grouping = group_stands(index, [p.id for p in profiles], [StandSpec(1, 6), StandSpec(2, 6)])
    by_id = {p.id: p for p in profiles}
    for stand_id, ms in grouping.assignments.items():
        written = {w.casefold() for m in ms for w in words(by_id[m].field_texts()["whole"])}
        terms = grouping.per_stand[stand_id].shared_terms
        assert terms and set(terms) <= written


def test_fitting_outsider_is_invited_first(planted: dict[str, list[Profile]]) -> None:
    index = ProfileIndex.build([p for ps in planted.values() for p in ps])
    ships, bio, power = (planted[k] for k in ("ships", "bio", "power"))
    current = [p.id for p in ships[:3]]
    candidates = [bio[0].id, power[0].id, ships[3].id, bio[1].id]
    ranked = suggest_invitees(index, "shipyard and hull welding", current, candidates, k=3)
    assert ranked[0][0] == ships[3].id
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert not set(current) & {c for c, _ in ranked}


def test_best_stand_for_prefers_the_stand_of_its_theme(
    planted: dict[str, list[Profile]],
) -> None:
    index = ProfileIndex.build([p for ps in planted.values() for p in ps])
    stands = [StandSpec(1, 4, "biogas"), StandSpec(2, 4, "batteries")]
    assignments = {1: [p.id for p in planted["bio"][:3]], 2: [p.id for p in planted["power"][:3]]}
    ranked = best_stand_for(index, planted["power"][3].id, stands, assignments)
    assert [f.stand_id for f in ranked] == [2, 1]
    assert ranked[0].has_place and ranked[0].score > ranked[1].score


def test_tiny_instance_reaches_the_exhaustive_optimum(
    make_profile: Callable[..., Profile],
) -> None:
    groups = themed_profiles(make_profile, {"ships": 3, "bio": 2, "power": 2}, seed=9)
    profiles = [p for ps in groups.values() for p in ps]
    index = ProfileIndex.build(profiles)
    ids = [p.id for p in profiles]
    interests = [Interest(i, 2 if i == ids[0] else None) for i in ids]
    stands = [StandSpec(1, 3, "battery charger"), StandSpec(2, 4)]
    best = -1.0
    for labels in itertools.product((1, 2), repeat=len(ids)):
        chosen = {
            s.id: [i for i, lab in zip(ids, labels, strict=True) if lab == s.id] for s in stands
        }
        if all(len(chosen[s.id]) <= s.places for s in stands):
            best = max(best, evaluate(index, chosen, stands, interests).objective)
    assert group_stands(index, interests, stands).objective == pytest.approx(best, abs=1e-6)


def test_preferred_stand_decides_between_equal_fits(make_profile: Callable[..., Profile]) -> None:
    a = make_profile(about="pellet boiler", offers="pellets", needs="sawdust")
    b = make_profile(about="pellet boiler", offers="pellets", needs="sawdust")
    index = ProfileIndex.build([a, b])
    stands = [StandSpec(1, 1), StandSpec(2, 1)]
    grouping = group_stands(index, [Interest(a.id, 2), Interest(b.id, 1)], stands)
    assert grouping.assignments == {1: [b.id], 2: [a.id]}


# ---------------------------------------------------------------------- floor area
def _areas_on(grouping: Grouping, area: dict[int, float]) -> dict[int, float]:
    return {s: sum(area[m] for m in ms) for s, ms in grouping.assignments.items()}


@pytest.mark.parametrize("seed", range(6))
def test_no_stand_gets_more_area_than_it_has(
    make_profile: Callable[..., Profile], seed: int
) -> None:
    groups = themed_profiles(make_profile, {"ships": 7, "bio": 6, "power": 5}, seed=seed)
    profiles = [p for ps in groups.values() for p in ps]
    index = ProfileIndex.build(profiles)
    rng = random.Random(seed)
    area = {p.id: rng.choice([4.0, 6.0, 9.0, 12.0]) for p in profiles}
    stands = [StandSpec(1, 8, "ship propeller", 30.0), StandSpec(2, 8, "", 24.0)]
    grouping = group_stands(index, [Interest(i, None, a) for i, a in area.items()], stands)
    used = _areas_on(grouping, area)
    assert used[1] <= 30.0 and used[2] <= 24.0
    # nobody left over would still fit on a stand with a free place
    for org_id, _reason in grouping.unassigned:
        for s in stands:
            fits = used[s.id] + area[org_id] <= s.area
            assert not (fits and len(grouping.assignments[s.id]) < s.places), (org_id, s.id)


def test_area_leaves_out_the_company_that_does_not_fit(
    make_profile: Callable[..., Profile],
) -> None:
    ships = themed_profiles(make_profile, {"ships": 4}, seed=3)["ships"]
    index = ProfileIndex.build(ships)
    big = ships[0].id
    interests = [Interest(p.id, None, 20.0 if p.id == big else 6.0) for p in ships]
    grouping = group_stands(index, interests, [StandSpec(1, 10, "ship hull", 20.0)])
    assert big not in grouping.assignments[1] and len(grouping.assignments[1]) == 3
    assert grouping.unassigned == [(big, REASON_NO_PLACE)]


def test_tiny_instance_with_areas_reaches_the_exhaustive_optimum(
    make_profile: Callable[..., Profile],
) -> None:
    groups = themed_profiles(make_profile, {"ships": 3, "bio": 3, "power": 2}, seed=4)
    profiles = [p for ps in groups.values() for p in ps]
    index = ProfileIndex.build(profiles)
    ids = [p.id for p in profiles]
    area = dict(zip(ids, [9.0, 6.0, 6.0, 12.0, 6.0, 4.0, 9.0, 6.0], strict=True))
    interests = [Interest(i, None, area[i]) for i in ids]
    stands = [StandSpec(1, 4, "ship shaft", 21.0), StandSpec(2, 4, "", 24.0)]
    best = (-1, -1.0)
    for labels in itertools.product((0, 1, 2), repeat=len(ids)):
        chosen = {
            s.id: [i for i, lab in zip(ids, labels, strict=True) if lab == s.id] for s in stands
        }
        if all(
            len(chosen[s.id]) <= s.places and sum(area[m] for m in chosen[s.id]) <= s.area
            for s in stands
        ):
            placed = sum(len(v) for v in chosen.values())
            best = max(best, (placed, evaluate(index, chosen, stands, interests).objective))
    ours = group_stands(index, interests, stands)
    assert sum(len(v) for v in ours.assignments.values()) == best[0]
    assert ours.objective == pytest.approx(best[1], abs=1e-6)


def test_without_areas_the_grouping_is_unchanged(planted: dict[str, list[Profile]]) -> None:
    profiles = [p for ps in planted.values() for p in ps]
    index = ProfileIndex.build(profiles)
    plain = group_stands(index, [p.id for p in profiles], [StandSpec(1, 5), StandSpec(2, 5)])
    roomy = group_stands(
        index,
        [Interest(p.id, None, 6.0) for p in profiles],
        [StandSpec(1, 5, "", 1000.0), StandSpec(2, 5, "", 1000.0)],
    )
    assert plain.assignments == roomy.assignments and plain.objective == roomy.objective


def test_near_competitors_are_listed_as_groups(make_profile: Callable[..., Profile]) -> None:
    same = "propellers and shafts"
    a, b, c = (make_profile(about="propulsion", offers=same, needs="steel") for _ in range(3))
    d = make_profile(about="marine paint", offers="hull coating", needs="sand")
    e = make_profile(about="paints", offers="hull coating", needs="solvents")
    f = make_profile(about="software", offers="fleet software", needs="data")
    index = ProfileIndex.build([a, b, c, d, e, f])
    grouping = group_stands(index, [p.id for p in (a, b, c, d, e, f)], [StandSpec(1, 6)])
    quality = grouping.per_stand[1]
    assert len(quality.near_competitors) == 4  # a-b, a-c, b-c and d-e
    assert quality.competitor_groups == [[a.id, b.id, c.id], [d.id, e.id]]
