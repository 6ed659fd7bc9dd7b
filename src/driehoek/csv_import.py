"""A school's list of placements in: what each row adds, changes or leaves, in one transaction.

A student is known by her student number, a placement by its student, organisation and start,
so the same list read twice changes nothing, and a row that changed updates its placement
(through the store: versioned, in the audit trail, the next evaluation following a new end).
A row never renames a student: one whose number is held under another name is refused.
A row never deletes anything, and an empty cell erases no value the database holds.
Nothing here knows about screens or the command line.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from driehoek.bulk_insert import insert_new_rows
from driehoek.collector import collector_paused
from driehoek.csv_columns import FIELDS, Columns
from driehoek.csv_read import Table
from driehoek.csv_rows import (
    PlacementRow,
    Refusal,
    RowChecker,
    name_key,
    without_leading_zeros,
)
from driehoek.store import Store


class Action(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Outcome:
    """What one row does (or would do, in a dry run)."""

    row: PlacementRow
    action: Action
    changed: tuple[str, ...] = ()
    """The fields a changed row changes."""


@dataclass
class Result:
    """Every row's outcome, and every refusal, in the file's order."""

    outcomes: list[Outcome] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for o in self.outcomes if o.action is action)


def check_rows(table: Table, columns: Columns) -> tuple[list[PlacementRow], list[Refusal]]:
    """Each row checked by itself, then against the rows before it: a placement twice, or a
    student number under two names, is refused at its second line.

    Names are compared as `name_key` does (case, spaces, Unicode form), and student numbers
    also without their leading zeros: Excel turns `0123456` into `123456`, so a list saved
    from it may give one student both ways. With the same name that is one student, known by
    the longest form (Excel drops zeros, it never adds them); with another name it is refused,
    as the same number under two names is.
    """
    with collector_paused():
        return _check_rows(table, columns)


def _check_rows(table: Table, columns: Columns) -> tuple[list[PlacementRow], list[Refusal]]:
    checked: list[tuple[PlacementRow, str, str]] = []  # with its digits and its name's key
    refused: list[Refusal] = []
    checker = RowChecker(columns.index)
    first_name: dict[str, str] = {}
    longest: dict[str, str] = {}
    for line, cells in table.rows:
        row = checker.check(line, cells)
        if isinstance(row, Refusal):
            refused.append(row)
            continue
        number = row.student_number
        digits, key = without_leading_zeros(number), name_key(row.name)
        checked.append((row, digits, key))
        if first_name.setdefault(digits, key) == key:
            held = longest.setdefault(digits, number)
            if len(number) > len(held):
                longest[digits] = number
    good: list[PlacementRow] = []
    placements: dict[tuple[str, str, str], int] = {}
    names: dict[str, tuple[str, str, int]] = {}
    for row, digits, key in checked:
        earlier = names.setdefault(digits, (key, row.student_number, row.line))
        if earlier[0] != key:
            values = {"number": row.student_number, "other": str(earlier[2])}
            if earlier[1] != row.student_number:
                values["earlier"] = earlier[1]
                refused.append(Refusal(row.line, "other_name_zeros", values))
            else:
                refused.append(Refusal(row.line, "other_name", values))
            continue
        if longest[digits] != row.student_number:
            row = replace(row, student_number=longest[digits])
        placement = row.key
        if placement in placements:
            refused.append(Refusal(row.line, "twice", {"other": str(placements[placement])}))
        else:
            placements[placement] = row.line
            good.append(row)
    return good, refused


_NEW = ("students", "organisations", "placements")
"""The tables a list adds rows to, in the order they are written (a placement names the
other two)."""

_DAYS = ("start", "end")
"""The values of a row that are days (`csv_rows`); every other value is stored as it is."""


def _stored(value: object) -> object:
    # A row's values are text, numbers and days (`csv_rows`): a day is stored as ISO text.
    return value.isoformat() if isinstance(value, date) else value


class _Writer:
    """Finds what each row refers to (one query per table, not per row), then writes."""

    def __init__(self, store: Store, *, per_statement: bool = True) -> None:
        self.store = store
        self.per_statement = per_statement
        db = store.db
        self.students: dict[str, tuple[int, str]] = {
            number: (sid, name)
            for sid, number, name in db.execute(
                "SELECT id, student_number, name FROM students WHERE student_number != ''"
            )
        }
        self.by_digits: dict[str, list[str]] = {}
        """The numbers this database holds, by their digits without leading zeros."""
        for number in self.students:
            self.by_digits.setdefault(without_leading_zeros(number), []).append(number)
        self.organisations: dict[str, tuple[int, str]] = {
            name.casefold(): (oid, number)
            for oid, name, number in db.execute(
                "SELECT id, name, recognition_number FROM organisations"
            )
        }
        self.placements: dict[tuple[int, int, str], dict[str, Any]] = {}
        cursor = db.execute("SELECT * FROM placements")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            p = dict(zip(names, values, strict=True))
            self.placements[(p["student_id"], p["organisation_id"], p["start"] or "")] = p
        self.stamped = {"updated_at": store.now_iso(), "updated_by": store.user}
        """Who and when, as every new row carries it."""
        # New rows are given their ids here and written together at the end (`flush`), a
        # statement per table rather than per row: the write lock is held (BEGIN IMMEDIATE),
        # so no other session takes an id meanwhile.
        self.ids = {
            table: itertools.count(
                int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])
            )
            for table in _NEW
        }
        self.pending: dict[str, list[dict[str, object]]] = {table: [] for table in _NEW}
        self.days: dict[date, str] = {}
        """Each day's stored text, made once."""

    def known(self, row: PlacementRow) -> PlacementRow | Refusal:
        """The row with its student as this database knows her (her number and name as
        held), or why the row names someone else.

        A list never renames a student: a number under another name is far more often a
        mistyped number than a new name, and renaming would put one student's placement,
        meetings and minutes under another's name. A new name is set in driehoek itself.
        A number that differs from one held only by leading zeros (Excel drops them) is that
        student when the name is hers: refusing every such row would make an Excel-saved list
        unusable, and taking it as new would make her twice. With another name it is refused,
        as the number is more likely hers with its zeros lost than another student's.
        """
        found = self.students.get(row.student_number)
        if found is not None:
            if name_key(found[1]) != name_key(row.name):
                values = {"number": row.student_number, "known": found[1], "name": row.name}
                return Refusal(row.line, "not_her_number", values)
            return row if found[1] == row.name else replace(row, name=found[1])
        if not self.by_digits:  # a database without students yet: every number is new
            return row
        numbers = self.by_digits.get(without_leading_zeros(row.student_number), [])
        same = [n for n in numbers if name_key(self.students[n][1]) == name_key(row.name)]
        if len(same) == 1:
            return replace(row, student_number=same[0], name=self.students[same[0]][1])
        if numbers:
            values = {
                "number": row.student_number,
                "held": numbers[0],
                "known": self.students[numbers[0]][1],
                "name": row.name,
            }
            return Refusal(row.line, "zeros_lost", values)
        return row

    def plan(self, row: PlacementRow) -> Outcome:
        _, folded, start = row.key
        student = self.students.get(row.student_number)
        organisation = self.organisations.get(folded)
        if student is None or organisation is None:
            return Outcome(row, Action.ADDED)
        key = (student[0], organisation[0], start)
        placement = self.placements.get(key)
        if placement is None:
            return Outcome(row, Action.ADDED)
        changed = tuple(  # in the order of FIELDS, whatever the file's order
            name
            for name in FIELDS
            if name in row.values and _stored(row.values[name]) != placement[name]
        )
        if organisation[1] == "" and row.recognition_number:
            changed = (*changed, "recognition_number")
        return Outcome(row, Action.CHANGED if changed else Action.UNCHANGED, changed)

    def student(self, row: PlacementRow) -> int:
        number = row.student_number
        found = self.students.get(number)  # `known` made the row's name hers
        if found is not None:
            return found[0]
        sid = self._insert("students", {"name": row.name, "student_number": number})
        self.students[number] = (sid, row.name)
        return sid

    def organisation(self, row: PlacementRow) -> int:
        folded = row.key[1]
        found = self.organisations.get(folded)
        number = row.recognition_number
        if found is None:
            oid = self._insert(
                "organisations", {"name": row.organisation, "recognition_number": number}
            )
            self.organisations[folded] = (oid, number)
            return oid
        oid, held = found
        # A number this database holds is not replaced by a file's (as the dossier import).
        if number and not held and oid in self._pending_ids("organisations"):
            self._pending_row("organisations", oid)["recognition_number"] = number
            self.organisations[folded] = (oid, number)
        elif number and not held:
            self.store.db.execute(
                """UPDATE organisations SET recognition_number = ?, version = version + 1,
                   updated_at = ?, updated_by = ? WHERE id = ?""",
                [number, *self.stamped.values(), oid],
            )
            self.organisations[folded] = (oid, number)
        return oid

    def write(self, outcome: Outcome) -> None:
        row = outcome.row
        if outcome.action is Action.UNCHANGED:
            return
        sid = self.student(row)
        oid = self.organisation(row)
        key = (sid, oid, row.key[2])
        placement = self.placements.get(key)
        if placement is None:
            new: dict[str, object] = {
                "id": next(self.ids["placements"]),
                "student_id": sid,
                "organisation_id": oid,
                **row.values,
                **self.stamped,
            }
            # `_stored` written out for the only values that are days, each day's text made
            # once: a loop over every value, and `isoformat` per day, were most of this.
            days = self.days
            for name in _DAYS:
                value = new.get(name)
                if isinstance(value, date):
                    text = days.get(value)
                    if text is None:
                        text = days[value] = value.isoformat()
                    new[name] = text
            self.pending["placements"].append(new)
            self.placements[key] = new
            return
        changes = {k: v for k, v in row.values.items() if k in outcome.changed}
        if changes:  # through the store: a new end moves the default next evaluation too
            self.store.update_placement(placement["id"], placement["version"], **changes)

    def _insert(self, table: str, row: Mapping[str, object]) -> int:
        """Give a new row its id, who and when, and keep it for `flush`; returns the id. The
        columns are in the same order for every row of a table (`bulk_insert`)."""
        new_id = next(self.ids[table])
        self.pending[table].append({"id": new_id, **row, **self.stamped})
        return new_id

    def _pending_ids(self, table: str) -> range:
        rows = self.pending[table]
        first = int(str(rows[0]["id"])) if rows else 0
        return range(first, first + len(rows))

    def _pending_row(self, table: str, row_id: int) -> dict[str, object]:
        return self.pending[table][row_id - self._pending_ids(table).start]

    def flush(self) -> None:
        """Write the new rows: students and organisations before the placements that name
        them, a table at a time, their audit rows and search index by the table's own
        triggers run once per statement (`bulk_insert`)."""
        for table in _NEW:
            rows, self.pending[table] = self.pending[table], []
            insert_new_rows(self.store.db, table, rows, per_statement=self.per_statement)


