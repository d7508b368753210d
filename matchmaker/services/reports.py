"""The funder report of a cluster for a date range, one function per section.

Each figure can be drilled into: `member_rows` returns the organisations behind a members
figure. A section whose data lives in an area not built yet returns None, and the
page, CSV and API say so instead of showing a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker import formatting, timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    ContactRequest,
    Ecosystem,
    Event,
    Fair,
    JointStand,
    Lead,
    Meeting,
    MeetingRequest,
    Membership,
    Opportunity,
    OpportunityInterest,
    Organisation,
    Registration,
    StandAssignment,
)
from matchmaker.services.errors import DomainError
from matchmaker.services.opportunities import KIND_LABELS as OPPORTUNITY_KIND_LABELS

DIMENSIONS = {
    "org_type": Organisation.org_type,
    "size_class": Organisation.size_class,
    "municipality": Organisation.municipality,
}


SECTION_LABELS = {
    "events": {
        "held": _l("Events held"),
        "participants": _l("Participants"),
        "attended": _l("Checked in"),
        "organisations": _l("Participating organisations"),
    },
    "fairs": {
        "fairs": _l("Fairs with a joint stand"),
        "stands": _l("Joint stands"),
        "exhibitors": _l("Organisations at fairs"),
    },
    "opportunities": {
        "published": _l("Opportunities published"),
        "interests": _l("Expressions of interest"),
        "accepted": _l("Expressions of interest accepted"),
        "fulfilled": _l("Opportunities fulfilled"),
    },
    "meetings": {
        "suggested": _l("Meetings from suggestions"),
        "requested": _l("Meeting requests"),
        "accepted": _l("Meetings agreed"),
        "held": _l("Meetings held"),
        "next_step": _l("Meetings that led to a next step"),
    },
}


@dataclass(frozen=True)
class Period:
    """Whole days in the cluster's timezone; start_at and end_before are those days' bounds
    as naive UTC, to compare with stored timestamps."""

    start: date
    end: date  # inclusive
    timezone: str = timeutil.DEFAULT_TIMEZONE

    @property
    def start_at(self) -> datetime:
        return timeutil.day_start(self.start, self.timezone)

    @property
    def end_before(self) -> datetime:
        return timeutil.day_start(self.end + timedelta(days=1), self.timezone)


def period(
    start: str | date | None,
    end: str | date | None,
    cluster: Cluster | None = None,
    now: datetime | None = None,
) -> Period:
    """From the given dates (ISO strings or dates); by default this calendar year to today,
    both in the cluster's timezone (without a cluster: the request's)."""
    zone = timeutil.zone_name(cluster)
    try:
        start_d = date.fromisoformat(start) if isinstance(start, str) and start else start
        end_d = date.fromisoformat(end) if isinstance(end, str) and end else end
    except ValueError as exc:
        raise DomainError(_l("Enter dates as YYYY-MM-DD."), field="from") from exc
    if not (start_d and end_d):
        today = timeutil.today(zone, now)
        start_d = start_d or date(today.year, 1, 1)
        end_d = end_d or today
    if end_d < start_d:
        raise DomainError(_l("The end date is before the start date."), field="to")
    return Period(start_d, end_d, zone)


def _joined():
    return sa.func.coalesce(Membership.decided_at, Membership.applied_at)


def _members_select(cluster: Cluster, p: Period, new: bool = False) -> sa.Select:
    """Organisations that were approved members of the cluster at the end of the period
    (or, with new=True, became members during it)."""
    stmt = (
        sa.select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(
            Membership.cluster_id == cluster.id,
            Membership.status == "approved",
            _joined() < p.end_before,
        )
    )
    if new:
        stmt = stmt.where(_joined() >= p.start_at)
    return stmt


def _count_by(cluster: Cluster, p: Period, column, new: bool = False) -> list[tuple[str, int]]:
    sub = _members_select(cluster, p, new).subquery()
    col = sub.c[column.key]
    rows = db.session.execute(
        sa.select(col, sa.func.count()).group_by(col).order_by(sa.func.count().desc(), col)
    ).all()
    return [(value or "", count) for value, count in rows]


def members_section(cluster: Cluster, p: Period) -> dict:
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(_members_select(cluster, p).subquery())
    )
    new = db.session.scalar(
        sa.select(sa.func.count()).select_from(_members_select(cluster, p, new=True).subquery())
    )
    return {
        "total": total,
        "new": new,
        "by_type": _count_by(cluster, p, Organisation.org_type),
        "by_size": _count_by(cluster, p, Organisation.size_class),
        "by_municipality": _count_by(cluster, p, Organisation.municipality),
    }


def member_rows(
    cluster: Cluster, p: Period, dimension: str = "", value: str = "", new: bool = False
) -> list[Organisation]:
    """The organisations behind one members figure."""
    stmt = _members_select(cluster, p, new)
    if dimension:
        if dimension not in DIMENSIONS:
            raise DomainError(_l("Unknown figure."))
        column = DIMENSIONS[dimension]
        stmt = stmt.where(
            column.is_(None) if not value and dimension == "size_class" else (column == value)
        )
    return list(db.session.scalars(stmt.order_by(Organisation.name)))


def _member_ids(cluster: Cluster):
    return sa.select(Membership.organisation_id).where(
        Membership.cluster_id == cluster.id, Membership.status == "approved"
    )


def contacts_section(cluster: Cluster, p: Period) -> dict:
    """Contact requests sent by the cluster's members in the period, and how many accepted."""
    base = sa.select(sa.func.count(ContactRequest.id)).where(
        ContactRequest.from_org_id.in_(_member_ids(cluster)),
        ContactRequest.created_at >= p.start_at,
        ContactRequest.created_at < p.end_before,
    )
    return {
        "made": db.session.scalar(base),
        "accepted": db.session.scalar(base.where(ContactRequest.status == "accepted")),
    }


