"""The demo's Navigate stands, grouped as a coordinator would group them."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Cluster, Fair, utcnow
from matchmaker.services import demo, fairs
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
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def navigate(seeded):
    """The upcoming Navigate, the maritime cluster and the suggested grouping."""
    with seeded.test_request_context():
        fair = db.session.scalar(
            sa.select(Fair).where(Fair.name == "Navigate", Fair.starts_on > utcnow().date())
        )
        cluster = db.session.scalar(sa.select(Cluster).where(Cluster.slug == "lahti-maritime"))
        yield fair, cluster, fairs.suggest_grouping(fair, cluster)


def test_demo_grouping_keeps_every_stand_within_its_area(navigate):
    fair, _cluster, proposal = navigate
    areas = {i.organisation_id: i.area(fair) for i in fairs.interests(fair, _cluster.id)}
    for g in proposal.stands:
        used = sum((areas[o.id] for o in g.members), Decimal("0"))
        assert used == g.area <= g.stand.area_m2, g.stand.name
        assert len(g.members) <= g.stand.places


def test_english_thruster_makers_get_the_propulsion_stand(navigate):
    """They offer what the Finnish propeller makers offer, in English; a shipyard or a
    machine shop must not take their place."""
    fair, cluster, proposal = navigate
    propulsion = next(g for g in proposal.stands if "Propulsion" in g.stand.name)
    thrusters = {
        i.organisation.name
        for i in fairs.interests(fair, cluster.id)
        if "thrusters" in f"{i.organisation.description} {i.organisation.capabilities}".casefold()
    }
    assert len(thrusters) >= 2
    assert thrusters <= {o.name for o in propulsion.members}


def test_competitors_are_one_note_of_groups_per_stand(navigate):
    _fair, _cluster, proposal = navigate
    propulsion = next(g for g in proposal.stands if "Propulsion" in g.stand.name)
    assert len(propulsion.competitors) > len(propulsion.competitor_groups) >= 1
    grouped = [o for group in propulsion.competitor_groups for o in group]
    assert len(grouped) == len(set(grouped))  # each competitor is named once
    assert {o for a, b, _ in propulsion.competitors for o in (a, b)} == set(grouped)
