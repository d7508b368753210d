from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from matchmaker import labels
from matchmaker.services.reference import countries, industry_choices

LINES_HINT = _l("One item per line.")
LABEL = labels.PROFILE_FIELDS


class ChecklistField(SelectMultipleField):
    """Many choices as a list of checkboxes: one click adds or removes one choice, never wipes
    the others. The name and values are those of the multi-select it replaces, so posted data
    and the API stay the same; static/js/checklist.js adds a filter box where JS runs."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(FlaskForm):
    name = StringField(
        LABEL["name"],
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    business_id = StringField(
        LABEL["business_id"],
        validators=[DataRequired(), Length(max=12)],
        description=_l("For example 1234567-8."),
    )
    org_type = SelectField(LABEL["org_type"], choices=labels.choices(labels.ORG_TYPES))
    size_class = SelectField(
        LABEL["size_class"], choices=labels.choices(labels.SIZE_CLASSES, _l("Not given"))
    )
    employees = IntegerField(
        LABEL["employees"], validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    municipality = StringField(
        LABEL["municipality"],
        validators=[Optional(), Length(max=100)],
        render_kw={"autocomplete": "address-level2"},
    )
    website = StringField(
        LABEL["website"],
        validators=[Optional(), Length(max=300)],
        render_kw={"autocomplete": "url"},
    )
    founded_year = IntegerField(LABEL["founded_year"], validators=[Optional()])
    description = TextAreaField(
        LABEL["description"], description=_l("Who you are and what you do, in a few sentences.")
    )
    capabilities = TextAreaField(
        LABEL["capabilities"],
        description=_l("Products, services, know-how, equipment. One item per line."),
    )
    needs = TextAreaField(
        LABEL["needs"],
        description=_l("Partners, subcontracting, technology, expertise. One item per line."),
    )
    side_streams_offered = TextAreaField(
        LABEL["side_streams_offered"],
        description=_l("Materials, by-products or waste others could use. One item per line."),
    )
    side_streams_wanted = TextAreaField(LABEL["side_streams_wanted"], description=LINES_HINT)
    keywords = StringField(LABEL["keywords"], description=_l("Separated by commas."))
    certifications = StringField(
        LABEL["certifications"], description=_l("Separated by commas, e.g. ISO 9001, ISO 14001.")
    )
    industries = ChecklistField(LABEL["industries"], choices=[])
    export_markets = ChecklistField(LABEL["export_markets"], choices=[])
    target_markets = ChecklistField(LABEL["target_markets"], choices=[])
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.industries.choices = industry_choices(locale)
        self.export_markets.choices = countries(locale)
        self.target_markets.choices = countries(locale)

    def profile_data(self) -> dict:
        """The fields as plain data for the organisations service."""
        return {
            "name": self.name.data or "",
            "business_id": self.business_id.data or "",
            "org_type": self.org_type.data,
            "size_class": self.size_class.data or None,
            "employees": self.employees.data,
            "municipality": self.municipality.data or "",
            "website": self.website.data or "",
            "founded_year": self.founded_year.data,
            "description": self.description.data or "",
            "capabilities": self.capabilities.data or "",
            "needs": self.needs.data or "",
            "side_streams_offered": self.side_streams_offered.data or "",
            "side_streams_wanted": self.side_streams_wanted.data or "",
            "keywords": self.keywords.data or "",
            "certifications": self.certifications.data or "",
            "industries": list(self.industries.data or []),
            "export_markets": list(self.export_markets.data or []),
            "target_markets": list(self.target_markets.data or []),
        }


class ContactForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    title = StringField(
        _l("Title"),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "organization-title"},
    )
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=50)],
        render_kw={"autocomplete": "tel"},
    )
    visibility = SelectField(
        _l("Who sees the contact details"),
        choices=labels.choices(labels.CONTACT_VISIBILITIES),
        default="members",
    )
    submit = SubmitField(_l("Save contact"))


class PersonActionForm(FlaskForm):
    """One small CSRF-protected form per button on the people page."""

    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("admin", _l("Admin"))])
    submit = SubmitField(_l("Save"))
