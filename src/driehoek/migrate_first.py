"""The first migrations, up to the pressures: the initial schema, the audit trail and its hash
chain, evaluations, set-aside versions, shares and the pressures. Each is frozen; a later change
is a migration of its own (`migrations.MIGRATIONS` holds them all, in order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from driehoek.audit import COLUMNS, chain_hash
from driehoek.migrate_shares import SHARES

if TYPE_CHECKING:
    from sqlite_utils import Database

# Editable rows carry a version (optimistic concurrency: an edit names the version it saw) and
# who changed them last, so several coordinators can share one file without silent overwrites.
_EDITABLE = """
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
"""


def _v1_initial(db: Database) -> None:
    statements = [
        f"""CREATE TABLE organisations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            {_EDITABLE}
        ) STRICT""",
        "CREATE UNIQUE INDEX organisations_name ON organisations (name COLLATE NOCASE)",
        f"""CREATE TABLE students (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            {_EDITABLE}
        ) STRICT""",
        f"""CREATE TABLE placements (
            id INTEGER PRIMARY KEY,
            student_id INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
            organisation_id INTEGER NOT NULL REFERENCES organisations (id),
            team TEXT NOT NULL DEFAULT '',
            programme TEXT NOT NULL DEFAULT '',
            pathway TEXT NOT NULL DEFAULT 'BOL' CHECK (pathway IN ('BOL', 'BBL')),
            start TEXT,
            end TEXT,
            status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
                ('planned', 'running', 'completed', 'ended_early', 'not_started')),
            {_EDITABLE}
        ) STRICT""",
        "CREATE INDEX placements_student ON placements (student_id)",
        "CREATE INDEX placements_organisation ON placements (organisation_id)",
        f"""CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            placement_id INTEGER NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('intake', 'evaluation')),
            date TEXT NOT NULL,
            learning_ways TEXT NOT NULL DEFAULT '',
            learning_note TEXT NOT NULL DEFAULT '',
            decision TEXT CHECK (decision IN ('suitable', 'conditions', 'not_suitable')),
            decision_reasons TEXT NOT NULL DEFAULT '',
            next_evaluation TEXT,
            {_EDITABLE}
        ) STRICT""",
        "CREATE INDEX meetings_placement ON meetings (placement_id, date)",
        "CREATE INDEX meetings_date ON meetings (date)",
        f"""CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            party TEXT NOT NULL CHECK (party IN ('student', 'workplace', 'school')),
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            {_EDITABLE}
        ) STRICT""",
        "CREATE INDEX participants_meeting ON participants (meeting_id)",
        f"""CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            text TEXT NOT NULL DEFAULT '',
            {_EDITABLE}
        ) STRICT""",
        "CREATE INDEX goals_meeting ON goals (meeting_id)",
        f"""CREATE TABLE factors (
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            factor TEXT NOT NULL CHECK (factor IN ('involvement', 'experiment', 'support',
                'variation', 'autonomy', 'information')),
            status TEXT NOT NULL DEFAULT 'not_discussed' CHECK (status IN
                ('not_discussed', 'present', 'absent', 'realisable')),
            note TEXT NOT NULL DEFAULT '',
            {_EDITABLE},
            PRIMARY KEY (meeting_id, factor)
        ) STRICT""",
        f"""CREATE TABLE support (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'visit' CHECK (kind IN ('visit', 'return_day',
                'assignment', 'intervision', 'contact', 'other')),
            text TEXT NOT NULL DEFAULT '',
            {_EDITABLE}
        ) STRICT""",
        "CREATE INDEX support_meeting ON support (meeting_id)",
        f"""CREATE TABLE agreements (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'supervision')),
            text TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL CHECK (owner IN ('student', 'workplace', 'school')),
            due TEXT,
            frequency TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            factor TEXT CHECK (factor IN ('involvement', 'experiment', 'support',
                'variation', 'autonomy', 'information')),
            {_EDITABLE}
        ) STRICT""",
        "CREATE INDEX agreements_meeting ON agreements (meeting_id)",
        """CREATE TABLE sign_offs (
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            party TEXT NOT NULL CHECK (party IN ('student', 'workplace', 'school')),
            name TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            signed_by TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (meeting_id, party)
        ) STRICT""",
    ]
    # Finding a student by a few letters: FTS5 over names, kept in step by triggers. Diacritics
    # are folded so "een" finds "één" and "Ozturk" finds "Öztürk".
    for table in ("students", "organisations"):
        statements += [
            f"""CREATE VIRTUAL TABLE {table}_fts USING fts5 (
                name, content='{table}', content_rowid='id',
                tokenize='unicode61 remove_diacritics 2')""",
            f"""CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
                INSERT INTO {table}_fts (rowid, name) VALUES (new.id, new.name); END""",
            f"""CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
                INSERT INTO {table}_fts ({table}_fts, rowid, name)
                VALUES ('delete', old.id, old.name); END""",
            f"""CREATE TRIGGER {table}_au AFTER UPDATE OF name ON {table} BEGIN
                INSERT INTO {table}_fts ({table}_fts, rowid, name)
                VALUES ('delete', old.id, old.name);
                INSERT INTO {table}_fts (rowid, name) VALUES (new.id, new.name); END""",
        ]
    for statement in statements:
        db.execute(statement)


_AUDITED = {
    # table: how a row names the meeting it belongs to (for a meeting's history), if it does
    "organisations": "NULL",
    "students": "NULL",
    "placements": "NULL",
    "meetings": "{row}.id",
    "participants": "{row}.meeting_id",
    "goals": "{row}.meeting_id",
    "factors": "{row}.meeting_id",
    "support": "{row}.meeting_id",
    "agreements": "{row}.meeting_id",
    "sign_offs": "{row}.meeting_id",
}


def _v2_audit_and_settings(db: Database) -> None:
    # The audit trail: who (OS user, SSH client) created, changed or deleted which row, when,
    # at which version: never the content. Triggers write it, so no write can skip it; the
    # session's identity comes from functions every driehoek connection registers.
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            ssh_client TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER,
            meeting_id INTEGER,
            version INTEGER
        ) STRICT"""
    )
    db.execute("CREATE INDEX audit_meeting ON audit (meeting_id, id)")
    db.execute("CREATE INDEX audit_entity ON audit (entity, entity_id)")
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"""CREATE TRIGGER audit_no_{event.lower()} BEFORE {event} ON audit BEGIN
                SELECT RAISE(ABORT, 'the audit trail is append-only'); END"""
        )
    for table, meeting in _AUDITED.items():
        _audit_triggers(db, table, meeting, versioned=table != "sign_offs")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")


