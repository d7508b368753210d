"""Partner suggestions, reasons, side streams, cluster fit, similar and query."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from matchmaker.matching import (
    IndexConfig,
    Profile,
    ProfileIndex,
    Weights,
    cluster_fit,
    explain,
    joint_bid_partners,
    query,
    side_stream_matches,
    similar,
    suggest,
    suggest_all,
)


def ranked_ids(index: ProfileIndex, org_id: int, **kw: object) -> list[int]:
    return [s.id for s in suggest(index, org_id, **kw)]  # type: ignore[arg-type]


def test_complementary_partner_outranks_merely_similar(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    ids = ranked_ids(index, maritime["yard"].id)
    assert ids.index(maritime["propellers"].id) < ids.index(maritime["other_yard"].id)


def test_thematic_similar_prefers_the_similar_shipyard(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    assert similar(index, maritime["yard"].id, k=1)[0][0] == maritime["other_yard"].id


def test_self_is_never_suggested(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    for profile in maritime.values():
        assert profile.id not in ranked_ids(index, profile.id, k=10)


def test_dismissed_are_excluded(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    yard, propellers = maritime["yard"].id, maritime["propellers"].id
    assert propellers in ranked_ids(index, yard)
    assert propellers not in ranked_ids(index, yard, exclude={propellers})


def test_reasons_name_the_matched_words(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    top = suggest(index, maritime["yard"].id, k=1)[0]
    reason = next(r for r in top.reasons if r.kind == "they_offer_your_need")
    assert "potkurit" in reason.their_words
    assert "potkureita" in reason.your_words
    assert reason.weight > 0


def test_reasons_are_sorted_by_weight(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    reasons = suggest(index, maritime["yard"].id, k=1)[0].reasons
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)


def test_shared_market_and_region_give_reasons(make_profile: Callable[..., Profile]) -> None:
    a = make_profile(needs="propellers", markets=frozenset({"Norway"}), region="Lappi")
    b = make_profile(offers="propellers", markets=frozenset({"norway"}), region="Lappi")
    index = ProfileIndex.build([a, b])
    kinds = {r.kind: r for r in suggest(index, a.id)[0].reasons}
    assert kinds["shared_market"].their_words == ["norway"]
    assert kinds["same_region"].your_words == ["Lappi"]


def test_bonus_alone_does_not_make_a_suggestion(make_profile: Callable[..., Profile]) -> None:
    a = make_profile(needs="propellers", region="Lappi")
    b = make_profile(offers="bakery products", region="Lappi")
    assert suggest(ProfileIndex.build([a, b]), a.id) == []


def test_cross_cluster_flag_and_same_cluster_only(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    yard = maritime["yard"].id
    flags = {s.id: s.cross_cluster for s in suggest(index, yard, k=10)}
    assert flags[maritime["propellers"].id] is False
    for profile in maritime.values():
        if profile.id in flags and 1 not in profile.clusters:
            assert flags[profile.id] is True
    same = ranked_ids(index, yard, k=10, same_cluster_only=True)
    assert same and all(1 in index.profiles[index.pos(i)].clusters for i in same)


def test_ties_are_broken_by_id(make_profile: Callable[..., Profile]) -> None:
    a = make_profile(needs="propellers")
    twins = [make_profile(offers="propellers") for _ in range(4)]
    index = ProfileIndex.build([*reversed(twins), a])
    assert ranked_ids(index, a.id, k=3) == [t.id for t in twins[:3]]


def test_batch_equals_single_suggestions(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    batch = suggest_all(index, k=3, weights=Weights(block_cells=7))  # several row blocks
    for profile in maritime.values():
        assert batch[profile.id] == suggest(index, profile.id, k=3)


def test_batch_respects_per_organisation_exclusions(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    yard, propellers = maritime["yard"].id, maritime["propellers"].id
    batch = suggest_all(index, exclude={yard: {propellers}})
    assert propellers not in [s.id for s in batch[yard]]


def test_rebuilt_index_follows_changed_profiles(maritime: dict[str, Profile]) -> None:
    yard = maritime["yard"]
    before = ranked_ids(ProfileIndex.build(maritime.values()), yard.id, k=1)
    new_yard = Profile(yard.id, yard.about, yard.offers, needs="Pronssisia valukappaleita")
    changed = dict(maritime, yard=new_yard)
    after = ranked_ids(ProfileIndex.build(changed.values()), yard.id, k=1)
    assert before == [maritime["propellers"].id]
    assert after == [maritime["foundry"].id]


def test_unknown_organisation_raises(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    with pytest.raises(KeyError):
        suggest(index, max(p.id for p in maritime.values()) + 1)


def test_side_streams_match_material_and_name_the_use(
    make_profile: Callable[..., Profile],
) -> None:
    sawmill = make_profile(about="Sawmill", offers="Sawn timber", side_offered="Sawdust and bark")
    pellets = make_profile(
        about="Pellet plant", offers="Wood pellets", side_wanted="Sawdust for pellet production"
    )
    greenhouse = make_profile(about="Greenhouse", offers="Tomatoes", side_wanted="Waste heat")
    index = ProfileIndex.build([sawmill, pellets, greenhouse])
    matches = side_stream_matches(index, sawmill.id)
    assert [m.id for m in matches] == [pellets.id]
    reason = matches[0].reasons[0]
    assert reason.kind == "side_stream_taken"
    assert reason.your_words == ["sawdust"]
    assert "production" in reason.context
    back = side_stream_matches(index, pellets.id, both_directions=False)
    assert [m.id for m in back] == [sawmill.id]
    assert back[0].reasons[0].kind == "side_stream"


def test_cluster_fit_picks_the_right_cluster(make_profile: Callable[..., Profile]) -> None:
    members = [
        make_profile(
            about="Laivanrakennus ja telakka", offers="Potkurit", clusters=frozenset({10})
        ),
        make_profile(
            about="Laivojen ilmanvaihto",
            offers="Ilmastointi laivoihin",
            clusters=frozenset({10, 30}),
        ),
        make_profile(
            about="Sahalaitos",
            offers="Sahatavara",
            side_offered="Sahanpurua",
            clusters=frozenset({20}),
        ),
        make_profile(
            about="Pellettitehdas",
            offers="Pelletit",
            side_wanted="Sahanpuru",
            clusters=frozenset({20}),
        ),
        make_profile(about="Kylmätestaus", offers="Talvitestaus", clusters=frozenset({30})),
    ]
    index = ProfileIndex.build(members)
    fits = cluster_fit(index, "Valmistamme pellettejä sahanpurusta", k_members=2)
    assert fits[0].cluster_id == 20
    assert fits[0].top_members[0][0] == members[3].id
    newcomer = make_profile(about="Laivojen ilmastointi ja potkurit")
    assert cluster_fit(index, newcomer)[0].cluster_id == 10


def test_query_ranks_by_free_text(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    assert query(index, "hiekkapuhallus", k=3)[0][0] == maritime["painter"].id
    assert query(index, "", k=3) == []


def test_char_ngram_option_keeps_scores_within_cosine_range(
    maritime: dict[str, Profile],
) -> None:
    index = ProfileIndex.build(maritime.values(), IndexConfig(char_ngrams=True))
    top = suggest(index, maritime["yard"].id, k=1)[0]
    assert top.id == maritime["propellers"].id
    assert 0 < top.score <= sum((1.0, 0.6, 0.3, 0.4, 0.03, 0.02))


def test_explain_by_ids_matches_suggestion_reasons(maritime: dict[str, Profile]) -> None:
    index = ProfileIndex.build(maritime.values())
    yard, propellers = maritime["yard"].id, maritime["propellers"].id
    top = suggest(index, yard, k=1)[0]
    assert top.id == propellers
    assert [r.kind for r in explain(index, yard, propellers)] == [r.kind for r in top.reasons]


def test_without_complementarity_the_similar_yard_wins(maritime: dict[str, Profile]) -> None:
    """Control for the ranking test above: theme alone prefers the look-alike shipyard."""
    index = ProfileIndex.build(maritime.values())
    theme_only = Weights(they_offer_your_need=0, you_offer_their_need=0, side_stream=0)
    assert ranked_ids(index, maritime["yard"].id, k=1, weights=theme_only) == [
        maritime["other_yard"].id
    ]


def test_generic_words_are_never_reason_words(make_profile: Callable[..., Profile]) -> None:
    filler = [
        make_profile(about=f"Equipment Oy perustettu 2010 Lahti, toimiala {n}") for n in range(12)
    ]
    a = make_profile(
        about="Equipment Oy perustettu 2010 Lahti. Säätöpotkurit työveneisiin.",
        needs="Pronssivalut potkurinlapoihin",
        region="Lahti",
    )
    b = make_profile(
        about="Equipment Oy perustettu 2010 Lahti. Säätöpotkurit lautoille.",
        offers="Pronssivalut potkurinlapoihin ja napoihin",
        region="Lahti",
    )
    index = ProfileIndex.build([*filler, a, b])
    reasons = suggest(index, a.id)[0].reasons
    text_words = {w.casefold() for r in reasons if r.kind != "same_region" for w in r.their_words}
    assert text_words and not text_words & {"equipment", "oy", "perustettu", "2010", "lahti"}
    theme = next(r for r in reasons if r.kind == "shared_theme")
    assert theme.their_words == ["säätöpotkurit"]


def test_reason_resting_on_generic_words_only_is_dropped(
    make_profile: Callable[..., Profile],
) -> None:
    filler = [make_profile(about=f"Equipment and products, line {n}") for n in range(12)]
    a = make_profile(about="Equipment and products.", needs="propellers")
    b = make_profile(about="Equipment and products.", offers="propellers")
    index = ProfileIndex.build([*filler, a, b])
    kinds = [r.kind for r in suggest(index, a.id)[0].reasons]
    assert "they_offer_your_need" in kinds and "shared_theme" not in kinds


def test_competitor_is_a_joint_bid_partner_not_a_suggestion(
    make_profile: Callable[..., Profile],
) -> None:
    me = make_profile(offers="Säätöpotkurit ja ohjailupotkurit", needs="Pronssivalut potkureihin")
    rival = make_profile(offers="Säätöpotkurit ja ohjailupotkurit", needs="Pronssivalut")
    foundry = make_profile(offers="Pronssivalut potkureihin")
    yard = make_profile(offers="Työveneiden rakentaminen", needs="Ohjailupotkurit")
    index = ProfileIndex.build([me, rival, foundry, yard])
    assert [s.id for s in suggest(index, me.id)] == [foundry.id, yard.id]
    joint = joint_bid_partners(index, me.id)
    assert [s.id for s in joint] == [rival.id]
    assert joint[0].reasons[0].kind == "same_offers"


def test_one_kind_of_firm_cannot_fill_the_top(make_profile: Callable[..., Profile]) -> None:
    me = make_profile(needs="Potkuriakselien koneistus. Hydrauliikkakomponentit.")
    shops = [make_profile(offers=f"Potkuriakselien koneistus, sorvi {n}") for n in range(5)]
    hydraulics = make_profile(
        offers="Hydrauliikkakomponentit, maalaus, hiekkapuhallus, pakkaus ja kuljetus"
    )
    index = ProfileIndex.build([me, *shops, hydraulics])
    top = [s.id for s in suggest(index, me.id, k=3)]
    assert hydraulics.id in top
    everyone = [s.id for s in suggest(index, me.id, k=10, weights=Weights(per_kind=0))]
    assert everyone.index(hydraulics.id) >= 3  # without the cap the shops fill the top


def test_value_chain_prior_ranks_a_buying_industry_higher(
    make_profile: Callable[..., Profile],
) -> None:
    me = make_profile(offers="Säätöpotkurit", industries=frozenset({"28"}))
    yard = make_profile(needs="Säätöpotkurit", industries=frozenset({"30"}))
    bakery = make_profile(needs="Säätöpotkurit", industries=frozenset({"10"}))
    index = ProfileIndex.build([me, yard, bakery])
    scores = {s.id: s.score for s in suggest(index, me.id)}
    assert scores[yard.id] > scores[bakery.id]
    flat = {s.id: s.score for s in suggest(index, me.id, weights=Weights(value_chain=0))}
    assert flat[yard.id] == flat[bakery.id]  # the same text: only the prior tells them apart
