"""Trade fairs and joint stands: interest, grouping suggestions, assignment, costs, exhibitors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import url_for
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from matchmaker import formatting, timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Fair,
    FairInterest,
    JointStand,
    Membership,
    Organisation,
    StandAssignment,
    User,
)
from matchmaker.models.fairs import DEFAULT_AREA_M2, PRICING_RULES
from matchmaker.services import audit, invitations, mail, matching
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from matchmaker.services.permissions import require_coordinator
from matchmaker.services.reference import country_codes

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def m2(value) -> str:
    """An area for a message, in the reader's locale ("57,5")."""
    return format_decimal(Decimal(value).quantize(TENTH), format="#,##0.0")


# ------------------------------------------------------------------ fairs and stands
def upcoming_and_past(today: date | None = None) -> tuple[list[Fair], list[Fair]]:
    """Fairs are shared by all clusters: "today" is the viewer's (the request's zone)."""
    today = today or timeutil.today()
    fairs = list(
        db.session.scalars(
            sa.select(Fair).order_by(Fair.starts_on).options(so.selectinload(Fair.stands))
        )
    )
    return [f for f in fairs if f.ends_on >= today], [
        f for f in reversed(fairs) if f.ends_on < today
    ]


def _decimal(value, field: str, errors: dict, minimum: Decimal = Decimal("0")) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else "0").replace(",", "."))
        if number < minimum or not number.is_finite():
            raise InvalidOperation
        return number
    except (InvalidOperation, ValueError):
        errors[field] = [_l("Enter a number of at least %(min)s.", min=minimum)]
        return Decimal("0")


def create_fair(actor: User, data: dict) -> Fair:
    """Fairs are shared by all clusters; any coordinator (or site admin) may add one."""
    if actor is None or not (actor.is_site_admin or actor.coordinated_cluster_ids):
        raise PermissionDenied(_l("Only coordinators can add fairs."))
    errors: dict = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_l("Enter the fair's name.")]
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, date):
        errors["starts_on"] = [_l("Enter a date.")]
    if not isinstance(ends, date):
        errors["ends_on"] = [_l("Enter a date.")]
    elif isinstance(starts, date) and ends < starts:
        errors["ends_on"] = [_l("The fair cannot end before it starts.")]
    country = (data.get("country") or "FI").upper()
    if country not in country_codes():
        errors["country"] = [_l("Choose a country.")]
    default_area = data.get("default_area_m2")
    default_area = (
        DEFAULT_AREA_M2
        if default_area in (None, "")
        else _decimal(default_area, "default_area_m2", errors, TENTH)
    )
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    fair = Fair(
        default_area_m2=default_area,
        name=name,
        city=(data.get("city") or "").strip(),
        country=country,
        venue=(data.get("venue") or "").strip(),
        starts_on=starts,
        ends_on=ends,
        website=(data.get("website") or "").strip(),
        sector=(data.get("sector") or "").strip(),
    )
    db.session.add(fair)
    return fair


def save_stand(
    actor: User, fair: Fair, cluster: Cluster, data: dict, stand: JointStand | None = None
):
    require_coordinator(actor, cluster.id)
    errors: dict = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_l("Enter a name for the stand.")]
    area = _decimal(data.get("area_m2"), "area_m2", errors, Decimal("0.1"))
    try:
        places = int(data.get("places") or 0)
        if places < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["places"] = [_l("Enter how many companies fit on the stand (1 or more).")]
        places = 1
    pricing = data.get("pricing") or "per_m2"
    if pricing not in PRICING_RULES:
        errors["pricing"] = [_l("Choose a pricing rule.")]
    price_per_m2 = _decimal(data.get("price_per_m2"), "price_per_m2", errors)
    fee = _decimal(data.get("fee_per_company"), "fee_per_company", errors)
    total = _decimal(data.get("total_price"), "total_price", errors)
    if pricing == "split" and total <= 0 and "total_price" not in errors:
        errors["total_price"] = [_l("Enter the total price to split.")]
    if stand is not None and places < len(stand.assignments):
        errors["places"] = [
            _l("%(n)d companies are already assigned to this stand.", n=len(stand.assignments))
        ]
    if stand is not None and "area_m2" not in errors and area < area_used(stand):
        errors["area_m2"] = [
            _l(
                "The companies already assigned to this stand take %(used)s m².",
                used=m2(area_used(stand)),
            )
        ]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    if stand is None:
        stand = JointStand(fair=fair, cluster_id=cluster.id)
        db.session.add(stand)
    stand.name, stand.theme = name, (data.get("theme") or "").strip()
    stand.area_m2, stand.places, stand.pricing = area, places, pricing
    stand.price_per_m2, stand.fee_per_company, stand.total_price = price_per_m2, fee, total
    stand.interest_deadline = data.get("interest_deadline")
    return stand


