"""Dates as people type them and as the minutes print them, in Dutch or English.

The month and day names are in the catalogues (`date.month.3`, ...), not in the system's
locales: shared servers often have no Dutch locale installed, and the installed app needs no
Babel (whose 36 MB of CLDR data served these few names).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from driehoek.i18n import Catalogue, Lang

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


def format_date(day: date, lang: Lang, style: Literal["long", "medium", "full"] = "long") -> str:
    """A date written out for people, as CLDR writes it for nl_NL and en_GB.

    `long`: `1 december 2026` / `1 December 2026` (the minutes, reports); `medium`:
    `1 dec 2026` / `1 Dec 2026` (`driehoek list`); `full`: `dinsdag 1 december 2026` /
    `Tuesday, 1 December 2026`.
    """
    t = Catalogue(lang)
    return t(
        f"date.{style}",
        day=day.day,
        month=t(f"date.month.{day.month}"),
        month_abbr=t(f"date.month_abbr.{day.month}"),
        weekday=t(f"date.weekday.{day.weekday()}"),
        year=day.year,
    )


def format_short(day: date) -> str:
    """The compact form used in tables and typed back into fields: `1-12-2026`."""
    return f"{day.day}-{day.month}-{day.year}"
