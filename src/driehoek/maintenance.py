"""Looking after the database file: a consistent backup while others work, and checks.

Copying the `.db` file is not a backup while driehoek runs: recent changes may live only in
the `-wal` file. SQLite's online backup copies a consistent state page by page, and lets
the other coordinators go on writing meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from driehoek.database import file_mode
from driehoek.migrations import APPLICATION_ID, LATEST, schema_version

PAGES_PER_STEP = 256
"""Pages copied per backup step; between steps other sessions may write."""

SHOWN_LINES = 3
"""Lines of SQLite's integrity report that `check` shows; the rest are counted."""


class BackupExists(FileExistsError):
    """The backup file is there already; a backup never overwrites anything."""


def backup(db: Database, target: Path) -> int:
    """Copy the database to `target` (a new file, with the database's privacy), consistently.

    Args:
        db: An open driehoek database.
        target: A file that does not exist yet, in an existing folder.

    Returns:
        The size of the copy in bytes.

    Raises:
        BackupExists: `target` exists.
        OSError: The folder is missing or not writable, the disk is full.
    """
    target = target.expanduser()
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode(target.parent))
    except FileExistsError as e:
        raise BackupExists(str(target)) from e
    os.fchmod(fd, file_mode(target.parent))
    os.close(fd)
    try:
        copy = sqlite3.connect(target)
        try:
            db.conn.backup(copy, pages=PAGES_PER_STEP)
            # One self-contained file: no -wal beside it that a later copy could miss.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def read_only(path: Path) -> Database:
    """A connection that cannot change the file (to look at a damaged one)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return Database(conn, execute_plugins=False)


@dataclass(frozen=True)
class Finding:
    """One result of `check`: what was checked, whether it is fine, and what was found."""

    check: str
    ok: bool
    detail: str = ""


def check(db: Database, *, read_only: bool = False) -> list[Finding]:
    """SQLite's own integrity and foreign-key checks, plus driehoek's marks on the file.

    A damaged page can stop a check half-way ("database disk image is malformed"): that is
    the check's finding, and the checks after it still run.

    Args:
        db: An open driehoek database.
        read_only: `db` is a read-only connection (a damaged file that must not change): the
            checks that need to write (the search index's, the log's) are left out.
    """

    def integrity() -> tuple[bool, str]:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] == ["ok"]:
            return True, ""
        # One finding is one line: a row may hold many ("*** in database main ***\nOn tree
        # page 8 cell 7: ..." and a line per page), so the first few stand for the rest.
        lines = [line for row in rows for line in str(row[0]).splitlines()]
        lines = [line for line in lines if line.strip() and not line.startswith("***")]
        rest = f"; … (+{len(lines) - SHOWN_LINES})" if len(lines) > SHOWN_LINES else ""
        return False, "; ".join(lines[:SHOWN_LINES]) + rest

    def foreign_keys() -> tuple[bool, str]:
        orphans = db.execute("PRAGMA foreign_key_check").fetchall()
        return not orphans, f"{len(orphans)}" if orphans else ""

    def application_id() -> tuple[bool, str]:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        return app_id == APPLICATION_ID, hex(app_id)

    def schema() -> tuple[bool, str]:
        version = schema_version(db)
        return version == LATEST, f"{version}/{LATEST}"

    def search_index() -> tuple[bool, str]:
        db.execute("INSERT INTO students_fts (students_fts) VALUES ('integrity-check')")
        return True, ""

    def wal() -> tuple[bool, str]:
        busy, log_pages, _ = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return not busy, f"{log_pages}"

    checks = [integrity, foreign_keys, application_id, schema]
    if not read_only:
        checks += [search_index, wal]
    findings = []
    for run in checks:
        try:
            ok, detail = run()
        except sqlite3.DatabaseError as e:
            ok, detail = False, str(e)
        findings.append(Finding(run.__name__, ok, detail))
    return findings
