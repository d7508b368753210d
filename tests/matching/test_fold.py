"""Folding new and edited profiles into a built index (no refit)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from matchmaker.matching import Profile, ProfileIndex, fold_in, suggest


def test_refolding_an_unchanged_profile_gives_its_built_rows(
    maritime: dict[str, Profile],
) -> None:
    index = ProfileIndex.build(maritime.values())
    folded = fold_in(index, [maritime["yard"]])
    i = index.pos(maritime["yard"].id)
    for name, m in index.matrices.items():
        assert np.allclose(folded.matrices[name][i].toarray(), m[i].toarray()), name
    assert folded.terms is index.terms  # same vocabulary, nothing refitted


def test_new_profile_is_suggested_and_gets_suggestions(
    maritime: dict[str, Profile], make_profile: Callable[..., Profile]
) -> None:
    index = ProfileIndex.build(maritime.values())
    newcomer = make_profile(
        id=1000, offers="Potkurit ja akselilinjojen kunnostus.", clusters=frozenset({1})
    )
    folded = fold_in(index, [newcomer])
    assert newcomer.id not in index  # the original is left alone
    assert newcomer.id in [s.id for s in suggest(folded, maritime["yard"].id)]
    assert maritime["yard"].id in [s.id for s in suggest(folded, newcomer.id)]


def test_edited_profile_is_matched_by_its_new_text(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    yard, propellers = maritime["yard"], maritime["propellers"]
    assert propellers.id in [s.id for s in suggest(index, yard.id)]
    edited = Profile(id=propellers.id, about="Kahvila satamassa.", offers="Kahvilapalvelut.")
    folded = fold_in(index, [edited])
    assert propellers.id not in [s.id for s in suggest(folded, yard.id)]


def test_removed_profile_leaves_the_folded_index(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    folded = fold_in(index, [], removed=[maritime["propellers"].id])
    assert maritime["propellers"].id not in folded
    assert len(folded) == len(index) - 1
    assert maritime["propellers"].id not in [s.id for s in suggest(folded, maritime["yard"].id)]


def test_folded_postings_are_the_transpose_of_the_folded_rows(
    maritime: dict[str, Profile], make_profile: Callable[..., Profile]
) -> None:
    """Edits and appended profiles update the build's postings in place; a removal, which
    moves rows, transposes again: either way the postings match the rows exactly."""
    index = ProfileIndex.build(maritime.values())
    yard = maritime["yard"]
    edited = make_profile(id=yard.id, offers="Potkurit ja hitsaus", clusters=yard.clusters)
    newcomer = make_profile(id=10_000, needs="Hitsaus ja potkurit", clusters=frozenset({1}))
    some_id = int(index.ids[1])
    for changed, removed in (([edited, newcomer], []), ([edited], [some_id])):
        folded = fold_in(index, changed, removed)
        for name, m in folded.matrices.items():
            expected = m.T.tocsr()
            assert (folded.transposed[name] != expected).nnz == 0, name
            assert folded.transposed[name].shape == expected.shape
        assert folded.profiles[folded.pos(yard.id)].offers == "Potkurit ja hitsaus"
        assert (some_id in folded) == (not removed)
