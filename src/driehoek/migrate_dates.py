"""The migration that makes every date column refuse what is not a real day.

Each date column gets a CHECK (`stored.day_sql`, `stored.moment_sql`): no path (the app, an
import, another tool, `sqlite3` by hand) can store `2026-13-45` or `<script>` there again.

SQLite cannot add a CHECK to a table that exists, so the four tables are rebuilt, as SQLite's
procedure for other schema changes does (https://www.sqlite.org/lang_altertable.html#otheralter):
the rows copied aside with their ids (and rowids), the table dropped and made again with the
CHECKs, the rows copied back, and its indexes and triggers (the audit trail's) made again from
the SQL the file held for them. `migrate` turns foreign keys off around the transaction, as
that procedure asks: with them on, dropping `meetings` would delete every participant, goal
and agreement by cascade.

A file may already hold a value that is not a day (imported by an older driehoek, or edited by
hand). Such a value is not dropped: it is set aside, with its table, row and column, in the
table `unreadable_values` (which goes with the student when she is erased, and is part of her
dossier), the audit trail records that it was set aside (never the value), and the column is
left empty. The app shows such a date as not readable, and `driehoek check` names the row.
A meeting's date and a sign-off's moment may therefore be empty after this migration; no
write of driehoek leaves them so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from driehoek.stored import day_sql, moment_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

# table: {column: "day" or "moment"}
DATE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "placements": {"start": "day", "end": "day"},
    "meetings": {"date": "day", "next_evaluation": "day"},
    "agreements": {"due": "day"},
    "sign_offs": {"signed_at": "moment"},
}
"""Every column that holds a day or a moment: each gets a CHECK."""

_REQUIRED = {("meetings", "date"), ("sign_offs", "signed_at")}
"""NOT NULL until now; empty from here on only where a value had to be set aside."""

_STUDENT = {
    "placements": "t.student_id",
    "meetings": "(SELECT p.student_id FROM placements p WHERE p.id = t.placement_id)",
    "agreements": (
        "(SELECT p.student_id FROM meetings m JOIN placements p ON p.id = m.placement_id"
        " WHERE m.id = t.meeting_id)"
    ),
    "sign_offs": (
        "(SELECT p.student_id FROM meetings m JOIN placements p ON p.id = m.placement_id"
        " WHERE m.id = t.meeting_id)"
    ),
}
"""Whose data a row is: a value set aside goes with its student (erasure, dossier)."""

_MEETING = {"placements": "NULL", "meetings": "t.id"}
"""The meeting a row belongs to, for its audit line (a meeting's history shows it)."""


def check_sql(column: str, kind: str) -> str:
    """The CHECK condition of a date column."""
    return day_sql(column) if kind == "day" else moment_sql(column)


def real_dates(db: Database) -> None:
    """Set aside what is not a day, then rebuild the four tables with a CHECK on each date."""
    db.execute(
        """CREATE TABLE unreadable_values (
            id INTEGER PRIMARY KEY,
            student_id INTEGER REFERENCES students (id) ON DELETE CASCADE,
            entity TEXT NOT NULL,
            entity_id INTEGER,
            [column] TEXT NOT NULL,
            value TEXT NOT NULL,
            at TEXT NOT NULL
        ) STRICT"""
    )
    db.execute("CREATE INDEX unreadable_values_student ON unreadable_values (student_id)")
    for table, columns in DATE_COLUMNS.items():
        for column, kind in columns.items():
            _set_aside(db, table, column, kind)
        checks = {
            f"{table}_{column}_is_a_{kind}": check_sql(column, kind)
            for column, kind in columns.items()
        }
        nullable = [c for c in columns if (table, c) in _REQUIRED]
        # Copy every value that passes; what does not was set aside just now.
        copied = {c: f"CASE WHEN {check_sql(c, k)} THEN [{c}] END" for c, k in columns.items()}
        rebuild(db, table, checks, nullable=nullable, copied=copied)


def _set_aside(db: Database, table: str, column: str, kind: str) -> None:
    meeting = _MEETING.get(table, "t.meeting_id")
    bad = f"NOT {check_sql(column, kind)}"
    if not db.execute(f"SELECT count(*) FROM [{table}] t WHERE {bad}").fetchone()[0]:
        return  # as nearly always; and a connection without driehoek's functions can migrate
    db.execute(
        f"""INSERT INTO unreadable_values (student_id, entity, entity_id, [column], value, at)
            SELECT {_STUDENT[table]}, '{table}', t.rowid, '{column}', CAST(t.[{column}] AS TEXT),
                   driehoek_now()
            FROM [{table}] t WHERE {bad}"""
    )
    # The trail says a value was set aside, by which upgrade (who ran it), never the value.
    db.execute(
        f"""INSERT INTO audit (at, os_user, ssh_client, action, entity, entity_id, meeting_id)
            SELECT driehoek_now(), driehoek_user(), driehoek_client(), 'put_aside', '{table}',
                   t.rowid, {meeting}
            FROM [{table}] t WHERE {bad}"""
    )


def rebuild(
    db: Database,
    table: str,
    checks: Mapping[str, str],
    *,
    nullable: list[str],
    copied: Mapping[str, str],
) -> None:
    """Rebuild `table` with named CHECK constraints added, keeping rows, ids and rowids,
    indexes and triggers.

    Args:
        db: Inside a transaction, with foreign keys off (see `migrations.migrate`).
        table: The table.
        checks: Constraint name -> condition, added as table constraints.
        nullable: Columns whose NOT NULL goes.
        copied: Column -> the SQL expression its new value is copied from (else the value).
    """
    sql = db.execute(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]
    ).fetchone()[0]
    companions = [
        row[0]
        for row in db.execute(
            """SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger')
               AND sql IS NOT NULL ORDER BY type, name""",
            [table],
        ).fetchall()
    ]
    info = db.execute(f"PRAGMA table_info([{table}])").fetchall()
    columns = [str(row[1]) for row in info]
    keys = [row for row in info if row[5]]
    # A table whose key is one INTEGER PRIMARY KEY has its id as rowid; the others (factors,
    # sign_offs) have a rowid of their own that the audit trail names: it is copied too.
    own_rowid = not (len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER")
    names = ", ".join(["rowid"] * own_rowid + [f"[{c}]" for c in columns])
    values = ", ".join(["rowid"] * own_rowid + [copied.get(c, f"[{c}]") for c in columns])
    # The rows wait in a temporary table while the table is made again under its own name:
    # every REFERENCES and trigger elsewhere names it, and stays right without a rename
    # (renaming makes SQLite rewrite the whole schema: a tenth of a second for a new file).
    db.execute(f"CREATE TEMP TABLE [{table}_rows] AS SELECT {values} FROM [{table}]")
    db.execute(f"DROP TABLE [{table}]")
    db.execute(_new_table(sql, table, checks, nullable))
    db.execute(f"INSERT INTO [{table}] ({names}) SELECT * FROM temp.[{table}_rows]")
    db.execute(f"DROP TABLE temp.[{table}_rows]")
    for statement in companions:
        db.execute(statement)
    relaxed = {str(row[1]) for row in db.execute(f"PRAGMA table_info([{table}])") if not row[3]}
    if not set(nullable) <= relaxed:
        raise RuntimeError(f"{table}: NOT NULL still on {sorted(set(nullable) - relaxed)}")


_TAIL = re.compile(r"\)\s*((STRICT|WITHOUT\s+ROWID)\s*,?\s*)*$", re.IGNORECASE)


def _new_table(sql: str, table: str, checks: Mapping[str, str], nullable: list[str]) -> str:
    """The CREATE TABLE statement of `table` with `checks` added as table constraints and
    NOT NULL taken from the `nullable` columns' definitions."""
    if not re.match(rf"\s*CREATE\s+TABLE\s+(\"{table}\"|\[{table}\]|{table})\s*\(", sql, re.I):
        raise RuntimeError(f"unexpected definition of {table}")
    for column in nullable:
        definition = re.compile(
            rf"([(,]\s*(\"{column}\"|\[{column}\]|{column})\s+TEXT)\s+NOT\s+NULL\b", re.I
        )
        sql = definition.sub(r"\1", sql, count=1)
    tail = _TAIL.search(sql)
    if tail is None:
        raise RuntimeError(f"unexpected end of the definition of {table}")
    added = "".join(f",\n    CONSTRAINT {name} CHECK {cond}" for name, cond in checks.items())
    return sql[: tail.start()] + added + sql[tail.start() :]
