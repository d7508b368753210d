"""The page an invitation link opens: who is invited to what, and the account form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from matchmaker.extensions import db
from matchmaker.invitations.forms import ClaimForm
from matchmaker.services import invitations
from matchmaker.services.errors import DomainError
from matchmaker.web import show_errors

bp = Blueprint("invitations", __name__)


@bp.route("/<token>", methods=["GET", "POST"])
def claim(token: str):
    try:
        item = invitations.open_link(token)
    except DomainError as exc:
        db.session.rollback()
        status = exc.status if exc.status in (409, 422) else 400
        return render_template("invitations/refused.html", message=exc.message), status
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept(
                token,
                name=form.name.data,
                password=form.password.data,
                locale=form.locale.data,
            )
        except DomainError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            db.session.commit()
            login_user(user)
            flash(
                _(
                    "Welcome! You are now the administrator of %(org)s.",
                    org=item.organisation.name,
                ),
                "success",
            )
            return redirect(url_for("companies.show", org_id=item.organisation_id))
    else:
        db.session.commit()  # opened
    return render_template(
        "invitations/claim.html",
        item=item,
        form=form,
        expires_at=invitations.expires_at(item),
        logged_in_as=current_user if current_user.is_authenticated else None,
    )
