"""Every user-facing string is in the Finnish and English catalogues, and they are used."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from matchmaker import create_app

PACKAGE = Path(__file__).resolve().parent.parent / "matchmaker"
TRANSLATIONS = PACKAGE / "translations"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
METHODS = [
    ("demo/**", "ignore"),
    ("data/**", "ignore"),
    ("matching/**", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, keywords=KEYWORDS
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def catalogue(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def untranslated(cat) -> list[str]:
    out = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings) or m.fuzzy:
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


@pytest.mark.parametrize("locale", ["fi", "en"])
def test_catalogue_has_every_source_string(source_ids, locale):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(locale) if m.id}
    missing = sorted(source_ids - ids)
    assert not missing, f"run `make extract-messages` and translate: {missing[:10]}"


@pytest.mark.parametrize("locale", ["fi", "en"])
def test_catalogue_is_fully_translated(locale):
    missing = untranslated(catalogue(locale))
    assert not missing, f"untranslated in {locale}: {missing[:10]}"


def test_finnish_placeholders_match_english():
    pattern = re.compile(r"%\((\w+)\)[sd]")
    for m in catalogue("fi"):
        if not m.id:
            continue
        source = m.id if isinstance(m.id, str) else m.id[0]
        for translated in m.string if isinstance(m.string, tuple) else (m.string,):
            assert set(pattern.findall(translated)) <= set(
                pattern.findall(" ".join(m.id if isinstance(m.id, tuple) else (m.id,)))
            ), source


def test_pages_are_finnish_for_finnish_browsers(app, client):
    page = client.get("/auth/login", headers={"Accept-Language": "fi-FI,fi;q=0.9"}).get_data(
        as_text=True
    )
    assert "Kirjaudu sisään" in page
    assert 'lang="fi"' in page


def test_pages_are_english_for_english_browsers(client):
    page = client.get("/auth/login", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert "Log in" in page and 'lang="en"' in page


def test_language_switch_works_without_login(client):
    client.post("/language", data={"locale": "fi"})
    assert "Kirjaudu sisään" in client.get("/auth/login").get_data(as_text=True)


def test_finnish_is_the_default_language(tmp_path):
    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.sqlite"}
    )
    assert app.config["BABEL_DEFAULT_LOCALE"] == "fi"
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    assert "Kirjaudu sisään" in page


def test_swedish_is_offered_and_complete(client):
    page = client.get("/auth/login", headers={"Accept-Language": "sv-FI"}).get_data(as_text=True)
    assert 'lang="sv"' in page and "Logga in" in page
    assert not untranslated(catalogue("sv"))
