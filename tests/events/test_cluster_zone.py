"""Event and meeting forms are filled in the cluster's own time zone, not always Helsinki's."""

from datetime import datetime

from matchmaker.extensions import db
from matchmaker.models import Event
from matchmaker.services import meetings as meeting_service
from tests.events.conftest import mails_to

FORM = {
    "title": "Markkinakatsaus 2030",
    "kind": "market_review",
    "venue": "Lahti",
    "starts_at": "2030-03-12T09:00",
    "ends_at": "2030-03-12T16:00",
    "language": "fi",
}


def test_event_times_are_read_in_the_clusters_zone(client, auth, make_cluster, coordinator):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    auth.login(coordinator(lisbon).email)
    client.post(f"/events/cluster/{lisbon.slug}/new", data=FORM)  # 09:00 on 12 March 2030
    event = db.session.scalar(db.select(Event))
    assert event.starts_at == datetime(2030, 3, 12, 9, 0)  # Lisbon is on UTC in March
    page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="2030-03-12T09:00"' in page
    assert "Times are in the cluster’s time zone (Europe/Lisbon)." in page


def test_helsinki_event_edit_form_shows_helsinki_time(client, auth, make_cluster, coordinator):
    cluster = make_cluster()
    auth.login(coordinator(cluster).email)
    client.post(f"/events/cluster/{cluster.slug}/new", data=FORM)
    event = db.session.scalar(db.select(Event))
    assert event.starts_at == datetime(2030, 3, 12, 7, 0)
    assert 'value="2030-03-12T09:00"' in client.get(f"/events/{event.id}/edit").get_data(
        as_text=True
    )


def test_meeting_windows_are_read_in_the_clusters_zone(
    client, auth, make_cluster, make_event, coordinator
):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    event = make_event(
        lisbon, starts_at=datetime(2030, 6, 4, 11, 0), ends_at=datetime(2030, 6, 4, 16, 0)
    )
    auth.login(coordinator(lisbon).email)
    form = client.get(f"/meetings/event/{event.id}/setup").get_data(as_text=True)
    assert "2030-06-04 12:00-17:00" in form  # WEST, UTC+1
    client.post(
        f"/meetings/event/{event.id}/setup",
        data={
            "windows": "2030-06-04 13:00-14:00",
            "meeting_minutes": 30,
            "tables": 2,
            "cap_per_participant": 4,
            "who_may_book": "members",
            "request_ttl_hours": 48,
            "reminder_hours": 12,
        },
    )
    starts = [s.starts_at for s in meeting_service.slots_of(event)]
    assert starts == [datetime(2030, 6, 4, 12, 0), datetime(2030, 6, 4, 12, 30)]


def test_confirmation_mail_is_in_the_clusters_zone_and_names_it(
    make_cluster, make_event, member, signup
):
    lisbon = make_cluster(timezone="Europe/Lisbon")
    event = make_event(
        lisbon, starts_at=datetime(2030, 6, 4, 11, 0), ends_at=datetime(2030, 6, 4, 16, 0)
    )
    person = member(lisbon, locale="en")
    signup(person, event)
    body = mails_to(person.email)[-1].body
    assert "12:00" in body and "5:00" in body  # WEST, UTC+1
    assert "(Portugal (Lisbon) Time)" in body


def test_finnish_confirmation_mail_says_finnish_time(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(
        cluster, starts_at=datetime(2030, 6, 4, 11, 0), ends_at=datetime(2030, 6, 4, 16, 0)
    )
    person = member(cluster, locale="fi")
    signup(person, event)
    body = mails_to(person.email)[-1].body
    assert "14.00" in body and "(aikavyöhyke: Suomi)" in body
