"""Rights that come from cluster membership: only an approved membership counts.

A pending or declined application grants the cluster's coordinators nothing over the
applicant, and "members only" contact people are for members of a shared cluster.
"""

import pytest

from matchmaker.extensions import db
from matchmaker.services import accounts, organisations
from matchmaker.services import clusters as cluster_service

SECRET = "salainen@yritys.fi"
MEMBERS = "jasenille@yritys.fi"
PUBLIC = "julkinen@yritys.fi"


@pytest.fixture
def org_with_contacts(make_org, make_user):
    """make an organisation (in `cluster` if given) with a public, a members and a private
    contact person."""

    def make(cluster=None):
        org = make_org(cluster)
        admin = make_user(org, org_role="admin")
        for name, email, visibility in (
            ("Jäsen Jaana", MEMBERS, "members"),  # first: the catalogue shows one contact
            ("Julkinen Jussi", PUBLIC, "public"),
            ("Salainen Sari", SECRET, "private"),
        ):
            organisations.save_contact(
                admin, org, {"name": name, "email": email, "visibility": visibility}
            )
        db.session.commit()
        org.admin = admin
        return org

    return make


def _applied(org, cluster, decision=None):
    """`org` applies to `cluster`; a coordinator of it declines or approves when asked."""
    item = cluster_service.apply(org.admin, cluster, org)
    db.session.commit()
    if decision is not None:
        boss = cluster.coordinators[0].user
        cluster_service.decide(boss, item, approve=decision == "approved")
        db.session.commit()
    return item


def _bearer(user) -> dict:
    raw = accounts.create_api_token(user, "test")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def _api_emails(client, org) -> set[str]:
    response = client.get(f"/api/v1/organisations/{org.id}")
    assert response.status_code == 200
    return {c["email"] for c in response.get_json()["contacts"]}


@pytest.fixture
def lapland(make_cluster, make_user):
    cluster = make_cluster(slug="lappi")
    boss = make_user()
    cluster_service.add_coordinator(cluster, boss)
    db.session.commit()
    cluster.boss = boss
    return cluster


@pytest.mark.parametrize("decision", [None, "declined"], ids=["pending", "declined"])
def test_an_application_grants_the_coordinator_no_rights(
    client, auth, lapland, org_with_contacts, decision
):
    org = org_with_contacts()
    _applied(org, lapland, decision)
    assert not organisations.coordinates_org(lapland.boss, org)
    auth.login(lapland.boss.email)
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={"name": "Lapin Oma Oy"},
        headers=_bearer(lapland.boss),
    )
    assert response.status_code == 403
    assert client.get(f"/organisations/{org.id}/edit").status_code == 403
    db.session.refresh(org)
    assert org.name != "Lapin Oma Oy"
    assert _api_emails(client, org) == {PUBLIC}
    assert SECRET not in client.get(f"/organisations/{org.id}").get_data(as_text=True)


def test_an_approved_application_lets_the_coordinator_edit(
    client, auth, lapland, org_with_contacts
):
    org = org_with_contacts()
    _applied(org, lapland, "approved")
    auth.login(lapland.boss.email)
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={"name": "Lapin Oma Oy"},
        headers=_bearer(lapland.boss),
    )
    assert response.status_code == 200
    assert _api_emails(client, org) == {PUBLIC, MEMBERS, SECRET}


def test_self_registered_account_sees_no_members_only_contacts(
    client, auth, make_cluster, make_org, make_user, org_with_contacts
):
    cluster = make_cluster(slug="meri")
    org = org_with_contacts(cluster)
    stranger = make_user(make_org(), org_role="admin")  # own organisation, no membership
    auth.login(stranger.email)
    assert _api_emails(client, org) == {PUBLIC}
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert PUBLIC in page and MEMBERS not in page
    catalogue = client.get("/clusters/meri/catalogue").get_data(as_text=True)
    assert "Julkinen Jussi" in catalogue and "Jäsen Jaana" not in catalogue


def test_pending_applicant_sees_no_members_only_contacts(client, auth, lapland, org_with_contacts):
    member = org_with_contacts(lapland)
    applicant = org_with_contacts()
    _applied(applicant, lapland)
    auth.login(applicant.admin.email)
    assert _api_emails(client, member) == {PUBLIC}


def test_member_of_another_cluster_sees_no_members_only_contacts(
    client, auth, make_cluster, make_org, make_user, org_with_contacts
):
    org = org_with_contacts(make_cluster())
    elsewhere = make_user(make_org(make_cluster()))
    auth.login(elsewhere.email)
    assert _api_emails(client, org) == {PUBLIC}


def test_member_of_a_shared_cluster_sees_members_only_contacts(
    client, auth, make_cluster, make_org, make_user, org_with_contacts
):
    cluster = make_cluster(slug="yhteinen")
    org = org_with_contacts(cluster)
    colleague = make_user(make_org(cluster))
    auth.login(colleague.email)
    assert _api_emails(client, org) == {PUBLIC, MEMBERS}
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert MEMBERS in page and SECRET not in page
    catalogue = client.get("/clusters/yhteinen/catalogue").get_data(as_text=True)
    assert "Jäsen Jaana" in catalogue and "Salainen Sari" not in catalogue


def test_coordinators_see_members_only_contacts_of_their_members_only(
    client, auth, lapland, make_cluster, make_user, org_with_contacts
):
    org = org_with_contacts(lapland)
    other_boss = make_user()
    cluster_service.add_coordinator(make_cluster(), other_boss)
    db.session.commit()
    auth.login(other_boss.email)
    assert _api_emails(client, org) == {PUBLIC}
    auth.logout()
    auth.login(lapland.boss.email)
    assert _api_emails(client, org) == {PUBLIC, MEMBERS, SECRET}


def test_own_organisation_and_site_admin_see_every_contact(
    client, auth, make_user, org_with_contacts
):
    org = org_with_contacts()
    auth.login(org.admin.email)
    assert _api_emails(client, org) == {PUBLIC, MEMBERS, SECRET}
    auth.logout()
    auth.login(make_user(is_site_admin=True).email)
    assert _api_emails(client, org) == {PUBLIC, MEMBERS, SECRET}


@pytest.mark.parametrize("decision", [None, "declined"], ids=["pending", "declined"])
def test_audit_log_shows_an_applicants_application_but_not_its_activity(
    client, auth, lapland, org_with_contacts, decision
):
    org = org_with_contacts()
    organisations.update_profile(org.admin, org, {"description": "Salainen suunnitelma"})
    db.session.commit()
    _applied(org, lapland, decision)
    auth.login(lapland.boss.email)
    page = client.get("/coordinator/lappi/audit").get_data(as_text=True)
    assert "Membership applied for" in page
    assert "Profile changed" not in page and "Contact person saved" not in page
