"""Every message meant for an organisation reaches someone, or the sender is told it cannot:
without users, its contact people get it with a link to claim the organisation."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import ContactPerson, Invitation, OutboxMessage
from matchmaker.services import accounts, contacts, fairs
from matchmaker.services import clusters as cluster_service
from tests.conftest import outbox_links
from tests.fairs.conftest import fair_setup  # noqa: F401


def _recipients() -> list[str]:
    return list(db.session.scalars(sa.select(OutboxMessage.recipient).order_by(OutboxMessage.id)))


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _contact(org, email, name="Liisa Laine"):
    db.session.add(ContactPerson(organisation=org, name=name, email=email))
    db.session.commit()


@pytest.fixture
def members(make_cluster, make_org, make_user):
    cluster = make_cluster(slug="meri")
    sender_org = make_org(cluster, name="Telakka Oy")
    sender = make_user(sender_org, org_role="admin", email="telakka@example.fi")
    unclaimed = make_org(cluster, name="Orimattilan Hydraulipalvelu Oy")
    _contact(unclaimed, "liisa@hydrauli.fi")
    silent = make_org(cluster, name="Hiljainen Oy")
    return cluster, sender, unclaimed, silent


def test_contact_request_to_unclaimed_member_reaches_its_contact_person_and_claims(
    client, auth, members
):
    _cluster, sender, unclaimed, _silent = members
    auth.login(sender.email)
    page = client.get(f"/partners/{unclaimed.id}/contact").get_data(as_text=True)
    assert "has not joined yet" in page and "contact people get your request" in page
    response = client.post(
        f"/partners/{unclaimed.id}/contact",
        data={"message": "Hei!", "source": "directory"},
        follow_redirects=True,
    )
    assert "You will get an e-mail when they answer" in response.get_data(as_text=True)
    assert _recipients() == ["liisa@hydrauli.fi"]
    claim = [link for link in outbox_links("liisa@hydrauli.fi") if "/invitations/" in link]
    assert len(claim) == 1
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.organisation_id == unclaimed.id and invitation.status == "sent"
    # The contact person follows the link, creates the account and answers the request.
    auth.logout()
    password = "pitkä salasana 1"
    client.post(
        _path(claim[0]),
        data={"name": "Liisa", "password": password, "password2": password, "locale": "fi"},
    )
    liisa = accounts.user_by_email("liisa@hydrauli.fi")
    assert liisa.organisation_id == unclaimed.id and liisa.is_org_admin
    requests_page = client.get("/partners/requests").get_data(as_text=True)
    assert "Telakka Oy" in requests_page


def test_contact_request_to_member_nobody_can_reach_says_so_and_writes_no_mail(
    client, auth, members
):
    _cluster, sender, _unclaimed, silent = members
    auth.login(sender.email)
    page = client.get(f"/partners/{silent.id}/contact").get_data(as_text=True)
    assert "This organisation has not joined yet; the coordinator can invite it." in page
    response = client.post(
        f"/partners/{silent.id}/contact",
        data={"message": "Hei!", "source": "directory"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "You will get an e-mail" not in text and "can be reached by e-mail yet" in text
    assert _recipients() == []
    assert contacts.open_request(sender.organisation_id, silent.id) is not None


def test_contact_request_to_member_with_users_goes_to_them_without_invitation(
    members, make_org, make_user
):
    cluster, sender, _unclaimed, _silent = members
    org = make_org(cluster)
    _contact(org, "contact@example.fi")
    make_user(org, org_role="admin", email="admin@example.fi")
    contacts.request_contact(sender, org)
    db.session.commit()
    assert _recipients() == ["admin@example.fi"]
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_second_message_reuses_the_open_invitation(members, make_org, make_user):
    cluster, sender, unclaimed, _silent = members
    other_org = make_org(cluster)
    other = make_user(other_org, org_role="admin")
    contacts.request_contact(sender, unclaimed)
    contacts.request_contact(other, unclaimed)
    db.session.commit()
    assert _recipients() == ["liisa@hydrauli.fi", "liisa@hydrauli.fi"]
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1


def _unclaim(setup, key):
    """The member's only user leaves: nobody is left to read its mail."""
    user = setup["people"][key]
    user.organisation_id = None
    db.session.commit()


