"""Reasons as sentences: whole phrases of each profile, in its own language."""

from matchmaker.matching import Reason
from matchmaker.models import Organisation
from matchmaker.presenters.reasons import reason_sentences, reason_text


def _org(**kw) -> Organisation:
    return Organisation(name=kw.pop("name", "Oy"), **kw)


def test_shared_theme_quotes_each_description_sentence(app):
    them = _org(
        name="Hydrauliikka Oy",
        description="Perustettu 1990. Teemme järjestelmiä kansikoneisiin ja säätöpotkureihin.",
    )
    me = _org(description="Valmistamme säätöpotkureita työveneisiin. Toimimme Lahdessa.")
    reason = Reason("shared_theme", ["säätöpotkureihin"], ["säätöpotkureita"], 0.1)
    with app.test_request_context():
        text = reason_text(reason, them, me)
    assert "“Teemme järjestelmiä kansikoneisiin ja säätöpotkureihin.”" in text
    assert "“Valmistamme säätöpotkureita työveneisiin.”" in text
    assert "work on säätöpotkureihin" not in text and "Perustettu" not in text


def test_shared_theme_that_no_sentence_holds_is_left_out(app):
    them = _org(description="Laivojen ilmastointi.")
    me = _org(description="Potkurit työveneisiin.")
    theme = Reason("shared_theme", ["kulkuneuvojen"], ["installation"], 0.2)
    need = Reason("they_offer_your_need", ["potkurit"], ["potkurit"], 0.1)
    with app.test_request_context():
        assert reason_text(theme, them, me) == ""
        sentences = reason_sentences([theme, need], them, me)
    assert len(sentences) == 1 and "kulkuneuvojen" not in sentences[0]


def test_your_offer_is_the_line_that_shares_their_compound(app):
    yard = _org(needs="Potkurilaitteet ja ohjailupotkurit\nKansinosturit ja vinssit")
    me = _org(
        capabilities="Kiinteälapaiset ja säätölapaiset potkurit\n"
        "Potkurien 3D-mittaus ja ISO 484 -tarkastus\nOhjailupotkurit ja keulapotkurit"
    )
    reason = Reason("you_offer_their_need", ["potkurilaitteet"], ["potkurien"], 0.2)
    with app.test_request_context():
        text = reason_text(reason, yard, me)
    assert "“Potkurilaitteet ja ohjailupotkurit”" in text
    assert "“Ohjailupotkurit ja keulapotkurit”" in text
