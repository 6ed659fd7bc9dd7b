"""The migration that gives rows which leave the database a stable identity (`identities`).

A dossier taken to a laptop and brought back must be recognised row by row, although the
laptop's database numbers its rows its own way. Why a table of its own, filled when a row
first leaves or comes in, rather than a UUID column on every table filled at every insert:

- Rows get an identity only when they travel, so no insert path (the store, the demo, the CSV
  import, the tables other branches add) has to remember to fill one, and no table is rebuilt:
  the lock triggers of signed meetings (`migrate_signed`) and the audit triggers see no new
  column, and a bulk insert costs what it cost.
- A row id alone is no identity: SQLite gives a removed row's id to the next new row, so a
  dossier naming "agreement 17" could point at another student's agreement after an erasure.
  The delete triggers below mark a removed row's identity `removed` (a tombstone: the laptop's
  copy of a row removed here is not added again unless the laptop changed it), so a reused id
  starts without one. A student's identities go with her (foreign key): an erasure leaves
  none. And a UUID, unlike "database id plus row id", stays the same when the file is copied.

Each row of `identities` also keeps the row's `base`: the hash of its editable columns as this
database last agreed on it with a dossier (taken along, or brought back). That base is what
tells "changed here", "changed there" and "changed on both sides" apart (`bringing_back`).
Bookkeeping, not content: not audited, and it goes with the student (foreign key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

IDENTIFIED = (
    "students", "placements", "meetings", "participants", "goals", "support", "agreements",
    "dispositions", "answers", "progress", "logbook",
)  # fmt: skip
"""The tables whose rows a dossier carries, each with an `id` (factors are named within their
meeting: their identity rows use the meeting's id and the factor)."""


def identities(db: Database) -> None:
    """The table, its index and the triggers that forget a removed row's identity."""
    entities = ", ".join(f"'{t}'" for t in (*IDENTIFIED, "factors"))
    db.execute(
        f"""CREATE TABLE identities (
            entity TEXT NOT NULL CHECK (entity IN ({entities})),
            row_id INTEGER NOT NULL,
            factor TEXT NOT NULL DEFAULT '',
            uid TEXT NOT NULL CHECK (length(uid) BETWEEN 32 AND 80),
            base TEXT NOT NULL CHECK (length(base) = 64),
            student_id INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
            removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
            PRIMARY KEY (entity, uid)
        ) STRICT"""
    )
    db.execute(
        """CREATE UNIQUE INDEX identities_row ON identities (entity, row_id, factor)
           WHERE removed = 0"""
    )
    db.execute("CREATE INDEX identities_student ON identities (student_id)")
    for table in IDENTIFIED:
        also = " OR (entity = 'factors' AND row_id = OLD.id)" if table == "meetings" else ""
        db.execute(
            f"""CREATE TRIGGER identities_removed_{table} AFTER DELETE ON {table} BEGIN
                UPDATE identities SET removed = 1
                WHERE removed = 0 AND ((entity = '{table}' AND row_id = OLD.id){also});
            END"""
        )
