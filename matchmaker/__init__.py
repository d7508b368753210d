"""Matchmaker: partner matching, events and joint fair stands for regional business clusters.

Importing the package loads nothing heavy: the app factory lives in ``matchmaker.app`` and is
imported on first use of ``matchmaker.create_app`` (``flask --app matchmaker`` and gunicorn's
``'matchmaker:create_app()'`` find it that way), so the matching library
(``matchmaker.matching``) can be used without Flask or SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchmaker.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from matchmaker.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
