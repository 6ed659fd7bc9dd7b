"""Erasure that leaves no trace in the database file, its full-text index or its log (once no
other session's read holds the log: the next driehoek to open the file empties it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from driehoek.reading import NotFound
from driehoek.store import Store

_LOG_OWED_KEY = "erasure_log_owed"
"""Set while an erasure's log could not be emptied; holds no content, only that it is owed."""


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
