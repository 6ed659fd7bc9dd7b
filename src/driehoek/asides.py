"""Versions set aside: when two coordinators change the same field, neither text is lost.

The version that does not stay in the meeting is kept in `set_aside`, whole, with who wrote it
and who set it aside, the moment the clash is found (before anyone is asked, so a kill or a
hang-up cannot lose it). Putting one back is a swap: it goes in place and what was in place is
set aside in its turn, so that too loses nothing and can be undone the same way.

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so every step
takes the write lock up front and the audit trail (triggers on `set_aside`) sees it. Values are
kept as the store writes them (`store.stored_form`): two versions compare as stored, and one put
back goes through the store's own edit, with everything that follows from it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from driehoek.domain import (
    AgreementKind,
    AgreementStatus,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    LearningWay,
    Part,
    Party,
    Pathway,
    PlacementStatus,
    Pressure,
    Ref,
    SupportKind,
)
from driehoek.record import Level
from driehoek.store import Signed, StaleEdit, Store, editable, stored_form


class Gone(LookupError):
    """The set-aside version is no longer there (put back or erased meanwhile), or the line
    it belongs to was removed and is not one that can be added again."""


@dataclass(frozen=True)
class SetAside:
    """A version of some fields of one row that is not in the meeting, kept to be put back."""

    id: int
    meeting_id: int
    ref: Ref
    values: dict[str, object]
    """The columns the version sets, as stored (see `typed` for the values as the UI knows
    them)."""
    author: str
    """Who wrote this version (an OS user; empty if not known)."""
    set_by: str
    """Whose session set it aside."""
    set_at: datetime


@dataclass(frozen=True)
class Written:
    """The edit was applied; the row is now at `version`."""

    version: int


@dataclass(frozen=True)
class Same:
    """The row was changed meanwhile, to exactly what the edit says: nothing to keep."""


@dataclass(frozen=True)
class Kept:
    """The row was changed (or removed) meanwhile: the edit was set aside, not applied."""

    aside: int
    """The set-aside row that holds the user's version."""
    by: str
    """Who wrote the version in place (empty if the row is gone or nobody is named)."""


Outcome = Written | Same | Kept


@dataclass(frozen=True)
class PutBack:
    """What putting a version back did."""

    ref: Ref
    """The row that now holds it (a new line if the old one had been removed)."""
    displaced: int | None
    """The set-aside row now holding what was in place (None: nothing was, or the same)."""


@dataclass(frozen=True)
class _Row:
    values: dict[str, object]
    version: int
    by: str


_LINES = (
    Part.PARTICIPANT, Part.GOAL, Part.SUPPORT, Part.AGREEMENT, Part.DISPOSITION, Part.ANSWER,
    Part.PROGRESS,
)  # fmt: skip
"""Rows that belong to one meeting. SQLite may give a removed line's id to a new one, even in
another meeting: such a row is found only within its own meeting."""


def _where(ref: Ref, meeting_id: int) -> dict[str, object]:
    if ref.part is Part.FACTOR:
        if ref.factor is None:
            raise ValueError("a factor is named within its meeting")
        return {"meeting_id": ref.id, "factor": ref.factor.value}
    if ref.part in _LINES:
        return {"id": ref.id, "meeting_id": meeting_id}
    return {"id": ref.id}


def _current(store: Store, meeting_id: int, ref: Ref, columns: Mapping[str, object]) -> _Row | None:
    """The row's values of `columns` as stored, its version and its last writer; None if gone."""
    names = sorted(columns)
    # The names go into SQL, and a set-aside row may have been edited by hand: only the
    # columns an edit may change are ever read.
    unknown = set(names) - editable(ref.part.value)
    if unknown:
        raise ValueError(f"{ref.part.value} has no editable {sorted(unknown)}")
    where = _where(ref, meeting_id)
    selected = ", ".join([*(f"[{c}]" for c in names), "version", "updated_by"])
    conditions = " AND ".join(f"[{c}] = ?" for c in where)
    rows = store.db.execute(
        f"SELECT {selected} FROM [{ref.part.value}] WHERE {conditions}", list(where.values())
    ).fetchall()
    if not rows:
        return None
    *values, version, by = rows[0]
    return _Row(dict(zip(names, values, strict=True)), int(version), str(by))


