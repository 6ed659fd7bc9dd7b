"""`bulk_insert`: a table's INSERT triggers run once per statement only when each is one
`INSERT ... VALUES` the module can rewrite; any other shape makes every row fire them as
usual, and the result is the same either way."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from driehoek.bulk_insert import _insert_triggers, insert_new_rows

PLAIN = """CREATE TRIGGER log_ai AFTER INSERT ON items BEGIN
    INSERT INTO log (item, what) VALUES (new.id, 'made ' || new.name); END"""


def _db(*triggers: str) -> Database:
    db = Database(sqlite3.connect(":memory:"))
    db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("CREATE TABLE log (n INTEGER PRIMARY KEY, item INTEGER, what TEXT)")
    db.execute("CREATE TABLE other (item INTEGER)")
    db.execute("INSERT INTO items VALUES (1, 'eerste')")
    for trigger in triggers:
        db.execute(trigger)
    return db


@pytest.mark.parametrize(
    "trigger",
    [
        PLAIN.replace("AFTER INSERT", "BEFORE INSERT"),
        PLAIN.replace("ON items BEGIN", "ON items WHEN new.name != '' BEGIN"),
        PLAIN.replace("; END", "; INSERT INTO other VALUES (new.id); END"),
        PLAIN.replace("INTO log (item, what)", "INTO items (id, name)").replace(
            "new.id,", "new.id + 100,"
        ),
        "CREATE TRIGGER [odd name] AFTER INSERT ON items BEGIN SELECT 1; END",
    ],
    ids=["before", "when", "two statements", "into itself", "other body"],
)
def test_a_shape_it_cannot_rewrite_makes_rows_fire_per_row(trigger: str) -> None:
    assert _insert_triggers(_db(trigger), "items") is None


def test_two_triggers_writing_one_table_fire_per_row() -> None:
    second = PLAIN.replace("log_ai", "log_ai2").replace("'made '", "'also '")
    assert _insert_triggers(_db(PLAIN, second), "items") is None


def test_update_and_delete_triggers_are_left_alone() -> None:
    update = """CREATE TRIGGER log_au AFTER UPDATE OF name ON items BEGIN
        INSERT INTO log (item, what) VALUES (new.id, 'a; b'); INSERT INTO other VALUES (1); END"""
    found = _insert_triggers(_db(PLAIN, update), "items")
    assert found is not None
    assert [t.name for t in found] == ["log_ai"]


@pytest.mark.parametrize("per_statement", [True, False])
def test_the_same_rows_either_way_and_the_triggers_back(per_statement: bool) -> None:
    db = _db(PLAIN)
    schema = db.execute("SELECT name, sql FROM sqlite_schema ORDER BY name").fetchall()
    rows = [{"id": n, "name": f"ding {n}"} for n in range(2, 6)] + [{"id": 6}]
    db.execute("BEGIN")
    insert_new_rows(db, "items", rows, per_statement=per_statement)
    db.execute("COMMIT")
    assert db.execute("SELECT item, what FROM log ORDER BY n").fetchall() == [
        (2, "made ding 2"), (3, "made ding 3"), (4, "made ding 4"), (5, "made ding 5"), (6, None)
    ]  # fmt: skip
    assert db.execute("SELECT name, sql FROM sqlite_schema ORDER BY name").fetchall() == schema


def test_rows_not_new_or_outside_a_transaction_are_refused_before_anything_is_written() -> None:
    db = _db(PLAIN)
    db.execute("BEGIN")
    with pytest.raises(ValueError, match="not above 1"):
        insert_new_rows(db, "items", [{"id": 1, "name": "weer"}])
    db.execute("COMMIT")
    with pytest.raises(RuntimeError, match="transaction"):
        insert_new_rows(db, "items", [{"id": 7, "name": "buiten"}])
    assert db.execute("SELECT count(*) FROM log").fetchone()[0] == 0


def test_many_rows_in_runs_of_columns_go_in_in_order_either_way() -> None:
    # More values than one statement binds (999), in runs with different columns.
    rows: list[dict[str, object]] = [{"id": n, "name": f"ding {n}"} for n in range(2, 702)]
    rows += [{"id": n} for n in range(702, 705)]
    rows.append({"id": 705, "name": "laatste"})
    logs = []
    for per_statement in (True, False):
        db = _db(PLAIN)
        db.execute("BEGIN")
        insert_new_rows(db, "items", rows, per_statement=per_statement)
        db.execute("COMMIT")
        assert db.execute("SELECT id, name FROM items WHERE id > 1 ORDER BY id").fetchall() == [
            (row["id"], row.get("name")) for row in rows
        ]
        logs.append(db.execute("SELECT n, item, what FROM log ORDER BY n").fetchall())
    assert logs[0] == logs[1]
    assert [item for _, item, _ in logs[0]] == list(range(2, 706))


def test_a_row_a_check_refuses_refuses_the_statement_and_nothing_of_it_stays() -> None:
    db = _db(PLAIN)
    db.execute("CREATE TABLE kinds (id INTEGER PRIMARY KEY, kind TEXT CHECK (kind IN ('a', 'b')))")
    db.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError):
        insert_new_rows(
            db, "kinds", [{"id": n, "kind": "c" if n == 300 else "a"} for n in range(1, 400)]
        )
    db.execute("ROLLBACK")
    assert db.execute("SELECT count(*) FROM kinds").fetchone()[0] == 0
