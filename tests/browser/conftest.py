"""A live server on a loopback port and headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import IN_CI, TEST_CONFIG

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def live_app(app_factory):
    config = {k: v for k, v in TEST_CONFIG.items() if k != "SERVER_NAME"}
    app = app_factory(**{**config, "WTF_CSRF_ENABLED": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    path = _chromium_path()
    if path is None:
        if IN_CI:
            pytest.fail("Chromium is missing; CI must install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # A loaded 2-core CI machine can take seconds per page: wait up to 15 s, for actions
    # and for expect() alike (whose own default is 5 s).
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
