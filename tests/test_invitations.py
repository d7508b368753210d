"""Invitations for the contact people of imported members to claim their organisation."""

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import Cluster, ContactPerson, Invitation, OutboxMessage, User, utcnow
from matchmaker.services import accounts, invitations, organisations, privacy
from matchmaker.services import clusters as cluster_service
from tests.conftest import outbox_links, valid_business_id


@pytest.fixture
def coordinated(make_cluster, make_user):
    cluster = make_cluster(slug="meri")
    coord = make_user(email="koordinaattori@example.fi")
    cluster_service.add_coordinator(cluster, coord)
    db.session.commit()
    return cluster, coord


@pytest.fixture
def imported(make_org):
    """A member without users, with a contact person who has an address."""

    def make(cluster, email="liisa@potkuri.fi", **kw):
        org = make_org(cluster, **kw)
        if email:
            db.session.add(ContactPerson(organisation=org, name="Liisa Laine", email=email))
        db.session.commit()
        return org

    return make


@pytest.fixture
def token_for(app):
    def make(user) -> dict:
        raw = accounts.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def _claim_link(email: str) -> str:
    return next(link for link in outbox_links(email) if "/invitations/" in link)


def _path(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _claim(client, link, name="Liisa Laine", password="pitkä salasana 1"):
    return client.post(
        _path(link),
        data={"name": name, "password": password, "password2": password, "locale": "fi"},
    )


def test_claim_end_to_end_makes_the_invited_person_admin(client, coordinated, imported):
    cluster, coord = coordinated
    org = imported(cluster, name="Orimattilan Hydraulipalvelu Oy")
    result = invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    assert len(result.invited) == 1
    link = _claim_link("liisa@potkuri.fi")
    page = client.get(_path(link))
    assert page.status_code == 200 and "liisa@potkuri.fi" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(Invitation)).status == "opened"
    response = _claim(client, link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organisations/{org.id}")
    user = accounts.user_by_email("liisa@potkuri.fi")
    assert user.organisation_id == org.id and user.is_org_admin and user.is_confirmed
    db.session.refresh(org)
    assert org.claimed_at is not None and org.verified  # verified stays as it was
    item = db.session.scalar(sa.select(Invitation))
    assert item.status == "accepted" and item.accepted_at and item.user_id == user.id
    # logged in at once
    assert client.get(f"/organisations/{org.id}/people").status_code == 200


def test_claim_link_works_once(client, coordinated, imported):
    cluster, coord = coordinated
    imported(cluster)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    link = _claim_link("liisa@potkuri.fi")
    assert _claim(client, link).status_code == 302
    client.post("/auth/logout")
    again = client.get(_path(link))
    assert again.status_code == 409
    assert "already been used" in again.get_data(as_text=True)
    assert _claim(client, link, name="Someone Else").status_code == 409
    assert (
        db.session.scalar(sa.select(sa.func.count(User.id)).where(User.name == "Someone Else")) == 0
    )


def test_claim_link_expires(client, coordinated, imported, freeze_clock):
    cluster, coord = coordinated
    imported(cluster)
    start = utcnow()
    freeze_clock(start)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    link = _claim_link("liisa@potkuri.fi")
    freeze_clock(start + timedelta(days=15))
    response = client.get(_path(link))
    assert response.status_code == 422 and "expired" in response.get_data(as_text=True)


def test_forged_or_renonced_link_is_refused(client, coordinated, imported):
    cluster, coord = coordinated
    imported(cluster)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    link = _claim_link("liisa@potkuri.fi")
    assert client.get(_path(link) + "x").status_code == 422
    item = db.session.scalar(sa.select(Invitation))
    item.nonce = "another-nonce"
    db.session.commit()
    assert client.get(_path(link)).status_code == 422


def test_claim_form_refuses_short_password_next_to_field(client, coordinated, imported):
    cluster, coord = coordinated
    imported(cluster)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    response = _claim(client, _claim_link("liisa@potkuri.fi"), password="short")
    assert response.status_code == 200
    assert accounts.user_by_email("liisa@potkuri.fi") is None


def test_invite_skips_with_reasons_and_does_not_invite_twice(
    coordinated, imported, make_org, make_user
):
    cluster, coord = coordinated
    fresh = imported(cluster)
    no_mail = imported(cluster, email="")
    claimed = imported(cluster, email="boss@claimed.fi")
    make_user(claimed, org_role="admin")
    outsider = make_org()
    result = invitations.invite_members(
        coord, cluster, [fresh.id, no_mail.id, claimed.id, outsider.id]
    )
    db.session.commit()
    assert [i.organisation_id for i in result.invited] == [fresh.id]
    assert sorted(result.skipped) == sorted(
        [(no_mail.id, "no_email"), (claimed.id, "claimed"), (outsider.id, "not_member")]
    )
    again = invitations.invite_members(coord, cluster, [fresh.id])
    assert again.invited == [] and again.skipped == [(fresh.id, "already_invited")]


def test_one_open_invitation_per_organisation_and_address(coordinated, imported):
    cluster, coord = coordinated
    org = imported(cluster)
    invitations.invite_members(coord, cluster, [org.id])
    db.session.commit()
    db.session.add(Invitation(cluster=cluster, organisation=org, email="liisa@potkuri.fi"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # A closed one does not count.
    db.session.scalar(sa.select(Invitation)).status = "expired"
    db.session.add(Invitation(cluster=cluster, organisation=org, email="liisa@potkuri.fi"))
    db.session.commit()


def test_reminder_once_after_a_week_then_expired(coordinated, imported, freeze_clock):
    cluster, coord = coordinated
    imported(cluster)
    start = utcnow()
    freeze_clock(start)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    freeze_clock(start + timedelta(days=6))
    assert invitations.remind_and_expire() == (0, 0)
    freeze_clock(start + timedelta(days=8))
    assert invitations.remind_and_expire() == (1, 0)
    assert invitations.remind_and_expire() == (0, 0)  # idempotent
    db.session.commit()
    subjects = db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == "liisa@potkuri.fi")
    ).all()
    assert len(subjects) == 2 and subjects[1].startswith("Reminder")
    freeze_clock(start + timedelta(days=15))
    assert invitations.remind_and_expire() == (0, 1)
    assert db.session.scalar(sa.select(Invitation)).status == "expired"


def test_remind_invitations_cli(runner, coordinated, imported, freeze_clock):
    cluster, coord = coordinated
    imported(cluster)
    start = utcnow()
    freeze_clock(start)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    freeze_clock(start + timedelta(days=8))
    assert "1 reminded, 0 expired" in runner.invoke(args=["remind-invitations"]).output
    assert "0 reminded, 0 expired" in runner.invoke(args=["remind-invitations"]).output


def test_invite_members_cli_dry_run_then_real(runner, coordinated, imported):
    cluster, _coord = coordinated
    imported(cluster, name="Potkuri Oy")
    imported(cluster, name="Hiljainen Oy", email="")
    dry = runner.invoke(args=["invite-members", "meri", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would invite: Potkuri Oy <liisa@potkuri.fi>" in dry.output
    assert "Skipped: Hiljainen Oy (no_email)" in dry.output
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0
    real = runner.invoke(args=["invite-members", "meri"])
    assert "1 invited, 1 skipped." in real.output
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1
    assert runner.invoke(args=["invite-members", "nope"]).exit_code != 0


def test_api_invite_and_list(client, coordinated, imported, token_for):
    cluster, coord = coordinated
    org = imported(cluster, name="Potkuri Oy")
    headers = token_for(coord)
    response = client.post(
        "/api/v1/clusters/meri/invitations",
        json={"organisation_ids": [org.id, 999999]},
        headers=headers,
    )
    assert response.status_code == 201
    assert response.get_json() == {
        "invited": 1,
        "skipped": [{"organisation_id": 999999, "reason": "not_member"}],
    }
    again = client.post(
        "/api/v1/clusters/meri/invitations", json={"all_unclaimed": True}, headers=headers
    ).get_json()
    assert again == {
        "invited": 0,
        "skipped": [{"organisation_id": org.id, "reason": "already_invited"}],
    }
    items = client.get("/api/v1/clusters/meri/invitations", headers=headers).get_json()["items"]
    assert len(items) == 1
    assert items[0]["organisation"] == {"id": org.id, "name": "Potkuri Oy"}
    assert items[0]["email"] == "liisa@potkuri.fi" and items[0]["status"] == "sent"
    assert items[0]["sent_at"] and items[0]["accepted_at"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "organisation_ids"),
        ([], "body"),
        ({"organisation_ids": "1"}, "organisation_ids"),
        ({"organisation_ids": []}, "organisation_ids"),
        ({"organisation_ids": [True]}, "organisation_ids"),
        ({"organisation_ids": [2**40]}, "organisation_ids"),
        ({"all_unclaimed": "yes"}, "all_unclaimed"),
        ({"all_unclaimed": True, "organisation_ids": [1]}, "organisation_ids"),
    ],
)
def test_api_bad_bodies_are_422_naming_the_field(client, coordinated, token_for, body, field):
    _cluster, coord = coordinated
    response = client.post("/api/v1/clusters/meri/invitations", json=body, headers=token_for(coord))
    # A body that is not a JSON object is a 400, as everywhere in the API; the rest are 422.
    assert response.status_code == (400 if field == "body" else 422)
    if field != "body":
        assert field in response.get_json()["error"]["fields"]


def test_api_only_for_the_clusters_coordinators(
    client, coordinated, make_cluster, make_user, token_for
):
    other = make_cluster(slug="muu")
    stranger = make_user()
    cluster_service.add_coordinator(other, stranger)
    db.session.commit()
    headers = token_for(stranger)
    assert client.get("/api/v1/clusters/meri/invitations", headers=headers).status_code == 403
    response = client.post(
        "/api/v1/clusters/meri/invitations", json={"all_unclaimed": True}, headers=headers
    )
    assert response.status_code == 403
    assert client.get("/api/v1/clusters/meri/invitations").status_code == 401


def test_invitations_page_invites_all_and_shows_claim_rate(client, auth, coordinated, imported):
    cluster, coord = coordinated
    imported(cluster, name="Potkuri Oy")
    imported(cluster, name="Toinen Oy", email="toinen@example.fi")
    auth.login(coord.email)
    page = client.get("/coordinator/meri/invitations").get_data(as_text=True)
    assert "0,0" in page or "0.0" in page  # nobody claimed yet, formatted by Babel
    response = client.post("/coordinator/meri/invitations")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 2
    _claim(client, _claim_link("liisa@potkuri.fi"))
    assert invitations.claim_rate(cluster).claimed == 1
    assert invitations.claim_rate(cluster).base == 2
    auth.logout()
    auth.login(coord.email)
    page = client.get("/coordinator/meri/invitations?status=accepted").get_data(as_text=True)
    assert "Potkuri Oy" in page and "Toinen Oy" not in page
    assert "50" in page


def test_organisation_page_invites_one(client, auth, coordinated, imported):
    cluster, coord = coordinated
    org = imported(cluster)
    auth.login(coord.email)
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert f"/coordinator/meri/invitations/organisation/{org.id}" in page
    response = client.post(f"/coordinator/meri/invitations/organisation/{org.id}")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Invitation)).organisation_id == org.id


