from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ContactRequestForm(FlaskForm):
    message = TextAreaField(
        _l("Message"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Say who you are and what you would like to discuss."),
    )
    source = HiddenField(default="directory")
    submit = SubmitField(_l("Send request"))


class FitForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    text = TextAreaField(
        _l("Describe the organisation"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("What it does, offers and needs, in Finnish, English or Swedish."),
    )
    submit = SubmitField(_l("Find the best fitting clusters"))
