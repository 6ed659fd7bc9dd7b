"""A student's rights under the AVG, and the retention rule.

- Access: everything held on one student, as one JSON dossier; importing it brings it back
  unchanged (same ids and versions where they are free), here or into another database.
- Erasure: no trace left in the database file, its full-text index or its write-ahead log
  (once no other session's read holds the log: the next driehoek to open the file empties it).
- Retention: a dossier expires a set number of years (two unless the institution sets
  another) after the student's last placement ended; expired dossiers are listed and purged.

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so every write
takes the lock up front and the audit trail sees it.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from driehoek import __version__
from driehoek.dates import add_months
from driehoek.domain import PlacementStatus
from driehoek.serialize import meeting_data, plain
from driehoek.store import NotFound, Store
from driehoek.stored import parse_day
from driehoek.text import clean_line

DOSSIER_FORMAT = "driehoek-dossier"
DOSSIER_VERSION = 1
"""What `dossier` writes; importing it back is `importing.import_dossier` (which checks
these two first)."""
DEFAULT_RETENTION_YEARS = 2
_RETENTION_KEY = "retention_years"
_LOG_OWED_KEY = "erasure_log_owed"
"""Set while an erasure's log could not be emptied; holds no content, only that it is owed."""
_ENDED = (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY, PlacementStatus.NOT_STARTED)


class Ambiguous(LookupError):
    """Several students have that name; their ids tell them apart."""

    def __init__(self, name: str, ids: list[int]) -> None:
        super().__init__(name)
        self.name = name
        self.ids = ids


def find_student(store: Store, name_or_id: str) -> int:
    """The student numbered `name_or_id`, or named so exactly (ignoring case).

    Raises:
        NotFound: No such student.
        Ambiguous: More than one student has this name.
    """
    text = clean_line(name_or_id).strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:  # a number SQLite can hold
        rows = store.db.execute("SELECT id FROM students WHERE id = ?", [int(text)])
    else:
        rows = store.db.execute(
            "SELECT id FROM students WHERE name = ? COLLATE NOCASE ORDER BY id", [text]
        )
    ids = [int(row[0]) for row in rows.fetchall()]
    if not ids:
        raise NotFound(text)
    if len(ids) > 1:
        raise Ambiguous(text, ids)
    return ids[0]


# -- access ----------------------------------------------------------------------------------


