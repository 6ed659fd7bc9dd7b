"""The migration that lets one audit row stand for a run of new rows: `audit.last_id`.

A school's list read in (`driehoek import LIST.csv`) adds thousands of students, organisations
and placements at one moment, by one person. Written as a row each, their audit rows and the
hash chained over each were most of the import's time (bench/findings.md, figure 10). With
`last_id`, the import writes one row per table instead, `create students 101-10,100`, with
everything else a row of its own would hold: who, when, the version. A record's history finds
it (`audit.NAMES`). Rows that stand for one record leave it NULL, and the hash covers it only
when it is set, so every row written before keeps its hash (`audit.chain_hash`).

Frozen: a later change to it is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from driehoek.audit import COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database


def audit_ranges(db: Database) -> None:
    db.execute("ALTER TABLE audit ADD COLUMN last_id INTEGER")
    # A record's history looks for the runs that hold it: few rows (one per table and import),
    # so a partial index keeps the lookup from reading the whole trail.
    db.execute(
        """CREATE INDEX audit_ranges ON audit (entity, last_id, entity_id)
           WHERE last_id IS NOT NULL"""
    )
    values = ", ".join(f"new.{column}" for column in (*COLUMNS, "last_id"))
    db.execute("DROP TRIGGER audit_chain")
    db.execute(
        f"""CREATE TRIGGER audit_chain AFTER INSERT ON audit BEGIN
            UPDATE audit SET hash = driehoek_chain(
                (SELECT hash FROM audit WHERE id < new.id ORDER BY id DESC LIMIT 1), {values})
            WHERE id = new.id;
        END"""
    )
