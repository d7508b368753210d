from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from matchmaker.companies.forms import ContactForm, PersonActionForm, ProfileForm
from matchmaker.extensions import db
from matchmaker.models import ContactPerson, Membership, Organisation, User
from matchmaker.services import accounts, contacts, invitations, matching, organisations
from matchmaker.services.errors import DomainError
from matchmaker.web import refuse, show_errors, user_or_none

bp = Blueprint("companies", __name__)


@bp.route("/mine")
@login_required
def mine():
    if not current_user.active_organisation_id:
        flash(_("Your account is not linked to an organisation yet."), "info")
        return redirect(url_for("main.index"))
    return redirect(url_for("companies.show", org_id=current_user.active_organisation_id))


@bp.route("/<int:org_id>")
def show(org_id: int):
    # What the page shows, loaded with the organisation (not one query per cluster).
    org = db.get_or_404(
        Organisation,
        org_id,
        options=[
            selectinload(Organisation.memberships).joinedload(Membership.cluster),
            selectinload(Organisation.industries),
            selectinload(Organisation.markets),
            selectinload(Organisation.users),
        ],
        populate_existing=True,  # the options apply even to an organisation already loaded
    )
    viewer = user_or_none()
    my_org_id = viewer.active_organisation_id if viewer else None
    state = None
    if my_org_id and my_org_id != org.id:
        state = contacts.states_for(my_org_id, [org.id]).get(org.id)
    return render_template(
        "companies/show.html",
        org=org,
        contacts=organisations.visible_contacts(org, viewer),
        can_edit=organisations.can_edit(viewer, org),
        memberships=[m for m in org.memberships if m.status == "approved"],
        similar=matching.similar_organisations(org, k=5),
        can_request=bool(my_org_id and my_org_id != org.id),
        # Coordinators invite the contact people of a member nobody has claimed yet.
        invite_slugs=[
            m.cluster.slug
            for m in org.memberships
            if m.status == "approved" and viewer is not None and viewer.coordinates(m.cluster_id)
        ][:1]
        if invitations.unclaimed(org)
        else [],
        contact_state=state,
        # Coordinators see that a self-registered organisation has not been vouched for yet.
        show_unverified=not org.verified
        and viewer is not None
        and (viewer.is_site_admin or bool(viewer.coordinated_cluster_ids)),
    )


def _editable(org_id: int) -> Organisation:
    org = db.get_or_404(Organisation, org_id)
    if not organisations.can_edit(current_user, org):
        abort(403)
    return org


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    org = _editable(org_id)
    form = ProfileForm(obj=org if request.method == "GET" else None)
    if request.method == "GET":
        form.industries.data = org.industry_codes
        form.export_markets.data = org.export_markets
        form.target_markets.data = org.target_markets
        form.size_class.data = org.size_class or ""
    if form.validate_on_submit():
        try:
            organisations.update_profile(current_user, org, form.profile_data())
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Profile saved."), "success")
            return redirect(url_for("companies.show", org_id=org.id))
    elif request.method == "POST":
        flash(_("Check the highlighted fields."), "error")
    return render_template("companies/edit.html", org=org, form=form)


@bp.route("/<int:org_id>/contacts/new", methods=["GET", "POST"])
@bp.route("/<int:org_id>/contacts/<int:contact_id>", methods=["GET", "POST"])
@login_required
def contact(org_id: int, contact_id: int | None = None):
    org = _editable(org_id)
    item = None
    if contact_id is not None:
        item = db.get_or_404(ContactPerson, contact_id)
        if item.organisation_id != org.id:
            abort(404)
    form = ContactForm(obj=item)
    if form.validate_on_submit():
        try:
            organisations.save_contact(current_user, org, form.data, item)
        except DomainError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Contact saved."), "success")
            return redirect(url_for("companies.show", org_id=org.id))
    return render_template("companies/contact.html", org=org, form=form, item=item)


@bp.route("/<int:org_id>/contacts/<int:contact_id>/delete", methods=["POST"])
@login_required
def delete_contact(org_id: int, contact_id: int):
    org = _editable(org_id)
    item = db.get_or_404(ContactPerson, contact_id)
    if item.organisation_id != org.id:
        abort(404)
    organisations.delete_contact(current_user, item)
    db.session.commit()
    flash(_("Contact removed."), "success")
    return redirect(url_for("companies.show", org_id=org.id))


@bp.route("/<int:org_id>/people")
@login_required
def people(org_id: int):
    org = db.get_or_404(Organisation, org_id)
    if not (
        current_user.is_site_admin
        or (current_user.is_org_admin and current_user.organisation_id == org.id)
    ):
        abort(403)
    return render_template(
        "companies/people.html",
        org=org,
        people=sorted(org.users, key=lambda u: (u.org_status != "pending", u.name)),
        form=PersonActionForm(),
    )


@bp.route("/<int:org_id>/people/<int:user_id>", methods=["POST"])
@login_required
def person_action(org_id: int, user_id: int):
    org = db.get_or_404(Organisation, org_id)
    person = db.get_or_404(User, user_id)
    if person.organisation_id != org.id:
        abort(404)
    # CSRFProtect has checked the token before this view runs.
    action = request.form.get("action")
    try:
        if action in ("approve", "decline"):
            accounts.decide_join_request(current_user, person, action == "approve")
        elif action == "role":
            accounts.set_org_role(current_user, person, request.form.get("role", ""))
        elif action == "remove":
            accounts.remove_from_organisation(current_user, person)
        else:
            abort(400)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("companies.people", org_id=org.id))