def stands_of(fair: Fair, cluster_ids: set[int] | None = None) -> list[JointStand]:
    return [s for s in fair.stands if cluster_ids is None or s.cluster_id in cluster_ids]


# ------------------------------------------------------------------ interest
def _member_cluster(org: Organisation, cluster_id: int) -> None:
    approved = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.organisation_id == org.id,
            Membership.cluster_id == cluster_id,
            Membership.status == "approved",
        )
    )
    if not approved:
        raise PermissionDenied(_l("Only members of the cluster can join its joint stand."))


def active_interest(fair: Fair, org: Organisation) -> FairInterest | None:
    return db.session.scalar(
        sa.select(FairInterest).where(
            FairInterest.fair_id == fair.id,
            FairInterest.organisation_id == org.id,
            FairInterest.status == "active",
        )
    )


def deadline(fair: Fair, cluster_id: int) -> date | None:
    dates = [
        s.interest_deadline
        for s in fair.stands
        if s.cluster_id == cluster_id and s.interest_deadline
    ]
    return max(dates) if dates else None


def deadline_passed(fair: Fair, cluster: Cluster, now: datetime | None = None) -> date | None:
    """The cluster's interest deadline if it has passed. The deadline day counts to its end
    in the cluster's timezone, not in UTC (which lags Finland by two or three hours)."""
    closes = deadline(fair, cluster.id)
    if closes is not None and timeutil.today(cluster, now) > closes:
        return closes
    return None


