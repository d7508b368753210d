"""Finnish word keys: Voikko base forms and compound parts, Snowball as the fallback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from matchmaker.matching import Profile, ProfileIndex, query
from matchmaker.matching import text as text_module
from matchmaker.matching.text import (
    KEY_CACHE_SIZE,
    analyser_name,
    snowball_key,
    word_key,
    word_parts,
)

SAME_WORD = [
    ("meriteollisuuden", "meriteollisuutta", "meriteollisuus"),
    ("laivanrakennus", "laivanrakennukseen"),
    ("potkuri", "potkureita", "potkurin"),
    ("teollisuus", "teollisuuden", "teollisuutta"),
    ("kestävyys", "kestävyyden", "kestävyyttä"),
    ("hitsaus", "hitsausta", "hitsauksen"),
]


def keys(forms: tuple[str, ...]) -> set[str]:
    return {word_key(w, "fi") for w in forms}


@pytest.mark.parametrize("forms", SAME_WORD, ids=lambda f: f[0])
def test_inflected_forms_share_one_key_with_voikko(voikko: None, forms: tuple[str, ...]) -> None:
    assert len(keys(forms)) == 1


@pytest.mark.parametrize("forms", SAME_WORD, ids=lambda f: f[0])
def test_inflected_forms_share_one_key_with_snowball(
    snowball_only: None, forms: tuple[str, ...]
) -> None:
    assert analyser_name() == "snowball"
    assert len(keys(forms)) == 1


def test_voikko_keys_are_base_forms(voikko: None) -> None:
    assert word_key("laivanrakennukseen", "fi") == "laivanrakennus"
    assert word_key("Potkureita", "fi") == "potkuri"
    assert word_key("valmistettu", "fi") == word_key("valmistamme", "fi") == "valmistaa"


def test_voikko_splits_compounds_into_base_forms(voikko: None) -> None:
    assert word_parts("meriteollisuus", "fi") == ("meri", "teollisuus")
    assert word_parts("laivanrakennukseen", "fi") == ("laiva", "rakennus")
    assert word_parts("säätöpotkureihin", "fi") == ("säätö", "potkuri")
    assert word_parts("potkureita", "fi") == ()


def test_words_voikko_does_not_know_get_snowball_keys(voikko: None) -> None:
    assert word_key("kestrelmarinella", "fi") == snowball_key("kestrelmarinella", "fi")


def test_snowball_fallback_gives_no_compound_parts(snowball_only: None) -> None:
    assert word_parts("meriteollisuus", "fi") == ()
    assert word_key("potkureita", "fi") == snowball_key("potkureita", "fi")


def test_english_and_swedish_keys_are_snowball_stems() -> None:
    assert word_key("Propellers", "en") == word_key("propeller", "en") == "propel"
    assert word_key("propellrar", "sv") == snowball_key("propellrar", "sv")


def test_other_languages_get_the_word_itself() -> None:
    assert word_key("Skibsværft", "other") == "skibsværft"


def test_a_compound_part_finds_the_compound_profile(voikko: None) -> None:
    index = ProfileIndex.build(
        [
            Profile(1, about="Valmistamme säätöpotkureita ja ohjailupotkureita aluksiin."),
            Profile(2, about="Valmistamme pumppuja ja venttiilejä teollisuudelle."),
        ]
    )
    assert [i for i, _ in query(index, "potkurit")] == [1]


def test_the_whole_compound_outranks_a_part(voikko: None) -> None:
    index = ProfileIndex.build(
        [
            Profile(1, about="Laivanrakennus ja laivojen korjaus, telakka Turussa."),
            Profile(2, about="Rakennus- ja saneeraustyöt, asuntojen rakennus Lahdessa."),
        ]
    )
    ranked = [i for i, _ in query(index, "laivanrakennukseen", lang="fi")]
    assert ranked[0] == 1


def test_the_key_caches_are_bounded() -> None:
    for i in range(KEY_CACHE_SIZE + 50):
        snowball_key(f"sana{i}", "fi")
    info = snowball_key.cache_info()
    assert info.maxsize == KEY_CACHE_SIZE
    assert info.currsize <= KEY_CACHE_SIZE
    assert text_module._voikko_key.cache_info().maxsize == KEY_CACHE_SIZE


def test_the_environment_can_turn_voikko_off() -> None:
    env = {**os.environ, "MATCHMAKER_ANALYSER": "snowball"}
    code = "from matchmaker.matching import analyser_name; print(analyser_name())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "snowball"


def test_a_missing_voikko_library_falls_back_to_snowball(monkeypatch) -> None:
    libvoikko = pytest.importorskip("libvoikko")

    def missing(cls, path=None):
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(libvoikko.VoikkoLibrary, "open", classmethod(missing))
    text_module.use_snowball(False)  # forget the open handle: the next use loads anew
    try:
        assert analyser_name() == "snowball"
        assert word_key("potkureita", "fi") == snowball_key("potkureita", "fi")
    finally:
        monkeypatch.undo()
        text_module.use_snowball(False)
