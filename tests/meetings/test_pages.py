"""The meeting pages: who sees what, and the request → accept → agenda journey."""

from datetime import timedelta

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.services import meetings as meeting_service


def test_request_accept_and_same_table_in_both_agendas(client, auth, meeting_event, participant):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    auth.login(anna.email)
    page = client.get(f"/meetings/event/{event.id}/")
    assert page.status_code == 200 and ben.name in page.get_data(as_text=True)
    sent = client.post(
        f"/meetings/event/{event.id}/request/{ben.reg.id}",
        data={"message": "Talk about propellers", "source": "list"},
        follow_redirects=True,
    )
    assert "Request sent" in sent.get_data(as_text=True)
    auth.logout()
    auth.login(ben.email)
    incoming = client.get(f"/meetings/event/{event.id}/requests").get_data(as_text=True)
    assert "Talk about propellers" in incoming
    item = meeting_service.requests_of(ben.reg)[0][0]
    client.post(f"/meetings/requests/{item.id}/accept", follow_redirects=True)
    meeting = meeting_service.meetings_of(ben.reg)[0]
    table = f"<td>{meeting.table.label}</td>"
    assert table in client.get(f"/meetings/event/{event.id}/agenda").get_data(as_text=True)
    auth.logout()
    auth.login(anna.email)
    agenda = client.get(f"/meetings/event/{event.id}/agenda").get_data(as_text=True)
    assert table in agenda and ben.name in agenda


def test_event_page_links_to_meetings(client, auth, meeting_event, participant):
    event = meeting_event()
    anna = participant(event)
    auth.login(anna.email)
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/meetings/event/{event.id}/agenda" in html


def test_non_participant_gets_403(client, auth, meeting_event, member):
    event = meeting_event()
    outsider = member(event.cluster)
    auth.login(outsider.email)
    assert client.get(f"/meetings/event/{event.id}/").status_code == 403
    assert client.get(f"/meetings/event/{event.id}/agenda").status_code == 403


def test_coordinator_pages_are_403_for_participants(client, auth, meeting_event, participant):
    event = meeting_event()
    anna = participant(event)
    auth.login(anna.email)
    for path in ("plan", "scheduler", "setup"):
        assert client.get(f"/meetings/event/{event.id}/{path}").status_code == 403
    slot = meeting_service.slots_of(event)[0]
    assert client.post(f"/meetings/event/{event.id}/slots/{slot.id}/remove").status_code == 403


def test_coordinator_sees_printable_table_plan(client, auth, meeting_event, participant, agreed):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    agreed(anna, ben, event)
    auth.login(event.boss.email)
    html = client.get(f"/meetings/event/{event.id}/plan").get_data(as_text=True)
    assert anna.name in html and ben.name in html
    assert "css/meetings.css" in html


def test_coordinator_sets_up_meetings(client, auth, make_event, make_cluster, coordinator):
    cluster = make_cluster()
    event = make_event(cluster)
    boss = coordinator(cluster)
    auth.login(boss.email)
    start = timeutil.to_local(event.starts_at, cluster)
    response = client.post(
        f"/meetings/event/{event.id}/setup",
        data={
            "windows": f"{start:%Y-%m-%d} {start:%H:%M}-{start + timedelta(hours=1):%H:%M}",
            "meeting_minutes": 15,
            "tables": 5,
            "cap_per_participant": 6,
            "who_may_book": "members",
            "request_ttl_hours": 48,
            "reminder_hours": 12,
        },
        follow_redirects=True,
    )
    assert "Meeting set-up saved" in response.get_data(as_text=True)
    assert len(meeting_service.slots_of(event)) == 4
    assert len(meeting_service.tables_of(event)) == 5


def test_setup_form_reports_unreadable_window(client, auth, make_event, make_cluster, coordinator):
    cluster = make_cluster()
    event = make_event(cluster)
    auth.login(coordinator(cluster).email)
    response = client.post(
        f"/meetings/event/{event.id}/setup",
        data={"windows": "tomorrow afternoon", "meeting_minutes": 20, "tables": 2,
              "cap_per_participant": 3, "who_may_book": "members", "request_ttl_hours": 5},
    )  # fmt: skip
    assert "Cannot read this line" in response.get_data(as_text=True)
    assert meeting_service.setup_of(event) is None


def test_agenda_ics_has_one_vevent_per_meeting(client, auth, meeting_event, participant, agreed):
    event = meeting_event(slots=3)
    anna, ben, carl = participant(event), participant(event), participant(event)
    agreed(anna, ben, event)
    agreed(carl, anna, event)
    auth.login(anna.email)
    body = client.get(f"/meetings/event/{event.id}/agenda.ics").get_data(as_text=True)
    assert body.count("BEGIN:VEVENT") == 2


def test_block_times_from_agenda(client, auth, meeting_event, participant):
    event = meeting_event(slots=3)
    anna = participant(event)
    slot = meeting_service.slots_of(event)[1]
    auth.login(anna.email)
    client.post(f"/meetings/event/{event.id}/agenda", data={"slots": [slot.id]})
    db.session.expire_all()
    assert meeting_service.blocked_slot_ids(anna.reg) == {slot.id}


def test_sender_sees_the_message_they_wrote_in_the_sent_list(
    client, auth, meeting_event, participant
):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    auth.login(anna.email)
    client.post(
        f"/meetings/event/{event.id}/request/{ben.reg.id}",
        data={"message": "Talk about propellers", "source": "list"},
    )
    html = client.get(f"/meetings/event/{event.id}/requests").get_data(as_text=True)
    sent = html.split("<h2>Sent</h2>", 1)[1]
    assert ben.name in sent and "Talk about propellers" in sent
