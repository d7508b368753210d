from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.extensions import db
from matchmaker.models import ContactRequest, Organisation
from matchmaker.partners.forms import ContactRequestForm, FitForm
from matchmaker.presenters.reasons import reason_sentences, reason_text
from matchmaker.services import contacts, invitations, matching, opportunities
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, refuse, safe_next

bp = Blueprint("partners", __name__)


def _sent_sentence(org_name: str) -> str:
    """What the person who asked is told, by how they chose to hear about contact requests
    (services.contacts.answer_channel): only what will really happen."""
    channel = contacts.answer_channel(current_user)
    if channel == "daily":
        return _(
            "Request sent to %(org)s. Their answer will be in your daily digest e-mail.",
            org=org_name,
        )
    if channel == "off":
        return _(
            "Request sent to %(org)s. You chose no mail for contact requests: their answer "
            "will be in your notifications.",
            org=org_name,
        )
    return _("Request sent to %(org)s. You will get an e-mail when they answer.", org=org_name)


def _my_org() -> Organisation:
    if not current_user.active_organisation_id:
        flash(
            _("Suggestions are made for organisations. Your account is not linked to one yet."),
            "info",
        )
        abort(redirect(url_for("main.index")))
    return current_user.organisation


@bp.app_template_global()
def reason_sentence(reason, other, me=None):
    return reason_text(reason, other, me)


@bp.app_template_global()
def reason_list(reasons, other, me=None, limit=3):
    return reason_sentences(reasons, other, me, limit)


@bp.route("/")
@login_required
def suggestions():
    org = _my_org()
    own_clusters = request.args.get("scope") != "all"
    items, joint_bids = matching.partners_and_joint_bids(
        org, k=15, k_joint=5, same_cluster_only=own_clusters
    )
    return render_template(
        "partners/suggestions.html",
        org=org,
        items=items,
        joint_bids=joint_bids,
        tab="partners",
        own_clusters=own_clusters,
        states=contacts.states_for(org.id, [m.organisation.id for m in items + joint_bids]),
        opportunities=opportunities.for_organisation(org, current_user),
        preparing=matching.index_state() == matching.PREPARING,
    )


@bp.route("/side-streams")
@login_required
def side_streams():
    org = _my_org()
    items = matching.side_stream_suggestions(org, k=15)
    return render_template(
        "partners/suggestions.html",
        org=org,
        items=items,
        joint_bids=[],
        tab="side_streams",
        own_clusters=False,
        states=contacts.states_for(org.id, [m.organisation.id for m in items]),
        preparing=matching.index_state() == matching.PREPARING,
    )


@bp.route("/dismissed")
@login_required
def dismissed():
    org = _my_org()
    return render_template(
        "partners/dismissed.html", org=org, items=contacts.dismissed(current_user)
    )


@bp.route("/<int:org_id>/dismiss", methods=["POST"])
@login_required
def dismiss(org_id: int):
    other = db.get_or_404(Organisation, org_id)
    try:
        contacts.dismiss(current_user, other)
    except DomainError as exc:
        if exc.status == 403:
            abort_for(exc)
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("%(org)s will not be suggested again.", org=other.name), "success")
    return redirect(safe_next(url_for("partners.suggestions")))


@bp.route("/<int:org_id>/undismiss", methods=["POST"])
@login_required
def undismiss(org_id: int):
    other = db.get_or_404(Organisation, org_id)
    try:
        contacts.undismiss(current_user, other)
    except DomainError as exc:
        if exc.status == 403:
            abort_for(exc)
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("%(org)s can be suggested again.", org=other.name), "success")
    return redirect(url_for("partners.dismissed"))


@bp.route("/<int:org_id>/contact", methods=["GET", "POST"])
@login_required
def request_contact(org_id: int):
    other = db.get_or_404(Organisation, org_id)
    if not current_user.active_organisation_id:
        abort(403)  # only organisations ask each other for contact
    form = ContactRequestForm()
    if request.method == "GET":
        form.source.data = request.args.get("source", "directory")
    if form.validate_on_submit():
        try:
            contacts.request_contact(current_user, other, form.message.data or "", form.source.data)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            if invitations.reachable(other):
                message = _sent_sentence(other.name)
            else:
                message = _(
                    "Request saved. Nobody at %(org)s can be reached by e-mail yet: they see it "
                    "when they join.",
                    org=other.name,
                )
            flash(message, "success")
            return redirect(url_for("partners.requests"))
    return render_template(
        "partners/request.html",
        other=other,
        form=form,
        reachable=invitations.reachable(other),
        via_contacts=not invitations.user_recipients(other),
    )


@bp.route("/requests")
@login_required
def requests():
    org = _my_org()
    received, sent = contacts.requests_of(org.id)
    return render_template("partners/requests.html", org=org, received=received, sent=sent)


@bp.route("/requests/<int:request_id>", methods=["POST"])
@login_required
def answer(request_id: int):
    item = db.get_or_404(ContactRequest, request_id)
    try:
        contacts.decide(current_user, item, request.form.get("decision") == "accept")
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        if item.status == "accepted":
            flash(
                _(
                    "You are now in contact with %(org)s: "
                    "both of you can see each other's contact people.",
                    org=item.from_org.name,
                ),
                "success",
            )
        else:
            flash(_("Request declined."), "success")
    return redirect(url_for("partners.requests"))


@bp.route("/fit")
def fit():
    """Which cluster fits a newcomer best, and whom should they meet first."""
    form = FitForm(request.args)
    results = []
    if request.args.get("text") and form.validate():
        results = matching.cluster_fit_for_text(form.text.data)
    return render_template("partners/fit.html", form=form, results=results)
