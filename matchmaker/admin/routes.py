from functools import wraps

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.admin.forms import ClusterForm, CoordinatorForm, RetryMailForm
from matchmaker.extensions import db
from matchmaker.jobs import imports as import_jobs
from matchmaker.jobs import overview as job_overview
from matchmaker.jobs.queue import OUTBOX, kick, on_queue
from matchmaker.matching.text import analyser_name
from matchmaker.models import Cluster, ImportRun, OutboxMessage, User
from matchmaker.models.mail import MAIL_STATUSES
from matchmaker.services import accounts, clusters, mail_delivery
from matchmaker.services.errors import DomainError
from matchmaker.web import page_number, safe_next, show_errors

bp = Blueprint("admin", __name__)


@bp.context_processor
def text_analyser() -> dict:
    """Which analyser reads Finnish text (Voikko or the Snowball fallback), for the admin nav."""
    return {"text_analyser": analyser_name()}


def site_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_site_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/outbox")
@site_admin_required
def outbox():
    status = request.args.get("status")
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in MAIL_STATUSES:
        stmt = stmt.where(OutboxMessage.status == status)
    else:
        status = None
    page = db.paginate(stmt, page=page_number(), per_page=50, error_out=False)
    return render_template(
        "admin/outbox.html",
        page=page,
        status=status,
        state=mail_delivery.outbox_state(),
        retry_form=RetryMailForm(),
    )


@bp.route("/outbox/<int:message_id>")
@site_admin_required
def outbox_message(message_id: int):
    return render_template(
        "admin/message.html",
        message=db.get_or_404(OutboxMessage, message_id),
        mail_server=bool(current_app.config.get("MAIL_SERVER")),
        retry_form=RetryMailForm(),
    )


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
@site_admin_required
def retry_message(message_id: int):
    # CSRFProtect has checked the form's token before this runs.
    message = db.get_or_404(OutboxMessage, message_id)
    try:
        mail_delivery.requeue(message)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        kick(OUTBOX)
        flash(_("The message is queued again; the mail worker sends it shortly."), "success")
    return redirect(safe_next(url_for("admin.outbox")))


@bp.route("/jobs")
@site_admin_required
def jobs():
    """Recent jobs with their state, attempts and last error; the queue's depth."""
    status = request.args.get("status")
    if status not in job_overview.JOB_STATUSES:
        status = None
    queued = on_queue()
    imports = job_overview.recent_imports()
    return render_template(
        "admin/jobs.html",
        on_queue=queued,
        status=status,
        jobs=job_overview.recent_jobs(status) if queued else [],
        counts=job_overview.status_counts() if queued else {},
        stalled=job_overview.stalled_count() if queued else 0,
        keep_days=current_app.config["JOBS_KEEP_DAYS"],
        keep_failed_days=current_app.config["JOBS_KEEP_FAILED_DAYS"],
        depth=job_overview.queue_depth(),
        mail=mail_delivery.outbox_state(),
        imports=imports,
        interrupted_imports=job_overview.interrupted_imports(imports),
        max_attempts=current_app.config["JOBS_MAX_ATTEMPTS"],
        overdue_imports=job_overview.overdue_imports(),
        retry_form=RetryMailForm(),
    )


@bp.route("/jobs/<int:job_id>/retry", methods=["POST"])
@site_admin_required
def retry_job(job_id: int):
    return _on_job(
        job_id, job_overview.retry_job, _("The job is queued again; a worker runs it shortly.")
    )


@bp.route("/jobs/<int:job_id>/cancel", methods=["POST"])
@site_admin_required
def cancel_job(job_id: int):
    return _on_job(
        job_id, job_overview.cancel_job, _("The job is cancelled; no worker will run it.")
    )


def _on_job(job_id: int, action, done: str):
    """Retry or cancel a queue job; the service says why not (next to the list)."""
    if not on_queue():
        abort(404)
    try:
        action(job_id)
    except DomainError as exc:
        if exc.status == 404:
            abort(404)
        flash(str(exc.message), "error")
    else:
        flash(done, "success")
    return redirect(safe_next(url_for("admin.jobs")))


@bp.route("/imports/<int:run_id>/retry", methods=["POST"])
@site_admin_required
def retry_import(run_id: int):
    run = db.get_or_404(ImportRun, run_id)
    try:
        import_jobs.retry(run)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        import_jobs.start(run)
        flash(_("The import is queued again; a worker applies it shortly."), "success")
    return redirect(safe_next(url_for("admin.jobs")))


@bp.route("/users")
@site_admin_required
def users():
    q = (request.args.get("q") or "").strip().lower()
    stmt = sa.select(User).order_by(User.email)
    if q:
        stmt = stmt.where(sa.or_(User.email.contains(q), sa.func.lower(User.name).contains(q)))
    page = db.paginate(stmt, page=page_number(), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, q=q)


@bp.route("/clusters", methods=["GET", "POST"])
@site_admin_required
def cluster_list():
    form = ClusterForm()
    if form.validate_on_submit():
        try:
            clusters.create_cluster(
                slug=form.slug.data.strip(),
                name=form.name.data,
                region=form.region.data or "",
                description=form.description.data or "",
                timezone=form.timezone.data,
            )
        except DomainError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Cluster created."), "success")
            return redirect(url_for("admin.cluster_list"))
    return render_template(
        "admin/clusters.html",
        form=form,
        clusters=clusters.all_clusters(),
        coordinator_form=CoordinatorForm(),
    )


@bp.route("/clusters/<int:cluster_id>/coordinators", methods=["POST"])
@site_admin_required
def add_coordinator(cluster_id: int):
    cluster = db.get_or_404(Cluster, cluster_id)
    form = CoordinatorForm()
    if form.validate_on_submit():
        user = accounts.user_by_email(form.email.data)
        if user is None:
            flash(_("No user with this e-mail address."), "error")
        else:
            clusters.add_coordinator(cluster, user)
            db.session.commit()
            flash(
                _("%(name)s now coordinates %(cluster)s.", name=user.name, cluster=cluster.name),
                "success",
            )
    else:
        flash(_("Enter a valid e-mail address."), "error")
    return redirect(url_for("admin.cluster_list"))
