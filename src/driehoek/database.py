"""Opening the SQLite file: refuse what is not ours without touching it, set up what is.

Every connection gets the same settings (WAL, foreign keys, a busy timeout), because several
coordinators may share one file and SQLite sets foreign keys per connection, off by default.

The `.db` file alone holds the data whenever no session is writing: a new file appears fully
set up, a migration and every close end with a truncating checkpoint (`wal`), and SQLite
removes the `-wal` when the last session closes. So `cp`, Datasette and sqlite-utils see
everything once every driehoek has stopped (README: "Backups").
"""

from __future__ import annotations

import errno
import getpass
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from driehoek import audit
from driehoek.migrations import APPLICATION_ID, LATEST, migrate, schema_version

# Re-exported: callers name them as the database's.
from driehoek.refusals import DatabaseRefused as DatabaseRefused
from driehoek.refusals import Problem as Problem
from driehoek.refusals import damaged as damaged
from driehoek.refusals import problem_of as problem_of
from driehoek.wal import checkpoint

if TYPE_CHECKING:
    from sqlite_utils import Database

_SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_BYTES = 100
_WAL_FORMAT_OFFSET = 18
"""Byte 18 of the header is 2 for a file in WAL mode, 1 for a rollback journal."""
BUSY_TIMEOUT_MS = 5000


def _quick_check(conn: sqlite3.Connection) -> str:
    """SQLite's quick check (every page, without comparing indexes to their tables): "" when
    the file is sound, else its first complaint."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    lines = [str(row[0]) for row in rows]
    return "" if lines == ["ok"] else lines[0].splitlines()[-1]


def _inspect_existing(path: Path) -> bool:
    """Check an existing file read-only, so a refused file is never modified.

    A file that is about to be changed for the first time (switched to WAL mode, or migrated)
    gets SQLite's quick check first, so a damaged one is refused before a byte of it changes.
    A file already in use is not: reading every page at every start would make a large file
    slow to open; damage in it is reported where a read runs into it (see `damaged`).

    Returns:
        Whether the file is in WAL mode already (an empty file is not).
    """
    try:
        with path.open("rb") as f:
            header = f.read(_HEADER_BYTES)
    except OSError as e:
        raise DatabaseRefused(Problem.UNREADABLE, path, e.strerror or "") from e
    if not header:
        return False  # an empty file is an empty database: ours to set up
    if not header.startswith(_SQLITE_HEADER):
        raise DatabaseRefused(Problem.NOT_SQLITE, path)
    wal = len(header) > _WAL_FORMAT_OFFSET and header[_WAL_FORMAT_OFFSET] == 2
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            ours = app_id == APPLICATION_ID or (app_id == 0 and not tables)
            complaint = _quick_check(conn) if ours and (not wal or version < LATEST) else ""
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        if e.sqlite_errorname == "SQLITE_NOTADB":
            raise DatabaseRefused(Problem.NOT_SQLITE, path) from e  # not even its first page
        # "unable to open database file": reading a WAL file needs its -shm beside it, which
        # a read-only folder cannot hold (and a full disk cannot size). The file may well be
        # ours; it is the place that fails.
        raise DatabaseRefused(problem_of(e, path), path, str(e)) from e
    if not ours:
        raise DatabaseRefused(Problem.FOREIGN, path)
    if version > LATEST:
        raise DatabaseRefused(Problem.NEWER, path, f"{version} > {LATEST}")
    if complaint:
        raise DatabaseRefused(Problem.DAMAGED, path, complaint)
    if not os.access(path, os.W_OK):
        raise DatabaseRefused(Problem.NOT_WRITABLE, path)
    if path.stat().st_mode & stat.S_IROTH:
        # Student data readable by every account on the server: refuse until it is fixed.
        raise DatabaseRefused(Problem.WORLD_READABLE, path)
    return wal


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


def _create(path: Path) -> None:
    """Make `path` a new driehoek database, whole or not at all, even with rivals.

    The file is set up under a name of its own beside `path` (WAL mode, every migration,
    checkpointed into the file), then linked to `path`, which fails if another process made
    it first: then theirs is used. So no process ever sees a half-made file, none has to
    switch a shared file to WAL mode (SQLite does not wait for a busy lock there), and a
    failure (a full disk) leaves nothing behind. The file has `file_mode`, never readable
    by others.
    """
    parent = path.parent
    if not parent.is_dir():
        raise DatabaseRefused(Problem.NO_DIRECTORY, path)
    mode = file_mode(parent)
    import secrets  # here: it loads hashlib and OpenSSL, which an existing file never needs

    draft = parent / f".{path.name}.{secrets.token_hex(6)}.new"
    try:
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            os.fchmod(fd, mode)  # exactly this mode, whatever the process umask
        finally:
            os.close(fd)
        db = connect(draft)
        try:
            # Nobody else has the draft: one flush to disk at the end is enough.
            db.execute("PRAGMA synchronous = OFF")
            db.enable_wal()
            migrate(db)
            if not checkpoint(db):
                raise sqlite3.OperationalError("the new file could not be checkpointed")
        finally:
            db.close()
        fd = os.open(draft, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _link(draft, path)
    except (OSError, sqlite3.Error) as e:
        detail = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise DatabaseRefused(problem_of(e, path), path, detail) from e
    finally:
        for leftover in ("", "-wal", "-shm", "-journal"):
            Path(f"{draft}{leftover}").unlink(missing_ok=True)


def _link(draft: Path, path: Path) -> None:
    """Give `draft` the name `path`, unless `path` exists by now (then it is left alone)."""
    try:
        os.link(draft, path)
    except FileExistsError:
        return  # another process made it a moment ago: that one is used
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
        # A file system without hard links: a rename, which a rival in the same instant
        # could overwrite (theirs is as new and empty as ours).
        if not path.exists():
            draft.rename(path)


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """Put an existing file (a restored backup, an empty file) in WAL mode, once.

    SQLite does not wait for a busy lock here (it reads, then must write, and gives up at
    once rather than risk a deadlock), so several processes opening such a file at the same
    moment retry for as long as the busy timeout would have waited.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as e:
            if problem_of(e) is not Problem.BUSY or time.monotonic() > deadline:
                raise
        else:
            if mode == "wal":
                return
            raise sqlite3.OperationalError(f"the file stays in {mode} mode")
        time.sleep(random.uniform(0.005, 0.05))  # apart, so that one of them gets through


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


