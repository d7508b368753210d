"""Membership: an organisation applies, a coordinator approves or declines."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Membership, OutboxMessage
from matchmaker.services import clusters as cluster_service
from matchmaker.services.errors import Conflict
from tests.conftest import outbox_links


def test_apply_and_coordinator_approves(client, auth, make_cluster, make_org, make_user):
    cluster = make_cluster(slug="bio")
    coordinator = make_user(email="coord@example.fi")
    cluster_service.add_coordinator(cluster, coordinator)
    org = make_org(name="Sahanpuru Oy")
    admin = make_user(org, org_role="admin", email="admin@saha.fi")
    db.session.commit()

    auth.login(admin.email)
    client.post("/clusters/bio/apply", data={"message": "Meillä on sahanpurua tarjolla."})
    item = db.session.scalar(sa.select(Membership))
    assert item.status == "pending"
    assert any("/clusters/bio/applications" in link for link in outbox_links("coord@example.fi"))
    assert b"Sahanpuru Oy" not in client.get("/clusters/bio/").data.split(b"organisations found")[1]
    auth.logout()

    auth.login(coordinator.email)
    assert b"Sahanpuru Oy" in client.get("/clusters/bio/applications").data
    client.post(f"/clusters/bio/applications/{item.id}", data={"decision": "approve"})
    db.session.refresh(item)
    assert item.status == "approved"
    assert b"Sahanpuru Oy" in client.get("/clusters/bio/").data
    decision = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "admin@saha.fi")
    )
    assert "Sahanpuru Oy" in decision.subject


def test_coordinator_declines(client, auth, make_cluster, make_org, make_user):
    cluster = make_cluster(slug="bio")
    coordinator = make_user()
    cluster_service.add_coordinator(cluster, coordinator)
    org = make_org()
    item = cluster_service.apply(make_user(org), cluster, org)
    db.session.commit()
    auth.login(coordinator.email)
    client.post(f"/clusters/bio/applications/{item.id}", data={"decision": "decline"})
    db.session.refresh(item)
    assert item.status == "declined"


def test_non_coordinator_cannot_decide(client, auth, make_cluster, make_org, make_user):
    cluster = make_cluster(slug="bio")
    org = make_org()
    member = make_user(org)
    item = cluster_service.apply(member, cluster, org)
    db.session.commit()
    auth.login(member.email)
    assert client.get("/clusters/bio/applications").status_code == 403
    assert (
        client.post(
            f"/clusters/bio/applications/{item.id}", data={"decision": "approve"}
        ).status_code
        == 403
    )
    db.session.refresh(item)
    assert item.status == "pending"


def test_applying_twice_is_refused(make_cluster, make_org, make_user):
    cluster = make_cluster()
    org = make_org()
    user = make_user(org)
    cluster_service.apply(user, cluster, org)
    db.session.commit()
    with pytest.raises(Conflict):
        cluster_service.apply(user, cluster, org)


def test_organisation_may_belong_to_several_clusters(client, make_cluster, make_org):
    a, b = make_cluster(slug="a"), make_cluster(slug="b")
    org = make_org(a, name="Kaksoisjäsen Oy")
    cluster_service.add_member(b, org)
    db.session.commit()
    assert "Kaksoisjäsen" in client.get("/clusters/a/").text
    assert "Kaksoisjäsen" in client.get("/clusters/b/").text
