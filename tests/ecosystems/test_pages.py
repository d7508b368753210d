"""Ecosystem pages: coordinators edit, everyone reads the published ones, fit and leads."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Ecosystem, Lead
from matchmaker.services import clusters as cluster_service
from matchmaker.services import ecosystems, leads


def _form(**kw):
    return {
        "slug": "kierratyspuisto",
        "source_locale": "fi",
        "name_fi": "Kierrätyspuisto",
        "summary_fi": "Tontteja kierrätykselle",
        "description_fi": "Tontit, raiteet ja pilottihalli.",
        "value_factors_fi": "Raiteet\nPilottihalli",
        **kw,
    }


def test_a_coordinator_creates_an_ecosystem_and_an_error_stands_by_its_field(
    client, auth, coordinated
):
    cluster, user = coordinated
    auth.login(user.email)
    page = client.post(f"/ecosystems/cluster/{cluster.slug}/new", data=_form(summary_fi=""))
    assert page.status_code == 200
    assert "Write this in the ecosystem" in page.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count(Ecosystem.id))) == 0
    done = client.post(f"/ecosystems/cluster/{cluster.slug}/new", data=_form(published="y"))
    assert done.status_code == 302
    eco = ecosystems.by_slug("kierratyspuisto")
    assert eco.value_factors == {"fi": ["Raiteet", "Pilottihalli"]} and eco.published


def test_the_edit_form_shows_every_language_and_saves_a_translation(
    client, auth, coordinated, make_ecosystem
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster, name_en="Park")
    auth.login(user.email)
    form = client.get(f"/ecosystems/{eco.slug}/edit").get_data(True)
    assert 'value="Park"' in form and 'lang="sv"' in form
    data = _form(slug=eco.slug, name_sv="Parken")
    assert client.post(f"/ecosystems/{eco.slug}/edit", data=data).status_code == 302
    db.session.refresh(eco)
    assert eco.name == {"fi": "Kierrätyspuisto", "sv": "Parken"}


def test_milestones_and_members_are_added_on_the_manage_page(
    client, auth, coordinated, make_ecosystem, make_org, make_cluster
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    org = make_org(make_cluster())
    auth.login(user.email)
    url = f"/ecosystems/{eco.slug}/manage"
    milestone = {"form": "milestone", "m-title_en": "Zoning", "m-due_on": "2027-03-01"}
    assert client.post(url, data={**milestone, "m-status": "planned"}).status_code == 302
    member = {"form": "member", "o-organisation_id": str(org.id), "o-role": "anchor"}
    assert client.post(url, data=member).status_code == 302
    bad = client.post(url, data={"form": "milestone", "m-title_en": "X", "m-due_on": ""})
    assert "Enter a date." in bad.get_data(True)
    db.session.refresh(eco)
    assert [m.title for m in eco.milestones] == [{"en": "Zoning"}]
    assert [(m.organisation_id, m.role) for m in eco.members] == [(org.id, "anchor")]
    client.post(f"/ecosystems/{eco.slug}/members/{eco.members[0].id}/delete")
    client.post(f"/ecosystems/{eco.slug}/milestones/{eco.milestones[0].id}/delete")
    db.session.refresh(eco)
    assert eco.members == [] and eco.milestones == []


def test_the_public_page_and_brochure_in_the_asked_language(
    client, coordinated, make_ecosystem, make_org
):
    cluster, user = coordinated
    org = make_org(cluster, name="Lahden Kierrätys Oy")
    eco = make_ecosystem(
        user,
        cluster,
        [(org, "anchor")],
        name_en="Recycling Park",
        value_factors_fi="Raiteet",
    )
    ecosystems.save_milestone(user, eco, {"title_fi": "Kaava", "due_on": date(2027, 3, 1)})
    db.session.commit()
    page = client.get(f"/ecosystems/{eco.slug}/brochure?lang=en").get_data(True)
    assert '<h1 lang="en">Recycling Park</h1>' in page
    assert "Value factors" in page and "Anchor company" in page and "Lahden Kierrätys Oy" in page
    assert 'lang="fi">Raiteet' in page or '<ol lang="fi"><li>Raiteet' in page  # fallback marked
    assert "site-header" not in page  # no navigation in the brochure
    finnish = client.get(f"/ecosystems/{eco.slug}/brochure?lang=fi").get_data(True)
    assert "Lisäarvotekijät" in finnish and "Tiekartta" in finnish
    assert client.get(f"/ecosystems/{eco.slug}").status_code == 200


def test_a_draft_page_is_not_found_for_visitors(client, coordinated, make_ecosystem):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster, published=False)
    assert client.get(f"/ecosystems/{eco.slug}").status_code == 404
    assert client.get(f"/ecosystems/{eco.slug}/brochure").status_code == 404
    assert eco.slug not in client.get("/ecosystems/").get_data(True)


def _recycling_world(coordinated, make_ecosystem, make_org):
    cluster, user = coordinated
    recycler = make_org(
        cluster,
        name="Lajittelu Oy",
        description="Kierrätämme muovijätettä ja metalliromua; jätteen lajittelu.",
    )
    tester = make_org(
        cluster, name="Testirata Oy", description="Akkujen testaus sähköajoneuvoille."
    )
    park = make_ecosystem(
        user,
        cluster,
        [(recycler, "anchor")],
        slug="kierratyspuisto",
        description_fi="Tontteja kierrätykselle, lajiteltua jätettä ja metalliromua.",
    )
    make_ecosystem(
        user,
        cluster,
        [(tester, "infrastructure")],
        slug="testirata",
        description_fi="Testirata sähköajoneuvoille ja akuille.",
    )
    return cluster, user, park, recycler


def test_the_fit_page_ranks_ecosystems_with_members_to_meet(
    client, coordinated, make_ecosystem, make_org
):
    _, _, park, recycler = _recycling_world(coordinated, make_ecosystem, make_org)
    text = "A Danish company recycling plastic waste and scrap metal, looking for sorted waste."
    page = client.post("/ecosystems/fit", data={"text": text}).get_data(True)
    results = page[page.index('class="fit-list"') :]
    first = results.index('<li class="panel fit-item">')
    assert results.index(f"/ecosystems/{park.slug}", first) < results.find("testirata") % 10**9
    assert "Lajittelu Oy" in page and "Meet first" in page
    empty = client.post("/ecosystems/fit", data={"text": ""}).get_data(True)
    assert "Describe the company." in empty


def test_a_lead_is_linked_to_an_ecosystem_and_shows_the_ecosystems_it_fits(
    client, auth, coordinated, make_ecosystem, make_org
):
    cluster, user, park, _ = _recycling_world(coordinated, make_ecosystem, make_org)
    lead = leads.save(
        user,
        cluster,
        {"name": "Plastix GmbH", "description": "We recycle plastic waste and scrap metal."},
    )
    db.session.commit()
    auth.login(user.email)
    page = client.get(f"/coordinator/{cluster.slug}/leads/{lead.id}").get_data(True)
    assert "Ecosystems that fit this company" in page and "Lajittelu Oy" in page
    data = {"name": "Plastix GmbH", "status": "contacted", "ecosystem_id": str(park.id)}
    data["owner_id"] = ""
    answer = client.post(f"/coordinator/{cluster.slug}/leads/{lead.id}", data=data)
    assert answer.status_code == 302, answer.get_data(True)[-3000:]
    db.session.refresh(lead)
    assert (lead.status, lead.ecosystem_id) == ("contacted", park.id)
    assert lead.contacted_at is not None


def test_the_lead_form_refuses_a_step_the_pipeline_does_not_allow(client, auth, coordinated):
    cluster, user = coordinated
    lead = leads.save(user, cluster, {"name": "Plastix GmbH"})
    db.session.commit()
    auth.login(user.email)
    page = client.post(
        f"/coordinator/{cluster.slug}/leads/{lead.id}",
        data={"name": "Plastix GmbH", "status": "located", "owner_id": ""},
    )
    assert page.status_code == 200
    assert "Not a valid choice" in page.get_data(True)  # not even offered from "identified"
    with_service = leads.stage_choices(lead)
    assert with_service == ["identified", "contacted", "not_located"]
    db.session.refresh(lead)
    assert lead.status == "identified"


def test_an_ecosystem_of_another_cluster_cannot_be_linked(
    coordinated, make_ecosystem, make_cluster, make_user
):
    cluster, user = coordinated
    other_cluster = make_cluster()
    other = make_user()
    cluster_service.add_coordinator(other_cluster, other)
    eco = make_ecosystem(other, other_cluster)
    try:
        leads.save(user, cluster, {"name": "X Oy", "ecosystem_id": str(eco.id)})
    except leads.DomainError as exc:
        assert "ecosystem_id" in exc.fields
    else:
        raise AssertionError("linked to another cluster's ecosystem")


def test_the_leads_page_shows_progress_toward_the_targets(
    client, auth, coordinated, make_ecosystem
):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    for name, stage in (
        ("A", "contacted"),
        ("B", "meeting"),
        ("C", "located"),
        ("D", "identified"),
    ):
        leads.save(user, cluster, {"name": name, "status": stage, "ecosystem_id": str(eco.id)})
    db.session.commit()
    auth.login(user.email)
    url = f"/coordinator/{cluster.slug}/leads"
    refused = client.post(url, data={"contacts": "-5", "locations": "x"})
    assert refused.status_code == 200 and "Number must be" in refused.get_data(True)
    assert client.post(url, data={"contacts": "1000", "locations": "2"}).status_code == 302
    page = client.get(url).get_data(True)
    assert '<strong class="contacts-made">3</strong> / 1,000' in page
    assert '<strong class="companies-located">1</strong> / 2' in page
    progress = leads.progress(cluster)
    assert progress.by_ecosystem[0][1]["meeting"] == 1
    assert progress.contacts_share == 0.003 and progress.locations_share == 0.5


def test_leads_filter_by_ecosystem(coordinated, make_ecosystem):
    cluster, user = coordinated
    eco = make_ecosystem(user, cluster)
    leads.save(user, cluster, {"name": "In Oy", "ecosystem_id": str(eco.id)})
    leads.save(user, cluster, {"name": "Out Oy"})
    db.session.commit()
    found = leads.search(cluster, leads.LeadQuery(ecosystem=str(eco.id)))
    assert [lead.name for lead in found] == ["In Oy"]
    found = leads.search(cluster, leads.LeadQuery(ecosystem="none"))
    assert [lead.name for lead in found] == ["Out Oy"]
    assert db.session.scalar(sa.select(sa.func.count(Lead.id))) == 2
