"""The admin pages say which analyser reads Finnish text."""

from __future__ import annotations

import pytest

from matchmaker.matching import text as text_module
from tests.conftest import IN_CI


@pytest.fixture
def admin_client(client, auth, make_user):
    auth.login(make_user(is_site_admin=True).email)
    return client


def test_admin_page_shows_the_snowball_fallback(admin_client) -> None:
    text_module.use_snowball(True)
    try:
        page = admin_client.get("/admin/clusters").get_data(as_text=True)
    finally:
        text_module.use_snowball(False)
    assert "Finnish text analyser: Snowball stems" in page


def test_admin_page_shows_voikko_when_active(admin_client) -> None:
    if text_module.analyser_name() != "voikko":
        if IN_CI:
            pytest.fail("Voikko is missing; CI installs libvoikko1 and voikko-fi")
        pytest.skip("Voikko is not installed")
    page = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "Finnish text analyser: Voikko" in page
