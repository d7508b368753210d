from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from matchmaker.services.opportunities import KIND_LABELS, VISIBILITY_LABELS
from matchmaker.services.reference import industry_choices


class OpportunityForm(FlaskForm):
    cluster = SelectField(_l("Cluster"), choices=[])
    for_cluster = BooleanField(_l("Post for the cluster itself (coordinators)"))
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    offered_sought = TextAreaField(
        _l("What is offered or sought"),
        description=_l("Quantities, specifications, certificates, timing. One item per line."),
    )
    description = TextAreaField(_l("Description"))
    keywords = StringField(_l("Keywords"), description=_l("Separated by commas."))
    industries = SelectMultipleField(_l("Industries (TOL 2008)"), choices=[])
    countries = StringField(
        _l("Countries"), description=_l("ISO country codes separated by commas, e.g. FI, SE, DE.")
    )
    deadline = DateField(_l("Deadline"), validators=[DataRequired()])
    visibility = SelectField(_l("Who may see it"), choices=list(VISIBILITY_LABELS.items()))
    publish = BooleanField(_l("Publish now"), default=True)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.industries.choices = industry_choices(str(get_locale()))
        self.cluster.choices = [(c.slug, c.name) for c in clusters]

    def data_for_service(self) -> dict:
        return {
            "kind": self.kind.data,
            "title": self.title.data or "",
            "offered_sought": self.offered_sought.data or "",
            "description": self.description.data or "",
            "keywords": self.keywords.data or "",
            "industries": list(self.industries.data or []),
            "countries": self.countries.data or "",
            "deadline": self.deadline.data,
            "visibility": self.visibility.data,
        }


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[("", _l("All kinds")), *KIND_LABELS.items()])
    industry = SelectField(_l("Industry"), choices=[], validate_choice=False)
    cluster = SelectField(_l("Cluster"), choices=[], validate_choice=False)
    open = BooleanField(_l("Open only"), default=True)

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.industry.choices = [("", _l("All industries")), *industry_choices(str(get_locale()))]
        self.cluster.choices = [("", _l("All clusters")), *((c.slug, c.name) for c in clusters)]


class InterestForm(FlaskForm):
    message = TextAreaField(
        _l("Message"),
        validators=[Optional(), Length(max=2000)],
        description=_l("What you can offer, and how to go on."),
    )
    submit = SubmitField(_l("Express interest"))


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l("The owner gets this by e-mail."),
    )
    submit = SubmitField(_l("Hide"))


class FulfilForm(FlaskForm):
    partner = SelectField(_l("Partner chosen"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Mark fulfilled"))


class NotifyForm(FlaskForm):
    organisations = SelectMultipleField(_l("Organisations"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Notify them"))


class DecisionForm(FlaskForm):
    decision = HiddenField()
