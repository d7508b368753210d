"""HSTS is sent over HTTPS only; behind TRUSTED_PROXIES the proxy's X-Forwarded-Proto decides."""

from __future__ import annotations

HSTS = "Strict-Transport-Security"


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers[HSTS] == "max-age=31536000"


def test_no_hsts_over_plain_http(client):
    assert HSTS not in client.get("/").headers


def test_hsts_behind_a_trusted_proxy_that_speaks_https(app_factory):
    app = app_factory(TRUSTED_PROXIES=1)
    with app.app_context():
        browser = app.test_client()
        response = browser.get("/", headers={"X-Forwarded-Proto": "https"})
        assert response.headers[HSTS] == "max-age=31536000"
        assert HSTS not in browser.get("/", headers={"X-Forwarded-Proto": "http"}).headers


def test_a_forwarded_scheme_is_ignored_without_trusted_proxies(client):
    assert HSTS not in client.get("/", headers={"X-Forwarded-Proto": "https"}).headers
