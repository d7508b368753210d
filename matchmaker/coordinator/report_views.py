"""The coordinator's funder report, its spreadsheet and the drill-down lists behind its figures."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from matchmaker import labels
from matchmaker.coordinator.blueprint import _cluster, bp
from matchmaker.coordinator.forms import LEAD_STATUS_LABELS, ReportRangeForm
from matchmaker.models import Cluster
from matchmaker.services import reports, spreadsheets
from matchmaker.services.errors import DomainError
from matchmaker.web import download


# --------------------------------------------------------------------- report
def _period(form: ReportRangeForm, cluster: Cluster) -> reports.Period:
    try:
        return reports.period(form.start.data, form.end.data, cluster)
    except DomainError:
        return reports.period(None, None, cluster)


def _report_labels() -> dict:
    return {"by_type": labels.ORG_TYPES, "by_size": labels.SIZE_CLASSES}


@bp.route("/<slug>/report")
def report(slug: str):
    cluster = _cluster(slug)
    form = ReportRangeForm(request.args)
    form.validate()
    p = _period(form, cluster)
    data = reports.funder_report(cluster, p)
    data["ecosystems"] = reports.ecosystems_section(cluster, p, str(get_locale()))
    m = data["members"]
    charts = [
        ("org_type", _("Members by type"), reports.bars(m["by_type"]), labels.ORG_TYPES),
        ("size_class", _("Members by size class"), reports.bars(m["by_size"]), labels.SIZE_CLASSES),
        ("municipality", _("Members by municipality"), reports.bars(m["by_municipality"]), {}),
    ]
    return render_template(
        "coordinator/report.html",
        cluster=cluster,
        form=form,
        period=p,
        data=data,
        charts=charts,
        section_labels=reports.SECTION_LABELS,
        range_args={"start": p.start.isoformat(), "end": p.end.isoformat()},
    )


@bp.route("/<slug>/report.<fmt>")
def report_file(slug: str, fmt: str):
    cluster = _cluster(slug)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    form = ReportRangeForm(request.args)
    form.validate()
    p = _period(form, cluster)
    rows = reports.report_rows(reports.funder_report(cluster, p), _report_labels())
    content = spreadsheets.render(rows, fmt, _("Report"))
    return download(content, f"{cluster.slug}-report-{p.start}-{p.end}.{fmt}", fmt)


@bp.route("/<slug>/report/members")
def report_members(slug: str):
    cluster, p, range_args = _drilldown(slug)
    dimension = request.args.get("dimension", "")
    value = request.args.get("value", "")
    new = request.args.get("new") == "1"
    try:
        orgs = reports.member_rows(cluster, p, dimension, value, new)
    except DomainError:
        abort(404)
    return render_template(
        "coordinator/report_members.html",
        cluster=cluster,
        period=p,
        orgs=orgs,
        dimension=dimension,
        value=value,
        new=new,
        range_args=range_args,
    )


def _drilldown(slug: str) -> tuple[Cluster, reports.Period, dict]:
    """The cluster, the report period from the query string, and its args for links back."""
    cluster = _cluster(slug)
    form = ReportRangeForm(request.args)
    form.validate()
    p = _period(form, cluster)
    return cluster, p, {"start": p.start.isoformat(), "end": p.end.isoformat()}


@bp.route("/<slug>/report/events")
def report_events(slug: str):
    cluster, p, range_args = _drilldown(slug)
    return render_template(
        "coordinator/report_events.html",
        cluster=cluster,
        period=p,
        rows=reports.event_rows(cluster, p),
        range_args=range_args,
    )


@bp.route("/<slug>/report/fairs")
def report_fairs(slug: str):
    cluster, p, range_args = _drilldown(slug)
    return render_template(
        "coordinator/report_fairs.html",
        cluster=cluster,
        period=p,
        rows=reports.fair_rows(cluster, p),
        range_args=range_args,
    )


@bp.route("/<slug>/report/contacts")
def report_contacts(slug: str):
    cluster, p, range_args = _drilldown(slug)
    accepted = request.args.get("accepted") == "1"
    return render_template(
        "coordinator/report_contacts.html",
        cluster=cluster,
        period=p,
        accepted=accepted,
        items=reports.contact_rows(cluster, p, accepted),
        range_args=range_args,
    )


@bp.route("/<slug>/report/leads")
def report_leads(slug: str):
    """The leads behind the ecosystem figures: first contacted, or located, in the period."""
    cluster, p, range_args = _drilldown(slug)
    located = request.args.get("located") == "1"
    ecosystem = request.args.get("ecosystem", "")[:64]
    return render_template(
        "coordinator/report_leads.html",
        cluster=cluster,
        period=p,
        located=located,
        items=reports.lead_rows(cluster, p, ecosystem, located),
        statuses=LEAD_STATUS_LABELS,
        range_args=range_args,
    )
