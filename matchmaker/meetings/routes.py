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

from matchmaker import timeutil
from matchmaker.cli import site_context
from matchmaker.extensions import db
from matchmaker.labels import ORG_TYPES
from matchmaker.meetings.forms import BlockForm, MoveForm, RequestForm, SetupForm
from matchmaker.models import Event, Meeting, MeetingRequest, Registration
from matchmaker.services import events as event_service
from matchmaker.services import matching
from matchmaker.services import meetings as service
from matchmaker.services.errors import DomainError
from matchmaker.web import refuse, service_call, user_or_none

# cli_group=None: `flask expire-meeting-requests`, like `flask send-reminders`.
bp = Blueprint("meetings", __name__, cli_group=None)


@bp.app_template_global()
def meeting_setup_for(event):
    return service.setup_of(event)


@bp.app_template_global()
def meeting_reason(code):
    return service.reason_label(code)


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not event_service.can_view(user_or_none(), event):
        abort(404)
    if service.setup_of(event) is None:
        abort(404)
    timeutil.use_cluster(event.cluster)
    return event


def _me(event: Event) -> Registration:
    """The viewer's confirmed registration; coordinators without one are sent to the plan."""
    reg = service.registration_of(current_user, event)
    if reg is None:
        abort(403)
    return reg


def _managed(event_id: int, need_setup: bool = True) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not service.can_manage(current_user, event):
        abort(403)
    timeutil.use_cluster(event.cluster)
    if need_setup and service.setup_of(event) is None:
        return abort(redirect(url_for("meetings.setup", event_id=event.id)))
    return event


def _done(exc: DomainError | None, ok: str, target: str):
    if exc is not None:
        refuse(exc)
    else:
        db.session.commit()
        flash(ok, "success")
    return redirect(target)


def _run(action, *args, **kw):
    try:
        return action(*args, **kw), None
    except DomainError as exc:
        return None, exc


def _error_of(action, *args, **kw) -> DomainError | None:
    """`_run` for actions whose result is not needed (never `_, exc = ...`: `_` is gettext)."""
    return _run(action, *args, **kw)[1]


# --- participants ---------------------------------------------------------------------------


@bp.route("/event/<int:event_id>/")
@login_required
def participants(event_id: int):
    event = _event(event_id)
    me = service.registration_of(current_user, event)
    if me is None:
        if service.can_manage(current_user, event):
            return redirect(url_for("meetings.plan", event_id=event.id))
        abort(403)
    setup = service.setup_of(event)
    q = request.args.get("q", "").strip().lower()
    org_type = request.args.get("type", "")
    everyone = service.participants(event)
    people = [r for r in everyone if r.id != me.id]
    if org_type:
        people = [r for r in people if r.organisation and r.organisation.org_type == org_type]
    if q:
        people = [
            r
            for r in people
            if q in r.name.lower()
            or q in event_service.organisation_label(r).lower()
            or (r.organisation and q in (r.organisation.description or "").lower())
        ]
    my_org = me.organisation
    suggested = []
    if my_org is not None:
        at_event: dict[int, list[Registration]] = {}
        for r in everyone:
            if r.organisation_id and r.organisation_id != my_org.id:
                at_event.setdefault(r.organisation_id, []).append(r)
        for match in matching.partner_suggestions(my_org, k=40):
            for r in at_event.get(match.organisation.id, []):
                suggested.append((r, match))
    marks = service.marks_of(me)
    suggested = [(r, m) for r, m in suggested if marks.get(r.id) != "no_thanks"][:8]
    incoming, outgoing = service.requests_of(me)
    pending = {i.from_registration_id for i in incoming if i.status == "requested"}
    pending |= {o.to_registration_id for o in outgoing if o.status == "requested"}
    met = set()
    for m in service.meetings_of(me, statuses=("published",)):
        met.add(m.other(me.id).id)
    return render_template(
        "meetings/participants.html",
        event=event,
        setup=setup,
        me=me,
        people=people,
        suggested=suggested,
        marks=marks,
        pending=pending,
        met=met,
        q=request.args.get("q", ""),
        org_type=org_type,
        org_types=ORG_TYPES,
        booking_open=service.booking_open(setup, event),
        may_meet={r.id: service.may_meet(setup, event, me, r) for r in people},
        can_manage=service.can_manage(current_user, event),
    )


@bp.route("/event/<int:event_id>/mark/<int:reg_id>", methods=["POST"])
@login_required
def mark(event_id: int, reg_id: int):
    event = _event(event_id)
    kind = request.form.get("kind") or None
    if kind == "clear":
        kind = None
    exc = _error_of(service.set_mark, current_user, event, reg_id, kind)
    return _done(exc, _("Saved."), url_for("meetings.participants", event_id=event.id))


