"""The OpenAPI description covers every API route with the right methods."""

import re


def test_every_api_route_is_described(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented


def test_error_schema_matches_real_errors(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    required = spec["components"]["schemas"]["Error"]["properties"]["error"]["required"]
    body = client.get("/api/v1/organisations/999999").get_json()
    assert set(required) <= set(body["error"])
