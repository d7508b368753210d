"""Each text of a profile is read in its own language: members write their introduction in
English and their needs in Finnish (or the other way round), and those needs must find the
Finnish suppliers, in a build and in a fold alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from matchmaker.matching import Profile, ProfileIndex, fold_in, suggest
from matchmaker.matching.analysis import text_languages

ENGLISH_ABOUT = (
    "Baltic Block Fabrication builds hull blocks, platforms and railings for shipyards "
    "around the Baltic Sea. Our welders work to ISO 3834-2 and we deliver on time."
)


@pytest.fixture
def corpus(make_profile: Callable[..., Profile]) -> dict[str, Profile]:
    return {
        # English introduction and offers, needs written in Finnish.
        "asker": make_profile(
            about=ENGLISH_ABOUT,
            offers="Hull block sub-assemblies, stairs and platforms for ships, laser cutting.",
            needs="Etsimme kumppania pronssivaluille ja suurten akselien koneistukselle "
            "sekä hiekkapuhallukselle ja maalaukselle.",
        ),
        "foundry": make_profile(
            about="Valimo valaa pronssia ja terästä meriteollisuuden tarpeisiin Lahdessa.",
            offers="Pronssivalut, valukappaleet ja suurten akselien koneistus.",
            needs="Etsimme kuljetuksia ja raaka-ainetta.",
        ),
        "painter": make_profile(
            about="Pintakäsittelyyritys palvelee konepajoja ja telakoita Päijät-Hämeessä.",
            offers="Hiekkapuhallus ja maalaus teräsrakenteille ja laivojen lohkoille.",
            needs="Etsimme kuljetuksia ja maalien toimittajia.",
        ),
        "bakery": make_profile(
            about="Leipomo leipoo ruisleipää ja pullaa kahviloille ja kaupoille.",
            offers="Ruisleipä, pulla ja kakut tilauksesta.",
            needs="Etsimme jauhojen toimittajaa ja kuljetuksia.",
        ),
        "software": make_profile(
            about="We write software for hotels and booking systems for travel agencies.",
            offers="Booking software, web shops and mobile applications for tourism.",
            needs="We are looking for hotels and travel agencies as customers.",
        ),
        "yard": make_profile(
            about="Shipyard building ferries and workboats, with a dry dock on the lake.",
            offers="Newbuilding and repair of ferries, docking and outfitting.",
            needs="We buy hull blocks, platforms and railings from subcontractors.",
        ),
    }


def test_a_plainly_finnish_text_of_an_english_profile_is_read_in_finnish() -> None:
    needs = "Etsimme kumppania pronssivaluille ja suurten akselien koneistukselle Lahdessa."
    assert text_languages(needs, ("en",), ("fi", "en")) == ("fi",)
    assert text_languages(ENGLISH_ABOUT, ("en",), ("fi", "en")) == ("en",)
    # Too short to be sure: read both ways; a language the index does not hold: not guessed.
    assert text_languages("Pronssivalut ja akselit", ("en",), ("fi", "en")) == ("en", "fi")
    assert text_languages(needs, ("en",), ("en", "sv")) == ("en",)
    assert text_languages(needs, ("fi", "en"), ("fi", "en")) == ("fi", "en")


def test_finnish_needs_of_an_english_profile_find_the_finnish_suppliers(corpus) -> None:
    index = ProfileIndex.build(corpus.values())
    assert index.profile_language(corpus["asker"].id) == "en"
    found = suggest(index, corpus["asker"].id, k=3)
    top_two = {s.id for s in found[:2]}
    assert top_two == {corpus["foundry"].id, corpus["painter"].id}, found
    foundry = next(s for s in found if s.id == corpus["foundry"].id)
    # The reason says what they offer for the need, in the words both profiles used.
    offered = [r for r in foundry.reasons if r.kind == "they_offer_your_need"]
    assert offered, foundry.reasons
    assert "koneistus" in " ".join(offered[0].their_words).casefold(), offered
    assert "koneistukselle" in " ".join(offered[0].your_words).casefold(), offered


def test_a_fold_reads_the_edited_needs_as_the_next_build_does(corpus) -> None:
    """An English profile edits its needs into Finnish: the fold (what the next page load
    shows) suggests what a full build of the edited profiles suggests."""
    asker = replace(corpus["asker"], needs="We need nothing at the moment.")
    before = ProfileIndex.build([asker, *(p for k, p in corpus.items() if k != "asker")])
    assert corpus["foundry"].id not in {s.id for s in suggest(before, asker.id, k=2)}
    folded = fold_in(before, [corpus["asker"]])
    rebuilt = ProfileIndex.build(corpus.values())
    shown = [(s.id, s.reasons) for s in suggest(folded, asker.id, k=3)]
    assert [i for i, _ in shown[:2]] == [s.id for s in suggest(rebuilt, asker.id, k=2)]
    assert corpus["foundry"].id in {i for i, _ in shown[:2]}
