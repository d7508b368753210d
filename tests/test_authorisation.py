"""Who may see and change what: checked on the server for every object."""

from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from matchmaker.services import organisations


def test_member_of_a_gets_403_editing_b_by_url(client, auth, make_org, make_user):
    a, b = make_org(), make_org()
    user = make_user(a)
    auth.login(user.email)
    assert client.get(f"/organisations/{b.id}/edit").status_code == 403
    response = client.post(
        f"/organisations/{b.id}/edit",
        data={"name": "Hijacked", "business_id": b.business_id, "org_type": "company"},
    )
    assert response.status_code == 403
    db.session.refresh(b)
    assert b.name != "Hijacked"


def test_member_cannot_touch_another_organisations_contacts(client, auth, make_org, make_user):
    a, b = make_org(), make_org()
    contact = organisations.save_contact(make_user(b), b, {"name": "Liisa"})
    db.session.commit()
    user = make_user(a)
    auth.login(user.email)
    assert client.post(f"/organisations/{b.id}/contacts/{contact.id}/delete").status_code == 403
    # Nor through its own organisation's URL with the other's contact id.
    assert client.post(f"/organisations/{a.id}/contacts/{contact.id}/delete").status_code == 404


def test_coordinator_may_edit_their_clusters_member(
    client, auth, make_cluster, make_org, make_user
):
    cluster = make_cluster()
    member = make_org(cluster)
    outsider = make_org()
    coordinator = make_user()
    cluster_service.add_coordinator(cluster, coordinator)
    db.session.commit()
    auth.login(coordinator.email)
    assert client.get(f"/organisations/{member.id}/edit").status_code == 200
    assert client.get(f"/organisations/{outsider.id}/edit").status_code == 403


def test_contact_details_need_login(client, auth, make_org, make_user):
    org = make_org()
    admin = make_user(is_site_admin=True)
    organisations.save_contact(
        admin, org, {"name": "Pekka Puu", "email": "pekka@puu.fi", "visibility": "public"}
    )
    organisations.save_contact(
        admin, org, {"name": "Salainen Sari", "email": "sari@puu.fi", "visibility": "private"}
    )
    db.session.commit()
    page = client.get(f"/organisations/{org.id}").data
    assert b"pekka@puu.fi" not in page
    viewer = make_user(make_org())
    auth.login(viewer.email)
    page = client.get(f"/organisations/{org.id}").data
    assert b"pekka@puu.fi" in page
    assert b"sari@puu.fi" not in page  # private: own organisation and coordinators only


def test_people_page_is_for_org_admins_only(client, auth, make_org, make_user):
    org = make_org()
    member = make_user(org)
    auth.login(member.email)
    assert client.get(f"/organisations/{org.id}/people").status_code == 403


def test_admin_pages_need_site_admin(client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    assert client.get("/admin/outbox").status_code == 403
    auth.logout()
    admin = make_user(is_site_admin=True)
    auth.login(admin.email)
    assert client.get("/admin/outbox").status_code == 200


def test_catalogue_shows_private_contacts_to_coordinators_only(
    client, auth, make_cluster, make_org, make_user
):
    cluster = make_cluster(slug="kat")
    org = make_org(cluster)
    organisations.save_contact(
        make_user(org),
        org,
        {"name": "Yksityinen Ykä", "email": "yka@x.fi", "visibility": "private"},
    )
    organisations.save_contact(
        make_user(org),
        org,
        {"name": "Julkinen Jussi", "email": "jussi@x.fi", "visibility": "members"},
    )
    coordinator = make_user()
    cluster_service.add_coordinator(cluster, coordinator)
    member = make_user(make_org(cluster))
    db.session.commit()
    auth.login(member.email)
    page = client.get("/clusters/kat/catalogue").get_data(as_text=True)
    assert "jussi@x.fi" in page or "Julkinen Jussi" in page
    assert "yka@x.fi" not in page
    auth.logout()
    auth.login(coordinator.email)
    shown = organisations.visible_contacts_of([org], coordinator)[org.id]
    assert {c.name for c in shown} == {"Yksityinen Ykä", "Julkinen Jussi"}
