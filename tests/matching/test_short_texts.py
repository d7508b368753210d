"""Short texts and unknown languages: read in every language of the index, never guessed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from matchmaker.matching import Profile, ProfileIndex, query, suggest
from matchmaker.matching.index import MIXED
from matchmaker.matching.text import OTHER, detect_language


@pytest.fixture
def bilingual(make_profile: Callable[..., Profile]) -> dict[str, Profile]:
    """English marine and machinery firms beside Finnish ones."""
    return {
        "drives": make_profile(
            about="Kestrel Marine Drives designs marine propulsion for workboats and ferries.",
            offers="Propeller shafts, thrusters and the service of marine propulsion systems.",
            needs="We are looking for bronze castings and the machining of large shafts.",
        ),
        "machines": make_profile(
            about="A machine shop that builds special machinery for the paper industry.",
            offers="Machinery, gearboxes and the assembly of production lines.",
            needs="We need steel plates and the painting of large welded frames.",
        ),
        "yard": make_profile(
            about="Telakka rakentaa ja korjaa lauttoja ja työveneitä Turussa.",
            offers="Telakointi, lohkojen kokoonpano ja laivojen korjaukset.",
            needs="Etsimme potkureita ja akselilinjojen kunnostusta toimittajilta.",
        ),
        "foundry": make_profile(
            about="Valimo valaa pronssia ja terästä teollisuuden tarpeisiin.",
            offers="Pronssiset valukappaleet ja potkurinavat.",
            needs="Etsimme kuljetuksia ja hiekkapuhallusta valukappaleille.",
        ),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Marine", "drives"), ("Machinery", "machines"), ("propeller shafts", "drives")],
)
def test_a_short_english_search_finds_the_english_profile(
    bilingual: dict[str, Profile], text: str, expected: str
) -> None:
    index = ProfileIndex.build(bilingual.values())
    ranked = [i for i, _ in query(index, text)]
    assert ranked and ranked[0] == bilingual[expected].id


def test_a_short_query_is_read_in_every_language_of_the_index(
    bilingual: dict[str, Profile],
) -> None:
    index = ProfileIndex.build(bilingual.values())
    assert index.index_languages == ("fi", "en")
    assert index.query_languages("Marine") == ("fi", "en")
    assert index.query_languages("Marine", langs=["sv"]) == ("fi", "en", "sv")


def test_a_long_query_is_read_in_its_own_language(bilingual: dict[str, Profile]) -> None:
    index = ProfileIndex.build(bilingual.values())
    need = "We are looking for a partner for the maintenance of propellers and shaft lines."
    assert index.query_languages(need) == ("en",)


def test_a_short_finnish_search_still_finds_the_finnish_profile(
    bilingual: dict[str, Profile],
) -> None:
    index = ProfileIndex.build(bilingual.values())
    assert [i for i, _ in query(index, "valukappaleita")][:1] == [bilingual["foundry"].id]


@pytest.mark.parametrize(
    "text",
    [
        "Vi er en virksomhed, der leverer skibsudstyr og ikke kun propeller til værfter.",
        "Vi er et selskap som leverer propeller og aksler til verft, og vi tilbyr også service.",
    ],
    ids=["danish", "norwegian"],
)
def test_danish_and_norwegian_are_not_taken_for_swedish(text: str) -> None:
    assert detect_language(text) == OTHER


def test_swedish_is_still_swedish() -> None:
    text = "Vi är ett företag som levererar propellrar och axlar till varv och också service."
    assert detect_language(text) == "sv"


def test_other_language_profiles_get_language_neutral_keys(
    make_profile: Callable[..., Profile],
) -> None:
    danish = make_profile(
        about="Vi er en virksomhed, der leverer skibsudstyr og ikke kun propeller til værfter."
    )
    index = ProfileIndex.build([danish])
    assert index.languages == [OTHER]
    assert "skibsudstyr" in index.term_index  # the word itself, not a Swedish stem
    assert "ikke" not in index.term_index  # a Danish function word


def test_a_short_profile_is_read_in_every_language(
    bilingual: dict[str, Profile], make_profile: Callable[..., Profile]
) -> None:
    short = make_profile(offers="Marine propulsion")
    index = ProfileIndex.build([*bilingual.values(), short])
    assert index.profile_language(short.id) == MIXED


def test_a_profile_with_only_offers_gets_suggestions(
    bilingual: dict[str, Profile], make_profile: Callable[..., Profile]
) -> None:
    shipyard = make_profile(
        about="Shipyard building ferries.",
        offers="Docking and hull repairs.",
        needs="We need marine propulsion units and shaft line overhauls.",
    )
    offers_only = make_profile(offers="Marine propulsion")
    index = ProfileIndex.build([*bilingual.values(), shipyard, offers_only])
    found = [s.id for s in suggest(index, offers_only.id)]
    assert found and found[0] == shipyard.id
