"""A meeting as plain JSON-ready data: the whole record, for machines and for the student's
right of access. Dates are ISO 8601; enums are their stored values."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from driehoek.domain import Meeting, MeetingSummary


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    """Everything recorded in a meeting, nested as in the domain (placement inside)."""
    data: dict[str, Any] = _plain(dataclasses.asdict(meeting))
    return data


def summary_data(summary: MeetingSummary) -> dict[str, Any]:
    """One line of `driehoek list --json`."""
    data: dict[str, Any] = _plain(dataclasses.asdict(summary))
    return data
