"""Requests, acceptance with automatic placement, decline, expiry and reminders."""

from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import utcnow
from matchmaker.services import meetings as meeting_service
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from tests.conftest import outbox_links
from tests.events.conftest import mails_to


def test_accept_places_meeting_in_both_agendas(meeting_event, participant, agreed):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    assert meeting.slot is not None and meeting.table is not None
    agenda_a = meeting_service.meetings_of(anna.reg)
    agenda_b = meeting_service.meetings_of(ben.reg)
    assert [m.id for m in agenda_a] == [m.id for m in agenda_b] == [meeting.id]
    assert "Meeting agreed" in mails_to(anna.email)[-1].subject
    assert mails_to(ben.email)[-1].attachments[0]["filename"] == "meeting.ics"


def test_request_mails_the_receiver(meeting_event, participant):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting_service.request_meeting(anna, event, ben.reg.id, "Propellers?")
    db.session.commit()
    mail = mails_to(ben.email)[-1]
    assert anna.name in mail.subject and "Propellers?" in mail.body


def test_no_double_booking_under_repeated_accepts(meeting_event, participant, agreed):
    event = meeting_event(slots=3, tables=1, cap_per_participant=10)
    hub = participant(event)
    others = [participant(event) for _ in range(5)]
    meetings = [agreed(o, hub, event) for o in others]
    placed = [m for m in meetings if m.slot_id is not None]
    assert len(placed) == 3  # three slots, one table: the rest wait with a reason
    assert len({m.slot_id for m in placed}) == 3
    assert all(m.unplaced_reason for m in meetings if m.slot_id is None)
    assert len({(m.slot_id, m.table_id) for m in placed}) == 3


def test_only_the_receiver_accepts(meeting_event, participant):
    event = meeting_event()
    anna, ben, carl = participant(event), participant(event), participant(event)
    item = meeting_service.request_meeting(anna, event, ben.reg.id)
    db.session.commit()
    for intruder in (anna, carl, event.boss):
        with pytest.raises(PermissionDenied):
            meeting_service.accept(intruder, item)
        db.session.rollback()
    assert item.status == "requested"


def test_only_participants_request(meeting_event, participant, member):
    event = meeting_event()
    ben = participant(event)
    outsider = member(event.cluster)  # a member, but not registered for the event
    with pytest.raises(PermissionDenied):
        meeting_service.request_meeting(outsider, event, ben.reg.id)


def test_cannot_request_oneself_or_twice(meeting_event, participant):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    with pytest.raises(DomainError):
        meeting_service.request_meeting(anna, event, anna.reg.id)
    meeting_service.request_meeting(anna, event, ben.reg.id)
    db.session.commit()
    with pytest.raises(Conflict):
        meeting_service.request_meeting(ben, event, anna.reg.id)


def test_participant_of_other_event_is_not_found(meeting_event, participant):
    event, other_event = meeting_event(), meeting_event()
    anna, stranger = participant(event), participant(other_event)
    with pytest.raises(NotFound):
        meeting_service.request_meeting(anna, event, stranger.reg.id)


def test_cap_per_participant(meeting_event, participant):
    event = meeting_event(cap_per_participant=1)
    anna, ben, carl = participant(event), participant(event), participant(event)
    meeting_service.request_meeting(anna, event, ben.reg.id)
    db.session.commit()
    with pytest.raises(Conflict):
        meeting_service.request_meeting(anna, event, carl.reg.id)


def test_booking_window_is_respected(meeting_event, participant):
    event = meeting_event(booking_opens_at=utcnow() + timedelta(days=1))
    anna, ben = participant(event), participant(event)
    with pytest.raises(DomainError, match="not open"):
        meeting_service.request_meeting(anna, event, ben.reg.id)


def test_members_only_rule_keeps_guests_out(meeting_event, participant, app):
    from matchmaker.models import Registration

    event = meeting_event(who_may_book="members")
    anna = participant(event)
    guest = Registration(
        event_id=event.id, name="Guest", email="guest@example.com", status="confirmed"
    )
    db.session.add(guest)
    db.session.commit()
    with pytest.raises(PermissionDenied):
        meeting_service.request_meeting(anna, event, guest.id)


