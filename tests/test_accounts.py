"""Registration, confirmation, login, rate limiting, password reset, joining an organisation."""

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Organisation, OutboxMessage, User
from matchmaker.services import clusters as cluster_service
from tests.conftest import outbox_links, valid_business_id

PASSWORD = "a long enough password"


def register(client, **overrides):
    data = {
        "mode": "new",
        "name": "Maija Meri",
        "email": "maija@laivatekniikka.fi",
        "password": PASSWORD,
        "password2": PASSWORD,
        "locale": "en",
        "business_id": valid_business_id(900),
        "org_name": "Laivatekniikka Meri Oy",
        "org_type": "company",
        "municipality": "Lahti",
    }
    data.update(overrides)
    return client.post("/auth/register", data=data, follow_redirects=True)


def confirm_link(email):
    return next(link for link in outbox_links(email) if "/auth/confirm/" in link)


def test_register_confirm_login_edit_profile_and_find_in_directory(client, auth, make_cluster):
    cluster = make_cluster(slug="meri")
    response = register(client)
    assert response.status_code == 200
    assert b"maija@laivatekniikka.fi" in response.data

    # Not confirmed yet: login is refused with an explanation.
    response = auth.login("maija@laivatekniikka.fi", PASSWORD)
    assert b"Confirm your e-mail address first" in response.data
    assert b"Log out" not in response.data

    link = confirm_link("maija@laivatekniikka.fi")
    response = client.get(link.replace("http://localhost", ""), follow_redirects=True)
    assert response.status_code == 200
    response = auth.login("maija@laivatekniikka.fi", PASSWORD)
    assert b"Log out" in response.data

    org = db.session.scalar(
        sa.select(Organisation).where(Organisation.name == "Laivatekniikka Meri Oy")
    )
    response = client.post(
        f"/organisations/{org.id}/edit",
        data={
            "name": org.name,
            "business_id": org.business_id,
            "org_type": "company",
            "size_class": "small",
            "municipality": "Lahti",
            "description": "Valmistamme potkureita ja potkuriakseleita huviveneisiin.",
            "capabilities": "Potkurien korjaus\nAkselilinjat",
            "needs": "Valimokumppani",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.refresh(org)
    assert "potkureita" in org.description

    # Once a member of the cluster, a directory search for the base form finds the inflected one.
    cluster_service.add_member(cluster, org)
    db.session.commit()
    response = client.get("/clusters/meri/?q=potkuri")
    assert b"Laivatekniikka Meri Oy" in response.data


def test_wrong_business_id_gives_field_error_and_saves_nothing(client):
    response = register(client, business_id="1234567-8")
    assert response.status_code == 200
    assert b"its check digit does not match" in response.data
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_duplicate_email_is_refused(client, make_user):
    make_user(email="taken@example.fi")
    register(client, email="taken@example.fi")
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_wrong_password_is_refused(client, auth, make_user):
    user = make_user()
    response = auth.login(user.email, "not the password")
    assert b"Wrong e-mail address or password" in response.data
    assert b"Log out" not in response.data


def test_login_is_rate_limited_after_repeated_failures(app, client, auth, make_user):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login(user.email, "wrong password!")
    # Even the right password is refused while the limit holds.
    response = client.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 429


def test_password_reset_link_sets_new_password_once(client, auth, make_user):
    user = make_user(email="reset@example.fi")
    client.post("/auth/forgot", data={"email": "reset@example.fi"})
    link = next(link for link in outbox_links("reset@example.fi") if "/auth/reset/" in link)
    path = link.replace("http://localhost", "")
    client.post(path, data={"password": "brand new password", "password2": "brand new password"})
    assert b"Log out" in auth.login(user.email, "brand new password").data
    auth.logout()
    # The same link cannot be used again.
    response = client.post(
        path,
        data={"password": "another password!", "password2": "another password!"},
        follow_redirects=True,
    )
    assert b"already been used" in response.data


def test_forgot_password_does_not_reveal_unknown_addresses(client):
    response = client.post(
        "/auth/forgot", data={"email": "nobody@example.fi"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_join_request_is_approved_by_org_admin(client, auth, make_org, make_user):
    org = make_org()
    admin = make_user(org, org_role="admin", email="boss@example.fi")
    register(client, mode="join", business_id=org.business_id, email="new@example.fi", org_name="")
    newcomer = db.session.scalar(sa.select(User).where(User.email == "new@example.fi"))
    assert newcomer.organisation_id == org.id and newcomer.org_status == "pending"
    assert any("/people" in link for link in outbox_links("boss@example.fi"))

    auth.login(admin.email)
    client.post(f"/organisations/{org.id}/people/{newcomer.id}", data={"action": "approve"})
    db.session.refresh(newcomer)
    assert newcomer.org_status == "active"


def test_pending_member_cannot_edit_the_organisation(client, auth, make_org, make_user):
    org = make_org()
    pending = make_user(org, org_status="pending")
    auth.login(pending.email)
    assert client.get(f"/organisations/{org.id}/edit").status_code == 403


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": "correct horse battery", "remember": "y"},
    )
    assert any("remember_token" in h for h in response.headers.getlist("Set-Cookie"))


def test_user_chooses_ui_language(client, auth, make_user):
    user = make_user(locale="en")
    auth.login(user.email)
    assert b"Log out" in client.get("/").data
    client.post("/language", data={"locale": "fi"})
    db.session.refresh(user)
    assert user.locale == "fi"
    assert b"Kirjaudu ulos" in client.get("/").data


def _mails(recipient: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        )
    )


def test_registering_a_taken_address_answers_the_same_and_mails_the_owner(client, make_user):
    owner = make_user(email="taken@example.fi", name="Omistaja")
    fresh = register(client, email="new@example.fi", business_id=valid_business_id(901))
    taken = register(client, email="taken@example.fi", business_id=valid_business_id(902))
    assert taken.status_code == fresh.status_code == 200
    # The same page, apart from the address it names: nothing tells the two apart.
    assert taken.get_data(as_text=True).replace("taken@", "new@") == fresh.get_data(as_text=True)
    assert b"already exists" not in taken.data
    [message] = _mails(owner.email)
    assert "tried to register" in message.subject
    assert "/auth/login" in message.body and "/auth/forgot" in message.body
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
    assert not db.session.scalar(
        sa.select(Organisation).where(Organisation.business_id == valid_business_id(902))
    )


def test_check_mail_page_promises_only_a_message_that_was_written(client, make_user):
    make_user(email="taken@example.fi")
    page = register(client, email="taken@example.fi").get_data(as_text=True)
    assert "confirmation link" not in page
    assert len(_mails("taken@example.fi")) == 1


def test_new_organisation_with_a_known_business_id_becomes_a_join_request(
    client, make_org, make_user
):
    org = make_org(name="Oikea Oy", municipality="Kemi")
    admin = make_user(org, org_role="admin", email="admin@oikea.fi")
    register(client, business_id=org.business_id, org_name="Kaappari Oy", municipality="Oulu")
    user = db.session.scalar(sa.select(User).where(User.email == "maija@laivatekniikka.fi"))
    assert (user.organisation_id, user.org_role, user.org_status) == (org.id, "member", "pending")
    db.session.refresh(org)
    assert (org.name, org.municipality, org.verified) == ("Oikea Oy", "Kemi", True)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1
    assert [m.subject for m in _mails(admin.email)] == [
        "Maija Meri asks to join Oikea Oy",
    ]


def test_self_registered_organisation_is_unverified_until_a_coordinator_approves(
    client, make_cluster, make_user
):
    register(client)
    org = db.session.scalar(sa.select(Organisation))
    admin = db.session.scalar(sa.select(User).where(User.organisation_id == org.id))
    assert org.verified is False
    cluster = make_cluster()
    coordinator = make_user()
    cluster_service.add_coordinator(cluster, coordinator)
    db.session.commit()
    item = cluster_service.apply(admin, cluster, org)
    assert org.verified is False
    cluster_service.decide(coordinator, item, approve=True)
    db.session.commit()
    db.session.refresh(org)
    assert org.verified is True


def test_coordinators_see_unverified_on_the_page_and_in_applications(
    client, auth, make_cluster, make_user
):
    register(client)
    org = db.session.scalar(sa.select(Organisation))
    admin = db.session.scalar(sa.select(User).where(User.organisation_id == org.id))
    admin.confirmed_at = org.created_at
    cluster = make_cluster()
    coordinator = make_user()
    cluster_service.add_coordinator(cluster, coordinator)
    cluster_service.apply(admin, cluster, org)
    db.session.commit()
    outsider = make_user()
    auth.login(outsider.email)
    assert b"unverified" not in client.get(f"/organisations/{org.id}").data
    auth.logout()
    auth.login(coordinator.email)
    assert b"unverified" in client.get(f"/organisations/{org.id}").data
    assert b"unverified" in client.get(f"/clusters/{cluster.slug}/applications").data
