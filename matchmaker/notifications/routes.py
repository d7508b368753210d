"""The notifications page: newest first, a link to each object, mark one or all read."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchmaker.extensions import db
from matchmaker.services import notifications
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, safe_next

bp = Blueprint("notifications", __name__)


@bp.app_template_global()
def unread_notifications() -> int:
    """The bell's number: one COUNT on a partial index, only when a page shows the bell."""
    if not current_user.is_authenticated:
        return 0
    return notifications.unread_count(current_user)


@bp.app_template_global()
def notification_text(item) -> str:
    return notifications.text(item)


@bp.app_template_global()
def notification_link(item, external: bool = False) -> str | None:
    return notifications.link(item, external)


@bp.route("/")
@login_required
def index():
    page = notifications.page_for(current_user, request.args.get("page", 1, type=int))
    return render_template("notifications/index.html", page=page)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    # CSRFProtect has checked the token before this view runs.
    try:
        notifications.mark_read(current_user, notification_id)
    except DomainError as exc:
        abort_for(exc)  # another person's notification: 404, as for one that does not exist
    db.session.commit()
    return redirect(safe_next(url_for("notifications.index")))


@bp.route("/read-all", methods=["POST"])
@login_required
def mark_all_read():
    count = notifications.mark_all_read(current_user)
    db.session.commit()
    if count:
        flash(_("All notifications marked as read."), "success")
    return redirect(url_for("notifications.index"))
