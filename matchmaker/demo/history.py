"""The demo's past: when members joined (from the maritime cluster's founding in 2017), the
events held in past years with their participants, the joint stand at Navigate 2022 and
contact requests between members.

The history is data (``content/history.toml``, read when seeding) in calendar dates, so the
funder report of a past year (2022: over 120 members, a networking seminar, a market review
day, a fair) has figures to show. Deterministic: ``random.Random(SEED)``, organisations in id
order. Runs after the other generators: it dates the memberships they made.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from matchmaker.demo.data import slugify
from matchmaker.demo.events import build_event, register
from matchmaker.demo.loader import load
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    ContactRequest,
    Fair,
    FairInterest,
    JointStand,
    Membership,
    Organisation,
    StandAssignment,
)

SEED = 2017
_FAIR_FIELDS = ("name", "city", "country", "venue", "website", "sector")
_STAND_FIELDS = ("name", "theme", "places", "pricing")
_MONEY_FIELDS = ("area_m2", "price_per_m2", "fee_per_company")


def _at(day: date, rng: random.Random) -> datetime:
    """A working-hours moment of ``day`` (naive UTC, as stored)."""
    return datetime(day.year, day.month, day.day, rng.randint(6, 13), rng.randint(0, 59))


def _days(rng: random.Random, start: date, end: date, n: int) -> list[date]:
    """``n`` days between start and end (inclusive), weekdays only, in order."""
    span = (end - start).days
    out = []
    for _ in range(n):
        day = start + timedelta(days=rng.randint(0, max(span, 0)))
        while day.weekday() >= 5:
            day -= timedelta(days=1 if day > start else -1)
        out.append(day)
    return sorted(out)


def _date_memberships(
    rng: random.Random, spec: dict, cluster: Cluster, orgs: dict[str, Organisation]
) -> dict[int, date]:
    """Give the cluster's memberships the join dates of ``spec``; org id -> join day."""
    members = sorted(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.cluster_id == cluster.id, Membership.status == "approved"
            )
        )
    )
    roles = {
        i["role"]: i.get("key") or slugify(i["name"]) for i in load("institutions")["institution"]
    }
    first = [orgs[roles[r]].id for r in spec.get("first", []) if roles.get(r) in orgs]
    first = [o for o in first if o in members]
    rest = [o for o in members if o not in first]
    rng.shuffle(rest)
    order = first + rest
    days = _days(rng, spec["founded"], spec["founding_until"], spec["founding"])
    for year, count in sorted(spec["joined"].items(), key=lambda kv: int(kv[0])):
        y = int(year)
        start = (
            spec["founding_until"] + timedelta(days=1)
            if y == spec["founded"].year
            else date(y, 1, 1)
        )
        days += _days(rng, start, date(y, 12, 15), count)
    left = len(order) - len(days)
    if left > 0:
        days += _days(rng, spec["rest_from"], spec["rest_until"], left)
    joined = dict(zip(order, days, strict=False))
    rows = db.session.scalars(
        sa.select(Membership).where(
            Membership.cluster_id == cluster.id, Membership.organisation_id.in_(list(joined))
        )
    )
    for m in rows:
        decided = _at(joined[m.organisation_id], rng)
        m.applied_at = decided - timedelta(days=rng.randint(2, 20))
        m.decided_at = decided
    return joined


def _events(rng, specs, clusters, orgs_by_id, joined, diets) -> int:
    made = 0
    for spec in specs:
        cluster = clusters.get(spec["cluster"])
        if cluster is None:
            continue
        day = spec["date"]
        starts = datetime(day.year, day.month, day.day) + timedelta(hours=spec["start_hour"])
        event = build_event(cluster, spec, starts)
        event.created_at = starts - timedelta(days=60)
        db.session.add(event)
        db.session.flush()
        on_day = joined.get(cluster.id, {})
        members = [orgs_by_id[o] for o in sorted(on_day) if on_day[o] < day]
        register(rng, event, members, spec, diets, past=True)
        made += 1
    return made