def import_rows(
    store: Store,
    rows: Iterable[PlacementRow],
    *,
    dry_run: bool = False,
    per_statement: bool = True,
) -> Result:
    """Add or update the placement of each row, all in one transaction (in a dry run: only
    say what each row would do). A row whose student number is another student's is
    refused (`_Writer.known`), in `Result.refusals`; the other rows still go in. A failure
    rolls every row back. `per_statement=False` has the new rows' triggers fire per row (the
    tests compare the two ways)."""
    result = Result()
    if dry_run:  # reads only: no write lock taken, nothing written
        writer = _Writer(store)
        for row in rows:
            known = writer.known(row)
            if isinstance(known, Refusal):
                result.refusals.append(known)
            else:
                result.outcomes.append(writer.plan(known))
        return result
    # One moment for the whole import, as it commits at once: every new and changed row and
    # its audit row name the moment it began (`Store.one_moment`).
    with collector_paused(), _cache_for_the_import(store), store.one_moment(), store.transaction():
        writer = _Writer(store, per_statement=per_statement)
        for row in rows:
            known = writer.known(row)
            if isinstance(known, Refusal):
                result.refusals.append(known)
                continue
            outcome = writer.plan(known)
            result.outcomes.append(outcome)
            writer.write(outcome)
        writer.flush()
    return result


@contextmanager
def _cache_for_the_import(store: Store) -> Iterator[None]:
    """A page cache the size of a large import for its transaction: with SQLite's default
    (2 MB) a list of 10,000 rows (some 8 MB of new pages) spills pages to the WAL before the
    commit, and the import took some 6 % longer (bench/findings.md)."""
    before = int(store.db.execute("PRAGMA cache_size").fetchone()[0])
    store.db.execute("PRAGMA cache_size = -32768")  # KiB: 32 MB at most, taken as needed
    try:
        yield
    finally:
        store.db.execute(f"PRAGMA cache_size = {before}")