def register_interest(
    actor: User, fair: Fair, cluster: Cluster, data: dict, now: datetime | None = None
) -> FairInterest:
    """A member organisation wants to exhibit on its cluster's joint stand."""
    if actor is None or not actor.active_organisation_id:
        raise PermissionDenied(_l("Only people acting for an organisation can do this."))
    org = actor.organisation
    _member_cluster(org, cluster.id)
    closes = deadline_passed(fair, cluster, now)
    if closes is not None:
        raise DomainError(
            _l("Registration of interest closed on %(date)s.", date=timeutil.format_date(closes))
        )
    if active_interest(fair, org) is not None:
        raise Conflict(_l("Your organisation has already registered interest in this fair."))
    errors: dict = {}
    area = data.get("area_wanted")
    area = _decimal(area, "area_wanted", errors) if area not in (None, "") else None
    preferred = None
    if data.get("preferred_stand_id"):
        preferred = db.session.get(JointStand, int(data["preferred_stand_id"]))
        if preferred is None or preferred.fair_id != fair.id or preferred.cluster_id != cluster.id:
            errors["preferred_stand_id"] = [_l("Choose one of this cluster's stands.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    item = FairInterest(
        fair_id=fair.id,
        cluster_id=cluster.id,
        organisation_id=org.id,
        area_wanted=area,
        exhibits=(data.get("exhibits") or "").strip()[:2000],
        message=(data.get("message") or "").strip()[:2000],
        preferred_stand_id=preferred.id if preferred else None,
    )
    db.session.add(item)
    return item


def withdraw_interest(actor: User, item: FairInterest, now: datetime | None = None) -> None:
    if actor is None or actor.active_organisation_id != item.organisation_id:
        raise PermissionDenied(_l("You can only withdraw your own organisation's interest."))
    fair = db.session.get(Fair, item.fair_id)
    if deadline_passed(fair, db.session.get(Cluster, item.cluster_id), now) is not None:
        raise DomainError(_l("The deadline has passed; ask the coordinator."))
    if item.status != "active":
        raise Conflict(_l("This interest has already been withdrawn."))
    item.withdraw()
    db.session.execute(
        sa.delete(StandAssignment).where(
            StandAssignment.fair_id == item.fair_id,
            StandAssignment.organisation_id == item.organisation_id,
        )
    )


def interests(fair: Fair, cluster_id: int) -> list[FairInterest]:
    return list(
        db.session.scalars(
            sa.select(FairInterest)
            .where(
                FairInterest.fair_id == fair.id,
                FairInterest.cluster_id == cluster_id,
                FairInterest.status == "active",
            )
            .order_by(FairInterest.created_at)
        )
    )


# ------------------------------------------------------------------ assignment and costs
def assignment_of(fair: Fair, org_id: int) -> StandAssignment | None:
    return db.session.scalar(
        sa.select(StandAssignment).where(
            StandAssignment.fair_id == fair.id, StandAssignment.organisation_id == org_id
        )
    )


def assigned_area(stand: JointStand, assignment: StandAssignment) -> Decimal:
    """The floor area an exhibitor has on a stand (rows from before areas were kept at
    assignment get an equal share of the stand)."""
    if assignment.area_m2:
        return Decimal(assignment.area_m2)
    n = max(len(stand.assignments), 1)
    return (Decimal(stand.area_m2) / n).quantize(TENTH, ROUND_HALF_UP)


def area_used(stand: JointStand) -> Decimal:
    """The floor area the stand's exhibitors take together."""
    return sum((assigned_area(stand, a) for a in stand.assignments), Decimal("0"))


def over_full(stand: JointStand) -> bool:
    """More exhibitors than places, or more floor area than the stand has."""
    return len(stand.assignments) > stand.places or area_used(stand) > Decimal(stand.area_m2)


def assign(
    actor: User,
    fair: Fair,
    cluster: Cluster,
    plan: dict[int, int | None],
    areas: dict[int, object] | None = None,
) -> None:
    """Set the stand of each organisation (None = unassigned) and, in ``areas``, the floor
    area it gets (default: what its interest asks for, else the fair's default). Each stand's
    places and area are checked; errors name the fields ``org-<id>`` and ``area-<id>``."""
    require_coordinator(actor, cluster.id)
    stands = {s.id: s for s in stands_of(fair, {cluster.id})}
    for stand in stands.values():
        if stand.status == "confirmed":
            raise Conflict(
                _l("%(stand)s is confirmed; reopen it before changing it.", stand=stand.name)
            )
    active = {i.organisation_id: i for i in interests(fair, cluster.id)}
    counts: dict[int, int] = {}
    errors: dict[str, list] = {}
    area_of: dict[int, Decimal] = {}
    for org_id, stand_id in plan.items():
        if org_id not in active:
            raise DomainError(
                _l("Only organisations that registered interest can be assigned."),
                field=f"org-{org_id}",
            )
        given = (areas or {}).get(org_id)
        if given in (None, ""):
            area_of[org_id] = active[org_id].area(fair)
        else:
            area_of[org_id] = _decimal(given, f"area-{org_id}", errors, TENTH)
        if stand_id is not None:
            if stand_id not in stands:
                raise NotFound(_l("No such stand."), field=f"org-{org_id}")
            counts[stand_id] = counts.get(stand_id, 0) + 1
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    for stand_id, n in sorted(counts.items()):
        stand = stands[stand_id]
        on_it = [o for o, s in plan.items() if s == stand_id]
        wanted = sum((area_of[o] for o in on_it), Decimal("0"))
        problem = None
        if n > stand.places:
            problem = _l(
                "%(stand)s has %(places)d places; %(n)d were chosen.",
                stand=stand.name,
                places=stand.places,
                n=n,
            )
        elif wanted > Decimal(stand.area_m2):
            problem = _l(
                "%(stand)s has %(area)s m²; the companies chosen for it need %(wanted)s m².",
                stand=stand.name,
                area=m2(stand.area_m2),
                wanted=m2(wanted),
            )
        if problem is not None:
            for org_id in on_it:
                errors[f"org-{org_id}"] = [problem]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, fields=errors)
    db.session.execute(
        sa.delete(StandAssignment).where(
            StandAssignment.fair_id == fair.id, StandAssignment.stand_id.in_(list(stands) or [-1])
        )
    )
    db.session.flush()
    audit.record(
        "stand.assigned",
        actor=actor,
        cluster=cluster,
        details={
            "fair": fair.id,
            "assigned": sum(1 for v in plan.values() if v is not None),
            "unassigned": sum(1 for v in plan.values() if v is None),
        },
    )
    for org_id, stand_id in plan.items():
        if stand_id is not None:
            db.session.add(
                StandAssignment(
                    fair_id=fair.id,
                    stand_id=stand_id,
                    organisation_id=org_id,
                    area_m2=area_of[org_id],
                )
            )


