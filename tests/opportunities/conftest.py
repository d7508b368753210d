from datetime import timedelta

import pytest

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from matchmaker.services import opportunities as service


@pytest.fixture
def maritime(make_cluster, make_org, make_user):
    """A maritime cluster with a yard that needs work, a shaft shop and an HVAC company that
    offer it, and a second cluster (fibre) with one member; plus an outsider."""
    cluster = make_cluster(slug="meri")
    fibre = make_cluster(slug="kuitu")
    orgs = {
        "yard": make_org(
            cluster,
            name="Telakka Oy",
            description="Rakennamme työveneitä ja lauttoja.",
            capabilities="Työveneiden rakentaminen\nLauttojen korjaus",
            needs="Potkuriakselien koneistus\nA60-paloeristeet",
            industries=["30"],
        ),
        "shafts": make_org(
            cluster,
            name="Akselipaja Oy",
            description="Koneistamme akseleita meriteollisuudelle.",
            capabilities="Akseleiden ja potkuriakseleiden koneistus\nHitsaus",
            needs="Teräsromun kierrätys",
            industries=["25"],
        ),
        "hvac": make_org(
            cluster,
            name="Laivailma Oy",
            description="Laivojen ilmastointi.",
            capabilities="Laivojen ilmanvaihtojärjestelmät ja ilmastointi\nA60-paloeristeet",
            needs="Eristemateriaalit",
        ),
        "mill": make_org(
            fibre,
            name="Kuitutehdas Oy",
            description="Kuitulinja ja pilotointi.",
            capabilities="Pilottiaikaa kuitulinjalla",
        ),
        "outsider": make_org(name="Ulkopuoliset Oy", capabilities="Potkuriakselien koneistus"),
    }
    people = {
        "yard": make_user(orgs["yard"], org_role="admin", email="yard@example.fi"),
        "shafts": make_user(orgs["shafts"], org_role="admin", email="shafts@example.fi"),
        "hvac": make_user(orgs["hvac"], org_role="admin", email="hvac@example.fi"),
        "mill": make_user(orgs["mill"], org_role="admin", email="mill@example.fi"),
        "outsider": make_user(orgs["outsider"], org_role="admin", email="out@example.fi"),
        "coord": make_user(email="coord@example.fi"),
        "coord_fibre": make_user(email="coord-fibre@example.fi"),
    }
    cluster_service.add_coordinator(cluster, people["coord"])
    cluster_service.add_coordinator(fibre, people["coord_fibre"])
    db.session.commit()
    return cluster, fibre, orgs, people


@pytest.fixture
def post(app):
    """post(user, cluster, **fields): an opportunity, published unless publish=False."""

    def make(user, cluster, publish=True, for_cluster=False, **kw):
        data = {
            "kind": "subcontracting",
            "title": "Alihankkija potkuriakselien koneistukseen",
            "offered_sought": "Potkuriakselien koneistus, 12 kpl, toimitus maaliskuussa",
            "deadline": timeutil.today(cluster) + timedelta(days=20),
            "visibility": "cluster",
            **kw,
        }
        with app.test_request_context():
            opp = service.create(user, cluster, data, for_cluster=for_cluster, publish=publish)
            db.session.commit()
        return opp

    return make
