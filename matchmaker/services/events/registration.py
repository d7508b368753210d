"""Events: signup, cancellation, moves off the waiting list, check-in and outsiders."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventSession,
    Membership,
    Registration,
    RegistrationSession,
    User,
    utcnow,
)
from matchmaker.models.events import ACTIVE_STATUSES
from matchmaker.services import audit, locking, mail, mail_render, tokens
from matchmaker.services.email_address import is_valid_email, normalise_email
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from matchmaker.services.events.access import can_act_for, can_view
from matchmaker.services.events.editing import clean_text
from matchmaker.services.events.inserts import insert_together, next_id_column
from matchmaker.services.events.notifications import _notify, _notify_signup
from matchmaker.services.events.seats import (
    _count,
    _fill_seats,
    _fill_sessions,
    _take_seat,
    already_registered,
    flush_registration,
    give_seat,
)
from matchmaker.services.permissions import require_coordinator

log = logging.getLogger(__name__)


@dataclass
class Person:
    name: str
    email: str
    dietary: str = ""
    note: str = ""
    organisation_name: str = ""


def _check_person(person: Person) -> Person:
    errors: dict[str, list] = {}
    name = clean_text(person.name, 200)
    email = normalise_email(person.email)
    if not name:
        errors["name"] = [_l("Enter the participant's name.")]
    if not is_valid_email(email):
        errors["email"] = [_l("Enter a valid e-mail address.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return Person(
        name=name,
        email=email,
        dietary=clean_text(person.dietary, 500),
        note=clean_text(person.note, 2000),
        organisation_name=clean_text(person.organisation_name, 200),
    )


def _check_open(event: Event, now: datetime) -> None:
    if not event.is_published:
        raise DomainError(_l("This event is not open for registration."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise DomainError(_l("Registration has not opened yet."))
    deadline = event.registration_deadline or event.starts_at
    if now > deadline:
        raise DomainError(_l("The registration deadline has passed."))


def registration_open(event: Event, now: datetime | None = None) -> bool:
    try:
        _check_open(event, now or utcnow())
    except DomainError:
        return False
    return True


def _check_sessions(event: Event, session_ids) -> list[EventSession]:
    return _chosen_sessions(event.sessions, session_ids)


def _sessions_by_id(event_id: int, session_ids) -> list[EventSession]:
    """The event's sessions among `session_ids`, in the order of Event.sessions."""
    return list(
        db.session.scalars(
            sa.select(EventSession)
            .where(
                EventSession.event_id == event_id,
                EventSession.id.in_({int(i) for i in session_ids}),
            )
            .order_by(EventSession.starts_at, EventSession.id)
        )
    )


def _chosen_sessions(candidates, session_ids) -> list[EventSession]:
    wanted = {int(i) for i in session_ids or ()}
    chosen = [s for s in candidates if s.id in wanted]
    if len(chosen) != len(wanted):
        raise DomainError(_l("Choose sessions of this event only."), field="session_ids")
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            if a.overlaps(b):
                raise DomainError(
                    _l(
                        "“%(a)s” and “%(b)s” take place at the same time: choose one.",
                        a=a.title,
                        b=b.title,
                    ),
                    field="session_ids",
                )
    return chosen


def signup(
    actor: User,
    event: Event,
    person: Person,
    session_ids=(),
) -> Registration:
    """A member registers themself or a colleague: confirmed while seats remain, else waitlisted.

    Everything the rules need (membership, the person's account, duplicates, the
    organisation's cap, the seats taken) is read in one query after the event lock; the
    confirmation mail is only queued (rendered by the mail worker). `reg.waitlist_position`
    holds the place on the waiting list, counted under the lock."""
    sessions = event.sessions if session_ids else ()
    return _signup(actor, event.id, person, session_ids, sessions, check_visible=False)


def signup_by_id(actor: User, event_id: int, person: Person, session_ids=()) -> Registration:
    """signup() for a caller that has only the event's id (the API): the event is read once,
    when it is locked, and is "no such event" there unless the actor may see it (as
    events.access.get_visible), so that no signup reads the event row twice."""
    return _signup(actor, event_id, person, session_ids, None, check_visible=True)


