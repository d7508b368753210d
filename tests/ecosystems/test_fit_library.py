"""matching.ecosystems: which ecosystem fits a newcomer, across languages, with members."""

from __future__ import annotations

from matchmaker.matching import Profile, ProfileIndex
from matchmaker.matching.ecosystems import EcosystemSpec, ecosystem_fit

PROFILES = [
    Profile(1, about="Kierrätämme muovijätettä ja metalliromua. Jätteen lajittelu ja murskaus."),
    Profile(2, about="Lajittelemme teollisuuden jätettä ja kierrätämme muovia rakeiksi."),
    Profile(3, about="Akkujen ja latausjärjestelmien testaus sähköajoneuvoille testiradalla."),
    Profile(4, about="Sähköajoneuvojen latausasemat ja akkujärjestelmät."),
    Profile(5, about="Huolinta, varastointi ja erikoiskuljetukset satamiin."),
]
RECYCLING = EcosystemSpec(
    10,
    ("Kierrätyspuisto: tontteja kierrätykselle, lajiteltua jätettä ja metalliromua.",),
    ("Lajitellut sivuvirrat lähellä",),
    ((1, "anchor"), (2, "supplier")),
)
MOBILITY = EcosystemSpec(
    20,
    ("Testirata sähköajoneuvoille, akuille ja latausjärjestelmille.",),
    ("Testiradat",),
    ((3, "infrastructure"), (4, "anchor")),
)
ENGLISH = (
    "We are a German company that recycles plastic waste and scrap metal. We are looking for "
    "a site with sorted waste streams."
)


def _index():
    return ProfileIndex.build(PROFILES)


def test_an_english_description_finds_the_finnish_ecosystem_through_the_term_bridge():
    fits = ecosystem_fit(_index(), ENGLISH, [MOBILITY, RECYCLING])
    assert [f.ecosystem_id for f in fits][0] == 10
    assert fits[0].score > fits[1].score


def test_the_members_to_meet_are_the_closest_with_the_words_they_share():
    [best, _] = ecosystem_fit(_index(), ENGLISH, [RECYCLING, MOBILITY])
    assert [m.id for m in best.members] in ([1, 2], [2, 1])
    assert all(m.words for m in best.members)
    assert best.members[0].score >= best.members[-1].score


def test_an_ecosystem_without_members_fits_by_what_it_offers():
    bare = EcosystemSpec(30, ("Testirata sähköajoneuvoille ja akuille.",))
    [fit] = ecosystem_fit(_index(), "battery testing track for electric vehicles", [bare])
    assert fit.score > 0 and fit.members_score == 0 and fit.members == ()
    assert fit.words  # the Finnish words the English text matched


def test_a_profile_is_never_its_own_member_to_meet():
    fits = ecosystem_fit(_index(), PROFILES[0], [RECYCLING])
    assert 1 not in [m.id for m in fits[0].members]


def test_nothing_fits_an_empty_text():
    assert ecosystem_fit(_index(), "  ", [RECYCLING]) == []


def test_equal_scores_are_ordered_by_id():
    twin_a = EcosystemSpec(7, ("Satama",))
    twin_b = EcosystemSpec(3, ("Satama",))
    fits = ecosystem_fit(_index(), "Huolinta satamiin", [twin_a, twin_b])
    assert [f.ecosystem_id for f in fits] == [3, 7]


def test_value_factors_that_share_words_are_named():
    [fit] = ecosystem_fit(_index(), "sähköajoneuvojen testiradat", [MOBILITY])
    assert fit.value_factors == ("Testiradat",)
