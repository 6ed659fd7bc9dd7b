"""Values of the database read into domain values, so that one bad value never stops a read.

A file may hold what this driehoek never writes: a date from before the schema checked dates
(an import by an older version, set aside by the upgrade and now empty), a hand edit made past
the checks, a value that a newer driehoek wrote. Such a value becomes a stand-in (None where
the type allows it, else a neutral value) and its name goes into the object's `invalid`, so a
screen can say "invalid date" where it shows one, and everything else still shows.
`driehoek check` finds the same values (`unreadable`), by the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from driehoek.domain import (
    AgreementKind,
    AgreementStatus,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    LearningWay,
    MeetingKind,
    Party,
    Pathway,
    PlacementStatus,
    Pressure,
    Question,
    SupportKind,
)
from driehoek.record import Level
from driehoek.stored import day_sql, moment_sql, parse_day, parse_moment
from driehoek.text import clean_line

if TYPE_CHECKING:
    from sqlite_utils import Database

E = TypeVar("E", bound=StrEnum)


class Values:
    """Reads the values of one row (or one object) and keeps the names of those it could not.

    Args:
        prefix: Put before each name: `participants 12: ` for a line of a meeting, so the
            meeting's `invalid` says which line.
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.bad: list[str] = []

    def _miss(self, name: str) -> None:
        self.bad.append(f"{self.prefix}{name}")

    def day(self, value: object, name: str) -> date | None:
        """A day, or None for an empty one; None (and noted) for one that is not a day."""
        if value is None:
            return None
        day = parse_day(value)
        if day is None:
            self._miss(name)
        return day

    def required_day(self, value: object, name: str) -> date | None:
        """A day that should always be there: an empty one is noted too."""
        if value is None:
            self._miss(name)
            return None
        return self.day(value, name)

    def moment(self, value: object, name: str) -> datetime | None:
        """A moment (UTC), or None (and noted) if it is missing or not one."""
        moment = parse_moment(value)
        if moment is None:
            self._miss(name)
        return moment

    def choice(self, kind: type[E], value: object, name: str, stand_in: E) -> E:
        """One of `kind`'s values; `stand_in` (and noted) for anything else."""
        if isinstance(value, str) and value in kind._value2member_map_:
            return kind(value)
        self._miss(name)
        return stand_in

    def optional(self, kind: type[E], value: object, name: str) -> E | None:
        """One of `kind`'s values or None (empty); None (and noted) for anything else."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and value in kind._value2member_map_:
            return kind(value)
        self._miss(name)
        return None

    def ways(self, value: object, name: str) -> frozenset[LearningWay]:
        """The learning ways of a comma list; an unknown one is left out (and noted)."""
        return self.members(LearningWay, value, name)

    def members(self, kind: type[E], value: object, name: str) -> frozenset[E]:
        """The values of `kind` in a comma list (`doing,watching`); an unknown one is left
        out (and noted)."""
        words = value.split(",") if isinstance(value, str) else []
        known = kind._value2member_map_
        if any(w and w not in known for w in words) or not isinstance(value, str):
            self._miss(name)
        return frozenset(kind(w) for w in words if w in known)

    def invalid(self) -> tuple[str, ...]:
        """The names of the values that could not be read, in the order met."""
        return tuple(self.bad)


_SHOWN_CHARS = 60


def shown(value: object) -> str:
    """A value from a file (a dossier, the database) as one short, safe line: JSON, cut at
    60 characters, without control characters (the line goes to a terminal)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return clean_line(text)


# -- what `driehoek check` looks for ---------------------------------------------------------


@dataclass(frozen=True)
class Unreadable:
    """One stored value the app cannot read as what its column holds."""

    table: str
    row: int
    column: str
    value: object
    expected: str
    """`day`, `moment`, `choice` or `missing`: what is wrong (a catalogue key's end)."""
    put_aside: str | None = None
    """For a missing value: what the upgrade set aside from this place, if it did."""


_CHOICES: Mapping[str, Mapping[str, type[StrEnum]]] = {
    "placements": {"pathway": Pathway, "status": PlacementStatus, "level": Level},
    "meetings": {
        "kind": MeetingKind,
        "decision": Decision,
        "continuation": Continuation,
        "room_for_mistakes": FactorStatus,
    },
    "participants": {"party": Party},
    "factors": {"factor": Factor, "status": FactorStatus},
    "support": {"kind": SupportKind},
    "agreements": {
        "kind": AgreementKind,
        "owner": Party,
        "status": AgreementStatus,
        "factor": Factor,
    },
    "sign_offs": {"party": Party},
    "dispositions": {"disposition": Disposition},
    "answers": {"question": Question, "party": Party},
}
"""Columns that hold one of an enum's values (their CHECKs can be got round: a hand edit with
`PRAGMA ignore_check_constraints`, a value that a newer driehoek wrote)."""
_OPTIONAL = {("meetings", "decision"), ("meetings", "continuation"), ("agreements", "factor")}
_OPTIONAL |= {("dispositions", "disposition"), ("placements", "level")}

_SETS: Mapping[str, type[StrEnum]] = {"learning_ways": LearningWay, "pressures": Pressure}
"""Columns of `meetings` that hold a comma list of an enum's values."""

_DAYS = {
    "placements": ("start", "end"),
    "meetings": ("date", "next_evaluation"),
    "agreements": ("due",),
}
_REQUIRED = {("meetings", "date"), ("sign_offs", "signed_at")}


def unreadable(db: Database) -> Iterator[Unreadable]:
    """Every value the read path would have to replace with a stand-in, table by table.

    Each kind of value is found with an SQL condition (so a large file is not read row by
    row in Python); the conditions are the schema's own CHECKs and the enums' values.
    """
    for table, columns in _DAYS.items():
        for column in columns:
            yield from _where(db, table, column, f"NOT {day_sql(column)}", "day")
    yield from _where(db, "sign_offs", "signed_at", f"NOT {moment_sql('signed_at')}", "moment")
    for table, column in sorted(_REQUIRED):
        for row_id, old in db.execute(
            f"""SELECT t.rowid, (SELECT s.value FROM unreadable_values s WHERE s.entity = '{table}'
                   AND s.entity_id = t.rowid AND s.[column] = '{column}'
                   ORDER BY s.id DESC LIMIT 1)
                FROM [{table}] t WHERE t.[{column}] IS NULL ORDER BY t.rowid"""
        ).fetchall():
            yield Unreadable(table, int(row_id), column, None, "missing", old)
    for table, choices in _CHOICES.items():
        for column, kind in choices.items():
            allowed = ", ".join(f"'{v.value}'" for v in kind)
            if (table, column) in _OPTIONAL:
                condition = f"[{column}] IS NOT NULL AND [{column}] NOT IN ({allowed})"
            else:
                condition = f"[{column}] IS NULL OR [{column}] NOT IN ({allowed})"
            yield from _where(db, table, column, condition, "choice")
    for column, kind in _SETS.items():
        for row_id, value in db.execute(
            f"SELECT rowid, [{column}] FROM meetings WHERE [{column}] != '' ORDER BY rowid"
        ).fetchall():
            if any(w not in kind._value2member_map_ for w in str(value).split(",")):
                yield Unreadable("meetings", int(row_id), column, value, "choice")


def _where(
    db: Database, table: str, column: str, condition: str, expected: str
) -> Iterator[Unreadable]:
    for row_id, value in db.execute(
        f"SELECT rowid, [{column}] FROM [{table}] WHERE {condition} ORDER BY rowid"
    ).fetchall():
        yield Unreadable(table, int(row_id), column, value, expected)