def events_section(cluster: Cluster, p: Period) -> dict | None:
    """Published events starting in the period, their confirmed participants and the
    organisations those came from (members by id, outsiders by the name they gave)."""
    held = sa.select(Event.id).where(
        Event.cluster_id == cluster.id,
        Event.status == "published",
        Event.starts_at >= p.start_at,
        Event.starts_at < p.end_before,
    )
    confirmed = sa.and_(Registration.event_id.in_(held), Registration.status == "confirmed")
    members = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Registration.organisation_id))).where(
            confirmed, Registration.organisation_id.is_not(None)
        )
    )
    outsiders = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(sa.func.lower(Registration.organisation_name)))).where(
            confirmed, Registration.organisation_id.is_(None), Registration.organisation_name != ""
        )
    )
    return {
        "held": db.session.scalar(sa.select(sa.func.count()).select_from(held.subquery())),
        "participants": db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(confirmed)
        ),
        "attended": db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(
                confirmed, Registration.attended_at.is_not(None)
            )
        ),
        "organisations": members + outsiders,
    }


def _fair_stands(cluster: Cluster, p: Period):
    """The cluster's joint stands at fairs that start in the period."""
    return (
        sa.select(JointStand.id)
        .join(Fair, Fair.id == JointStand.fair_id)
        .where(
            JointStand.cluster_id == cluster.id,
            Fair.starts_on >= p.start,
            Fair.starts_on <= p.end,
        )
    )


def fairs_section(cluster: Cluster, p: Period) -> dict:
    """Fairs where the cluster had a joint stand in the period, and who exhibited on them."""
    stands = _fair_stands(cluster, p)
    return {
        "fairs": db.session.scalar(
            sa.select(sa.func.count(sa.distinct(JointStand.fair_id))).where(
                JointStand.id.in_(stands)
            )
        ),
        "stands": db.session.scalar(sa.select(sa.func.count()).select_from(stands.subquery())),
        "exhibitors": db.session.scalar(
            sa.select(sa.func.count(sa.distinct(StandAssignment.organisation_id))).where(
                StandAssignment.stand_id.in_(stands)
            )
        ),
    }


def fair_rows(cluster: Cluster, p: Period) -> list[StandAssignment]:
    """The exhibitors behind the fair figures."""
    return list(
        db.session.scalars(
            sa.select(StandAssignment)
            .where(StandAssignment.stand_id.in_(_fair_stands(cluster, p)))
            .order_by(StandAssignment.fair_id, StandAssignment.stand_id, StandAssignment.id)
        )
    )


def event_rows(cluster: Cluster, p: Period) -> list[tuple[Event, int, int]]:
    """The events behind the events figures: (event, confirmed participants, checked in)."""
    confirmed = sa.func.count(Registration.id).filter(Registration.status == "confirmed")
    attended = sa.func.count(Registration.id).filter(
        Registration.status == "confirmed", Registration.attended_at.is_not(None)
    )
    stmt = (
        sa.select(Event, confirmed, attended)
        .outerjoin(Registration, Registration.event_id == Event.id)
        .where(
            Event.cluster_id == cluster.id,
            Event.status == "published",
            Event.starts_at >= p.start_at,
            Event.starts_at < p.end_before,
        )
        .group_by(Event.id)
        .order_by(Event.starts_at)
    )
    return [(e, c, a) for e, c, a in db.session.execute(stmt).all()]


def contact_rows(cluster: Cluster, p: Period, accepted: bool = False) -> list[ContactRequest]:
    """The contact requests behind the contacts figures."""
    stmt = sa.select(ContactRequest).where(
        ContactRequest.from_org_id.in_(_member_ids(cluster)),
        ContactRequest.created_at >= p.start_at,
        ContactRequest.created_at < p.end_before,
    )
    if accepted:
        stmt = stmt.where(ContactRequest.status == "accepted")
    return list(db.session.scalars(stmt.order_by(ContactRequest.created_at)))


