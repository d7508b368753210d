"""Public event pages: the lists, an event's page, calendar files and feeds; the reminder
command. Registration and coordinator views are in registration_views.py and manage_views.py;
importing them here registers their routes on the same blueprint."""

from itertools import groupby

import click
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker import labels as event_labels
from matchmaker import timeutil
from matchmaker.cli import site_context
from matchmaker.events import manage_views, registration_views  # noqa: F401  (their routes)
from matchmaker.events.blueprint import _cluster_or_404, _event_or_404, _page_context, bp
from matchmaker.extensions import db
from matchmaker.services import calendar
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.web import page_number, user_or_none


@bp.app_context_processor
def inject_event_labels():
    return {"event_labels": event_labels}


@bp.app_template_filter("event_time")
def event_time_filter(value, zone=None) -> str:
    """Clock time only, in the viewer's language (9.00 in Finnish, 9:00 AM in English), in the
    cluster's zone (by default the one the view chose with timeutil.use_cluster)."""
    return timeutil.format_time(value, "short", zone)


# --- members ----------------------------------------------------------------------------


@bp.route("/")
def upcoming():
    viewer = user_or_none()
    clusters = cluster_service.all_clusters()
    # A page of events, cluster by cluster: a network of many clusters is not one long page.
    page = event_service.upcoming_page(
        clusters, viewer, page_number(), current_app.config["EVENTS_PAGE_SIZE"]
    )
    events = page.items
    by_id = {c.id: c for c in clusters}
    items = [(by_id[cid], list(group)) for cid, group in groupby(events, lambda e: e.cluster_id)]
    return render_template(
        "events/upcoming.html", items=items, page=page, seats=_seats_left(events)
    )


def _seats_left(events) -> dict[int, int | None]:
    """Seats left of each listed event, counted in one grouped query."""
    confirmed = event_service.confirmed_counts(events)
    return {e.id: event_service.seats_left(e, confirmed.get(e.id, 0)) for e in events}


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
        seats=_seats_left(events),
    )


@bp.route("/<int:event_id>")
def show(event_id: int):
    event = _event_or_404(event_id)
    return render_template("events/show.html", **_page_context(event))


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


@bp.cli.command("send-reminders")
def send_reminders_command():
    """Mail a reminder to everyone confirmed for an event starting within 24 hours (once)."""
    with site_context(current_app):
        sent = event_service.send_reminders()
        db.session.commit()
    click.echo(f"Sent {sent} reminders.")
