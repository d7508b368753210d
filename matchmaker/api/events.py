"""Events API: list and read events, register and cancel; the same services as the UI."""

from typing import Literal

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import Field

from matchmaker.api import bp
from matchmaker.api.schemas import (
    Body,
    CancelOut,
    EventDetail,
    EventList,
    EventsQuery,
    Id,
    Out,
    RegistrationIn,
    RegistrationOut,
    SessionOut,
    bounded_text,
    endpoint,
)
from matchmaker.extensions import db
from matchmaker.models import Event, EventSession
from matchmaker.models.events import SEAT_STATUSES
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.services.errors import DomainError, NotFound, PermissionDenied
from matchmaker.web import user_or_none


class SessionIn(Body):
    """A session of an event; its times must lie within the event's (else 422 on the field)."""

    title: bounded_text(200, min_length=1)
    starts_at: bounded_text(40, min_length=1) = Field(description="UTC, ISO 8601 with a Z")
    ends_at: bounded_text(40, min_length=1) = Field(description="UTC, ISO 8601 with a Z")
    country: bounded_text(2) = Field("", description="ISO 3166 code for a market session")
    speaker: bounded_text(200) = ""
    room: bounded_text(100) = ""
    capacity: int | None = Field(None, ge=0, le=100_000)


class RegistrationChangeIn(Body):
    """Leave a field out to keep it; `session_ids` is the whole new choice."""

    session_ids: list[Id] | None = Field(None, max_length=50)
    dietary: bounded_text(500) | None = None


class SeatOut(Out):
    session_id: int
    status: Literal[SEAT_STATUSES]
    position: int | None = Field(description="Place on the session's waiting list")


class RegistrationChangeOut(Out):
    id: int
    status: str
    dietary: str
    sessions: list[SeatOut]


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def session_json(item: EventSession, seats_left: int | None) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "country": item.country,
        "speaker": item.speaker,
        "room": item.room,
        "starts_at": _iso(item.starts_at),
        "ends_at": _iso(item.ends_at),
        "capacity": item.capacity,
        "seats_left": seats_left,
    }


def event_json(
    event: Event,
    detail: bool = False,
    confirmed: int | None = None,
    online_url: str | None = None,
) -> dict:
    """`confirmed` and `online_url` when the caller looked them up for a whole list."""
    if online_url is None:
        online_url = event_service.online_url_for(user_or_none(), event)
    data = {
        "id": event.id,
        "cluster": event.cluster.slug,
        "kind": event.kind,
        "title": event.title,
        "status": event.status,
        "starts_at": _iso(event.starts_at),
        "ends_at": _iso(event.ends_at),
        "venue": event.venue,
        "online_url": online_url,
        "language": event.language,
        "registration_opens_at": _iso(event.registration_opens_at),
        "registration_deadline": _iso(event.registration_deadline),
        "capacity": event.capacity,
        "max_per_organisation": event.max_per_organisation,
        "open_to_outsiders": event.open_to_outsiders,
        "seats_left": event_service.seats_left(event, confirmed),
    }
    if detail:
        seats = event_service.session_seats_left(event)
        data["description"] = event.description
        data["waitlisted"] = event_service.waitlist_count(event)
        data["sessions"] = [session_json(s, seats[s.id]) for s in event.sessions]
    return data


@bp.get("/events")
@endpoint(EventList, errors=(404,), query=EventsQuery, tags=("events",))
def list_events(query: EventsQuery):
    """Upcoming events"""
    viewer = user_or_none()
    if query.cluster:
        cluster = cluster_service.by_slug(query.cluster)
        if cluster is None:
            raise NotFound(_("No cluster with this short name."), field="cluster")
        clusters = [cluster]
    else:
        clusters = cluster_service.all_clusters()
    items = event_service.events_in(clusters, viewer)
    confirmed = event_service.confirmed_counts(items)
    links = event_service.online_urls_for(viewer, items)
    return jsonify(
        {
            "items": [
                event_json(e, confirmed=confirmed.get(e.id, 0), online_url=links[e.id])
                for e in items
            ]
        }
    )


@bp.get("/events/<int:event_id>")
@endpoint(EventDetail, errors=(404,), tags=("events",))
def get_event(event_id: int):
    """An event with its sessions and seats left"""
    return jsonify(event_json(event_service.get_visible(user_or_none(), event_id), detail=True))


@bp.post("/events/<int:event_id>/registrations")
@endpoint(
    RegistrationOut,
    status=201,
    login=True,
    errors=(403, 404, 409),
    json=RegistrationIn,
    tags=("events",),
)
def create_registration(event_id: int, json: RegistrationIn):
    """Register a person: confirmed or waitlisted with a position"""
    person = event_service.Person(
        name=json.name, email=json.email, dietary=json.dietary, note=json.note
    )
    try:
        reg = event_service.signup_by_id(current_user, event_id, person, json.session_ids)
    except DomainError:
        db.session.rollback()
        raise
    # Read before the commit, which expires the object (and would cost a query to re-read).
    answer = {"id": reg.id, "status": reg.status, "position": reg.waitlist_position}
    db.session.commit()
    return jsonify(answer), 201


@bp.delete("/registrations/<int:reg_id>")
@endpoint(CancelOut, login=True, errors=(404, 409), tags=("events",))
def delete_registration(reg_id: int):
    """Cancel a registration; the first waitlisted person is promoted"""
    try:
        reg = event_service.registration_or_404(reg_id)
        if not event_service.can_act_for(current_user, reg):
            raise NotFound(_("No such registration."))  # do not reveal others' registrations
        event_service.cancel_registration(current_user, reg)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify({"id": reg.id, "status": reg.status})


@bp.post("/events/<int:event_id>/sessions")
@endpoint(SessionOut, status=201, login=True, errors=(403, 404), json=SessionIn, tags=("events",))
def create_session(event_id: int, json: SessionIn):
    """Add a session to an event (coordinators); times outside the event's are refused"""
    event = event_service.get_visible(current_user, event_id)
    if not event_service.can_manage(current_user, event.cluster_id):
        raise PermissionDenied(_("Only the cluster's coordinators can do this."))
    try:
        item = event_service.save_session(current_user, event, json.model_dump())
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    seats = event_service.session_seats_left(event)
    return jsonify(session_json(item, seats.get(item.id))), 201


@bp.patch("/registrations/<int:reg_id>")
@endpoint(
    RegistrationChangeOut,
    login=True,
    errors=(404, 409),
    json=RegistrationChangeIn,
    tags=("events",),
)
def change_registration(reg_id: int, json: RegistrationChangeIn):
    """Change sessions or dietary needs, keeping the seat (a full session: its waiting list)"""
    try:
        reg = event_service.registration_or_404(reg_id)
        if not event_service.can_act_for(current_user, reg):
            raise NotFound(_("No such registration."))
        event_service.change_registration(
            current_user, reg, session_ids=json.session_ids, dietary=json.dietary
        )
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    positions = event_service.session_waitlist_positions(reg)
    return jsonify(
        {
            "id": reg.id,
            "status": reg.status,
            "dietary": reg.dietary,
            "sessions": [
                {
                    "session_id": rs.session_id,
                    "status": rs.status,
                    "position": positions.get(rs.session_id),
                }
                for rs in reg.sessions
            ],
        }
    )
