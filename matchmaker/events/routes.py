from datetime import timedelta

import click
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
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from matchmaker import labels as event_labels
from matchmaker import timeutil
from matchmaker.cli import site_context
from matchmaker.events.forms import (
    ChangeRegistrationForm,
    EventForm,
    GuestSignupForm,
    SessionForm,
    SignupForm,
)
from matchmaker.extensions import db
from matchmaker.models import Cluster, Event, EventSession, Registration
from matchmaker.services import calendar, event_exports
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, download, refuse, show_errors, user_or_none

# cli_group=None: the commands are top-level (`flask send-reminders`), not `flask events ...`.
bp = Blueprint("events", __name__, cli_group=None)


@bp.app_context_processor
def inject_event_labels():
    return {"event_labels": event_labels}


@bp.app_template_filter("event_time")
def event_time_filter(value, zone=None) -> str:
    """Clock time only, in the viewer's language (9.00 in Finnish, 9:00 AM in English), in the
    cluster's zone (by default the one the view chose with timeutil.use_cluster)."""
    return timeutil.format_time(value, "short", zone)


def _cluster_or_404(slug: str):
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    timeutil.use_cluster(cluster)
    return cluster


def _event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not event_service.can_view(user_or_none(), event):
        abort(404)
    timeutil.use_cluster(event.cluster)
    return event


def _managed_event(event_id: int) -> Event:
    event = _event_or_404(event_id)
    if not event_service.can_manage(current_user, event.cluster_id):
        abort(403)
    return event


def _fail(exc: DomainError, form=None) -> None:
    db.session.rollback()
    if exc.status in (403, 404) and form is None:
        abort_for(exc)
    show_errors(form, exc)


# --- members ----------------------------------------------------------------------------


@bp.route("/")
def upcoming():
    viewer = user_or_none()
    items = [(c, event_service.events_of(c, viewer)) for c in cluster_service.all_clusters()]
    items = [(c, e) for c, e in items if e]
    seats = {e.id: event_service.seats_left(e) for _cluster, events in items for e in events}
    return render_template("events/upcoming.html", items=items, seats=seats)


@bp.route("/cluster/<slug>/")
def index(slug: str):
    cluster = _cluster_or_404(slug)
    viewer = user_or_none()
    past = request.args.get("when") == "past"
    events = event_service.events_of(cluster, viewer, past=past)
    org = viewer.organisation if viewer is not None and viewer.active_organisation_id else None
    fits = event_service.fitting_events(events, org)
    only_fitting = request.args.get("fit") == "1" and org is not None
    if only_fitting:
        events = sorted((e for e in events if e.id in fits), key=lambda e: -fits[e.id])
    return render_template(
        "events/index.html",
        cluster=cluster,
        events=events,
        past=past,
        fits=fits,
        can_filter=org is not None,
        only_fitting=only_fitting,
        can_manage=event_service.can_manage(viewer, cluster.id),
        seats={e.id: event_service.seats_left(e) for e in events},
    )


def _full_sessions(event: Event) -> set[int]:
    return {sid for sid, left in event_service.session_seats_left(event).items() if left == 0}


def _signup_form(event: Event) -> SignupForm:
    """The form offers only people not yet registered; full sessions are marked."""
    mine = event_service.registrations_for_viewer(event, current_user)
    return SignupForm(
        user=current_user,
        sessions=event.sessions,
        registered=[r.email for r in mine],
        full=_full_sessions(event),
    )


def _page_context(event: Event, signup_form=None, guest_form=None) -> dict:
    viewer = user_or_none()
    member = event_service.is_member(viewer, event.cluster_id)
    org = viewer.organisation if member else None
    if member and signup_form is None:
        signup_form = _signup_form(event)
    if event.open_to_outsiders and not member and guest_form is None:
        guest_form = GuestSignupForm(sessions=event.sessions, full=_full_sessions(event))
    mine = event_service.registrations_for_viewer(event, viewer)
    own_email = event_service.normalise_email(viewer.email) if viewer is not None else None
    tickets = {
        r.id: event_service.qr_svg(event_service.checkin_token(r))
        for r in mine
        if r.status == "confirmed" and r.email == own_email and not event.is_cancelled
    }
    return {
        "event": event,
        "member": member,
        "can_manage": event_service.can_manage(viewer, event.cluster_id),
        "online_url": event_service.online_url_for(viewer, event),
        "seats_left": event_service.seats_left(event),
        "waitlist": event_service.waitlist_count(event),
        "session_seats": event_service.session_seats_left(event),
        "recommended": event_service.recommended_session_ids(event, org),
        "mine": mine,
        "positions": {r.id: event_service.waitlist_position(r) for r in mine},
        "session_positions": {r.id: event_service.session_waitlist_positions(r) for r in mine},
        "tickets": tickets,
        "org_places_left": event_service.organisation_places_left(event, org.id)
        if org is not None
        else None,
        "signup_form": signup_form,
        "guest_form": guest_form,
        "open": event_service.registration_open(event),
        "one_day": timedelta(days=1),
    }


