"""The migration that gives the placement what a school files on its BPV form (see `record`).

- The student: her student number, found by the home screen's search as her name is (the
  full-text index is made again over both, and filled from the rows already there).
- The placement: school and location, level, crebo, cohort, hours a week and in all, the
  workplace's address, the practice supervisor (praktijkopleider) and the school supervisor
  (stagebegeleider) with e-mail and phone.
- The organisation: its SBB recognition number. SBB recognises the learning company, not a
  placement: the number is the same for every student placed there, so it is kept (and
  corrected) once, with the organisation. A location with a recognition of its own is an
  organisation of its own in driehoek, named so.
- The meeting: where it was held and who took the minutes.

Values with a form get a CHECK, as loose as `record`'s rules (a crebo is five digits, an SBB
number digits, hours are not negative, an e-mail address has an @ with a dot after it), so no
path (the app, an import, another tool) can store what the app would refuse. Every new column
starts empty, so no row already there can fail one.

Two more changes follow from the rest of the work:
- `set_aside` accepts versions of an organisation's row (its recognition number is edited in
  the record form, and a clash over it keeps both versions like any other field). SQLite
  cannot change a CHECK, so the table is made again with its rows, index and audit triggers.
- The index that finds a placement's latest meeting also holds each meeting's kind and
  version, so "the latest meeting that counts" (`schedule.counts_sql`) is still one step in
  the index for a meeting that was written in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_ONE_LINE = "TEXT NOT NULL DEFAULT ''"


def _email(column: str) -> str:
    return (
        f"{column} {_ONE_LINE} CHECK ({column} = '' OR "
        f"({column} GLOB '?*@?*.?*' AND instr({column}, ' ') = 0))"
    )


_PLACEMENT_COLUMNS = (
    f"school {_ONE_LINE}",
    "level TEXT CHECK (level IN ('1', '2', '3', '4'))",
    f"crebo {_ONE_LINE} CHECK (crebo = '' OR (length(crebo) = 5 AND crebo NOT GLOB '*[^0-9]*'))",
    f"cohort {_ONE_LINE}",
    "hours_per_week REAL CHECK (hours_per_week BETWEEN 0 AND 168)",
    "hours_total INTEGER CHECK (hours_total BETWEEN 0 AND 10000)",
    f"workplace_address {_ONE_LINE}",
    f"practice_supervisor {_ONE_LINE}",
    _email("practice_supervisor_email"),
    f"practice_supervisor_phone {_ONE_LINE}",
    f"school_supervisor {_ONE_LINE}",
    _email("school_supervisor_email"),
    f"school_supervisor_phone {_ONE_LINE}",
)

_SET_ASIDE_PARTS = (
    "students", "placements", "meetings", "participants", "goals", "factors", "support",
    "agreements", "dispositions", "answers", "progress", "organisations",
)  # fmt: skip
"""Every table an edit on screen may change (`domain.Part`), the organisations now too."""


def placement_record(db: Database) -> None:
    """Add the school's fields, search by student number, and what follows (see above)."""
    db.execute(f"ALTER TABLE students ADD COLUMN student_number {_ONE_LINE}")
    _students_search(db)
    for column in _PLACEMENT_COLUMNS:
        db.execute(f"ALTER TABLE placements ADD COLUMN {column}")
    db.execute(
        f"""ALTER TABLE organisations ADD COLUMN recognition_number {_ONE_LINE}
            CHECK (recognition_number = '' OR (length(recognition_number) <= 12
                   AND recognition_number NOT GLOB '*[^0-9]*'))"""
    )
    db.execute(f"ALTER TABLE meetings ADD COLUMN location {_ONE_LINE}")
    db.execute(f"ALTER TABLE meetings ADD COLUMN minute_taker {_ONE_LINE}")
    db.execute("DROP INDEX meetings_placement")
    db.execute("CREATE INDEX meetings_placement ON meetings (placement_id, date, kind, version)")
    _set_aside_organisations(db)


def _students_search(db: Database) -> None:
    """The students' full-text index over the name and the student number."""
    for trigger in ("students_ai", "students_ad", "students_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE students_fts")
    columns = "name, student_number"
    new = "new.name, new.student_number"
    old = "old.name, old.student_number"
    for statement in (
        # As before: diacritics folded, so "Ozturk" finds "Öztürk".
        f"""CREATE VIRTUAL TABLE students_fts USING fts5 (
            {columns}, content='students', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2')""",
        f"""CREATE TRIGGER students_ai AFTER INSERT ON students BEGIN
            INSERT INTO students_fts (rowid, {columns}) VALUES (new.id, {new}); END""",
        f"""CREATE TRIGGER students_ad AFTER DELETE ON students BEGIN
            INSERT INTO students_fts (students_fts, rowid, {columns})
            VALUES ('delete', old.id, {old}); END""",
        f"""CREATE TRIGGER students_au AFTER UPDATE OF {columns} ON students BEGIN
            INSERT INTO students_fts (students_fts, rowid, {columns})
            VALUES ('delete', old.id, {old});
            INSERT INTO students_fts (rowid, {columns}) VALUES (new.id, {new}); END""",
        "INSERT INTO students_fts (students_fts) VALUES ('rebuild')",
    ):
        db.execute(statement)


def _set_aside_organisations(db: Database) -> None:
    """`set_aside` made again with organisations among the parts it may keep a version of."""
    from driehoek.migrate_first import _audit_triggers

    factors = "'involvement', 'experiment', 'support', 'variation', 'autonomy', 'information'"
    parts = ", ".join(f"'{part}'" for part in _SET_ASIDE_PARTS)
    db.execute(
        f"""CREATE TABLE set_aside_new (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            entity TEXT NOT NULL CHECK (entity IN ({parts})),
            entity_id INTEGER NOT NULL,
            factor TEXT CHECK (factor IN ({factors})),
            value TEXT NOT NULL CHECK (json_valid(value) AND json_type(value) = 'object'),
            author TEXT NOT NULL DEFAULT '',
            set_by TEXT NOT NULL DEFAULT '',
            set_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        ) STRICT"""
    )
    db.execute("INSERT INTO set_aside_new SELECT * FROM set_aside")
    db.execute("DROP TABLE set_aside")  # its index and audit triggers go with it
    db.execute("ALTER TABLE set_aside_new RENAME TO set_aside")
    db.execute("CREATE INDEX set_aside_meeting ON set_aside (meeting_id, id)")
    _audit_triggers(db, "set_aside", "{row}.meeting_id")