@dataclass
class CostLine:
    label: str
    amount: Decimal


def cost_for(stand: JointStand, assignment: StandAssignment) -> list[CostLine]:
    """An organisation's share of a stand, itemised by the stand's pricing rule."""
    n = max(len(stand.assignments), 1)
    if stand.pricing == "split":
        share = (Decimal(stand.total_price) / n).quantize(CENT, ROUND_HALF_UP)
        return [
            CostLine(
                str(
                    _l(
                        "Equal share of %(total)s among %(n)d companies",
                        total=formatting.money(stand.total_price),
                        n=n,
                    )
                ),
                share,
            )
        ]
    area = assigned_area(stand, assignment)
    lines = [
        CostLine(
            str(
                _l(
                    "%(area)s × %(price)s",
                    area=formatting.area(area),
                    price=formatting.price_per_m2(stand.price_per_m2),
                )
            ),
            (Decimal(area) * Decimal(stand.price_per_m2)).quantize(CENT, ROUND_HALF_UP),
        ),
    ]
    if stand.fee_per_company:
        lines.append(
            CostLine(str(_l("Fee per company")), Decimal(stand.fee_per_company).quantize(CENT))
        )
    return lines


def total(lines: list[CostLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0"))


def confirm_stand(actor: User, stand: JointStand) -> list[Organisation]:
    """Confirm a stand: every exhibitor gets an e-mail with neighbours and costs (its users,
    or its contact people with a link to claim it). Returns the exhibitors nobody could be
    mailed at."""
    require_coordinator(actor, stand.cluster_id)
    if not stand.assignments:
        raise DomainError(_l("Assign organisations to the stand before confirming it."))
    if over_full(stand):
        raise DomainError(
            _l(
                "%(stand)s is over-full: %(n)d companies on %(places)d places, %(used)s m² "
                "on %(area)s m². Move companies or change their areas before confirming.",
                stand=stand.name,
                n=len(stand.assignments),
                places=stand.places,
                used=m2(area_used(stand)),
                area=m2(stand.area_m2),
            )
        )
    stand.confirm()
    audit.record(
        "stand.confirmed",
        actor=actor,
        cluster=stand.cluster,
        details={"fair": stand.fair_id, "stand": stand.id, "exhibitors": len(stand.assignments)},
    )
    unreached = []
    for a in stand.assignments:
        lines = cost_for(stand, a)
        neighbours = [b.organisation.name for b in stand.assignments if b.id != a.id]
        people = invitations.recipients(a.organisation, stand.cluster, actor)
        if not people:
            unreached.append(a.organisation)
        for person in people:
            mail.send_template(
                person.email,
                "stand_confirmed",
                person.locale,
                stand=stand,
                fair=stand.fair,
                organisation=a.organisation,
                neighbours=neighbours,
                lines=lines,
                total=total(lines),
                link=url_for("fairs.show", fair_id=stand.fair_id, _external=True),
                claim_link=person.claim_link,
            )
    return unreached


def reopen_stand(actor: User, stand: JointStand) -> None:
    require_coordinator(actor, stand.cluster_id)
    stand.reopen()
    audit.record(
        "stand.reopened",
        actor=actor,
        cluster=stand.cluster,
        details={"fair": stand.fair_id, "stand": stand.id},
    )


def invite(actor: User, fair: Fair, cluster: Cluster, org: Organisation) -> int:
    """A one-click invitation to a member who has not registered interest yet: to its users,
    or to its contact people with a link to claim it."""
    require_coordinator(actor, cluster.id)
    _member_cluster(org, cluster.id)
    people = invitations.recipients(org, cluster, actor)
    for person in people:
        mail.send_template(
            person.email,
            "fair_invitation",
            person.locale,
            fair=fair,
            cluster=cluster,
            organisation=org,
            link=url_for("fairs.show", fair_id=fair.id, _external=True),
            claim_link=person.claim_link,
        )
    if not people:
        raise DomainError(
            _l(
                "%(org)s has not joined yet and has no contact person with an e-mail address; "
                "nobody can be invited.",
                org=org.name,
            )
        )
    return len(people)


# ------------------------------------------------------------------ exhibitor list
EXHIBITOR_COLUMNS = (
    ("organisation", _l("Organisation")),
    ("business_id", _l("Business ID")),
    ("address", _l("Municipality")),
    ("contact", _l("Contact person")),
    ("email", _l("E-mail")),
    ("phone", _l("Phone")),
    ("website", _l("Website")),
    ("products", _l("Products")),
    ("stand", _l("Stand")),
)


def exhibitor_rows(fair: Fair, cluster_id: int) -> list[dict]:
    rows = []
    for stand in stands_of(fair, {cluster_id}):
        for a in stand.assignments:
            org = a.organisation
            contact = next((c for c in org.contacts if c.visibility != "private"), None)
            products = "; ".join(
                line.strip(" -•") for line in (org.capabilities or "").splitlines() if line.strip()
            )
            rows.append(
                {
                    "organisation": org.name,
                    "business_id": org.business_id,
                    "address": org.municipality,
                    "contact": contact.name if contact else "",
                    "email": contact.email if contact else "",
                    "phone": contact.phone if contact else "",
                    "website": org.website,
                    "products": products,
                    "stand": stand.name,
                }
            )
    return rows


def exhibitor_table(fair: Fair, cluster_id: int) -> list[list]:
    header = [str(label) for _, label in EXHIBITOR_COLUMNS]
    return [header] + [
        [row[key] for key, _ in EXHIBITOR_COLUMNS] for row in exhibitor_rows(fair, cluster_id)
    ]


# ------------------------------------------------------------------ matching
def _specs(stands: list[JointStand]) -> list[tuple[int, int, str]]:
    return [(s.id, s.places, s.theme or s.name) for s in stands]


def _members_of_cluster(cluster: Cluster) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.cluster_id == cluster.id, Membership.status == "approved"
            )
        )
    )


