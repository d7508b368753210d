"""Assigning interested organisations to joint stands, and the costs that follow."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker import formatting
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Fair,
    JointStand,
    StandAssignment,
    User,
)
from matchmaker.services import audit
from matchmaker.services.errors import Conflict, DomainError, NotFound
from matchmaker.services.permissions import require_coordinator

from .core import CENT, TENTH, _decimal, assigned_area, m2, stands_of
from .interest import interests


# ------------------------------------------------------------------ assignment and costs
def assignment_of(fair: Fair, org_id: int) -> StandAssignment | None:
    return db.session.scalar(
        sa.select(StandAssignment).where(
            StandAssignment.fair_id == fair.id, StandAssignment.organisation_id == org_id
        )
    )


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
