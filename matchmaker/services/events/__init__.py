"""Events (being split into a package: see the following commit)."""

from matchmaker.services.events.registration import *  # noqa: F403
from matchmaker.services.events.registration import _locale_for, _lock_event, _text  # noqa: F401
