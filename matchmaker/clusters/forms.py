from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from matchmaker import labels, timeutil
from matchmaker.services.reference import countries, industry_choices


class DirectoryFilterForm(FlaskForm):
    """GET form: filters are bookmarkable, so no CSRF token is needed or sent."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    org_type = SelectField(
        _l("Type"), choices=labels.choices(labels.ORG_TYPES, _l("All types")), default=""
    )
    industry = SelectField(_l("Industry"), default="")
    municipality = SelectField(_l("Municipality"), default="")
    size_class = SelectField(
        _l("Size"), choices=labels.choices(labels.SIZE_CLASSES, _l("All sizes")), default=""
    )
    export_market = SelectField(_l("Exports to"), default="")
    sort = SelectField(_l("Sort by"), choices=labels.choices(labels.SORTS), default="relevance")

    def __init__(self, *args, municipalities: list[str] = (), **kwargs):
        """`municipalities`: those of the members listed, the only ones worth filtering by."""
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.industry.choices = [("", _l("All industries"))] + industry_choices(locale)
        self.municipality.choices = [("", _l("All municipalities"))] + [
            (m, m) for m in municipalities
        ]
        self.export_market.choices = [("", _l("Any country"))] + countries(locale)


class ApplyForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the coordinators"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Apply for membership"))


class ClusterSettingsForm(FlaskForm):
    """What a coordinator (or site admin) may change about the cluster."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    timezone = SelectField(
        _l("Time zone"),
        default=timeutil.DEFAULT_TIMEZONE,
        validate_choice=False,  # validate_timezone says what is wrong, in the user's language
        description=_l(
            "The cluster's events, meetings, deadlines and reports are entered and shown in "
            "this time zone."
        ),
    )
    submit = SubmitField(_l("Save settings"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timeutil.choices(self.timezone.data)

    def validate_timezone(self, field):
        if not timeutil.is_valid(field.data):
            raise ValidationError(_l("Choose a time zone from the list."))
