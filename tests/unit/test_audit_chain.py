"""The audit trail is tamper-evident: every row is chained to the one before by a hash."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from driehoek import migrations, privacy
from driehoek.audit import walk
from driehoek.database import connect, open_database
from driehoek.migrations import APPLICATION_ID, MIGRATIONS, schema_version
from driehoek.store import Store


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A closed database with a few meetings, edits, an export and an erasure in its trail."""
    path = tmp_path / "school.db"
    store = Store(open_database(path), clock=lambda: datetime.now(UTC), user="coordinator")
    for name in ("Noor Dekker", "Bram Hofman", "Sanne Mulder"):
        meeting_id = store.new_intake(name, "Zorggroep Noord")
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, f"Leerdoel van {name}")
        store.record("export", "meetings", meeting_id, meeting_id)
    privacy.erase_student(store, privacy.find_student(store, "Bram Hofman"))
    store.db.close()
    return path


def ids(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM audit ORDER BY id")]
    finally:
        conn.close()


def test_a_row_with_a_hash_of_its_own_is_refused(school: Path) -> None:
    """Nobody brings a hash: the database computes it, so a forged one cannot come in."""
    db = open_database(school)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="computes its own hashes"):
            db.execute(
                "INSERT INTO audit (at, os_user, ssh_client, action, entity, hash) "
                "VALUES ('2026-11-28T10:30:00+00:00', 'x', '', 'create', 'students', 'abc')"
            )
        db.rollback()
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE audit SET hash = 'abc'")
    finally:
        db.close()


def test_erasure_and_purge_keep_the_chain_whole(tmp_path: Path) -> None:
    """They only add rows (the deletes, the erasure), so the chain goes on unbroken."""
    store = Store(
        open_database(tmp_path / "school.db"),
        clock=lambda: datetime(2026, 11, 28, tzinfo=UTC),
        user="coordinator",
    )
    try:
        for n in range(3):
            meeting_id = store.new_intake(f"Oud Dossier{n}", "Werkplek", day=date(2020, 1, 6))
            placement = store.meeting(meeting_id).placement
            store.update_placement(placement.id, placement.version, end=date(2020, 6, 30))
        privacy.erase_student(store, privacy.find_student(store, "Oud Dossier0"))
        assert len(privacy.purge(store)) == 2
        state = walk(store.db)
        actions = [row[0] for row in store.db.execute("SELECT action FROM audit")]
        assert actions.count("erase") == 3
        assert state.whole
        assert state.rows == len(actions)
    finally:
        store.db.close()


def file_before_the_chain(path: Path) -> None:
    """A database as the migrations before the chain's left it, with audit rows in it."""
    before = MIGRATIONS.index(migrations._audit_hash_chain)
    db = connect(path)
    db.enable_wal()
    db.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS[:before]:
        migration(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {before}")
    db.commit()
    store = Store(db, clock=lambda: datetime.now(UTC), user="vroeger")
    meeting_id = store.new_intake("Fenna Bakker", "Bakkerij Vroeg")
    store.add_goal(meeting_id)
    db.close()
    path.chmod(0o600)


def test_a_file_from_before_the_chain_gets_every_row_chained(tmp_path: Path) -> None:
    path = tmp_path / "oud.db"
    file_before_the_chain(path)
    old_rows = ids(path)
    assert old_rows
    db = open_database(path)  # migrates
    try:
        assert schema_version(db) == len(MIGRATIONS)
        store = Store(db, clock=lambda: datetime.now(UTC), user="nu")
        store.new_intake("Jelle Smit", "Bakkerij Laat")
        state = walk(db)
        assert state.whole
        assert state.rows == len(ids(path)) > len(old_rows)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(f"UPDATE audit SET os_user = 'x' WHERE id = {old_rows[0]}")
        db.rollback()
    finally:
        db.close()
