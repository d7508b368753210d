"""The event list can be narrowed to events that fit the organisation's profile."""

from datetime import timedelta

from matchmaker.extensions import db
from matchmaker.models import Event, utcnow


def make_event(cluster, title, description):
    start = utcnow() + timedelta(days=20)
    event = Event(
        cluster_id=cluster.id,
        kind="seminar",
        title=title,
        description=description,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        status="published",
        capacity=50,
    )
    db.session.add(event)
    db.session.commit()
    return event


def test_fit_filter_keeps_events_that_match_the_profile(
    client, auth, make_cluster, make_org, make_user
):
    cluster = make_cluster(slug="meri")
    org = make_org(
        cluster,
        name="Potkuri Oy",
        description="Valmistamme laivojen potkureita.",
        capabilities="Potkurit ja potkuriakselit",
    )
    make_org(cluster, name="Saha Oy", description="Sahaamme puuta.", capabilities="Sahatavara")
    fitting = make_event(cluster, "Potkuriseminaari", "Laivojen potkurit ja propulsio")
    other = make_event(cluster, "Sahapäivä", "Sahatavaran kuivaus")
    auth.login(make_user(org).email)
    everything = client.get("/events/cluster/meri/").get_data(as_text=True)
    assert fitting.title in everything and other.title in everything
    narrowed = client.get("/events/cluster/meri/?fit=1").get_data(as_text=True)
    assert fitting.title in narrowed and other.title not in narrowed
    assert "Fits your profile" in narrowed
