"""The coordinator's day on the dashboard: applications, invitations, events with seats
left, fairs taking interest and undeliverable messages, each linking to its page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from matchmaker.extensions import db
from matchmaker.models import (
    ContactPerson,
    Fair,
    FairInterest,
    JointStand,
    OutboxMessage,
    Registration,
    utcnow,
)
from matchmaker.services import clusters as cluster_service
from matchmaker.services import invitations
from tests.events.conftest import make_event  # noqa: F401


def _page(client, auth, cluster, user) -> str:
    auth.login(user.email)
    response = client.get(f"/coordinator/{cluster.slug}/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_pending_applications_are_listed_with_links(client, auth, coordinated, make_org, make_user):
    cluster, boss = coordinated
    org = make_org(name="Hakija Oy")
    cluster_service.apply(make_user(org, org_role="admin"), cluster, org, "Mukaan")
    db.session.commit()
    part = _section(_page(client, auth, cluster, boss), "applications")
    assert "1 application waits for a decision" in part
    assert f'href="/organisations/{org.id}">Hakija Oy</a>' in part
    assert f'href="/clusters/{cluster.slug}/applications"' in part


def test_invitations_sent_and_accepted_are_counted(client, auth, coordinated, make_org):
    cluster, boss = coordinated
    for n in range(2):
        org = make_org(cluster)
        db.session.add(ContactPerson(organisation=org, name="Liisa", email=f"liisa{n}@ex.fi"))
    db.session.commit()
    invitations.invite_members(boss, cluster, all_unclaimed=True)
    db.session.commit()
    page = _page(client, auth, cluster, boss)
    assert "2 invitations sent · 0 accepted" in page


def test_upcoming_events_show_seats_left(client, auth, coordinated, make_event, make_org):  # noqa: F811
    cluster, boss = coordinated
    event = make_event(cluster, capacity=10, title="Satamapäivä")
    org = make_org(cluster)
    for n in range(3):
        db.session.add(
            Registration(
                event_id=event.id,
                organisation_id=org.id,
                name=f"Osallistuja {n}",
                email=f"o{n}@ex.fi",
                status="confirmed",
                confirmed_at=utcnow(),
            )
        )
    make_event(cluster, title="Mennyt", starts_at=utcnow() - timedelta(days=2))
    make_event(cluster, title="Luonnos", status="draft")
    db.session.commit()
    part = _section(_page(client, auth, cluster, boss), "events")
    assert f'href="/events/{event.id}">Satamapäivä</a>' in part
    assert "<td>7</td>" in part
    assert "Mennyt" not in part and "Luonnos" not in part


def test_fairs_with_interest_deadlines_are_listed(client, auth, coordinated, make_org):
    cluster, boss = coordinated
    today = utcnow().date()
    fair = Fair(
        name="Navigate",
        city="Turku",
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=62),
    )
    db.session.add(fair)
    db.session.flush()
    db.session.add(
        JointStand(
            fair_id=fair.id,
            cluster_id=cluster.id,
            name="Klusterin osasto",
            area_m2=Decimal("60"),
            places=6,
            interest_deadline=today + timedelta(days=10),
        )
    )
    for _n in range(2):
        db.session.add(
            FairInterest(
                fair_id=fair.id, cluster_id=cluster.id, organisation_id=make_org(cluster).id
            )
        )
    db.session.commit()
    part = _section(_page(client, auth, cluster, boss), "fairs")
    assert f'href="/fairs/{fair.id}">Navigate</a>' in part
    assert "Klusterin osasto" in part and "2 organisations interested" in part


def test_undeliverable_messages_to_members_are_shown(client, auth, coordinated, make_org):
    cluster, boss = coordinated
    org = make_org(cluster, name="Tavoittamaton Oy")
    db.session.add(ContactPerson(organisation=org, name="Pekka", email="Pekka@Vanha.fi"))
    db.session.add_all(
        [
            OutboxMessage(
                recipient="pekka@vanha.fi",
                subject="Kutsu",
                body="x",
                status="failed",
                error="SMTPRecipientsRefused: 550",
            ),
            OutboxMessage(recipient="muu@example.fi", subject="Muu", body="x", status="failed"),
            OutboxMessage(recipient="pekka@vanha.fi", subject="Perillä", body="x", status="sent"),
        ]
    )
    db.session.commit()
    part = _section(_page(client, auth, cluster, boss), "undeliverable")
    assert "1 message to members could not be delivered" in part
    assert f'href="/organisations/{org.id}">Tavoittamaton Oy</a>' in part
    assert "pekka@vanha.fi · Kutsu" in part
    assert "muu@example.fi" not in part and "Perillä" not in part


def test_a_quiet_day_says_so(client, auth, coordinated):
    cluster, boss = coordinated
    page = _page(client, auth, cluster, boss)
    assert "No application waits for a decision." in page
    assert "No published event is coming up." in page
    assert "No joint stand is taking interest now." in page
    assert "Every message to members was delivered or is on its way." in page


def test_progress_toward_the_contact_target_is_shown(client, auth, coordinated):
    from matchmaker.services import leads

    cluster, boss = coordinated
    leads.set_target(boss, cluster, 1000, 2)
    leads.save(boss, cluster, {"name": "Nordic Recycling AB", "status": "contacted"})
    db.session.commit()
    part = _section(_page(client, auth, cluster, boss), "leads")
    assert "1</strong> / 1,000 company contacts" in part
    assert f'href="/coordinator/{cluster.slug}/leads"' in part
