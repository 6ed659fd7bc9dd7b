"""A database as an older driehoek left it, with rows it should never have stored: a dossier
import wrote a meeting's date `2026-13-45`, a placement's end `<script>`, and so on. Made at
the schema version before the dates were checked, then written as a plain `sqlite3`
connection would (the audit triggers only need driehoek's three functions), so the tests can
migrate it as a user's upgrade does. Importable from every test folder.

All names are invented.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlite_utils import Database

from driehoek.database import connect, identify
from driehoek.domain import Decision, Disposition, Factor, FactorStatus, Part, Party, Ref
from driehoek.migrate_dates import real_dates
from driehoek.migrations import APPLICATION_ID, MIGRATIONS
from driehoek.store import Store

NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
BEFORE = MIGRATIONS.index(real_dates)
"""The schema version just before the dates were checked (whatever its number after merges)."""

STUDENT = "Femke Zuidema"
OTHER = "Daan Wolters"

BAD = {
    ("meetings", "date"): "2026-13-45",
    ("placements", "end"): "<script>",
    ("agreements", "due"): "2026-02-30",
    ("sign_offs", "signed_at"): "gisteren",
    ("meetings", "next_evaluation"): "2027-6-1",
}
"""What the old file holds where a day or a moment should be."""


@dataclass(frozen=True)
class OldFile:
    """The file, and the ids of what holds a bad value."""

    path: Path
    intake: int
    evaluation: int
    placement: int
    agreement: int
    sign_off_rowid: int
    student: int
    other_meeting: int


def at_version(path: Path, version: int) -> Database:
    """A new file migrated to `version` only, as an older driehoek would have made it."""
    path.touch(mode=0o600)  # private, as driehoek makes its files
    db = connect(path)
    db.enable_wal()
    db.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS[:version]:
        migration(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    return db


def old_file(path: Path, *, bad: bool = True) -> OldFile:
    """A file at version `BEFORE` with two students; Femke's rows hold the `BAD` values
    (unless `bad` is False: the same file with good values only)."""
    db = at_version(path, BEFORE)
    try:
        stand_ins_for_newer_tables(db)
        # The store writes as it did then; what it reads is today's (columns and tables this
        # old schema lacks), so ids, versions and the evaluation come from the file itself.
        store = Store(db, clock=lambda: NOW, user="oud")
        intake = store.new_intake(STUDENT, "Zorgboerderij De Linde", day=date(2026, 9, 7))
        placement, student = db.execute(
            "SELECT p.id, p.student_id FROM placements p JOIN meetings m ON m.placement_id = p.id"
            " WHERE m.id = ?",
            [intake],
        ).fetchone()
        db.execute(
            "UPDATE placements SET team = 'Stal', start = '2026-09-14', version = version + 1"
            " WHERE id = ?",
            [placement],
        )
        store.update_factor(intake, Factor.SUPPORT, 1, status=FactorStatus.ABSENT, note="Druk.")
        store.add_support(intake)
        goal = store.add_goal(intake)
        store.update_goal(goal.id, goal.version, "Zelf de dag plannen")
        agreement = store.add_agreement(intake, owner=Party.WORKPLACE, text="Wekelijks evalueren")
        version = db.execute("SELECT version FROM meetings WHERE id = ?", [intake]).fetchone()[0]
        store.update_meeting(intake, version, decision=Decision.SUITABLE.value)
        sign_as_then(db, intake, store.now_iso())
        evaluation = _old_evaluation(db, intake, placement, goal.id, agreement.id)
        review = db.execute(
            "SELECT id FROM dispositions WHERE meeting_id = ?", [evaluation]
        ).fetchone()[0]
        store.edit(Ref(Part.DISPOSITION, review), 1,
                   {"disposition": Disposition.CARRY.value, "reason": "Loopt nog."})  # fmt: skip
        other = store.new_intake(OTHER, "Bakkerij Koren", day=date(2026, 10, 1))
        sign_off = db.execute(
            "SELECT rowid FROM sign_offs WHERE meeting_id = ? AND party = 'school'", [intake]
        ).fetchone()[0]
        ids = OldFile(path, intake, evaluation, placement, agreement.id, sign_off, student,
                      other)  # fmt: skip
    finally:
        db.close()
    if bad:
        hand_edit(path, ids)
    return ids


def sign_as_then(db: Database, meeting_id: int, at: str) -> None:
    """The three sign an older file's meeting as the store of then did (today's store also
    reads the whole meeting to keep what was signed, from tables the old file lacks)."""
    for party in Party:
        db.execute(
            "INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by)"
            " VALUES (?, ?, ?, ?, 'oud')",
            [meeting_id, party.value, STUDENT if party is Party.STUDENT else "Begeleider", at],
        )


def stand_ins_for_newer_tables(db: Database) -> None:
    """Today's store also keeps what all three signed, a log between meetings and the parties'
    preparations, in tables the older file does not have: temporary ones stand in for them on
    this connection only, and go with it, so the file holds what an older driehoek wrote and
    nothing more."""
    db.execute(
        """CREATE TEMP TABLE signed_versions (id INTEGER PRIMARY KEY, meeting_id INTEGER,
           signed_at TEXT, data TEXT, reopened_at TEXT, reopened_by TEXT DEFAULT '',
           reason TEXT DEFAULT '')"""
    )
    db.execute(
        """CREATE TEMP TABLE logbook (id INTEGER PRIMARY KEY, placement_id INTEGER,
           meeting_id INTEGER, day TEXT, kind TEXT, text TEXT, agreement_id INTEGER,
           created_at TEXT, created_by TEXT, version INTEGER DEFAULT 1, updated_at TEXT,
           updated_by TEXT)"""
    )
    db.execute(  # the parties' preparations (`migrate_prepare`)
        """CREATE TEMP TABLE preparations (id INTEGER PRIMARY KEY, meeting_id INTEGER,
           party TEXT, answers TEXT, source TEXT DEFAULT 'form', version INTEGER DEFAULT 1,
           updated_at TEXT, updated_by TEXT DEFAULT '')"""
    )
    db.execute(  # the parties' links to their forms, which keep a meeting left unwritten
        """CREATE TEMP TABLE preparation_links (id INTEGER PRIMARY KEY, meeting_id INTEGER,
           party TEXT, token_hash TEXT, created_at TEXT, created_by TEXT DEFAULT '',
           ended_at TEXT)"""
    )


def _old_evaluation(db: Database, intake: int, placement: int, goal: int, agreement: int) -> int:
    """The evaluation of 7 December as the store of then started it: the intake's factors and
    people, the twelve answers, a progress line for the goal, the agreement up for review."""
    stamp = {"updated_at": NOW.isoformat(timespec="seconds"), "updated_by": "oud"}
    row = {"placement_id": placement, "kind": "evaluation", "date": "2026-12-07"}
    evaluation = db.execute(
        "INSERT INTO meetings (placement_id, kind, date, next_evaluation, updated_at, updated_by)"
        " VALUES (:placement_id, :kind, :date, '2027-03-07', :updated_at, :updated_by)",
        {**row, **stamp},
    ).lastrowid
    assert evaluation is not None
    for table, columns in (
        ("factors", "factor, status, note"),
        ("participants", "party, name, role"),
    ):
        db.execute(
            f"INSERT INTO {table} (meeting_id, {columns}, updated_at, updated_by)"
            f" SELECT ?, {columns}, ?, ? FROM {table} WHERE meeting_id = ?",
            [evaluation, stamp["updated_at"], stamp["updated_by"], intake],
        )
    for question in ("learning", "time", "supervision", "attention"):
        for party in Party:
            db.table("answers").insert(
                {"meeting_id": evaluation, "question": question, "party": party.value, **stamp}
            )
    db.table("progress").insert({"meeting_id": evaluation, "goal_id": goal, **stamp})
    db.table("dispositions").insert({"meeting_id": evaluation, "agreement_id": agreement, **stamp})
    return int(evaluation)


def plain_connection(path: Path, *, past_the_checks: bool = False) -> sqlite3.Connection:
    """A connection as the `sqlite3` shell has one (no driehoek code in between), with the
    functions the audit triggers call (who and when, and the chain's hash), so that a write
    to an audited table goes through; with `past_the_checks`, CHECK constraints are off."""
    conn = sqlite3.connect(path)
    identify(Database(conn, execute_plugins=False), user="oud", client="",
             now=lambda: NOW.isoformat(timespec="seconds"))  # fmt: skip
    if past_the_checks:
        conn.execute("PRAGMA ignore_check_constraints = ON")
    return conn


@contextmanager
def past_the_lock(conn: sqlite3.Connection) -> Iterator[None]:
    """Write into meetings all three signed, as a hand edit with `sqlite3` can: the lock is a
    set of triggers (`migrate_signed`), dropped here and made again afterwards."""
    triggers = conn.execute(
        """SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'
           AND substr(name, 1, 7) = 'signed_'"""
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    try:
        yield
    finally:
        for _name, sql in triggers:
            conn.execute(sql)


def hand_edit(path: Path, ids: OldFile) -> None:
    """The bad values, written with a plain connection (no driehoek code in between)."""
    conn = plain_connection(path)
    try:
        with conn:
            conn.execute(
                "UPDATE meetings SET date = ? WHERE id = ?", [BAD["meetings", "date"], ids.intake]
            )
            conn.execute(
                "UPDATE meetings SET next_evaluation = ? WHERE id = ?",
                [BAD["meetings", "next_evaluation"], ids.evaluation],
            )
            conn.execute(
                "UPDATE placements SET end = ? WHERE id = ?",
                [BAD["placements", "end"], ids.placement],
            )
            conn.execute(
                "UPDATE agreements SET due = ? WHERE id = ?",
                [BAD["agreements", "due"], ids.agreement],
            )
            conn.execute(
                "UPDATE sign_offs SET signed_at = ? WHERE rowid = ?",
                [BAD["sign_offs", "signed_at"], ids.sign_off_rowid],
            )
            # Not a date: a learning way a newer driehoek might know; no CHECK catches it.
            conn.execute(
                "UPDATE meetings SET learning_ways = 'doing,dancing' WHERE id = ?", [ids.intake]
            )
    finally:
        conn.close()
