"""Removing slots and tables, moving meetings, the bulk scheduler, follow-up and the funnel."""

import time
from datetime import datetime, timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import utcnow
from matchmaker.services import meetings as meeting_service
from matchmaker.services import reports
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied
from matchmaker.services.meetings import placement
from tests.events.conftest import mails_to


def test_removed_slot_re_places_and_tells_both(meeting_event, participant, agreed):
    event = meeting_event(slots=3, tables=1)
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    old = meeting.slot_id
    meeting_service.remove_slot(event.boss, event, old)
    db.session.commit()
    db.session.refresh(meeting)
    assert meeting.slot_id not in (None, old)
    for person in (anna, ben):
        assert "moved" in mails_to(person.email)[-1].subject


def test_removed_slot_without_room_notifies_both(meeting_event, participant, agreed):
    event = meeting_event(slots=1, tables=1)
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    meeting_service.remove_slot(event.boss, event, meeting.slot_id)
    db.session.commit()
    db.session.refresh(meeting)
    assert meeting.slot_id is None and meeting.status == "published"
    assert meeting in meeting_service.unplaced_of(event)
    for person in (anna, ben):
        mail = mails_to(person.email)[-1]
        assert "could not be re-placed" in mail.subject and "coordinator" in mail.body


def test_removed_table_moves_its_meetings(meeting_event, participant, agreed):
    event = meeting_event(slots=2, tables=2)
    people = [participant(event) for _ in range(4)]
    m1 = agreed(people[0], people[1], event)
    m2 = agreed(people[2], people[3], event)
    table = m1.table_id
    meeting_service.remove_table(event.boss, event, table)
    db.session.commit()
    for m in (m1, m2):
        db.session.refresh(m)
        assert m.slot_id is not None and m.table_id != table
    assert (m1.slot_id, m1.table_id) != (m2.slot_id, m2.table_id)


def test_only_coordinator_removes_slots(meeting_event, participant):
    event = meeting_event()
    anna = participant(event)
    with pytest.raises(PermissionDenied):
        meeting_service.remove_slot(anna, event, meeting_service.slots_of(event)[0].id)


def test_move_validates_clashes(meeting_event, participant, agreed):
    event = meeting_event(slots=2, tables=2)
    anna, ben, carl = participant(event), participant(event), participant(event)
    m1 = agreed(anna, ben, event)
    m2 = agreed(carl, anna, event)
    with pytest.raises(Conflict):  # anna already meets ben there
        meeting_service.move(event.boss, m2, m1.slot_id, m2.table_id)
    db.session.rollback()
    free_table = next(t.id for t in meeting_service.tables_of(event) if t.id != m2.table_id)
    meeting_service.move(event.boss, m2, m2.slot_id, free_table)
    db.session.commit()
    assert m2.table_id == free_table
    assert "moved" in mails_to(carl.email)[-1].subject


def test_setup_rejects_overlapping_windows(meeting_event):
    event = meeting_event()
    start = event.starts_at
    data = meeting_service.SetupData(
        windows=[
            (start, start + timedelta(hours=1)),
            (start + timedelta(minutes=30), start + timedelta(hours=2)),
        ],
    )
    with pytest.raises(DomainError) as err:
        meeting_service.save_setup(event.boss, event, data)
    assert "windows" in err.value.fields


def test_setup_generates_slots_from_windows(meeting_event):
    event = meeting_event(slots=4, tables=3)
    assert len(meeting_service.slots_of(event)) == 4
    assert len(meeting_service.tables_of(event)) == 3


def _mutual(monkeypatch, pairs):
    """Partner suggestions that make the given organisation pairs mutual."""
    from matchmaker.services import matching
    from matchmaker.services.matching import Match

    def fake(org, k=10, same_cluster_only=False):
        out = []
        for a, b in pairs:
            if org.id == a.id:
                out.append(Match(b, 0.8, False, []))
            elif org.id == b.id:
                out.append(Match(a, 0.7, False, []))
        return out

    monkeypatch.setattr(matching, "partner_suggestions", fake)


