"""Personal data: JSON download and account deletion."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, ContactPerson, Event, Registration, User
from matchmaker.services import organisations, privacy, reports


def test_download_contains_my_account_and_contact_entries(client, auth, make_org, make_user):
    org = make_org()
    user = make_user(org, email="maija@firma.fi", name="Maija")
    organisations.save_contact(user, org, {"name": "Maija", "email": "maija@firma.fi"})
    db.session.commit()
    auth.login(user.email)
    response = client.get("/account/data.json")
    data = json.loads(response.data)
    assert data["account"]["email"] == "maija@firma.fi"
    assert data["organisation"]["business_id"] == org.business_id
    assert data["listed_as_contact_person"][0]["email"] == "maija@firma.fi"


def test_delete_account_removes_user_and_keeps_audit_entries(client, auth, make_org, make_user):
    org = make_org()
    user = make_user(org, email="poistuva@firma.fi")
    organisations.update_profile(user, org, {"description": "x"})
    db.session.commit()
    user_id = user.id
    auth.login(user.email)
    response = client.post("/account/delete", data={"confirm": "DELETE"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "profile.updated"))
    assert entry is not None and entry.actor_id is None


def test_delete_account_removes_my_contact_person_entries(make_org, make_user):
    org = make_org()
    user = make_user(org, email="yhteys@firma.fi")
    organisations.save_contact(user, org, {"name": "Y", "email": "yhteys@firma.fi"})
    db.session.commit()
    privacy.delete_account(user)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(ContactPerson.id))) == 0


def test_last_admin_with_colleagues_cannot_delete(make_org, make_user):
    org = make_org()
    admin = make_user(org, org_role="admin")
    make_user(org)
    with pytest.raises(privacy.Conflict):
        privacy.delete_account(admin)
    db.session.rollback()
    assert db.session.get(User, admin.id) is not None


def test_wrong_confirmation_word_keeps_the_account(client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    client.post("/account/delete", data={"confirm": "no"})
    assert db.session.get(User, user.id) is not None


def test_account_deletion_keeps_event_counts(make_cluster, make_org, make_user):
    cluster = make_cluster()
    org = make_org(cluster)
    user = make_user(org)
    event = Event(
        cluster_id=cluster.id,
        title="Seminaari",
        starts_at=datetime(2026, 3, 10, 9),
        ends_at=datetime(2026, 3, 10, 12),
        status="published",
    )
    db.session.add(event)
    db.session.flush()
    db.session.add(
        Registration(
            event_id=event.id,
            organisation_id=org.id,
            user_id=user.id,
            name=user.name,
            email=user.email,
            status="confirmed",
        )
    )
    db.session.commit()
    period = reports.period("2026-01-01", "2026-12-31")
    before = reports.events_section(cluster, period)
    privacy.delete_account(user)
    db.session.commit()
    assert reports.events_section(cluster, period) == before
    assert before["participants"] == 1


def test_account_deletion_removes_name_from_registrations(make_cluster, make_org, make_user):
    cluster = make_cluster()
    user = make_user(make_org(cluster), name="Pirkko Poistuja")
    event = Event(
        cluster_id=cluster.id,
        title="Seminaari",
        starts_at=datetime(2026, 3, 10, 9),
        ends_at=datetime(2026, 3, 10, 12),
    )
    db.session.add(event)
    db.session.flush()
    reg = Registration(event_id=event.id, user_id=user.id, name=user.name, email=user.email)
    db.session.add(reg)
    db.session.commit()
    email = user.email
    privacy.delete_account(user)
    db.session.commit()
    db.session.expire_all()
    reg = db.session.get(Registration, reg.id)
    assert reg.name != "Pirkko Poistuja" and reg.email != email
