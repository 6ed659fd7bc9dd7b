"""Dates as people type them and as the minutes print them, in Dutch or English.

Babel carries its own CLDR data, so Dutch month names work on servers without Dutch locales.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_format_date

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

MEETING_TZ = ZoneInfo("Europe/Amsterdam")
"""Where the meetings happen: "today" and sign-off dates are Dutch dates, whatever the server's
own time zone (shared servers often run on UTC)."""
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_date(text: str) -> date | None:
    """Read a typed date: ISO `2026-12-01`, or day first `1-12-2026`, `1/12/2026`, `1.12.2026`.

    Args:
        text: What the user typed; surrounding spaces are ignored.

    Returns:
        The date, or None for an empty field.

    Raises:
        ValueError: The text is not a date in one of these forms, or not a real day.
    """
    text = text.strip()
    if not text:
        return None
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(text)
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_date(day: date, lang: str, style: str = "long") -> str:
    """A date written out for people, e.g. `1 december 2026` / `1 December 2026`."""
    return _babel_format_date(day, style, locale=_LOCALES[lang])


def format_short(day: date) -> str:
    """The compact form used in tables and typed back into fields: `1-12-2026`."""
    return f"{day.day}-{day.month}-{day.year}"
