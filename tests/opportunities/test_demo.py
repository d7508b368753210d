"""Demo opportunities: what seed-demo promises for the notice board."""

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.matching import detect_language
from matchmaker.models import Cluster, Opportunity, OpportunityInterest
from matchmaker.models.opportunities import OPPORTUNITY_KINDS, OpportunityStatus
from matchmaker.services import contacts, demo
from tests.conftest import TEST_CONFIG

FIELDS = {"cluster", "owner", "index", "kind", "status", "visibility", "deadline", "published"}
FIELDS |= {"hidden", "title", "offered_sought", "description", "keywords", "industries"}
FIELDS |= {"countries", "interest"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        demo.seed()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_at_least_25_posts_in_every_cluster_kind_and_status(seeded):
    posts = db.session.scalars(sa.select(Opportunity)).all()
    assert len(posts) >= 25
    assert {p.kind for p in posts} == set(OPPORTUNITY_KINDS)
    assert {p.status for p in posts} == {s.value for s in OpportunityStatus}
    slugs = {c.id: c.slug for c in db.session.scalars(sa.select(Cluster))}
    assert {slugs[p.cluster_id] for p in posts} == set(slugs.values())


def test_posts_are_written_in_finnish_english_and_swedish(seeded):
    posts = db.session.scalars(sa.select(Opportunity)).all()
    langs = {detect_language(f"{p.title} {p.offered_sought} {p.description}") for p in posts}
    assert {"fi", "en", "sv"} <= langs


def test_interests_in_every_state_and_fulfilled_posts_name_an_accepted_partner(seeded):
    items = db.session.scalars(sa.select(OpportunityInterest)).all()
    assert {i.status for i in items} == {"pending", "accepted", "declined"}
    for post in db.session.scalars(sa.select(Opportunity).where(Opportunity.status == "fulfilled")):
        accepted = {i.organisation_id for i in post.interests if i.status == "accepted"}
        assert post.partner_org_id in accepted
        if post.owner_org_id:
            assert contacts.are_connected(post.partner_org_id, post.owner_org_id)


def test_one_post_is_hidden_with_a_reason_and_no_one_answers_their_own(seeded):
    hidden = db.session.scalars(sa.select(Opportunity).where(Opportunity.hidden_at.is_not(None)))
    assert all(p.hidden_reason for p in hidden)
    for item in db.session.scalars(sa.select(OpportunityInterest)):
        assert item.organisation_id != item.opportunity.owner_org_id


def test_content_file_uses_known_fields():
    from matchmaker.demo.loader import load

    for spec in load("opportunities")["opportunity"]:
        assert set(spec) <= FIELDS, spec["title"]
