"""Demo trade fairs: Navigate in Turku with two maritime joint stands and 20+ interested
organisations, and a past SMM Hamburg with a confirmed stand. The fairs and stands are data
(``content/fairs.toml``, read when seeding); dates are relative to today."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from matchmaker.demo.loader import load
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

_FAIR_FIELDS = ("name", "city", "country", "venue", "website", "sector")
_STAND_FIELDS = ("name", "theme", "places", "pricing", "status")
_MONEY_FIELDS = ("area_m2", "price_per_m2", "fee_per_company", "total_price")
_MESSAGE = "Haluaisimme paikan käytävän varrelta."


def _matches(org: Organisation, words: list[str]) -> bool:
    text = f"{org.name} {org.description} {org.capabilities}".casefold()
    return any(w in text for w in words)


def seed_fairs(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> int:
    """Add the demo fairs, stands and interest; returns how many organisations registered."""
    today = utcnow().date()
    specs = load("fairs")["fair"]
    fairs, stands = [], {}
    for spec in specs:
        starts = today + timedelta(days=spec["day_offset"])
        fair = Fair(
            **{k: spec[k] for k in _FAIR_FIELDS},
            starts_on=starts,
            ends_on=starts + timedelta(days=spec["days"] - 1),
        )
        fairs.append(fair)
        for s in spec["stand"]:
            stands[s["key"]] = JointStand(
                fair=fair,
                cluster_id=clusters[spec["cluster"]].id,
                **{k: s[k] for k in _STAND_FIELDS if k in s},
                **{k: Decimal(s[k]) for k in _MONEY_FIELDS if k in s},
                interest_deadline=today + timedelta(days=s["deadline_offset"]),
                confirmed_at=(
                    utcnow() - timedelta(days=s["confirmed_days_ago"])
                    if "confirmed_days_ago" in s
                    else None
                ),
            )
    db.session.add_all(fairs)
    db.session.add_all(stands.values())
    db.session.flush()

    registered = 0
    drawn: dict[str, list[Organisation]] = {}  # stand key -> the companies drawn for it
    for spec, fair in zip(specs, fairs, strict=True):
        cluster = clusters[spec["cluster"]]
        members = sorted(
            (
                o
                for o in orgs.values()
                if cluster.id in o.approved_cluster_ids() and o.org_type == "company"
            ),
            key=lambda o: o.id,
        )
        themed_specs = [s for s in spec["stand"] if "words" in s]
        if themed_specs:
            themed: list[Organisation] = []
            for s in themed_specs:
                picked = [o for o in members if _matches(o, s["words"]) and o not in themed]
                drawn[s["key"]] = picked[: s["interested"]]
                themed += drawn[s["key"]]
            others = [o for o in members if o not in themed][: spec.get("others", 0)]
            for n, org in enumerate(themed + others):
                home = next(
                    (s for s in themed_specs if _matches(org, s["words"])), themed_specs[-1]
                )
                db.session.add(
                    FairInterest(
                        fair_id=fair.id,
                        cluster_id=cluster.id,
                        organisation_id=org.id,
                        area_wanted=Decimal("6.0") if n % 2 else Decimal("9.0"),
                        exhibits=home["exhibits"],
                        preferred_stand_id=stands[home["key"]].id if n % 3 == 0 else None,
                        message="" if n % 4 else _MESSAGE,
                    )
                )
            registered += len(themed) + len(others)
        for s in spec["stand"]:
            if "assign_from" not in s:
                continue
            area = Decimal(s["area_each"])
            for org in drawn[s["assign_from"]][: s["assigned"]]:
                db.session.add(
                    FairInterest(
                        fair_id=fair.id,
                        cluster_id=cluster.id,
                        organisation_id=org.id,
                        area_wanted=area,
                        exhibits=s["exhibits"],
                    )
                )
                db.session.add(
                    StandAssignment(
                        fair_id=fair.id,
                        stand_id=stands[s["key"]].id,
                        organisation_id=org.id,
                        area_m2=area,
                    )
                )
    db.session.flush()
    return registered
