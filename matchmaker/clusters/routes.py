from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from matchmaker.clusters.forms import ApplyForm, DirectoryFilterForm
from matchmaker.extensions import db
from matchmaker.models import Cluster, Membership, Organisation
from matchmaker.presenters import catalogue as catalogue_presenter
from matchmaker.services import clusters as cluster_service
from matchmaker.services import directory, organisations
from matchmaker.services.errors import DomainError
from matchmaker.web import page_number, refuse

bp = Blueprint("clusters", __name__)


def _cluster_or_404(slug: str) -> Cluster:
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    return cluster


@bp.route("/")
def index():
    return redirect(url_for("main.index"))


@bp.route("/<slug>/")
def directory_page(slug: str):
    cluster = _cluster_or_404(slug)
    form = DirectoryFilterForm(request.args, municipalities=directory.municipalities([cluster.id]))
    query = directory.DirectoryQuery(cluster_ids=[cluster.id])
    if form.validate():
        query = directory.DirectoryQuery(
            q=form.q.data or "",
            org_type=form.org_type.data or "",
            industry=form.industry.data or "",
            municipality=form.municipality.data or "",
            size_class=form.size_class.data or "",
            export_market=form.export_market.data or "",
            sort=form.sort.data or "relevance",
            cluster_ids=[cluster.id],
        )
    page = directory.paginate(query, page_number(), current_app.config["DIRECTORY_PAGE_SIZE"])
    membership = None
    if (
        current_user.is_authenticated
        and current_user.organisation_id
        and current_user.active_organisation_id
    ):
        membership = cluster_service.membership(cluster, current_user.organisation)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "clusters/directory.html",
        cluster=cluster,
        form=form,
        page=page,
        args=args,
        membership=membership,
        snippets={o.id: directory.result_snippet(o, query.q) for o in page.items},
        apply_form=ApplyForm(),
        is_coordinator=current_user.is_authenticated and current_user.coordinates(cluster.id),
    )


@bp.route("/<slug>/catalogue")
def catalogue(slug: str):
    cluster = _cluster_or_404(slug)
    orgs = db.session.scalars(
        directory.build_select(directory.DirectoryQuery(cluster_ids=[cluster.id])).options(
            selectinload(Organisation.contacts)
        )
    ).all()
    viewer = current_user if current_user.is_authenticated else None
    contacts = organisations.visible_contacts_of(orgs, viewer)
    return render_template(
        "clusters/catalogue.html",
        cluster=cluster,
        orgs=orgs,
        contacts=contacts,
        catalogue=catalogue_presenter.build(orgs, str(get_locale())),
    )


@bp.route("/<slug>/apply", methods=["POST"])
@login_required
def apply(slug: str):
    cluster = _cluster_or_404(slug)
    form = ApplyForm()
    org = current_user.organisation if current_user.active_organisation_id else None
    if org is None:
        abort(403)  # the page shows no application form to them
    if form.validate_on_submit():
        try:
            cluster_service.apply(current_user, cluster, org, form.message.data or "")
        except DomainError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Application sent. The coordinators will decide on it."), "success")
    return redirect(url_for("clusters.directory_page", slug=slug))


@bp.route("/<slug>/applications")
@login_required
def applications(slug: str):
    cluster = _cluster_or_404(slug)
    if not current_user.coordinates(cluster.id):
        abort(403)
    return render_template(
        "clusters/applications.html",
        cluster=cluster,
        items=cluster_service.pending_applications(cluster),
        invitations=cluster_service.pending_invitations(cluster),
    )


@bp.route("/<slug>/applications/<int:membership_id>", methods=["POST"])
@login_required
def decide(slug: str, membership_id: int):
    cluster = _cluster_or_404(slug)
    item = db.get_or_404(Membership, membership_id)
    if item.cluster_id != cluster.id:
        abort(404)
    form = ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        cluster_service.decide(current_user, item, request.form.get("decision") == "approve")
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(
            _("%(org)s is now a member.", org=item.organisation.name)
            if item.status == "approved"
            else _("The application of %(org)s was declined.", org=item.organisation.name),
            "success",
        )
    if not current_user.coordinates(cluster.id):  # an organisation answered an invitation
        return redirect(url_for("clusters.directory_page", slug=slug))
    return redirect(url_for("clusters.applications", slug=slug))
