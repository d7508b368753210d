"""The member directory: search with Finnish inflections, filters, sorting, pages, catalogue."""

import re

import pytest

from matchmaker.extensions import db
from matchmaker.services import organisations


@pytest.fixture
def maritime(make_cluster, make_org):
    cluster = make_cluster(slug="meri", name="Meriklusteri")
    orgs = {
        "potkuri": make_org(
            cluster,
            name="Potkuripaja Oy",
            municipality="Lahti",
            size_class="small",
            description="Valmistamme potkureita ja potkurilaitteita työveneisiin.",
            export_markets=["NO"],
            industries=["30"],
        ),
        "propulsion": make_org(
            cluster,
            name="Nordic Propulsion Ltd",
            municipality="Hollola",
            size_class="medium",
            description="We design propulsion systems for ferries.",
            export_markets=["DE"],
            industries=["28"],
        ),
        "hvac": make_org(
            cluster,
            name="Laivailma Oy",
            municipality="Lahti",
            size_class="micro",
            description="Laivojen ilmanvaihto ja eristeet.",
            org_type="company",
        ),
        "uni": make_org(
            cluster,
            name="LAB-testi ammattikorkeakoulu",
            municipality="Lahti",
            org_type="university",
            description="Opetusta ja tutkimusta.",
        ),
    }
    make_org(name="Ulkopuolinen Potkuri Oy", description="potkureita")  # not a member
    return cluster, orgs


def names(response) -> set[str]:
    return set(
        re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', response.data.decode())
    )


def test_base_form_finds_inflected_finnish(client, maritime):
    assert names(client.get("/clusters/meri/?q=potkuri")) == {"Potkuripaja Oy"}


def test_inflected_query_finds_base_form(client, maritime):
    assert names(client.get("/clusters/meri/?q=laivojen")) == {"Laivailma Oy"}


def test_english_stem_search(client, maritime):
    assert names(client.get("/clusters/meri/?q=propulsion")) == {"Nordic Propulsion Ltd"}


def test_all_words_must_match(client, maritime):
    assert names(client.get("/clusters/meri/?q=potkuri+ilmanvaihto")) == set()


def test_filters(client, maritime):
    assert names(client.get("/clusters/meri/?org_type=university")) == {
        "LAB-testi ammattikorkeakoulu"
    }
    assert names(client.get("/clusters/meri/?municipality=Hollola")) == {"Nordic Propulsion Ltd"}
    assert names(client.get("/clusters/meri/?export_market=NO")) == {"Potkuripaja Oy"}
    assert names(client.get("/clusters/meri/?size_class=micro")) == {"Laivailma Oy"}
    # A section letter covers its divisions: C (manufacturing) holds 28 and 30.
    assert names(client.get("/clusters/meri/?industry=C")) == {
        "Potkuripaja Oy",
        "Nordic Propulsion Ltd",
    }


def test_sorting_by_name(client, maritime):
    html = client.get("/clusters/meri/?sort=name").data.decode()
    positions = [html.index(n) for n in ("LAB-testi", "Laivailma", "Nordic", "Potkuripaja")]
    assert positions == sorted(positions)


def test_pagination(app, client, make_cluster, make_org):
    cluster = make_cluster(slug="iso")
    for n in range(app.config["DIRECTORY_PAGE_SIZE"] + 5):
        make_org(cluster, name=f"Yritys {n:02d} Oy")
    first = names(client.get("/clusters/iso/"))
    second = names(client.get("/clusters/iso/?page=2"))
    assert len(first) == app.config["DIRECTORY_PAGE_SIZE"] and len(second) == 5
    assert not first & second


def test_profile_edit_updates_search(client, maritime, make_user):
    cluster, orgs = maritime
    organisations.update_profile(
        make_user(orgs["hvac"]), orgs["hvac"], {"description": "Teemme nyt myös potkureita."}
    )
    db.session.commit()
    assert "Laivailma Oy" in names(client.get("/clusters/meri/?q=potkuri"))


def test_catalogue_lists_every_member_and_has_print_stylesheet(client, maritime):
    html = client.get("/clusters/meri/catalogue").data.decode()
    for name in ("Potkuripaja Oy", "Nordic Propulsion Ltd", "Laivailma Oy"):
        assert name in html
    assert "Ulkopuolinen" not in html
    assert 'media="print"' in html
    response = client.get("/static/css/print.css")
    assert "@page" in response.get_data(as_text=True)
    response.close()


def test_unknown_cluster_is_404(client):
    assert client.get("/clusters/nope/").status_code == 404
