import pytest


@pytest.fixture
def maritime(make_cluster, make_org, make_user):
    """A small cluster with a complementary pair, a competitor and a side-stream pair."""
    cluster = make_cluster(slug="meri")
    orgs = {
        "yard": make_org(
            cluster,
            name="Telakka Oy",
            municipality="Lahti",
            description="Rakennamme työveneitä ja lauttoja.",
            capabilities="Työveneiden rakentaminen\nLauttojen korjaus",
            needs="Potkuriakselien koneistus\nLaivojen ilmanvaihtojärjestelmät",
            side_streams_offered="Teräsromu ja hiekkapuhallusjäte",
        ),
        "shafts": make_org(
            cluster,
            name="Akselipaja Oy",
            municipality="Hollola",
            description="Koneistamme akseleita meriteollisuudelle.",
            capabilities="Akseleiden ja potkuriakseleiden koneistus\nHitsaus",
            needs="Teräsromun kierrätys",
            side_streams_wanted="Teräsromu sulatukseen",
        ),
        "hvac": make_org(
            cluster,
            name="Laivailma Oy",
            municipality="Lahti",
            description="Laivojen ilmastointi.",
            capabilities="Laivojen ilmanvaihtojärjestelmät ja ilmastointi",
            needs="Eristemateriaalit",
        ),
        "other_yard": make_org(
            cluster,
            name="Toinen Telakka Oy",
            municipality="Heinola",
            description="Rakennamme työveneitä.",
            capabilities="Työveneiden rakentaminen\nLauttojen korjaus",
            needs="Maalaus",
        ),
    }
    people = {
        "yard": make_user(orgs["yard"], org_role="admin", email="yard@example.fi"),
        "shafts": make_user(orgs["shafts"], org_role="admin", email="shafts@example.fi"),
        "hvac": make_user(orgs["hvac"], org_role="admin", email="hvac@example.fi"),
    }
    return cluster, orgs, people