def _signup(
    actor: User, event_id: int, person: Person, session_ids, sessions, *, check_visible: bool
) -> Registration:
    # Errors in the input are said after the membership check, which comes first.
    invalid = bad_sessions = None
    try:
        person = _check_person(person)
    except DomainError as exc:
        invalid = exc
    chosen: list[EventSession] = []
    if session_ids:
        try:
            if sessions is None:
                sessions = _sessions_by_id(event_id, session_ids)
            chosen = _chosen_sessions(sessions, session_ids)
        except DomainError as exc:
            bad_sessions = exc
    org_id = actor.active_organisation_id
    event = locking.lock_event(event_id)
    if check_visible and not can_view(actor, event):
        raise NotFound(_l("No such event."))
    facts = _signup_facts(event, org_id, person.email if invalid is None else "")
    if not facts.member:
        raise PermissionDenied(
            _l("Only people of the cluster's member organisations can register here.")
        )
    if invalid is not None:
        raise invalid
    if facts.user_id is not None and facts.user_org_id != org_id:
        raise PermissionDenied(
            _l("You can register only yourself and colleagues of your organisation."),
            field="email",
        )
    if bad_sessions is not None:
        raise bad_sessions
    _check_open(event, utcnow())
    if facts.duplicates:
        raise already_registered()
    if event.max_per_organisation is not None and facts.of_org >= event.max_per_organisation:
        raise DomainError(
            _l(
                "Your organisation already has %(n)d people registered, the most allowed.",
                n=event.max_per_organisation,
            )
        )
    reg = Registration(
        event_id=event.id,
        organisation_id=org_id,
        user_id=facts.user_id,
        registered_by_id=actor.id,
        name=person.name,
        email=person.email,
        dietary=person.dietary,
        note=person.note,
        status="pending",
        sessions=[],
    )
    # PostgreSQL, no sessions picked: the id was drawn under the lock, and the registration,
    # its audit entry and its mail are written by one statement (inserts.py). Otherwise the
    # ORM inserts the registration (and its session picks) first.
    one_statement = facts.next_id is not None and not chosen
    if one_statement:
        reg.id = facts.next_id
        give_seat(event, reg, facts.confirmed)
    else:
        _take_seat(event, reg, chosen, confirmed=facts.confirmed)
    reg.waitlist_position = facts.waitlisted + 1 if reg.status == "waitlisted" else None
    with db.session.no_autoflush:
        audit.record(
            "registration.created",
            actor=actor,
            cluster_id=event.cluster_id,
            organisation_id=org_id,
            details={"event": event.id, "registration": reg.id, "status": reg.status},
        )
        _notify_signup(reg, position=reg.waitlist_position, event=event)
    if one_statement:
        insert_together(reg)
    return reg


def _signup_facts(event: Event, org_id: int | None, email: str):
    """One row: is the organisation an approved member of the event's cluster, whose account
    the address is, and, among the event's registrations, the address's live ones, the
    organisation's live ones and the confirmed and waitlisted. Read after the event lock, so
    that no signup of this event can change them before this one commits."""
    params = {"event_id": event.id, "cluster_id": event.cluster_id, "org_id": org_id}
    connection = db.session.connection()  # a Core query: the ORM's execution adds nothing
    query = _facts_query(connection.dialect.name)
    return connection.execute(query, {**params, "email": email}).one()


