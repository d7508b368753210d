"""The matching package stands alone: no Flask, SQLAlchemy or app on import; plain data."""

from __future__ import annotations

import subprocess
import sys

import pytest

import matchmaker
from matchmaker.matching import Profile, word_key

CHECK = """
import sys
import matchmaker.matching
loaded = sorted(
    name for name in ("flask", "flask_sqlalchemy", "sqlalchemy", "flask_login", "matchmaker.app")
    if name in sys.modules
)
print(",".join(loaded))
"""


def test_importing_the_library_loads_no_web_framework() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_app_factory_is_still_found_on_the_package() -> None:
    from matchmaker.app import create_app

    assert matchmaker.create_app is create_app


def test_the_package_has_no_other_lazy_names() -> None:
    with pytest.raises(AttributeError):
        matchmaker.no_such_name  # noqa: B018


def test_a_profile_needs_only_an_id() -> None:
    profile = Profile(7)
    assert (profile.about, profile.offers, profile.needs, profile.name) == ("", "", "", "")


def test_the_word_key_is_exported() -> None:
    assert word_key("Propellers", "en") == "propel"
