"""Opening the SQLite file: refuse what is not ours without touching it, set up what is.

Every connection gets the same settings (WAL, foreign keys, a busy timeout), because several
coordinators may share one file and SQLite sets foreign keys per connection, off by default.
"""

from __future__ import annotations

import errno
import getpass
import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from driehoek import audit
from driehoek.migrations import APPLICATION_ID, LATEST, migrate

_SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

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
        FULL, BUSY, NOT_WRITABLE (any other OS or SQLite operational error), or NOT_SQLITE
        (the file's content was not what SQLite expects).
    """
    if isinstance(error, OSError):
        return Problem.FULL if error.errno in (errno.ENOSPC, errno.EDQUOT) else Problem.NOT_WRITABLE
    name = error.sqlite_errorname
    if name == "SQLITE_FULL":
        return Problem.FULL
    if name.startswith("SQLITE_IOERR") and path is not None and _no_room(path.parent):
        return Problem.FULL
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return Problem.BUSY
    if isinstance(error, sqlite3.OperationalError):
        return Problem.NOT_WRITABLE
    return Problem.NOT_SQLITE


def _inspect_existing(path: Path) -> None:
    """Check an existing file read-only, so a refused file is never modified."""
    try:
        with path.open("rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except OSError as e:
        raise DatabaseRefused(Problem.UNREADABLE, path, e.strerror or "") from e
    if not header:
        return  # an empty file is an empty database: ours to set up
    if header != _SQLITE_HEADER:
        raise DatabaseRefused(Problem.NOT_SQLITE, path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        # "unable to open database file": reading a WAL file needs its -shm beside it, which
        # a read-only folder cannot hold (and a full disk cannot size). The file may well be
        # ours; it is the place that fails.
        raise DatabaseRefused(problem_of(e, path), path, str(e)) from e
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise DatabaseRefused(Problem.FOREIGN, path)
    if version > LATEST:
        raise DatabaseRefused(Problem.NEWER, path, f"{version} > {LATEST}")
    if not os.access(path, os.W_OK):
        raise DatabaseRefused(Problem.NOT_WRITABLE, path)
    if path.stat().st_mode & stat.S_IROTH:
        # Student data readable by every account on the server: refuse until it is fixed.
        raise DatabaseRefused(Problem.WORLD_READABLE, path)


def shared_folder(folder: Path) -> bool:
    """Whether `folder` is set up for a group of coordinators: group-owned with the setgid bit
    (`chmod 2770`), so every file made in it belongs to that group."""
    try:
        return bool(folder.stat().st_mode & stat.S_ISGID)
    except OSError:
        return False


def file_mode(folder: Path) -> int:
    """The mode for a new database in `folder`: the owner's alone (0600), or the owner's and
    the group's (0660) in a shared folder. SQLite gives the -wal and -shm files the same."""
    return 0o660 if shared_folder(folder) else 0o600


def _create_private(path: Path) -> None:
    """Create the file as `file_mode` says; never readable by others."""
    parent = path.parent
    if not parent.is_dir():
        raise DatabaseRefused(Problem.NO_DIRECTORY, path)
    mode = file_mode(parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        _inspect_existing(path)  # another process created it a moment ago
        return
    except OSError as e:
        raise DatabaseRefused(problem_of(e, path), path, e.strerror or "") from e
    try:
        os.fchmod(fd, mode)  # exactly this mode, whatever the process umask
    finally:
        os.close(fd)


def session_user() -> str:
    """The OS user of this session: who the audit trail names."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def session_client() -> str:
    """Where an SSH session comes from (`address port`), or empty for a local one."""
    connection = os.environ.get("SSH_CONNECTION", "").split()
    if len(connection) >= 2:
        return f"{connection[0]} {connection[1]}"
    return " ".join(os.environ.get("SSH_CLIENT", "").split()[:2])


def identify(db: Database, *, user: str, client: str, now: Callable[[], str] | None = None) -> None:
    """Tell the connection who is writing: the audit triggers call these functions."""
    conn = db.conn
    audit.register(conn)
    conn.create_function("driehoek_user", 0, lambda: user, deterministic=False)
    conn.create_function("driehoek_client", 0, lambda: client, deterministic=False)
    conn.create_function(
        "driehoek_now",
        0,
        now or (lambda: datetime.now(UTC).isoformat(timespec="seconds")),
        deterministic=False,
    )


def connect(path: Path) -> Database:
    """A connection with the settings every driehoek connection needs; no checks, no schema."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    # No plugins: an installed sqlite-utils plugin would get a connection that holds student
    # data, and looking for plugins scans every installed package at each start (~30 ms).
    db = Database(conn, execute_plugins=False)
    identify(db, user=session_user(), client=session_client())
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # FULL: an application crash never loses a commit even with NORMAL, but a power cut could,
    # and writes here are a few per minute.
    db.execute("PRAGMA synchronous = FULL")
    # Deleted student data is overwritten, not left in free pages.
    db.execute("PRAGMA secure_delete = ON")
    return db


def open_database(path: Path, *, create: bool = True) -> Database:
    """Open (creating if needed) a driehoek database, migrated to this version's schema.

    Args:
        path: The SQLite file. Its directory must exist.
        create: Create the file if it does not exist; else refuse with `Problem.MISSING`
            (commands that only read should not leave an empty database behind a typo).

    Returns:
        A connection for this thread.

    Raises:
        DatabaseRefused: The file is not ours, is newer, or cannot be written (also: the disk
            is full, or another session held the write lock too long); it is untouched.
    """
    path = path.expanduser()
    if path.exists():
        if path.is_dir():
            raise DatabaseRefused(Problem.NOT_WRITABLE, path)
        _inspect_existing(path)
    elif create:
        _create_private(path)
    else:
        raise DatabaseRefused(Problem.MISSING, path)
    try:
        db = connect(path)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        migrate(db)
    except sqlite3.DatabaseError as e:
        raise DatabaseRefused(problem_of(e, path), path, str(e)) from e
    return db
