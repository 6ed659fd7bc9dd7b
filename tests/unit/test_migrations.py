"""Schema migrations: forward only, all or nothing, and the schema the store relies on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from driehoek import migrations
from driehoek.database import connect
from driehoek.demo import seed_demo
from driehoek.migrations import APPLICATION_ID, LATEST, MIGRATIONS, migrate, schema_version
from driehoek.store import Store


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[Database]:
    """A connection to a new, empty file, set up as every driehoek connection is."""
    db = connect(tmp_path / "blank.db")
    yield db
    db.close()


def test_a_blank_file_is_migrated_from_version_zero(blank: Database) -> None:
    assert schema_version(blank) == 0
    assert migrate(blank) == LATEST
    assert schema_version(blank) == LATEST
    assert blank.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert {"students", "placements", "meetings", "factors", "agreements", "sign_offs"} <= set(
        blank.table_names()
    )
    assert not blank.conn.in_transaction


def test_migrating_a_current_file_does_nothing(blank: Database) -> None:
    migrate(blank)
    schema = blank.schema
    assert migrate(blank) == 0
    assert blank.schema == schema


def test_each_migration_is_one_function_in_order() -> None:
    assert LATEST == len(MIGRATIONS) >= 1
    assert len(set(MIGRATIONS)) == len(MIGRATIONS)


def test_a_failing_migration_leaves_the_schema_as_it_was(
    blank: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate(blank)
    schema = blank.schema

    def half_done(db: Database) -> None:
        db.execute("CREATE TABLE evaluations (id INTEGER PRIMARY KEY)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, half_done))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(blank)
    assert not blank.conn.in_transaction
    assert schema_version(blank) == LATEST
    assert blank.schema == schema


def test_every_table_is_strict(blank: Database) -> None:
    migrate(blank)
    loose = [
        r["name"]
        for r in blank.query("SELECT name, strict FROM pragma_table_list WHERE schema = 'main'")
        if not r["name"].startswith(("sqlite_", "_"))
        and "_fts" not in r["name"]
        and not r["strict"]
    ]
    assert loose == []


NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


def test_the_demo_data_is_consistent(blank: Database) -> None:
    migrate(blank)
    seed_demo(Store(blank, clock=lambda: NOW))
    assert blank.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert list(blank.query("SELECT * FROM pragma_foreign_key_check")) == []
    for fts in ("students_fts", "organisations_fts"):  # raises if the index lost step
        blank.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
    blank.commit()


def test_erasing_a_student_removes_everything_about_them(blank: Database) -> None:
    migrate(blank)
    store = Store(blank, clock=lambda: NOW)
    seed_demo(store)
    student_id = next(i for i, n in store.students() if n == "Anouk de Wit")
    meeting_ids = [
        r["id"]
        for r in blank.query(
            "SELECT m.id FROM meetings m JOIN placements p ON p.id = m.placement_id "
            "WHERE p.student_id = ?",
            [student_id],
        )
    ]
    assert meeting_ids
    blank.execute("DELETE FROM students WHERE id = ?", [student_id])
    blank.commit()
    marks = ", ".join("?" for _ in meeting_ids)
    for table in ("participants", "goals", "factors", "support", "agreements", "sign_offs"):
        left = blank.execute(
            f"SELECT count(*) FROM [{table}] WHERE meeting_id IN ({marks})", meeting_ids
        ).fetchone()[0]
        assert left == 0, table
    assert (
        blank.execute(
            "SELECT count(*) FROM placements WHERE student_id = ?", [student_id]
        ).fetchone()[0]
        == 0
    )
    assert store.placements("anouk") == []
    assert "Anouk de Wit" not in store.people()