def funder_report(cluster: Cluster, p: Period) -> dict:
    return {
        "cluster": cluster.slug,
        "from": p.start.isoformat(),
        "to": p.end.isoformat(),
        "timezone": p.timezone,  # the days above are this zone's
        "members": members_section(cluster, p),
        "events": events_section(cluster, p),
        "fairs": fairs_section(cluster, p),
        "meetings": funnel(cluster, p),
        "contacts": contacts_section(cluster, p),
        "ecosystems": ecosystems_section(cluster, p),
        "opportunities": opportunities_section(cluster, p),
    }


def _lead_contacted(cluster: Cluster, p: Period):
    return sa.and_(
        Lead.cluster_id == cluster.id,
        Lead.contacted_at >= p.start_at,
        Lead.contacted_at < p.end_before,
    )


def _lead_located(cluster: Cluster, p: Period):
    return sa.and_(
        Lead.cluster_id == cluster.id,
        Lead.status == "located",
        Lead.decided_at >= p.start_at,
        Lead.decided_at < p.end_before,
    )


def ecosystems_section(cluster: Cluster, p: Period, locale: str = "fi") -> list[dict]:
    """Per ecosystem of the cluster (and leads without one): companies first contacted and
    companies that decided to locate in the period."""

    def counts(condition) -> dict:
        stmt = sa.select(Lead.ecosystem_id, sa.func.count(Lead.id)).where(condition)
        return dict(db.session.execute(stmt.group_by(Lead.ecosystem_id)).all())

    contacted, located = counts(_lead_contacted(cluster, p)), counts(_lead_located(cluster, p))
    items = db.session.scalars(
        sa.select(Ecosystem).where(Ecosystem.cluster_id == cluster.id).order_by(Ecosystem.slug)
    )
    out = [
        {
            "ecosystem": e.slug,
            "name": e.text("name", locale),
            "contacts": contacted.get(e.id, 0),
            "located": located.get(e.id, 0),
        }
        for e in items
    ]
    if contacted.get(None) or located.get(None):
        out.append(
            {
                "ecosystem": "",
                "name": str(_l("No ecosystem")),
                "contacts": contacted.get(None, 0),
                "located": located.get(None, 0),
            }
        )
    return out


def lead_rows(cluster: Cluster, p: Period, ecosystem: str = "", located: bool = False):
    """The leads behind an ecosystem's figures (`ecosystem`: a slug, "none" or "" for all)."""
    stmt = sa.select(Lead).where(
        _lead_located(cluster, p) if located else _lead_contacted(cluster, p)
    )
    if ecosystem == "none":
        stmt = stmt.where(Lead.ecosystem_id.is_(None))
    elif ecosystem:
        eco_id = sa.select(Ecosystem.id).where(
            Ecosystem.slug == ecosystem, Ecosystem.cluster_id == cluster.id
        )
        stmt = stmt.where(Lead.ecosystem_id.in_(eco_id))
    return list(db.session.scalars(stmt.order_by(Lead.name, Lead.id)))


def report_rows(report: dict, labels: dict) -> list[list]:
    """The report as (section, item, value) rows for CSV and XLSX."""
    m = report["members"]
    rows: list[list] = [
        [str(_l("Section")), str(_l("Item")), str(_l("Value"))],
        [
            str(_l("Period")),
            formatting.date(date.fromisoformat(report["from"])),
            formatting.date(date.fromisoformat(report["to"])),
        ],
        [str(_l("Members")), str(_l("At the end of the period")), m["total"]],
        [str(_l("Members")), str(_l("New in the period")), m["new"]],
    ]
    for key, title in (
        ("by_type", _l("By type")),
        ("by_size", _l("By size class")),
        ("by_municipality", _l("By municipality")),
    ):
        for value, count in m[key]:
            rows.append([str(title), str(labels.get(key, {}).get(value, value or "—")), count])
    c = report["contacts"]
    rows.append([str(_l("Contact requests")), str(_l("Made")), c["made"]])
    rows.append([str(_l("Contact requests")), str(_l("Accepted")), c["accepted"]])
    o = report["opportunities"]
    for key, label in SECTION_LABELS["opportunities"].items():
        rows.append([str(_l("Opportunities")), str(label), o["totals"][key]])
        for kind, count in o["by_kind"][key]:
            rows.append([str(label), str(OPPORTUNITY_KIND_LABELS.get(kind, kind)), count])
    for key, title in (
        ("events", _l("Events")),
        ("fairs", _l("Fairs")),
        ("meetings", _l("One-to-one meetings")),
    ):
        if report[key] is None:
            rows.append([str(title), str(_l("Not available yet")), ""])
        else:
            rows.extend(
                [str(title), str(SECTION_LABELS[key].get(k, k)), v] for k, v in report[key].items()
            )
    for item in report.get("ecosystems", []):
        title = f"{_l('Ecosystem')}: {item['name']}"
        rows.append([title, str(_l("Company contacts")), item["contacts"]])
        rows.append([title, str(_l("Companies located")), item["located"]])
    return rows


