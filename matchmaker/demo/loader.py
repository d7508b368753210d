"""Read the demo content files (``matchmaker/demo/content/*.toml``) as plain data."""

from __future__ import annotations

import tomllib
from importlib.resources import files


def load(name: str) -> dict:
    """The parsed ``content/<name>.toml`` ("sectors/lahti-maritime" for a file in a folder).

    Read on every call, so callers get fresh data they may change; the generators call it once
    per build, never at import time.
    """
    resource = files("matchmaker.demo").joinpath("content", *f"{name}.toml".split("/"))
    return tomllib.loads(resource.read_text(encoding="utf-8"))
