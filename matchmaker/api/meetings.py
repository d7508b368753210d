"""Meetings API: own meetings, requests, accept/decline, agenda as iCalendar."""

from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.errors import error_response
from matchmaker.api.events import _iso
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


def _login():
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", _("Log in or send a bearer token."))
    return None


def _participant_event(event_id: int):
    event = event_service.get_visible(current_user, event_id)
    service.require_setup(event)
    return event, service.require_participant(current_user, event)


@bp.get("/events/<int:event_id>/meetings")
def list_meetings(event_id: int):
    if (denied := _login()) is not None:
        return denied
    event, me = _participant_event(event_id)
    items = service.meetings_of(me)
    return jsonify({"event_id": event.id, "items": [meeting_json(m, me) for m in items]})


@bp.post("/events/<int:event_id>/meeting-requests")
def create_meeting_request(event_id: int):
    if (denied := _login()) is not None:
        return denied
    event = event_service.get_visible(current_user, event_id)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "bad_request", _("Send a JSON object."))
    to_id = data.get("to_registration_id")
    if not isinstance(to_id, int) or isinstance(to_id, bool):
        return error_response(
            422,
            "invalid",
            _("to_registration_id must be a participant's registration id."),
            {"to_registration_id": []},
        )
    message = data.get("message") or ""
    if not isinstance(message, str):
        return error_response(422, "invalid", _("message must be text."), {"message": []})
    try:
        item = service.request_meeting(current_user, event, to_id, message)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify(request_json(item)), 201


def _answer(request_id: int, action):
    if (denied := _login()) is not None:
        return denied
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
def accept_meeting_request(request_id: int):
    return _answer(request_id, service.accept)


@bp.post("/meeting-requests/<int:request_id>/decline")
def decline_meeting_request(request_id: int):
    return _answer(request_id, service.decline)


@bp.get("/events/<int:event_id>/agenda.ics")
def agenda_ics(event_id: int):
    if (denied := _login()) is not None:
        return denied
    event, me = _participant_event(event_id)
    return Response(
        service.meeting_ics(service.meetings_of(me), me, event),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="meetings-{event.id}.ics"'},
    )
