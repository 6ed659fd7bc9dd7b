"""A meeting as plain JSON-ready data: the whole record, for machines and for the student's
right of access. Dates are ISO 8601; enums are their stored values."""

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
        return {k: plain(v) for k, v in value.items()}
    return value


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    """Everything recorded in a meeting, nested as in the domain (placement inside)."""
    data: dict[str, Any] = plain(dataclasses.asdict(meeting))
    return data


def summary_data(summary: MeetingSummary) -> dict[str, Any]:
    """One line of `driehoek list --json`."""
    data: dict[str, Any] = plain(dataclasses.asdict(summary))
    return data
