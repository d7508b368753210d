"""What a member sees and does in the browser: event list, event page, signup, cancel."""

from datetime import timedelta

from matchmaker.extensions import db
from matchmaker.models import Registration, utcnow
from tests.events.conftest import mails_to


def test_cluster_event_list_hides_drafts_from_members(
    client, auth, make_cluster, make_event, member
):
    cluster = make_cluster()
    make_event(cluster, title="Julkaistu seminaari")
    make_event(cluster, title="Luonnos", status="draft")
    auth.login(member(cluster).email)
    page = client.get(f"/events/cluster/{cluster.slug}/").get_data(as_text=True)
    assert "Julkaistu seminaari" in page and "Luonnos" not in page


def test_draft_event_page_is_404_for_members(client, auth, make_cluster, make_event, member):
    cluster = make_cluster()
    event = make_event(cluster, status="draft")
    auth.login(member(cluster).email)
    assert client.get(f"/events/{event.id}").status_code == 404


def test_event_page_shows_seats_left(client, make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, capacity=5)
    signup(member(cluster), event)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "4 seats left" in page


def test_member_signs_up_themself_and_gets_confirmation_with_ics(
    client, auth, make_cluster, make_event, member
):
    cluster = make_cluster()
    event = make_event(cluster)
    user = member(cluster)
    auth.login(user.email)
    response = client.post(
        f"/events/{event.id}/register",
        data={"who": "me", "dietary": "gluteeniton"},
        follow_redirects=True,
    )
    assert "is registered" in response.get_data(as_text=True)
    message = mails_to(user.email)[-1]
    assert message.subject.startswith("Registration confirmed")
    assert "BEGIN:VCALENDAR" in message.attachments[0]["content"]


def test_member_signs_up_a_colleague_by_name_and_email(
    client, auth, make_cluster, make_event, member
):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(member(cluster).email)
    client.post(
        f"/events/{event.id}/register",
        data={"who": "other", "name": "Liisa Laine", "email": "liisa@example.fi"},
    )
    reg = db.session.scalar(db.select(Registration).where(Registration.email == "liisa@example.fi"))
    assert reg is not None and reg.status == "confirmed"


def test_waitlisted_member_sees_their_position(
    client, auth, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    signup(member(cluster), event)
    user = member(cluster)
    auth.login(user.email)
    response = client.post(
        f"/events/{event.id}/register", data={"who": "me"}, follow_redirects=True
    )
    assert "number 1 on the waiting list" in response.get_data(as_text=True)


def test_overlapping_sessions_show_an_error_on_the_form(
    client, auth, make_cluster, make_event, member
):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja"}, {"title": "Saksa"}])
    a, b = event.sessions
    b.starts_at = a.starts_at
    db.session.commit()
    auth.login(member(cluster).email)
    response = client.post(
        f"/events/{event.id}/register", data={"who": "me", "sessions": [a.id, b.id]}
    )
    assert "same time" in response.get_data(as_text=True)


def test_member_cancels_and_the_seat_frees(client, auth, make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, capacity=3)
    user = member(cluster)
    reg = signup(user, event)
    auth.login(user.email)
    client.post(f"/events/registrations/{reg.id}/cancel")
    db.session.refresh(reg)
    assert reg.status == "cancelled"
    assert mails_to(user.email)[-1].subject.startswith("Registration cancelled")


def test_cannot_cancel_another_organisations_registration(
    client, auth, make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    reg = signup(member(cluster), event)
    auth.login(member(cluster).email)
    assert client.post(f"/events/registrations/{reg.id}/cancel").status_code == 403


def test_recommended_session_is_marked_on_the_page(
    client, auth, make_cluster, make_event, make_org, make_user
):
    cluster = make_cluster()
    user = make_user(make_org(cluster, target_markets=["NO"]))
    make_event(cluster, kind="market_review", sessions=[{"title": "Norja", "country": "NO"}])
    event = make_event(
        cluster, kind="market_review", sessions=[{"title": "Norja", "country": "NO"}]
    )
    auth.login(user.email)
    assert "Recommended for you" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_add_to_calendar_link_serves_ics(client, make_cluster, make_event):
    event = make_event(make_cluster())
    response = client.get(f"/events/{event.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    assert f"UID:event-{event.id}@" in response.get_data(as_text=True)


def test_upcoming_events_of_every_cluster_come_a_page_at_a_time(
    app, client, make_cluster, make_event
):
    """/events/ lists EVENTS_PAGE_SIZE events per page, cluster by cluster in name order
    and each cluster's by start time; the rest are on the next pages."""
    app.config["EVENTS_PAGE_SIZE"] = 3
    soon = utcnow() + timedelta(days=3)
    later, other = make_cluster(name="B-klusteri"), make_cluster(name="A-klusteri")
    for day in (2, 0, 1):
        make_event(later, title=f"B-tilaisuus {day}", starts_at=soon + timedelta(days=day))
    make_event(other, title="A-tilaisuus", starts_at=soon + timedelta(days=5))
    first = client.get("/events/").get_data(as_text=True)
    second = client.get("/events/?page=2").get_data(as_text=True)
    order = ["A-tilaisuus", "B-tilaisuus 0", "B-tilaisuus 1"]
    assert [first.index(t) for t in order] == sorted(first.index(t) for t in order)
    assert "B-tilaisuus 2" not in first and 'rel="next"' in first
    assert "B-tilaisuus 2" in second and "A-tilaisuus" not in second
    assert "B-klusteri" in second  # the cluster's heading again over its events
