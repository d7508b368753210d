"""Ecosystem models: translated texts with fallback, guarded values; the lead pipeline."""

from __future__ import annotations

from datetime import datetime

import pytest

from matchmaker.models import Ecosystem, EcosystemMilestone, Lead
from matchmaker.models.ecosystems import localised
from matchmaker.models.states import LEAD_TRANSITIONS, LeadStage
from matchmaker.services.errors import InvalidTransition


def test_a_text_missing_in_a_language_falls_back_to_the_source_language():
    texts = {"fi": "Kierrätyspuisto", "sv": "Återvinningspark"}
    assert localised(texts, "sv", "fi") == ("Återvinningspark", "sv")
    assert localised(texts, "en", "fi") == ("Kierrätyspuisto", "fi")


def test_fallback_uses_any_language_when_the_source_has_none():
    assert localised({"sv": "Park"}, "en", "fi") == ("Park", "sv")
    assert localised({}, "en", "fi", empty=[]) == ([], "fi")


def test_ecosystem_text_and_language_of_value_factors(app):
    eco = Ecosystem(
        slug="puisto", source_locale="en", name={"en": "Park"}, value_factors={"en": ["Rail"]}
    )
    assert eco.text_and_lang("value_factors", "fi") == (["Rail"], "en")
    assert eco.text("name", "sv") == "Park"


@pytest.mark.parametrize("slug", ["Iso Puisto", "puisto_", "-puisto", "", "a" * 65])
def test_the_model_refuses_a_bad_slug(app, slug):
    with pytest.raises(ValueError):
        Ecosystem(slug=slug)


def test_the_model_refuses_texts_in_unknown_languages_or_too_long(app):
    with pytest.raises(ValueError):
        Ecosystem(name={"de": "Park"})
    with pytest.raises(ValueError):
        Ecosystem(summary={"fi": "x" * 501})
    with pytest.raises(ValueError):
        Ecosystem(value_factors={"fi": ["x"] * 13})
    with pytest.raises(ValueError):
        Ecosystem(value_factors={"fi": [""]})


def test_a_milestone_needs_a_title_and_a_known_status(app):
    with pytest.raises(ValueError):
        EcosystemMilestone(title={})
    with pytest.raises(ValueError):
        EcosystemMilestone(title={"fi": "Kaava"}, status="late")


def test_texts_keep_every_language_in_matching_order(app):
    eco = Ecosystem(
        slug="p", source_locale="fi", name={"fi": "Puisto", "en": "Park", "sv": "Parken"}
    )
    assert eco.all_texts(first="en") == ["Park", "Puisto", "Parken"]


# --------------------------------------------------------------------- the lead pipeline
def _lead(stage: str) -> Lead:
    lead = Lead(cluster_id=1, name="X")
    lead.move_to(stage)
    return lead


@pytest.mark.parametrize(
    ("start", "end"),
    sorted((a.value, b.value) for a, targets in LEAD_TRANSITIONS.items() for b in targets),
)
def test_every_allowed_step_of_the_pipeline(app, start, end):
    lead = _lead(start)
    assert lead.move_to(end) is True
    assert lead.status == end


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("identified", "meeting"),  # a meeting needs a contact first
        ("identified", "located"),
        ("contacted", "located"),  # a decision needs a meeting or a site visit
        ("meeting", "contacted"),  # no going back
        ("located", "not_located"),  # located is final
        ("located", "contacted"),
        ("not_located", "located"),  # a "no" is reopened as a contact first
    ],
)
def test_the_pipeline_refuses_other_steps(app, start, end):
    lead = _lead(start)
    with pytest.raises(InvalidTransition):
        lead.move_to(end)
    assert lead.status == start


def test_a_new_lead_may_start_at_any_stage(app):
    for stage in LeadStage:
        assert _lead(stage.value).status == stage.value


def test_staying_at_a_stage_is_no_change(app):
    lead = _lead("meeting")
    assert lead.move_to("meeting") is False


def test_first_contact_and_decision_are_stamped(app):
    lead = _lead("identified")
    assert lead.contacted_at is None
    lead.move_to("contacted", now=datetime(2026, 3, 1))
    lead.move_to("meeting", now=datetime(2026, 4, 1))
    assert lead.contacted_at == datetime(2026, 3, 1)  # the first contact, kept
    lead.move_to("not_located", now=datetime(2026, 5, 1))
    assert lead.decided_at == datetime(2026, 5, 1)
    lead.move_to("contacted", now=datetime(2027, 1, 1))  # reopened
    assert lead.decided_at is None and lead.contacted_at == datetime(2026, 3, 1)


def test_a_lead_dropped_before_any_contact_is_no_contact(app):
    lead = _lead("identified")
    lead.move_to("not_located")
    assert lead.contacted_at is None and lead.decided_at is not None
