"""Cluster settings: a coordinator (or site admin) sets the cluster's time zone."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, Cluster
from matchmaker.services import clusters as cluster_service
from matchmaker.services.errors import DomainError


def _settings(cluster, **data):
    return {
        "name": cluster.name,
        "region": cluster.region,
        "description": cluster.description,
        "timezone": cluster.timezone,
        **data,
    }


def test_new_cluster_is_in_helsinki_time(make_cluster):
    assert make_cluster().timezone == "Europe/Helsinki"


def test_coordinator_sets_the_time_zone(client, auth, coordinated):
    cluster, user = coordinated
    auth.login(user.email)
    page = client.get(f"/coordinator/{cluster.slug}/settings").get_data(as_text=True)
    assert '<option selected value="Europe/Helsinki">' in page
    response = client.post(
        f"/coordinator/{cluster.slug}/settings",
        data=_settings(cluster, timezone="Europe/Stockholm"),
        follow_redirects=True,
    )
    assert "Cluster settings saved." in response.get_data(as_text=True)
    db.session.refresh(cluster)
    assert cluster.timezone == "Europe/Stockholm"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "cluster.settings"))
    assert entry.details == {"fields": ["timezone"]} and entry.actor_id == user.id


def test_unknown_time_zone_is_refused_next_to_the_field(client, auth, coordinated):
    cluster, user = coordinated
    auth.login(user.email)
    response = client.post(
        f"/coordinator/{cluster.slug}/settings", data=_settings(cluster, timezone="Mars/Olympus")
    )
    assert response.status_code == 200
    assert 'id="timezone-help"' in response.get_data(as_text=True)
    assert "Choose a time zone from the list." in response.get_data(as_text=True)
    db.session.refresh(cluster)
    assert cluster.timezone == "Europe/Helsinki"


def test_member_cannot_open_the_settings(client, auth, coordinated, make_user):
    cluster, _user = coordinated
    auth.login(make_user().email)
    assert client.get(f"/coordinator/{cluster.slug}/settings").status_code == 403
    response = client.post(
        f"/coordinator/{cluster.slug}/settings", data=_settings(cluster, timezone="Europe/Oslo")
    )
    assert response.status_code == 403


def test_site_admin_creates_a_cluster_in_its_time_zone(client, auth, make_user):
    auth.login(make_user(is_site_admin=True).email)
    client.post(
        "/admin/clusters",
        data={"name": "Nordic Arctic", "slug": "nordic-arctic", "timezone": "Europe/Oslo"},
    )
    cluster = db.session.scalar(sa.select(Cluster).where(Cluster.slug == "nordic-arctic"))
    assert cluster.timezone == "Europe/Oslo"


def test_service_refuses_an_unknown_zone_with_the_field_named(coordinated):
    cluster, user = coordinated
    with pytest.raises(DomainError) as caught:
        cluster_service.update_settings(user, cluster, _settings(cluster, timezone="localtime"))
    assert "timezone" in caught.value.fields
