from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from matchmaker.auth.forms import LOCALES
from matchmaker.services.accounts import MIN_PASSWORD_LENGTH


class ClaimForm(FlaskForm):
    """The e-mail address is not a field: it is the invited one, shown and fixed."""

    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "name"},
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
    submit = SubmitField(_l("Create my account"))
