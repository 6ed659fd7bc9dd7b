"""The migration that makes signed mean signed, and gives each placement a log between meetings.

- `signed_versions`: each time all three parties signed a meeting, the meeting's data as it was
  signed, and, once it is reopened, when, by whom and why. The minutes show from it what changed
  since signing; a dossier carries it.
- Lock triggers: a row of a meeting that all three signed cannot be added, changed or removed,
  whoever writes (the app, another tool, `sqlite3` by hand), until the meeting is reopened (its
  sign-offs withdrawn). The store turns the refusal into `store.Signed`. A whole meeting going
  with its student (erasure, retention) is no change to it: rows removed because their meeting
  or placement went are let through (SQLite removes the parent first, then its rows). Only the
  columns the meeting's content is in are guarded, so an agreement's status (which a later
  evaluation decides) still moves, and a later migration that fills a new column is not
  refused. A later migration that changes content of signed meetings must say so.
- `logbook`: a placement's dated notes and agreements marked kept between meetings, each taken
  up by the evaluation that follows. Its kinds are rows of `logbook_kinds`, so another kind is a
  row added by a later migration, not a table rebuilt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from driehoek.stored import day_sql, moment_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

SIGNED = "driehoek: the meeting is signed by all three; reopen it first"
"""The message of the lock triggers' refusal (`store.Signed` is raised for it)."""

DATE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "signed_versions": {"signed_at": "moment", "reopened_at": "moment"},
    "logbook": {"day": "day", "created_at": "moment"},
}
"""The columns of these tables that hold a day or a moment, each with its CHECK (named as
`migrate_dates` names them)."""

LOG_KINDS = ("note", "kept")
"""The kinds of log entry this migration knows (`domain_log.LogKind`)."""

CONTENT: Mapping[str, tuple[str, ...]] = {
    "participants": ("meeting_id", "party", "name", "role"),
    "goals": ("meeting_id", "text"),
    "factors": ("meeting_id", "factor", "status", "note"),
    "support": ("meeting_id", "kind", "text"),
    "agreements": ("meeting_id", "kind", "text", "owner", "due", "frequency", "factor"),
    "dispositions": ("meeting_id", "agreement_id", "disposition", "reason"),
    "answers": ("meeting_id", "question", "party", "text"),
    "progress": ("meeting_id", "goal_id", "text"),
}
"""A meeting's lines and the columns of each that its minutes are made of (an agreement's
status is not among them: it is what later evaluations decide)."""

MEETING_CONTENT = (
    "placement_id",
    "kind",
    "date",
    "learning_ways",
    "learning_note",
    "decision",
    "decision_reasons",
    "next_evaluation",
    "continuation",
    "location",
    "minute_taker",
    "pressures",
    "pressures_note",
    "room_for_mistakes",
)
"""The columns of a meeting that its minutes are made of (where it was held and who took the
minutes came with `migrate_record`, the pressures with `_pressures`: both migrations run before
this one)."""

_EDITABLE = """
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
"""


def signed(meeting: str) -> str:
    """An SQL condition: the meeting `meeting` (an expression) is signed by all three."""
    return f"(SELECT count(*) FROM sign_offs WHERE meeting_id = {meeting}) >= 3"


def _check(table: str, column: str) -> str:
    kind = DATE_COLUMNS[table][column]
    sql = day_sql(column) if kind == "day" else moment_sql(column)
    return f"CONSTRAINT {table}_{column}_is_a_{kind} CHECK ({sql})"


def _refuse() -> str:
    return f"SELECT RAISE(ABORT, '{SIGNED}');"


def lock(db: Database, table: str, columns: tuple[str, ...], meeting: str = "meeting_id") -> None:
    """The three triggers that refuse to add, change or remove a row of `table` that belongs to
    a meeting signed by all three (`meeting`: the column naming it)."""
    changed = ", ".join(f"[{c}]" for c in columns)
    # A row removed (or let go of) because its meeting, or that meeting's placement, is
    # removed: the parent is gone by the time this runs, and the whole meeting going is not
    # a change to it.
    exists = (
        "EXISTS (SELECT 1 FROM placements WHERE id = OLD.placement_id)"
        if table == "meetings"
        else f"EXISTS (SELECT 1 FROM meetings WHERE id = OLD.{meeting})"
    )
    old = f"{exists} AND {signed(f'OLD.{meeting}')}"
    for name, event, when in (
        ("insert", "INSERT", signed(f"NEW.{meeting}")),
        ("update", f"UPDATE OF {changed}", f"({old}) OR {signed(f'NEW.{meeting}')}"),
        ("delete", "DELETE", old),
    ):
        if table == "meetings" and name == "insert":
            continue  # a new meeting has no sign-offs yet
        db.execute(
            f"""CREATE TRIGGER signed_{table}_{name} BEFORE {event} ON [{table}]
                WHEN {when} BEGIN {_refuse()} END"""
        )


def signed_and_between(db: Database) -> None:
    """Signed versions, the lock on signed meetings, and the log between meetings."""
    # Imported here: migrations imports this module, and these are its helpers.
    from driehoek.migrate_first import audit_triggers

    db.execute(
        f"""CREATE TABLE signed_versions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            signed_at TEXT NOT NULL {_check("signed_versions", "signed_at")},
            data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
            reopened_at TEXT {_check("signed_versions", "reopened_at")},
            reopened_by TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            CHECK (reopened_at IS NOT NULL OR reason = '')
        ) STRICT"""
    )
    db.execute("CREATE INDEX signed_versions_meeting ON signed_versions (meeting_id, id)")
    audit_triggers(db, "signed_versions", "{row}.meeting_id", versioned=False)

    db.execute("CREATE TABLE logbook_kinds (kind TEXT PRIMARY KEY) STRICT")
    for kind in LOG_KINDS:
        db.execute("INSERT INTO logbook_kinds (kind) VALUES (?)", [kind])
    db.execute(
        f"""CREATE TABLE logbook (
            id INTEGER PRIMARY KEY,
            placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
            day TEXT NOT NULL {_check("logbook", "day")},
            kind TEXT NOT NULL REFERENCES logbook_kinds (kind),
            text TEXT NOT NULL DEFAULT '',
            agreement_id INTEGER REFERENCES agreements (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL {_check("logbook", "created_at")},
            created_by TEXT NOT NULL DEFAULT '',
            {_EDITABLE}
        ) STRICT"""
    )
    db.execute("CREATE INDEX logbook_placement ON logbook (placement_id, day)")
    db.execute("CREATE INDEX logbook_meeting ON logbook (meeting_id)")
    db.execute("CREATE INDEX logbook_agreement ON logbook (agreement_id)")
    audit_triggers(db, "logbook", "{row}.meeting_id")

    lock(db, "meetings", MEETING_CONTENT, meeting="id")
    for table, columns in CONTENT.items():
        lock(db, table, columns)
    # What an evaluation took up from the log is in its minutes ("between meetings").
    lock(db, "logbook", ("meeting_id", "day", "kind", "text"))
