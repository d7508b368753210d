"""N+1 guards: the statements a page or function runs stay constant as its rows grow."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import ContactPerson, Fair, FairInterest, JointStand, OutboxMessage, utcnow
from matchmaker.services import accounts, invitations, notifications
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from tests.events.conftest import coordinator, make_event, member, signup  # noqa: F401
from tests.meetings.conftest import meeting_event, participant  # noqa: F401

SIZES = (3, 12)


@contextmanager
def counted():
    """Count the SQL statements sent to the database inside the block."""
    seen: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", on_execute)


def _count(fn) -> int:
    db.session.expire_all()  # nothing already loaded hides a query
    with counted() as seen:
        fn()
    return len(seen)


def _report(name, counts):
    print(f"\nstatements {name}: " + ", ".join(f"{n} rows: {c}" for n, c in counts.items()))


def test_meetings_participants_page(client, auth, meeting_event, participant):  # noqa: F811
    event = meeting_event()
    me = participant(event)
    others = []
    counts = {}
    auth.login(me.email)
    url = f"/meetings/event/{event.id}/"
    for size in SIZES:
        while len(others) < size:
            others.append(participant(event))
        assert client.get(url).status_code == 200  # warm: the matching index is built once
        counts[size] = _count(lambda: client.get(url))
    _report("meetings participants page", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_api_events_list(client, make_event, member, signup):  # noqa: F811
    first = make_event(capacity=50)
    cluster = first.cluster
    events = [first]
    counts = {}
    for size in SIZES:
        while len(events) < size:
            event = make_event(cluster, capacity=50)
            signup(member(cluster), event)
            events.append(event)
        counts[size] = _count(lambda: client.get(f"/api/v1/events?cluster={cluster.slug}"))
        assert len(client.get(f"/api/v1/events?cluster={cluster.slug}").get_json()["items"]) == size
    _report("API events list", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_api_events_list_of_every_cluster(client, auth, make_event, make_user):  # noqa: F811
    """No ?cluster=: the events of all clusters in one query, not one per cluster; the join
    links a signed-in viewer may see are checked at once too."""
    viewer = make_user()
    auth.login(viewer.email)
    counts = {}
    made = 0
    for size in SIZES:
        while made < size:
            make_event(online_url="https://meet.example/room")  # each in a cluster of its own
            make_event(status="draft")  # in another cluster, hidden from a non-coordinator
            made += 1
        counts[size] = _count(lambda: client.get("/api/v1/events"))
        items = client.get("/api/v1/events").get_json()["items"]
        assert len(items) == size and all(i["online_url"] == "" for i in items)
    _report("API events list, every cluster", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_api_fairs_list(client, make_cluster):
    cluster = make_cluster()
    today = utcnow().date()
    counts = {}
    made = 0
    for size in SIZES:
        while made < size:
            fair = Fair(
                name=f"Fair {made}",
                starts_on=today + timedelta(days=10 + made),
                ends_on=today + timedelta(days=11 + made),
            )
            fair.stands.append(
                JointStand(cluster_id=cluster.id, name="Stand", area_m2=10, places=2)
            )
            db.session.add(fair)
            made += 1
        db.session.commit()
        counts[size] = _count(lambda: client.get("/api/v1/fairs"))
        items = client.get("/api/v1/fairs").get_json()["items"]
        assert len(items) == size and all(i["stand_count"] == 1 for i in items)
    _report("API fairs list", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


@pytest.mark.parametrize("statuses", [("confirmed",), ("confirmed", "waitlisted")])
def test_all_registrations_with_organisations_and_sessions(
    app,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
    statuses,
):
    event = make_event(sessions=[{"title": "Norway"}, {"title": "Germany"}])
    session_id = event.sessions[0].id
    counts = {}
    made = 0

    def read():
        for reg in event_service.all_registrations(event, statuses):
            event_service.organisation_label(reg)
            [rs.session.title for rs in reg.sessions]
        event_service.counts_by_organisation(event)

    for size in SIZES:
        while made < size:
            signup(member(event.cluster), event, sessions=[session_id])
            made += 1
        counts[size] = _count(read)
    _report(f"all_registrations {statuses}", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_coordinator_dashboard(
    client,
    auth,
    make_cluster,
    make_org,
    make_user,
    make_event,  # noqa: F811
    signup,  # noqa: F811
):
    """Every section of the coordinator's day is counted and listed by a fixed number of
    statements, however many applications, events, stands and failed messages there are."""
    cluster = make_cluster()
    boss = make_user()
    cluster_service.add_coordinator(cluster, boss)
    db.session.commit()
    auth.login(boss.email)
    url = f"/coordinator/{cluster.slug}/"
    today = utcnow().date()
    made, counts = 0, {}
    for size in (2, 7):  # below the rows a section lists, so every row is shown
        while made < size:
            applicant = make_org(name=f"Hakija {made} Oy")
            cluster_service.apply(make_user(applicant, org_role="admin"), cluster, applicant)
            member_org = make_org(cluster)
            db.session.add(
                ContactPerson(organisation=member_org, name="Liisa", email=f"liisa{made}@ex.fi")
            )
            db.session.add(
                OutboxMessage(
                    recipient=f"liisa{made}@ex.fi", subject="Kutsu", body="x", status="failed"
                )
            )
            event = make_event(cluster, capacity=20, title=f"Tilaisuus {made}")
            signup(make_user(member_org), event)
            fair = Fair(
                name=f"Messut {made}",
                starts_on=today + timedelta(days=40 + made),
                ends_on=today + timedelta(days=41 + made),
            )
            fair.stands.append(
                JointStand(
                    cluster_id=cluster.id,
                    name="Osasto",
                    area_m2=10,
                    places=2,
                    interest_deadline=today + timedelta(days=10 + made),
                )
            )
            db.session.add(fair)
            db.session.flush()
            db.session.add(
                FairInterest(fair_id=fair.id, cluster_id=cluster.id, organisation_id=member_org.id)
            )
            made += 1
        db.session.commit()
        invitations.invite_members(boss, cluster, all_unclaimed=True)
        db.session.commit()
        page = client.get(url).get_data(as_text=True)
        assert f"Tilaisuus {size - 1}" in page and f"Messut {size - 1}" in page
        assert f"Hakija {size - 1} Oy" in page
        counts[size] = _count(lambda: client.get(url))
    _report("coordinator dashboard", counts)
    assert counts[2] == counts[7]


def test_notifications_page_and_bell(client, auth, make_user):
    """The page lists its notifications with one query, and the bell costs one COUNT."""
    user = make_user()
    auth.login(user.email)
    counts, made = {}, 0
    for size in SIZES:
        while made < size:
            notifications.notify(user, "opportunity", "opportunity_new", data={"title": f"T{made}"})
            made += 1
        db.session.commit()
        counts[size] = _count(lambda: client.get("/notifications/"))
    _report("notifications page", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]
    with counted() as seen:
        client.get("/")
    assert sum("FROM notification" in s for s in seen) == 1


def test_events_list_of_a_cluster(client, make_event, member, signup):  # noqa: F811
    """The seats left of every listed event come from one grouped count, not one per event."""
    first = make_event(capacity=30)
    cluster = first.cluster
    made, counts = 1, {}
    for size in SIZES:
        while made < size:
            event = make_event(cluster, capacity=30, title=f"Seminaari {made}")
            signup(member(cluster), event)
            made += 1
        page = client.get(f"/events/cluster/{cluster.slug}/").get_data(as_text=True)
        assert f"Seminaari {size - 1}" in page
        counts[size] = _count(lambda: client.get(f"/events/cluster/{cluster.slug}/"))
    _report("events list of a cluster", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_upcoming_events_of_every_cluster(client, make_event, member, signup):  # noqa: F811
    """/events/ lists the events of all clusters with one query for the events and one for
    their seats, however many clusters and events there are."""
    made, counts = 0, {}
    for size in SIZES:
        while made < size:
            event = make_event(capacity=30, title=f"Tilaisuus {made}")  # a cluster of its own
            signup(member(event.cluster), event)
            made += 1
        page = client.get("/events/").get_data(as_text=True)
        assert f"Tilaisuus {size - 1}" in page
        counts[size] = _count(lambda: client.get("/events/"))
    _report("upcoming events of every cluster", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_organisation_page(client, auth, make_cluster, make_org, make_user):
    """An organisation's page loads its memberships with their clusters, industries,
    markets and people with the organisation: the statements do not grow with them."""
    org = make_org(industries=["30", "28"], export_markets=["SE", "NO"])
    viewer = make_user(make_org())
    auth.login(viewer.email)
    made, counts = 0, {}
    for size in SIZES:
        while made < size:
            cluster_service.add_member(make_cluster(name=f"Klusteri {made}"), org)
            make_user(org)
            made += 1
        db.session.commit()
        page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
        assert f"Klusteri {size - 1}" in page
        counts[size] = _count(lambda: client.get(f"/organisations/{org.id}"))
    _report("organisation page", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_directory_page_counts_members_on_the_membership_index(client, make_cluster, make_org):
    """A cluster's directory without a search: the total and the municipalities are read
    once per matching version, never by a COUNT or DISTINCT over the organisation join on
    every page; the statements stay constant as members grow."""
    cluster = make_cluster()
    url = f"/clusters/{cluster.slug}/"
    made, counts = 0, {}
    for size in SIZES:
        while made < size:
            make_org(cluster, name=f"Jäsen {made} Oy", municipality=f"Kunta {made}")
            made += 1
        page = client.get(url).get_data(as_text=True)
        assert f"{size} organisations found" in page and f"Kunta {size - 1}" in page
        db.session.expire_all()
        with counted() as seen:
            client.get(url)
        counts[size] = len(seen)
        over_join = [
            s for s in seen if "FROM organisation" in s and ("count(" in s or "DISTINCT" in s)
        ]
        assert over_join == []
    _report("directory page", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]


def test_directory_shows_a_new_member_and_its_municipality_at_once(client, make_cluster, make_org):
    cluster = make_cluster()
    make_org(cluster, municipality="Lahti")
    url = f"/clusters/{cluster.slug}/"
    assert "1 organisation found" in client.get(url).get_data(as_text=True)
    make_org(cluster, municipality="Heinola")
    page = client.get(url).get_data(as_text=True)
    assert "2 organisations found" in page and '<option value="Heinola">' in page


@pytest.mark.parametrize("seats", [50, 0], ids=["confirmed", "waitlisted"])
def test_api_signup_reads_its_rules_in_one_query_and_renders_no_mail(
    client,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
    seats,
):
    """A signup through the API: the token with its user in one query, the event read once
    (under its lock), one query for every rule, then the registration, its audit entry and
    its outbox row (one statement on PostgreSQL, three inserts on SQLite), however many
    people are registered already; the mail is rendered by the worker, not here."""
    event = make_event(capacity=seats)
    event_id = event.id
    user = member(event.cluster)
    headers = {"Authorization": f"Bearer {accounts.create_api_token(user, 'test')}"}
    db.session.commit()
    counts = {}
    made = 0
    for size in SIZES:
        while made < size:
            signup(member(event.cluster), event)
            made += 1
        body = {"name": "Aino", "email": f"aino{size}@example.fi"}
        url = f"/api/v1/events/{event_id}/registrations"
        db.session.expire_all()
        with counted() as seen:
            assert client.post(url, headers=headers, json=body).status_code == 201
        counts[size] = len(seen)
        event_reads = [s for s in seen if s.startswith("SELECT") and "\nFROM event \n" in s]
        assert len(event_reads) == 1  # the event is read once, when it is locked
        assert sum("api_token" in s for s in seen) == 1  # the token with its user
    _report("API signup", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]
    # PostgreSQL: SELECT ... FOR UPDATE setting lock_timeout; SQLite: UPDATE, SELECT.
    if db.engine.dialect.name == "postgresql":
        assert counts[SIZES[0]] == 1 + 1 + 1 + 1
    else:
        assert counts[SIZES[0]] == 1 + 2 + 1 + 3
    queued = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert queued.template is not None and queued.body == ""


@pytest.mark.parametrize("seats", [50, 0], ids=["confirmed", "waitlisted"])
def test_signup_form_post_reads_nothing_again_after_its_commit(
    client,
    auth,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
    seats,
):
    """The HTML signup (the form posted, then a redirect): the user, the event with its
    cluster, the membership, the viewer's registrations and the colleagues the form offers,
    then the signup's statements; no count of sessions the event does not have, and nothing
    re-read after the commit (the message and the redirect are made before it), however many
    people are registered already."""
    event = make_event(capacity=seats)
    event_id = event.id
    me = member(event.cluster)
    auth.login(me.email)
    counts = {}
    made = 0
    for size in SIZES:
        while made < size:
            signup(member(event.cluster), event)
            made += 1
        data = {"who": "other", "name": "Aino", "email": f"aino{size}@example.fi"}
        db.session.expire_all()
        with counted() as seen:
            response = client.post(f"/events/{event_id}/register", data=data)
        assert response.status_code == 302
        counts[size] = len(seen)
        assert not any("registration_session" in s for s in seen)
    _report("form signup", counts)
    assert counts[SIZES[0]] == counts[SIZES[1]]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Aino is registered" if seats else "on the waiting list") in page
    # Before the signup: user, event, cluster, organisation, membership, registrations,
    # sessions, colleagues. The signup: PostgreSQL the lock, the rules, one insert; SQLite
    # UPDATE and SELECT of the event, the rules, three inserts.
    signup_statements = 3 if db.engine.dialect.name == "postgresql" else 6
    assert counts[SIZES[0]] == 8 + signup_statements


def test_bearer_token_and_its_user_are_one_query(app, make_org, make_user):
    user = make_user(make_org())
    raw = accounts.create_api_token(user, "test")
    db.session.commit()
    found = []
    assert _count(lambda: found.append(accounts.user_for_token(raw))) == 1
    assert found == [user]


def test_signup_form_on_a_full_event_counts_the_waiting_list_once(
    client,
    auth,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
):
    """The signup counts the place on the waiting list under the lock; the page after the
    form says that place without counting the list again."""
    event = make_event(capacity=0)
    signup(member(event.cluster), event)
    me = member(event.cluster)
    auth.login(me.email)
    db.session.expire_all()
    with counted() as seen:
        response = client.post(
            f"/events/{event.id}/register", data={"who": "me"}, follow_redirects=False
        )
    assert response.status_code == 302
    recounts = [s for s in seen if "count(registration.id)" in s and "registration.id <=" in s]
    assert recounts == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "number 2 on the waiting list" in page


def test_upcoming_events_page_does_not_grow_with_the_clusters(app, client, make_event):  # noqa: F811
    """/events/ in a network of many clusters: the events rendered and the statements sent
    stay those of one page, however many clusters and events there are."""
    app.config["EVENTS_PAGE_SIZE"] = 4
    made, counts, cards = 0, {}, {}
    for size in (6, 15):
        while made < size:
            make_event(title=f"Tilaisuus {made}")  # a cluster of its own
            made += 1
        cards[size] = client.get("/events/").get_data(as_text=True).count('class="card event-card')
        counts[size] = _count(lambda: client.get("/events/"))
    _report("upcoming events, one page", counts)
    assert cards == {6: 4, 15: 4}
    assert counts[6] == counts[15]
