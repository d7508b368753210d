from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from matchmaker.auth.forms import (
    ChangePasswordForm,
    EmailForm,
    LoginForm,
    LogoutEverywhereForm,
    NotificationPreferencesForm,
    RegisterForm,
    ResetPasswordForm,
    SettingsForm,
    TokenForm,
)
from matchmaker.extensions import db
from matchmaker.models.notifications import NOTIFICATION_KINDS
from matchmaker.services import accounts, notifications
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, client_ip, safe_next, show_errors

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = (
            session.get("locale")
            or request.accept_languages.best_match(list(current_app.config["LANGUAGES"]))
            or "fi"
        )
    if form.validate_on_submit():
        common = dict(
            email=form.email.data,
            name=form.name.data,
            password=form.password.data,
            locale=form.locale.data,
        )
        try:
            if form.mode.data == "join":
                accounts.register_to_join(business_id=form.business_id.data, **common)
            else:
                accounts.register_with_new_organisation(
                    organisation={
                        "name": form.org_name.data,
                        "business_id": form.business_id.data,
                        "org_type": form.org_type.data,
                        "municipality": form.municipality.data or "",
                    },
                    **common,
                )
        except DomainError as exc:
            db.session.rollback()
            if "name" in exc.fields and form.mode.data == "new":
                exc.fields["org_name"] = exc.fields.pop("name")
            show_errors(form, exc)
        else:
            db.session.commit()
            return render_template(
                "auth/check_mail.html", email=accounts.normalise_email(form.email.data)
            )
    return render_template("auth/register.html", form=form)


@bp.route("/confirm/<token>")
def confirm_email(token: str):
    try:
        user = accounts.confirm_email(token)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("auth.resend_confirmation"))
    db.session.commit()
    flash(_("Thank you, your e-mail address is confirmed. You can log in now."), "success")
    if user.org_status == "pending":
        flash(_("Your organisation's admin has been asked to approve you."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/resend-confirmation", methods=["GET", "POST"])
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        user = accounts.user_by_email(form.email.data)
        if user is not None and not user.is_confirmed:
            accounts.send_confirmation(user)
            db.session.commit()
        flash(
            _("If the address is registered and not yet confirmed, a new link is on its way."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template(
        "auth/email_form.html", form=form, title=_("Send the confirmation link again")
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, client_ip())
        except DomainError as exc:
            db.session.commit()  # e.g. a right password for an unconfirmed account clears failures
            flash(str(exc.message), "error")
            return render_template(
                "auth/login.html", form=form
            ), exc.status if exc.status == 429 else 200
        db.session.commit()
        login_user(user, remember=form.remember.data)
        session.pop("locale", None)
        flash(_("Welcome, %(name)s.", name=user.name), "success")
        return redirect(safe_next(url_for("main.index")))
    return render_template("auth/login.html", form=form)


def _remembered() -> bool:
    """Whether this browser holds a remember-me cookie (a login that outlives the session)."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated and _remembered():
        accounts.end_remembered_login(current_user)
        db.session.commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    form = LogoutEverywhereForm()
    if form.validate_on_submit():
        accounts.log_out_everywhere(current_user)
        db.session.commit()
        logout_user()
        flash(_("You have logged out on all devices."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.settings"))


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _("If the address is registered, a link to set a new password is on its way."), "info"
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/email_form.html", form=form, title=_("Forgot your password?"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except DomainError as exc:
            db.session.rollback()
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Your password has been changed. Log in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    token_form = TokenForm(prefix="tok")
    notify_form = NotificationPreferencesForm(
        prefix="notif", data=notifications.preferences(current_user)
    )
    new_token = None
    if notify_form.submit.data and notify_form.validate_on_submit():
        choices = {kind: getattr(notify_form, kind).data for kind in NOTIFICATION_KINDS}
        try:
            notifications.set_preferences(current_user, choices)
        except DomainError as exc:
            db.session.rollback()
            show_errors(notify_form, exc)
        else:
            db.session.commit()
            flash(_("Mail settings saved."), "success")
            return redirect(url_for("auth.settings", _anchor="notifications"))
    if form.submit.data and form.validate_on_submit():
        current_user.name = form.name.data.strip()
        current_user.locale = form.locale.data
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("auth.settings"))
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, password_form.current_password.data, password_form.password.data
            )
        except DomainError as exc:
            show_errors(password_form, exc)
        else:
            db.session.commit()
            # Other devices are logged out by the new session token; this one stays in.
            login_user(current_user._get_current_object(), remember=_remembered())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.settings"))
    if token_form.submit.data and token_form.validate_on_submit():
        new_token = accounts.create_api_token(current_user, token_form.label.data or "")
        db.session.commit()
    return render_template(
        "auth/settings.html",
        form=form,
        password_form=password_form,
        token_form=token_form,
        notify_form=notify_form,
        notify_kinds=NOTIFICATION_KINDS,
        logout_form=LogoutEverywhereForm(),
        new_token=new_token,
        tokens=accounts.tokens_of(current_user),
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    try:
        accounts.revoke_token(current_user, token_id)
    except DomainError as exc:
        abort_for(exc)  # another user's token: 404, as for one that does not exist
    else:
        db.session.commit()
        flash(_("The token no longer works."), "success")
    return redirect(url_for("auth.settings"))