def identify(
    db: Database | sqlite3.Connection,
    *,
    user: str,
    client: str,
    now: Callable[[], str] | None = None,
) -> None:
    """Tell the connection who is writing: the audit triggers call these functions."""
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    audit.register(conn)
    conn.create_function("driehoek_user", 0, lambda: user, deterministic=False)
    conn.create_function("driehoek_client", 0, lambda: client, deterministic=False)
    conn.create_function(
        "driehoek_now",
        0,
        now or (lambda: datetime.now(UTC).isoformat(timespec="seconds")),
        deterministic=False,
    )


def wrap(conn: sqlite3.Connection) -> Database:
    """sqlite-utils' `Database` on a connection made here (`connection`).

    Imported only here, when something first needs it (a write, a screen after the first):
    sqlite-utils brings click, dateutil and pluggy, about 0.2 s and 6 MiB that the first
    screen does without (bench/findings.md, figure 1). It turns recursive triggers on, as
    `connection` already did.
    """
    from sqlite_utils import Database

    # No plugins: an installed sqlite-utils plugin would get a connection that holds student
    # data, and looking for plugins scans every installed package at each start (~30 ms).
    return Database(conn, execute_plugins=False)


def connection(path: Path) -> sqlite3.Connection:
    """A plain connection with the settings every driehoek connection needs; no checks, no
    schema. The same settings as `connect`, without sqlite-utils."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    identify(conn, user=session_user(), client=session_client())
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # FULL: an application crash never loses a commit even with NORMAL, but a power cut could,
    # and writes here are a few per minute.
    conn.execute("PRAGMA synchronous = FULL")
    # Deleted student data is overwritten, not left in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    # What sqlite-utils' `Database` sets on every connection it gets (`wrap`): the same
    # triggers fire whether or not it has been wrapped yet.
    conn.execute("PRAGMA recursive_triggers = ON")
    return conn


def connect(path: Path) -> Database:
    """`connection`, as sqlite-utils' `Database`."""
    return wrap(connection(path))


def open_database(path: Path, *, create: bool = True) -> Database:
    """`open_connection`, as sqlite-utils' `Database` (see there)."""
    return wrap(open_connection(path, create=create))


def open_connection(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) a driehoek database, migrated to this version's schema.

    A plain connection: sqlite-utils is imported only when the file must be made or migrated
    (or later, when the store first writes: `reading_lists.Lists.db`).

    Args:
        path: The SQLite file. Its directory must exist.
        create: Create the file if it does not exist; else refuse with `Problem.MISSING`
            (commands that only read should not leave an empty database behind a typo).

    Returns:
        A connection for this thread.

    Raises:
        DatabaseRefused: The file is not ours, is newer, is damaged, or cannot be written
            (also: the disk is full, or another session held the write lock too long); it is
            untouched.
    """
    path = path.expanduser()
    if not path.exists():
        if not create:
            raise DatabaseRefused(Problem.MISSING, path)
        _create(path)
    if path.is_dir():
        raise DatabaseRefused(Problem.NOT_WRITABLE, path)
    wal = _inspect_existing(path)
    try:
        conn = connection(path)
    except sqlite3.DatabaseError as e:
        raise DatabaseRefused(problem_of(e, path), path, str(e)) from e
    try:
        if not wal:
            _switch_to_wal(conn)
        # Current, as nearly always: no sqlite-utils (`migrate` looks again under the lock).
        if schema_version(conn) < LATEST and migrate(wrap(conn)):
            checkpoint(conn)  # the file alone has the new schema (others may read: no wait)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise DatabaseRefused(problem_of(e, path), path, str(e)) from e
    return conn


def database_path(db: Database | sqlite3.Connection) -> Path | None:
    """The file a connection has open: what an export must never replace, whatever name the
    user gave it, and what a message about a damaged file names. It reads no page, so it
    works on a damaged file too; None for an in-memory database or a closed connection."""
    try:
        rows = db.execute("PRAGMA database_list").fetchall()
    except sqlite3.Error:
        return None
    return next((Path(file) for _seq, name, file in rows if name == "main" and file), None)
