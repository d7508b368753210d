"""The meeting pages that save something answer with a redirect and save it (they were 500s:
`_, exc = ...` made gettext a local variable of the view)."""

from datetime import timedelta

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Meeting, MeetingMark, utcnow
from matchmaker.services import meetings as meeting_service


def test_mark_must_meet_then_no_thanks_then_clear(client, auth, meeting_event, participant):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    auth.login(anna.email)
    url = f"/meetings/event/{event.id}/mark/{ben.reg.id}"
    response = client.post(url, data={"kind": "must_meet"})
    assert response.status_code == 302
    assert meeting_service.marks_of(anna.reg) == {ben.reg.id: "must_meet"}
    assert client.post(url, data={"kind": "no_thanks"}).status_code == 302
    assert meeting_service.marks_of(anna.reg) == {ben.reg.id: "no_thanks"}
    page = client.post(url, data={"kind": "clear"}, follow_redirects=True)
    assert page.status_code == 200 and "Saved." in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingMark)) == 0


def test_meeting_outcome_is_saved_for_my_side(client, auth, meeting_event, participant, agreed):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    event.starts_at = utcnow() - timedelta(hours=1)  # outcomes are asked once it has started
    db.session.commit()
    auth.login(ben.email)
    page = client.post(
        f"/meetings/{meeting.id}/outcome",
        data={"held": "1", "next_step": "1"},
        follow_redirects=True,
    )
    assert page.status_code == 200 and "Thank you, noted." in page.get_data(as_text=True)
    db.session.refresh(meeting)
    side = meeting.side(ben.reg.id)
    assert getattr(meeting, f"held_{side}") is True
    assert getattr(meeting, f"next_step_{side}") is True


def test_cancel_meeting_from_the_agenda(client, auth, meeting_event, participant, agreed):
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    meeting = agreed(anna, ben, event)
    auth.login(anna.email)
    response = client.post(f"/meetings/{meeting.id}/cancel")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/event/{event.id}/agenda")
    db.session.refresh(meeting)
    assert meeting.status == "cancelled" and meeting.slot_id is None


def test_coordinator_discards_scheduler_drafts(client, auth, meeting_event, participant, agreed):
    event = meeting_event()
    anna, ben, cleo = participant(event), participant(event), participant(event)
    kept = agreed(anna, ben, event)
    db.session.add(
        Meeting(
            event_id=event.id,
            a_registration_id=anna.reg.id,
            b_registration_id=cleo.reg.id,
            status="draft",
            source="scheduler",
        )
    )
    db.session.commit()
    auth.login(event.boss.email)
    page = client.post(f"/meetings/event/{event.id}/scheduler/discard", follow_redirects=True)
    assert page.status_code == 200 and "Draft discarded." in page.get_data(as_text=True)
    statuses = db.session.scalars(sa.select(Meeting.status).where(Meeting.event_id == event.id))
    assert list(statuses) == ["published"]
    assert db.session.get(Meeting, kept.id) is not None
