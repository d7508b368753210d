"""Events: what members and coordinators see (lists, waiting list positions, fitting events)."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Event,
    Organisation,
    Registration,
    RegistrationSession,
    utcnow,
)
from matchmaker.models.events import ACTIVE_STATUSES
from matchmaker.services import profile_fit
from matchmaker.services.errors import NotFound
from matchmaker.services.events.access import _is_user, can_manage, normalise_email
from matchmaker.services.events.tickets import fold


def events_of(cluster: Cluster, viewer, *, past: bool = False) -> list[Event]:
    return events_in([cluster], viewer, past=past)


def _listed(clusters: list[Cluster], viewer, past: bool) -> sa.Select:
    """The clusters' upcoming (or past) events by start time; drafts only in the clusters
    the viewer coordinates."""
    now = utcnow()
    visible = Event.status != "draft"
    managed = [c.id for c in clusters if can_manage(viewer, c.id)]
    if managed:
        visible = sa.or_(visible, Event.cluster_id.in_(managed))
    query = sa.select(Event).where(Event.cluster_id.in_([c.id for c in clusters]), visible)
    if past:
        return query.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id)
    return query.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)


def events_in(clusters: list[Cluster], viewer, *, past: bool = False) -> list[Event]:
    """The clusters' upcoming (or past) events in one query, cluster by cluster in the given
    order, each by start time; drafts only in the clusters the viewer coordinates."""
    if not clusters:
        return []
    position = {c.id: i for i, c in enumerate(clusters)}
    events = db.session.scalars(_listed(clusters, viewer, past))
    return sorted(events, key=lambda e: position[e.cluster_id])


def upcoming_page(clusters: list[Cluster], viewer, page: int, per_page: int):
    """One page of the clusters' upcoming events (``db.paginate``), cluster by cluster in
    the clusters' name order, each by start time: a network of many clusters lists its
    events a page at a time, not all on one page."""
    query = (
        _listed(clusters, viewer, past=False)
        .join(Cluster, Cluster.id == Event.cluster_id)
        .order_by(None)
        .order_by(Cluster.name, Cluster.id, Event.starts_at, Event.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def waitlist_position(reg: Registration) -> int | None:
    if reg.status != "waitlisted":
        return None
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == reg.event_id,
            Registration.status == "waitlisted",
            Registration.id <= reg.id,
        )
    )


def session_waitlist_positions(reg: Registration) -> dict[int, int]:
    """The place of each of `reg`'s waiting session picks in that session's queue. Only
    confirmed participants queue for session seats (in the order they asked), so a person
    still waiting for an event seat has no place yet."""
    if reg.status != "confirmed":
        return {}
    out = {}
    for rs in reg.sessions:
        if rs.status != "waitlisted":
            continue
        out[rs.session_id] = db.session.scalar(
            sa.select(sa.func.count(RegistrationSession.id))
            .join(Registration, Registration.id == RegistrationSession.registration_id)
            .where(
                RegistrationSession.session_id == rs.session_id,
                RegistrationSession.status == "waitlisted",
                Registration.status == "confirmed",
                RegistrationSession.id <= rs.id,
            )
        )
    return out


def registrations_of_org(event: Event, org_id: int | None) -> list[Registration]:
    if org_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.organisation_id == org_id,
                Registration.status != "cancelled",
            )
            .order_by(Registration.id)
        )
    )


def registrations_for_viewer(event: Event, user) -> list[Registration]:
    """The viewer's own registration and those of their organisation."""
    if not _is_user(user):
        return []
    query = sa.select(Registration).where(*_viewers(event, user)).order_by(Registration.id)
    return list(db.session.scalars(query))


def emails_registered_by_viewer(event: Event, user) -> list[str]:
    """The addresses of registrations_for_viewer(), without loading the registrations (the
    signup form offers only people not registered yet)."""
    if not _is_user(user):
        return []
    return list(db.session.scalars(sa.select(Registration.email).where(*_viewers(event, user))))


def _viewers(event: Event, user) -> tuple:
    whose = Registration.email == normalise_email(user.email)
    if user.active_organisation_id is not None:
        whose = sa.or_(whose, Registration.organisation_id == user.active_organisation_id)
    return Registration.event_id == event.id, Registration.status != "cancelled", whose


def registrations_query(event: Event, statuses=ACTIVE_STATUSES) -> sa.Select:
    """Registrations in signup order with their organisations and session picks loaded
    up front (lists, exports and check-in read both for every row)."""
    return (
        sa.select(Registration)
        .where(Registration.event_id == event.id, Registration.status.in_(statuses))
        .order_by(Registration.id)
        .options(
            so.selectinload(Registration.organisation),
            so.selectinload(Registration.sessions).joinedload(RegistrationSession.session),
        )
    )


def all_registrations(event: Event, statuses=ACTIVE_STATUSES) -> list[Registration]:
    return list(db.session.scalars(registrations_query(event, statuses)))


def counts_by_organisation(event: Event) -> list[tuple[str, int]]:
    counter: Counter = Counter()
    for reg in all_registrations(event, ("confirmed",)):
        counter[organisation_label(reg)] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def organisation_label(reg: Registration) -> str:
    if reg.organisation is not None:
        return reg.organisation.name
    return reg.organisation_name or str(_l("(outside the cluster)"))


def recommended_session_ids(event: Event, org: Organisation | None) -> set[int]:
    """Sessions whose country is one of the organisation's target or export markets."""
    if org is None:
        return set()
    markets = set(org.target_markets) | set(org.export_markets)
    return {s.id for s in event.sessions if s.country and s.country in markets}


# An event fits an organisation when the organisation is among the best-fitting fifth of all
# organisations for the event's text, or the event has a session in one of its markets.
PROFILE_FIT_SHARE = 0.2


def event_text(event: Event) -> str:
    return "\n".join([event.title, event.description or "", *(s.title for s in event.sessions)])


def fitting_events(events: list[Event], org: Organisation | None) -> dict[int, float]:
    """Events that fit the organisation's profile, with their fit score (matching index)."""
    if org is None or not events:
        return {}
    fits = profile_fit.profile_fit(org, {e.id: event_text(e) for e in events})
    out = {
        k: score for k, (score, share) in fits.items() if score > 0 and share <= PROFILE_FIT_SHARE
    }
    for event in events:
        if event.id not in out and recommended_session_ids(event, org):
            out[event.id] = fits.get(event.id, (0.0, 1.0))[0]
    return out


def checkin_list(event: Event, q: str = "") -> list[Registration]:
    """Confirmed people by name; `q` matches names and organisations ignoring case and
    diacritics ("ohman" finds "Öhman"). Folded here in Python over the event's registrations,
    the same on SQLite and PostgreSQL (2,000 registrations: see benchmarks/checkin_search.py)."""
    regs = list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status == "confirmed")
            .options(so.selectinload(Registration.organisation))
        )
    )
    words = fold(q).split()
    if words:
        regs = [
            r
            for r in regs
            if all(w in f"{fold(r.name)} {fold(organisation_label(r))}" for w in words)
        ]
    return sorted(regs, key=lambda r: (fold(r.name), r.id))


def registration_or_404(reg_id: int) -> Registration:
    reg = db.session.get(Registration, reg_id)
    if reg is None:
        raise NotFound(_l("No such registration."))
    return reg
