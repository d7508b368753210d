"""Coordinator pages for leads: the list with targets, export, editing and import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.coordinator.blueprint import _cluster, bp
from matchmaker.coordinator.forms import (
    LEAD_STATUS_LABELS,
    LeadFilterForm,
    LeadForm,
    LeadTargetForm,
    UploadForm,
)
from matchmaker.ecosystems.forms import ROLE_LABELS
from matchmaker.extensions import db
from matchmaker.models import Cluster, Lead
from matchmaker.services import ecosystems, imports, leads, spreadsheets
from matchmaker.services.errors import DomainError
from matchmaker.web import download, refuse, service_call


# --------------------------------------------------------------------- leads
def _lead_filters(cluster: Cluster) -> LeadFilterForm:
    return LeadFilterForm(
        request.args,
        owners=leads.possible_owners(cluster),
        ecosystems=leads.cluster_ecosystems(cluster),
        locale=str(get_locale()),
    )


@bp.route("/<slug>/leads", methods=["GET", "POST"])
def lead_list(slug: str):
    """The leads, the pipeline per ecosystem and progress toward the cluster's targets."""
    cluster = _cluster(slug)
    goal = leads.target(cluster)
    target_form = LeadTargetForm(
        data={"contacts": goal.contacts if goal else 0, "locations": goal.locations if goal else 0}
        if request.method == "GET"
        else None
    )
    if request.method == "POST" and target_form.validate_on_submit():
        with service_call(target_form, _("Targets saved.")) as call:
            leads.set_target(
                current_user, cluster, target_form.contacts.data, target_form.locations.data
            )
        if call.ok:
            return redirect(url_for("coordinator.lead_list", slug=slug))
    form = _lead_filters(cluster)
    items = leads.search(cluster, form.query())
    fits = leads.best_fits(items)
    return render_template(
        "coordinator/leads.html",
        cluster=cluster,
        form=form,
        target_form=target_form,
        items=items,
        fits=fits,
        progress=leads.progress(cluster),
        statuses=LEAD_STATUS_LABELS,
        args={k: v for k, v in request.args.items() if v},
    )


@bp.route("/<slug>/leads/export.xlsx")
def lead_export(slug: str):
    cluster = _cluster(slug)
    form = _lead_filters(cluster)
    content = spreadsheets.to_xlsx(leads.rows(leads.search(cluster, form.query())), _("Leads"))
    return download(content, f"{cluster.slug}-leads.xlsx", "xlsx")


@bp.route("/<slug>/leads/new", methods=["GET", "POST"])
@bp.route("/<slug>/leads/<int:lead_id>", methods=["GET", "POST"])
def lead_edit(slug: str, lead_id: int | None = None):
    cluster = _cluster(slug)
    item = None
    if lead_id is not None:
        item = db.get_or_404(Lead, lead_id)
        if item.cluster_id != cluster.id:
            abort(404)
    locale = str(get_locale())
    form = LeadForm(
        obj=item,
        owners=leads.possible_owners(cluster),
        ecosystems=leads.cluster_ecosystems(cluster),
        stages=leads.stage_choices(item),
        locale=locale,
    )
    if request.method == "GET" and item is not None:
        form.owner_id.data = str(item.owner_id or "")
        form.ecosystem_id.data = str(item.ecosystem_id or "")
    if form.validate_on_submit():
        data = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
        with service_call(form, _("Lead saved.")) as call:
            leads.save(current_user, cluster, data, item)
        if call.ok:
            return redirect(url_for("coordinator.lead_list", slug=slug))
    fits = ecosystems.fit_for_lead(item, locale) if item is not None else []
    return render_template(
        "coordinator/lead_edit.html",
        cluster=cluster,
        form=form,
        item=item,
        fits=fits,
        locale=locale,
        roles=ROLE_LABELS,
    )


@bp.route("/<slug>/leads/import", methods=["GET", "POST"])
def lead_import(slug: str):
    cluster = _cluster(slug)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            count = leads.import_file(current_user, cluster, upload.filename, upload.read())
        except imports.ImportRejected as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
            return render_template(
                "coordinator/lead_import.html",
                cluster=cluster,
                form=form,
                errors=exc.preview.errors(),
                field_labels=imports.FIELD_LABELS,
            )
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("%(n)d leads imported.", n=count), "success")
            return redirect(url_for("coordinator.lead_list", slug=slug))
    return render_template(
        "coordinator/lead_import.html", cluster=cluster, form=form, errors=[], field_labels={}
    )
