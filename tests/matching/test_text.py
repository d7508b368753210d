"""Text normalisation: stems, stop words, language detection, compounds."""

from __future__ import annotations

import pytest

from matchmaker.matching.analysis import profile_language
from matchmaker.matching.text import (
    analyse,
    content_words,
    detect_language,
    search_stems,
    split_compound,
    stem,
    word_key,
    words,
)


def test_finnish_inflections_of_one_word_share_a_stem() -> None:
    forms = ["potkuri", "potkureita", "potkurin", "potkurit", "potkureiden"]
    assert len({stem(w, "fi") for w in forms}) == 1


def test_english_inflections_share_a_stem() -> None:
    assert stem("propellers", "en") == stem("propeller", "en")


@pytest.mark.parametrize(
    ("text", "lang", "stop"),
    [
        ("Tarjoamme potkureita ja akseleita sekä huoltoa", "fi", {"ja", "sekä", "tarjoamme"}),
        ("We offer propellers and the shaft lines", "en", {"we", "and", "the", "offer"}),
        ("Vi erbjuder propellrar och axlar för fartyg", "sv", {"vi", "och", "för"}),
    ],
)
def test_stop_words_are_removed(text: str, lang: str, stop: set[str]) -> None:
    kept = content_words(text, lang)
    assert kept
    assert not stop & set(kept)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Etsimme yhteistyökumppania potkurien ja akselilinjojen huoltoon.", "fi"),
        ("We are looking for a partner for the maintenance of propellers.", "en"),
        ("Vi söker en partner för underhåll av propellrar och axlar.", "sv"),
        ("Sahanpurua ja kuorta", "fi"),
        ("Sawdust and bark from the sawmill", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_without_evidence_uses_default() -> None:
    assert detect_language("", default="en") == "en"


def test_analyse_keeps_the_surface_word_of_each_stem() -> None:
    pairs = analyse("potkureita ja akselilinjoja", "fi")
    assert [w for _, w in pairs] == ["potkureita", "akselilinjoja"]
    assert pairs[0][0] == word_key("potkuri", "fi")


def test_search_stems_covers_all_three_languages() -> None:
    stems = search_stems("propellers")
    assert {stem("propellers", lang) for lang in ("fi", "en", "sv")} <= set(stems)


def test_split_compound_finds_known_head_and_tail() -> None:
    known = {stem("potkuri", "fi"), stem("laitteet", "fi")}
    parts = split_compound(stem("potkurilaitteet", "fi"), known)
    assert set(parts) == known


def test_split_compound_leaves_unknown_words_whole() -> None:
    assert split_compound(stem("laivanrakennus", "fi"), {"xyzw"}) == []


def test_profile_language_sums_packed_evidence_as_detect_language_does() -> None:
    texts = [
        "Laivanrakennus ja potkurit sekä akselilinjat meidän telakalle",
        "We offer ship propellers and shaft lines for the yards of the north",
        "Vi erbjuder propellrar och axlar till varven på västkusten",
        "Vi tilbyder skibspropeller og aksler til værfterne",
        "hitsaus welding svetsning",
        "",
        "1234 5678",
        " ".join(["potkuri"] * 5000 + ["the"] * 4000),  # long texts: no lane overflows
    ]
    for text in texts:
        toks = words(text)
        assert profile_language(toks) == detect_language(toks, default=""), text
