"""Dates and times as a cluster's people see them, and back to UTC: the one place that converts.

Timestamps are stored as naive UTC. People enter and read them in their cluster's timezone
(`Cluster.timezone`, Europe/Helsinki by default). The conversions run through flask-babel's
`to_utc`/`to_user_timezone` with its timezone switched to the cluster's, so they agree with
flask-babel's `format_*` helpers, which the format functions here wrap.

A zone is given as a cluster (anything with a `timezone` attribute), an IANA name, or None
for the current request's zone: the cluster a view named with `use_cluster()`, otherwise
`BABEL_DEFAULT_TIMEZONE`. Services pass the cluster; they never depend on the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache
from typing import Protocol
from zoneinfo import available_timezones

import flask_babel
import pytz
from babel import dates as babel_dates
from flask import g, has_app_context

from matchmaker.models.accounts import utcnow
from matchmaker.models.clusters import DEFAULT_TIMEZONE

_G_KEY = "matchmaker_timezone"


class HasTimezone(Protocol):
    timezone: str


Zone = HasTimezone | str | None


# ------------------------------------------------------------------ which zone
@cache
def _known() -> frozenset[str]:
    # flask-babel loads zones through pytz; keep to names both it and zoneinfo know.
    return frozenset(available_timezones() & set(pytz.all_timezones))


def is_valid(name: str | None) -> bool:
    return bool(name) and name in _known()


def choices(current: str | None = None) -> list[tuple[str, str]]:
    """The common zones for a select field (plus the current one if it is a rarer name)."""
    names = [n for n in pytz.common_timezones if n in _known()]
    if current and current not in names and is_valid(current):
        names.append(current)
    return [(n, n.replace("_", " ")) for n in sorted(names)]


def zone_name(zone: Zone = None) -> str:
    """The IANA name of a cluster's zone, of a name as given, or of the current request
    (the default outside an app context)."""
    if zone is None:
        return str(flask_babel.get_timezone()) if has_app_context() else DEFAULT_TIMEZONE
    name = zone if isinstance(zone, str) else zone.timezone
    return name or DEFAULT_TIMEZONE


def zone_label(zone: Zone = None) -> str:
    """The zone as people call it, in the viewer's language ("Finland Time", "Finlandtid")."""
    tz = babel_dates.get_timezone(zone_name(zone))
    return babel_dates.get_timezone_location(tz, locale=flask_babel.get_locale() or "en")


def selector() -> str | None:
    """flask-babel's timezone selector: the zone set by use_cluster(), else the default."""
    return g.get(_G_KEY)


def use_cluster(zone: Zone) -> None:
    """For the rest of this request, convert and format in this cluster's zone (views call
    this once they know the cluster, so the template filters follow it too)."""
    name = zone_name(zone)
    if g.get(_G_KEY) != name:
        setattr(g, _G_KEY, name)
        flask_babel.refresh()


def forget_cluster() -> None:
    """Back to the default zone (a new request starts there; the caller refreshes Babel)."""
    g.pop(_G_KEY, None)


@contextmanager
def in_zone(zone: Zone) -> Iterator[str]:
    """flask-babel converts and formats in this zone inside the block."""
    name = zone_name(zone)
    if zone is None or name == zone_name(None):
        yield name
        return
    before = g.get(_G_KEY)
    setattr(g, _G_KEY, name)
    flask_babel.refresh()
    try:
        yield name
    finally:
        if before is None:
            g.pop(_G_KEY, None)
        else:
            setattr(g, _G_KEY, before)
        flask_babel.refresh()


# ------------------------------------------------------------------ converting
def to_utc(value: datetime | None, zone: Zone = None) -> datetime | None:
    """A wall-clock time in the zone (naive, as a form gives it) as naive UTC for storage;
    an aware value is converted from its own zone."""
    if value is None:
        return None
    with in_zone(zone):
        return flask_babel.to_utc(value)


def to_local(value: datetime | None, zone: Zone = None) -> datetime | None:
    """A stored naive UTC time as the zone's naive wall-clock time (to fill a form)."""
    if value is None:
        return None
    with in_zone(zone):
        return flask_babel.to_user_timezone(value).replace(tzinfo=None)


def local_now(zone: Zone = None, now: datetime | None = None) -> datetime:
    """The zone's wall-clock time now (or at `now`, naive UTC)."""
    return to_local(now or utcnow(), zone)


def today(zone: Zone = None, now: datetime | None = None) -> date:
    """The date it is in the zone: a day ahead of UTC's just after midnight in Finland."""
    return local_now(zone, now).date()


def day_start(day: date, zone: Zone = None) -> datetime:
    """When the day begins in the zone, as naive UTC (local midnight, not UTC midnight)."""
    return to_utc(datetime.combine(day, time.min), zone)


# ------------------------------------------------------------------ formatting
# In the viewer's language and the zone's wall-clock time. Naive datetimes are UTC; a date
# (no time) is shown as it is.
def format_datetime(value: datetime | None, format: str = "medium", zone: Zone = None) -> str:
    if value is None:
        return ""
    with in_zone(zone):
        return flask_babel.format_datetime(value, format)


def format_date(value: date | datetime | None, format: str = "medium", zone: Zone = None) -> str:
    if value is None:
        return ""
    with in_zone(zone):
        return flask_babel.format_date(value, format)


def format_time(value: datetime | None, format: str = "short", zone: Zone = None) -> str:
    if value is None:
        return ""
    with in_zone(zone):
        return flask_babel.format_time(value, format)
