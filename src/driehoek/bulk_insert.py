"""Many new rows into one table, with its row triggers run once per statement, not per row.

An import of a school's list adds thousands of students, organisations and placements at
once. Each new row fires the table's AFTER INSERT triggers: one writes its row to the audit
trail (whose own trigger then chains the row's hash), one adds it to the search index. Fired
per row these took about two thirds of the import's time (bench/findings.md, figure 10):
every firing runs a trigger program and interleaves writes to four B-trees. Here the same
trigger bodies are run as one `INSERT ... SELECT` each over all the new rows, in id order,
so the result is the same rows with the same values in the same order, and the same index.
The audit trail is the one exception, and says the same in one row: the new rows, all
created at one moment by one person, are one audit row for the run of their ids (`last_id`,
migration `audit_ranges`; `_audit_run` says when), chained by `audit_chain` as always. Its
hash per row had been most of what was left (bench/findings.md, figure 10).

How, and why it keeps every promise of the audit trail:
- Only inside the caller's transaction, which holds the write lock (BEGIN IMMEDIATE): the
  triggers are dropped, the rows inserted, each trigger's body run over them, and the
  triggers created again from their own stored SQL, before anything commits. No other
  session ever sees the schema without them (it reads the last commit), none can write in
  between (the lock), and a failure rolls the drop back with everything else.
- The bodies are not written down here: each trigger's own SQL is read from the schema and
  rewritten, `VALUES (... new.x ...)` becoming `SELECT ... new.x ... FROM table AS new`.
  A trigger this module cannot rewrite so (a WHEN clause, more than one statement, BEFORE,
  two triggers writing the same table, whose order per row would then matter) makes it
  insert row by row with every trigger firing as usual: correct, only slower.
- Other writes (the app's edits, updates by the import) never come here: their triggers fire
  per row as always.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_INSERT_TRIGGER = re.compile(
    r"""CREATE\s+TRIGGER\s+(?P<name>\w+)\s+AFTER\s+INSERT\s+ON\s+(?P<table>\w+)\s+
        (?:FOR\s+EACH\s+ROW\s+)?BEGIN\s+
        INSERT\s+INTO\s+(?P<target>\w+)\s*\((?P<columns>[^()]*)\)\s*
        VALUES\s*\((?P<values>[^;]*)\)\s*;\s*END\s*""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
"""An AFTER INSERT trigger whose body is one `INSERT INTO target (columns) VALUES (...)`."""

