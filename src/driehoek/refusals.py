"""Why a database file is refused, and what an error reading or writing it means to the user
(`database` opens the file; these are apart so that the messages need nothing else)."""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import StrEnum
from pathlib import Path

NO_ROOM_BYTES = 1 << 20
"""Less free space than this, and an I/O error from SQLite means the disk is full: it needs
32 KiB at a time for its shared-memory file and a few pages for the log."""


class Problem(StrEnum):
    """Why a database file was refused; each has one message in the catalogues."""

    MISSING = "missing"
    NO_DIRECTORY = "no_directory"
    NOT_WRITABLE = "not_writable"
    NOT_SQLITE = "not_sqlite"
    FOREIGN = "foreign"
    NEWER = "newer"
    WORLD_READABLE = "world_readable"
    UNREADABLE = "unreadable"
    FULL = "full"
    BUSY = "busy"
    DAMAGED = "damaged"
    OUTDATED = "outdated"
    """Read-only (`readonly`): the file has not been migrated to this version yet."""


class DatabaseRefused(Exception):
    """The file cannot be used; it was left exactly as it was."""

    def __init__(self, problem: Problem, path: Path, detail: str = "") -> None:
        super().__init__(f"{problem}: {path} {detail}".strip())
        self.problem = problem
        self.path = path
        self.detail = detail


def _no_room(folder: Path) -> bool:
    """Whether the disk of `folder` has (next to) no room left for this user."""
    try:
        free = os.statvfs(folder)
    except OSError:
        return False
    return free.f_bavail * free.f_frsize < NO_ROOM_BYTES


def problem_of(error: sqlite3.Error | OSError, path: Path | None = None) -> Problem:
    """What an error reading or writing `path` means to the user.

    A full disk and a file another session holds get their own message: both pass, and
    "read-only or no access" would send the user looking for a problem that is not there.
    SQLite says "disk is full" only where it writes pages; where it sizes its shared-memory
    file it reports an I/O error, so the free space of `path`'s disk decides those.

    Args:
        error: What SQLite or the OS raised.
        path: The file that was being read or written, if known.

    Returns:
        FULL, BUSY, DAMAGED (SQLite found the file's pages damaged), NOT_WRITABLE (any other OS
        or SQLite operational error), or NOT_SQLITE (any other database error).
    """
    if isinstance(error, OSError):
        return Problem.FULL if error.errno in (errno.ENOSPC, errno.EDQUOT) else Problem.NOT_WRITABLE
    # Not every sqlite3 error comes from SQLite itself (a closed connection is Python's own).
    name = getattr(error, "sqlite_errorname", None) or ""
    if damaged(error):
        return Problem.DAMAGED
    if name == "SQLITE_FULL":
        return Problem.FULL
    if name.startswith("SQLITE_IOERR") and path is not None and _no_room(path.parent):
        return Problem.FULL
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return Problem.BUSY
    if isinstance(error, sqlite3.OperationalError):
        return Problem.NOT_WRITABLE
    return Problem.NOT_SQLITE


def damaged(error: BaseException | None) -> bool:
    """Whether SQLite found the file's pages damaged (pages overwritten, a truncated file)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    name = getattr(error, "sqlite_errorname", None) or ""
    return name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB"
