"""Fuzzing in CI (issue 10): schemathesis drives every API operation from the generated OpenAPI
description, with every check, as a member and as a coordinator: no server error and no answer
that breaks the description. Bounded and seeded, so a run is reproducible and takes minutes.

Business rules the description cannot state (a business ID's check digit, a registration
deadline, an unknown country code) answer 422 to requests that are well formed, so 422 counts
as an accepted answer to valid data; everything else is as schemathesis ships it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from schemathesis import engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events
from werkzeug.serving import make_server

from matchmaker.extensions import db
from matchmaker.services import accounts
from matchmaker.services import events as event_service
from matchmaker.services import meetings as meeting_service
from tests.events.conftest import coordinator, make_event, member, signup  # noqa: F401
from tests.fairs.conftest import fair_setup  # noqa: F401

EXAMPLES_PER_OPERATION = 12
SEED = 20261201

CONFIG = {
    "seed": SEED,
    "suppress-health-check": ["all"],
    "generation": {
        "max-examples": EXAMPLES_PER_OPERATION,
        "deterministic": True,
        "database": "none",
        "mode": "all",
    },
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},  # needs links between operations, which we do not declare
    },
    "checks": {
        "enabled": True,
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
        },
    },
}


@pytest.fixture
def world(fair_setup, make_event):  # noqa: F811
    """Something behind the ids the fuzzer tries: a cluster with members, a coordinator, a fair
    with two stands, an event with sessions and one-to-one meetings, and two participants."""
    cluster = fair_setup["cluster"]
    people = fair_setup["people"]
    event = make_event(
        cluster, capacity=5, sessions=[{"title": "Norja", "country": "NO"}, {"title": "Avaus"}]
    )
    start = event.starts_at + timedelta(hours=1)
    meeting_service.save_setup(
        fair_setup["coordinator"],
        event,
        meeting_service.SetupData(
            windows=[(start, start + timedelta(hours=1))], meeting_minutes=20, tables=2
        ),
    )
    for name in ("prop1", "prop2"):
        person = event_service.Person(name=people[name].name, email=people[name].email)
        event_service.signup(people[name], event, person, [])
    db.session.commit()
    return fair_setup


def _bearer(user) -> dict:
    raw = accounts.create_api_token(user, "fuzz")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


@contextmanager
def serving(app):
    """The app on a loopback port for the length of the block (real HTTP, as clients see it)."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def fuzz(base_url: str, headers: dict) -> tuple[list[str], int]:
    """Run every phase against the server; the failures as text, and the number of cases."""
    config = SchemathesisConfig.from_dict({**CONFIG, "headers": headers})
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json", config=config)
    problems: list[str] = []
    cases = 0
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        problems.append(
                            f"{failure.operation}: {failure.title}: {failure.message}\n"
                            f"{check.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            problems.append(f"{getattr(event, 'label', '')}: {event.info.format()}"
                            if hasattr(event, "info") else repr(event.exception))  # fmt: skip
        elif isinstance(event, events.EngineFinished):
            problems.extend(str(f) for f in event.failures)
    return sorted(set(problems)), cases


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_fuzzing_finds_no_server_error_and_no_answer_outside_the_description(app, world, role):
    caller = world["people"]["prop1"] if role == "member" else world["coordinator"]
    with serving(app) as base_url:
        problems, cases = fuzz(base_url, _bearer(caller))
    assert not problems, "\n\n".join(problems)
    assert cases > 200  # every operation was exercised, not skipped