@bp.route("/<int:event_id>")
def show(event_id: int):
    event = _event_or_404(event_id)
    return render_template("events/show.html", **_page_context(event))


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
    position = event_service.waitlist_position(reg)
    db.session.commit()
    if reg.status == "confirmed":
        flash(_("%(name)s is registered. A confirmation is on its way.", name=reg.name), "success")
    else:
        flash(
            _(
                "The event is full: %(name)s is number %(n)d on the waiting list.",
                name=reg.name,
                n=position,
            ),
            "info",
        )
    return redirect(url_for("events.show", event_id=event.id))


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


@bp.route("/<int:event_id>/calendar.ics")
def event_calendar(event_id: int):
    event = _event_or_404(event_id)
    return Response(
        calendar.event_ics(event, online=event_service.can_see_online_link(user_or_none(), event)),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'},
    )


@bp.route("/calendar", methods=["GET", "POST"])
@login_required
def my_calendar():
    if request.method == "POST":
        calendar.feed_token(current_user, renew=True)
        db.session.commit()
        flash(_("A new feed address was made; the old one no longer works."), "success")
        return redirect(url_for("events.my_calendar"))
    token = calendar.feed_token(current_user)
    db.session.commit()
    return render_template(
        "events/calendar.html",
        feed_url=url_for("events.feed", token=token, _external=True),
    )


@bp.route("/feed/<token>.ics")
def feed(token: str):
    user = calendar.user_for_feed(token)
    if user is None:
        abort(404)
    return Response(calendar.feed_ics(user), mimetype="text/calendar")


# --- coordinators -----------------------------------------------------------------------


def _event_data(form: EventForm, cluster: Cluster) -> dict:
    """The form's fields for the service; times entered in the cluster's zone become UTC."""
    return {
        "title": form.title.data,
        "kind": form.kind.data,
        "description": form.description.data or "",
        "venue": form.venue.data or "",
        "online_url": form.online_url.data or "",
        "starts_at": timeutil.to_utc(form.starts_at.data, cluster),
        "ends_at": timeutil.to_utc(form.ends_at.data, cluster),
        "registration_opens_at": timeutil.to_utc(form.registration_opens_at.data, cluster),
        "registration_deadline": timeutil.to_utc(form.registration_deadline.data, cluster),
        "capacity": form.capacity.data,
        "max_per_organisation": form.max_per_organisation.data,
        "language": form.language.data,
        "open_to_outsiders": form.open_to_outsiders.data,
    }


def _fill_event_form(form: EventForm, event: Event) -> None:
    for name in ("title", "kind", "description", "venue", "online_url", "language"):
        getattr(form, name).data = getattr(event, name)
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_deadline"):
        getattr(form, name).data = timeutil.to_local(getattr(event, name), event.cluster)
    form.capacity.data = event.capacity
    form.max_per_organisation.data = event.max_per_organisation
    form.open_to_outsiders.data = event.open_to_outsiders


