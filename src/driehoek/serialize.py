"""A meeting as plain JSON-ready data: the whole record, for machines and for the student's
right of access. Dates are ISO 8601; enums are their stored values.

A value that could not be read from the file (see `rows.Values`) is written as null, never as
its stand-in, and the object says which in `invalid`; an object with nothing invalid has no
`invalid` key, so the data is as it always was.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from driehoek.domain import Meeting, MeetingSummary


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return _unreadable_as_null({k: plain(v) for k, v in value.items()})
    return value


def _unreadable_as_null(data: dict[str, Any]) -> dict[str, Any]:
    invalid = data.get("invalid")
    if invalid == []:
        del data["invalid"]
    elif isinstance(invalid, list):
        for name in invalid:
            if name in data:
                data[name] = None
    return data


def data(obj: Any) -> dict[str, Any]:
    """A domain object (a frozen dataclass) as plain data."""
    result: dict[str, Any] = plain(dataclasses.asdict(obj))
    return result


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    """Everything recorded in a meeting, nested as in the domain (placement inside); not its
    template (wording, not a record of the meeting, nor part of what was signed) nor the
    parties' preparations, which are no part of the minutes (`preparation`)."""
    found = {k: v for k, v in data(meeting).items() if k not in ("template", "preparations")}
    # The answers to its template's extra questions by question id, as stored ({}: none).
    found["extra_answers"] = dict(meeting.extra_answers)
    return found


def summary_data(summary: MeetingSummary) -> dict[str, Any]:
    """One line of `driehoek list --json`, with its state (draft, signed, reopened)."""
    return {**data(summary), "state": summary.state.value}
