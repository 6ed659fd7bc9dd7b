"""The schema refuses what is not a day: the migration from the version before adds a CHECK to
every date column, keeps every row, id, index and trigger, and sets aside (never drops) what
an older driehoek stored that is not a day."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bad_rows import BAD, BEFORE, NOW, OldFile, at_version, old_file
from driehoek import privacy
from driehoek.database import connect, open_database
from driehoek.maintenance import check
from driehoek.migrate_dates import DATE_COLUMNS
from driehoek.migrate_prepare import DATE_COLUMNS as PREPARE_DATE_COLUMNS
from driehoek.migrate_shares import DATE_COLUMNS as SHARE_DATE_COLUMNS
from driehoek.migrate_signed import DATE_COLUMNS as SIGNED_DATE_COLUMNS
from driehoek.migrations import LATEST, MIGRATIONS, migrate, schema_version
from driehoek.store import Store
from driehoek.stored import day_sql, moment_sql, parse_day, parse_moment

LATER_DATE_COLUMNS = {**SHARE_DATE_COLUMNS, **SIGNED_DATE_COLUMNS, **PREPARE_DATE_COLUMNS}
"""Date columns of tables made after the dates migration, each checked from the start."""

DAYS = {("placements", "start"), ("placements", "end"), ("meetings", "date")}
DAYS |= {("meetings", "next_evaluation"), ("agreements", "due")}


def contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (with its rowid), and the schema's indexes and triggers."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                """SELECT name FROM sqlite_schema WHERE type = 'table'
                   AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name"""
            )
        ]
        found = {
            t: conn.execute(f"SELECT rowid, * FROM [{t}] ORDER BY rowid").fetchall() for t in tables
        }
        found["schema"] = conn.execute(
            """SELECT type, name, tbl_name FROM sqlite_schema
               WHERE type IN ('index', 'trigger') ORDER BY type, name"""
        ).fetchall()
        return found
    finally:
        conn.close()


def migrated(path: Path) -> None:
    open_database(path).close()  # as every driehoek command opens a file: migrated first


@pytest.fixture
def good(tmp_path: Path) -> OldFile:
    return old_file(tmp_path / "goed.db", bad=False)


@pytest.fixture
def bad(tmp_path: Path) -> OldFile:
    return old_file(tmp_path / "oud.db")


def test_the_old_file_is_at_the_version_before(good: OldFile) -> None:
    db = connect(good.path)
    try:
        assert schema_version(db) == BEFORE < LATEST
    finally:
        db.close()


def test_a_file_with_good_rows_keeps_every_row_id_index_and_trigger(good: OldFile) -> None:
    before = contents(good.path)

    migrated(good.path)

    after = contents(good.path)
    assert after["unreadable_values"] == []
    assert ("index", "unreadable_values_student", "unreadable_values") in after["schema"]
    # Tables this migration and later ones make are empty (but for the kinds of entry the
    # log between meetings knows: data of the schema, nobody's rows); the rest is as it was.
    assert after.pop("logbook_kinds") == [(1, "note"), (2, "kept")]
    # A meeting signed before templates came was held with the article's words (NULL).
    assert {row[-1] for row in after.pop("meeting_templates")} <= {None}
    # Each placement's latest meeting day, from the meetings there were.
    latest: dict[int, str] = {}
    for row in before["meetings"]:
        latest[row[2]] = max(latest.get(row[2], ""), row[4])
    assert {(r[1], r[2]) for r in after.pop("placement_activity")} == set(latest.items())
    made = set(after) - set(before)
    assert {table: after.pop(table) for table in made} == {table: [] for table in made}
    # Every index and trigger is still there (later migrations add their own).
    assert set(before.pop("schema")) <= set(after.pop("schema"))
    # Later migrations may add columns at the end (the audit trail's hash): the columns the
    # file had keep their values.
    for table, rows in before.items():
        if table != "schema":
            after[table] = [row[: len(old)] for row, old in zip(after[table], rows, strict=False)]
    # The audit trail gained nothing: the rows were copied, not written again.
    assert after == before
    db = connect(good.path)
    try:
        assert schema_version(db) == LATEST
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # on again afterwards
        for fts in ("students_fts", "organisations_fts"):
            db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
    finally:
        db.close()


def test_the_children_of_rebuilt_tables_are_all_still_there(good: OldFile) -> None:
    """Dropping `meetings` with foreign keys on would delete every line of every meeting."""
    tables = ("participants", "goals", "factors", "agreements", "answers", "dispositions")
    before = {t: len(contents(good.path)[t]) for t in tables}
    migrated(good.path)
    after = {t: len(contents(good.path)[t]) for t in tables}
    assert after == before
    assert min(after.values()) > 0


def test_bad_values_are_set_aside_recorded_and_emptied(bad: OldFile) -> None:
    before = contents(bad.path)

    migrated(bad.path)

    after = contents(bad.path)
    rows = {
        ("placements", bad.placement, "end"),
        ("meetings", bad.intake, "date"),
        ("meetings", bad.evaluation, "next_evaluation"),
        ("agreements", bad.agreement, "due"),
        ("sign_offs", bad.sign_off_rowid, "signed_at"),
    }
    set_aside = {(r[3], r[4], r[5]): (r[2], r[6]) for r in after["unreadable_values"]}
    assert set(set_aside) == rows
    for (table, _, column), (student, value) in set_aside.items():
        assert (student, value) == (bad.student, BAD[table, column])
    # The trail says that a value was set aside, and where: never the value.
    trail = [r for r in after["audit"] if r[5] == "put_aside"]
    assert {(r[6], r[7]) for r in trail} == {(t, i) for t, i, _ in rows}
    assert not [r for r in trail if any(str(v) in map(str, r) for v in BAD.values())]
    conn = sqlite3.connect(bad.path)
    try:
        for table, row_id, column in rows:
            value = conn.execute(f"SELECT [{column}] FROM [{table}] WHERE rowid = ?", [row_id])
            assert value.fetchone()[0] is None, (table, column)
    finally:
        conn.close()
    # Everything else as it was: the other student's rows, the other columns (later
    # migrations may add columns: they come after the ones there were).
    for table in ("students", "organisations", "participants", "goals", "factors"):
        kept = [row[: len(old)] for row, old in zip(after[table], before[table], strict=True)]
        assert kept == before[table], table


@pytest.mark.parametrize(("table", "column"), sorted(DAYS))
def test_a_date_column_refuses_what_is_not_a_day(good: OldFile, table: str, column: str) -> None:
    migrated(good.path)
    db = connect(good.path)
    try:
        # The rows are the signed intake's: without its sign-offs, so that the check on the
        # column answers, not the lock on signed meetings (a trigger, which comes first).
        db.execute("DELETE FROM sign_offs")
        row = db.execute(f"SELECT rowid FROM [{table}] LIMIT 1").fetchone()[0]
        for wrong in (
            "2026-02-30",
            "2026-13-45",
            "2027-02-29",
            "<script>",
            "2026-1-5",
            "0000-01-01",
        ):
            with pytest.raises(sqlite3.IntegrityError, match=f"{table}_{column}_is_a_day"):
                db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE rowid = ?", [wrong, row])
        for right in ("2028-02-29", "2026-12-31", "0001-01-01", "9999-12-31"):
            db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE rowid = ?", [right, row])
        db.rollback()
    finally:
        db.close()


def test_a_sign_off_refuses_what_is_not_a_moment_in_utc(good: OldFile) -> None:
    migrated(good.path)
    db = connect(good.path)
    try:
        for wrong in ("gisteren", "2026-11-28", "2026-11-28T11:30:00+01:00",
                      "2026-11-28T10:30:00", "2026-11-28T24:00:00+00:00"):  # fmt: skip
            with pytest.raises(sqlite3.IntegrityError, match="sign_offs_signed_at_is_a_moment"):
                db.execute("UPDATE sign_offs SET signed_at = ? WHERE rowid = 1", [wrong])
        db.execute("UPDATE sign_offs SET signed_at = '2028-02-29T23:59:59+00:00' WHERE rowid = 1")
        db.rollback()
    finally:
        db.close()


def test_every_date_column_has_its_check(tmp_path: Path) -> None:
    db = open_database(tmp_path / "nieuw.db")
    try:
        for table, columns in DATE_COLUMNS.items():
            sql = db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [table]).fetchone()[0]
            for column, kind in columns.items():
                assert f"CONSTRAINT {table}_{column}_is_a_{kind} CHECK" in sql
        # Tables made after this migration have theirs from the start.
        for table, columns in LATER_DATE_COLUMNS.items():
            sql = db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [table]).fetchone()[0]
            for column, kind in columns.items():
                assert f"CONSTRAINT {table}_{column}_is_a_{kind} CHECK" in sql
        # And every column whose name says it holds a date is among them.
        names = {"date", "start", "end", "due", "next_evaluation", "signed_at", "day"}
        names |= {"reopened_at", "created_at", "ended_at"}
        dated = {
            (t, c)
            for (t,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
            for (c,) in db.execute("SELECT name FROM pragma_table_info(?)", [t])
            if c in names
        }
        expected = {**DATE_COLUMNS, **LATER_DATE_COLUMNS}
        assert dated == {(t, c) for t, cs in expected.items() for c in cs}
    finally:
        db.close()


def test_a_failing_rebuild_leaves_the_old_file_as_it_was(
    bad: OldFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from driehoek import migrate_dates

    before = contents(bad.path)

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrate_dates, "rebuild", broken)
    db = connect(bad.path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(db)
        assert schema_version(db) == BEFORE
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()
    assert contents(bad.path) == before


def test_erasing_the_student_erases_what_was_set_aside(bad: OldFile, tmp_path: Path) -> None:
    migrated(bad.path)
    db = open_database(bad.path)
    try:
        store = Store(db, clock=lambda: NOW, user="beheer")
        assert db.execute("SELECT count(*) FROM unreadable_values").fetchone()[0] == 5
        privacy.erase_student(store, bad.student)
        assert db.execute("SELECT count(*) FROM unreadable_values").fetchone()[0] == 0
    finally:
        db.close()
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(bad.path.name))
    assert b"<script>" not in data
    assert b"2026-13-45" not in data


def test_the_migration_is_the_one_after_before() -> None:
    assert MIGRATIONS[BEFORE].__name__ == "real_dates"


# -- the SQL and the Python side agree -------------------------------------------------------

_near_days = st.one_of(
    st.dates().map(str),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(
        r"[0-9 +-]{0,4}[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,3}[T ]?[0-9:.]{0,8}", fullmatch=True
    ),
    st.text(max_size=12),
)
_near_moments = st.one_of(
    st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "+00:00"),
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\+00:00|Z|\+01:00|)", fullmatch=True
    ),
    st.text(max_size=30),
)


@pytest.fixture(scope="module")
def sql() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    yield conn
    conn.close()


@settings(max_examples=500, deadline=None)
@given(value=_near_days)
def test_the_check_and_the_read_path_agree_on_what_a_day_is(
    sql: sqlite3.Connection, value: str
) -> None:
    accepted = sql.execute(f"SELECT {day_sql('v')} FROM (SELECT ? AS v)", [value]).fetchone()[0]
    assert bool(accepted) == (parse_day(value) is not None), value


@settings(max_examples=500, deadline=None)
@given(value=_near_moments)
def test_the_check_and_the_read_path_agree_on_what_a_moment_is(
    sql: sqlite3.Connection, value: str
) -> None:
    accepted = sql.execute(f"SELECT {moment_sql('v')} FROM (SELECT ? AS v)", [value]).fetchone()[0]
    assert bool(accepted) == (parse_moment(value) is not None), value


def test_a_new_file_gets_the_checks_too(tmp_path: Path) -> None:
    db = at_version(tmp_path / "nul.db", 0)
    try:
        assert migrate(db) == LATEST
        report = {f.check: f.ok for f in check(db)}
        assert report["integrity"]
        assert report["unreadable"]
    finally:
        db.close()
