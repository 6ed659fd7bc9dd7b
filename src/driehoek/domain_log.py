"""What happens to a meeting after the table, and to a placement between meetings, as plain data.

- A meeting signed by all three is closed: what was signed is kept as a signed version (the
  meeting's data at the moment the third party signed). Reopening it marks that version
  reopened (when, by whom, why) and withdraws the sign-offs; signing again closes it with a new
  signed version. So a meeting's signed versions are its whole sign-off history.
- The placement's log between meetings: a dated note, or an agreement marked kept, written
  without holding a meeting. The next evaluation takes the entries up as its starting point.
  Kinds are data (the schema keeps them in a table of their own), so more can follow (the
  supervision time given, the return day) without rebuilding anything.

Like `domain`, this module is plain data (enums and frozen dataclasses) and imports nothing of
driehoek's, so `domain` can build on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class MeetingState(StrEnum):
    """Where a meeting's minutes stand: a draft, signed by all three, or reopened since."""

    DRAFT = "draft"
    SIGNED = "signed"
    REOPENED = "reopened"


@dataclass(frozen=True)
class SignedVersion:
    """The meeting as all three signed it once, and whether (when, by whom, why) it was
    reopened after that."""

    signed_at: dt.datetime | None
    """When the third party signed (None if the file's value cannot be read)."""
    data: Mapping[str, Any] = field(default_factory=dict)
    """The meeting's data as it was signed (`signing.snapshot`: as `serialize` writes a
    meeting, without the placement), to compare with what it says now."""
    reopened_at: dt.datetime | None = None
    reopened_by: str = ""
    """The account that reopened it (the session's OS user, as in the audit trail)."""
    reason: str = ""

    @property
    def reopened(self) -> bool:
        """Whether this version was reopened (a later one, if any, was signed after it)."""
        return self.reopened_at is not None


class LogKind(StrEnum):
    """What a log entry between meetings records. More kinds may come: the schema keeps them
    in `logbook_kinds`, and an entry of a kind this version does not know reads as a note."""

    NOTE = "note"
    KEPT = "kept"


@dataclass(frozen=True)
class LogEntry:
    """One entry of a placement's log between meetings."""

    id: int
    placement_id: int
    day: dt.date | None
    """The day it is about (None if the file's value cannot be read)."""
    kind: LogKind
    text: str
    agreement_id: int | None = None
    """The agreement it is about (an agreement marked kept), if any."""
    agreement: str = ""
    """That agreement's text, for showing it."""
    meeting_id: int | None = None
    """The evaluation that took it up (None: it waits for the next one)."""
    created_by: str = ""
    created_at: dt.datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a record's history: who did what to which row, when; never the content."""

    at: dt.datetime | None
    """None if the moment could not be read from the file."""
    user: str
    client: str
    action: str
    entity: str
    entity_id: int | None
    version: int | None
