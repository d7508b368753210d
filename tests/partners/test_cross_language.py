"""The term bridge in the app: an English text meets Finnish profiles and the other way."""

import pytest

from matchmaker.services import matching


@pytest.fixture
def suppliers(make_cluster, make_org):
    sea = make_cluster(slug="meri", name="Meriklusteri")
    forest = make_cluster(slug="metsa", name="Metsäklusteri")
    orgs = {
        "propellers": make_org(
            sea,
            name="Potkuripaja Oy",
            description="Valmistamme säätöpotkureita ja akselilinjoja työveneisiin.",
            capabilities="Säätöpotkurit\nPotkurien korjaus ja tasapainotus",
        ),
        "welding": make_org(
            sea, name="Hitsaamo Oy", capabilities="Hitsaus ja hitsattujen rakenteiden tarkastus"
        ),
        "pellets": make_org(
            forest, name="Pelletti Oy", capabilities="Puupelletit lämpölaitoksille"
        ),
    }
    return orgs


def test_an_english_fit_text_finds_finnish_suppliers(client, suppliers):
    text = "We design controllable pitch propellers and need welding of propeller hubs."
    html = client.get("/partners/fit", query_string={"text": text}).get_data(as_text=True)
    assert html.index("Meriklusteri") < html.index("Metsäklusteri")
    fits = {f.cluster.name: f for f in matching.cluster_fit_for_text(text)}
    assert fits["Meriklusteri"].score > 0 and fits["Metsäklusteri"].score == 0
    members = {org.name: score for org, score in fits["Meriklusteri"].members}
    assert members["Potkuripaja Oy"] > 0 and members["Hitsaamo Oy"] > 0


def test_an_english_need_gets_finnish_partner_suggestions(suppliers, make_org):
    cluster = suppliers["propellers"].memberships[0].cluster
    buyer = make_org(
        cluster, name="Ferry Yard Ltd", needs="Propeller repair and balancing for our ferries."
    )
    found = [m.organisation.name for m in matching.partner_suggestions(buyer)]
    assert found[:1] == ["Potkuripaja Oy"]


def test_hitsaus_finds_an_english_welding_firm(client, make_cluster, make_org):
    sea = make_cluster(slug="weld")
    make_org(sea, name="Nordweld Ltd", capabilities="Welding of hull blocks and NDT of welds")
    make_org(sea, name="Bakery Ltd", capabilities="Bread")
    html = client.get("/clusters/weld/?q=hitsaus").get_data(as_text=True)
    assert "Nordweld Ltd" in html and "Bakery Ltd" not in html
