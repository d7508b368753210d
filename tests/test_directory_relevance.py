"""Directory search ranked by relevance, with the matched words marked, across languages."""

import re

import pytest

from tests.conftest import valid_business_id


@pytest.fixture
def fleet(make_cluster, make_org):
    cluster = make_cluster(slug="laivat", name="Laivaklusteri")
    orgs = {
        "aaltonen": make_org(
            cluster,
            name="Aaltonen Konepaja Oy",
            description="Konepaja. Koneistamme myös potkurin akseleita.",
        ),
        "propeller": make_org(
            cluster,
            name="Zenith Propeller Works",
            description="We build propellers. Propellers, propeller repair and propeller hubs.",
        ),
        "potkuri": make_org(
            cluster,
            name="Potkurimestarit Oy",
            description="Potkurit ja potkurien huolto. Säätöpotkurit ja potkurinlavat.",
            business_id=valid_business_id(4242),
        ),
        "bakery": make_org(cluster, name="Leipomo Oy", description="Leipää ja pullaa."),
    }
    return cluster, orgs


def names_in_order(response) -> list[str]:
    return re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', response.data.decode())


def test_results_sort_by_relevance_by_default(client, fleet):
    found = names_in_order(client.get("/clusters/laivat/?q=potkuri"))
    # By name, the firm with one passing mention (Aaltonen) would come first.
    assert found[0] == "Potkurimestarit Oy" and "Aaltonen Konepaja Oy" in found
    assert "Leipomo Oy" not in found


def test_alphabetical_order_stays_a_choice(client, fleet):
    found = names_in_order(client.get("/clusters/laivat/?q=potkuri&sort=name"))
    assert found == sorted(found)
    html = client.get("/clusters/laivat/?q=potkuri").data.decode()
    assert '<option selected value="relevance">' in html


@pytest.mark.parametrize(("text", "missing"), [("potkuri", "Zenith"), ("propeller", "Potkuri")])
def test_search_crosses_languages(client, fleet, text, missing):
    found = names_in_order(client.get(f"/clusters/laivat/?q={text}"))
    assert any(name.startswith(missing) for name in found)


def test_matched_words_are_marked_in_the_snippet(client, fleet):
    html = client.get("/clusters/laivat/?q=propeller").data.decode()
    assert "<mark>Säätöpotkurit</mark>" in html or "<mark>Potkurit</mark>" in html
    assert "<mark>propellers</mark>" in html


def test_the_snippet_is_escaped(client, make_cluster, make_org):
    cluster = make_cluster(slug="esc")
    make_org(cluster, name="Evil Oy", description="<script>alert(1)</script> potkurit & <b>")
    html = client.get("/clusters/esc/?q=potkuri").data.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>potkurit</mark> &amp; &lt;b&gt;" in html


@pytest.mark.parametrize("hyphen", [True, False])
def test_a_business_id_finds_its_organisation(client, fleet, hyphen):
    wanted = valid_business_id(4242)
    typed = wanted if hyphen else wanted.replace("-", "")
    assert names_in_order(client.get(f"/clusters/laivat/?q={typed}")) == ["Potkurimestarit Oy"]


def test_an_unknown_business_id_finds_nothing(client, fleet):
    assert names_in_order(client.get(f"/clusters/laivat/?q={valid_business_id(9999)}")) == []
