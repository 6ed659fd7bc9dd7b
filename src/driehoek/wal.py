"""The write-ahead log: emptying it into the database file, and closing a connection so that
the file alone holds what it wrote (README: "Backups")."""

from __future__ import annotations

import random
import sqlite3
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def checkpoint(db: Database | sqlite3.Connection, *, wait_ms: int = 0) -> bool:
    """Copy everything committed into the database file and empty the `-wal` (TRUNCATE).

    Args:
        db: An open connection, not inside a transaction.
        wait_ms: How long to wait for other sessions' writes and reads to end; 0 never waits.

    Returns:
        Whether the log is empty now (False while another session writes or reads an older
        state; it is emptied by a later checkpoint, at the latest when the last session closes).
    """
    timeout = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    deadline = time.monotonic() + wait_ms / 1000
    try:
        while True:
            left = max(0, int((deadline - time.monotonic()) * 1000))
            db.execute(f"PRAGMA busy_timeout = {left}")
            if not db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                return True
            if not left:
                return False
            # Busy at once, without the busy handler: another session is checkpointing (an
            # erasure, a session that closes). Try again when it is done.
            time.sleep(random.uniform(0.005, 0.02))
    finally:
        db.execute(f"PRAGMA busy_timeout = {timeout}")


def close_database(db: Database | sqlite3.Connection) -> None:
    """Close a connection so that the database file alone holds what it committed.

    A truncating checkpoint first, without waiting for anyone (a session that stops must not
    hang on another's read): when others are busy it is left to them. The last session to
    close gets SQLite's own checkpoint on top, which also removes the `-wal` and `-shm`.
    Closing twice, or a connection already closed, is harmless; a checkpoint that fails (a
    full disk, a damaged file) changes nothing and is left to the next one.
    """
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    try:
        if conn.in_transaction:
            conn.rollback()
        checkpoint(conn)
    except sqlite3.Error:
        pass
    conn.close()
