"""Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit."""

from __future__ import annotations

import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_FORMAT = re.compile(r"^(\d{6,7})-(\d)$")


def check_digit(digits: str) -> int | None:
    """The check digit for seven digits, or None when no valid ID has them (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise(value: str) -> str:
    """Strip spaces; old six-digit IDs get their leading zero ("123456-7" -> "0123456-7")."""
    value = (value or "").strip().replace(" ", "")
    m = _FORMAT.match(value)
    if m and len(m.group(1)) == 6:
        value = "0" + value
    return value


def is_valid(value: str) -> bool:
    m = _FORMAT.match(normalise(value))
    if not m:
        return False
    digits = m.group(1).zfill(7)
    return check_digit(digits) == int(m.group(2))


def error_for(value: str) -> str | None:
    """Why a business ID is invalid, as a key the UI translates: 'format' or 'checksum'."""
    if not _FORMAT.match(normalise(value)):
        return "format"
    if not is_valid(value):
        return "checksum"
    return None