def test_stand_confirmation_reaches_contact_people_and_names_the_unreachable(
    client,
    auth,
    fair_setup,  # noqa: F811
):
    orgs, stand = fair_setup["orgs"], fair_setup["propulsion"]
    for key in ("prop1", "prop2"):
        fairs.register_interest(
            fair_setup["people"][key], fair_setup["fair"], fair_setup["cluster"], {}
        )
    db.session.commit()
    fairs.assign(
        fair_setup["coordinator"],
        fair_setup["fair"],
        fair_setup["cluster"],
        {orgs["prop1"].id: stand.id, orgs["prop2"].id: stand.id},
    )
    db.session.commit()
    _unclaim(fair_setup, "prop1")
    _unclaim(fair_setup, "prop2")
    _contact(orgs["prop1"], "myynti@potkuri.fi")
    auth.login(fair_setup["coordinator"].email)
    response = client.post(
        f"/fairs/{fair_setup['fair'].id}/stands/{stand.id}/confirm",
        data={"action": "confirm"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "the exhibitors were e-mailed" not in text
    assert "No e-mail could be sent to Akseli Oy" in text
    assert _recipients() == ["myynti@potkuri.fi"]
    assert any("/invitations/" in link for link in outbox_links("myynti@potkuri.fi"))


def test_fair_invitation_to_unclaimed_member_goes_to_its_contact_person(fair_setup):  # noqa: F811
    org = fair_setup["orgs"]["int1"]
    _unclaim(fair_setup, "int1")
    _contact(org, "info@sisustus.fi")
    sent = fairs.invite(fair_setup["coordinator"], fair_setup["fair"], fair_setup["cluster"], org)
    db.session.commit()
    assert sent == 1 and _recipients() == ["info@sisustus.fi"]
    assert any("/invitations/" in link for link in outbox_links("info@sisustus.fi"))


def test_dashboard_lists_members_nobody_can_reach(client, auth, members, make_user):
    cluster, _sender, _unclaimed, silent = members
    coord = make_user(email="koordinaattori@example.fi")
    cluster_service.add_coordinator(cluster, coord)
    db.session.commit()
    auth.login(coord.email)
    page = client.get("/coordinator/meri/").get_data(as_text=True)
    block = page.split('class="panel unreachable"', 1)[1].split("</section>", 1)[0]
    assert "Hiljainen Oy" in block
    assert "Orimattilan Hydraulipalvelu Oy" not in block and "Telakka Oy" not in block


def test_join_request_to_unclaimed_organisation_reaches_its_contact_person(client, members):
    _cluster, _sender, unclaimed, _silent = members
    accounts.register_to_join(
        email="tuntematon@example.fi",
        name="Tuntematon",
        password="pitkä salasana 1",
        locale="fi",
        business_id=unclaimed.business_id,
    )
    db.session.commit()
    assert "liisa@hydrauli.fi" in _recipients()
    assert any("/invitations/" in link for link in outbox_links("liisa@hydrauli.fi"))
    stranger = accounts.user_by_email("tuntematon@example.fi")
    assert stranger.org_status == "pending" and not stranger.is_org_admin


def test_membership_invitation_to_unclaimed_organisation_reaches_its_contact_person(
    members, make_cluster
):
    _cluster, _sender, unclaimed, _silent = members
    other = make_cluster(slug="lappi")
    cluster_service.invite(None, other, unclaimed)
    db.session.commit()
    assert _recipients() == ["liisa@hydrauli.fi"]
    item = db.session.scalar(sa.select(Invitation))
    # The claim invitation belongs to the cluster the organisation is a member of.
    assert item.cluster.slug == "meri"