@cache
def _facts_query(dialect: str) -> sa.Select:
    """The statement of _signup_facts, built once per dialect (its parameters are bound per
    signup). On PostgreSQL it also draws the registration's id (`next_id`), under the lock."""
    event_id, email, org_id = (sa.bindparam(n) for n in ("event_id", "email", "org_id"))

    def count(*where):
        return (
            sa.select(sa.func.count(Registration.id))
            .where(Registration.event_id == event_id, *where)
            .scalar_subquery()
        )

    live = Registration.status.in_(ACTIVE_STATUSES)
    account = sa.select(User.id, User.organisation_id).where(User.email == email).subquery()
    member = (
        sa.select(Membership.id)
        .where(
            Membership.cluster_id == sa.bindparam("cluster_id"),
            Membership.organisation_id == org_id,
            Membership.status == "approved",
        )
        .exists()
    )
    return sa.select(
        member.label("member"),
        sa.select(account.c.id).scalar_subquery().label("user_id"),
        sa.select(account.c.organisation_id).scalar_subquery().label("user_org_id"),
        count(Registration.email == email, live).label("duplicates"),
        count(Registration.organisation_id == org_id, live).label("of_org"),
        count(Registration.status == "confirmed").label("confirmed"),
        count(Registration.status == "waitlisted").label("waitlisted"),
        (next_id_column(Registration.__table__) if dialect == "postgresql" else sa.null()).label(
            "next_id"
        ),
    )


def cancel_registration(actor, reg: Registration) -> list[Registration]:
    """Free the seat and promote the first waitlisted person at once; returns who moved up."""
    if not can_act_for(actor, reg):
        raise PermissionDenied(_l("You cannot cancel this registration."))
    promoted = _cancel(reg)
    audit.record(
        "registration.cancelled",
        actor=actor,
        cluster=reg.event.cluster,
        organisation=reg.organisation,
        details={"event": reg.event_id, "registration": reg.id, "promoted": len(promoted)},
    )
    return promoted


def cancel_by_link(reg: Registration) -> list[Registration]:
    """The person registered cancels from the signed link in their mail (tickets.py checked
    it): no account needed, and the link reaches only this registration."""
    promoted = _cancel(reg)
    audit.record(
        "registration.cancelled",
        cluster=reg.event.cluster,
        organisation=reg.organisation,
        details={"event": reg.event_id, "registration": reg.id, "by_link": True},
    )
    return promoted


def change_registration(
    actor, reg: Registration, *, session_ids=None, dietary: str | None = None
) -> Registration:
    """Change sessions and dietary needs while keeping the event seat. Sessions kept keep
    their seats; a session dropped frees its seat for the next in its queue; a session added
    is taken if a seat is free, else the person joins its waiting list (in the order asked).
    `actor` None: the person themself through their signed link (tickets.py)."""
    if actor is not None and not can_act_for(actor, reg):
        raise PermissionDenied(_l("You cannot change this registration."))
    chosen = _check_sessions(reg.event, session_ids) if session_ids is not None else None
    event = locking.lock_event(reg.event_id)
    db.session.refresh(reg)  # re-read under the lock, like a cancellation
    if reg.status not in ("confirmed", "waitlisted"):
        raise Conflict(_l("Only a confirmed or waiting registration can be changed."))
    if event.is_cancelled or utcnow() >= event.starts_at:
        raise Conflict(_l("The event has started or is cancelled: changes are closed."))
    changed = []
    if dietary is not None and clean_text(dietary, 500) != reg.dietary:
        reg.dietary = clean_text(dietary, 500)
        changed.append("dietary")
    touched: set[int] = set()
    if chosen is not None:
        wanted = {s.id for s in chosen}
        current = {rs.session_id: rs for rs in reg.sessions}
        for sid, rs in current.items():
            if sid not in wanted:
                reg.sessions.remove(rs)  # delete-orphan: its seat, if it had one, is free
                touched.add(sid)
        for s in chosen:
            if s.id not in current:
                reg.sessions.append(RegistrationSession(session_id=s.id, status="waitlisted"))
                touched.add(s.id)
        if touched:
            changed.append("sessions")
    db.session.flush()
    # Freed seats go to the first in each queue; a new pick queues behind those already waiting.
    _fill_sessions(touched)
    if changed:
        audit.record(
            "registration.changed",
            actor=actor,
            cluster=event.cluster,
            organisation=reg.organisation,
            details={"event": event.id, "registration": reg.id, "changed": changed},
        )
        db.session.refresh(reg)
        _notify(reg, "event_registration_changed")
    return reg


