from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from matchmaker.models.ecosystems import LOCALES, MAX_VALUE_FACTORS, TEXT_LIMITS
from matchmaker.models.states import STATE_LABELS, MilestoneStatus
from matchmaker.services.ecosystems import MAX_FIT_TEXT

LANGUAGE_NAMES = {"fi": "Suomi", "en": "English", "sv": "Svenska"}
ROLE_LABELS = {
    "anchor": _l("Anchor company"),
    "supplier": _l("Supplier"),
    "research_partner": _l("Research partner"),
    "infrastructure": _l("Infrastructure"),
}
MILESTONE_LABELS = {s.value: label for s, label in STATE_LABELS[MilestoneStatus].items()}


class EcosystemForm(FlaskForm):
    """One set of text fields per language; the service checks that the main language is
    complete (the others fall back to it)."""

    slug = StringField(
        _l("Short name"),
        validators=[DataRequired(), Length(max=64)],
        description=_l("In the address: lower-case letters, digits and hyphens."),
    )
    source_locale = SelectField(
        _l("Main language"),
        choices=list(LANGUAGE_NAMES.items()),
        description=_l("Write every field in this language; the others may be left empty."),
    )
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    contact_email = StringField(_l("Contact e-mail"), validators=[Optional(), Length(max=254)])
    published = BooleanField(_l("Published: public page, brochure and API"))
    submit = SubmitField(_l("Save"))


for _code in LOCALES:
    setattr(
        EcosystemForm,
        f"name_{_code}",
        StringField(_l("Name"), validators=[Optional(), Length(max=TEXT_LIMITS["name"])]),
    )
    setattr(
        EcosystemForm,
        f"summary_{_code}",
        TextAreaField(
            _l("Summary"),
            validators=[Optional(), Length(max=TEXT_LIMITS["summary"])],
            description=_l("Two or three sentences for lists and the API."),
        ),
    )
    setattr(
        EcosystemForm,
        f"description_{_code}",
        TextAreaField(
            _l("What it offers a locating company"),
            validators=[Optional(), Length(max=TEXT_LIMITS["description"])],
            description=_l(
                "Sites, infrastructure, pilot and reference opportunities, links to universities,"
                " workforce. A blank line starts a new paragraph."
            ),
        ),
    )
    setattr(
        EcosystemForm,
        f"value_factors_{_code}",
        TextAreaField(
            _l("Value factors"),
            validators=[Optional(), Length(max=MAX_VALUE_FACTORS * 210)],
            description=_l("One per line, most important first."),
        ),
    )
del _code


class MilestoneForm(FlaskForm):
    title_fi = StringField(_l("Title in Finnish"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    title_sv = StringField(_l("Title in Swedish"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date."))])
    status = SelectField(_l("Status"), choices=list(MILESTONE_LABELS.items()))
    submit = SubmitField(_l("Save milestone"))


class MemberForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=str)
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    submit = SubmitField(_l("Add or change member"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [("", _l("Choose an organisation"))] + [
            (str(o.id), o.name) for o in organisations
        ]


class FitForm(FlaskForm):
    text = TextAreaField(
        _l("The company's description"),
        validators=[
            DataRequired(_l("Describe the company.")),
            Length(max=MAX_FIT_TEXT),
        ],
        description=_l(
            "What it makes or does and what it looks for, in Finnish, English or Swedish."
        ),
    )
    submit = SubmitField(_l("Find the ecosystems"))
