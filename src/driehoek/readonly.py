"""The database opened so that nothing can change it: what `driehoek follow` and the links of
`driehoek serve` read through.

SQLite opens the file with `mode=ro`, so even a bug cannot write a byte of it or of its `-wal`
(`PRAGMA query_only` on top refuses a write statement before SQLite would). The `-shm`, the
index of the write-ahead log, is another matter: a reader records in it which state it reads.
- A follower who may write it (a coordinator's account) reads as any session does.
- A follower who may only read the folder and files (a follow-only account, docs/ssh.md) reads
  with SQLite's read-only shared memory, which works as long as the `-shm` is there, that is
  while a coordinator has the file open. A follower who has the file open keeps the `-wal`
  and `-shm` from being removed when the last coordinator closes (SQLite removes them only
  when no one else holds the file), so later saves are still seen.
- When no one has the file open, there is no `-shm` and such a follower cannot make one. Then
  no one writes, and the database file alone holds everything (`database`: every session
  checkpoints as it closes), so it is read as a fixed file (`immutable`), and read again only
  if it was not changed meanwhile; as soon as a `-shm` appears (a coordinator opened the file),
  the follower reads as above.

`changed()` says whether another session committed since the last look: one `PRAGMA
data_version` (or, with no `-shm`, a `stat`), cheap enough to ask several times a second.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from driehoek.database import BUSY_TIMEOUT_MS, DatabaseRefused, Problem, problem_of
from driehoek.migrations import APPLICATION_ID, LATEST
from driehoek.reading import Reading

_SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")

_NO_SHARED_MEMORY = {
    # The -shm is missing and this account may not make it (a folder it may only read).
    "SQLITE_READONLY_DIRECTORY",
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY_CANTINIT",
}


class ReadOnlyReading(Reading):
    """The store's queries (never its writes: `Reading` has none) on a read-only connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db)


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is written: inode, size and modification time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


class ReadOnlyDatabase:
    """A driehoek database read, never written; see the module's docstring.

    Use `open_read_only` to make one: it checks that the file is a driehoek database of this
    version first.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._uri = path.resolve().as_uri()
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        """The last `data_version` seen on the connection."""
        self._resting: tuple[int, int, int] | None = None
        """With no `-shm`: the file's signature when it was last read whole."""

    # -- connections ------------------------------------------------------------------------

    def _connect(self, *, immutable: bool = False) -> sqlite3.Connection:
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"{self._uri}?{query}",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,  # no implicit transactions: `snapshot` says when
            check_same_thread=True,
        )
        try:
            conn.execute("PRAGMA query_only = ON")
            # Reads page 1, and with it the log's index: fails here, not in the first query.
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _live(self) -> sqlite3.Connection | None:
        """The connection that sees other sessions' commits, once one can be had."""
        if self._conn is not None:
            return self._conn
        try:
            self._conn = self._connect()
        except sqlite3.OperationalError as e:
            if getattr(e, "sqlite_errorname", "") in _NO_SHARED_MEMORY:
                return None
            raise
        self._resting = None
        self._version = None
        return self._conn

    def close(self) -> None:
        """Close the connection (nothing to write back: it never wrote). Safe to call twice."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- reading ----------------------------------------------------------------------------

    def read(self, what: Callable[[ReadOnlyReading], T]) -> T:
        """`what` on one consistent state of the database: every query it makes sees the same
        commits.

        Raises:
            sqlite3.DatabaseError: The file could not be read (the caller tries again later).
        """
        conn = self._live()
        if conn is not None:
            self._version = self._data_version(conn)
            with self._transaction(conn):
                return what(ReadOnlyReading(conn))
        return self._read_resting(what)

    def _read_resting(self, what: Callable[[ReadOnlyReading], T]) -> T:
        """Read the file as it lies, no session having it open (see the module's docstring):
        only if its log is empty, and only if nothing wrote it while it was read."""
        wal = _companion(self.path, "-wal")
        before = _signature(self.path)
        if wal.exists() and wal.stat().st_size:
            # Commits not yet in the file, and no index to read them by: wait for a session.
            raise sqlite3.OperationalError("the write-ahead log cannot be read now")
        conn = self._connect(immutable=True)
        try:
            result = what(ReadOnlyReading(conn))
        finally:
            conn.close()
        if _signature(self.path) != before or (wal.exists() and wal.stat().st_size):
            raise sqlite3.OperationalError("the file changed while it was read")
        self._resting = before
        return result

    @staticmethod
    def _data_version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])

    @staticmethod
    @contextmanager
    def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN")
        try:
            yield
        finally:
            conn.execute("COMMIT")  # a read transaction: ends it, writes nothing

    def changed(self) -> bool:
        """Whether another session committed since the last `read` (or the file can now be
        read live); True as well when that cannot be told (the caller then reads again)."""
        try:
            if self._conn is None:
                if _companion(self.path, "-shm").exists() and self._live() is not None:
                    return True
                return _signature(self.path) != self._resting
            return self._data_version(self._conn) != self._version
        except sqlite3.Error:
            self.close()  # start afresh at the next read
            return True


def open_read_only(path: Path) -> ReadOnlyDatabase:
    """Open a driehoek database of this version for reading only.

    Raises:
        DatabaseRefused: The file is missing, is no SQLite database or not driehoek's, comes
            from a newer driehoek or has not been brought up to this one (a coordinator's
            driehoek does that when it opens it), or cannot be read. It is untouched.
    """
    path = path.expanduser()
    try:
        with path.open("rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except FileNotFoundError as e:
        raise DatabaseRefused(Problem.MISSING, path) from e
    except OSError as e:
        raise DatabaseRefused(Problem.UNREADABLE, path, e.strerror or "") from e
    if header != _SQLITE_HEADER:
        raise DatabaseRefused(Problem.NOT_SQLITE, path)
    database = ReadOnlyDatabase(path)
    try:
        app_id, version = database.read(_identity)
    except sqlite3.DatabaseError as e:
        database.close()
        if getattr(e, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise DatabaseRefused(Problem.NOT_SQLITE, path) from e
        problem = problem_of(e, path)
        if problem is Problem.NOT_WRITABLE:  # a read-only connection: it cannot read
            problem = Problem.UNREADABLE
        raise DatabaseRefused(problem, path, str(e)) from e
    refusal = None
    if app_id != APPLICATION_ID:
        refusal = Problem.FOREIGN
    elif version > LATEST:
        refusal = Problem.NEWER
    elif version < LATEST:
        refusal = Problem.OUTDATED
    if refusal is not None:
        database.close()
        raise DatabaseRefused(refusal, path, f"{version}")
    return database


def _identity(reading: ReadOnlyReading) -> tuple[int, int]:
    conn = reading.db.conn
    return (
        int(conn.execute("PRAGMA application_id").fetchone()[0]),
        int(conn.execute("PRAGMA user_version").fetchone()[0]),
    )


__all__ = ["ReadOnlyDatabase", "ReadOnlyReading", "open_read_only"]
