"""How numbers, dates and money read on every page, in the viewer's language: the house styles.

One style per kind of value, decided here and nowhere else; templates reach them through the
Jinja filters registered by `register()` (`date`, `datetime`, `period`, `money`, `area`,
`number`, `percent`, `score`), services and mails call the functions. Everything goes through
Babel (flask-babel's `format_*` and Babel's interval and skeleton formats), so Finnish reads
"1 860,00 €" and "12.1.2027 9.00", English "€1,860.00" and "Jan 12, 2027, 9:00 AM", Swedish
"1 860,00 €" and "12 jan. 2027 09:00". Datetimes are naive UTC and shown in the cluster's zone
(`timeutil`); dates are shown as they are.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime
from decimal import Decimal

import flask_babel
from babel import dates as babel_dates
from flask import Flask

from matchmaker import timeutil
from matchmaker.timeutil import Zone

CURRENCY = "EUR"
# One decimal for floor areas ("7,5 m²"), none when whole ("60 m²").
AREA_PATTERN = "#,##0.#"
NBSP = "\u00a0"

# Datetime styles a template may name; Babel's own names ("short", "medium") are accepted as
# the house style so a page can never fall back to Babel's mixed short formats.
DATETIME_STYLES = ("datetime", "weekday", "weekday_name", "time", "date")
_ALIASES = {"short": "datetime", "medium": "datetime", "long": "datetime", "EEEE": "weekday_name"}


def _locale():
    return flask_babel.get_locale() or "en"


def _date_skeleton() -> str:
    """The skeleton of the locale's medium date: month as a word where the medium date has one
    (en, sv), as a number where it has none (fi)."""
    pattern = babel_dates.get_date_format("medium", locale=_locale()).pattern
    return "yMMMd" if "MMM" in pattern else "yMd"


def _join(day: str, clock: str) -> str:
    """A date and a time joined the way the locale joins them ("{1}, {0}" in English)."""
    return babel_dates.get_datetime_format("medium", locale=_locale()).format(clock, day)


# ------------------------------------------------------------------ dates and times
def date(value: Date | DateTime | None, zone: Zone = None) -> str:
    """A day: "12.1.2027", "Jan 12, 2027", "12 jan. 2027"."""
    if value is None:
        return ""
    if isinstance(value, DateTime):
        return timeutil.format_date(value, "medium", zone)
    return flask_babel.format_date(value, "medium")


def time(value: DateTime | None, zone: Zone = None) -> str:
    """A clock time: "9.00", "9:00 AM", "09:00"."""
    return timeutil.format_time(value, "short", zone)


def datetime(value: DateTime | None, style: str = "datetime", zone: Zone = None) -> str:
    """A moment in one of the house styles: "datetime" (date and time), "weekday" (with the
    weekday: "ti 12.1.2027 9.00", "Tue, Jan 12, 2027, 9:00 AM"), "weekday_name", "date" or
    "time". Anything else is taken as a Babel pattern (for machine-like fields only)."""
    if value is None:
        return ""
    style = _ALIASES.get(style, style)
    if style == "date":
        return date(value, zone)
    if style == "time":
        return time(value, zone)
    if style not in DATETIME_STYLES:
        return timeutil.format_datetime(value, style, zone)
    local = timeutil.to_local(value, zone)
    if style == "weekday_name":
        return babel_dates.format_date(local, "cccc", locale=_locale())
    if style == "weekday":
        day = babel_dates.format_skeleton(_date_skeleton() + "E", local, locale=_locale())
    else:
        day = babel_dates.format_date(local, "medium", locale=_locale())
    clock = babel_dates.format_time(local, "short", locale=_locale())
    return _join(day, clock)


def period(start: Date | None, end: Date | None) -> str:
    """Two days as one interval: "12.–30.1.2027", "Jan 12 – 30, 2027", "12–30 jan. 2027"."""
    if start is None:
        return date(end) if end else ""
    if end is None or end == start:
        return date(start)
    return babel_dates.format_interval(start, end, _date_skeleton(), locale=_locale())


# ------------------------------------------------------------------ numbers and money
def money(value: Decimal | float | int | None) -> str:
    """Euros with cents: "1 860,00 €", "€1,860.00"."""
    return flask_babel.format_currency(value or 0, CURRENCY)


def area(value: Decimal | float | int | None) -> str:
    """Square metres: "7,5 m²", "60 m²"."""
    if value is None:
        return ""
    return flask_babel.format_decimal(value, AREA_PATTERN) + NBSP + "m²"


def m2(value: Decimal | float | int | None) -> str:
    """Square metres without the unit, for sentences that name it themselves: "57,5"."""
    return flask_babel.format_decimal(value or 0, AREA_PATTERN)


def price_per_m2(value: Decimal | float | int | None) -> str:
    """A price per square metre: "310,00 €/m²"."""
    return money(value) + "/m²"


def number(value: Decimal | float | int | None, digits: int | None = None) -> str:
    """A number with the locale's separators; `digits` fixes the decimals."""
    if value is None:
        return ""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return flask_babel.format_decimal(value, pattern)


def percent(value: float | None) -> str:
    """A share (0.87) as "87 %", "87%"."""
    if value is None:
        return ""
    return flask_babel.format_percent(value)


def score(value: float | None) -> str:
    """A matching score (0..1) as a whole number out of 100."""
    if value is None:
        return ""
    return flask_babel.format_decimal(round(value * 100), "#,##0")


def register(app: Flask) -> None:
    """The Jinja filters every template uses for these values (registered once, here)."""
    filters = {
        "date": date,
        "date_only": date,
        "time": time,
        "datetime": datetime,
        "period": period,
        "date_range": period,
        "money": money,
        "area": area,
        "m2": m2,
        "price_per_m2": price_per_m2,
        "number": number,
        "percent": percent,
        "score": score,
    }
    app.jinja_env.filters.update(filters)
