"""What bringing a dossier back did (`bringing_back`), row by row: for the lines the import
prints (`brought_lines`) and for a dry run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    """One thing the dossier did (or, in a dry run, would do) here."""

    what: str
    """`new`, `returned` (removed here, changed in the dossier: back), `stays_removed`,
    `changed`, `clash`, `signed_here` (a clash: the minutes here are signed),
    `kept_before` (a clash whose version was kept aside before), `signatures` (the laptop's
    signatures came in), `not_signed` (they did not: the meeting changed here meanwhile)."""
    table: str
    row_id: int
    """The row here (0: a line that could not be added to signed minutes)."""
    meeting_id: int | None


@dataclass
class Brought:
    """What bringing a dossier back did (or would do)."""

    student_id: int
    events: list[Event] = field(default_factory=list)
    unchanged: int = 0

    def count(self, *what: str) -> int:
        return sum(e.what in what for e in self.events)

    @property
    def clashes(self) -> list[Event]:
        return [e for e in self.events if e.what in ("clash", "signed_here", "kept_before")]
