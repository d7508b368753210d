from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from matchmaker.models.states import STATE_LABELS, LeadStage
from matchmaker.services.imports import FIELD_LABELS
from matchmaker.services.leads import LeadQuery

LEAD_STATUS_LABELS = {stage.value: label for stage, label in STATE_LABELS[LeadStage].items()}


class UploadForm(FlaskForm):
    file = FileField(
        _l("Member list (CSV or XLSX)"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "txt", "xlsx"], _l("Upload a CSV or XLSX file.")),
        ],
        description=_l(
            "The first row holds the column names. Comma or semicolon separated CSV in UTF-8 "
            "or in Excel's Finnish encoding, or an Excel workbook (first sheet)."
        ),
    )
    submit = SubmitField(_l("Upload and preview"))


def mapping_form(headers: list[str], mapping: dict[str, str], formdata=None) -> FlaskForm:
    """One select per file column: which profile field it fills, or none."""
    choices = [("", _l("(do not import)"))] + [(k, v) for k, v in FIELD_LABELS.items()]

    class MappingForm(FlaskForm):
        pass

    for i, header in enumerate(headers):
        setattr(
            MappingForm,
            f"col_{i}",
            SelectField(header or f"#{i + 1}", choices=choices, default=mapping.get(header, "")),
        )
    form = MappingForm(formdata=formdata)
    form.headers = headers
    return form


def mapping_from(form) -> dict[str, str]:
    return {h: getattr(form, f"col_{i}").data or "" for i, h in enumerate(form.headers)}


class ReportRangeForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("Start date"), validators=[Optional()])
    end = DateField(_l("End date"), validators=[Optional()])


class LeadForm(FlaskForm):
    name = StringField(_l("Company"), validators=[DataRequired(), Length(max=200)])
    business_id = StringField(_l("Business ID"), validators=[Optional(), Length(max=12)])
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=100)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("What they do"), validators=[Optional(), Length(max=5000)])
    status = SelectField(_l("Stage"), choices=list(LEAD_STATUS_LABELS.items()))
    ecosystem_id = SelectField(_l("Ecosystem"), coerce=str, default="")
    owner_id = SelectField(_l("Owner"), coerce=str, default="")
    next_step = StringField(_l("Next step"), validators=[Optional(), Length(max=300)])
    next_step_on = DateField(_l("Next step date"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, owners=(), ecosystems=(), stages=None, locale="fi", **kwargs):
        """`owners`: the people who may own the cluster's leads (its coordinators);
        `ecosystems`: those a lead may be linked to; `stages`: where it may move."""
        super().__init__(*args, **kwargs)
        self.owner_id.choices = [("", _l("Nobody"))] + [(str(u.id), u.name) for u in owners]
        self.ecosystem_id.choices = [("", _l("None"))] + [
            (str(e.id), e.text("name", locale)) for e in ecosystems
        ]
        if stages is not None:
            self.status.choices = [(s, LEAD_STATUS_LABELS[s]) for s in stages]


class LeadFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    status = SelectField(
        _l("Stage"), choices=[("", _l("All stages"))] + list(LEAD_STATUS_LABELS.items())
    )
    ecosystem = SelectField(_l("Ecosystem"), default="")
    owner = SelectField(_l("Owner"), default="")

    def __init__(self, *args, owners=(), ecosystems=(), locale="fi", **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = [("", _l("Any owner"))] + [(str(u.id), u.name) for u in owners]
        self.ecosystem.choices = (
            [("", _l("Any ecosystem"))]
            + [(str(e.id), e.text("name", locale)) for e in ecosystems]
            + [("none", _l("No ecosystem"))]
        )

    def query(self) -> LeadQuery:
        """The filters as a search; a value not offered (a stale bookmark) filters nothing."""
        self.validate()

        def value(field) -> str:
            return "" if field.errors else field.data or ""

        return LeadQuery(
            q=value(self.q),
            status=value(self.status),
            owner=value(self.owner),
            ecosystem=value(self.ecosystem),
        )


class LeadTargetForm(FlaskForm):
    contacts = IntegerField(
        _l("Target: company contacts"),
        validators=[InputRequired(), NumberRange(min=0, max=1_000_000)],
    )
    locations = IntegerField(
        _l("Target: companies located"),
        validators=[InputRequired(), NumberRange(min=0, max=10_000)],
    )
    submit = SubmitField(_l("Set targets"))


class DeleteAccountForm(FlaskForm):
    confirm = StringField(_l("Type DELETE to confirm"), validators=[DataRequired(), Length(max=20)])
    submit = SubmitField(_l("Delete my account"))


class SynonymForm(FlaskForm):
    terms = StringField(
        _l("Words that mean the same"),
        validators=[DataRequired(_l("Enter the words.")), Length(max=400)],
        description=_l(
            "Separate the words with = or commas, e.g. ruoppaus = dredging = muddring. "
            "Searches and partner suggestions use them after the next index build."
        ),
    )
    submit = SubmitField(_l("Add synonym"))


class DeleteForm(FlaskForm):
    """A button that only carries the CSRF token."""

    submit = SubmitField(_l("Delete"))
