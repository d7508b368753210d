from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from matchmaker.services.reference import countries


class FairForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    country = SelectField(_l("Country"), default="FI")
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    starts_on = DateField(_l("Starts"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends"), validators=[DataRequired()])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    sector = StringField(_l("Sector"), validators=[Optional(), Length(max=200)])
    default_area_m2 = DecimalField(
        _l("Floor area per company (m²)"),
        places=1,
        default=9,
        validators=[Optional(), NumberRange(min=0.1, max=10000)],
        description=_l("What a company gets on a joint stand when its interest names no area."),
    )
    submit = SubmitField(_l("Save fair"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = countries(str(get_locale()))


class StandForm(FlaskForm):
    cluster = SelectField(_l("Cluster"), coerce=int)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    theme = TextAreaField(
        _l("Theme"),
        validators=[Optional()],
        description=_l("What the stand shows; used to group companies that fit together."),
    )
    area_m2 = DecimalField(
        _l("Area (m²)"), places=1, validators=[DataRequired(), NumberRange(min=0.1)]
    )
    places = IntegerField(_l("Places (companies)"), validators=[DataRequired(), NumberRange(min=1)])
    pricing = SelectField(
        _l("Pricing"),
        choices=[
            ("per_m2", _l("Price per m² plus a fee per company")),
            ("split", _l("Total price split evenly")),
        ],
    )
    price_per_m2 = DecimalField(_l("Price per m² (€)"), places=2, validators=[Optional()])
    fee_per_company = DecimalField(_l("Fee per company (€)"), places=2, validators=[Optional()])
    total_price = DecimalField(_l("Total price (€)"), places=2, validators=[Optional()])
    interest_deadline = DateField(_l("Interest deadline"), validators=[Optional()])
    submit = SubmitField(_l("Save stand"))

    def __init__(self, *args, clusters=(), **kwargs):
        """`clusters`: those the user may put a stand up for."""
        super().__init__(*args, **kwargs)
        self.cluster.choices = [(c.id, c.name) for c in clusters]


class InterestForm(FlaskForm):
    cluster = SelectField(_l("Joint participation of"), coerce=int)
    area_wanted = DecimalField(
        _l("Area wanted (m²)"),
        places=1,
        validators=[Optional(), NumberRange(min=0, max=10000)],
        description=_l("Leave empty for the fair's default area per company."),
    )
    exhibits = TextAreaField(_l("What you will exhibit"), validators=[Optional(), Length(max=2000)])
    preferred_stand_id = SelectField(_l("Preferred stand"), coerce=str, validators=[Optional()])
    message = TextAreaField(
        _l("Message to the coordinator"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Register interest"))

    def __init__(self, *args, clusters=(), stands=(), **kwargs):
        """`clusters`: those with a stand at the fair that the organisation is a member of;
        `stands`: their stands, one of which may be preferred."""
        super().__init__(*args, **kwargs)
        ids = {c.id for c in clusters}
        self.cluster.choices = [(c.id, c.name) for c in clusters]
        self.preferred_stand_id.choices = [("", _l("No preference"))] + [
            (str(s.id), s.name) for s in stands if s.cluster_id in ids
        ]
