"""Signing up for an event (members and guests) and changing or cancelling a registration,
by a logged-in user or from the signed link in the mail."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from matchmaker import timeutil
from matchmaker.events.blueprint import (
    _event_or_404,
    _fail,
    _full_sessions,
    _page_context,
    _signup_form,
    bp,
)
from matchmaker.events.forms import ChangeRegistrationForm, GuestSignupForm
from matchmaker.extensions import db
from matchmaker.models import Registration
from matchmaker.services import events as event_service
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, refuse


@bp.route("/<int:event_id>/register", methods=["POST"])
@login_required
def register(event_id: int):
    event = _event_or_404(event_id)
    if not event_service.is_member(current_user, event.cluster_id):
        abort(403)  # the page offers no member form to others: refuse before reading it
    form = _signup_form(event)
    if not form.validate_on_submit():
        return render_template("events/show.html", **_page_context(event, signup_form=form))
    who = form.who.data
    if who == "me":
        name, email = current_user.name, current_user.email
    elif who == "other":
        name, email = form.name.data or "", form.email.data or ""
    else:
        colleague = next((u for u in current_user.organisation.users if str(u.id) == who), None)
        if colleague is None:
            abort(400)
        name, email = colleague.name, colleague.email
    person = event_service.Person(
        name=name, email=email, dietary=form.dietary.data or "", note=form.note.data or ""
    )
    try:
        reg = event_service.signup(current_user, event, person, form.sessions.data or [])
    except DomainError as exc:
        if exc.status == 403 and "email" not in exc.fields:
            db.session.rollback()
            abort_for(exc)
        _fail(exc, form)
        return render_template("events/show.html", **_page_context(event, signup_form=form))
    # Said before the commit, which expires the registration, the event and the user (the
    # locale is the user's): read after it, each would cost a query. The place on the waiting
    # list was counted by the signup, under the event's lock.
    if reg.status == "confirmed":
        said = _("%(name)s is registered. A confirmation is on its way.", name=reg.name)
        category = "success"
    else:
        said = _(
            "The event is full: %(name)s is number %(n)d on the waiting list.",
            name=reg.name,
            n=reg.waitlist_position,
        )
        category = "info"
    target = url_for("events.show", event_id=event.id)
    db.session.commit()
    flash(said, category)
    return redirect(target)


@bp.route("/<int:event_id>/guest", methods=["POST"])
def register_guest(event_id: int):
    event = _event_or_404(event_id)
    if not event.open_to_outsiders:
        abort(403)  # the page offers no guest form: this is not a browser's request
    form = GuestSignupForm(sessions=event.sessions, full=_full_sessions(event))
    if not form.validate_on_submit():
        return render_template("events/show.html", **_page_context(event, guest_form=form))
    person = event_service.Person(
        name=form.name.data,
        email=form.email.data,
        organisation_name=form.organisation_name.data or "",
        dietary=form.dietary.data or "",
        note=form.note.data or "",
    )
    try:
        event_service.outsider_signup(event, person, form.sessions.data or [])
    except DomainError as exc:
        _fail(exc, form)
        return render_template("events/show.html", **_page_context(event, guest_form=form))
    db.session.commit()
    flash(_("Almost done: open the link we sent to %(email)s to confirm.", email=person.email))
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/guest/confirm/<token>")
def confirm_guest(token: str):
    try:
        reg = event_service.confirm_outsider(token)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("main.index"))
    position = event_service.waitlist_position(reg)
    db.session.commit()
    if reg.status == "confirmed":
        flash(_("Your registration is confirmed. See you there!"), "success")
    elif reg.status == "waitlisted":
        flash(_("The event is full: you are number %(n)d on the waiting list.", n=position))
    return redirect(url_for("events.show", event_id=reg.event_id))


def _registration_for(reg_id: int) -> Registration:
    """A registration the logged-in user may act for (else 403)."""
    reg = db.get_or_404(Registration, reg_id)
    if not event_service.can_act_for(current_user, reg):
        abort(403)
    timeutil.use_cluster(reg.event.cluster)
    return reg


def _flash_promoted(reg: Registration, promoted) -> None:
    if promoted and event_service.can_manage(current_user, reg.event.cluster_id):
        flash(
            ngettext(
                "%(num)d person moved up from the waiting list.",
                "%(num)d people moved up from the waiting list.",
                len(promoted),
            )
        )


@bp.route("/registrations/<int:reg_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_registration(reg_id: int):
    """GET asks to confirm (a page, so it works without JavaScript); POST cancels."""
    reg = _registration_for(reg_id)
    back = request.values.get("next")
    if request.method == "GET":
        if reg.status == "cancelled":
            return redirect(url_for("events.show", event_id=reg.event_id))
        return render_template(
            "events/cancel_confirm.html",
            reg=reg,
            event=reg.event,
            action=url_for("events.cancel_registration", reg_id=reg.id),
            back=url_for("events.registrations", event_id=reg.event_id)
            if back == "manage"
            else url_for("events.show", event_id=reg.event_id),
            next=back,
        )
    try:
        promoted = event_service.cancel_registration(current_user, reg)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Registration of %(name)s cancelled.", name=reg.name), "success")
        _flash_promoted(reg, promoted)
    if back == "manage":
        return redirect(url_for("events.registrations", event_id=reg.event_id))
    return redirect(url_for("events.show", event_id=reg.event_id))


def _change_form(reg: Registration) -> ChangeRegistrationForm:
    form = ChangeRegistrationForm(sessions=reg.event.sessions, full=_full_sessions(reg.event))
    if request.method == "GET":
        form.dietary.data = reg.dietary
        form.sessions.data = [rs.session_id for rs in reg.sessions]
    return form


def _change(actor, reg: Registration, form: ChangeRegistrationForm) -> bool:
    """Save the form through the service; False (errors on the form) if it said no."""
    try:
        event_service.change_registration(
            actor, reg, session_ids=form.sessions.data or [], dietary=form.dietary.data or ""
        )
    except DomainError as exc:
        _fail(exc, form)
        return False
    db.session.commit()
    flash(_("Registration of %(name)s saved.", name=reg.name), "success")
    return True


def _registration_page(reg: Registration, form, *, cancel_url: str, by_link: bool):
    event = reg.event
    confirmed = reg.status == "confirmed"
    return render_template(
        "events/registration.html",
        reg=reg,
        event=event,
        form=form,
        cancel_url=cancel_url,
        by_link=by_link,
        position=event_service.waitlist_position(reg),
        session_positions=event_service.session_waitlist_positions(reg),
        session_seats=event_service.session_seats_left(event),
        ticket=event_service.qr_svg(event_service.checkin_token(reg)) if confirmed else "",
        online_url=event.online_url if confirmed else "",
    )


@bp.route("/registrations/<int:reg_id>/change", methods=["GET", "POST"])
@login_required
def change_registration(reg_id: int):
    reg = _registration_for(reg_id)
    form = _change_form(reg)
    if form.validate_on_submit() and _change(current_user, reg, form):
        return redirect(url_for("events.show", event_id=reg.event_id))
    cancel_url = url_for("events.cancel_registration", reg_id=reg.id)
    return _registration_page(reg, form, cancel_url=cancel_url, by_link=False)


def _linked_registration(token: str) -> Registration:
    try:
        reg = event_service.registration_for_link(token)
    except DomainError as exc:
        db.session.rollback()
        abort(Response(render_template("events/link_error.html", message=exc.message), 400))
    timeutil.use_cluster(reg.event.cluster)
    return reg


@bp.route("/registration/<token>", methods=["GET", "POST"])
def manage(token: str):
    """The person registered, from the signed link in their mail: no account needed."""
    reg = _linked_registration(token)
    form = _change_form(reg)
    if form.validate_on_submit() and _change(None, reg, form):
        return redirect(url_for("events.manage", token=token))
    cancel_url = url_for("events.cancel_by_link", token=token)
    return _registration_page(reg, form, cancel_url=cancel_url, by_link=True)


@bp.route("/registration/<token>/cancel", methods=["GET", "POST"])
def cancel_by_link(token: str):
    reg = _linked_registration(token)
    if request.method == "GET":
        return render_template(
            "events/cancel_confirm.html",
            reg=reg,
            event=reg.event,
            action=url_for("events.cancel_by_link", token=token),
            back=url_for("events.manage", token=token),
            next=None,
        )
    try:
        event_service.cancel_by_link(reg)
    except DomainError as exc:
        refuse(exc)
        return redirect(url_for("events.manage", token=token))
    db.session.commit()
    flash(_("Registration of %(name)s cancelled.", name=reg.name), "success")
    return redirect(url_for("events.show", event_id=reg.event_id))
