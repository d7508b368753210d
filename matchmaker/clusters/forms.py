from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from matchmaker import labels


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
    sort = SelectField(_l("Sort by"), choices=labels.choices(labels.SORTS), default="name")


class ApplyForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the coordinators"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Apply for membership"))
