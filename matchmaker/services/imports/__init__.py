"""Member list import (being split into modules by what they do)."""

from matchmaker.services.imports.reading import *  # noqa: F403
