"""Dates and moments as the database stores them, and how to tell a stored one from junk.

The schema's CHECK constraints (`migrations`), the import's checks (`dossier_model`), the read
path (`reading`) and `driehoek check` (`maintenance`) all decide with the rules here, so what
one of them accepts the others accept too (a test holds the SQL and the Python side together).
"""

from __future__ import annotations

import re
from datetime import date, datetime

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+00:00")

MOMENT_FORMAT = "%Y-%m-%dT%H:%M:%S+00:00"
"""How a moment is stored: UTC, to the second (`Store.now_iso`)."""


def day_sql(column: str) -> str:
    """An SQL condition that holds when `column` is NULL or a real calendar day, `YYYY-MM-DD`.

    The value goes through a Julian day number and back: that normalises (`2026-02-30` comes
    back as `2026-03-02`; `strftime` on the text alone would keep the 30th of February) and
    gives NULL for what SQLite cannot read, so only a real day in exactly this form equals
    its round trip. `IS` rather than `=`: a CHECK whose condition is NULL passes. Year 0 is
    refused as Python's `date` refuses it.
    """
    return (
        f"([{column}] IS NULL OR ([{column}] IS strftime('%Y-%m-%d', julianday([{column}])) "
        f"AND [{column}] >= '0001-01-01'))"
    )


def moment_sql(column: str) -> str:
    """`day_sql` for a moment stored as `MOMENT_FORMAT` (to the second: SQLite counts whole
    milliseconds, so the round trip is exact)."""
    return (
        f"([{column}] IS NULL OR ([{column}] IS strftime('{MOMENT_FORMAT}', "
        f"julianday([{column}])) AND [{column}] >= '0001-01-01'))"
    )


def parse_day(value: object) -> date | None:
    """The day a stored value names, or None if it is not a day as `day_sql` has one.

    `2026-02-30`, `2026-13-45`, `20260101`, ` 2026-01-01` and `2026-W01-1` are not days
    (Python's `date.fromisoformat` alone would take the last two).
    """
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_moment(value: object) -> datetime | None:
    """The moment a stored value names (`2026-11-28T10:30:00+00:00`), or None."""
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
