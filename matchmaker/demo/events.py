"""Demo events: a networking seminar, a market review day with five country sessions in two
parallel tracks, a full webinar with a waiting list, past events with attendance, a draft.

Deterministic: participants are picked with ``random.Random(SEED)`` from the demo
organisations' contact people; dates are whole days relative to the day of seeding, so
"upcoming" stays upcoming. Registrations are written directly (no mail is queued).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

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
DIETS = ["", "", "", "", "kasvis", "gluteeniton", "laktoositon", "vegaani", "pähkinäallergia"]

# (key, cluster, kind, title, day offset, start hour UTC, hours, capacity, per org,
#  registrations wanted, status, open to outsiders, description, venue)
EVENTS = [
    (
        "networking",
        "lahti-maritime",
        "networking",
        "Meriklusterin verkostoitumisseminaari",
        21,
        11,
        5,
        60,
        3,
        34,
        "published",
        True,
        "Jäsenyritysten ja kumppanien yhteinen iltapäivä: lyhyet yritysesittelyt, "
        "telakoiden hankintanäkymät 2027 ja vapaata verkostoitumista. Avoin myös "
        "klusterin ulkopuolisille meriteollisuuden toimijoille.",
        "Sibeliustalo, Ankkurikatu 7, Lahti",
    ),
    (
        "review",
        "lahti-maritime",
        "market_review",
        "Kansainvälinen markkinakatsauspäivä: Norja, Saksa, Ranska, Italia ja Tanska",
        42,
        7,
        7,
        80,
        4,
        52,
        "published",
        False,
        "Viiden maan meriteollisuuden markkinakatsaukset kahdessa rinnakkaisessa "
        "ohjelmalinjassa. Valitse yksi istunto kustakin aikaikkunasta: merkitsemme "
        "suosituksiksi maat, jotka ovat organisaatiosi kohde- tai vientimarkkinoita.",
        "LUT-yliopisto, Lahden kampus, Mukkulankatu 19",
    ),
    (
        "webinar",
        "lahti-maritime",
        "webinar",
        "Aamukahviwebinaari: Navigate-messujen yhteisosasto",
        10,
        6,
        1,
        12,
        2,
        17,
        "published",
        False,
        "Käymme läpi yhteisosaston hinnoittelun, paikkojen jaon ja aikataulun.",
        "",
    ),
    (
        "sidestreams",
        "lahti-biomass",
        "seminar",
        "Sivuvirtaklinikka: biohiili ja kuitumateriaalit",
        28,
        9,
        4,
        15,
        2,
        21,
        "published",
        False,
        "Yritykset esittelevät sivuvirtansa, tutkimuslaitokset pilottiympäristönsä.",
        "Lahden tiedepuisto, Niemenkatu 73",
    ),
    (
        "spring",
        "lahti-maritime",
        "seminar",
        "Meriteollisuuden kevätseminaari",
        -63,
        10,
        5,
        50,
        3,
        38,
        "published",
        False,
        "Katsaus risteilyalusten tilauskantaan ja hiilineutraaleihin ratkaisuihin.",
        "Sibeliustalo, Lahti",
    ),
    (
        "arctic",
        "lapland-arctic",
        "seminar",
        "Arktisen kiertotalouden foorumi",
        -91,
        8,
        6,
        70,
        3,
        30,
        "published",
        False,
        "Kaivos- ja prosessiteollisuuden sivuvirrat raaka-aineiksi.",
        "Lapin yliopisto, Rovaniemi",
    ),
    (
        "smm",
        "lahti-maritime",
        "seminar",
        "SMM Hamburg 2028 -valmistautumispäivä",
        120,
        8,
        3,
        40,
        2,
        0,
        "draft",
        False,
        "Luonnos: yhteisosaston näytteilleasettajien valmennus.",
        "Lahti",
    ),
]

# Market review day: (title, country, speaker, track, start offset hours, capacity)
REVIEW_SESSIONS = [
    ("Avaus ja Itämeren näkymät", None, "Katja Ahonen, meriklusteri", "Sali 1", 0.0, None),
    ("Norja: offshore ja kalanviljelyalukset", "NO", "Business Finland, Oslo", "Sali 1", 1.0, 30),
    ("Tanska: vihreät satamat ja lautat", "DK", "Business Finland, Tanska", "Sali 2", 1.0, 30),
    ("Saksa: telakat ja laitetoimittajat", "DE", "Business Finland, Hampuri", "Sali 1", 2.5, 30),
    ("Italia: risteilyalusten sisustus", "IT", "Business Finland, Milano", "Sali 2", 2.5, 30),
    ("Ranska: puolustus- ja erikoisalukset", "FR", "Business Finland, Pariisi", "Sali 1", 4.5, 30),
]


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
    made = 0
    for spec in EVENTS:
        (key, slug, kind, title, offset, hour, hours, capacity, per_org, wanted, status,
         outsiders, description, venue) = spec  # fmt: skip
        cluster = clusters.get(slug)
        if cluster is None:
            continue
        starts = day0 + timedelta(days=offset, hours=hour)
        event = Event(
            cluster=cluster,
            kind=kind,
            title=title,
            description=description,
            venue=venue,
            online_url="https://meet.example.fi/navigate-osasto" if kind == "webinar" else "",
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            registration_deadline=starts - timedelta(days=2),
            capacity=capacity,
            max_per_organisation=per_org,
            language="fi",
            status=status,
            open_to_outsiders=outsiders,
        )
        if key == "review":
            for s_title, country, speaker, room, at, cap in REVIEW_SESSIONS:
                s_start = starts + timedelta(hours=at)
                event.sessions.append(
                    EventSession(
                        title=s_title,
                        country=country,
                        speaker=speaker,
                        room=room,
                        starts_at=s_start,
                        ends_at=s_start + timedelta(hours=1 if country else 0.5),
                        capacity=cap,
                    )
                )
        db.session.add(event)
        db.session.flush()
        _register(rng, event, by_cluster.get(cluster.id, []), wanted, per_org, past=offset < 0)
        made += 1
    db.session.flush()
    return made


def _register(rng, event: Event, members, wanted: int, per_org: int, past: bool) -> None:
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
            dietary=rng.choice(DIETS),
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
