"""The demo's Lahti region ecosystems: what seed-demo promises, and that the fit finds them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Ecosystem, Lead, LeadTarget
from matchmaker.services import demo, ecosystems
from tests.conftest import TEST_CONFIG


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Seeded once for the module (seeding takes seconds); the tests only read."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        demo.seed()
        db.session.commit()
        with app.test_request_context():
            yield app
        db.session.remove()
        db.engine.dispose()


def test_seven_ecosystems_five_with_roadmaps_in_three_languages(seeded):
    items = list(db.session.scalars(sa.select(Ecosystem)))
    assert len(items) == 7
    assert sum(1 for e in items if e.milestones) == 5
    assert {"kierratyspuisto", "vt12-etelainen-kehatie", "kymiring"} <= {e.slug for e in items}
    for eco in items:
        if eco.published:
            assert set(eco.name) == set(eco.description) == {"fi", "en", "sv"}
    statuses = {m.status for e in items for m in e.milestones}
    assert statuses == {"planned", "in_progress", "done"}


def test_members_come_from_several_clusters_in_every_role(seeded):
    members = [m for e in db.session.scalars(sa.select(Ecosystem)) for m in e.members]
    clusters = set().union(*(m.organisation.approved_cluster_ids() for m in members))
    assert len(clusters) == 3
    assert {m.role for m in members} == {"anchor", "supplier", "research_partner", "infrastructure"}


def test_leads_are_at_every_stage_and_targets_are_set(seeded):
    stages = set(db.session.scalars(sa.select(Lead.status)))
    assert stages == set(Lead.STATUSES)
    assert db.session.scalar(sa.select(LeadTarget.contacts).order_by(LeadTarget.contacts.desc()))
    located = db.session.scalar(sa.select(Lead).where(Lead.status == "located"))
    assert located.contacted_at is not None and located.decided_at is not None


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "We are a German company that recycles plastic packaging and scrap metal. We need a "
            "site with sorted waste streams, rail access and a pilot hall to test our process.",
            "kierratyspuisto",
        ),
        (
            "Norwegian maker of battery packs and charging stations for electric vehicles, "
            "looking for a test track to validate charging systems.",
            "kymiring",
        ),
        (
            "Dutch logistics operator with cross-dock terminals, warehousing and heavy haulage; "
            "we need a plot near the highways and the ports.",
            "vt12-etelainen-kehatie",
        ),
        (
            "Vi tillverkar biokol genom pyrolys av bark och säljer det för jordförbättring.",
            "biohiili",
        ),
        (
            "Valmistamme muottipuristettuja kuitupakkauksia sellusta ja kuitulietteestä.",
            "materiaalikiertojen-keskus",
        ),
    ],
)
def test_a_newcomer_is_matched_to_the_right_ecosystem_in_any_language(seeded, text, slug):
    [best, *_] = ecosystems.fit(text, "en")
    assert best.ecosystem.slug == slug
    assert best.members and best.reasons
