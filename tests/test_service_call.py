"""web.service_call: what a view's service call does with the request's changes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from werkzeug.exceptions import NotFound as NotFoundPage
from wtforms import Form, StringField

from matchmaker.extensions import db
from matchmaker.models import Cluster
from matchmaker.services.errors import DomainError, NotFound
from matchmaker.web import service_call


class NameForm(Form):
    name = StringField()


def _names() -> list[str]:
    return list(db.session.scalars(sa.select(Cluster.name).order_by(Cluster.name)))


def test_a_call_that_goes_through_is_committed_and_flashed(app, make_cluster):
    with app.test_request_context("/"):
        with service_call(done="Saved.") as call:
            make_cluster(name="Arctic").name = "Arctic Industry"
        db.session.rollback()  # nothing left to undo: it was committed
        assert call.ok
        assert "Arctic Industry" in _names()
        assert get_flashed_messages(with_categories=True) == [("success", "Saved.")]


def test_a_refusal_undoes_the_changes_and_is_shown_next_to_the_field(app, make_cluster):
    cluster = make_cluster(name="Lahti Maritime")
    with app.test_request_context("/"):
        form = NameForm()
        with service_call(form, "Saved.") as call:
            db.session.merge(cluster).name = "Renamed"
            raise DomainError("That name is taken.", field="name")
        assert not call.ok
        assert _names() == ["Lahti Maritime"]
        assert form.name.errors == ["That name is taken."]
        assert ("success", "Saved.") not in get_flashed_messages(with_categories=True)


def test_a_lookup_that_found_nothing_is_the_error_page(app):
    with app.test_request_context("/"), pytest.raises(NotFoundPage):
        with service_call(done="Saved."):
            raise NotFound("No such fair.")


def test_other_errors_are_not_swallowed(app):
    with app.test_request_context("/"), pytest.raises(ZeroDivisionError):
        with service_call(done="Saved."):
            raise ZeroDivisionError
