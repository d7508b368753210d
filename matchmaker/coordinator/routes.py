"""Coordinator pages (overview, dashboard, settings, synonyms, audit log) and the personal data
pages every user has (download my data, delete my account). Member import, invitations and
export are in member_views.py, the funder report in report_views.py, leads in lead_views.py;
importing them here registers their routes on the same blueprint."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from matchmaker.clusters.forms import ClusterSettingsForm
from matchmaker.coordinator import lead_views, member_views, report_views  # noqa: F401
from matchmaker.coordinator.blueprint import _cluster, account_bp, bp
from matchmaker.coordinator.forms import DeleteAccountForm, DeleteForm, SynonymForm
from matchmaker.extensions import db
from matchmaker.models import ClusterSynonym
from matchmaker.services import audit, invitations, leads, privacy, synonyms
from matchmaker.services import clusters as cluster_service
from matchmaker.services import dashboard as coordinator_day
from matchmaker.services.errors import DomainError
from matchmaker.web import page_number, service_call


@bp.route("/")
def index():
    items = [c for c in cluster_service.all_clusters() if current_user.coordinates(c.id)]
    if not items:
        abort(403)
    return render_template("coordinator/index.html", clusters=items)


@bp.route("/<slug>/")
def dashboard(slug: str):
    cluster = _cluster(slug)
    return render_template(
        "coordinator/dashboard.html",
        cluster=cluster,
        member_count=cluster_service.member_count(cluster),
        claim_rate=invitations.claim_rate(cluster),
        unreachable=invitations.unreachable_members(cluster),
        day=coordinator_day.coordinator_day(cluster),
        lead_progress=leads.progress(cluster),
    )


@bp.route("/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str):
    cluster = _cluster(slug)
    form = ClusterSettingsForm(obj=cluster)
    if form.validate_on_submit():
        with service_call(form, _("Cluster settings saved.")) as call:
            cluster_service.update_settings(current_user, cluster, form.data)
        if call.ok:
            return redirect(url_for("coordinator.settings", slug=cluster.slug))
    return render_template("coordinator/settings.html", cluster=cluster, form=form)


# --------------------------------------------------------------------- synonyms
@bp.route("/<slug>/synonyms", methods=["GET", "POST"])
def synonym_list(slug: str):
    """The cluster's synonyms for matching ("ruoppaus = dredging"): list and add."""
    cluster = _cluster(slug)
    form = SynonymForm()
    if form.validate_on_submit():
        with service_call(
            form, _("Synonym added. Matching uses it after the next index build.")
        ) as call:
            synonyms.add(current_user, cluster, form.terms.data)
        if call.ok:
            return redirect(url_for("coordinator.synonym_list", slug=cluster.slug))
    return render_template(
        "coordinator/synonyms.html",
        cluster=cluster,
        form=form,
        delete_form=DeleteForm(),
        items=synonyms.for_cluster(cluster),
    )


@bp.route("/<slug>/synonyms/<int:synonym_id>/delete", methods=["POST"])
def synonym_delete(slug: str, synonym_id: int):
    cluster = _cluster(slug)
    synonym = db.get_or_404(ClusterSynonym, synonym_id)
    if synonym.cluster_id != cluster.id:
        abort(404)
    # CSRFProtect has checked the token before this view runs.
    synonyms.delete(current_user, cluster, synonym)
    db.session.commit()
    flash(_("Synonym deleted."), "success")
    return redirect(url_for("coordinator.synonym_list", slug=cluster.slug))


# --------------------------------------------------------------------- audit log
@bp.route("/<slug>/audit")
def audit_log(slug: str):
    cluster = _cluster(slug)
    page = db.paginate(
        audit.entries_for_cluster(cluster), page=page_number(), per_page=50, error_out=False
    )
    return render_template("coordinator/audit.html", cluster=cluster, page=page, label=audit.label)


# --------------------------------------------------------------------- personal data
@account_bp.route("/data.json")
@login_required
def my_data():
    content = privacy.personal_data_json(current_user)
    return Response(
        content,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@account_bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if form.confirm.data.strip().upper() != "DELETE":
            form.confirm.errors = [_("Type DELETE to confirm.")]
        else:
            user = current_user._get_current_object()
            try:
                privacy.delete_account(user)
            except DomainError as exc:
                db.session.rollback()
                flash(str(exc.message), "error")
            else:
                logout_user()
                db.session.commit()
                flash(_("Your account has been deleted."), "success")
                return redirect(url_for("main.index"))
    return render_template("coordinator/delete_account.html", form=form)
