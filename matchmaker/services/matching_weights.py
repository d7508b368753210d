"""Where the partner score's fitted weights are kept: a JSON file in the instance folder.

``flask --app matchmaker tune-matching --apply`` writes it; the matching index reads it on
each build (``services.matching``). JSON, never pickle; a broken file falls back to the
shipped weights with a warning rather than stopping suggestions.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from flask import Flask

from matchmaker.matching import DEFAULT_WEIGHTS, Weights
from matchmaker.matching.tuning import weights_from_json, weights_to_json

log = logging.getLogger(__name__)

FILE_NAME = "matching_weights.json"


def weights_path(app: Flask) -> Path:
    """``MATCHING_WEIGHTS_FILE`` when configured, else ``instance/matching_weights.json``."""
    configured = app.config.get("MATCHING_WEIGHTS_FILE")
    return Path(configured) if configured else Path(app.instance_path) / FILE_NAME


def stored_weights(app: Flask) -> Weights:
    """The applied weights, or the shipped ones when none were applied (or the file is bad)."""
    path = weights_path(app)
    if not path.exists():
        return DEFAULT_WEIGHTS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return weights_from_json(data.get("weights", {}), DEFAULT_WEIGHTS)
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("Ignoring the matching weights in %s: %s", path, exc)
        return DEFAULT_WEIGHTS


def save_weights(app: Flask, weights: Weights, note: dict) -> Path:
    """Write ``weights`` (with ``note``: when and how they were fitted), atomically."""
    path = weights_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"weights": weights_to_json(weights), **note}, indent=2, sort_keys=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".matching_weights-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