def test_decline_mails_the_sender(meeting_event, participant):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    item = meeting_service.request_meeting(anna, event, ben.reg.id)
    db.session.commit()
    meeting_service.decline(ben, item)
    db.session.commit()
    assert item.status == "declined"
    assert "declined" in mails_to(anna.email)[-1].subject
    assert meeting_service.meetings_of(anna.reg) == []


def test_reminder_once_then_expiry(meeting_event, participant):
    event = meeting_event(request_ttl_hours=48, reminder_hours=12)
    anna, ben = participant(event), participant(event)
    sent = utcnow()
    item = meeting_service.request_meeting(anna, event, ben.reg.id, now=sent)
    db.session.commit()
    assert meeting_service.expire_requests(now=sent + timedelta(hours=1)) == (0, 0)
    before = len(mails_to(ben.email))
    assert meeting_service.expire_requests(now=sent + timedelta(hours=40)) == (1, 0)
    db.session.commit()
    assert meeting_service.expire_requests(now=sent + timedelta(hours=41)) == (0, 0)
    assert len(mails_to(ben.email)) == before + 1
    assert "Reminder" in mails_to(ben.email)[-1].subject
    assert meeting_service.expire_requests(now=sent + timedelta(hours=49)) == (0, 1)
    db.session.commit()
    db.session.refresh(item)
    assert item.status == "expired"
    assert "expired" in mails_to(anna.email)[-1].subject
    assert meeting_service.expire_requests(now=sent + timedelta(hours=50)) == (0, 0)
    with pytest.raises(Conflict):
        meeting_service.accept(ben, item)


def test_expire_cli(meeting_event, participant, runner):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting_service.request_meeting(anna, event, ben.reg.id, now=utcnow() - timedelta(days=10))
    db.session.commit()
    result = runner.invoke(args=["expire-meeting-requests"])
    assert "expired 1" in result.output


def test_blocked_time_is_avoided(meeting_event, participant, agreed):
    event = meeting_event(slots=2, tables=2)
    anna, ben = participant(event), participant(event)
    first = meeting_service.slots_of(event)[0]
    meeting_service.set_blocked(anna, event, [first.id])
    db.session.commit()
    meeting = agreed(anna, ben, event)
    assert meeting.slot_id != first.id and meeting.slot_id is not None


def test_cannot_block_a_time_with_a_meeting(meeting_event, participant, agreed):
    event = meeting_event(slots=2)
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    with pytest.raises(Conflict):
        meeting_service.set_blocked(anna, event, [meeting.slot_id])


def test_cancelled_registration_frees_the_slot_and_leaves_the_agenda(
    meeting_event, participant, agreed
):
    from matchmaker.services import events as event_service

    event = meeting_event(slots=1, tables=1)
    anna, ben, carl = participant(event), participant(event), participant(event)
    agreed(anna, ben, event)
    event_service.cancel_registration(ben, ben.reg)
    db.session.commit()
    assert meeting_service.meetings_of(anna.reg) == []
    again = agreed(carl, anna, event)
    assert again.slot_id is not None
    assert "cancelled" in mails_to(anna.email)[-2].subject


def test_expire_cli_without_server_name_uses_base_url(meeting_event, participant, production_cli):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting_service.request_meeting(anna, event, ben.reg.id, now=utcnow() - timedelta(days=10))
    db.session.commit()
    missing = production_cli(["expire-meeting-requests"])
    assert missing.exit_code == 1 and "Set BASE_URL" in missing.output
    result = production_cli(["expire-meeting-requests"], BASE_URL="https://mm.example.fi")
    assert result.exit_code == 0 and "expired 1" in result.output, result.output
    assert any(link.startswith("https://mm.example.fi/") for link in outbox_links(anna.email))