def _audit_triggers(db: Database, table: str, meeting: str, *, versioned: bool = True) -> None:
    """The three triggers that write a table's creates, changes and deletes to the audit."""
    version = "{row}.version" if versioned else "NULL"
    for event, action, row in (
        ("INSERT", "create", "NEW"),
        ("UPDATE", "change", "NEW"),
        ("DELETE", "delete", "OLD"),
    ):
        db.execute(
            f"""CREATE TRIGGER audit_{table}_{action} AFTER {event} ON {table} BEGIN
                INSERT INTO audit (at, os_user, ssh_client, action, entity, entity_id,
                                   meeting_id, version)
                VALUES (driehoek_now(), driehoek_user(), driehoek_client(), '{action}',
                        '{table}', {row}.rowid, {meeting.format(row=row)},
                        {version.format(row=row)});
            END"""
        )


audit_triggers = _audit_triggers
"""For migrations in modules of their own (`migrate_signed`)."""


def _v3_evaluations(db: Database) -> None:
    # The quarterly evaluation: what became of each open agreement (its disposition), the four
    # questions answered per party, progress per learning goal, and its own kind of decision.
    # Placements get their own cadence and a reason for their outcome.
    for statement in (
        """ALTER TABLE placements ADD COLUMN cadence_months INTEGER NOT NULL DEFAULT 3
           CHECK (cadence_months BETWEEN 1 AND 24)""",
        "ALTER TABLE placements ADD COLUMN outcome_reason TEXT NOT NULL DEFAULT ''",
        """ALTER TABLE meetings ADD COLUMN continuation TEXT
           CHECK (continuation IN ('continue', 'adjust', 'end'))""",
        f"""CREATE TABLE dispositions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
            disposition TEXT CHECK (disposition IN ('done', 'carry', 'drop')),
            reason TEXT NOT NULL DEFAULT '',
            {_EDITABLE},
            UNIQUE (meeting_id, agreement_id)
        ) STRICT""",
        "CREATE INDEX dispositions_agreement ON dispositions (agreement_id)",
        f"""CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            question TEXT NOT NULL CHECK (question IN
                ('learning', 'time', 'supervision', 'attention')),
            party TEXT NOT NULL CHECK (party IN ('student', 'workplace', 'school')),
            text TEXT NOT NULL DEFAULT '',
            {_EDITABLE},
            UNIQUE (meeting_id, question, party)
        ) STRICT""",
        f"""CREATE TABLE progress (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
            goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            text TEXT NOT NULL DEFAULT '',
            {_EDITABLE},
            UNIQUE (meeting_id, goal_id)
        ) STRICT""",
        "CREATE INDEX progress_goal ON progress (goal_id)",
    ):
        db.execute(statement)
    for table in ("dispositions", "answers", "progress"):
        _audit_triggers(db, table, "{row}.meeting_id")


