"""The notice board: list and search, post and edit, matches and notices, expressions of
interest, moderation, and the report's drill-down. Thin: the rules are in
services/opportunities.py."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import Opportunity, OpportunityInterest
from matchmaker.opportunities.forms import (
    FilterForm,
    FulfilForm,
    HideForm,
    InterestForm,
    NotifyForm,
    OpportunityForm,
)
from matchmaker.presenters import opportunity_reasons
from matchmaker.services import clusters as cluster_service
from matchmaker.services import opportunities as service
from matchmaker.services import organisations, reports
from matchmaker.services.errors import DomainError
from matchmaker.services.permissions import require_coordinator
from matchmaker.web import abort_for, service_call, user_or_none

bp = Blueprint("opportunities", __name__)


@bp.app_context_processor
def _labels():
    return {
        "opportunity_kinds": service.KIND_LABELS,
        "opportunity_statuses": service.STATUS_LABELS,
        "opportunity_visibilities": service.VISIBILITY_LABELS,
        "expression_statuses": service.EXPRESSION_LABELS,
        "opportunity_figures": reports.SECTION_LABELS["opportunities"],
        "opportunity_reasons": opportunity_reasons.sentences,
    }


def _visible(opp_id: int) -> Opportunity:
    try:
        return service.get_visible(user_or_none(), opp_id)
    except DomainError as exc:
        abort_for(exc)


def _owned(opp_id: int) -> Opportunity:
    opp = _visible(opp_id)
    if not service.is_owner(current_user, opp):
        abort(403)
    return opp


@bp.route("/")
def index():
    viewer = user_or_none()
    clusters = cluster_service.all_clusters()
    form = FilterForm(request.args, clusters=clusters)
    if not request.args:
        form.open.data = True
    form.validate()
    cluster = cluster_service.by_slug(form.cluster.data) if form.cluster.data else None
    items = service.search(
        viewer,
        q=form.q.data or "",
        kind=form.kind.data or "",
        industry=form.industry.data or "",
        cluster=cluster,
        open_only=bool(form.open.data),
        limit=200,
    )
    return render_template(
        "opportunities/index.html",
        form=form,
        items=items,
        mine=service.mine(viewer) if viewer is not None else [],
        can_post=viewer is not None and bool(service.postable_clusters(viewer)),
        is_open=service.is_open,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    clusters = service.postable_clusters(current_user)
    if not clusters:
        flash(_("Your organisation must be a member of a cluster to post opportunities."), "info")
        return redirect(url_for("opportunities.index"))
    form = OpportunityForm(clusters=clusters)
    if request.method == "GET" and request.args.get("cluster"):
        form.cluster.data = request.args["cluster"]
    if form.validate_on_submit():
        cluster = next(c for c in clusters if c.slug == form.cluster.data)
        with service_call(form, _("Opportunity saved.")) as call:
            opp = service.create(
                current_user,
                cluster,
                form.data_for_service(),
                for_cluster=bool(form.for_cluster.data),
                publish=bool(form.publish.data),
            )
        if call.ok:
            return redirect(url_for("opportunities.show", opp_id=opp.id))
    return render_template("opportunities/form.html", form=form, opp=None)


@bp.route("/<int:opp_id>")
def show(opp_id: int):
    opp = _visible(opp_id)
    timeutil.use_cluster(opp.cluster)
    viewer = user_or_none()
    owner = service.is_owner(viewer, opp)
    moderator = service.can_moderate(viewer, opp)
    fits = service.matches(opp, k=15) if (owner or moderator) else []
    mine = service.interest_of(viewer, opp)
    accepted = [i for i in opp.interests if i.status == "accepted"]
    fulfil_form = FulfilForm()
    fulfil_form.partner.choices = [(str(i.organisation_id), i.organisation.name) for i in accepted]
    notify_form = NotifyForm()
    contacts_of = {}
    if viewer is not None:
        shown = [i.organisation for i in accepted] if owner else []
        if mine is not None and mine.status == "accepted" and opp.owner_org is not None:
            shown.append(opp.owner_org)
        contacts_of = organisations.visible_contacts_of(shown, viewer) if shown else {}
    return render_template(
        "opportunities/show.html",
        opp=opp,
        owner=owner,
        moderator=moderator,
        fits=fits,
        mine=mine,
        is_open=service.is_open(opp),
        can_express=viewer is not None
        and bool(viewer.active_organisation_id)
        and viewer.active_organisation_id != opp.owner_org_id
        and mine is None
        and service.is_open(opp),
        interest_form=InterestForm(),
        hide_form=HideForm(),
        fulfil_form=fulfil_form,
        notify_form=notify_form,
        notices_left=service.notices_left(opp) if owner else 0,
        notify_limit=service.notify_limit(),
        contacts_of=contacts_of,
        poster=service.poster_contact(opp),
        me=viewer.organisation if viewer is not None and viewer.active_organisation_id else None,
    )


@bp.route("/<int:opp_id>/edit", methods=["GET", "POST"])
@login_required
def edit(opp_id: int):
    opp = _owned(opp_id)
    form = OpportunityForm(obj=opp, clusters=[opp.cluster])
    form.cluster.data = opp.cluster.slug
    if request.method == "GET":
        form.industries.data = opp.industry_codes
        form.countries.data = ", ".join(opp.countries or [])
    if form.validate_on_submit():
        with service_call(form, _("Opportunity saved.")) as call:
            service.update(current_user, opp, form.data_for_service())
        if call.ok:
            return redirect(url_for("opportunities.show", opp_id=opp.id))
    return render_template("opportunities/form.html", form=form, opp=opp)


def _act(opp_id: int, action, message: str):
    opp = _visible(opp_id)
    with service_call(done=message):
        action(opp)
    return redirect(url_for("opportunities.show", opp_id=opp_id))


@bp.route("/<int:opp_id>/publish", methods=["POST"])
@login_required
def publish(opp_id: int):
    return _act(opp_id, lambda o: service.publish(current_user, o), _("Published."))


@bp.route("/<int:opp_id>/close", methods=["POST"])
@login_required
def close(opp_id: int):
    return _act(opp_id, lambda o: service.close(current_user, o), _("Closed."))


@bp.route("/<int:opp_id>/fulfil", methods=["POST"])
@login_required
def fulfil(opp_id: int):
    form = FulfilForm()
    partner_id = form.partner.data if form.validate_on_submit() else None

    def run(opp):
        partner = service.lookup_org(int(partner_id) if partner_id and partner_id.isdigit() else 0)
        service.fulfil(current_user, opp, partner)

    return _act(opp_id, run, _("Marked fulfilled."))


@bp.route("/<int:opp_id>/hide", methods=["POST"])
@login_required
def hide(opp_id: int):
    form = HideForm()
    form.validate_on_submit()
    return _act(
        opp_id,
        lambda o: service.hide(current_user, o, form.reason.data or ""),
        _("Hidden; the owner has been told why."),
    )


@bp.route("/<int:opp_id>/unhide", methods=["POST"])
@login_required
def unhide(opp_id: int):
    return _act(opp_id, lambda o: service.unhide(current_user, o), _("Shown again."))


@bp.route("/<int:opp_id>/delete", methods=["POST"])
@login_required
def delete(opp_id: int):
    opp = _visible(opp_id)
    with service_call(done=_("Opportunity deleted.")) as call:
        service.delete(current_user, opp)
    if call.ok:
        return redirect(url_for("opportunities.index"))
    return redirect(url_for("opportunities.show", opp_id=opp_id))


@bp.route("/<int:opp_id>/notify", methods=["POST"])
@login_required
def notify(opp_id: int):
    form = NotifyForm()
    form.validate_on_submit()
    ids = [int(i) for i in (form.organisations.data or []) if str(i).isdigit()]
    opp = _visible(opp_id)
    with service_call() as call:
        sent = service.notify(current_user, opp, ids)
    if call.ok:
        flash(
            ngettext(
                "%(num)d organisation notified.", "%(num)d organisations notified.", len(sent)
            ),
            "success",
        )
    return redirect(url_for("opportunities.show", opp_id=opp_id))


@bp.route("/<int:opp_id>/interest", methods=["POST"])
@login_required
def interest(opp_id: int):
    form = InterestForm()
    form.validate_on_submit()
    return _act(
        opp_id,
        lambda o: service.express_interest(current_user, o, form.message.data or ""),
        _("Your interest has been sent. You will get an e-mail when they answer."),
    )


@bp.route("/interests/<int:interest_id>", methods=["POST"])
@login_required
def decide(interest_id: int):
    item = db.get_or_404(OpportunityInterest, interest_id)
    if not service.is_owner(current_user, item.opportunity):
        abort(403)
    accept = request.form.get("decision") == "accept"
    done = (
        _("Accepted: both of you can now see each other's contact people.")
        if accept
        else _("Declined.")
    )
    with service_call(done=done):
        service.decide_interest(current_user, item, accept)
    return redirect(url_for("opportunities.show", opp_id=item.opportunity_id))


@bp.route("/report/<slug>")
@login_required
def report(slug: str):
    """The opportunities behind a figure of the funder report."""
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    try:
        require_coordinator(current_user, cluster.id)
        p = reports.period(request.args.get("start"), request.args.get("end"), cluster)
    except DomainError as exc:
        if exc.status == 403:
            abort(403)
        p = reports.period(None, None, cluster)
    timeutil.use_cluster(cluster)
    figure = request.args.get("figure", "published")
    if figure not in reports.OPPORTUNITY_FIGURES:
        abort(404)
    kind = request.args.get("kind", "")
    return render_template(
        "opportunities/report.html",
        cluster=cluster,
        period=p,
        figure=figure,
        kind=kind,
        rows=reports.opportunity_rows(cluster, p, figure, kind),
        range_args={"start": p.start.isoformat(), "end": p.end.isoformat()},
    )
