"""Demo events: a networking seminar, a market review day with five country sessions in two
parallel tracks, a full webinar with a waiting list, past events with attendance, a draft.

The events are data (``content/events.toml``, read when seeding). Deterministic: participants
are picked with ``random.Random(SEED)`` from the demo organisations' contact people; dates are
whole days relative to the day of seeding, so "upcoming" stays upcoming. Registrations are
written directly (no mail is queued).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from matchmaker.demo.loader import load
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Event,
    EventSession,
    Organisation,
    Registration,
    RegistrationSession,
    utcnow,
)

SEED = 2026


def _start_of_day() -> datetime:
    now = utcnow()
    return datetime(now.year, now.month, now.day)


def seed_events(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> int:
    """Add the demo events and their registrations; returns how many events were made."""
    rng = random.Random(SEED)
    day0 = _start_of_day()
    by_cluster: dict[int, list[Organisation]] = {}
    for org in orgs.values():
        for m in org.memberships:
            if m.status == "approved":
                by_cluster.setdefault(m.cluster_id, []).append(org)
    content = load("events")
    made = 0
    for spec in content["event"]:
        cluster = clusters.get(spec["cluster"])
        if cluster is None:
            continue
        starts = day0 + timedelta(days=spec["day_offset"], hours=spec["start_hour"])
        event = build_event(cluster, spec, starts)
        db.session.add(event)
        db.session.flush()
        members = by_cluster.get(cluster.id, [])
        register(rng, event, members, spec, content["diets"], past=spec["day_offset"] < 0)
        made += 1
    db.session.flush()
    return made


def build_event(cluster: Cluster, spec: dict, starts: datetime) -> Event:
    """One event of events.toml (or history.toml) with its sessions, starting at ``starts``."""
    event = Event(
        cluster=cluster,
        kind=spec["kind"],
        title=spec["title"],
        description=spec["description"],
        venue=spec["venue"],
        online_url=spec.get("online_url", ""),
        starts_at=starts,
        ends_at=starts + timedelta(hours=spec["hours"]),
        registration_deadline=starts - timedelta(days=2),
        capacity=spec["capacity"],
        max_per_organisation=spec["max_per_organisation"],
        language="fi",
        status=spec["status"],
        open_to_outsiders=spec["open_to_outsiders"],
    )
    for session in spec.get("session", []):
        s_start = starts + timedelta(hours=session["at_hour"])
        country = session.get("country")
        event.sessions.append(
            EventSession(
                title=session["title"],
                country=country,
                speaker=session["speaker"],
                room=session["room"],
                starts_at=s_start,
                ends_at=s_start + timedelta(hours=1 if country else 0.5),
                capacity=session.get("capacity"),
            )
        )
    return event


def register(rng, event: Event, members, spec: dict, diets: list[str], past: bool) -> None:
    """Sign up ``spec["registrations"]`` contact people of ``members`` (the ones past capacity
    wait); at a ``past`` event about 85 % of the confirmed ones were checked in."""
    per_org, wanted = spec["max_per_organisation"], spec["registrations"]
    people = [(org, c) for org in members for c in org.contacts[:per_org] if c.email]
    rng.shuffle(people)
    seen: set[str] = set()
    confirmed = 0
    session_taken: dict[int, int] = {}
    for n, (org, contact) in enumerate(people[:wanted]):
        email = contact.email.lower()
        if email in seen:
            continue
        seen.add(email)
        is_confirmed = event.capacity is None or confirmed < event.capacity
        confirmed += is_confirmed
        reg = Registration(
            event_id=event.id,
            organisation_id=org.id,
            name=contact.name,
            email=email,
            dietary=rng.choice(diets),
            status="confirmed" if is_confirmed else "waitlisted",
            created_at=event.starts_at - timedelta(days=30 - n % 20, hours=n),
            confirmed_at=event.starts_at - timedelta(days=30 - n % 20) if is_confirmed else None,
        )
        if past and is_confirmed and rng.random() < 0.85:
            reg.attended_at = event.starts_at + timedelta(minutes=rng.randint(-20, 15))
        markets = set(org.target_markets) | set(org.export_markets)
        for slot in _slots(event):
            preferred = [s for s in slot if s.country in markets] or slot
            choice = rng.choice(preferred)
            taken = session_taken.get(choice.id, 0)
            seat = is_confirmed and (choice.capacity is None or taken < choice.capacity)
            if seat:
                session_taken[choice.id] = taken + 1
            reg.sessions.append(
                RegistrationSession(session=choice, status="confirmed" if seat else "waitlisted")
            )
        db.session.add(reg)


def _slots(event: Event) -> list[list[EventSession]]:
    """Sessions grouped by start time: one pick per time slot (parallel tracks)."""
    slots: dict[datetime, list[EventSession]] = {}
    for s in event.sessions:
        slots.setdefault(s.starts_at, []).append(s)
    return [slots[k] for k in sorted(slots)]