def bars(items: list[tuple[str, int]], width: int = 230) -> list[dict]:
    """Bar lengths for a server-side SVG chart: the largest count fills the width."""
    top = max((c for _, c in items), default=0) or 1
    return [
        {"value": v, "count": c, "length": max(2, round(width * c / top)) if c else 0}
        for v, c in items
    ]


def funnel(cluster, period) -> dict[str, int]:
    """Matching quality in the period: suggested -> requested -> accepted -> held -> next step.
    ``suggested`` counts requests sent from suggestions plus meetings the bulk scheduler made."""
    start, end = period.start_at, period.end_before
    in_cluster = sa.select(Event.id).where(
        Event.cluster_id == cluster.id, Event.starts_at >= start, Event.starts_at < end
    )
    req = sa.select(sa.func.count(MeetingRequest.id)).where(MeetingRequest.event_id.in_(in_cluster))
    meet = sa.select(sa.func.count(Meeting.id)).where(
        Meeting.event_id.in_(in_cluster), Meeting.status == "published"
    )
    s = db.session.scalar
    return {
        "suggested": s(req.where(MeetingRequest.source == "suggestion"))
        + s(meet.where(Meeting.source == "suggestion")),
        "requested": s(req),
        "accepted": s(meet),
        "held": s(meet.where(sa.or_(Meeting.held_a.is_(True), Meeting.held_b.is_(True)))),
        "next_step": s(
            meet.where(sa.or_(Meeting.next_step_a.is_(True), Meeting.next_step_b.is_(True)))
        ),
    }


# --------------------------------------------------------------------- opportunities
OPPORTUNITY_FIGURES = ("published", "interests", "accepted", "fulfilled")


def _opportunity_rows_select(cluster: Cluster, p: Period, figure: str, kind: str = ""):
    """Each figure counts the step taken in the period: a post published, an expression of
    interest sent, one accepted, a post fulfilled; all about the cluster's posts."""
    if figure in ("published", "fulfilled"):
        column = Opportunity.published_at if figure == "published" else Opportunity.fulfilled_at
        stmt = sa.select(Opportunity).where(
            Opportunity.cluster_id == cluster.id, column >= p.start_at, column < p.end_before
        )
        if figure == "fulfilled":
            stmt = stmt.where(Opportunity.status == "fulfilled")
        if kind:
            stmt = stmt.where(Opportunity.kind == kind)
        return stmt.order_by(column, Opportunity.id)
    column = (
        OpportunityInterest.created_at if figure == "interests" else OpportunityInterest.decided_at
    )
    stmt = (
        sa.select(OpportunityInterest)
        .join(Opportunity, Opportunity.id == OpportunityInterest.opportunity_id)
        .where(Opportunity.cluster_id == cluster.id, column >= p.start_at, column < p.end_before)
    )
    if figure == "accepted":
        stmt = stmt.where(OpportunityInterest.status == "accepted")
    if kind:
        stmt = stmt.where(Opportunity.kind == kind)
    return stmt.order_by(column, OpportunityInterest.id)


def opportunities_section(cluster: Cluster, p: Period) -> dict:
    """Opportunities published, expressions of interest, accepted and fulfilled in the
    period, in all and per kind of opportunity."""
    totals, by_kind = {}, {}
    for figure in OPPORTUNITY_FIGURES:
        sub = _opportunity_rows_select(cluster, p, figure).subquery()
        totals[figure] = db.session.scalar(sa.select(sa.func.count()).select_from(sub))
        if figure in ("published", "fulfilled"):
            kind_col = sub.c.kind
            rows = db.session.execute(
                sa.select(kind_col, sa.func.count()).group_by(kind_col).order_by(kind_col)
            ).all()
        else:
            rows = db.session.execute(
                sa.select(Opportunity.kind, sa.func.count())
                .join(sub, sub.c.opportunity_id == Opportunity.id)
                .group_by(Opportunity.kind)
                .order_by(Opportunity.kind)
            ).all()
        by_kind[figure] = [(k, c) for k, c in rows]
    return {"totals": totals, "by_kind": by_kind}


def opportunity_rows(cluster: Cluster, p: Period, figure: str, kind: str = "") -> list:
    """The posts (or expressions of interest) behind one opportunities figure."""
    if figure not in OPPORTUNITY_FIGURES:
        raise DomainError(_l("Unknown figure."))
    return list(db.session.scalars(_opportunity_rows_select(cluster, p, figure, kind)))
