from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from matchmaker.clusters.forms import ClusterSettingsForm


class ClusterForm(ClusterSettingsForm):
    """A new cluster: its settings and the short name in its addresses."""

    slug = StringField(
        _l("Short name in addresses"),
        validators=[DataRequired(), Length(max=64)],
        description=_l("Lower-case letters, digits and hyphens, e.g. lahti-maritime."),
    )
    submit = SubmitField(_l("Create cluster"))


class CoordinatorForm(FlaskForm):
    email = EmailField(_l("E-mail of the coordinator"), validators=[DataRequired(), Email()])
    submit = SubmitField(_l("Add coordinator"))


class RetryMailForm(FlaskForm):
    """The outbox's "retry" button: nothing but the CSRF token."""

    submit = SubmitField(_l("Retry"))