def test_bounced_address_closes_its_open_invitations(coordinated, imported):
    cluster, coord = coordinated
    imported(cluster)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    assert invitations.mark_bounced("Liisa@Potkuri.fi") == 1
    db.session.commit()
    assert db.session.scalar(sa.select(Invitation)).status == "bounced"
    assert invitations.mark_bounced("liisa@potkuri.fi") == 0


def test_deleting_the_account_removes_its_invitations(client, coordinated, imported):
    cluster, coord = coordinated
    imported(cluster)
    invitations.invite_members(coord, cluster, all_unclaimed=True)
    db.session.commit()
    _claim(client, _claim_link("liisa@potkuri.fi"))
    user = accounts.user_by_email("liisa@potkuri.fi")
    user.org_role = "member"  # not the last admin question: plain member deletes themself
    db.session.commit()
    privacy.delete_account(user)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


@pytest.mark.parametrize(
    "race_app", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_coordinators_inviting_at_once_give_one_invitation_and_already_invited(race_app):
    """The second coordinator's insert waits for the first one's transaction on the unique
    index; when that commits, the second gets "already invited", not a server error."""
    with race_app.app_context():
        cluster = cluster_service.create_cluster(slug="kilpa", name="Kilpaklusteri")
        org = organisations.create_organisation(
            {"name": "Potkuri Oy", "business_id": valid_business_id(9400)}
        )
        cluster_service.add_member(cluster, org)
        db.session.add(ContactPerson(organisation=org, name="Liisa", email="liisa@potkuri.fi"))
        coords = []
        for n in (1, 2):
            user = User(
                email=f"koordinaattori{n}@example.fi",
                name=f"Koordinaattori {n}",
                password_hash="x",
                confirmed_at=utcnow(),
            )
            db.session.add(user)
            db.session.flush()
            cluster_service.add_coordinator(cluster, user)
            coords.append(user.id)
        db.session.commit()
        ids = cluster.id, org.id
    inserted, go = threading.Event(), threading.Event()
    results, errors = {}, []

    def invite(n, before_commit=None):
        with race_app.app_context():
            try:
                actor = db.session.get(User, coords[n])
                cluster = db.session.get(Cluster, ids[0])
                result = invitations.invite_members(actor, cluster, [ids[1]])
                if before_commit:
                    before_commit()
                db.session.commit()
                results[n] = (len(result.invited), result.skipped)
            except Exception as exc:
                db.session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    def hold():
        inserted.set()
        go.wait(30)

    first = threading.Thread(target=invite, args=(0, hold))
    second = threading.Thread(target=invite, args=(1,))
    first.start()
    assert inserted.wait(30)
    second.start()
    with race_app.app_context():
        # Let the first commit only once the second is waiting on the index entry.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            waiting = db.session.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            )
            db.session.rollback()
            if waiting:
                break
            time.sleep(0.05)
        db.session.remove()
    assert waiting, "the second invitation never waited for the first"
    go.set()
    first.join(30)
    second.join(30)
    assert errors == []
    assert results == {0: (1, []), 1: (0, [(ids[1], "already_invited")])}
    with race_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1
