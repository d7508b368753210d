from datetime import date, timedelta
from decimal import Decimal

import pytest

from matchmaker.extensions import db
from matchmaker.models import Fair, JointStand, utcnow
from matchmaker.services import clusters as cluster_service


@pytest.fixture
def fair_setup(make_cluster, make_org, make_user):
    """Navigate with two stands of the maritime cluster, a coordinator and three members."""
    cluster = make_cluster(slug="meri", name="Meriklusteri")
    coordinator = make_user(email="coord@example.fi")
    cluster_service.add_coordinator(cluster, coordinator)
    today = utcnow().date()
    fair = Fair(
        name="Navigate",
        city="Turku",
        country="FI",
        starts_on=today + timedelta(days=90),
        ends_on=today + timedelta(days=91),
    )
    db.session.add(fair)
    db.session.flush()
    propulsion = JointStand(
        fair=fair,
        cluster_id=cluster.id,
        name="Propulsion",
        theme="Potkurit ja akselit",
        area_m2=Decimal("30"),
        places=2,
        pricing="per_m2",
        price_per_m2=Decimal("300"),
        fee_per_company=Decimal("500"),
        interest_deadline=today + timedelta(days=30),
    )
    interiors = JointStand(
        fair=fair,
        cluster_id=cluster.id,
        name="Interiors",
        theme="Laivojen sisustus",
        area_m2=Decimal("20"),
        places=3,
        pricing="split",
        total_price=Decimal("9000"),
        interest_deadline=today + timedelta(days=30),
    )
    db.session.add_all([propulsion, interiors])
    orgs = {
        "prop1": make_org(cluster, name="Potkuri Oy", capabilities="Potkurit ja potkuriakselit"),
        "prop2": make_org(cluster, name="Akseli Oy", capabilities="Potkuriakselien koneistus"),
        "int1": make_org(
            cluster, name="Sisustus Oy", capabilities="Laivojen sisustus ja kalusteet"
        ),
    }
    people = {k: make_user(o, org_role="admin", email=f"{k}@example.fi") for k, o in orgs.items()}
    outsider = make_org(name="Ulkopuolinen Oy")
    people["outsider"] = make_user(outsider, email="out@example.fi")
    db.session.commit()
    return {
        "cluster": cluster,
        "coordinator": coordinator,
        "fair": fair,
        "propulsion": propulsion,
        "interiors": interiors,
        "orgs": orgs,
        "people": people,
        "today": today,
        "date": date,
    }
