"""Funder report figures against hand-counted fixtures."""

from __future__ import annotations

from datetime import datetime

import pytest

from matchmaker.extensions import db
from matchmaker.models import ContactRequest, Event, Membership, Registration
from matchmaker.services import clusters as cluster_service
from matchmaker.services import reports


@pytest.fixture
def cluster_with_history(make_cluster, make_org):
    """Five members: two joined in 2025, three in 2026 (one a university); one outsider."""
    cluster = make_cluster()
    joined = [
        (datetime(2025, 3, 1), {"municipality": "Lahti", "size_class": "small"}),
        (datetime(2025, 11, 5), {"municipality": "Heinola", "size_class": "micro"}),
        (datetime(2026, 2, 10), {"municipality": "Lahti", "size_class": "small"}),
        (datetime(2026, 4, 1), {"municipality": "Lahti", "org_type": "university"}),
        (datetime(2026, 9, 30), {"municipality": "Hollola", "size_class": "medium"}),
    ]
    orgs = []
    for when, kw in joined:
        org = make_org(cluster, **kw)
        cluster_service.membership(cluster, org).decided_at = when
        orgs.append(org)
    outsider = make_org(municipality="Lahti")
    pending = make_org()
    db.session.add(Membership(cluster=cluster, organisation=pending, status="pending"))
    db.session.add_all(
        [
            ContactRequest(
                from_org_id=orgs[0].id,
                to_org_id=orgs[1].id,
                status="accepted",
                created_at=datetime(2026, 3, 1),
            ),
            ContactRequest(
                from_org_id=orgs[2].id,
                to_org_id=outsider.id,
                status="pending",
                created_at=datetime(2026, 5, 1),
            ),
            ContactRequest(
                from_org_id=orgs[3].id,
                to_org_id=orgs[0].id,
                status="accepted",
                created_at=datetime(2025, 5, 1),
            ),
            ContactRequest(
                from_org_id=outsider.id,
                to_org_id=orgs[0].id,
                status="accepted",
                created_at=datetime(2026, 6, 1),
            ),
        ]
    )
    db.session.commit()
    return cluster


def test_members_at_end_of_period_and_new_members(cluster_with_history):
    p = reports.period("2026-01-01", "2026-06-30")
    section = reports.members_section(cluster_with_history, p)
    assert (section["total"], section["new"]) == (4, 2)


def test_members_by_type_size_and_municipality(cluster_with_history):
    section = reports.members_section(
        cluster_with_history, reports.period("2026-01-01", "2026-12-31")
    )
    assert dict(section["by_type"]) == {"company": 4, "university": 1}
    assert dict(section["by_size"]) == {"small": 2, "micro": 1, "medium": 1, "": 1}
    assert section["by_municipality"][0] == ("Lahti", 3)


def test_contact_requests_made_and_accepted_by_members(cluster_with_history):
    section = reports.contacts_section(
        cluster_with_history, reports.period("2026-01-01", "2026-12-31")
    )
    assert section == {"made": 2, "accepted": 1}


def test_drill_down_lists_the_rows_behind_a_figure(cluster_with_history):
    p = reports.period("2026-01-01", "2026-12-31")
    rows = reports.member_rows(cluster_with_history, p, "municipality", "Lahti", new=True)
    assert len(rows) == 2


def test_end_before_start_is_refused():
    with pytest.raises(reports.DomainError):
        reports.period("2026-02-01", "2026-01-01")


@pytest.fixture
def seminar(make_cluster, make_org):
    """A published seminar in March 2026: two confirmed from one member, one outsider,
    one cancelled; a draft event that does not count."""
    cluster = make_cluster()
    member = make_org(cluster)
    event = Event(
        cluster_id=cluster.id,
        title="Markkinakatsaus",
        starts_at=datetime(2026, 3, 10, 9),
        ends_at=datetime(2026, 3, 10, 12),
        status="published",
    )
    draft = Event(
        cluster_id=cluster.id,
        title="Luonnos",
        starts_at=datetime(2026, 3, 11, 9),
        ends_at=datetime(2026, 3, 11, 12),
    )
    db.session.add_all([event, draft])
    db.session.flush()
    for n, (org_id, org_name, status) in enumerate(
        [
            (member.id, "", "confirmed"),
            (member.id, "", "confirmed"),
            (None, "Ulkopuolinen Oy", "confirmed"),
            (member.id, "", "cancelled"),
        ]
    ):
        db.session.add(
            Registration(
                event_id=event.id,
                organisation_id=org_id,
                organisation_name=org_name,
                name=f"Osallistuja {n}",
                email=f"o{n}@example.fi",
                status=status,
            )
        )
    db.session.commit()
    return cluster


def test_events_held_participants_and_organisations(seminar):
    section = reports.events_section(seminar, reports.period("2026-01-01", "2026-12-31"))
    assert section == {"held": 1, "participants": 3, "attended": 0, "organisations": 2}


def test_event_drill_down_lists_events_with_participants(seminar):
    rows = reports.event_rows(seminar, reports.period("2026-01-01", "2026-12-31"))
    assert [(e.title, confirmed) for e, confirmed, _ in rows] == [("Markkinakatsaus", 3)]


def test_contact_drill_down_lists_accepted_requests(cluster_with_history):
    p = reports.period("2026-01-01", "2026-12-31")
    assert [r.status for r in reports.contact_rows(cluster_with_history, p, accepted=True)] == [
        "accepted"
    ]
