"""Typed request and response models of API v1 (being split into modules per area)."""

from matchmaker.api.schemas.base import *  # noqa: F403
