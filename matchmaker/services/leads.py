"""Contact tracking: companies a cluster wants to attract, with status, owner and next step.

Leads are imported like members (same file reader and column mapping) but stay leads: they
are not organisations and not members until they join and register themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Cluster, ClusterCoordinator, Ecosystem, Lead, LeadTarget, User, utcnow
from matchmaker.models.states import LeadStage
from matchmaker.services import audit, imports, matching
from matchmaker.services import business_id as bid
from matchmaker.services.errors import DomainError, InvalidTransition
from matchmaker.services.permissions import require_coordinator

log = logging.getLogger(__name__)

LEAD_FIELDS = ("name", "business_id", "municipality", "website", "description")


@dataclass
class LeadQuery:
    q: str = ""
    status: str = ""
    owner: str = ""  # a user id as text, or ""
    ecosystem: str = ""  # an ecosystem id as text, "none" for leads without one, or ""


def possible_owners(cluster: Cluster) -> list[User]:
    """The cluster's coordinators: the people who own leads."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(ClusterCoordinator, ClusterCoordinator.user_id == User.id)
            .where(ClusterCoordinator.cluster_id == cluster.id)
            .order_by(User.name)
        )
    )


def search(cluster: Cluster, query: LeadQuery) -> list[Lead]:
    stmt = sa.select(Lead).where(Lead.cluster_id == cluster.id)
    if query.status in Lead.STATUSES:
        stmt = stmt.where(Lead.status == query.status)
    if query.owner.isdigit():
        stmt = stmt.where(Lead.owner_id == int(query.owner))
    if query.ecosystem.isdigit():
        stmt = stmt.where(Lead.ecosystem_id == int(query.ecosystem))
    elif query.ecosystem == "none":
        stmt = stmt.where(Lead.ecosystem_id.is_(None))
    if query.q.strip():
        like = f"%{query.q.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Lead.name).like(like),
                sa.func.lower(Lead.municipality).like(like),
                sa.func.lower(Lead.description).like(like),
            )
        )
    order = sa.case((Lead.next_step_on.is_(None), 1), else_=0)
    return list(db.session.scalars(stmt.order_by(order, Lead.next_step_on, Lead.name)))


