"""B2B meetings (being split into a package: see the following commit)."""

from matchmaker.services.meetings.placement import *  # noqa: F403
from matchmaker.services.meetings.placement import _live_meetings  # noqa: F401