@bp.route("/cluster/<slug>/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    cluster = _cluster_or_404(slug)
    if not event_service.can_manage(current_user, cluster.id):
        abort(403)
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = event_service.create_event(current_user, cluster, _event_data(form, cluster))
        except DomainError as exc:
            _fail(exc, form)
        else:
            db.session.commit()
            flash(_("Draft saved. Add sessions if needed, then publish."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/edit.html", form=form, cluster=cluster, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = _managed_event(event_id)
    form = EventForm()
    if request.method == "GET":
        _fill_event_form(form, event)
    if form.validate_on_submit():
        try:
            event_service.update_event(current_user, event, _event_data(form, event.cluster))
        except DomainError as exc:
            _fail(exc, form)
        else:
            db.session.commit()
            flash(_("Event saved."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/edit.html", form=form, cluster=event.cluster, event=event)


def _coordinator_action(event_id: int, action, message: str):
    event = _managed_event(event_id)
    try:
        result = action(current_user, event)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("events.show", event_id=event.id))
    db.session.commit()
    flash(message, "success")
    target = result if isinstance(result, Event) else event
    return redirect(url_for("events.show", event_id=target.id))


@bp.route("/<int:event_id>/duplicate", methods=["POST"])
@login_required
def duplicate(event_id: int):
    return _coordinator_action(
        event_id, event_service.duplicate_event, _("A draft copy was made. Check its dates.")
    )


@bp.route("/<int:event_id>/publish", methods=["POST"])
@login_required
def publish(event_id: int):
    return _coordinator_action(
        event_id, event_service.publish_event, _("Published: members can now register.")
    )


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@login_required
def cancel(event_id: int):
    return _coordinator_action(
        event_id,
        event_service.cancel_event,
        _("The event is cancelled and everyone registered has been told."),
    )


@bp.route("/<int:event_id>/sessions/new", methods=["GET", "POST"])
@bp.route("/<int:event_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def session_form(event_id: int, session_id: int | None = None):
    event = _managed_event(event_id)
    item = None
    if session_id is not None:
        item = db.get_or_404(EventSession, session_id)
        if item.event_id != event.id:
            abort(404)
    form = SessionForm()
    if request.method == "GET":
        if item is not None:
            form.title.data, form.speaker.data, form.room.data = item.title, item.speaker, item.room
            form.country.data = item.country or ""
            form.starts_at.data, form.ends_at.data = (
                timeutil.to_local(item.starts_at, event.cluster),
                timeutil.to_local(item.ends_at, event.cluster),
            )
            form.capacity.data = item.capacity
        else:
            form.starts_at.data, form.ends_at.data = (
                timeutil.to_local(event.starts_at, event.cluster),
                timeutil.to_local(event.ends_at, event.cluster),
            )
    if form.validate_on_submit():
        data = {
            "title": form.title.data,
            "country": form.country.data,
            "speaker": form.speaker.data,
            "room": form.room.data,
            "starts_at": timeutil.to_utc(form.starts_at.data, event.cluster),
            "ends_at": timeutil.to_utc(form.ends_at.data, event.cluster),
            "capacity": form.capacity.data,
        }
        try:
            event_service.save_session(current_user, event, data, item)
        except DomainError as exc:
            _fail(exc, form)
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/session_form.html", form=form, event=event, item=item)


@bp.route("/<int:event_id>/sessions/<int:session_id>/delete", methods=["POST"])
@login_required
def delete_session(event_id: int, session_id: int):
    event = _managed_event(event_id)
    item = db.get_or_404(EventSession, session_id)
    if item.event_id != event.id:
        abort(404)
    event_service.delete_session(current_user, item)
    db.session.commit()
    flash(_("Session removed."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/registrations")
@login_required
def registrations(event_id: int):
    event = _managed_event(event_id)
    regs = event_service.all_registrations(event)
    return render_template(
        "events/registrations.html",
        event=event,
        confirmed=[r for r in regs if r.status == "confirmed"],
        waitlisted=[r for r in regs if r.status == "waitlisted"],
        pending=[r for r in regs if r.status == "pending"],
        by_org=event_service.counts_by_organisation(event),
        session_counts=event_service.session_confirmed_counts(event),
        seats_left=event_service.seats_left(event),
    )


@bp.route("/registrations/<int:reg_id>/confirm", methods=["POST"])
@login_required
def confirm_waitlisted(reg_id: int):
    reg = db.get_or_404(Registration, reg_id)
    try:
        added = event_service.confirm_from_waitlist(current_user, reg)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(
            _("%(name)s is confirmed; one seat was added.", name=reg.name)
            if added
            else _("%(name)s is confirmed.", name=reg.name),
            "success",
        )
    return redirect(url_for("events.registrations", event_id=reg.event_id))


@bp.route("/<int:event_id>/attendees.csv")
@login_required
def export_csv(event_id: int):
    event = _managed_event(event_id)
    return download(event_exports.attendees_csv(event), f"attendees-{event.id}.csv", "csv")


@bp.route("/<int:event_id>/attendees.xlsx")
@login_required
def export_xlsx(event_id: int):
    event = _managed_event(event_id)
    return download(event_exports.attendees_xlsx(event), f"attendees-{event.id}.xlsx", "xlsx")


@bp.route("/<int:event_id>/checkin")
@login_required
def checkin(event_id: int):
    event = _managed_event(event_id)
    q = request.args.get("q", "")
    people = event_service.checkin_list(event, q)
    return render_template(
        "events/checkin.html",
        event=event,
        people=people,
        q=q,
        attended=event_service.attended_count(event),
        total=event_service.confirmed_count(event),
    )


@bp.route("/<int:event_id>/checkin/ticket", methods=["POST"])
@login_required
def checkin_ticket(event_id: int):
    """A scanned ticket (the camera on the check-in page, or a hand scanner typing into the
    ticket field): check its holder in."""
    event = _managed_event(event_id)
    try:
        reg, already = event_service.check_in_by_token(
            current_user, event, request.form.get("token", "")
        )
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("events.checkin", event_id=event.id))
    db.session.commit()
    if already:
        flash(_("%(name)s was already checked in.", name=reg.name), "info")
    else:
        flash(_("%(name)s checked in.", name=reg.name), "success")
    return redirect(url_for("events.checkin", event_id=event.id, _anchor=f"r{reg.id}"))


@bp.route("/registrations/<int:reg_id>/checkin", methods=["POST"])
@login_required
def toggle_checkin(reg_id: int):
    reg = db.get_or_404(Registration, reg_id)
    try:
        event_service.set_attended(current_user, reg, reg.attended_at is None)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
    # Back to the same row, so the list does not jump to the top after each tap.
    return redirect(
        url_for(
            "events.checkin",
            event_id=reg.event_id,
            q=request.form.get("q", ""),
            _anchor=f"r{reg.id}",
        )
    )


@bp.cli.command("send-reminders")
def send_reminders_command():
    """Mail a reminder to everyone confirmed for an event starting within 24 hours (once)."""
    with site_context(current_app):
        sent = event_service.send_reminders()
        db.session.commit()
    click.echo(f"Sent {sent} reminders.")