def test_bulk_scheduler_proposes_mutual_pairs_and_publish_mails(
    meeting_event, participant, monkeypatch
):
    event = meeting_event(slots=3, tables=2)
    anna, ben, carl = participant(event), participant(event), participant(event)
    _mutual(monkeypatch, [(anna.organisation, ben.organisation)])
    meeting_service.propose(event.boss, event)
    db.session.commit()
    drafts = meeting_service.drafts_of(event)
    assert [{d.a_registration_id, d.b_registration_id} for d in drafts] == [
        {anna.reg.id, ben.reg.id}
    ]
    assert meeting_service.meetings_of(anna.reg) == []  # a draft is not in the agenda yet
    before = len(mails_to(carl.email))
    assert meeting_service.publish_drafts(event.boss, event) == 1
    db.session.commit()
    assert len(meeting_service.meetings_of(anna.reg)) == 1
    assert "New meeting" in mails_to(ben.email)[-1].subject
    assert len(mails_to(carl.email)) == before


def test_bulk_scheduler_lists_unplaced_with_reason(meeting_event, participant, monkeypatch):
    event = meeting_event(slots=1, tables=1)
    p = [participant(event) for _ in range(4)]
    _mutual(monkeypatch, [(p[0].organisation, p[1].organisation),
                          (p[2].organisation, p[3].organisation)])  # fmt: skip
    meeting_service.propose(event.boss, event)
    db.session.commit()
    unplaced = meeting_service.unplaced_of(event)
    assert len(unplaced) == 1
    assert meeting_service.reason_label(unplaced[0].unplaced_reason) == (
        "No table is free at the times both could meet."
    )


def test_outcome_feeds_the_funnel(meeting_event, participant, agreed):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    with pytest.raises(DomainError):
        meeting_service.set_outcome(anna, meeting, True, True)  # before the event
    meeting_service.set_outcome(anna, meeting, True, True, now=event.starts_at)
    db.session.commit()
    period = reports.period(
        (event.starts_at - timedelta(days=1)).date(), (event.starts_at + timedelta(days=1)).date()
    )
    counts = reports.funnel(event.cluster, period)
    assert counts == {"suggested": 0, "requested": 1, "accepted": 1, "held": 1, "next_step": 1}


def test_cancel_meeting_frees_the_slot(meeting_event, participant, agreed):
    event = meeting_event(slots=1, tables=1)
    anna, ben, carl = participant(event), participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    meeting_service.cancel_meeting(anna, meeting)
    db.session.commit()
    assert "cancelled" in mails_to(ben.email)[-1].subject
    again = agreed(carl, anna, event)
    assert again.slot_id is not None
    assert utcnow() < event.starts_at


@pytest.fixture
def helsinki_process_time(monkeypatch):
    """The server process runs on Helsinki time (TZ), as an installation in Finland may."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("helsinki_process_time")
def test_slot_ordinals_are_utc_minutes_whatever_the_process_timezone(
    make_event, make_cluster, coordinator
):
    # Stored times are naive UTC. 03:00-04:20 on the night Finland leaves summer time would be
    # read as the repeated local hour by a naive .timestamp(), so one slot would last 80 minutes.
    cluster = make_cluster()
    event = make_event(
        cluster, starts_at=datetime(2027, 10, 31, 2, 0), ends_at=datetime(2027, 10, 31, 8, 0)
    )
    start = datetime(2027, 10, 31, 3, 0)
    meeting_service.save_setup(
        coordinator(cluster),
        event,
        meeting_service.SetupData(windows=[(start, start + timedelta(minutes=80))], tables=1),
    )
    db.session.commit()
    slots, _tables, _unavailable = placement._plain(event)
    epoch = datetime(1970, 1, 1)
    assert [(s.start, s.end) for s in slots] == [
        ((start - epoch) // timedelta(minutes=1) + 20 * i,
         (start - epoch) // timedelta(minutes=1) + 20 * (i + 1))
        for i in range(4)
    ]  # fmt: skip
