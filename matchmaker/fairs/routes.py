from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from matchmaker.extensions import db
from matchmaker.fairs.forms import FairForm, InterestForm, StandForm
from matchmaker.models import Cluster, Fair, JointStand, Organisation
from matchmaker.services import clusters as cluster_service
from matchmaker.services import fairs, invitations, spreadsheets
from matchmaker.services.errors import DomainError
from matchmaker.web import download, refuse, service_call, user_or_none

bp = Blueprint("fairs", __name__)

STAND_STATUSES = {
    "open": _l("Open for interest"),
    "closed": _l("Closed"),
    "confirmed": _l("Confirmed"),
}


@bp.app_template_global()
def stand_status(code: str) -> str:
    return str(STAND_STATUSES.get(code, code))


def _cluster_or_404(slug: str) -> Cluster:
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    return cluster


def _coordinated(slug: str) -> Cluster:
    cluster = _cluster_or_404(slug)
    if not current_user.coordinates(cluster.id):
        abort(403)
    return cluster


@bp.route("/")
def index():
    upcoming, past = fairs.upcoming_and_past()
    can_add = current_user.is_authenticated and (
        current_user.is_site_admin or current_user.coordinated_cluster_ids
    )
    return render_template("fairs/index.html", upcoming=upcoming, past=past, can_add=can_add)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = FairForm()
    if form.validate_on_submit():
        with service_call(form, _("Fair added. Add your cluster's joint stands next.")) as call:
            fair = fairs.create_fair(current_user, form.data)
        if call.ok:
            return redirect(url_for("fairs.show", fair_id=fair.id))
    elif request.method == "GET" and not (
        current_user.is_site_admin or current_user.coordinated_cluster_ids
    ):
        abort(403)
    return render_template("fairs/form.html", form=form, title=_("Add a trade fair"))


def _my_member_clusters(fair: Fair) -> list[Cluster]:
    """Clusters with stands at this fair of which the user's organisation is a member."""
    user = user_or_none()
    if user is None or not user.active_organisation_id:
        return []
    mine = user.organisation.approved_cluster_ids()
    seen, out = set(), []
    for stand in fair.stands:
        if stand.cluster_id in mine and stand.cluster_id not in seen:
            seen.add(stand.cluster_id)
            out.append(stand.cluster)
    return out


@bp.route("/<int:fair_id>")
def show(fair_id: int):
    fair = db.get_or_404(Fair, fair_id)
    user = user_or_none()
    interest = assignment = best_stand = None
    lines = []
    form = None
    member_clusters = _my_member_clusters(fair)
    if user is not None and user.active_organisation_id:
        interest = fairs.active_interest(fair, user.organisation)
        assignment = fairs.assignment_of(fair, user.active_organisation_id)
        if interest is not None and assignment is None:
            best_stand = next(
                iter(fairs.best_stands_for(fair, user.organisation, interest.cluster_id)), None
            )
        if assignment is not None:
            lines = fairs.cost_for(assignment.stand, assignment)
        if interest is None and member_clusters:
            form = InterestForm(clusters=member_clusters, stands=fair.stands)
    coordinated = (
        []
        if user is None
        else [
            c
            for c in {s.cluster_id: s.cluster for s in fair.stands}.values()
            if user.coordinates(c.id)
        ]
    )
    if user is not None and user.coordinated_cluster_ids:
        for cluster_id in sorted(user.coordinated_cluster_ids):
            cluster = db.session.get(Cluster, cluster_id)
            if cluster not in coordinated:
                coordinated.append(cluster)
    return render_template(
        "fairs/show.html",
        fair=fair,
        interest=interest,
        assignment=assignment,
        lines=lines,
        total=fairs.total(lines),
        form=form,
        coordinated=coordinated,
        best_stand=best_stand,
    )


