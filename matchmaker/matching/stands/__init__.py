"""Joint fair stands (being split into modules by stage)."""

from .search import *  # noqa: F403
