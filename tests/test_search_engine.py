"""Search in the database's own engine (SQLite FTS5, PostgreSQL tsvector + GIN with --postgres)
over the matching pipeline's keys: languages, inflection, ranking, filters, freshness."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.matching.search import SearchKeys, token
from matchmaker.matching.text import search_stems
from matchmaker.models import Opportunity, Organisation
from matchmaker.services import clusters as cluster_service
from matchmaker.services import directory, organisations
from matchmaker.services import opportunities as service
from matchmaker.services.directory import DirectoryQuery


def _names(client, slug: str, query: str) -> list[str]:
    html = client.get(f"/clusters/{slug}/?{query}").data.decode()
    return re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', html)


@pytest.fixture
def works(make_cluster, make_org):
    cluster = make_cluster(slug="works", name="Konepajat")
    orgs = {
        "welding": make_org(
            cluster,
            name="Baltic Weld Ltd",
            municipality="Turku",
            description="Welding of steel structures and welded hull blocks.",
        ),
        "hitsaamo": make_org(
            cluster,
            name="Hitsaamo Virtanen Oy",
            municipality="Lahti",
            description="Hitsaus ja hitsatut teräsrakenteet. Hitsaamme myös alumiinia.",
        ),
        "potkuri": make_org(
            cluster,
            name="Potkuripalvelu Oy",
            municipality="Lahti",
            description="Potkurin huolto. Potkurit ja potkureiden korjaus.",
        ),
        "mention": make_org(
            cluster,
            name="Aalto Konepaja Oy",
            municipality="Lahti",
            description="Sorvausta ja jyrsintää teollisuudelle; joskus myös potkureita.",
        ),
    }
    return cluster, orgs


def test_a_finnish_query_finds_an_english_profile(client, works):
    assert "Baltic Weld Ltd" in _names(client, "works", "q=hitsaus")
    assert "Hitsaamo Virtanen Oy" in _names(client, "works", "q=welding")


@pytest.mark.parametrize("typed", ["potkuri", "potkurin", "potkureita", "potkureiden"])
def test_inflected_forms_find_each_other(client, works, typed):
    found = _names(client, "works", f"q={typed}")
    assert {"Potkuripalvelu Oy", "Aalto Konepaja Oy"} <= set(found)
    assert "Baltic Weld Ltd" not in found


def test_the_profile_about_the_word_ranks_above_a_passing_mention(client, works):
    found = _names(client, "works", "q=potkuri")
    assert found.index("Potkuripalvelu Oy") < found.index("Aalto Konepaja Oy")
    # alphabetical order stays a choice
    assert _names(client, "works", "q=potkuri&sort=name")[0] == "Aalto Konepaja Oy"


def test_a_filter_and_a_query_together(client, works):
    assert _names(client, "works", "q=hitsaus&municipality=Lahti") == ["Hitsaamo Virtanen Oy"]
    assert _names(client, "works", "q=hitsaus&municipality=Turku") == ["Baltic Weld Ltd"]


def test_an_edit_is_searchable_at_once(client, works, make_user):
    _, orgs = works
    assert "Aalto Konepaja Oy" not in _names(client, "works", "q=hitsaus")
    organisations.update_profile(
        make_user(orgs["mention"]), orgs["mention"], {"capabilities": "Hitsausta ja särmäystä."}
    )
    db.session.commit()
    assert "Aalto Konepaja Oy" in _names(client, "works", "q=potkuri+hitsaus")
    orgs["mention"].description = "Sorvausta."  # any write path: the flush hook keeps up
    db.session.commit()
    assert "Aalto Konepaja Oy" not in _names(client, "works", "q=potkuri")
    assert "Aalto Konepaja Oy" in _names(client, "works", "q=hitsaus")


def test_the_count_is_the_engine_s(works):
    cluster, _ = works
    stmt = directory.build_select(DirectoryQuery(q="potkuri", cluster_ids=[cluster.id]))
    page = db.paginate(stmt, page=1, per_page=1)
    assert page.total == 2 and len(page.items) == 1


def test_the_search_is_served_by_the_full_text_index(works):
    stmt = directory.build_select(DirectoryQuery(q="potkuri"))
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table would be scanned
            conn.exec_driver_sql("SET enable_indexscan = off")  # (or read along its key)
            plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "ix_organisation_search_vector" in plan, plan
        else:
            plan = " ".join(r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "organisation_fts VIRTUAL TABLE" in plan
        assert "LIKE" not in sql.upper()


def test_reindex_search_rewrites_the_keys(runner, works):
    db.session.execute(sa.update(Organisation).values(search_text=""))
    db.session.commit()
    assert not db.session.scalars(directory.build_select(DirectoryQuery(q="potkuri"))).all()
    result = runner.invoke(args=["reindex-search"])
    assert result.exit_code == 0 and "4 organisations" in result.output
    found = db.session.scalars(directory.build_select(DirectoryQuery(q="potkuri"))).all()
    assert {o.name for o in found} == {"Potkuripalvelu Oy", "Aalto Konepaja Oy"}


def test_the_migration_backfills_existing_rows(app, works):
    downgrade(revision="c4e81a9d2f60")
    old = " " + " ".join(search_stems("Potkureita")) + " "  # what the LIKE search stored
    db.session.execute(sa.update(Organisation).values(search_text=old))
    db.session.commit()
    upgrade()
    found = db.session.scalars(directory.build_select(DirectoryQuery(q="welding"))).all()
    assert {o.name for o in found} == {"Baltic Weld Ltd", "Hitsaamo Virtanen Oy"}


def test_opportunity_search_crosses_languages_and_follows_edits(app, works, make_user):
    cluster, orgs = works
    poster = make_user(orgs["potkuri"])
    data = {
        "kind": "business_request",
        "title": "Welding subcontractor wanted",
        "offered_sought": "Welded stainless steel frames",
        "deadline": timeutil.today(cluster) + timedelta(days=20),
        "visibility": "cluster",
    }
    with app.test_request_context():
        opp = service.create(poster, cluster, data, publish=True)
        db.session.commit()
    viewer = make_user(orgs["welding"])
    assert [li.opportunity.id for li in service.search(viewer, q="hitsaus")] == [opp.id]
    assert service.search(viewer, q="leipomo") == []
    opp.title, opp.offered_sought = "Leipomo etsii uunia", ""
    db.session.commit()
    assert [li.opportunity.id for li in service.search(viewer, q="leipomo")] == [opp.id]
    keys = db.session.scalar(sa.select(Opportunity.search_text).where(Opportunity.id == opp.id))
    assert "leipomo" in keys.split()


def test_a_concept_token_never_equals_a_word_key():
    assert token("~propeller") != "propeller" and token("~tol.C").isalnum()
    assert token("~a_b") != token("~a.b")


def test_a_short_query_is_read_in_every_language():
    (alternatives,) = SearchKeys().query("propellers")
    keys = {t for t, _ in alternatives.tokens()}
    assert {"propeller", "propellers"} <= keys  # English and Finnish/Swedish readings


@pytest.mark.parametrize("typed", ["potkuri", "propeller"])
def test_a_search_past_the_rank_limit_is_still_ranked_by_relevance(app, client, works, typed):
    app.config["SEARCH_RANK_LIMIT"] = 0  # every search is past it (PostgreSQL estimates >= 1)
    html = client.get(f"/clusters/works/?q={typed}").data.decode()
    # no tier holds a page of twenty: every match ranked, and counted exactly
    assert "2 organisations found" in html and "More than" not in html and "About" not in html
    assert _names(client, "works", f"q={typed}") == ["Potkuripalvelu Oy", "Aalto Konepaja Oy"]
    assert "<mark>" in html  # the ranked page still marks the matched words


def test_a_common_word_is_ranked_among_the_profiles_where_it_is_frequent(
    app, client, works, make_cluster
):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("tier tokens are PostgreSQL's (SQLite's FTS5 ranks every match)")
    _, orgs = works
    app.config.update(SEARCH_RANK_LIMIT=0, SEARCH_RANK_CANDIDATES=1, DIRECTORY_PAGE_SIZE=1)
    html = client.get("/clusters/works/?q=potkuri").data.decode()
    assert "About 2 organisations found" in html or "About 1 organisations found" in html
    assert _names(client, "works", "q=potkuri") == ["Potkuripalvelu Oy"]  # "potkuri" 3 times
    assert _names(client, "works", "q=potkuri&page=2") == ["Aalto Konepaja Oy"]  # no tier: all
    frequent = "Potkurit: potkurin valu, potkurin huolto, potkurin korjaus, potkurin tasapainotus."
    orgs["mention"].description = frequent
    db.session.commit()  # its tier tokens follow the edit
    assert _names(client, "works", "q=potkuri") == ["Aalto Konepaja Oy"]
    other = make_cluster(slug="telakat", name="Telakat")  # and its memberships
    cluster_service.add_member(other, orgs["potkuri"])
    db.session.commit()
    page = directory.paginate(DirectoryQuery(q="potkuri", cluster_ids=[other.id]), 1, 1)
    assert page.about and [o.name for o in page.items] == ["Potkuripalvelu Oy"]


def test_the_api_total_stays_exact_above_the_rank_limit(app, client, works):
    app.config["SEARCH_RANK_LIMIT"] = 1
    body = client.get("/api/v1/organisations?cluster=works&q=potkuri&sort=relevance").get_json()
    assert body["total"] == 2
    assert [o["name"] for o in body["items"]] == ["Potkuripalvelu Oy", "Aalto Konepaja Oy"]


def test_a_search_follows_memberships_at_once(works, make_cluster):
    """PostgreSQL keeps a token per approved membership in the index: joining, leaving and
    an application still pending move it."""
    _, orgs = works
    other = make_cluster(slug="telakat", name="Telakat")

    def found() -> set[str]:
        query = DirectoryQuery(q="potkuri", cluster_ids=[other.id])
        return {o.name for o in directory.paginate(query, 1, 20).items}

    assert found() == set()
    membership = cluster_service.add_member(other, orgs["potkuri"])
    db.session.commit()
    assert found() == {"Potkuripalvelu Oy"}
    membership.status = "pending"
    db.session.commit()
    assert found() == set()
    membership.status = "approved"
    db.session.commit()
    db.session.delete(membership)
    db.session.commit()
    assert found() == set()


def test_deleting_a_member_organisation_removes_it_from_the_index(works):
    cluster, orgs = works
    db.session.delete(orgs["potkuri"])
    db.session.commit()
    query = DirectoryQuery(q="potkuri", cluster_ids=[cluster.id])
    assert [o.name for o in directory.paginate(query, 1, 20).items] == ["Aalto Konepaja Oy"]
