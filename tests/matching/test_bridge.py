"""The term bridge: one meaning in Finnish, English and Swedish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from matchmaker.demo.data import build_demo
from matchmaker.matching import IndexConfig, Profile, ProfileIndex, query, suggest
from matchmaker.matching.bridge import (
    Synonym,
    TermBridge,
    _dictd_entries,
    load_freedict,
    load_glossary,
)

PROPULSION_EN = ("Kestrel Marine Drives Oy", "Lakeside Thruster Systems Oy", "Nordcast Foundry Oy")


@pytest.fixture(scope="module")
def demo_index() -> tuple[ProfileIndex, dict[int, str], dict[str, int]]:
    """The demo organisations as plain profiles (no database)."""
    profiles = []
    for n, o in enumerate(build_demo()["organisations"], start=1):
        profiles.append(
            Profile(
                id=n,
                about=f"{o['description']}\n{o['keywords']}",
                offers=o["capabilities"],
                needs=o["needs"],
                side_offered=o["side_streams_offered"],
                side_wanted=o["side_streams_wanted"],
                name=o["name"],
            )
        )
    index = ProfileIndex.build(profiles)
    names = {p.id: p.name for p in profiles}
    return index, names, {v: k for k, v in names.items()}


def test_the_glossary_is_a_few_hundred_concepts_in_three_languages() -> None:
    concepts = load_glossary()
    assert len(concepts) >= 200
    assert all(all(c.terms[lang] for lang in ("fi", "en", "sv")) for c in concepts)


@pytest.mark.parametrize("text", ["potkuri", "propeller"])
def test_potkuri_and_propeller_find_the_english_propulsion_firms(demo_index, text) -> None:
    index, names, _ = demo_index
    found = {names[i] for i, _ in query(index, text, k=40)}
    assert set(PROPULSION_EN) <= found


def test_without_the_bridge_potkuri_misses_the_english_propulsion_firms(demo_index) -> None:
    index, names, _ = demo_index
    plain = ProfileIndex.build(index.profiles, IndexConfig(bridge=False))
    found = {names[i] for i, _ in query(plain, "potkuri", k=40)}
    assert not set(PROPULSION_EN) & found


def test_hitsaus_finds_english_welding_firms(demo_index) -> None:
    index, names, _ = demo_index
    found = [names[i] for i, _ in query(index, "hitsaus", k=60)]
    english = [n for n in found if "Weld" in n or "Steel" in n or "NDT" in n]
    assert len(english) >= 3


def test_an_english_need_finds_finnish_suppliers(make_profile: Callable[..., Profile]) -> None:
    buyer = make_profile(
        about="A shipyard building ferries.",
        offers="Newbuilding and docking of ferries.",
        needs="We are looking for a supplier of controllable pitch propellers and shaft lines.",
    )
    maker = make_profile(
        about="Valmistamme säätöpotkureita ja akselilinjoja työveneisiin.",
        offers="Säätöpotkurit, potkurien huolto ja akselilinjojen asennus.",
        needs="Pronssivaluja.",
    )
    baker = make_profile(about="Leipomo.", offers="Leipää ja kakkuja.", needs="Jauhoja.")
    index = ProfileIndex.build([buyer, maker, baker])
    assert [s.id for s in suggest(index, buyer.id)][:1] == [maker.id]
    plain = ProfileIndex.build([buyer, maker, baker], IndexConfig(bridge=False))
    assert maker.id not in [s.id for s in suggest(plain, buyer.id)]


def test_inflected_and_compound_forms_meet_the_concept(make_profile) -> None:
    fi = make_profile(offers="Korjaamme säätöpotkureita.")
    en = make_profile(offers="Propellers.")
    other = make_profile(offers="Catering.")
    index = ProfileIndex.build([fi, en, other])
    assert [i for i, _ in query(index, "potkurit", lang="fi")][:2] == sorted([fi.id, en.id])


def test_a_reason_shows_each_profiles_own_word(make_profile) -> None:
    yard = make_profile(
        about="Telakka.", offers="Telakointi.", needs="Etsimme potkureita laivoihin."
    )
    maker = make_profile(about="Propulsion.", offers="Propellers for ferries.", needs="Bronze.")
    index = ProfileIndex.build([yard, maker])
    reason = next(r for r in suggest(index, yard.id)[0].reasons if r.kind == "they_offer_your_need")
    assert "propellers" in reason.their_words and "potkureita" in reason.your_words
    assert not any(w.startswith("~") for w in reason.their_words + reason.your_words)


def test_a_cluster_synonym_applies_to_its_members(make_profile) -> None:
    needer = make_profile(needs="Ruoppaus satama-altaaseen.", clusters=frozenset({1}))
    member = make_profile(offers="Seabed levelling works.", clusters=frozenset({1}))
    outsider = make_profile(offers="Seabed levelling works.", clusters=frozenset({2}))
    profiles = [needer, member, outsider]
    assert not query(ProfileIndex.build(profiles), "ruoppaus")[1:]
    bridge = TermBridge.default(synonyms=[Synonym(("ruoppaus", "seabed levelling"), 1)])
    index = ProfileIndex.build(profiles, bridge=bridge)
    assert [i for i, _ in query(index, "ruoppaus")] == [needer.id, member.id]


def test_freedict_entries_pair_a_headword_with_its_one_word_translations() -> None:
    body = "potkuri /ˈpotkuri/ <n>\npropeller, screw\n  lengthy gloss\nx <n>\nshort\n"
    assert list(_dictd_entries(body)) == [("potkuri", ["propeller", "screw"])]


def test_freedict_is_optional(tmp_path: Path) -> None:
    assert load_freedict(tmp_path) is None


def test_a_finnish_search_crosses_into_an_english_only_index(make_profile) -> None:
    welder = make_profile(offers="Welding of hull blocks and NDT of welds.")
    baker = make_profile(offers="Bread and cakes for cafés.")
    index = ProfileIndex.build([welder, baker])
    assert index.index_languages == ("en",)
    assert [i for i, _ in query(index, "hitsaus")] == [welder.id]
    assert index.matched_words("hitsaus", "Welding of hull blocks.", welder.id) == {"welding"}


def test_a_repeated_word_counts_its_concept_each_time() -> None:
    bridge = TermBridge.default()
    once = bridge.concepts([("potkuri", "potkuri", "fi")])
    twice = bridge.concepts([("potkuri", "potkuri", "fi"), ("potkuri", "potkuri", "fi")])
    mixed = bridge.concepts([("potkuri", "potkuri", "fi"), ("potkuri", "potkuri", "en")])
    assert [k for _, k in twice] == [k for _, k in once] * 2
    assert [k for _, k in mixed] == [k for _, k in once]
