"""Demo B2B meetings: the maritime networking seminar gets a meeting set-up, 40 confirmed
participants (the demo member logins among them), requests in every state and a published
schedule placed by the scheduler.

Deterministic (``random.Random(SEED)``, ids in creation order); written directly, so no mail
is queued. The propulsion company's two logins and the machining company's admin can try the
whole journey: one open request waits for the propulsion admin to accept.
"""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Event,
    Meeting,
    MeetingRequest,
    MeetingSetup,
    MeetingTable,
    MeetingWindow,
    Organisation,
    Registration,
    User,
    utcnow,
)
from matchmaker.services import meetings as meeting_service

SEED = 2027
EVENT_TITLE = "Meriklusterin verkostoitumisseminaari"
PARTICIPANTS = 40
TABLES = 12
MESSAGES = [
    "Olisi kiinnostavaa kuulla hankintanäkymistänne vuodelle 2027.",
    "Etsimme kumppania potkurilaitteiden koneistukseen – ehditäänkö jutella?",
    "Voisimmeko tutustua toistemme osaamiseen 20 minuutin ajan?",
    "Meillä on sivuvirtaa, josta voisi olla teille raaka-aineeksi.",
    "",
]
# (status, how many) of the requests that are not accepted; accepted ones fill the rest.
OTHER_STATES = [("requested", 5), ("declined", 4), ("expired", 3), ("cancelled", 2)]
ACCEPTED = 26


def _reg_for(event: Event, org: Organisation, name: str, email: str, user: User | None):
    return Registration(
        event_id=event.id,
        organisation_id=org.id,
        user_id=user.id if user else None,
        name=name,
        email=email.lower(),
        status="confirmed",
        created_at=event.starts_at - timedelta(days=20),
        confirmed_at=event.starts_at - timedelta(days=20),
    )


def _participants(event: Event, cluster: Cluster, orgs: dict[str, Organisation]) -> list:
    """Top the seminar up to 40 confirmed people: the demo members first, then contacts."""
    regs = list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status == "confirmed")
            .order_by(Registration.id)
        )
    )
    by_email = {r.email: r for r in regs}
    per_org: dict[int, int] = {}
    for r in regs:
        per_org[r.organisation_id] = per_org.get(r.organisation_id, 0) + 1
    members = [o for o in orgs.values() if cluster.id in o.approved_cluster_ids()]
    member_ids = {o.id for o in members}
    users = db.session.scalars(
        sa.select(User).where(User.organisation_id.in_(member_ids)).order_by(User.id)
    ).all()
    for user in users:
        if user.coordinated_cluster_ids:
            continue
        reg = by_email.get(user.email)
        if reg is not None:
            reg.user_id = user.id
            continue
        if len(regs) >= PARTICIPANTS:
            break
        reg = _reg_for(event, user.organisation, user.name, user.email, user)
        db.session.add(reg)
        regs.append(reg)
        by_email[reg.email] = reg
        per_org[user.organisation_id] = per_org.get(user.organisation_id, 0) + 1
    for org in sorted(members, key=lambda o: o.id):
        if len(regs) >= PARTICIPANTS:
            break
        for contact in org.contacts:
            if len(regs) >= PARTICIPANTS or per_org.get(org.id, 0) >= 3:
                break
            email = (contact.email or "").lower()
            if not email or email in by_email:
                continue
            reg = _reg_for(event, org, contact.name, email, None)
            db.session.add(reg)
            regs.append(reg)
            by_email[email] = reg
            per_org[org.id] = per_org.get(org.id, 0) + 1
    db.session.flush()
    return regs


def seed_meetings(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> int:
    """Add the demo meetings; returns how many meetings were published."""
    cluster = clusters.get("lahti-maritime")
    if cluster is None:
        return 0
    event = db.session.scalar(
        sa.select(Event).where(Event.cluster_id == cluster.id, Event.title == EVENT_TITLE)
    )
    if event is None:
        return 0
    rng = random.Random(SEED)
    regs = _participants(event, cluster, orgs)
    start = event.starts_at
    windows = [
        (start + timedelta(minutes=30), start + timedelta(minutes=130)),
        (start + timedelta(minutes=160), start + timedelta(minutes=260)),
    ]
    setup = MeetingSetup(
        event_id=event.id,
        meeting_minutes=20,
        tables=TABLES,
        booking_closes_at=start - timedelta(days=1),
        cap_per_participant=6,
        who_may_book="members",
        request_ttl_hours=72,
        reminder_hours=24,
        windows=[MeetingWindow(starts_at=s, ends_at=e) for s, e in windows],
    )
    db.session.add(setup)
    meeting_service.generate_slots(event.id, windows, 20)
    for n in range(1, TABLES + 1):
        db.session.add(MeetingTable(event_id=event.id, number=n))
    db.session.flush()

    now = utcnow()
    pairs: list[tuple[Registration, Registration]] = []
    taken: set[frozenset[int]] = set()
    load: dict[int, int] = {}

    def add_pair(a: Registration, b: Registration) -> bool:
        key = frozenset((a.id, b.id))
        if a.organisation_id == b.organisation_id or key in taken:
            return False
        if max(load.get(a.id, 0), load.get(b.id, 0)) >= setup.cap_per_participant - 1:
            return False
        taken.add(key)
        load[a.id] = load.get(a.id, 0) + 1
        load[b.id] = load.get(b.id, 0) + 1
        pairs.append((a, b))
        return True

    # The demo journey: the machining admin has asked the propulsion admin (open request).
    demo_users = [r for r in regs if r.user_id is not None]
    prop = next((r for r in demo_users if r.email.startswith("yllapito@")), None)
    machining = next(
        (r for r in demo_users if prop is not None and r.organisation_id != prop.organisation_id),
        None,
    )
    if prop is not None and machining is not None:
        add_pair(machining, prop)  # first pair: gets the first state, "requested"
    wanted = ACCEPTED + sum(n for _, n in OTHER_STATES)
    while len(pairs) < wanted:
        a, b = rng.sample(regs, 2)
        add_pair(a, b)
    states = [status for status, n in OTHER_STATES for _ in range(n)]
    states += ["accepted"] * (len(pairs) - len(states))
    accepted: list[Meeting] = []
    for (a, b), status in zip(pairs, states, strict=True):
        created = now - timedelta(days=rng.randint(4, 9), hours=rng.randint(0, 20))
        expires = created + timedelta(hours=setup.request_ttl_hours)
        if status == "requested":
            created = now - timedelta(hours=rng.randint(1, 30))
            expires = min(created + timedelta(hours=72), setup.booking_closes_at)
        item = MeetingRequest(
            event_id=event.id,
            from_registration_id=a.id,
            to_registration_id=b.id,
            message=rng.choice(MESSAGES),
            status=status,
            source=rng.choice(["list", "suggestion"]),
            created_at=created,
            expires_at=expires,
            decided_at=None if status == "requested" else min(expires, created + timedelta(1)),
            reminded_at=expires - timedelta(hours=24) if status == "expired" else None,
        )
        db.session.add(item)
        if status == "accepted":
            meeting = Meeting(
                event_id=event.id,
                request=item,
                a_registration_id=a.id,
                b_registration_id=b.id,
                status="published",
                source="request",
            )
            db.session.add(meeting)
            accepted.append(meeting)
    db.session.flush()
    meeting_service.place(event, accepted)
    db.session.flush()
    return sum(1 for m in accepted if m.slot_id is not None)