def suggest_invitees(fair: Fair, cluster: Cluster, k: int = 8) -> list[tuple[Organisation, float]]:
    """Members who have not registered interest but would fit a stand (its theme and the
    organisations already on it), best first."""
    stands = stands_of(fair, {cluster.id})
    registered = {
        i.organisation_id
        for i in db.session.scalars(
            sa.select(FairInterest).where(
                FairInterest.fair_id == fair.id, FairInterest.status == "active"
            )
        )
    }
    candidates = sorted(_members_of_cluster(cluster) - registered)
    best: dict[int, float] = {}
    for stand in stands:
        members = [a.organisation_id for a in stand.assignments]
        for org_id, score in matching.stand_invitees(
            stand.theme or stand.name, members, candidates, k
        ):
            best[org_id] = max(score, best.get(org_id, 0.0))
    ranked = sorted(best.items(), key=lambda p: (-p[1], p[0]))[:k]
    orgs = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_([i for i, _ in ranked]))
        )
    }
    return [(orgs[i], score) for i, score in ranked if i in orgs]


@dataclass
class StandProposal:
    stand: JointStand
    members: list[Organisation]
    coherence: float
    theme_fit: float
    shared_terms: list[str]
    competitors: list[tuple[Organisation, Organisation, float]]
    # near competitors joined into groups: one note per stand lists these
    competitor_groups: list[list[Organisation]] = field(default_factory=list)
    area: Decimal = Decimal("0")  # the floor area the proposed members need together


