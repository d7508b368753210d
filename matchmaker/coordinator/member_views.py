"""Coordinator pages for the member list: import from a spreadsheet, invitations, export."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from matchmaker.coordinator.blueprint import _cluster, bp
from matchmaker.coordinator.forms import UploadForm, mapping_form, mapping_from
from matchmaker.extensions import db
from matchmaker.jobs import imports as import_jobs
from matchmaker.models import Cluster, ImportRun, Organisation
from matchmaker.models.invitations import INVITATION_STATUSES
from matchmaker.services import exports, imports, invitations
from matchmaker.services.errors import DomainError
from matchmaker.web import download

_TOKEN_RE = re.compile(r"^[a-f0-9]{32}\.(csv|txt|xlsx)$")
UPLOAD_MAX_AGE = 24 * 3600


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
        if (
            request.method == "POST"
            and request.form.get("action") == "import"
            and len(table.rows) > import_jobs.threshold()
        ):
            # Too large for a request: a job applies it, all or nothing, as below.
            run = import_jobs.queue_import(
                cluster,
                token,
                path.read_bytes(),
                len(table.rows),
                mapping,
                actor=current_user,
                confirmed=confirmed,
            )
            db.session.commit()
            import_jobs.start(run)
            path.unlink(missing_ok=True)
            return redirect(url_for("coordinator.import_status", slug=slug, run_id=run.id))
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


@bp.route("/<slug>/imports/<int:run_id>")
def import_status(slug: str, run_id: int):
    """A large import's state: waiting, running, or its result (the page refreshes itself
    until the import has finished)."""
    cluster = _cluster(slug)
    run = db.get_or_404(ImportRun, run_id)
    if run.cluster_id != cluster.id:
        abort(404)
    return render_template(
        "coordinator/import_status.html",
        cluster=cluster,
        run=run,
        field_labels=imports.FIELD_LABELS,
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
