"""`flask --app matchmaker tune-matching`: weights fitted to logged outcomes."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from matchmaker.extensions import db
from matchmaker.matching import Weights
from matchmaker.matching.tuning import score_parts, tunable_names
from matchmaker.models import ContactRequest, Dismissal
from matchmaker.services import matching as matching_service
from matchmaker.services.matching_tuning import load_outcomes
from matchmaker.services.matching_weights import stored_weights, weights_path

WORDS = (
    "propeller casting bronze welding hull steel pump valve sensor cable paint coating "
    "logistics crane forging shaft bearing gear hydraulics insulation ventilation laser "
    "machining design testing inspection automation software training recycling timber"
).split()


@pytest.fixture
def weights_file(app, tmp_path):
    app.config["MATCHING_WEIGHTS_FILE"] = str(tmp_path / "weights.json")
    return tmp_path / "weights.json"


@pytest.fixture
def logged(app, make_cluster, make_org, weights_file):
    """40 organisations and 200 outcomes decided by the shared theme alone: a contact
    request accepted when their descriptions overlap most, a dismissal otherwise."""
    rng = np.random.default_rng(11)
    cluster = make_cluster()

    def text() -> str:
        return " ".join(rng.choice(WORDS, size=5, replace=False))

    orgs = [
        make_org(cluster, description=text(), capabilities=text(), needs=text()) for _ in range(40)
    ]
    ids = [o.id for o in orgs]
    pairs: list[tuple[int, int]] = []
    while len(pairs) < 200:
        a, b = (int(x) for x in rng.choice(ids, size=2, replace=False))
        if (a, b) not in pairs:
            pairs.append((a, b))
    truth = replace(
        Weights(), **{**{n: 0.0 for n in tunable_names(Weights())}, "shared_theme": 1.0}
    )
    names, parts = score_parts(matching_service.build_index(), pairs, truth)
    true = parts @ np.array([getattr(truth, n) for n in names])
    cut = np.median(true)
    for (a, b), s in zip(pairs, true, strict=True):
        if s > cut:
            db.session.add(ContactRequest(from_org_id=a, to_org_id=b, status="accepted"))
        else:
            db.session.add(Dismissal(organisation_id=a, dismissed_id=b))
    db.session.commit()
    return pairs


def test_outcomes_are_read_from_requests_and_dismissals(logged):
    outcomes = load_outcomes()
    assert len(outcomes) == 200
    kinds = {o.kind: o.positive for o in outcomes}
    assert kinds == {"contact_accepted": True, "dismissed": False}


def test_tune_matching_refuses_without_enough_outcomes(runner, make_org, weights_file):
    make_org(description="welding")
    result = runner.invoke(args=["tune-matching"])
    assert result.exit_code != 0
    assert "Too few outcomes" in result.output
    assert not weights_file.exists()


def test_tune_matching_reports_and_writes_nothing_without_apply(runner, logged, weights_file):
    result = runner.invoke(args=["tune-matching"])
    assert result.exit_code == 0, result.output
    assert "AUC" in result.output and "P@5" in result.output
    assert "shared_theme" in result.output
    assert "Not applied" in result.output
    assert not weights_file.exists()


def test_tune_matching_apply_stores_weights_the_next_build_uses(app, runner, logged, weights_file):
    before = matching_service.stored_version()
    result = runner.invoke(args=["tune-matching", "--apply"])
    assert result.exit_code == 0, result.output
    stored = json.loads(weights_file.read_text())["weights"]
    assert stored["shared_theme"] > stored["they_offer_your_need"]
    assert matching_service.stored_version() > before  # every process rebuilds
    matching_service.current_index()
    assert matching_service.current_weights() == stored_weights(app)
    assert matching_service.current_weights().shared_theme == stored["shared_theme"]


def test_a_broken_weights_file_falls_back_to_the_shipped_weights(app, weights_file):
    weights_file.write_text('{"weights": {"shared_theme": -3}}')
    assert stored_weights(app) == Weights()


def test_weights_file_defaults_to_the_instance_folder(app):
    app.config.pop("MATCHING_WEIGHTS_FILE", None)
    assert weights_path(app).parent.as_posix() == app.instance_path.replace("\\", "/")
