"""Erasure that leaves no trace in the database file, its full-text index or its log.

Deleting is not erasing: the full-text index keeps a name's tokens until it is optimised,
freed pages keep old text until overwritten (every connection has secure_delete on, so SQLite
zeroes them), and the write-ahead log keeps copies of pages until it is checkpointed and
truncated. So after the delete the index is optimised, the file vacuumed and the log truncated.

The truncation is owed from the moment of the delete, in the file itself (a settings row,
committed with the delete): if it cannot happen at once (another session reads, the disk is
full, the process is killed), the next driehoek to open the file pays it (`finish`), and
`driehoek check` says whether it is still owed.

The audit trail keeps that an erasure happened, and the ids, never the content. Erasure only
adds audit rows (the deletes the triggers record, and the erasure itself), so the trail's hash
chain (see `audit`) stays whole through it: nothing in the trail is removed or rewritten.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from driehoek.database import BUSY_TIMEOUT_MS
from driehoek.reading import NotFound
from driehoek.store import Store
from driehoek.wal import checkpoint

if TYPE_CHECKING:
    from sqlite_utils import Database

LOG_OWED_KEY = "erasure_log_owed"
"""Set while an erasure's log has not been emptied; holds a token, never content."""


@dataclass(frozen=True)
class Erased:
    """What an erasure removed, and how far the file was rewritten.

    Attributes:
        student_id: The student erased.
        meetings: How many meetings went with her.
        wal_cleared: Whether the log was emptied at once (False while another session reads,
            or when the rewrite failed).
        unfinished: Why the file could not be rewritten after the delete (a full disk), or
            None. The delete itself is done either way; the rewrite is owed (see `finish`).
    """

    student_id: int
    meetings: int
    wal_cleared: bool
    unfinished: sqlite3.Error | None = None


def erase_student(store: Store, student_id: int) -> Erased:
    """Remove a student with all her placements and meetings, leaving no trace of them.

    Raises:
        NotFound: No such student; nothing changed.
        sqlite3.OperationalError: The delete failed (a full disk, a lock held too long); it
            was rolled back, nothing changed.

    Returns:
        What was removed; see `Erased` for a log another session's read keeps, or a rewrite
        that failed after the delete was committed.
    """
    import secrets  # here: it loads hashlib and OpenSSL, not needed at start

    db = store.db
    meetings = db.execute(
        """SELECT count(*) FROM meetings m JOIN placements p ON p.id = m.placement_id
           WHERE p.student_id = ?""",
        [student_id],
    ).fetchone()[0]
    token = secrets.token_hex(8)
    with store.transaction():
        if db.execute("DELETE FROM students WHERE id = ?", [student_id]).rowcount != 1:
            raise NotFound(f"student {student_id}")
        store.record("erase", "students", student_id, None)
        db.execute("INSERT INTO students_fts (students_fts) VALUES ('optimize')")
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [LOG_OWED_KEY, token]
        )
    try:
        cleared = compact(db)
    except sqlite3.DatabaseError as e:
        return Erased(student_id, int(meetings), False, e)
    if cleared:
        _paid(db, token)
    return Erased(student_id, int(meetings), cleared)


def compact(db: Database) -> bool:
    """Rewrite the file without free pages and empty the write-ahead log.

    Returns:
        Whether the log was emptied completely (False while another session still reads
        after waiting the busy timeout for it).
    """
    checkpoint(db)  # a smaller log to vacuum through, if nobody is in the way
    with db.ensure_autocommit_on():
        db.execute("VACUUM")
    return checkpoint(db, wait_ms=BUSY_TIMEOUT_MS)


def _paid(db: Database, token: str) -> None:
    """Strike the debt an erasure (`token`) wrote; a later erasure's stays.

    The log is empty at this point; this small write starts it again, with nothing of hers."""
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM settings WHERE key = ? AND value = ?", [LOG_OWED_KEY, token])
        except BaseException:
            db.rollback()
            raise
        db.commit()
    except sqlite3.OperationalError:
        pass  # the log is empty all the same; the next session to open the file checks again


def owed(db: Database | sqlite3.Connection) -> str | None:
    """The token of an erasure whose log has not been emptied yet, if any."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [LOG_OWED_KEY]).fetchone()
    return None if row is None else str(row[0])


def finish(db: Database, *, wait_ms: int = 0) -> bool:
    """Empty the write-ahead log that an erasure could not, if no session reads any more.

    Every driehoek command and session calls this when it opens the file (`cli._store`), so
    erased pages stay in the log only until the first start after the read that held them;
    there it never waits (`wait_ms` 0): a session that starts must not hang on another
    session's read. `driehoek check` waits the busy timeout, so an erasure running beside it
    is not taken for one left unfinished.

    A checkpoint and a truncated log are enough here, without the vacuum that a failed
    erasure may have missed: secure_delete has zeroed her rows and the optimised index's old
    segments in the pages themselves, and the checkpoint puts those pages in the file.

    Returns:
        Whether the log is still owed an emptying (another session still reads).
    """
    token = owed(db)
    if token is None:
        return False
    try:
        if not checkpoint(db, wait_ms=wait_ms):
            return True
    except sqlite3.OperationalError:
        return True  # housekeeping (a full disk): it must not keep driehoek from starting
    _paid(db, token)
    return False


def finish_erasure(store: Store) -> bool:
    """`finish` for a store, without waiting; see there. Nearly always nothing is owed: that
    is asked on the store's plain connection, so a start needs no sqlite-utils."""
    return owed(store.conn) is not None and finish(store.db)