def save(actor: User | None, cluster: Cluster, data: dict, lead: Lead | None = None) -> Lead:
    require_coordinator(actor, cluster.id)
    errors: dict[str, list] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_l("Enter the company's name.")]
    business_id = bid.normalise(data.get("business_id") or "") or None
    if business_id and bid.error_for(business_id):
        errors["business_id"] = [_l("This business ID is not valid.")]
    status = data.get("status") or (lead.status if lead is not None else "identified")
    if status not in Lead.STATUSES:
        errors["status"] = [_l("Choose one of the listed options.")]
    elif lead is not None and lead.status != status and not lead.can_become(LeadStage(status)):
        errors["status"] = [_l("A lead cannot move to this stage from where it is.")]
    ecosystem_id = data.get("ecosystem_id") or None
    if ecosystem_id is not None:
        ecosystem_id = int(ecosystem_id) if str(ecosystem_id).isdigit() else -1
        if ecosystem_id not in {e.id for e in cluster_ecosystems(cluster)}:
            errors["ecosystem_id"] = [_l("Choose one of the listed options.")]
    owner_id = data.get("owner_id") or None
    owner_ids = {u.id for u in possible_owners(cluster)}
    if owner_id is not None:
        owner_id = int(owner_id)
        if owner_id not in owner_ids:
            errors["owner_id"] = [_l("Choose one of the listed options.")]
    next_on = data.get("next_step_on")
    if next_on is not None and not isinstance(next_on, date):
        errors["next_step_on"] = [_l("Enter a date.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    if lead is None:
        lead = Lead(cluster_id=cluster.id)
        db.session.add(lead)
    lead.name = name[:200]
    lead.business_id = business_id
    for field, limit in (("municipality", 100), ("website", 300), ("next_step", 300)):
        setattr(lead, field, (data.get(field) or "").strip()[:limit])
    lead.description = (data.get("description") or "").strip()
    lead.notes = (data.get("notes") or "").strip()
    try:
        lead.move_to(status)
    except InvalidTransition as exc:  # checked above; a concurrent change may still refuse
        raise DomainError(exc.message, field="status") from exc
    lead.ecosystem_id = ecosystem_id
    lead.owner_id = owner_id
    lead.next_step_on = next_on
    lead.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "lead.saved", actor=actor, cluster=cluster, details={"lead": lead.id, "status": status}
    )
    return lead


def import_file(actor: User | None, cluster: Cluster, filename: str, content: bytes) -> int:
    """Add or update leads (same business ID, else same name) from a CSV or XLSX list."""
    require_coordinator(actor, cluster.id)
    table = imports.read_table(filename, content)
    mapping = imports.guess_mapping(table.headers, imports.remembered_mapping(cluster, "leads"))
    mapping = {h: (f if f in LEAD_FIELDS else "") for h, f in mapping.items()}
    imports.check_mapping(mapping, required=("name",))
    rows = []
    bad = []
    for number, cells in table.rows:
        data = imports.row_data(mapping, table.headers, cells)
        result = imports.RowResult(row=number, business_id="", name=data.get("name", ""))
        value = bid.normalise(data.get("business_id", ""))
        if value and bid.error_for(value):
            result.errors["business_id"] = [str(_l("This business ID is not valid."))]
        if not data.get("name"):
            result.errors["name"] = [str(_l("Enter the company's name."))]
        data["business_id"] = value
        rows.append((result, data))
        if result.errors:
            bad.append(result)
    if bad:
        raise imports.ImportRejected(imports.Preview([r for r, _ in rows]))
    existing = list(db.session.scalars(sa.select(Lead).where(Lead.cluster_id == cluster.id)))
    by_id = {lead.business_id: lead for lead in existing if lead.business_id}
    by_name = {lead.name.casefold(): lead for lead in existing}
    for _result, data in rows:
        lead = by_id.get(data["business_id"]) or by_name.get(data["name"].casefold())
        if lead is None:
            lead = Lead(cluster_id=cluster.id, name=data["name"][:200])
            lead.move_to(LeadStage.IDENTIFIED)
            db.session.add(lead)
            by_name[data["name"].casefold()] = lead
        lead.name = data["name"][:200]
        lead.business_id = data["business_id"] or lead.business_id
        if data["business_id"]:
            by_id[data["business_id"]] = lead
        for field, limit in (("municipality", 100), ("website", 300), ("description", 5000)):
            if data.get(field):
                setattr(lead, field, data[field][:limit])
    imports.remember_mapping(cluster, mapping, "leads")
    audit.record("lead.imported", actor=actor, cluster=cluster, details={"rows": len(rows)})
    return len(rows)


def best_fits(items: list[Lead]) -> dict[int, tuple[Cluster, float]]:
    """The best-fitting cluster and its score per lead that has a description."""
    out: dict[int, tuple[Cluster, float]] = {}
    for lead in items:
        if not lead.description:
            continue
        fits = matching.cluster_fit_for_text(f"{lead.name} {lead.description}")
        if fits:
            out[lead.id] = (fits[0].cluster, float(fits[0].score))
    return out


def cluster_ecosystems(cluster: Cluster) -> list[Ecosystem]:
    """The ecosystems a cluster's leads may be linked to: the cluster's own."""
    return list(
        db.session.scalars(
            sa.select(Ecosystem).where(Ecosystem.cluster_id == cluster.id).order_by(Ecosystem.slug)
        )
    )


def stage_choices(lead: Lead | None) -> list[str]:
    """The stages a lead may be set to: any for a new lead, else where it is and where the
    transition table lets it go."""
    if lead is None or lead.status is None:
        return list(Lead.STATUSES)
    return [s for s in Lead.STATUSES if s == lead.status or lead.can_become(LeadStage(s))]


def target(cluster: Cluster) -> LeadTarget | None:
    return db.session.get(LeadTarget, cluster.id)


def set_target(actor: User | None, cluster: Cluster, contacts, locations) -> LeadTarget:
    """The cluster's targets: company contacts (e.g. 1,000) and companies located."""
    require_coordinator(actor, cluster.id)
    errors = {}
    values = {}
    for name, value, top in (("contacts", contacts, 1_000_000), ("locations", locations, 10_000)):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= top:
            errors[name] = [_l("Enter a whole number from 0 to %(n)d.", n=top)]
        values[name] = number
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    item = target(cluster)
    if item is None:
        item = LeadTarget(cluster_id=cluster.id)
        db.session.add(item)
    item.contacts, item.locations = values["contacts"], values["locations"]
    item.updated_at = utcnow()
    db.session.flush()
    audit.record("lead.target", actor=actor, cluster=cluster, details=values)
    return item


@dataclass
class Progress:
    contacts: int
    located: int
    target_contacts: int
    target_locations: int
    by_stage: dict[str, int]
    by_ecosystem: list[tuple[Ecosystem | None, dict[str, int]]]

    @staticmethod
    def share(count: int, of: int) -> float:
        return min(count / of, 1.0) if of else 0.0

    @property
    def contacts_share(self) -> float:
        return self.share(self.contacts, self.target_contacts)

    @property
    def locations_share(self) -> float:
        return self.share(self.located, self.target_locations)


def progress(cluster: Cluster) -> Progress:
    """Company contacts and locations so far against the targets, and leads per stage (for
    the whole cluster and per ecosystem)."""
    rows = db.session.execute(
        sa.select(Lead.ecosystem_id, Lead.status, sa.func.count(Lead.id))
        .where(Lead.cluster_id == cluster.id)
        .group_by(Lead.ecosystem_id, Lead.status)
    ).all()
    contacts = db.session.scalar(
        sa.select(sa.func.count(Lead.id)).where(
            Lead.cluster_id == cluster.id, Lead.contacted_at.is_not(None)
        )
    )
    by_stage = dict.fromkeys(Lead.STATUSES, 0)
    per: dict[int | None, dict[str, int]] = {}
    for eco_id, status, count in rows:
        by_stage[status] += count
        per.setdefault(eco_id, dict.fromkeys(Lead.STATUSES, 0))[status] += count
    ecosystems = {e.id: e for e in cluster_ecosystems(cluster)}
    ordered = [(ecosystems[i], per.get(i, dict.fromkeys(Lead.STATUSES, 0))) for i in ecosystems]
    if None in per:
        ordered.append((None, per[None]))
    goal = target(cluster)
    return Progress(
        contacts=contacts or 0,
        located=by_stage[LeadStage.LOCATED.value],
        target_contacts=goal.contacts if goal else 0,
        target_locations=goal.locations if goal else 0,
        by_stage=by_stage,
        by_ecosystem=ordered,
    )


def rows(items: list[Lead]) -> list[list]:
    header = [
        str(_l("Company")),
        str(_l("Business ID")),
        str(_l("Municipality")),
        str(_l("Website")),
        str(_l("Stage")),
        str(_l("Ecosystem")),
        str(_l("Owner")),
        str(_l("Next step")),
        str(_l("Next step date")),
        str(_l("Notes")),
    ]
    return [header] + [
        [
            lead.name,
            lead.business_id or "",
            lead.municipality,
            lead.website,
            lead.status,
            lead.ecosystem.slug if lead.ecosystem else "",
            lead.owner.name if lead.owner else "",
            lead.next_step,
            lead.next_step_on.isoformat() if lead.next_step_on else "",
            lead.notes,
        ]
        for lead in items
    ]
