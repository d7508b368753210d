"""Coordinators' event management: creating and editing events and sessions, publishing,
cancelling, the registration list, check-in and the attendee exports."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import timeutil
from matchmaker.events.blueprint import _cluster_or_404, _event_or_404, bp
from matchmaker.events.forms import EventForm, SessionForm
from matchmaker.extensions import db
from matchmaker.models import Cluster, Event, EventSession, Registration
from matchmaker.services import event_exports
from matchmaker.services import events as event_service
from matchmaker.web import download, service_call


def _managed_event(event_id: int) -> Event:
    event = _event_or_404(event_id)
    if not event_service.can_manage(current_user, event.cluster_id):
        abort(403)
    return event


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
        with service_call(form, _("Draft saved. Add sessions if needed, then publish.")) as call:
            event = event_service.create_event(current_user, cluster, _event_data(form, cluster))
        if call.ok:
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
        with service_call(form, _("Event saved.")) as call:
            event_service.update_event(current_user, event, _event_data(form, event.cluster))
        if call.ok:
            return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/edit.html", form=form, cluster=event.cluster, event=event)


def _coordinator_action(event_id: int, action, message: str):
    event = _managed_event(event_id)
    result = None
    with service_call(done=message):
        result = action(current_user, event)
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
        with service_call(form, _("Session saved.")) as call:
            event_service.save_session(current_user, event, data, item)
        if call.ok:
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
    with service_call() as call:
        added = event_service.confirm_from_waitlist(current_user, reg)
    if call.ok:
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
    with service_call() as call:
        reg, already = event_service.check_in_by_token(
            current_user, event, request.form.get("token", "")
        )
    if not call.ok:
        return redirect(url_for("events.checkin", event_id=event.id))
    if already:
        flash(_("%(name)s was already checked in.", name=reg.name), "info")
    else:
        flash(_("%(name)s checked in.", name=reg.name), "success")
    return redirect(url_for("events.checkin", event_id=event.id, _anchor=f"r{reg.id}"))


@bp.route("/registrations/<int:reg_id>/checkin", methods=["POST"])
@login_required
def toggle_checkin(reg_id: int):
    reg = db.get_or_404(Registration, reg_id)
    with service_call():
        event_service.set_attended(current_user, reg, reg.attended_at is None)
    # Back to the same row, so the list does not jump to the top after each tap.
    return redirect(
        url_for(
            "events.checkin",
            event_id=reg.event_id,
            q=request.form.get("q", ""),
            _anchor=f"r{reg.id}",
        )
    )
