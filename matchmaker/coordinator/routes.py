"""Coordinator pages (import, export, funder report, audit log, leads) and the personal data
pages every user has (download my data, delete my account)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from matchmaker import labels, timeutil
from matchmaker.clusters.forms import ClusterSettingsForm
from matchmaker.coordinator.forms import (
    LEAD_STATUS_LABELS,
    DeleteAccountForm,
    DeleteForm,
    LeadFilterForm,
    LeadForm,
    LeadTargetForm,
    ReportRangeForm,
    SynonymForm,
    UploadForm,
    mapping_form,
    mapping_from,
)
from matchmaker.ecosystems.forms import ROLE_LABELS
from matchmaker.extensions import db
from matchmaker.models import Cluster, ClusterSynonym, Lead, Organisation
from matchmaker.models.invitations import INVITATION_STATUSES
from matchmaker.services import (
    audit,
    ecosystems,
    exports,
    imports,
    invitations,
    leads,
    privacy,
    reports,
    spreadsheets,
    synonyms,
)
from matchmaker.services import clusters as cluster_service
from matchmaker.services import dashboard as coordinator_day
from matchmaker.services.errors import DomainError
from matchmaker.web import download, page_number, refuse

bp = Blueprint("coordinator", __name__)
account_bp = Blueprint("account", __name__)

_TOKEN_RE = re.compile(r"^[a-f0-9]{32}\.(csv|txt|xlsx)$")
UPLOAD_MAX_AGE = 24 * 3600


def _cluster(slug: str) -> Cluster:
    """The cluster, if the current user coordinates it (site admins coordinate all)."""
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    if not current_user.coordinates(cluster.id):
        abort(403)
    timeutil.use_cluster(cluster)
    return cluster


@bp.before_request
@login_required
def require_login():
    return None


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
    )


@bp.route("/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str):
    cluster = _cluster(slug)
    form = ClusterSettingsForm(obj=cluster)
    if form.validate_on_submit():
        try:
            cluster_service.update_settings(current_user, cluster, form.data)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Cluster settings saved."), "success")
            return redirect(url_for("coordinator.settings", slug=cluster.slug))
    return render_template("coordinator/settings.html", cluster=cluster, form=form)


# --------------------------------------------------------------------- synonyms
@bp.route("/<slug>/synonyms", methods=["GET", "POST"])
def synonym_list(slug: str):
    """The cluster's synonyms for matching ("ruoppaus = dredging"): list and add."""
    cluster = _cluster(slug)
    form = SynonymForm()
    if form.validate_on_submit():
        try:
            synonyms.add(current_user, cluster, form.terms.data)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Synonym added. Matching uses it after the next index build."), "success")
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


# --------------------------------------------------------------------- import
def _upload_dir(cluster: Cluster) -> Path:
    path = Path(current_app.instance_path) / "imports" / str(cluster.id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _clean_old_uploads(folder: Path) -> None:
    limit = time.time() - UPLOAD_MAX_AGE
    for item in folder.iterdir():
        if item.stat().st_mtime < limit:
            item.unlink(missing_ok=True)


@bp.route("/<slug>/import", methods=["GET", "POST"])
def import_upload(slug: str):
    cluster = _cluster(slug)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        ext = upload.filename.rsplit(".", 1)[-1].lower()
        folder = _upload_dir(cluster)
        _clean_old_uploads(folder)
        token = f"{secrets.token_hex(16)}.{ext}"
        upload.save(folder / token)
        return redirect(url_for("coordinator.import_preview", slug=slug, token=token))
    return render_template("coordinator/import_upload.html", cluster=cluster, form=form)


@bp.route("/<slug>/import/<token>", methods=["GET", "POST"])
def import_preview(slug: str, token: str):
    cluster = _cluster(slug)
    path = _upload_dir(cluster) / token
    if not _TOKEN_RE.match(token) or not path.exists():
        flash(_("The uploaded file is no longer available. Upload it again."), "error")
        return redirect(url_for("coordinator.import_upload", slug=slug))
    try:
        table = imports.read_table(token, path.read_bytes())
    except DomainError as exc:
        flash(
            " ".join([str(exc.message), *(str(m) for v in exc.fields.values() for m in v)]), "error"
        )
        return redirect(url_for("coordinator.import_upload", slug=slug))
    guessed = imports.guess_mapping(table.headers, imports.remembered_mapping(cluster))
    form = mapping_form(table.headers, guessed, request.form if request.method == "POST" else None)
    result = mapping_error = None
    mapping = mapping_from(form) if request.method == "POST" else guessed
    if request.method == "POST" and not form.validate_on_submit():
        abort(400)
    # Rows whose unverified organisation the coordinator ticked to merge into.
    confirmed = {int(v) for v in request.form.getlist("merge_row") if v.isdigit() and len(v) < 9}
    try:
        if request.method == "POST" and request.form.get("action") == "import":
            result = imports.import_members(
                cluster, table, mapping, actor=current_user, confirmed=confirmed
            )
            db.session.commit()
            path.unlink(missing_ok=True)
            flash(
                _(
                    "Imported: %(created)d organisations created, %(updated)d updated, "
                    "%(applied)d invited to join, %(skipped)d skipped.",
                    created=result.created,
                    updated=result.updated,
                    applied=result.applied,
                    skipped=result.skipped,
                ),
                "success",
            )
            # Right after an import: the page that invites the members nobody has claimed.
            return redirect(url_for("coordinator.invitation_list", slug=slug))
        result = imports.preview(table, mapping, actor=current_user, confirmed=confirmed)
    except imports.ImportRejected as exc:
        db.session.rollback()
        result = exc.preview
        flash(str(exc.message), "error")
    except DomainError as exc:
        db.session.rollback()
        mapping_error = [str(m) for v in exc.fields.values() for m in v] or [str(exc.message)]
    return render_template(
        "coordinator/import_preview.html",
        cluster=cluster,
        form=form,
        token=token,
        result=result,
        mapping_error=mapping_error,
        field_labels=imports.FIELD_LABELS,
        confirmed=confirmed,
    )


# --------------------------------------------------------------------- invitations
INVITATION_STATUS_LABELS = {
    "sent": _l("sent"),
    "opened": _l("opened"),
    "accepted": _l("accepted"),
    "expired": _l("expired"),
    "bounced": _l("bounced"),
}


def _flash_invited(result: invitations.InviteResult) -> None:
    if result.invited:
        flash(
            ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(result.invited)),
            "success",
        )
    else:
        flash(_("Nobody was invited."), "info")
    reasons: dict[str, int] = {}
    for _org_id, reason in result.skipped:
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in reasons.items():
        flash(
            ngettext(
                "%(num)d organisation skipped: %(reason)s",
                "%(num)d organisations skipped: %(reason)s",
                count,
                reason=invitations.SKIP_REASONS[reason],
            ),
            "info",
        )


