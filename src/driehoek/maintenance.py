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


@dataclass(frozen=True)
class Finding:
    """One result of `check`: what was checked, whether it is fine, and what was found."""

    check: str
    ok: bool
    detail: str = ""


def check(db: Database) -> list[Finding]:
    """SQLite's own integrity and foreign-key checks, plus driehoek's marks on the file."""
    findings = []
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    findings.append(Finding("integrity", integrity == ["ok"], "; ".join(integrity[:5])))
    orphans = db.execute("PRAGMA foreign_key_check").fetchall()
    findings.append(Finding("foreign_keys", not orphans, f"{len(orphans)}" if orphans else ""))
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    findings.append(Finding("application_id", app_id == APPLICATION_ID, hex(app_id)))
    version = schema_version(db)
    findings.append(Finding("schema", version == LATEST, f"{version}/{LATEST}"))
    fts = "INSERT INTO students_fts (students_fts) VALUES ('integrity-check')"
    try:
        db.execute(fts)
        findings.append(Finding("search_index", True))
    except sqlite3.DatabaseError as e:
        findings.append(Finding("search_index", False, str(e)))
    busy, log_pages, _ = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    findings.append(Finding("wal", not busy, f"{log_pages}"))
    return findings