def _insert(
    store: Store, meeting_id: int, ref: Ref, values: Mapping[str, object], author: str
) -> int:
    cursor = store.db.execute(
        """INSERT INTO set_aside (meeting_id, entity, entity_id, factor, value, author, set_by,
           set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            meeting_id,
            ref.part.value,
            ref.id,
            ref.factor.value if ref.factor else None,
            json.dumps(dict(values), ensure_ascii=False, sort_keys=True),
            author,
            store.user,
            store.now_iso(),
        ],
    )
    return int(cursor.lastrowid or 0)


def edit_or_set_aside(
    store: Store, meeting_id: int, ref: Ref, based_on: int | None, changes: Mapping[str, object]
) -> Outcome:
    """Apply a user's edit if the row is still at `based_on`; else set it aside, at once.

    Args:
        store: The session's store.
        meeting_id: The meeting the edit was made in (the set-aside version belongs to it).
        ref: The row.
        based_on: The version the user saw (None: the row was not there any more).
        changes: Columns and their new values, as the screen has them.

    Returns:
        Written, Same (the row already says this), or Kept (set aside; the row is untouched).
    """
    mine = stored_form(ref.part.value, changes)
    with store.transaction():
        if based_on is not None:
            try:
                return Written(store.edit(ref, based_on, changes))
            except StaleEdit:
                pass  # changed or removed meanwhile: keep the user's version aside
            except Signed:
                pass  # signed by all three meanwhile: as signed it stays; hers is kept aside
        current = _current(store, meeting_id, ref, mine)
        if current is not None and current.values == mine:
            return Same()
        aside = _insert(store, meeting_id, ref, mine, author=store.user)
        return Kept(aside, current.by if current is not None else "")


def _read(store: Store, aside_id: int) -> SetAside | None:
    rows = store.db.execute("SELECT * FROM set_aside WHERE id = ?", [aside_id]).fetchall()
    return _aside(rows[0]) if rows else None


def _aside(row: Any) -> SetAside:
    (aside_id, meeting_id, entity, entity_id, factor, value, author, set_by, set_at, _) = row
    loaded = json.loads(value)
    return SetAside(
        id=int(aside_id),
        meeting_id=int(meeting_id),
        ref=Ref(Part(entity), int(entity_id), Factor(factor) if factor else None),
        values=loaded if isinstance(loaded, dict) else {},
        author=str(author),
        set_by=str(set_by),
        set_at=datetime.fromisoformat(set_at),
    )


def update(store: Store, aside_id: int, changes: Mapping[str, object]) -> bool:
    """Add what the user typed on to her set-aside version (the field still shows it).

    Returns:
        False if that version is no longer set aside (someone put it back meanwhile).
    """
    with store.transaction():
        found = _read(store, aside_id)
        if found is None:
            return False
        values = found.values | stored_form(found.ref.part.value, changes)
        store.db.execute(
            "UPDATE set_aside SET value = ?, version = version + 1 WHERE id = ?",
            [json.dumps(values, ensure_ascii=False, sort_keys=True), aside_id],
        )
    return True


def _add_again(store: Store, meeting_id: int, ref: Ref, values: Mapping[str, object]) -> Ref:
    """A new line in place of one that was removed, to put a set-aside version into."""
    if ref.part is Part.GOAL:
        return Ref(Part.GOAL, store.add_goal(meeting_id).id)
    if ref.part is Part.SUPPORT:
        return Ref(Part.SUPPORT, store.add_support(meeting_id).id)
    if ref.part is Part.AGREEMENT:
        return Ref(Part.AGREEMENT, store.add_agreement(meeting_id).id)
    if ref.part is Part.PARTICIPANT:
        party = Party(str(values.get("party", Party.SCHOOL.value)))
        return Ref(Part.PARTICIPANT, store.add_participant(meeting_id, party).id)
    raise Gone(f"{ref.part.value} {ref.id}")


def put_back(store: Store, aside_id: int) -> PutBack:
    """Put a set-aside version in place, and set aside what was there: one versioned edit,
    in one transaction, audited (the change, the two set-aside rows, and `put_back`).

    A line removed meanwhile is added again (a goal, a support item, an agreement, a person
    at the table).

    Raises:
        Gone: The version is no longer set aside, or its line cannot be added again.
    """
    with store.transaction():
        found = _read(store, aside_id)
        if found is None:
            raise Gone(f"set_aside {aside_id}")
        ref, values = found.ref, found.values
        current = _current(store, found.meeting_id, ref, values)
        displaced: int | None = None
        if current is None:
            ref = _add_again(store, found.meeting_id, ref, values)
            current = _current(store, found.meeting_id, ref, values)
            assert current is not None  # just added, in this transaction
        elif current.values != values:
            displaced = _insert(store, found.meeting_id, ref, current.values, author=current.by)
        if current.values != values:
            store.edit(ref, current.version, values)
        store.db.execute("DELETE FROM set_aside WHERE id = ?", [aside_id])
        store.record("put_back", "set_aside", aside_id, found.meeting_id)
    return PutBack(ref, displaced)


def set_aside_versions(store: Store, meeting_id: int) -> list[SetAside]:
    """Every version set aside in a meeting, newest first."""
    rows = store.db.execute(
        "SELECT * FROM set_aside WHERE meeting_id = ? ORDER BY id DESC", [meeting_id]
    ).fetchall()
    return [_aside(row) for row in rows]


def newest(store: Store, meeting_id: int) -> int:
    """The id of the newest version set aside in a meeting (0: none): one cheap look."""
    row = store.db.execute(
        "SELECT max(id) FROM set_aside WHERE meeting_id = ?", [meeting_id]
    ).fetchone()
    return int(row[0] or 0)


_DATES = {"date", "next_evaluation", "due", "start", "end"}
_CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("meetings", "decision"): Decision,
    ("meetings", "continuation"): Continuation,
    ("meetings", "room_for_mistakes"): FactorStatus,
    ("factors", "status"): FactorStatus,
    ("agreements", "kind"): AgreementKind,
    ("agreements", "owner"): Party,
    ("agreements", "status"): AgreementStatus,
    ("agreements", "factor"): Factor,
    ("support", "kind"): SupportKind,
    ("participants", "party"): Party,
    ("placements", "pathway"): Pathway,
    ("placements", "status"): PlacementStatus,
    ("placements", "level"): Level,
    ("dispositions", "disposition"): Disposition,
}


def typed(table: str, column: str, value: object) -> object:
    """A stored value as the domain has it (a date, a choice), for showing it."""
    if column in _DATES and isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    sets: dict[str, type[StrEnum]] = {"learning_ways": LearningWay, "pressures": Pressure}
    if column in sets and isinstance(value, str):
        return frozenset(w for w in sets[column] if w.value in value.split(","))
    choice = _CHOICES.get((table, column))
    if choice is not None and isinstance(value, str):
        try:
            return choice(value)
        except ValueError:
            return value
    return value
