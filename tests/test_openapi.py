"""The OpenAPI description is generated from the request and response models: it covers every
API route with the right methods and states fields, types, bounds, bodies and security."""

import re

import pytest

from matchmaker.services.directory import SORTS
from matchmaker.web import MAX_ID


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _operations(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def test_every_api_route_is_described(app, spec):
    assert spec["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, method, _op in _operations(spec)}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented


def test_error_schema_matches_real_errors(client, spec):
    error = _resolve(spec, spec["components"]["schemas"]["Error"])
    detail = _resolve(spec, error["properties"]["error"])
    body = client.get("/api/v1/organisations/999999").get_json()
    assert set(detail["required"]) == {"code", "message", "fields"} <= set(body["error"])


def test_every_error_answer_uses_the_error_schema(spec):
    for path, method, op in _operations(spec):
        for status, answer in op["responses"].items():
            if status.startswith("4"):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/Error"), (path, method, status)


def test_integer_ids_state_their_range(spec):
    seen = 0
    for _path, _method, op in _operations(spec):
        for parameter in op.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                seen += 1
    assert seen >= 10


def test_writes_require_a_token_or_session_and_reads_may_be_anonymous(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearer"]["description"],
    }
    assert (schemes["session"]["type"], schemes["session"]["in"]) == ("apiKey", "cookie")
    for path, method, op in _operations(spec):
        if method != "get":
            assert op["security"] == [{"bearer": []}, {"session": []}], (path, method)
            assert "401" in op["responses"], (path, method)
    assert {} in spec["paths"]["/api/v1/organisations"]["get"]["security"]
    assert {} not in spec["paths"]["/api/v1/fairs/{fair_id}/grouping"]["get"]["security"]


def test_request_bodies_state_required_fields_and_bounds(spec):
    def body(path, method="post", media="application/json"):
        op = spec["paths"][path][method]
        assert op["requestBody"]["required"] is True
        return _resolve(spec, op["requestBody"]["content"][media]["schema"])

    registration = body("/api/v1/events/{event_id}/registrations")
    assert set(registration["required"]) == {"name", "email"}
    assert registration["properties"]["name"]["maxLength"] == 200
    assert registration["properties"]["session_ids"]["items"]["maximum"] == MAX_ID
    assert registration["additionalProperties"] is False

    meeting = body("/api/v1/events/{event_id}/meeting-requests")
    assert meeting["required"] == ["to_registration_id"]

    interest = body("/api/v1/fairs/{fair_id}/interest")
    stand = interest["properties"]["preferred_stand_id"]["anyOf"][0]
    assert (stand["type"], stand["minimum"], stand["maximum"]) == ("integer", 1, MAX_ID)
    assert interest["properties"]["exhibits"]["maxLength"] == 2000

    profile = body("/api/v1/organisations/{org_id}", method="patch")
    assert "required" not in profile
    employees = profile["properties"]["employees"]
    assert (employees["minimum"], employees["maximum"]) == (0, 1_000_000)
    assert {"integer", "null"} == {branch["type"] for branch in employees["anyOf"]}

    upload = body("/api/v1/clusters/{slug}/imports", media="multipart/form-data")
    assert upload["required"] == ["file"]
    assert upload["properties"]["file"]["format"] == "binary"


def test_query_parameters_state_types_and_bounds(spec):
    params = {p["name"]: p for p in spec["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert params["page"]["schema"]["type"] == "integer"
    assert params["page"]["schema"]["minimum"] == 1
    assert params["per_page"]["schema"]["maximum"] == 200
    assert params["sort"]["schema"]["enum"] == list(SORTS)
    fit = {p["name"]: p for p in spec["paths"]["/api/v1/clusters/fit"]["get"]["parameters"]}
    assert fit["text"]["required"] is True and fit["text"]["schema"]["maxLength"] == 5000


def test_responses_are_described_field_by_field(spec):
    answer = spec["paths"]["/api/v1/organisations/{org_id}"]["get"]["responses"]["200"]
    detail = _resolve(spec, answer["content"]["application/json"]["schema"])
    assert {"id", "name", "business_id", "contacts", "updated_at"} <= set(detail["required"])
    calendar = spec["paths"]["/api/v1/events/{event_id}/agenda.ics"]["get"]["responses"]["200"]
    assert "text/calendar" in calendar["content"]