def _fairs(specs, clusters, orgs_by_id, joined) -> int:
    made = 0
    for spec in specs:
        cluster = clusters[spec["cluster"]]
        fair = Fair(
            **{k: spec[k] for k in _FAIR_FIELDS},
            starts_on=spec["starts_on"],
            ends_on=spec["starts_on"] + timedelta(days=spec["days"] - 1),
        )
        db.session.add(fair)
        on_day = joined.get(cluster.id, {})
        taken: set[int] = set()
        for s in spec["stand"]:
            confirmed = s["confirmed_on"]
            stand = JointStand(
                fair=fair,
                cluster_id=cluster.id,
                status="confirmed",
                confirmed_at=datetime(confirmed.year, confirmed.month, confirmed.day, 9),
                interest_deadline=s["interest_by"],
                **{k: s[k] for k in _STAND_FIELDS},
                **{k: Decimal(s[k]) for k in _MONEY_FIELDS},
            )
            db.session.add(stand)
            db.session.flush()
            words = s["words"]
            picked = [
                org
                for org_id, day in sorted(on_day.items())
                if day < s["interest_by"]
                and (org := orgs_by_id[org_id]).org_type == "company"
                and org_id not in taken
                and any(
                    w in f"{org.name} {org.description} {org.capabilities}".casefold()
                    for w in words
                )
            ][: s["exhibitors"]]
            areas = [Decimal(a) for a in s["areas"]]
            used = Decimal("0")
            for n, org in enumerate(picked):
                area = areas[n % len(areas)]
                if used + area > stand.area_m2 or n >= stand.places:
                    break
                used += area
                taken.add(org.id)
                registered = datetime(s["interest_by"].year, s["interest_by"].month, 1, 10)
                db.session.add(
                    FairInterest(
                        fair_id=fair.id,
                        cluster_id=cluster.id,
                        organisation_id=org.id,
                        area_wanted=area,
                        exhibits=s["exhibits"],
                        created_at=registered - timedelta(days=n),
                    )
                )
                db.session.add(
                    StandAssignment(
                        fair_id=fair.id,
                        stand_id=stand.id,
                        organisation_id=org.id,
                        area_m2=area,
                        assigned_at=stand.confirmed_at - timedelta(days=3),
                    )
                )
        made += 1
    return made


def _contacts(rng, specs, clusters, joined) -> int:
    """Past contact requests between organisations that were members on the day."""
    made = 0
    for spec in specs:
        cluster = clusters.get(spec["cluster"])
        if cluster is None:
            continue
        on_day = joined.get(cluster.id, {})
        year = spec["year"]
        days = _days(rng, date(year, 1, 10), date(year, 12, 10), spec["made"])
        accepted = set(rng.sample(range(len(days)), spec["accepted"]))
        for n, day in enumerate(days):
            members = [o for o in sorted(on_day) if on_day[o] < day]
            if len(members) < 2:
                continue
            a, b = rng.sample(members, 2)
            sent = _at(day, rng)
            db.session.add(
                ContactRequest(
                    from_org_id=a,
                    to_org_id=b,
                    message=rng.choice(spec["messages"]),
                    status="accepted" if n in accepted else "declined",
                    created_at=sent,
                    decided_at=sent + timedelta(days=rng.randint(1, 9)),
                )
            )
            made += 1
    return made


def seed_history(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> dict[str, int]:
    """Date the memberships and add the past events and fairs of history.toml."""
    rng = random.Random(SEED)
    content = load("history")
    joined: dict[int, dict[int, date]] = {}
    for spec in content["cluster"]:
        cluster = clusters.get(spec["slug"])
        if cluster is not None:
            joined[cluster.id] = _date_memberships(rng, spec, cluster, orgs)
    db.session.flush()
    orgs_by_id = {o.id: o for o in orgs.values()}
    diets = load("events")["diets"]
    events = _events(rng, content.get("event", []), clusters, orgs_by_id, joined, diets)
    fairs = _fairs(content.get("fair", []), clusters, orgs_by_id, joined)
    contacts = _contacts(rng, content.get("contacts", []), clusters, joined)
    db.session.flush()
    return {"events": events, "fairs": fairs, "contacts": contacts}