@bp.route("/<int:fair_id>/interest", methods=["POST"])
@login_required
def register_interest(fair_id: int):
    fair = db.get_or_404(Fair, fair_id)
    clusters = _my_member_clusters(fair)
    form = InterestForm(clusters=clusters, stands=fair.stands)
    if not clusters:
        abort(403)
    if form.validate_on_submit():
        cluster = db.session.get(Cluster, form.cluster.data)
        try:
            fairs.register_interest(current_user, fair, cluster, form.data)
        except DomainError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(
                _("Interest registered. The coordinator will put the joint stand together."),
                "success",
            )
    else:
        flash(_("Check the highlighted fields."), "error")
    return redirect(url_for("fairs.show", fair_id=fair.id))


@bp.route("/<int:fair_id>/interest/withdraw", methods=["POST"])
@login_required
def withdraw(fair_id: int):
    fair = db.get_or_404(Fair, fair_id)
    item = (
        fairs.active_interest(fair, current_user.organisation)
        if current_user.active_organisation_id
        else None
    )
    if item is None:
        abort(404)
    try:
        fairs.withdraw_interest(current_user, item)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("Your interest was withdrawn."), "success")
    return redirect(url_for("fairs.show", fair_id=fair.id))


@bp.route("/<int:fair_id>/stands/new", methods=["GET", "POST"])
@bp.route("/<int:fair_id>/stands/<int:stand_id>", methods=["GET", "POST"])
@login_required
def stand(fair_id: int, stand_id: int | None = None):
    fair = db.get_or_404(Fair, fair_id)
    item = None
    if stand_id is not None:
        item = db.get_or_404(JointStand, stand_id)
        if item.fair_id != fair.id or not current_user.coordinates(item.cluster_id):
            abort(404 if item.fair_id != fair.id else 403)
    clusters = [
        db.session.get(Cluster, cid) for cid in sorted(current_user.coordinated_cluster_ids)
    ]
    if current_user.is_site_admin:
        clusters = cluster_service.all_clusters()
    if not clusters:
        abort(403)
    form = StandForm(obj=item, clusters=clusters)
    if item is not None:
        form.cluster.data = item.cluster_id
    if form.validate_on_submit():
        cluster = db.session.get(Cluster, form.cluster.data if item is None else item.cluster_id)
        with service_call(form, _("Stand saved.")) as call:
            fairs.save_stand(current_user, fair, cluster, form.data, item)
        if call.ok:
            return redirect(url_for("fairs.manage", fair_id=fair.id, slug=cluster.slug))
    return render_template("fairs/stand_form.html", fair=fair, form=form, item=item)


@bp.route("/<int:fair_id>/manage/<slug>")
@login_required
def manage(fair_id: int, slug: str):
    fair = db.get_or_404(Fair, fair_id)
    cluster = _coordinated(slug)
    return _manage_page(fair, cluster)


def _manage_page(fair: Fair, cluster: Cluster, errors=None, plan=None, areas=None):
    """The coordinator's page; after a refused assignment, with what was chosen and the
    errors next to the organisations' fields."""
    stands = fairs.stands_of(fair, {cluster.id})
    items = fairs.interests(fair, cluster.id)
    placed = {a.organisation_id: a.stand_id for s in stands for a in s.assignments}
    given = {
        a.organisation_id: format_decimal(a.area_m2, format="0.0")
        for s in stands
        for a in s.assignments
        if a.area_m2
    }
    if plan is not None:
        placed = {o: sid for o, sid in plan.items() if sid is not None}
        given = {o: a for o, a in (areas or {}).items() if a not in (None, "")}
    grouping = (
        fairs.suggest_grouping(fair, cluster)
        if stands and items and request.args.get("suggest")
        else None
    )
    invitees = fairs.suggest_invitees(fair, cluster, k=8) if stands else []
    return render_template(
        "fairs/manage.html",
        fair=fair,
        cluster=cluster,
        stands=stands,
        items=items,
        placed=placed,
        given=given,
        errors=errors or {},
        grouping=grouping,
        area_used={s.id: fairs.area_used(s) for s in stands},
        over_full={s.id for s in stands if fairs.over_full(s)},
        invitees=invitees,
        reachable=invitations.reachable,
        # Exhibitors a confirmation would reach nobody at, shown before it is sent.
        unreached={
            s.id: [
                a.organisation.name
                for a in s.assignments
                if not invitations.reachable(a.organisation)
            ]
            for s in stands
        },
    )


