"""Models guard their own state: each status moves only along its allowed transitions, a
refused one is an InvalidTransition (a domain error), and views and the API show it as 4xx."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from matchmaker.extensions import db
from matchmaker.models import (
    ContactRequest,
    Event,
    FairInterest,
    JointStand,
    Meeting,
    MeetingRequest,
    Membership,
    Registration,
    RegistrationSession,
    User,
    utcnow,
)
from matchmaker.models.states import (
    CONTACT_TRANSITIONS,
    EVENT_TRANSITIONS,
    INTEREST_TRANSITIONS,
    MEETING_TRANSITIONS,
    MEMBERSHIP_TRANSITIONS,
    ORG_STATUS_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    REQUEST_TRANSITIONS,
    SEAT_TRANSITIONS,
    STAND_TRANSITIONS,
)
from matchmaker.services import accounts
from matchmaker.services import events as event_service
from matchmaker.services.errors import Conflict, DomainError, InvalidTransition
from tests.events.conftest import coordinator, make_event, member, signup  # noqa: F401
from tests.fairs.conftest import fair_setup  # noqa: F401

# model, its status column, its transition table
MACHINES = [
    (Event, "status", EVENT_TRANSITIONS),
    (Registration, "status", REGISTRATION_TRANSITIONS),
    (RegistrationSession, "status", SEAT_TRANSITIONS),
    (MeetingRequest, "status", REQUEST_TRANSITIONS),
    (Meeting, "status", MEETING_TRANSITIONS),
    (Membership, "status", MEMBERSHIP_TRANSITIONS),
    (User, "org_status", ORG_STATUS_TRANSITIONS),
    (JointStand, "status", STAND_TRANSITIONS),
    (FairInterest, "status", INTEREST_TRANSITIONS),
    (ContactRequest, "status", CONTACT_TRANSITIONS),
]


def _in_state(model, field, state):
    obj = model()
    setattr(obj, field, state.value)
    return obj


@pytest.mark.parametrize(
    ("model", "field", "table"), MACHINES, ids=lambda m: getattr(m, "__name__", "")
)
def test_every_transition_is_allowed_or_refused_as_the_table_says(app, model, field, table):
    for current in model.STATE_ENUM:
        for new in model.STATE_ENUM:
            obj = _in_state(model, field, current)
            if new in table.get(current, ()):
                obj.update_state(new)
                assert getattr(obj, field) == new.value
                assert type(getattr(obj, field)) is str  # stored as the same plain string
            else:
                with pytest.raises(InvalidTransition) as err:
                    obj.update_state(new)
                assert getattr(obj, field) == current.value  # unchanged
                assert isinstance(err.value, DomainError) and err.value.status == 409
                assert "cannot become" in str(err.value.message)


def test_the_column_check_constraints_allow_exactly_the_enum_values():
    for model, field, _ in MACHINES:
        checks = [
            str(c.sqltext)
            for c in model.__table__.constraints
            if isinstance(c, sa.CheckConstraint) and field in str(c.sqltext)
        ]
        assert checks == [f"{field} IN ({', '.join(repr(s.value) for s in model.STATE_ENUM)})"]


def test_cancelling_a_cancelled_registration_is_refused(app):
    reg = Registration(status="confirmed")
    reg.cancel()
    assert reg.status == "cancelled" and reg.cancelled_at is not None
    with pytest.raises(InvalidTransition):
        reg.cancel()


def test_registration_confirm_waitlist_and_cancel(app):
    reg = Registration(status="pending")
    reg.waitlist()
    reg.confirm()
    assert reg.status == "confirmed" and reg.confirmed_at is not None
    with pytest.raises(InvalidTransition):
        reg.waitlist()  # a confirmed seat is never taken back to the waiting list


def test_new_objects_start_in_the_column_default(app):
    assert Registration().state == "confirmed"
    assert MeetingRequest().state == "requested"
    assert Meeting().state == "published"
    assert Membership().state == "pending"


def test_accepting_a_declined_meeting_request_is_refused(app):
    item = MeetingRequest(status="requested")
    item.decline()
    assert item.status == "declined" and item.decided_at is not None
    with pytest.raises(InvalidTransition):
        item.accept()
    with pytest.raises(InvalidTransition):
        item.cancel()


def test_meeting_publish_and_cancel_free_the_place(app):
    meeting = Meeting(status="draft", slot_id=1, table_id=2)
    meeting.publish()
    meeting.cancel()
    assert (meeting.status, meeting.slot_id, meeting.table_id) == ("cancelled", None, None)
    with pytest.raises(InvalidTransition):
        meeting.publish()
    with pytest.raises(InvalidTransition):
        meeting.cancel()


def test_event_cancel_bumps_the_calendar_sequence_and_cannot_repeat(app):
    event = Event(status="published", sequence=3)
    event.cancel()
    assert (event.status, event.sequence) == ("cancelled", 4)
    with pytest.raises(InvalidTransition):
        event.publish()


def test_membership_decide_reapply_and_direct_approval(app):
    item = Membership()
    item.reapply("Hello")
    item.decide(False, by_id=None)
    assert item.status == "declined"
    with pytest.raises(InvalidTransition):
        item.decide(True, by_id=None)  # decided already
    item.reapply("Again")
    assert (item.status, item.decided_at) == ("pending", None)
    assert item.approve_directly() is True and item.status == "approved"
    assert item.approve_directly() is False
    with pytest.raises(InvalidTransition):
        item.reapply()


def test_join_request_decided_once(app):
    user = User(org_status="pending")
    user.decide_join(True)
    assert user.org_status == "active"
    with pytest.raises(InvalidTransition):
        user.decide_join(False)


def test_stand_confirm_and_reopen(app):
    stand = JointStand(status="open")
    stand.confirm()
    assert stand.status == "confirmed" and stand.confirmed_at is not None
    with pytest.raises(InvalidTransition):
        stand.confirm()
    stand.reopen()
    assert (stand.status, stand.confirmed_at) == ("open", None)
    with pytest.raises(InvalidTransition):
        stand.reopen()


def test_withdrawn_interest_and_decided_contact_stay_so(app):
    interest = FairInterest(status="active")
    interest.withdraw()
    with pytest.raises(InvalidTransition):
        interest.withdraw()
    contact = ContactRequest(status="pending")
    contact.decide(True, by_id=None)
    with pytest.raises(InvalidTransition):
        contact.decide(False, by_id=None)


def test_invalid_transition_is_a_conflict_the_views_already_handle():
    assert issubclass(InvalidTransition, Conflict)


def test_reopening_an_open_stand_is_a_flash_not_a_500(client, auth, fair_setup):  # noqa: F811
    stand = fair_setup["propulsion"]
    auth.login(fair_setup["coordinator"].email)
    response = client.post(
        f"/fairs/{fair_setup['fair'].id}/stands/{stand.id}/confirm",
        data={"action": "reopen"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "cannot become" in response.get_data(as_text=True)
    db.session.refresh(stand)
    assert stand.status == "open"


def test_api_cancelling_a_cancelled_registration_is_409(
    app,
    client,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
):
    event = make_event()
    user = member(event.cluster)
    reg = signup(user, event)
    event_service.cancel_registration(user, reg)
    headers = {"Authorization": f"Bearer {accounts.create_api_token(user, 'test')}"}
    db.session.commit()
    response = client.delete(f"/api/v1/registrations/{reg.id}", headers=headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"


def _pair(make_event, member, signup):  # noqa: F811
    event = make_event()
    a, b = (signup(member(event.cluster), event) for _ in range(2))
    return event, a, b


def _open_request(event, sender, receiver):
    return MeetingRequest(
        event_id=event.id,
        from_registration_id=sender.id,
        to_registration_id=receiver.id,
        expires_at=utcnow() + timedelta(days=1),
    )


def _reverse_request_fails(event, a, b):
    db.session.add(_open_request(event, a, b))
    db.session.commit()
    db.session.add(_open_request(event, b, a))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_reverse_open_meeting_request_is_refused_by_the_database(
    app,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
):
    event, a, b = _pair(make_event, member, signup)
    _reverse_request_fails(event, a, b)
    # Once the first is answered, the other side may ask.
    first = db.session.scalar(sa.select(MeetingRequest))
    first.decline()
    db.session.add(_open_request(event, b, a))
    db.session.commit()


def test_migrated_schema_refuses_the_reverse_open_request(
    app,
    make_event,  # noqa: F811
    member,  # noqa: F811
    signup,  # noqa: F811
):
    db.drop_all()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    event, a, b = _pair(make_event, member, signup)
    _reverse_request_fails(event, a, b)
