"""The streaming build: chunked, parallel or serial, in any input order, the same index."""

import random

import numpy as np
import pytest

from matchmaker.matching import Profile, ProfileIndex, index_build, suggest

WORDS = """laiva potkuri akseli teräs runko hitsaus koneistus valu sähkö akku automaatio
laivanrakennus säätöpotkuri potkuriakseli ship propeller shaft steel hull welding machining
casting battery sawmill bark pellet ash recycling biogas transport logistics""".split()


def _profiles(n: int) -> list[Profile]:
    rng = random.Random(4)

    def text(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    return [
        Profile(
            id=10 * pid,
            about=text(rng.randint(0, 20)),  # some are short: read in every language
            offers=text(rng.randint(1, 8)),
            needs=text(rng.randint(1, 8)),
            side_offered=text(3) if rng.random() < 0.3 else "",
            markets=frozenset(rng.sample(["Norway", "Sweden", "Japan"], rng.randint(0, 2))),
            region=rng.choice(["", "Lahti", "Turku"]),
            clusters=frozenset({rng.randint(1, 3)}),
            industries=frozenset({rng.choice(["30", "16", "25"])}),
            name=f"Org {pid}",
        )
        for pid in range(1, n + 1)
    ]


def _same(a: ProfileIndex, b: ProfileIndex) -> None:
    assert a.terms == b.terms
    assert list(a.ids) == list(b.ids)
    assert list(a.languages) == list(b.languages)
    assert a.known_stems == b.known_stems and a.surface == b.surface
    for name, m in a.matrices.items():
        assert (m != b.matrices[name]).nnz == 0, name
        assert (a.transposed[name] != b.transposed[name]).nnz == 0, name
    assert a.market_names == b.market_names and (a.markets != b.markets).nnz == 0
    assert a.cluster_ids == b.cluster_ids and (a.clusters != b.clusters).nnz == 0
    assert a.division_codes == b.division_codes and (a.divisions != b.divisions).nnz == 0
    assert a.region_names == b.region_names and np.array_equal(a.regions, b.regions)
    assert np.array_equal(a._transformer.idf_, b._transformer.idf_)


def test_chunked_parallel_streamed_build_equals_the_serial_one(monkeypatch):
    profiles = _profiles(300)
    serial = ProfileIndex.build(list(reversed(profiles)))  # any order: rows go by id
    monkeypatch.setattr(index_build, "BUILD_CHUNK", 17)
    monkeypatch.setattr(index_build, "PARALLEL_MIN", 0)
    parallel = ProfileIndex.build(iter(profiles), workers=2)
    _same(serial, parallel)
    org = profiles[5].id
    assert suggest(serial, org) == suggest(parallel, org)


def test_the_build_keeps_no_profile_objects_but_gives_them_back():
    profiles = _profiles(40)
    index = ProfileIndex.build(iter(profiles))
    assert not isinstance(index.profiles, list)  # packed JSON, decoded on access
    assert [index.profiles[i] for i in range(len(index))] == profiles
    assert index.pos(profiles[7].id) == 7 and 11 not in index


def test_duplicate_ids_are_refused():
    p = _profiles(3)
    with pytest.raises(ValueError, match="unique"):
        ProfileIndex.build([p[1], p[0], p[1]])