@bp.route("/event/<int:event_id>/request/<int:reg_id>", methods=["GET", "POST"])
@login_required
def request_form(event_id: int, reg_id: int):
    event = _event(event_id)
    me = _me(event)
    other = db.get_or_404(Registration, reg_id)
    if other.event_id != event.id or other.status != "confirmed" or other.id == me.id:
        abort(404)
    form = RequestForm()
    if request.method == "GET":
        form.source.data = request.args.get("source", "list")
    if form.validate_on_submit():
        with service_call(form, _("Request sent to %(name)s.", name=other.name)) as call:
            service.request_meeting(
                current_user, event, other.id, form.message.data or "", source=form.source.data
            )
        if call.ok:
            return redirect(url_for("meetings.requests", event_id=event.id))
    return render_template("meetings/request.html", event=event, other=other, form=form)


@bp.route("/event/<int:event_id>/requests")
@login_required
def requests(event_id: int):
    event = _event(event_id)
    me = _me(event)
    incoming, outgoing = service.requests_of(me)
    return render_template(
        "meetings/requests.html", event=event, me=me, incoming=incoming, outgoing=outgoing
    )


def _answer(request_id: int, action, message: str):
    item = db.get_or_404(MeetingRequest, request_id)
    result, exc = _run(action, current_user, item)
    if exc is None and isinstance(result, Meeting) and result.slot is None:
        message = _("Accepted. No common free time was found yet: the coordinator will help.")
    return _done(exc, message, url_for("meetings.requests", event_id=item.event_id))


@bp.route("/requests/<int:request_id>/accept", methods=["POST"])
@login_required
def accept(request_id: int):
    return _answer(request_id, service.accept, _("Accepted: the meeting is in both agendas."))


@bp.route("/requests/<int:request_id>/decline", methods=["POST"])
@login_required
def decline(request_id: int):
    return _answer(request_id, service.decline, _("Declined."))


