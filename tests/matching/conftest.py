"""Fixtures for the matching library: a callable profile factory and small corpora."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from matchmaker.matching import Profile


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
