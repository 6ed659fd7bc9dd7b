"""The migration that keeps each party's own view of a meeting, answered before it.

`preparations`: one row per meeting and party (student, workplace, school), its answers as one
JSON object (the six factors with a status and a note, an evaluation's four questions, an
intake's learning goals). A newer form of the same party replaces the row (its version goes
up), and the audit trail records each, so who brought which view, when, stays visible. A row is
kept apart from the minutes: nothing here changes a meeting. A meeting signed by all three
takes no preparation (the lock triggers), and a preparation goes with its meeting.

Frozen: a later change to preparations is a migration of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from driehoek.migrate_signed import lock
from driehoek.stored import moment_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

DATE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "preparation_links": {"created_at": "moment", "ended_at": "moment"},
}
"""The link columns that hold a moment, each with its CHECK (named as `migrate_dates` names
them); `preparations.updated_at` has one too, under the same naming."""

PREPARED_CONTENT = ("meeting_id", "party", "answers")
"""The columns the signed-meeting lock guards: a signed meeting takes no new view."""

PREPARATIONS = (
    f"""CREATE TABLE preparations (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        party TEXT NOT NULL CHECK (party IN ('student', 'workplace', 'school')),
        answers TEXT NOT NULL
            CHECK (json_valid(answers) AND json_type(answers) = 'object'),
        source TEXT NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'link')),
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL
            CONSTRAINT preparations_updated_at_is_a_moment CHECK ({moment_sql("updated_at")}),
        updated_by TEXT NOT NULL DEFAULT '',
        UNIQUE (meeting_id, party)
    ) STRICT""",
)
"""The table (its UNIQUE key is also its index by meeting)."""

LINKS = (
    # AUTOINCREMENT: a link's number is never given again (as `shares`), so an old cookie
    # never opens a later link's form.
    f"""CREATE TABLE preparation_links (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        party TEXT NOT NULL CHECK (party IN ('student', 'workplace', 'school')),
        token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
        created_at TEXT NOT NULL
            CONSTRAINT preparation_links_created_at_is_a_moment CHECK ({moment_sql("created_at")}),
        created_by TEXT NOT NULL DEFAULT '',
        ended_at TEXT
            CONSTRAINT preparation_links_ended_at_is_a_moment CHECK ({moment_sql("ended_at")})
    ) STRICT""",
    "CREATE INDEX preparation_links_meeting ON preparation_links (meeting_id)",
    # Three parties sign (domain.Party): from then on the meeting takes no preparation.
    """CREATE TRIGGER preparation_links_end_when_signed AFTER INSERT ON sign_offs
       WHEN (SELECT count(DISTINCT party) FROM sign_offs WHERE meeting_id = NEW.meeting_id) = 3
       BEGIN
           UPDATE preparation_links SET ended_at = driehoek_now()
           WHERE meeting_id = NEW.meeting_id AND ended_at IS NULL;
       END""",
)
"""A party's link (`driehoek prepare --link`, opened in `driehoek serve`): only the SHA-256 of
its token is kept; it ends at the meeting's last signature and stays ended."""


def preparations(db: Database) -> None:
    """Add `preparations`, audited, locked with its signed meeting; and the parties' links."""
    from driehoek.migrate_first import audit_triggers

    for statement in (*PREPARATIONS, *LINKS):
        db.execute(statement)
    audit_triggers(db, "preparations", "{row}.meeting_id")
    audit_triggers(db, "preparation_links", "{row}.meeting_id", versioned=False)
    lock(db, "preparations", PREPARED_CONTENT)
