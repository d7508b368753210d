"""Trade fairs and joint stands: creating fairs and saving stands, and the floor area a stand's
exhibitors use.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Fair,
    JointStand,
    StandAssignment,
    User,
)
from matchmaker.models.fairs import DEFAULT_AREA_M2, PRICING_RULES
from matchmaker.services.errors import DomainError, PermissionDenied
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
