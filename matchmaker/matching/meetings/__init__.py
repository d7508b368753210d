"""One-to-one B2B meetings at an event (being split into modules by stage)."""

from .scheduler import *  # noqa: F403
