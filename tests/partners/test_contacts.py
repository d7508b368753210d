"""Contact requests: ask, accept or decline, and what acceptance reveals."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import ContactRequest, OutboxMessage
from matchmaker.services import contacts, notifications, organisations
from matchmaker.services.errors import DomainError


def mails_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address))
    )


def test_request_accept_reveals_private_contacts_and_mails_both(client, auth, maritime):
    _, orgs, people = maritime
    organisations.save_contact(
        people["shafts"],
        orgs["shafts"],
        {"name": "Salli Salainen", "email": "salli@akselipaja.fi", "visibility": "private"},
    )
    db.session.commit()

    auth.login(people["yard"].email)
    assert b"salli@akselipaja.fi" not in client.get(f"/organisations/{orgs['shafts'].id}").data
    client.post(
        f"/partners/{orgs['shafts'].id}/contact",
        data={"message": "Tarvitsemme akseleita", "source": "suggestion"},
    )
    item = db.session.scalar(sa.select(ContactRequest))
    assert item.status == "pending" and item.source == "suggestion"
    assert any(
        "akseleita" not in m.subject and "Telakka Oy" in m.subject
        for m in mails_to("shafts@example.fi")
    )
    auth.logout()

    auth.login(people["shafts"].email)
    assert b"Tarvitsemme akseleita" in client.get("/partners/requests").data
    client.post(f"/partners/requests/{item.id}", data={"decision": "accept"})
    db.session.refresh(item)
    assert item.status == "accepted"
    auth.logout()

    auth.login(people["yard"].email)
    assert b"salli@akselipaja.fi" in client.get(f"/organisations/{orgs['shafts'].id}").data
    assert len(mails_to("yard@example.fi")) == 1 and len(mails_to("shafts@example.fi")) == 2


def test_declined_request_tells_the_sender(client, auth, maritime):
    _, orgs, people = maritime
    item = contacts.request_contact(people["yard"], orgs["hvac"])
    db.session.commit()
    auth.login(people["hvac"].email)
    client.post(f"/partners/requests/{item.id}", data={"decision": "decline"})
    db.session.refresh(item)
    assert item.status == "declined"
    assert any("Laivailma Oy" in m.subject for m in mails_to("yard@example.fi"))


def test_only_the_receiver_can_answer(client, auth, maritime):
    _, orgs, people = maritime
    item = contacts.request_contact(people["yard"], orgs["hvac"])
    db.session.commit()
    auth.login(people["yard"].email)  # the sender tries to accept their own request
    assert (
        client.post(f"/partners/requests/{item.id}", data={"decision": "accept"}).status_code == 403
    )
    auth.logout()
    auth.login(people["shafts"].email)  # a bystander
    assert (
        client.post(f"/partners/requests/{item.id}", data={"decision": "accept"}).status_code == 403
    )
    db.session.refresh(item)
    assert item.status == "pending"


def test_second_open_request_is_refused(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    client.post(f"/partners/{orgs['hvac'].id}/contact", data={"message": ""})
    response = client.post(
        f"/partners/{orgs['hvac'].id}/contact", data={"message": ""}, follow_redirects=True
    )
    assert b"already asked" in response.data
    assert db.session.scalar(sa.select(sa.func.count(ContactRequest.id))) == 1


def test_database_refuses_two_open_requests_for_one_pair(maritime):
    _, orgs, _ = maritime
    db.session.add(ContactRequest(from_org_id=orgs["yard"].id, to_org_id=orgs["hvac"].id))
    db.session.add(ContactRequest(from_org_id=orgs["yard"].id, to_org_id=orgs["hvac"].id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_cannot_request_contact_with_own_organisation(maritime):
    _, orgs, people = maritime
    with pytest.raises(DomainError):
        contacts.request_contact(people["yard"], orgs["yard"])


def test_profile_page_offers_request_contact(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    html = client.get(f"/organisations/{orgs['hvac'].id}").get_data(as_text=True)
    assert f"/partners/{orgs['hvac'].id}/contact" in html


def test_own_profile_shows_contact_editing(client, auth, maritime):
    _, orgs, people = maritime
    organisations.save_contact(people["yard"], orgs["yard"], {"name": "Veera Vene"})
    db.session.commit()
    auth.login(people["yard"].email)
    html = client.get(f"/organisations/{orgs['yard'].id}").get_data(as_text=True)
    assert "Veera Vene" in html and "Remove" in html and "/contacts/" in html


def test_sender_sees_the_message_they_wrote_in_the_sent_list(client, auth, maritime):
    _, orgs, people = maritime
    contacts.request_contact(people["yard"], orgs["hvac"], "Tarvitsemme ilmanvaihtoa")
    db.session.commit()
    auth.login(people["yard"].email)
    html = client.get("/partners/requests").get_data(as_text=True)
    sent = html.split("<h2>Sent</h2>", 1)[1]
    assert "Laivailma Oy" in sent and "Tarvitsemme ilmanvaihtoa" in sent


@pytest.mark.parametrize(
    ("channel", "sentence", "mails_on_answer"),
    [
        ("immediate", "You will get an e-mail when they answer.", 1),
        ("daily", "Their answer will be in your daily digest e-mail.", 0),
        ("off", "You chose no mail for contact requests", 0),
    ],
)
def test_sent_request_promises_only_the_mail_the_sender_chose(
    client, auth, maritime, channel, sentence, mails_on_answer
):
    _, orgs, people = maritime
    notifications.set_preferences(people["yard"], {"contact": channel})
    db.session.commit()
    auth.login(people["yard"].email)
    page = client.post(
        f"/partners/{orgs['hvac'].id}/contact",
        data={"message": "Hei", "source": "directory"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Request sent to Laivailma Oy." in page and sentence in page
    auth.logout()

    item = db.session.scalar(sa.select(ContactRequest))
    contacts.decide(people["hvac"], item, accept=False)
    db.session.commit()
    assert len(mails_to("yard@example.fi")) == mails_on_answer
    assert notifications.unread_count(people["yard"]) == 1  # the bell has it in every case


def test_a_member_who_asked_hears_the_acceptance_not_only_the_admins(make_user, maritime):
    _, orgs, people = maritime
    member = make_user(orgs["yard"], org_role="member", email="jasen@telakka.fi")
    item = contacts.request_contact(member, orgs["shafts"])
    db.session.commit()
    contacts.decide(people["shafts"], item, accept=True)
    db.session.commit()
    assert len(mails_to("jasen@telakka.fi")) == 1  # the person who asked
    assert len(mails_to("yard@example.fi")) == 1  # and the organisation's admin