_SET_ASIDE_PARTS = (
    "students", "placements", "meetings", "participants", "goals", "factors", "support",
    "agreements", "dispositions", "answers", "progress",
)  # fmt: skip
"""Every table a meeting screen edits (`domain.Part`): where a set-aside version came from."""


def _set_aside_versions(db: Database) -> None:
    # When two coordinators change the same field, the version that does not stay in the
    # meeting is kept here, whole, with who wrote it and who set it aside, and can be put back.
    # It is content (unlike the audit trail), so it belongs to the meeting: deleting the
    # meeting (erasing the student) deletes it too. `value` holds the columns the version
    # sets, as a JSON object of the values as stored (several columns: an agreement's date
    # and frequency are one field). `version` counts the user typing on into it.
    factors = "'involvement', 'experiment', 'support', 'variation', 'autonomy', 'information'"
    parts = ", ".join(f"'{part}'" for part in _SET_ASIDE_PARTS)
    db.execute(
        f"""CREATE TABLE set_aside (
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
    db.execute("CREATE INDEX set_aside_meeting ON set_aside (meeting_id, id)")
    _audit_triggers(db, "set_aside", "{row}.meeting_id")


_APPEND_ONLY = "SELECT RAISE(ABORT, 'the audit trail is append-only');"


def _audit_hash_chain(db: Database) -> None:
    # Tamper evidence (see `audit`): each row gets a hash over its content and the previous
    # row's hash. The rows already there are chained here, in id order; from now on a trigger
    # chains every new row, whoever inserts it. The trigger sets the hash with an UPDATE right
    # after the insert, so the append-only rule becomes "no update of a row that has its hash";
    # a row that arrives with a hash of its own is refused, so none can be forged in.
    db.execute("ALTER TABLE audit ADD COLUMN hash TEXT")
    db.execute("DROP TRIGGER audit_no_update")
    previous = ""
    rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY id").fetchall()
    for row in rows:
        previous = chain_hash(previous, *row)
        db.execute("UPDATE audit SET hash = ? WHERE id = ?", [previous, row[0]])
    values = ", ".join(f"new.{column}" for column in COLUMNS)
    for statement in (
        f"""CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN old.hash IS NOT NULL
            BEGIN {_APPEND_ONLY} END""",
        """CREATE TRIGGER audit_no_forged_hash BEFORE INSERT ON audit WHEN new.hash IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'the audit trail computes its own hashes'); END""",
        f"""CREATE TRIGGER audit_chain AFTER INSERT ON audit BEGIN
            UPDATE audit SET hash = driehoek_chain(
                (SELECT hash FROM audit WHERE id < new.id ORDER BY id DESC LIMIT 1), {values})
            WHERE id = new.id;
        END""",
    ):
        db.execute(statement)


def _shares(db: Database) -> None:
    # Following a meeting read-only: see migrate_shares.
    for statement in SHARES:
        db.execute(statement)
    _audit_triggers(db, "shares", "{row}.meeting_id", versioned=False)


def _pressures(db: Database) -> None:
    # The article's pressures (werkdruk, bezuinigingen, ...) the table named at the workplace,
    # as a comma list of `domain.Pressure` values like `learning_ways` (no CHECK: a value a
    # newer driehoek wrote is read as unknown and named by `driehoek check`), a note on them,
    # and whether there is room to make mistakes, on the factors' scale. On the meeting row:
    # audited by its triggers, carried into the next evaluation, erased with the meeting.
    statuses = "'not_discussed', 'present', 'absent', 'realisable'"
    for statement in (
        "ALTER TABLE meetings ADD COLUMN pressures TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE meetings ADD COLUMN pressures_note TEXT NOT NULL DEFAULT ''",
        f"""ALTER TABLE meetings ADD COLUMN room_for_mistakes TEXT NOT NULL
            DEFAULT 'not_discussed' CHECK (room_for_mistakes IN ({statuses}))""",
    ):
        db.execute(statement)
