"""Meetings API: own meetings, requests, accept/decline, agenda as iCalendar."""

from flask import Response, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.events import _iso
from matchmaker.api.schemas import MeetingList, MeetingRequestIn, MeetingRequestOut, endpoint
from matchmaker.extensions import db
from matchmaker.models import Meeting, MeetingRequest, Registration
from matchmaker.services import events as event_service
from matchmaker.services import meetings as service
from matchmaker.services.errors import DomainError, NotFound


def _person(reg: Registration) -> dict:
    return {
        "registration_id": reg.id,
        "name": reg.name,
        "organisation": event_service.organisation_label(reg),
        "organisation_id": reg.organisation_id,
    }


def meeting_json(m: Meeting, me: Registration) -> dict:
    return {
        "id": m.id,
        "status": m.status,
        "with": _person(m.other(me.id)),
        "starts_at": _iso(m.slot.starts_at) if m.slot else None,
        "ends_at": _iso(m.slot.ends_at) if m.slot else None,
        "table": m.table.label if m.table else None,
        "request_id": m.request_id,
        "unplaced_reason": m.unplaced_reason if m.slot is None else None,
    }


def request_json(item: MeetingRequest) -> dict:
    return {
        "id": item.id,
        "event_id": item.event_id,
        "from": _person(item.from_registration),
        "to": _person(item.to_registration),
        "message": item.message,
        "status": item.status,
        "created_at": _iso(item.created_at),
        "expires_at": _iso(item.expires_at),
    }


def _participant_event(event_id: int):
    event = event_service.get_visible(current_user, event_id)
    service.require_setup(event)
    return event, service.require_participant(current_user, event)


@bp.get("/events/<int:event_id>/meetings")
@endpoint(MeetingList, login=True, errors=(403, 404), tags=("meetings",))
def list_meetings(event_id: int):
    """The caller's one-to-one meetings at an event"""
    event, me = _participant_event(event_id)
    items = service.meetings_of(me)
    return jsonify({"event_id": event.id, "items": [meeting_json(m, me) for m in items]})


@bp.post("/events/<int:event_id>/meeting-requests")
@endpoint(
    MeetingRequestOut,
    status=201,
    login=True,
    errors=(403, 404, 409),
    json=MeetingRequestIn,
    tags=("meetings",),
)
def create_meeting_request(event_id: int, json: MeetingRequestIn):
    """Ask another participant for a meeting"""
    event = event_service.get_visible(current_user, event_id)
    try:
        item = service.request_meeting(current_user, event, json.to_registration_id, json.message)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify(request_json(item)), 201


def _answer(request_id: int, action):
    try:
        item = db.session.get(MeetingRequest, request_id)
        event = db.session.get(Registration, item.to_registration_id).event if item else None
        mine = event is not None and service.registration_of(current_user, event) is not None
        if item is None or not mine:
            raise NotFound(_("No such meeting request."))  # do not reveal others' requests
        result = action(current_user, item)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    body = request_json(item)
    if isinstance(result, Meeting):
        body["meeting"] = meeting_json(result, result.b)
    return jsonify(body)


@bp.post("/meeting-requests/<int:request_id>/accept")
@endpoint(MeetingRequestOut, login=True, errors=(403, 404, 409), tags=("meetings",))
def accept_meeting_request(request_id: int):
    """Accept a meeting request (the receiver); the meeting is placed"""
    return _answer(request_id, service.accept)


@bp.post("/meeting-requests/<int:request_id>/decline")
@endpoint(MeetingRequestOut, login=True, errors=(403, 404, 409), tags=("meetings",))
def decline_meeting_request(request_id: int):
    """Decline a meeting request (the receiver)"""
    return _answer(request_id, service.decline)


@bp.get("/events/<int:event_id>/agenda.ics")
@endpoint(login=True, errors=(403, 404), tags=("meetings",))
def agenda_ics(event_id: int):
    """The caller's meetings as iCalendar"""
    event, me = _participant_event(event_id)
    return Response(
        service.meeting_ics(service.meetings_of(me), me, event),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="meetings-{event.id}.ics"'},
    )
