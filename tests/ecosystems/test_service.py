"""The ecosystem rules: who may change what, what a saved ecosystem must have, members."""

from __future__ import annotations

from datetime import date

import pytest

from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from matchmaker.services import ecosystems
from matchmaker.services.errors import DomainError, NotFound, PermissionDenied

TEXTS = {"name_fi": "Puisto", "summary_fi": "Tontit", "description_fi": "Tontit ja raiteet"}


def test_the_source_language_must_be_complete(coordinated):
    cluster, user = coordinated
    with pytest.raises(DomainError) as caught:
        ecosystems.save(user, cluster, {"slug": "puisto", "source_locale": "en", **TEXTS})
    assert set(caught.value.fields) == {"name_en", "summary_en", "description_en"}


def test_other_languages_may_be_left_empty_and_fall_back(coordinated):
    cluster, user = coordinated
    eco = ecosystems.save(user, cluster, {"slug": "puisto", **TEXTS, "name_sv": "Parken"})
    assert eco.text("name", "sv") == "Parken"
    assert eco.text("summary", "sv") == "Tontit"


def test_value_factors_are_lines_in_order(coordinated):
    cluster, user = coordinated
    data = {"slug": "puisto", **TEXTS, "value_factors_en": "- Rail\n\n2) Pilot hall\n• Ash"}
    eco = ecosystems.save(user, cluster, data)
    assert eco.value_factors == {"en": ["Rail", "Pilot hall", "Ash"]}


@pytest.mark.parametrize(
    ("slug", "field"), [("Iso puisto", "slug"), ("fit", "slug"), ("cluster", "slug")]
)
def test_bad_or_reserved_slugs_are_refused(coordinated, slug, field):
    cluster, user = coordinated
    with pytest.raises(DomainError) as caught:
        ecosystems.save(user, cluster, {"slug": slug, **TEXTS})
    assert field in caught.value.fields


def test_a_slug_is_unique(coordinated, make_ecosystem):
    cluster, user = coordinated
    make_ecosystem(user, cluster, slug="puisto")
    with pytest.raises(DomainError) as caught:
        ecosystems.save(user, cluster, {"slug": "puisto", **TEXTS})
    assert "slug" in caught.value.fields


def test_bad_website_and_email_are_named(coordinated):
    cluster, user = coordinated
    data = {"slug": "puisto", **TEXTS, "website": "www.x.fi", "contact_email": "nobody"}
    with pytest.raises(DomainError) as caught:
        ecosystems.save(user, cluster, data)
    assert {"website", "contact_email"} <= set(caught.value.fields)


def test_only_the_clusters_coordinators_change_its_ecosystem(
    coordinated, make_ecosystem, make_cluster, make_user
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    other = make_cluster()
    stranger = make_user()
    cluster_service.add_coordinator(other, stranger)
    db.session.commit()
    with pytest.raises(PermissionDenied):
        ecosystems.save(stranger, cluster, {"slug": eco.slug, **TEXTS}, eco)
    with pytest.raises(NotFound):  # through their own cluster: not theirs either
        ecosystems.save(stranger, other, {"slug": eco.slug, **TEXTS}, eco)
    with pytest.raises(PermissionDenied):
        ecosystems.save_milestone(stranger, eco, {"title_fi": "X", "due_on": date(2027, 1, 1)})
    with pytest.raises(PermissionDenied):
        ecosystems.add_member(stranger, eco, 1, "anchor")


def test_a_draft_is_hidden_from_everyone_but_its_coordinators(
    coordinated, make_ecosystem, make_user
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster, published=False)
    with pytest.raises(NotFound):
        ecosystems.visible(None, eco.slug)
    with pytest.raises(NotFound):
        ecosystems.visible(make_user(), eco.slug)
    assert ecosystems.visible(user, eco.slug) is eco
    assert eco not in ecosystems.published()


def test_members_come_from_any_cluster_and_adding_again_changes_the_role(
    coordinated, make_ecosystem, make_cluster, make_org
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    elsewhere = make_org(make_cluster())
    ecosystems.add_member(user, eco, elsewhere.id, "supplier")
    ecosystems.add_member(user, eco, elsewhere.id, "anchor")
    db.session.commit()
    assert [(m.organisation_id, m.role) for m in eco.members] == [(elsewhere.id, "anchor")]


def test_a_member_must_belong_to_a_cluster_and_have_a_known_role(
    coordinated, make_ecosystem, make_org
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    with pytest.raises(DomainError) as caught:
        ecosystems.add_member(user, eco, make_org().id, "sponsor")
    assert set(caught.value.fields) == {"organisation_id", "role"}
    with pytest.raises(DomainError):
        ecosystems.add_member(user, eco, "not a number", "anchor")


def test_milestone_fields_are_checked(coordinated, make_ecosystem):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    with pytest.raises(DomainError) as caught:
        ecosystems.save_milestone(user, eco, {"due_on": "ensi vuonna", "status": "late"})
    assert set(caught.value.fields) == {"title_fi", "due_on", "status"}


def test_the_roadmap_is_in_date_order(coordinated, make_ecosystem):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    for title, day in (("Toinen", date(2027, 5, 1)), ("Ensin", date(2026, 1, 1))):
        ecosystems.save_milestone(user, eco, {"title_fi": title, "due_on": day})
    db.session.commit()
    db.session.refresh(eco)
    assert [m.title["fi"] for m in eco.milestones] == ["Ensin", "Toinen"]


def test_a_milestone_of_another_ecosystem_is_not_found(coordinated, make_ecosystem):
    cluster, user = coordinated
    first, second = make_ecosystem(user, cluster), make_ecosystem(user, cluster)
    milestone = ecosystems.save_milestone(user, first, {"title_fi": "X", "due_on": date.today()})
    with pytest.raises(NotFound):
        ecosystems.delete_milestone(user, second, milestone)


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_a_fit_text_must_be_given_and_bounded(text):
    with pytest.raises(DomainError) as caught:
        ecosystems.check_fit_text(text)
    assert "text" in caught.value.fields
