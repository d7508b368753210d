from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from matchmaker import labels
from matchmaker.models.notifications import NOTIFICATION_KINDS
from matchmaker.services import notifications
from matchmaker.services.accounts import MIN_PASSWORD_LENGTH

LOCALES = [("fi", "Suomi"), ("en", "English"), ("sv", "Svenska")]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email()],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class RegisterForm(FlaskForm):
    mode = RadioField(
        _l("I am registering"),
        choices=[
            ("new", _l("a new organisation")),
            ("join", _l("to join an organisation already here")),
        ],
        default="new",
    )
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    password2 = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    locale = SelectField(_l("Language"), choices=LOCALES, default="fi")
    business_id = StringField(
        _l("Business ID (Y-tunnus)"),
        validators=[DataRequired(), Length(max=12)],
        description=_l("For example 1234567-8."),
    )
    org_name = StringField(
        _l("Organisation name"),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    org_type = SelectField(
        _l("Organisation type"), choices=labels.choices(labels.ORG_TYPES), default="company"
    )
    municipality = StringField(
        _l("Municipality"),
        validators=[Optional(), Length(max=100)],
        render_kw={"autocomplete": "address-level2"},
    )
    submit = SubmitField(_l("Register"))

    def validate_org_name(self, field):
        if self.mode.data == "new" and not (field.data or "").strip():
            raise ValueError(_l("Enter the organisation's name."))


class EmailForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email()],
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Send"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    password2 = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password"))


class SettingsForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(_l("Language"), choices=LOCALES)
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    password2 = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"))


class TokenForm(FlaskForm):
    label = StringField(_l("What the token is for"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Create token"))


class LogoutEverywhereForm(FlaskForm):
    submit = SubmitField(_l("Log out of all devices"))


class NotificationPreferencesForm(FlaskForm):
    """How each kind of notification reaches the person by mail (in the app it always does)."""

    submit = SubmitField(_l("Save mail settings"))


for kind_name in NOTIFICATION_KINDS:
    setattr(
        NotificationPreferencesForm,
        kind_name,
        SelectField(
            notifications.KIND_LABELS[kind_name],
            choices=list(notifications.channels_for(kind_name).items()),
        ),
    )
del kind_name
