from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from matchmaker.labels import EVENT_KINDS, choices
from matchmaker.services.email_address import normalise_email
from matchmaker.services.reference import countries

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(FlaskForm):
    """Times are entered in the cluster's zone; the view converts them to UTC (timeutil)."""

    title = StringField(_l("Event title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(EVENT_KINDS))
    description = TextAreaField(_l("Description"))
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    online_url = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])
    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL_FORMAT, validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMAT, validators=[DataRequired()])
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    registration_deadline = DateTimeLocalField(
        _l("Registration deadline"),
        format=LOCAL_FORMAT,
        validators=[Optional()],
        description=_l("Empty: registration closes when the event starts."),
    )
    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=0)],
        description=_l("Empty: no limit."),
    )
    max_per_organisation = IntegerField(
        _l("Most participants per organisation"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("Empty: no limit."),
    )
    language = SelectField(
        _l("Language"), choices=[("fi", "Suomi"), ("en", "English"), ("sv", "Svenska")]
    )
    open_to_outsiders = BooleanField(
        _l("Open to people outside the cluster"),
        description=_l("They confirm their e-mail address before a seat is reserved."),
    )
    submit = SubmitField(_l("Save event"))


class SessionForm(FlaskForm):
    title = StringField(_l("Session title"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country (market sessions)"), choices=[])
    speaker = StringField(_l("Speaker"), validators=[Optional(), Length(max=200)])
    room = StringField(_l("Room or track"), validators=[Optional(), Length(max=100)])
    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL_FORMAT, validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMAT, validators=[DataRequired()])
    capacity = IntegerField(
        _l("Seats"), validators=[Optional(), NumberRange(min=0)], description=_l("Empty: no limit.")
    )
    submit = SubmitField(_l("Save session"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("No country"))] + countries(str(get_locale()))


class SignupForm(FlaskForm):
    """One person per submission: yourself, a colleague with an account, or someone else."""

    who = RadioField(_l("Who is coming?"), choices=[])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    dietary = StringField(
        _l("Dietary needs"),
        validators=[Optional(), Length(max=500)],
        description=_l("For example vegetarian, gluten-free, allergies."),
    )
    note = TextAreaField(_l("Note to the organisers"), validators=[Optional(), Length(max=2000)])
    sessions = MultiCheckboxField(_l("Sessions"), choices=[], coerce=int)
    # "Sign up" for an event, not "Register" (an account): Finnish says them differently.
    submit = SubmitField(_l("Sign up"))

    def __init__(self, *args, user, sessions=(), registered=(), full=(), **kwargs):
        """`user` registers themself, an active colleague of their organisation or someone
        else; people whose addresses are in `registered` are not offered again; `sessions`:
        the event's sessions to choose from, those in `full` marked as full."""
        super().__init__(*args, **kwargs)
        taken = {normalise_email(e) for e in registered}
        who = []
        if normalise_email(user.email) not in taken:
            who.append(("me", _l("Myself (%(name)s)", name=user.name)))
        org = user.organisation if user.active_organisation_id else None
        if org is not None:
            who += [
                (str(u.id), u.name)
                for u in sorted(org.users, key=lambda u: u.name)
                if u.id != user.id
                and u.org_status == "active"
                and normalise_email(u.email) not in taken
            ]
        who.append(("other", _l("Someone else from my organisation")))
        self.who.choices = who
        if not self.is_submitted():
            # After signing yourself up, the next one is most likely a colleague.
            self.who.data = who[0][0]
        self.sessions.choices = [(s.id, session_label(s, s.id in full)) for s in sessions]


def session_label(session, full: bool):
    if full:
        return _l("%(title)s (full — waiting list)", title=session.title)
    return session.title


class GuestSignupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    organisation_name = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    dietary = StringField(_l("Dietary needs"), validators=[Optional(), Length(max=500)])
    note = TextAreaField(_l("Note to the organisers"), validators=[Optional(), Length(max=2000)])
    sessions = MultiCheckboxField(_l("Sessions"), choices=[], coerce=int)
    submit = SubmitField(_l("Sign up"))

    def __init__(self, *args, sessions=(), full=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions.choices = [(s.id, session_label(s, s.id in full)) for s in sessions]


class ChangeRegistrationForm(FlaskForm):
    """What a registered person may change without losing their seat."""

    dietary = StringField(
        _l("Dietary needs"),
        validators=[Optional(), Length(max=500)],
        description=_l("For example vegetarian, gluten-free, allergies."),
    )
    sessions = MultiCheckboxField(_l("Sessions"), choices=[], coerce=int)
    submit = SubmitField(_l("Save changes"))

    def __init__(self, *args, sessions=(), full=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions.choices = [(s.id, session_label(s, s.id in full)) for s in sessions]