def dossier(store: Store, student_id: int) -> dict[str, Any]:
    """Everything held on one student: the student, each placement, each of its meetings."""
    row = store.db.execute(
        "SELECT id, name, version FROM students WHERE id = ?", [student_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"student {student_id}")
    placement_ids = store.db.execute(
        "SELECT id FROM placements WHERE student_id = ? ORDER BY id", [student_id]
    ).fetchall()
    data = {
        "format": DOSSIER_FORMAT,
        "format_version": DOSSIER_VERSION,
        "driehoek": __version__,
        "student": {"id": row[0], "name": row[1], "version": row[2]},
        "placements": [_placement_data(store, int(p[0])) for p in placement_ids],
    }
    # Values an upgrade could not keep in their place are hers too (see migrate_dates).
    set_aside = store.db.execute(
        """SELECT entity, entity_id, [column], value, at FROM unreadable_values
           WHERE student_id = ? ORDER BY id""",
        [student_id],
    ).fetchall()
    if set_aside:
        keys = ("entity", "entity_id", "column", "value", "at")
        data["unreadable_values"] = [dict(zip(keys, r, strict=True)) for r in set_aside]
    return data


def _placement_data(store: Store, placement_id: int) -> dict[str, Any]:
    data: dict[str, Any] = plain(dataclasses.asdict(store.placement(placement_id)))
    meetings = sorted(store.meetings(placement_id), key=lambda m: m.id)
    data["meetings"] = []
    for summary in meetings:
        meeting = meeting_data(store.meeting(summary.id))
        del meeting["placement"]  # it is the placement this list sits in
        data["meetings"].append(meeting)
    return data


def dossier_json(data: Mapping[str, Any]) -> str:
    """The dossier as the text `driehoek export --student` writes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- erasure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    """What an erasure removed, and whether the write-ahead log could be emptied at once."""

    student_id: int
    meetings: int
    wal_cleared: bool


def erase_student(store: Store, student_id: int) -> Erased:
    """Remove a student with all her placements and meetings, leaving no trace of them.

    Deleting is not erasing: the full-text index keeps the name's tokens until it is
    optimised, freed pages keep old text until overwritten (the connection has secure_delete
    on), and the write-ahead log keeps copies of pages until it is checkpointed and truncated.
    So after the delete the index is optimised, the file vacuumed, and the log truncated.
    The audit trail keeps that an erasure happened, and the ids, never the content.

    Returns:
        What was removed; `wal_cleared` is False when another session's open read kept the
        log from being emptied: the log still holds copies of her pages until the first
        driehoek to open the file after that read empties it (see `finish_erasure`).
    """
    db = store.db
    meetings = db.execute(
        """SELECT count(*) FROM meetings m JOIN placements p ON p.id = m.placement_id
           WHERE p.student_id = ?""",
        [student_id],
    ).fetchone()[0]
    with store.transaction():
        if db.execute("DELETE FROM students WHERE id = ?", [student_id]).rowcount != 1:
            raise NotFound(f"student {student_id}")
        store.record("erase", "students", student_id, None)
        db.execute("INSERT INTO students_fts (students_fts) VALUES ('optimize')")
    cleared = compact(store)
    if not cleared:
        # A checkpoint that is not a truncating one copies the log into the file but leaves
        # the log's bytes, her pages among them, until they happen to be overwritten; so the
        # truncation is owed, in the file itself, to whichever session opens it next.
        with store.transaction():
            db.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')", [_LOG_OWED_KEY]
            )
    return Erased(student_id, int(meetings), cleared)


def finish_erasure(store: Store) -> bool:
    """Empty the write-ahead log that an erasure could not, if no session reads any more.

    Every driehoek command and session calls this when it opens the file (`cli._store`;
    `driehoek check` among them), so erased pages stay in the log only until the first start
    after the read that held them. It never waits: a session that starts must not hang on
    another session's read.

    Returns:
        Whether the log is still owed an emptying (another session still reads).
    """
    db = store.db
    owed = db.execute("SELECT 1 FROM settings WHERE key = ?", [_LOG_OWED_KEY]).fetchone()
    if owed is None:
        return False
    timeout = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    db.execute("PRAGMA busy_timeout = 0")
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:
        return True  # housekeeping: it must not keep driehoek from starting; the next try may
    finally:
        db.execute(f"PRAGMA busy_timeout = {timeout}")
    if busy:
        return True
    try:
        # The log is empty now; this small write starts it again, with nothing of hers in it.
        with store.transaction():
            db.execute("DELETE FROM settings WHERE key = ?", [_LOG_OWED_KEY])
    except sqlite3.OperationalError:
        pass  # the log is empty all the same; the next session empties it once more
    return False


def compact(store: Store) -> bool:
    """Rewrite the file without free pages and empty the write-ahead log.

    Returns:
        Whether the log was emptied completely (False while another session reads).
    """
    db = store.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db.ensure_autocommit_on():
        db.execute("VACUUM")
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


# -- retention -------------------------------------------------------------------------------


def retention_years(store: Store) -> int:
    """How many years after the last placement ended a dossier is kept."""
    row = store.db.execute("SELECT value FROM settings WHERE key = ?", [_RETENTION_KEY]).fetchone()
    return int(row[0]) if row else DEFAULT_RETENTION_YEARS


def set_retention_years(store: Store, years: int) -> None:
    """Set the retention period (the institution decides it; at least one year)."""
    if years < 1:
        raise ValueError("retention must be at least one year")
    with store.transaction():
        store.db.execute(
            """INSERT INTO settings (key, value) VALUES (?, ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            [_RETENTION_KEY, str(years)],
        )


@dataclass(frozen=True)
class Expired:
    """A dossier past its retention date."""

    student_id: int
    name: str
    ended: date
    keep_until: date


def expired(store: Store, years: int | None = None) -> list[Expired]:
    """Students whose every placement ended more than `years` ago (default: the setting).

    A placement has ended on its end date; one without an end date has ended only if its
    outcome says so (completed, ended early, not started), on its last meeting. A running
    placement without an end date has not ended, so its student is kept.
    """
    years = retention_years(store) if years is None else years
    today = store.today()
    rows = store.db.execute(
        """SELECT s.id, s.name, p.end, p.status,
                  (SELECT max(m.date) FROM meetings m WHERE m.placement_id = p.id) AS last
           FROM students s JOIN placements p ON p.student_id = s.id ORDER BY s.id"""
    ).fetchall()
    ended_on: dict[int, tuple[str, list[date | None]]] = {}
    for student_id, name, end, status, last in rows:
        # A date that cannot be read never lets a dossier expire: it is kept until the date
        # is put right (`driehoek check` names it).
        if end:
            ended = parse_day(end)
        elif status in {s.value for s in _ENDED} and last:
            ended = parse_day(last)
        else:
            ended = None
        ended_on.setdefault(student_id, (name, []))[1].append(ended)
    result = []
    for student_id, (name, dates) in ended_on.items():
        if any(d is None for d in dates):
            continue
        last_end = max(d for d in dates if d is not None)
        keep_until = add_months(last_end, 12 * years)
        if keep_until < today:
            result.append(Expired(student_id, name, last_end, keep_until))
    return result


def purge(store: Store, years: int | None = None) -> list[Expired]:
    """Erase every expired dossier; returns what was erased."""
    gone = expired(store, years)
    for dossier_ in gone:
        erase_student(store, dossier_.student_id)
    return gone
