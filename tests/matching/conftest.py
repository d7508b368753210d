"""Fixtures for the matching library: a callable profile factory and small corpora."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator

import pytest

from matchmaker.matching import Profile
from matchmaker.matching import text as text_module

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def voikko() -> None:
    """Tests that need the Voikko analyser: skipped without it, but CI must have it."""
    if text_module.analyser_name() != "voikko":
        if IN_CI:
            pytest.fail("Voikko (libvoikko1, voikko-fi, PyPI libvoikko) is missing; CI installs it")
        pytest.skip("Voikko is not installed: Finnish keys come from Snowball")


@pytest.fixture
def snowball_only() -> Iterator[None]:
    """Finnish keys from the Snowball fallback, as on a machine without Voikko."""
    text_module.use_snowball(True)
    try:
        yield
    finally:
        text_module.use_snowball(False)


@pytest.fixture
def make_profile() -> Callable[..., Profile]:
    """Return a factory that makes profiles with fresh ids; keyword arguments override."""
    counter = itertools.count(1)

    def make(**kw: object) -> Profile:
        fields: dict[str, object] = {"id": next(counter), "about": "", "offers": "", "needs": ""}
        fields.update(kw)
        return Profile(**fields)  # type: ignore[arg-type]

    return make


@pytest.fixture
def maritime(make_profile: Callable[..., Profile]) -> dict[str, Profile]:
    """A shipyard, a complementary propeller maker, a similar shipyard and filler firms."""
    return {
        "yard": make_profile(
            about="Laivanrakennus ja korjaustelakka, risteilyalusten telakointi.",
            offers="Telakointi ja lohkojen kokoonpano.",
            needs="Etsimme potkureita ja akselilinjojen kunnostusta.",
            clusters=frozenset({1}),
            region="Varsinais-Suomi",
        ),
        "propellers": make_profile(
            about="Valmistamme laitteita meriteollisuudelle.",
            offers="Potkurit ja akselilinjat, potkurien huolto.",
            needs="Valukappaleet.",
            clusters=frozenset({1}),
        ),
        "other_yard": make_profile(
            about="Laivanrakennus ja korjaustelakka, lauttojen telakointi.",
            offers="Telakointi ja korjaukset.",
            needs="Hitsaajia.",
            clusters=frozenset({1}),
        ),
        "foundry": make_profile(
            about="Valimo.",
            offers="Pronssiset valukappaleet.",
            needs="Kuljetuksia.",
            clusters=frozenset({2}),
        ),
        "painter": make_profile(
            about="Pintakäsittely.",
            offers="Hiekkapuhallus ja maalaus.",
            needs="Maalia.",
            clusters=frozenset({2}),
        ),
    }