def _cancel(reg: Registration) -> list[Registration]:
    event = locking.lock_event(reg.event_id)
    db.session.refresh(reg)  # re-read under the lock: someone may have cancelled it already
    if reg.status == "cancelled":
        raise Conflict(_l("This registration is already cancelled."))
    was_confirmed = reg.status == "confirmed"
    freed = {rs.session_id for rs in reg.sessions if rs.status == "confirmed"}
    notify = reg.status != "pending"
    reg.cancel()
    db.session.flush()
    if notify:
        _notify(reg, "event_registration_cancelled", ics=was_confirmed, ics_cancelled=True)
    promoted = _fill_seats(event) if was_confirmed and event.is_published else []
    _fill_sessions(freed)
    return promoted


def confirm_from_waitlist(actor, reg: Registration) -> bool:
    """A coordinator moves someone off the waiting list by hand. When the event is full this
    adds a seat (capacity + 1), so confirmed never exceeds capacity. Returns True if it did."""
    require_coordinator(actor, reg.event.cluster_id)
    event = locking.lock_event(reg.event_id)
    db.session.refresh(reg)
    if reg.status != "waitlisted":
        raise Conflict(_l("Only someone on the waiting list can be moved."))
    added = False
    if event.capacity is not None and _count(event.id, "confirmed") >= event.capacity:
        event.capacity += 1
        added = True
    reg.confirm()
    db.session.flush()
    _fill_sessions({rs.session_id for rs in reg.sessions})
    audit.record(
        "registration.moved",
        actor=actor,
        cluster=event.cluster,
        organisation=reg.organisation,
        details={"event": event.id, "registration": reg.id, "seat_added": added},
    )
    _notify(reg, "event_promoted", ics=True)
    return added


def set_attended(actor, reg: Registration, attended: bool) -> None:
    require_coordinator(actor, reg.event.cluster_id)
    if reg.status != "confirmed":
        raise Conflict(_l("Only confirmed participants can be checked in."))
    reg.attended_at = utcnow() if attended else None


def outsider_signup(event: Event, person: Person, session_ids=()) -> Registration:
    """Someone outside the cluster asks for a seat at a public event. Nothing is reserved
    until they open the link we mail them, so typos and bots cannot fill the seats."""
    if not event.open_to_outsiders:
        raise PermissionDenied(_l("This event is for the cluster's members only."))
    person = _check_person(person)
    chosen = _check_sessions(event, session_ids)
    _check_open(event, utcnow())
    existing = db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == person.email,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )
    if existing is not None and existing.status != "pending":
        raise already_registered()
    if existing is None:
        existing = Registration(event_id=event.id, status="pending", email=person.email)
        db.session.add(existing)
    existing.name = person.name
    existing.organisation_name = person.organisation_name
    existing.dietary = person.dietary
    existing.note = person.note
    existing.sessions = [RegistrationSession(session_id=s.id, status="waitlisted") for s in chosen]
    flush_registration()
    mail.queue_template(
        existing.email, "event_confirm_email", event.language, {"registration": existing.id}
    )
    return existing


@mail_render.builder("event_confirm_email")
def _confirm_email_mail(template: str, data: dict) -> mail_render.Rendering:
    """The outsider's confirmation link, signed when the mail is rendered."""
    reg = db.session.get(Registration, data["registration"])
    if reg is None:
        raise mail_render.RenderError(f"registration {data['registration']} no longer exists")
    token = tokens.sign("event-guest", {"r": reg.id, "e": reg.email})
    context = {
        "event": reg.event,
        "registration": reg,
        "link": url_for("events.confirm_guest", token=token, _external=True),
    }
    return mail_render.Rendering(context, zone=reg.event.cluster)


def confirm_outsider(token: str) -> Registration:
    reg = tokens.load_confirmation(
        "event-guest",
        token,
        Registration,
        id_key="r",
        email_key="e",
        expired=_l("This confirmation link has expired. Register again."),
    )
    event = locking.lock_event(reg.event_id)
    db.session.refresh(reg)
    if reg.status != "pending":
        return reg  # opened twice: the first click already decided
    _check_open(event, utcnow())
    chosen = [rs.session for rs in reg.sessions]
    reg.sessions.clear()
    db.session.flush()
    _take_seat(event, reg, chosen)
    _notify_signup(reg)
    return reg