@dataclass
class GroupingProposal:
    stands: list[StandProposal]
    unassigned: list[tuple[Organisation, str]]
    objective: float


def suggest_grouping(fair: Fair, cluster: Cluster) -> GroupingProposal:
    """A proposed assignment of the interested organisations to the cluster's open stands,
    filling no stand over its places and keeping thematically close companies together."""
    stands = [s for s in stands_of(fair, {cluster.id}) if s.status != "confirmed"]
    items = interests(fair, cluster.id)
    if not stands or not items:
        return GroupingProposal([], [], 0.0)
    taken = {
        a.organisation_id
        for s in stands_of(fair, {cluster.id})
        if s.status == "confirmed"
        for a in s.assignments
    }
    wanted = [
        (i.organisation_id, i.preferred_stand_id) for i in items if i.organisation_id not in taken
    ]
    area_of = {i.organisation_id: i.area(fair) for i in items}
    result = matching.group_stands(
        _specs(stands),
        wanted,
        stand_areas={s.id: float(s.area_m2) for s in stands},
        wanted_areas={o: float(a) for o, a in area_of.items()},
    )
    orgs = {i.organisation_id: i.organisation for i in items}
    proposals = []
    for stand in stands:
        quality = result.per_stand.get(stand.id)
        proposals.append(
            StandProposal(
                stand=stand,
                members=[orgs[o] for o in result.assignments.get(stand.id, []) if o in orgs],
                coherence=quality.coherence if quality else 0.0,
                theme_fit=(quality.theme_fit or 0.0) if quality else 0.0,
                shared_terms=list(quality.shared_terms) if quality else [],
                competitors=[
                    (orgs[a], orgs[b], sim)
                    for a, b, sim in (quality.near_competitors if quality else [])
                    if a in orgs and b in orgs
                ],
                competitor_groups=[
                    [orgs[o] for o in group if o in orgs]
                    for group in (quality.competitor_groups if quality else [])
                ],
                area=sum(
                    (area_of[o] for o in result.assignments.get(stand.id, []) if o in area_of),
                    Decimal("0"),
                ),
            )
        )
    unassigned = [(orgs[o], reason) for o, reason in result.unassigned if o in orgs]
    return GroupingProposal(proposals, unassigned, result.objective)


def best_stands_for(
    fair: Fair, org: Organisation, cluster_id: int
) -> list[tuple[JointStand, float]]:
    """The cluster's stands ranked for one organisation (theme and current members)."""
    stands = stands_of(fair, {cluster_id})
    assigned = {s.id: [a.organisation_id for a in s.assignments] for s in stands}
    by_id = {s.id: s for s in stands}
    return [
        (by_id[f.stand_id], f.score) for f in matching.best_stands(org.id, _specs(stands), assigned)
    ]
