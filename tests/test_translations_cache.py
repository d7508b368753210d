"""Translations are found once per request and locale (matchmaker.i18n), and the language
still switches within a request (force_locale, refresh) and from request to request."""

import flask_babel
from flask import render_template_string, session
from flask_babel import force_locale, gettext, refresh

WORDS = {"fi": "Kirjaudu sisään", "sv": "Logga in", "en": "Log in"}


def test_a_request_finds_its_translations_once(app, monkeypatch):
    found = []
    real = flask_babel.Domain.get_translations

    def counting(self):
        found.append(self)
        return real(self)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", counting)
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert {gettext("Log in") for _ in range(50)} == {WORDS["fi"]}
        assert render_template_string("{{ _('Log in') }}") == WORDS["fi"]
    assert len(found) == 1


def test_force_locale_switches_and_restores_within_a_request(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert gettext("Log in") == WORDS["fi"]
        with force_locale("sv"):
            assert gettext("Log in") == WORDS["sv"]
            assert render_template_string("{{ _('Log in') }}") == WORDS["sv"]
            with force_locale("en"):
                assert gettext("Log in") == WORDS["en"]
            assert gettext("Log in") == WORDS["sv"]
        assert gettext("Log in") == WORDS["fi"]
        assert render_template_string("{{ _('Log in') }}") == WORDS["fi"]


def test_refresh_after_choosing_a_language_switches_within_a_request(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert gettext("Log in") == WORDS["fi"]
        session["locale"] = "sv"
        assert gettext("Log in") == WORDS["fi"]  # the request's locale until refreshed
        refresh()
        assert gettext("Log in") == WORDS["sv"]


def test_one_process_serves_each_request_in_its_language(client):
    for lang in ["fi", "sv", "en", "fi", "en", "sv"]:
        page = client.get("/auth/login", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert WORDS[lang] in page and f'lang="{lang}"' in page
