"""The ecosystem API, the pipeline rule in the lead service, and the funder report."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from matchmaker.extensions import db
from matchmaker.models import Lead
from matchmaker.services import ecosystems, leads, reports
from matchmaker.services.errors import PermissionDenied


def test_list_gives_the_published_ecosystems_with_member_counts(
    client, coordinated, make_ecosystem, make_org
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster, [(make_org(cluster), "anchor")], name_en="Park")
    make_ecosystem(user, cluster, published=False)
    body = client.get("/api/v1/ecosystems?lang=en").get_json()
    assert body == {
        "items": [
            {
                "id": eco.id,
                "slug": eco.slug,
                "name": "Park",
                "summary": "Tiivistelmä",
                "member_count": 1,
            }
        ]
    }


def test_one_ecosystem_with_roadmap_members_and_every_language(
    client, coordinated, make_ecosystem, make_org
):
    cluster, user = coordinated
    org = make_org(cluster)
    eco = make_ecosystem(user, cluster, [(org, "research_partner")], value_factors_fi="Raiteet")
    ecosystems.save_milestone(
        user, eco, {"title_fi": "Kaava", "due_on": date(2027, 3, 1), "status": "done"}
    )
    db.session.commit()
    body = client.get(f"/api/v1/ecosystems/{eco.slug}?lang=sv").get_json()
    assert body["value_factors"] == ["Raiteet"]  # no Swedish: the Finnish text
    assert body["milestones"] == [{"title": "Kaava", "date": "2027-03-01", "status": "done"}]
    assert body["members"] == [
        {"organisation": {"id": org.id, "name": org.name}, "role": "research_partner"}
    ]
    assert body["translations"]["fi"]["name"] == eco.name["fi"]


def test_a_draft_or_unknown_ecosystem_is_a_404(client, coordinated, make_ecosystem):
    cluster, user = coordinated
    draft = make_ecosystem(user, cluster, published=False)
    assert client.get(f"/api/v1/ecosystems/{draft.slug}").status_code == 404
    assert client.get("/api/v1/ecosystems/ei-ole").status_code == 404


def test_fit_answers_the_documented_shape(client, coordinated, make_ecosystem, make_org):
    cluster, user = coordinated
    org = make_org(cluster, description="Kierrätämme muovijätettä ja metalliromua.")
    eco = make_ecosystem(
        user, cluster, [(org, "anchor")], description_fi="Kierrätyspuisto metalliromulle."
    )
    body = client.get("/api/v1/ecosystems/fit?text=recycling plastic waste&lang=en").get_json()
    [item] = body["items"]
    assert item["ecosystem"] == {"id": eco.id, "slug": eco.slug, "name": eco.name["fi"]}
    assert item["score"] > 0
    assert item["members"][0]["id"] == org.id and item["members"][0]["name"] == org.name
    assert {r["kind"] for r in item["reasons"]} <= {"offer", "value_factor", "members"}
    assert all(r["text"] for r in item["reasons"])


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_fit_names_the_text_when_it_is_empty_or_too_long(client, text):
    response = client.get("/api/v1/ecosystems/fit", query_string={"text": text})
    assert response.status_code == 422
    assert "text" in response.get_json()["error"]["fields"]


def test_fit_without_text_names_it(client):
    response = client.get("/api/v1/ecosystems/fit")
    assert response.status_code == 422
    assert "text" in response.get_json()["error"]["fields"]


def test_the_paths_are_in_the_openapi_description(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/ecosystems", "/api/v1/ecosystems/fit", "/api/v1/ecosystems/{slug}"} <= set(
        paths
    )


def test_the_service_refuses_a_step_the_pipeline_does_not_allow(coordinated):
    cluster, user = coordinated
    lead = leads.save(user, cluster, {"name": "X Oy"})
    with pytest.raises(leads.DomainError) as caught:
        leads.save(user, cluster, {"name": "X Oy", "status": "located"}, lead)
    assert "status" in caught.value.fields
    assert lead.status == "identified"


def test_targets_are_whole_numbers_in_range(coordinated):
    cluster, user = coordinated
    with pytest.raises(leads.DomainError) as caught:
        leads.set_target(user, cluster, "lots", 10_001)
    assert set(caught.value.fields) == {"contacts", "locations"}
    assert leads.set_target(user, cluster, 1000, 2).contacts == 1000


def test_only_coordinators_set_targets(make_cluster, make_user):
    with pytest.raises(PermissionDenied):
        leads.set_target(make_user(), make_cluster(), 1, 1)


def _lead(cluster, eco, stage, contacted=None, decided=None):
    lead = Lead(cluster_id=cluster.id, ecosystem_id=eco.id if eco else None, name=stage)
    lead.status = stage
    lead.contacted_at, lead.decided_at = contacted, decided
    db.session.add(lead)
    return lead


def test_the_report_counts_contacts_and_locations_per_ecosystem_in_the_period(
    coordinated, make_ecosystem
):
    cluster, user = coordinated
    park = make_ecosystem(user, cluster, slug="puisto")
    ring = make_ecosystem(user, cluster, slug="kehatie")
    in_2026, in_2025 = datetime(2026, 5, 1), datetime(2025, 5, 1)
    _lead(cluster, park, "meeting", contacted=in_2026)
    _lead(cluster, park, "located", contacted=in_2025, decided=in_2026)  # located in 2026
    _lead(cluster, park, "identified")  # no contact yet
    _lead(cluster, ring, "not_located", contacted=in_2026, decided=in_2026)
    _lead(cluster, None, "contacted", contacted=in_2026)
    db.session.commit()
    p = reports.Period(date(2026, 1, 1), date(2026, 12, 31))
    section = {
        i["ecosystem"]: (i["contacts"], i["located"])
        for i in reports.funder_report(cluster, p)["ecosystems"]
    }
    assert section == {"puisto": (1, 1), "kehatie": (1, 0), "": (1, 0)}
    rows = reports.lead_rows(cluster, p, "puisto", located=True)
    assert [lead.status for lead in rows] == ["located"]
    csv_rows = reports.report_rows(reports.funder_report(cluster, p), {})
    assert any("Companies located" in r and 1 in r for r in csv_rows)


def test_the_report_page_links_the_ecosystem_figures(client, auth, coordinated, make_ecosystem):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster, slug="puisto")
    _lead(cluster, eco, "contacted", contacted=datetime(2026, 5, 1))
    db.session.commit()
    auth.login(user.email)
    page = client.get(f"/coordinator/{cluster.slug}/report?start=2026-01-01&end=2026-12-31")
    assert "report/leads?ecosystem=puisto" in page.get_data(True)
    rows = client.get(
        f"/coordinator/{cluster.slug}/report/leads?ecosystem=puisto&start=2026-01-01&end=2026-12-31"
    ).get_data(True)
    assert ">contacted</a>" in rows
