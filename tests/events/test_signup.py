"""Signup rules: seats, waiting list, promotion, limits, deadline, sessions, duplicates."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, Registration, utcnow
from matchmaker.services import events as event_service
from matchmaker.services.errors import Conflict, DomainError, PermissionDenied
from tests.events.conftest import mails_to


def test_signup_is_confirmed_while_seats_remain(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, capacity=2)
    reg = signup(member(cluster), event)
    assert reg.status == "confirmed"
    assert event_service.seats_left(event) == 1


def test_signup_when_full_is_waitlisted_with_position(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    signup(member(cluster), event)
    second, third = signup(member(cluster), event), signup(member(cluster), event)
    assert second.status == third.status == "waitlisted"
    assert event_service.waitlist_position(third) == 2


def test_cancel_promotes_first_waitlisted_and_mails_them(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    first = member(cluster)
    reg = signup(first, event)
    waiting = signup(member(cluster), event)
    later = signup(member(cluster), event)
    event_service.cancel_registration(first, reg)
    db.session.commit()
    assert (waiting.status, later.status) == ("confirmed", "waitlisted")
    assert mails_to(waiting.email)[-1].subject.startswith("A seat became free")
    assert mails_to(waiting.email)[-1].attachments[0]["mimetype"] == "text/calendar"


def test_same_person_cannot_sign_up_twice(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster)
    user = member(cluster)
    signup(user, event)
    with pytest.raises(Conflict):
        signup(user, event)


def test_database_refuses_a_second_active_registration(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster)
    reg = signup(member(cluster), event)
    db.session.add(Registration(event_id=event.id, name="x", email=reg.email, status="waitlisted"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_signing_up_again_after_cancelling_is_allowed(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster)
    user = member(cluster)
    event_service.cancel_registration(user, signup(user, event))
    db.session.commit()
    assert signup(user, event).status == "confirmed"


def test_colleague_can_be_signed_up_with_dietary_needs(
    make_cluster, make_event, member, make_user, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    me = member(cluster)
    reg = signup(me, event, name="Kollega Virtanen", email="kollega@example.fi", dietary="vegaani")
    assert reg.organisation_id == me.organisation_id and reg.dietary == "vegaani"
    assert reg.registered_by_id == me.id


def test_cannot_sign_up_someone_of_another_organisation(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster)
    stranger = member(cluster)
    with pytest.raises(PermissionDenied):
        signup(member(cluster), event, name=stranger.name, email=stranger.email)


def test_non_member_organisation_cannot_sign_up(
    make_cluster, make_event, make_org, make_user, signup
):
    event = make_event(make_cluster())
    with pytest.raises(PermissionDenied):
        signup(make_user(make_org()), event)


def test_per_organisation_limit_is_enforced(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, max_per_organisation=2)
    me = member(cluster)
    signup(me, event)
    signup(me, event, name="Toinen", email="toinen@example.fi")
    with pytest.raises(DomainError, match="most allowed"):
        signup(me, event, name="Kolmas", email="kolmas@example.fi")


def test_signup_after_the_deadline_is_refused(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, registration_deadline=utcnow() - timedelta(hours=1))
    with pytest.raises(DomainError, match="deadline"):
        signup(member(cluster), event)


def test_draft_event_takes_no_signups(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, status="draft")
    with pytest.raises(DomainError, match="not open"):
        signup(member(cluster), event)


def test_overlapping_sessions_cannot_both_be_picked(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja"}, {"title": "Saksa"}])
    a, b = event.sessions
    b.starts_at = a.starts_at  # parallel tracks
    db.session.commit()
    with pytest.raises(DomainError, match="same time"):
        signup(member(cluster), event, sessions=[a.id, b.id])


def test_full_session_waitlists_and_promotes_on_cancel(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, sessions=[{"title": "Norja", "capacity": 1}])
    session = event.sessions[0]
    first, second = member(cluster), member(cluster)
    reg1 = signup(first, event, sessions=[session.id])
    reg2 = signup(second, event, sessions=[session.id])
    assert [rs.status for rs in reg2.sessions] == ["waitlisted"]
    event_service.cancel_registration(first, reg1)
    db.session.commit()
    db.session.refresh(reg2)
    assert [rs.status for rs in reg2.sessions] == ["confirmed"]


def test_failed_signup_sends_no_mail(make_cluster, make_event, member, signup):
    cluster = make_cluster()
    event = make_event(cluster, max_per_organisation=1)
    me = member(cluster)
    signup(me, event)
    before = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
    with pytest.raises(DomainError):
        signup(me, event, name="Toinen", email="toinen@example.fi")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == before


def test_raising_capacity_promotes_the_waiting_list(
    make_cluster, make_event, member, coordinator, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    signup(member(cluster), event)
    waiting = signup(member(cluster), event)
    data = {f: getattr(event, f) for f in event_service.EVENT_FIELDS}
    event_service.update_event(coordinator(cluster), event, {**data, "capacity": 2})
    db.session.commit()
    db.session.refresh(waiting)
    assert waiting.status == "confirmed"


def test_recommended_sessions_follow_target_and_export_markets(make_cluster, make_event, make_org):
    cluster = make_cluster()
    org = make_org(cluster, target_markets=["NO"], export_markets=["DE"])
    event = make_event(
        cluster,
        kind="market_review",
        sessions=[
            {"title": "Norja", "country": "NO"},
            {"title": "Saksa", "country": "DE"},
            {"title": "Italia", "country": "IT"},
        ],
    )
    no, de, _it = event.sessions
    assert event_service.recommended_session_ids(event, org) == {no.id, de.id}


def test_capacity_cannot_drop_below_the_seats_already_given(
    make_cluster, make_event, member, coordinator, signup
):
    cluster = make_cluster()
    event = make_event(cluster, capacity=3)
    signup(member(cluster), event)
    signup(member(cluster), event)
    data = {f: getattr(event, f) for f in event_service.EVENT_FIELDS}
    with pytest.raises(DomainError) as caught:
        event_service.update_event(coordinator(cluster), event, {**data, "capacity": 1})
    assert "capacity" in caught.value.fields
