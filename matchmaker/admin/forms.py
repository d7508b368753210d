from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class ClusterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Short name in addresses"),
        validators=[DataRequired(), Length(max=64)],
        description=_l("Lower-case letters, digits and hyphens, e.g. lahti-maritime."),
    )
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    submit = SubmitField(_l("Create cluster"))


class CoordinatorForm(FlaskForm):
    email = EmailField(_l("E-mail of the coordinator"), validators=[DataRequired(), Email()])
    submit = SubmitField(_l("Add coordinator"))
