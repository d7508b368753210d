import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from matchmaker import timeutil
from matchmaker.events.forms import LOCAL_FORMAT, MultiCheckboxField
from matchmaker.labels import ORG_TYPES

_WINDOW_RE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*$"
)
WHO_MAY_BOOK = {
    "members": _l("Member organisations only"),
    "all_participants": _l("All participants, guests too"),
}


def parse_windows(text: str, zone: timeutil.Zone = None) -> list[tuple[datetime, datetime]]:
    """Lines like "2026-06-04 13:00-15:00" in the zone's time as naive UTC (start, end)."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        found = _WINDOW_RE.match(line)
        if not found:
            raise ValueError(line.strip())
        day, h1, m1, h2, m2 = found.groups()
        start = datetime.fromisoformat(f"{day}T{int(h1):02d}:{m1}")
        end = datetime.fromisoformat(f"{day}T{int(h2):02d}:{m2}")
        out.append((timeutil.to_utc(start, zone), timeutil.to_utc(end, zone)))
    return out


class SetupForm(FlaskForm):
    windows = TextAreaField(
        _l("Time windows"),
        validators=[DataRequired()],
        description=_l(
            "One per line in the cluster's time zone, e.g. 2026-06-04 13:00-15:00. "
            "Leave breaks out."
        ),
    )
    meeting_minutes = IntegerField(
        _l("Meeting length (minutes)"), default=20, validators=[DataRequired(), NumberRange(5, 240)]
    )
    tables = IntegerField(
        _l("Tables"), default=10, validators=[DataRequired(), NumberRange(1, 500)]
    )
    cap_per_participant = IntegerField(
        _l("Most meetings per participant"), default=8, validators=[DataRequired(), NumberRange(1)]
    )
    booking_opens_at = DateTimeLocalField(
        _l("Booking opens"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    booking_closes_at = DateTimeLocalField(
        _l("Booking closes"),
        format=LOCAL_FORMAT,
        validators=[Optional()],
        description=_l("Empty: when the event starts."),
    )
    who_may_book = SelectField(_l("Who may book whom"), choices=list(WHO_MAY_BOOK.items()))
    allowed_org_types = MultiCheckboxField(
        _l("Only these organisation types"),
        choices=list(ORG_TYPES.items()),
        description=_l("None ticked: every type."),
    )
    request_ttl_hours = IntegerField(
        _l("Requests expire after (hours)"), default=72, validators=[DataRequired(), NumberRange(1)]
    )
    reminder_hours = IntegerField(
        _l("Remind the receiver this many hours before expiry"),
        default=24,
        validators=[Optional(), NumberRange(0)],
    )
    submit = SubmitField(_l("Save meeting set-up"))

    def __init__(self, *args, zone: timeutil.Zone = None, **kwargs):
        """`zone`: the event's cluster, whose wall-clock time the windows are written in."""
        super().__init__(*args, **kwargs)
        self.zone = zone

    def validate_windows(self, field):
        try:
            self.parsed_windows = parse_windows(field.data, self.zone)
        except ValueError as exc:
            raise ValidationError(_l("Cannot read this line: %(line)s", line=str(exc))) from exc


class RequestForm(FlaskForm):
    message = TextAreaField(
        _l("Message"),
        validators=[Optional(), Length(max=1000)],
        description=_l("What would you like to talk about?"),
    )
    source = StringField(validators=[Optional(), Length(max=32)])
    submit = SubmitField(_l("Send request"))


class BlockForm(FlaskForm):
    slots = MultiCheckboxField(_l("Times I am not available"), choices=[], coerce=int)
    submit = SubmitField(_l("Save blocked times"))

    def __init__(self, *args, slots=(), **kwargs):
        """`slots`: the event's meeting slots (the page labels them itself)."""
        super().__init__(*args, **kwargs)
        self.slots.choices = [(s.id, "") for s in slots]


class MoveForm(FlaskForm):
    slot = SelectField(_l("Time"), coerce=int, choices=[])
    table = SelectField(_l("Table"), coerce=int, choices=[])
    submit = SubmitField(_l("Move meeting"))

    def __init__(self, *args, slots=(), tables=(), zone: timeutil.Zone = None, **kwargs):
        """`slots` are shown in wall-clock time of `zone` (the event's cluster)."""
        super().__init__(*args, **kwargs)
        self.slot.choices = [
            (s.id, f"{timeutil.to_local(s.starts_at, zone):%d.%m. %H:%M}") for s in slots
        ]
        self.table.choices = [(t.id, t.label) for t in tables]
