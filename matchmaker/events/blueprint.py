"""The events blueprint and the helpers its view modules share (routes.py: the public pages;
registration_views.py: signing up and changing or cancelling a registration;
manage_views.py: the coordinators' event management, check-in and exports)."""

from datetime import timedelta

from flask import Blueprint, abort
from flask_login import current_user

from matchmaker import timeutil
from matchmaker.events.forms import GuestSignupForm, SignupForm
from matchmaker.extensions import db
from matchmaker.models import Event
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, show_errors, user_or_none

# cli_group=None: the commands are top-level (`flask send-reminders`), not `flask events ...`.
bp = Blueprint("events", __name__, cli_group=None)


def _cluster_or_404(slug: str):
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    timeutil.use_cluster(cluster)
    return cluster


def _event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not event_service.can_view(user_or_none(), event):
        abort(404)
    timeutil.use_cluster(event.cluster)
    return event


def _fail(exc: DomainError, form=None) -> None:
    db.session.rollback()
    if exc.status in (403, 404) and form is None:
        abort_for(exc)
    show_errors(form, exc)


def _full_sessions(event: Event) -> set[int]:
    return {sid for sid, left in event_service.session_seats_left(event).items() if left == 0}


def _signup_form(event: Event) -> SignupForm:
    """The form offers only people not yet registered; full sessions are marked."""
    return SignupForm(
        user=current_user,
        sessions=event.sessions,
        registered=event_service.emails_registered_by_viewer(event, current_user),
        full=_full_sessions(event),
    )


def _page_context(event: Event, signup_form=None, guest_form=None) -> dict:
    viewer = user_or_none()
    member = event_service.is_member(viewer, event.cluster_id)
    org = viewer.organisation if member else None
    if member and signup_form is None:
        signup_form = _signup_form(event)
    if event.open_to_outsiders and not member and guest_form is None:
        guest_form = GuestSignupForm(sessions=event.sessions, full=_full_sessions(event))
    mine = event_service.registrations_for_viewer(event, viewer)
    own_email = event_service.normalise_email(viewer.email) if viewer is not None else None
    tickets = {
        r.id: event_service.qr_svg(event_service.checkin_token(r))
        for r in mine
        if r.status == "confirmed" and r.email == own_email and not event.is_cancelled
    }
    return {
        "event": event,
        "member": member,
        "can_manage": event_service.can_manage(viewer, event.cluster_id),
        "online_url": event_service.online_url_for(viewer, event),
        "seats_left": event_service.seats_left(event),
        "waitlist": event_service.waitlist_count(event),
        "session_seats": event_service.session_seats_left(event),
        "recommended": event_service.recommended_session_ids(event, org),
        "mine": mine,
        "positions": {r.id: event_service.waitlist_position(r) for r in mine},
        "session_positions": {r.id: event_service.session_waitlist_positions(r) for r in mine},
        "tickets": tickets,
        "org_places_left": event_service.organisation_places_left(event, org.id)
        if org is not None
        else None,
        "signup_form": signup_form,
        "guest_form": guest_form,
        "open": event_service.registration_open(event),
        "one_day": timedelta(days=1),
    }
