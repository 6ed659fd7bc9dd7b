"""Looking after the database file: a consistent backup while others work, and checks.

Copying the `.db` file is not a backup while driehoek runs: recent changes may live only in
the `-wal` file. SQLite's online backup copies a consistent state page by page, and lets
the other coordinators go on writing meanwhile.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from driehoek.audit import walk
from driehoek.database import BUSY_TIMEOUT_MS, Problem, file_mode, problem_of, wrap
from driehoek.erasure import finish, owed
from driehoek.migrations import APPLICATION_ID, LATEST, migrate, schema_version
from driehoek.rows import Unreadable, unreadable

if TYPE_CHECKING:
    from sqlite_utils import Database

PAGES_PER_STEP = 256
"""Pages copied per backup step; between steps other sessions may write."""

SHOWN_LINES = 3
"""Lines of SQLite's integrity report that `check` shows; the rest are counted."""
SHOWN_ROWS = 50
"""Values that `check` names one per line when the app cannot read them; the rest are counted."""


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
    return wrap(conn)


@dataclass(frozen=True)
class Finding:
    """One result of `check`: what was checked, whether it is fine, and what was found.

    Attributes:
        check: The check's name (`check.<name>` in the catalogues).
        ok: Whether it is fine.
        detail: What was found, as SQLite said it (shown when not ok).
        key: What was found in words of ours instead: `check_detail.<key>`, with `values`.
        values: The placeholders of `key`.
        shown: Show the detail even when ok (a fact worth keeping, such as the chain's head).
        rows: For `unreadable`: the values the app cannot read (`detail` counts them all).
    """

    check: str
    ok: bool
    detail: str = ""
    key: str = ""
    values: Mapping[str, object] = field(default_factory=dict)
    shown: bool = False
    rows: tuple[Unreadable, ...] = ()
    """The values the app cannot read, one per line (the first `SHOWN_ROWS` of them)."""


STALE_ACTIVITY_SQL = """
    WITH fresh AS (SELECT placement_id, max(date) AS last_date FROM meetings
                   GROUP BY placement_id HAVING max(date) IS NOT NULL),
         kept AS (SELECT placement_id, last_date FROM placement_activity
                  WHERE last_date IS NOT NULL)
    SELECT count(*) FROM (
        SELECT placement_id FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept)
        UNION SELECT placement_id FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh))"""
"""How many placements `placement_activity` has wrong (`migrate_activity`): 0 when it holds
each placement's latest meeting day, as a fresh count over `meetings` gives it."""