_EVENT = re.compile(
    r"CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+(?:BEFORE\s+|AFTER\s+|INSTEAD\s+OF\s+)?"
    r"(INSERT|UPDATE|DELETE)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Trigger:
    name: str
    sql: str
    target: str
    columns: str
    values: str


def _insert_triggers(db: Database, table: str) -> list[_Trigger] | None:
    """The table's INSERT triggers in creation order, or None when one cannot be run once
    per statement (then every trigger fires per row, as usual)."""
    rows = db.execute(
        """SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?
           ORDER BY rowid""",
        [table],
    ).fetchall()
    found: list[_Trigger] = []
    for name, sql in rows:
        event = _EVENT.match(str(sql).strip())
        if event is None:
            return None  # a shape this module does not know: fire per row
        if event[1].upper() != "INSERT":
            continue  # not fired by an insert
        match = _INSERT_TRIGGER.fullmatch(str(sql).strip())
        if match is None or match["table"].casefold() != table.casefold():
            return None
        found.append(
            _Trigger(str(name), str(sql), match["target"], match["columns"], match["values"])
        )
    targets = [t.target.casefold() for t in found]
    if len(set(targets)) != len(targets) or table.casefold() in targets:
        return None
    return found


@contextmanager
def _triggers_set_aside(db: Database, triggers: Sequence[_Trigger]) -> Iterator[None]:
    """The triggers dropped for the block and created again from their own SQL after it,
    even when it fails (the caller's rollback then undoes both anyway)."""
    for trigger in triggers:
        db.execute(f"DROP TRIGGER [{trigger.name}]")
    try:
        yield
    finally:
        for trigger in triggers:
            db.execute(trigger.sql)


def insert_new_rows(
    db: Database, table: str, rows: Sequence[Mapping[str, object]], *, per_statement: bool = True
) -> None:
    """Insert rows that are all new to `table`, each with its own ascending `id` above every
    id the table holds; the table's INSERT triggers run once over them all when they can
    (`per_statement`), else once per row.

    Args:
        db: A connection inside a transaction that holds the write lock.
        table: The table (a name from the program, never from input).
        rows: The rows, in id order; rows with the same columns go in one statement.
        per_statement: False makes every trigger fire per row (tests compare the two).
    """
    if not rows:
        return
    if not db.conn.in_transaction:
        raise RuntimeError("insert_new_rows needs the caller's transaction")
    triggers = _insert_triggers(db, table) if per_statement else None
    if triggers is None:
        _insert(db, table, rows)
        return
    ids = list(map(_ID, rows))
    first, last = min(ids), max(ids)
    held = db.execute(f"SELECT coalesce(max(rowid), 0) FROM [{table}]").fetchone()[0]
    if first <= int(held):  # the triggers would run again over rows already there
        raise ValueError(f"new rows of {table} start at id {first}, not above {held}")
    one_run = last - first + 1 == len(rows)  # ids are unique (the table's key): no gaps
    with _triggers_set_aside(db, triggers):
        _insert(db, table, rows)
        for t in triggers:  # in creation order, each over the new rows in id order
            if not (one_run and _audit_run(db, table, t, first, last)):
                db.execute(
                    f"""INSERT INTO [{t.target}] ({t.columns}) SELECT {t.values}
                        FROM [{table}] AS new WHERE new.rowid >= ? ORDER BY new.rowid""",
                    [first],
                )


_OF_THE_ROW = re.compile(r"\bnew\.", re.IGNORECASE)
"""A trigger's value that is read from the row it fires for."""


def _audit_run(db: Database, table: str, trigger: _Trigger, first: int, last: int) -> bool:
    """Write the audit trigger's row once for the new rows `first` to `last`, as a run
    (`audit.last_id`, migration `audit_ranges`), when one row says all the rows would: the
    trigger writes the trail, names the row by its rowid, and every other value it reads from
    the row is the same for all of them. Its values that are not of the row (who, when) are
    the import's, read once: it is one action, at one moment (`Store.one_moment`). Returns
    whether it did; else the caller writes a row per new row.
    """
    if trigger.target.casefold() != "audit" or last == first:
        return False
    columns = [c.strip().casefold() for c in _top_level(trigger.columns)]
    values = [v.strip() for v in _top_level(trigger.values)]
    if len(columns) != len(values) or "entity_id" not in columns or "last_id" in columns:
        return False
    named = columns.index("entity_id")
    if values[named].casefold() not in ("new.rowid", "new.id"):
        return False
    if not any(row[1] == "last_id" for row in db.execute("PRAGMA table_info(audit)")):
        return False  # a trail from before runs (only while it is being upgraded)
    of_the_row = [v for i, v in enumerate(values) if i != named and _OF_THE_ROW.search(v)]
    if of_the_row:
        kinds = db.execute(
            f"""SELECT count(*) FROM (SELECT DISTINCT {", ".join(of_the_row)}
                FROM [{table}] AS new WHERE new.rowid BETWEEN ? AND ?)""",
            [first, last],
        ).fetchone()[0]
        if kinds != 1:
            return False
    db.execute(
        f"""INSERT INTO audit ({trigger.columns}, last_id) SELECT {trigger.values}, ?
            FROM [{table}] AS new WHERE new.rowid = ?""",
        [last, first],
    )
    return True


def _top_level(sql: str) -> list[str]:
    """A list of SQL expressions split at the commas outside parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(sql):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(sql[start:i])
            start = i + 1
    parts.append(sql[start:])
    return parts


_ID: Callable[[Mapping[str, object]], int] = operator.itemgetter("id")


_MAX_VARIABLES = 999
"""Values bound in one statement: SQLite's limit before 3.32 (newer ones allow more; larger
statements gained nothing measurable)."""


def _insert(db: Database, table: str, rows: Sequence[Mapping[str, object]]) -> None:
    # A statement per run of rows with the same columns: the rows stay in id order, so
    # triggers fired per row write in the same order as run once over them all. Many rows to
    # a statement (`VALUES (...), (...), ...`) rather than a statement run once per row
    # (`executemany`): each run of a statement sets up anew what its CHECK constraints use
    # (the lists of `IN (...)`: a placement's status and level), which took 40 % of the
    # placements' insert (bench/findings.md, figure 10).
    for columns, run in itertools.groupby(rows, key=tuple):
        names = ", ".join(f"[{c}]" for c in columns)
        one = "(" + ", ".join("?" for _ in columns) + ")"
        per = max(1, _MAX_VARIABLES // len(columns))
        batch = list(run)
        for start in range(0, len(batch), per):
            chunk = batch[start : start + per]
            db.conn.execute(
                f"INSERT INTO [{table}] ({names}) VALUES {', '.join([one] * len(chunk))}",
                [value for row in chunk for value in row.values()],
            )
