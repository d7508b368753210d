"""Demo trade fairs: Navigate in Turku with two maritime joint stands and 20+ interested
organisations, and a past SMM Hamburg with a confirmed stand. Dates are relative to today."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Fair,
    FairInterest,
    JointStand,
    Organisation,
    StandAssignment,
    utcnow,
)

PROPULSION_WORDS = ("potkur", "propul", "akseli", "hydraul", "shaft", "propell", "valimo", "valu")
INTERIOR_WORDS = (
    "sisustu",
    "ilmanvaiht",
    "hvac",
    "eriste",
    "interior",
    "insulat",
    "ilmastoint",
    "kaluste",
)


def _matches(org: Organisation, words: tuple[str, ...]) -> bool:
    text = f"{org.name} {org.description} {org.capabilities}".casefold()
    return any(w in text for w in words)


def seed_fairs(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> int:
    """Add the demo fairs, stands and interest; returns how many organisations registered."""
    maritime = clusters["lahti-maritime"]
    today = utcnow().date()
    members = sorted(
        (
            o
            for o in orgs.values()
            if maritime.id in o.approved_cluster_ids() and o.org_type == "company"
        ),
        key=lambda o: o.id,
    )
    navigate = Fair(
        name="Navigate",
        city="Turku",
        country="FI",
        venue="Turun Messu- ja Kongressikeskus",
        starts_on=today + timedelta(days=150),
        ends_on=today + timedelta(days=151),
        website="https://www.navigate.example",
        sector="Meriteollisuus ja laivanrakennus",
    )
    smm = Fair(
        name="SMM",
        city="Hamburg",
        country="DE",
        venue="Hamburg Messe",
        starts_on=today - timedelta(days=420),
        ends_on=today - timedelta(days=417),
        website="https://www.smm.example",
        sector="Shipbuilding, machinery & marine technology",
    )
    db.session.add_all([navigate, smm])
    propulsion = JointStand(
        fair=navigate,
        cluster_id=maritime.id,
        name="Lahti Maritime – Propulsion & Ship Equipment",
        theme="Potkurit, potkuriakselit, propulsiojärjestelmät, hydrauliikka, valut ja koneistus "
        "laivoihin; propulsion systems, shaft lines and deck machinery",
        area_m2=Decimal("60.0"),
        places=10,
        pricing="per_m2",
        price_per_m2=Decimal("310.00"),
        fee_per_company=Decimal("450.00"),
        interest_deadline=today + timedelta(days=60),
    )
    interiors = JointStand(
        fair=navigate,
        cluster_id=maritime.id,
        name="Lahti Maritime – Cruise Interiors & HVAC",
        theme="Laivojen sisustus, ilmanvaihto, ilmastointi ja eristeet; cruise ship interiors, "
        "HVAC and insulation",
        area_m2=Decimal("48.0"),
        places=8,
        pricing="split",
        total_price=Decimal("21600.00"),
        interest_deadline=today + timedelta(days=60),
    )
    past = JointStand(
        fair=smm,
        cluster_id=maritime.id,
        name="Finnish Lakeland Maritime",
        theme="Ship equipment and propulsion from the Lahti region",
        area_m2=Decimal("36.0"),
        places=6,
        pricing="per_m2",
        price_per_m2=Decimal("420.00"),
        fee_per_company=Decimal("600.00"),
        status="confirmed",
        confirmed_at=utcnow() - timedelta(days=480),
        interest_deadline=today - timedelta(days=500),
    )
    db.session.add_all([propulsion, interiors, past])
    db.session.flush()

    themed = [o for o in members if _matches(o, PROPULSION_WORDS)][:13]
    themed += [o for o in members if _matches(o, INTERIOR_WORDS) and o not in themed][:9]
    others = [o for o in members if o not in themed][:3]
    exhibits = {
        True: "Potkurit ja akselilinjat, huoltopalvelut",
        False: "Sisustus- ja HVAC-ratkaisut",
    }
    for n, org in enumerate(themed + others):
        prop = _matches(org, PROPULSION_WORDS)
        preferred = (propulsion if prop else interiors) if n % 3 == 0 else None
        db.session.add(
            FairInterest(
                fair_id=navigate.id,
                cluster_id=maritime.id,
                organisation_id=org.id,
                area_wanted=Decimal("6.0") if n % 2 else Decimal("9.0"),
                exhibits=exhibits[prop],
                preferred_stand_id=preferred.id if preferred else None,
                message="" if n % 4 else "Haluaisimme paikan käytävän varrelta.",
            )
        )
    for org in themed[:6]:
        db.session.add(
            FairInterest(
                fair_id=smm.id,
                cluster_id=maritime.id,
                organisation_id=org.id,
                area_wanted=Decimal("6.0"),
                exhibits="Propulsion products",
            )
        )
        db.session.add(
            StandAssignment(
                fair_id=smm.id, stand_id=past.id, organisation_id=org.id, area_m2=Decimal("6.0")
            )
        )
    db.session.flush()
    return len(themed) + len(others)