def check(db: Database, *, read_only: bool = False) -> list[Finding]:
    """SQLite's own integrity and foreign-key checks, driehoek's marks on the file, the audit
    trail's hash chain and triggers, and whether an erasure's log is still to be emptied.

    Exact while other sessions work: each check reads one consistent state of the file, and
    none reports another session's ordinary activity (a checkpoint, a vacuum, a write) as a
    problem. A damaged page can stop a check half-way ("database disk image is malformed"):
    that is the check's finding, and the checks after it still run.

    Args:
        db: An open driehoek database.
        read_only: `db` is a read-only connection (a damaged file that must not change): the
            checks that need to write (the search index's, the log's) are left out.

    Raises:
        sqlite3.OperationalError: Another session held the file beyond the busy timeout; no
            finding is made up from that (the command says "busy, try again").
    """

    def integrity() -> Finding:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] == ["ok"]:
            return Finding("integrity", True)
        # One finding is one line: a row may hold many ("*** in database main ***\nOn tree
        # page 8 cell 7: ..." and a line per page), so the first few stand for the rest.
        lines = [line for row in rows for line in str(row[0]).splitlines()]
        lines = [line for line in lines if line.strip() and not line.startswith("***")]
        rest = f"; … (+{len(lines) - SHOWN_LINES})" if len(lines) > SHOWN_LINES else ""
        return Finding("integrity", False, "; ".join(lines[:SHOWN_LINES]) + rest)

    def foreign_keys() -> Finding:
        orphans = db.execute("PRAGMA foreign_key_check").fetchall()
        return Finding("foreign_keys", not orphans, f"{len(orphans)}" if orphans else "")

    def application_id() -> Finding:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        return Finding("application_id", app_id == APPLICATION_ID, hex(app_id))

    def schema() -> Finding:
        version = schema_version(db)
        return Finding("schema", version == LATEST, f"{version}/{LATEST}")

    def search_index() -> Finding:
        db.execute("INSERT INTO students_fts (students_fts) VALUES ('integrity-check')")
        return Finding("search_index", True)

    def activity() -> Finding:
        # The search's walk order against the meetings themselves: a row missing, stale or
        # left over would put a placement out of place in the home screen's list.
        wrong = db.execute(STALE_ACTIVITY_SQL).fetchone()[0]
        return Finding("activity", not wrong, f"{wrong}" if wrong else "")

    def audit_chain() -> Finding:
        state = walk(db)
        if state.missing:
            return Finding("audit_chain", False, key=f"audit_no_{state.missing}")
        if state.broken_at is not None:
            return Finding("audit_chain", False, key="audit_broken", values={"id": state.broken_at})
        if state.newest is None:
            return Finding("audit_chain", True, key="audit_empty", shown=True)
        values = {"rows": state.rows, "id": state.newest, "hash": state.head[:16]}
        return Finding("audit_chain", True, key="audit_whole", values=values, shown=True)

    def audit_triggers() -> Finding:
        found = _audit_triggers(db.conn)
        expected = _expected_audit_triggers()
        for key, names in (
            ("trigger_missing", sorted(set(expected) - set(found))),
            (
                "trigger_changed",
                sorted(n for n in expected if n in found and found[n] != expected[n]),
            ),
            ("trigger_added", sorted(set(found) - set(expected))),
        ):
            if names:
                return Finding("audit_triggers", False, key=key, values={"names": ", ".join(names)})
        return Finding("audit_triggers", True)

    def wal() -> Finding:
        if owed(db) is None:
            return Finding("wal", True)
        # Wait as long as any write would: an erasure that is running now finishes its own
        # work meanwhile, and only a session that goes on reading keeps the debt.
        if finish(db, wait_ms=BUSY_TIMEOUT_MS):
            return Finding("wal", False, key="erasure_owed")
        return Finding("wal", True)

    checks: list[Callable[[], Finding]] = [integrity, foreign_keys, application_id, schema]
    if not read_only:
        checks.append(search_index)
    checks += [activity, audit_chain, audit_triggers]
    if not read_only:
        checks.append(wal)

    def unreadable_values() -> Finding:
        # What the app shows as "invalid" (a date an older import stored, a hand edit): the
        # rows are named, so they can be put right in the app.
        found: list[Unreadable] = []
        count = 0
        for value in unreadable(db):
            count += 1
            if len(found) < SHOWN_ROWS:
                found.append(value)
        return Finding("unreadable", not count, f"{count}", rows=tuple(found))

    checks.append(unreadable_values)
    findings = []
    for run in checks:
        try:
            findings.append(run())
        except sqlite3.DatabaseError as e:
            if problem_of(e) is Problem.BUSY:
                raise
            name = "unreadable" if run is unreadable_values else run.__name__
            findings.append(Finding(name, False, str(e)))
    return findings


def _audit_triggers(conn: sqlite3.Connection) -> dict[str, str]:
    """The triggers that write, chain and guard the audit trail, by name, with their SQL."""
    rows = conn.execute(
        """SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'
           AND (name LIKE 'audit%' OR tbl_name = 'audit')"""
    ).fetchall()
    return {str(name): str(sql) for name, sql in rows}


@functools.cache
def _expected_audit_triggers() -> dict[str, str]:
    """The audit triggers as this version's migrations make them (in a database in memory)."""
    conn = sqlite3.connect(":memory:")
    try:
        migrate(wrap(conn))
        return _audit_triggers(conn)
    finally:
        conn.close()