@bp.route("/<slug>/invitations", methods=["GET", "POST"])
def invitation_list(slug: str):
    """The cluster's invitations with a status filter and the claim rate; POST invites every
    member without users."""
    cluster = _cluster(slug)
    if request.method == "POST":
        result = invitations.invite_members(current_user, cluster, all_unclaimed=True)
        db.session.commit()
        _flash_invited(result)
        return redirect(url_for("coordinator.invitation_list", slug=slug))
    status = request.args.get("status", "")
    status = status if status in INVITATION_STATUSES else ""
    plan = invitations.invite_members(current_user, cluster, all_unclaimed=True, dry_run=True)
    return render_template(
        "coordinator/invitations.html",
        cluster=cluster,
        items=invitations.list_for(cluster, status or None),
        status=status,
        status_labels=INVITATION_STATUS_LABELS,
        claim_rate=invitations.claim_rate(cluster),
        planned=plan.planned,
        planned_orgs=len({org.id for org, _email in plan.planned}),
    )


@bp.route("/<slug>/invitations/organisation/<int:org_id>", methods=["POST"])
def invite_organisation(slug: str, org_id: int):
    """Invite one member's contact people, from the organisation's page."""
    cluster = _cluster(slug)
    org = db.get_or_404(Organisation, org_id)
    result = invitations.invite_members(current_user, cluster, [org.id])
    db.session.commit()
    if result.skipped and result.skipped[0][1] == "not_member":
        abort(404)
    _flash_invited(result)
    return redirect(url_for("companies.show", org_id=org.id))


# --------------------------------------------------------------------- export
@bp.route("/<slug>/export/<kind>.<fmt>")
def export(slug: str, kind: str, fmt: str):
    cluster = _cluster(slug)
    if kind not in ("members", "directory") or fmt not in ("csv", "xlsx"):
        abort(404)
    content = exports.member_list(cluster, fmt, full=kind == "directory")
    return download(content, f"{cluster.slug}-{kind}.{fmt}", fmt)


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


# --------------------------------------------------------------------- audit log
@bp.route("/<slug>/audit")
def audit_log(slug: str):
    cluster = _cluster(slug)
    page = db.paginate(
        audit.entries_for_cluster(cluster), page=page_number(), per_page=50, error_out=False
    )
    return render_template("coordinator/audit.html", cluster=cluster, page=page, label=audit.label)


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
        try:
            leads.set_target(
                current_user, cluster, target_form.contacts.data, target_form.locations.data
            )
        except DomainError as exc:
            refuse(exc, target_form)
        else:
            db.session.commit()
            flash(_("Targets saved."), "success")
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
        try:
            leads.save(current_user, cluster, data, item)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Lead saved."), "success")
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
