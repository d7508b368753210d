"""Reason sentences read their templates from one lookup per language: the same sentences
as ``_(template, **values)`` gives, in fi, en and sv, with a few catalogue lookups however
many reasons a page shows."""

import flask_babel
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from matchmaker.matching import Reason
from matchmaker.models import Organisation
from matchmaker.presenters.reasons import reason_dicts, reason_sentences, reason_text
from matchmaker.services.reference import country_name

THEM = Organisation(
    name="Akselipaja Oy",
    capabilities="Potkuriakseleiden koneistus\nHitsaus",
    needs="Teräsromun kierrätys",
    side_streams_wanted="Teräsromu sulatukseen",
    description="Koneistamme akseleita meriteollisuudelle.",
)
ME = Organisation(
    name="Telakka Oy",
    capabilities="Työveneiden rakentaminen",
    needs="Potkuriakselien koneistus",
    side_streams_offered="Teräsromu ja hiekkapuhallusjäte",
    description="Rakennamme akseleita ja työveneitä meriteollisuudelle.",
)
REASONS = [
    Reason("they_offer_your_need", ["potkuriakseleiden", "koneistus"], ["potkuriakselien"], 0.5),
    Reason("you_offer_their_need", ["kierrätys"], ["rakentaminen"], 0.3),
    Reason("shared_theme", ["akseleita"], ["akseleita"], 0.2),
    Reason("same_offers", ["koneistus"], ["rakentaminen"], 0.2),
    Reason("side_stream", ["teräsromu"], ["teräsromu"], 0.1),
    Reason("side_stream_taken", ["teräsromu"], ["teräsromu"], 0.1, ["sulatukseen", "valu"]),
    Reason("side_stream_taken", ["teräsromu"], ["teräsromu"], 0.1),
    Reason("shared_market", ["se", "no", "de"], ["se", "no", "de"], 0.03),
    Reason("same_region", ["Päijät-Häme"], ["Päijät-Häme"], 0.02),
]


def _and(words: list[str]) -> str:
    return _("%(items)s and %(last)s", items=", ".join(words[:-1]), last=words[-1])


def _quote(text: str) -> str:
    return _("“%(text)s”", text=text)


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_sentences_are_those_of_gettext_with_the_values(app, lang):
    with app.test_request_context(), force_locale(lang):
        texts = [reason_text(r, THEM, ME) for r in REASONS]
        assert all(texts)
        assert texts[0] == _(
            "They offer %(their)s, which matches your need %(yours)s.",
            their=_quote("Potkuriakseleiden koneistus"),
            yours=_quote("Potkuriakselien koneistus"),
        )
        assert texts[5] == _(
            "Your side stream %(yours)s could be raw material for %(name)s: "
            "they want %(their)s (%(context)s).",
            yours=_quote("Teräsromu ja hiekkapuhallusjäte"),
            name="Akselipaja Oy",
            their=_quote("Teräsromu sulatukseen"),
            context=_and(["sulatukseen", "valu"]),
        )
        names = [country_name(code, lang) for code in ["SE", "NO", "DE"]]
        assert texts[7] == _("You both work with %(countries)s.", countries=_and(names))
        assert texts[8] == _("Both of you are in %(place)s.", place="Päijät-Häme")


def test_a_page_of_reasons_looks_up_the_catalogue_a_few_times(app, monkeypatch):
    lookups = []
    real = flask_babel.get_domain

    def counting():
        lookups.append(1)
        return real()

    monkeypatch.setattr(flask_babel, "get_domain", counting)
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        reason_sentences(REASONS, THEM, ME, limit=len(REASONS))  # the first finds the phrases
        lookups.clear()
        for _page_item in range(20):
            reason_sentences(REASONS, THEM, ME, limit=len(REASONS))
            reason_dicts(REASONS, THEM, ME)
    assert len(lookups) == 0


def test_each_language_has_its_own_phrases_in_one_process(app):
    with app.test_request_context():
        by_lang = {}
        for lang in ["fi", "sv", "en", "fi"]:
            with force_locale(lang):
                by_lang.setdefault(lang, set()).add(reason_text(REASONS[0], THEM, ME))
                assert reason_text(REASONS[0], THEM, ME) == _(
                    "They offer %(their)s, which matches your need %(yours)s.",
                    their=_("“%(text)s”", text="Potkuriakseleiden koneistus"),
                    yours=_("“%(text)s”", text="Potkuriakselien koneistus"),
                )
    assert len({next(iter(v)) for v in by_lang.values()}) == 3
    assert all(len(v) == 1 for v in by_lang.values())