@bp.route("/<int:fair_id>/manage/<slug>/assign", methods=["POST"])
@login_required
def assign(fair_id: int, slug: str):
    fair = db.get_or_404(Fair, fair_id)
    cluster = _coordinated(slug)
    plan, areas = {}, {}
    for item in fairs.interests(fair, cluster.id):
        value = request.form.get(f"org-{item.organisation_id}", "")
        plan[item.organisation_id] = int(value) if value.isdigit() else None
        areas[item.organisation_id] = request.form.get(f"area-{item.organisation_id}", "").strip()
    try:
        fairs.assign(current_user, fair, cluster, plan, areas)
    except DomainError as exc:
        db.session.rollback()
        if exc.status == 403:
            abort(403)
        flash(str(exc.message), "error")
        errors = {k: [str(m) for m in v] for k, v in exc.fields.items()}
        return _manage_page(fair, cluster, errors, plan, areas), 422
    else:
        db.session.commit()
        flash(_("Stand assignments saved."), "success")
    return redirect(url_for("fairs.manage", fair_id=fair.id, slug=slug))


@bp.route("/<int:fair_id>/stands/<int:stand_id>/confirm", methods=["POST"])
@login_required
def confirm(fair_id: int, stand_id: int):
    item = db.get_or_404(JointStand, stand_id)
    if item.fair_id != fair_id:
        abort(404)
    unreached = []
    try:
        if request.form.get("action") == "reopen":
            fairs.reopen_stand(current_user, item)
        else:
            unreached = fairs.confirm_stand(current_user, item)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        if item.status != "confirmed":
            flash(_("Stand reopened."), "success")
        elif not unreached:
            flash(_("Stand confirmed; the exhibitors were e-mailed."), "success")
        else:
            flash(
                _(
                    "Stand confirmed. No e-mail could be sent to %(orgs)s: they have not joined "
                    "yet and have no contact person with an e-mail address.",
                    orgs=", ".join(o.name for o in unreached),
                ),
                "warning",
            )
    return redirect(url_for("fairs.manage", fair_id=fair_id, slug=item.cluster.slug))


@bp.route("/<int:fair_id>/manage/<slug>/invite/<int:org_id>", methods=["POST"])
@login_required
def invite(fair_id: int, slug: str, org_id: int):
    fair = db.get_or_404(Fair, fair_id)
    cluster = _coordinated(slug)
    org = db.get_or_404(Organisation, org_id)
    try:
        fairs.invite(current_user, fair, cluster, org)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("Invitation sent to %(org)s.", org=org.name), "success")
    return redirect(url_for("fairs.manage", fair_id=fair.id, slug=slug))


@bp.route("/<int:fair_id>/manage/<slug>/exhibitors.<fmt>")
@login_required
def exhibitors(fair_id: int, slug: str, fmt: str):
    fair = db.get_or_404(Fair, fair_id)
    cluster = _coordinated(slug)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    rows = fairs.exhibitor_table(fair, cluster.id)
    name = f"exhibitors-{fair.id}-{cluster.slug}.{fmt}"
    return download(spreadsheets.render(rows, fmt, _("Exhibitors")), name, fmt)


@bp.route("/<int:fair_id>/overview/<slug>")
@login_required
def overview(fair_id: int, slug: str):
    fair = db.get_or_404(Fair, fair_id)
    cluster = _coordinated(slug)
    return render_template(
        "fairs/overview.html",
        fair=fair,
        cluster=cluster,
        stands=fairs.stands_of(fair, {cluster.id}),
    )