@bp.route("/requests/<int:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw(request_id: int):
    return _answer(request_id, service.cancel_request, _("Request withdrawn."))


# --- agenda ------------------------------------------------------------------------------------


@bp.route("/event/<int:event_id>/agenda", methods=["GET", "POST"])
@login_required
def agenda(event_id: int):
    event = _event(event_id)
    me = _me(event)
    slots = service.slots_of(event)
    form = BlockForm(slots=slots)
    if form.validate_on_submit():
        with service_call(form, _("Blocked times saved.")) as call:
            service.set_blocked(current_user, event, form.slots.data or [])
        if call.ok:
            return redirect(url_for("meetings.agenda", event_id=event.id))
    elif request.method == "GET":
        form.slots.data = sorted(service.blocked_slot_ids(me))
    return render_template(
        "meetings/agenda.html",
        event=event,
        me=me,
        meetings=service.meetings_of(me),
        slots=slots,
        form=form,
        after_start=event_service.utcnow() >= event.starts_at,
    )


@bp.route("/event/<int:event_id>/agenda.ics")
@login_required
def agenda_ics(event_id: int):
    event = _event(event_id)
    me = _me(event)
    return Response(
        service.meeting_ics(service.meetings_of(me), me, event),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="meetings-{event.id}.ics"'},
    )


@bp.route("/<int:meeting_id>/outcome", methods=["POST"])
@login_required
def outcome(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    held = request.form.get("held") == "1"
    nxt = request.form.get("next_step") == "1"
    exc = _error_of(service.set_outcome, current_user, meeting, held, nxt)
    return _done(exc, _("Thank you, noted."), url_for("meetings.agenda", event_id=meeting.event_id))


@bp.route("/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    exc = _error_of(service.cancel_meeting, current_user, meeting)
    target = (
        url_for("meetings.plan", event_id=meeting.event_id)
        if request.form.get("next") == "plan"
        else url_for("meetings.agenda", event_id=meeting.event_id)
    )
    return _done(exc, _("Meeting cancelled; the other side has been told."), target)


# --- coordinator ---------------------------------------------------------------------------------


def _fill_setup(form: SetupForm, setup) -> None:
    def to_local(value):
        return timeutil.to_local(value, form.zone)

    form.windows.data = "\n".join(
        f"{to_local(w.starts_at):%Y-%m-%d %H:%M}-{to_local(w.ends_at):%H:%M}" for w in setup.windows
    )
    for name in ("meeting_minutes", "cap_per_participant", "who_may_book", "request_ttl_hours"):
        getattr(form, name).data = getattr(setup, name)
    form.reminder_hours.data = setup.reminder_hours
    form.tables.data = setup.tables
    form.allowed_org_types.data = list(setup.allowed_org_types or [])
    form.booking_opens_at.data = to_local(setup.booking_opens_at)
    form.booking_closes_at.data = to_local(setup.booking_closes_at)


@bp.route("/event/<int:event_id>/setup", methods=["GET", "POST"])
@login_required
def setup(event_id: int):
    event = _managed(event_id, need_setup=False)
    current = service.setup_of(event)
    form = SetupForm(zone=event.cluster)
    if request.method == "GET":
        if current is not None:
            _fill_setup(form, current)
        else:
            start = timeutil.to_local(event.starts_at, event.cluster)
            end = timeutil.to_local(event.ends_at, event.cluster)
            form.windows.data = f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
    if form.validate_on_submit():
        data = service.SetupData(
            windows=form.parsed_windows,
            meeting_minutes=form.meeting_minutes.data,
            tables=form.tables.data,
            booking_opens_at=timeutil.to_utc(form.booking_opens_at.data, event.cluster),
            booking_closes_at=timeutil.to_utc(form.booking_closes_at.data, event.cluster),
            cap_per_participant=form.cap_per_participant.data,
            who_may_book=form.who_may_book.data,
            allowed_org_types=tuple(form.allowed_org_types.data or ()),
            request_ttl_hours=form.request_ttl_hours.data,
            reminder_hours=form.reminder_hours.data or 0,
        )
        with service_call(form, _("Meeting set-up saved.")) as call:
            service.save_setup(current_user, event, data)
        if call.ok:
            return redirect(url_for("meetings.plan", event_id=event.id))
    return render_template("meetings/setup.html", event=event, form=form, current=current)


@bp.route("/event/<int:event_id>/plan")
@login_required
def plan(event_id: int):
    event = _managed(event_id)
    return render_template(
        "meetings/plan.html",
        event=event,
        setup=service.setup_of(event),
        plan=service.table_plan(event),
        tables=service.tables_of(event),
        unplaced=service.unplaced_of(event),
    )


@bp.route("/event/<int:event_id>/slots/<int:slot_id>/remove", methods=["POST"])
@login_required
def remove_slot(event_id: int, slot_id: int):
    event = _managed(event_id)
    result, exc = _run(service.remove_slot, current_user, event, slot_id)
    msg = ""
    if result is not None:
        msg = _(
            "Time removed: %(moved)d meetings moved, %(lost)d could not be re-placed. "
            "Both sides of each were told.",
            moved=len(result.moved),
            lost=len(result.unplaced),
        )
    return _done(exc, msg, url_for("meetings.plan", event_id=event.id))


@bp.route("/event/<int:event_id>/tables/<int:table_id>/remove", methods=["POST"])
@login_required
def remove_table(event_id: int, table_id: int):
    event = _managed(event_id)
    result, exc = _run(service.remove_table, current_user, event, table_id)
    msg = ""
    if result is not None:
        msg = _(
            "Table removed: %(moved)d meetings moved, %(lost)d could not be re-placed. "
            "Both sides of each were told.",
            moved=len(result.moved),
            lost=len(result.unplaced),
        )
    return _done(exc, msg, url_for("meetings.plan", event_id=event.id))


@bp.route("/<int:meeting_id>/move", methods=["GET", "POST"])
@login_required
def move(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    event = _managed(meeting.event_id)
    form = MoveForm(
        slots=service.slots_of(event), tables=service.tables_of(event), zone=event.cluster
    )
    if request.method == "GET":
        form.slot.data, form.table.data = meeting.slot_id, meeting.table_id
    if form.validate_on_submit():
        with service_call(form, _("Meeting moved; both sides have been told.")) as call:
            service.move(current_user, meeting, form.slot.data, form.table.data)
        if call.ok:
            return redirect(url_for("meetings.plan", event_id=event.id))
    return render_template("meetings/move.html", event=event, meeting=meeting, form=form)


@bp.route("/event/<int:event_id>/scheduler")
@login_required
def scheduler(event_id: int):
    event = _managed(event_id)
    drafts = service.drafts_of(event)
    return render_template(
        "meetings/scheduler.html",
        event=event,
        placed=[m for m in drafts if m.slot_id is not None],
        unplaced=service.unplaced_of(event),
    )


@bp.route("/event/<int:event_id>/scheduler/propose", methods=["POST"])
@login_required
def propose(event_id: int):
    event = _managed(event_id)
    result, exc = _run(service.propose, current_user, event)
    msg = ""
    if result is not None:
        msg = _("Draft ready: review it, then publish.")
    return _done(exc, msg, url_for("meetings.scheduler", event_id=event.id))


@bp.route("/event/<int:event_id>/scheduler/publish", methods=["POST"])
@login_required
def publish(event_id: int):
    event = _managed(event_id)
    count, exc = _run(service.publish_drafts, current_user, event)
    msg = ""
    if exc is None:
        msg = ngettext(
            "%(num)d meeting published; both sides were told.",
            "%(num)d meetings published; both sides of each were told.",
            count,
        )
    return _done(exc, msg, url_for("meetings.plan", event_id=event.id))


@bp.route("/event/<int:event_id>/scheduler/discard", methods=["POST"])
@login_required
def discard(event_id: int):
    event = _managed(event_id)
    exc = _error_of(service.discard_drafts, current_user, event)
    return _done(exc, _("Draft discarded."), url_for("meetings.scheduler", event_id=event.id))


@bp.cli.command("expire-meeting-requests")
def expire_command():
    """Remind receivers of meeting requests about to expire, then expire unanswered ones."""
    with site_context(current_app):
        reminded, expired = service.expire_requests()
        db.session.commit()
    click.echo(f"Reminded {reminded}, expired {expired} meeting requests.")
