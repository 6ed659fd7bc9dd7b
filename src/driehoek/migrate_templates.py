"""The schema of programme templates: the stored versions, who each is for, and which one a
meeting was held with.

A template version is kept as the file it was added from (`source`), never changed and never
replaced: `driehoek template add` refuses a second text under the same name and version. Which
programmes it is for goes in `template_programmes` (lower-cased, so "sph" finds "SPH").

A meeting that is still being written uses the template added last that names its placement's
programme, or the article's wording when none does. When all three parties have signed it, the
trigger below records the template it was held with in `meeting_templates` (NULL: the article's
wording), so a newer version, added later, never rewords an old meeting. Meetings already signed
when this migration runs were held with the article's wording: it records that for them.

Frozen: a later change to these tables is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from driehoek.migrate_signed import signed
from driehoek.stored import moment_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

LATEST_FOR_MEETING = """
    SELECT t.id FROM meetings m
    JOIN placements p ON p.id = m.placement_id
    JOIN template_programmes tp ON tp.programme = lower(trim(p.programme))
    JOIN templates t ON t.id = tp.template_id
    WHERE m.id = {meeting} ORDER BY t.id DESC LIMIT 1"""
"""The template a meeting (an SQL expression) uses while it is not yet recorded: the one added
last that names its placement's programme (no row: the article's wording)."""

TABLES = (
    f"""CREATE TABLE templates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        version INTEGER NOT NULL CHECK (version BETWEEN 1 AND 999999),
        source TEXT NOT NULL CHECK (length(CAST(source AS BLOB)) <= 65536),
        added_at TEXT NOT NULL CONSTRAINT templates_added_at_is_a_moment
            CHECK ({moment_sql("added_at")}),
        added_by TEXT NOT NULL DEFAULT '',
        UNIQUE (name, version)
    ) STRICT""",
    """CREATE TABLE template_programmes (
        template_id INTEGER NOT NULL REFERENCES templates (id),
        programme TEXT NOT NULL CHECK (programme = lower(trim(programme)) AND programme <> ''),
        PRIMARY KEY (template_id, programme)
    ) STRICT""",
    "CREATE INDEX template_programmes_programme ON template_programmes (programme, template_id)",
    """CREATE TABLE meeting_templates (
        meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
        template_id INTEGER REFERENCES templates (id)
    ) STRICT""",
    # A stored version is never changed or removed: old meetings are worded by it.
    """CREATE TRIGGER templates_kept BEFORE UPDATE ON templates
       BEGIN SELECT RAISE(ABORT, 'a stored template version is never changed'); END""",
    """CREATE TRIGGER templates_kept_delete BEFORE DELETE ON templates
       BEGIN SELECT RAISE(ABORT, 'a stored template version is never removed'); END""",
    # What a meeting was held with stays what it was held with; the row goes with its meeting
    # only (by then the meeting is gone: a cascade, an erasure).
    """CREATE TRIGGER meeting_templates_kept BEFORE UPDATE ON meeting_templates
       BEGIN SELECT RAISE(ABORT, 'the template a meeting was held with never changes'); END""",
    """CREATE TRIGGER meeting_templates_kept_delete BEFORE DELETE ON meeting_templates
       WHEN EXISTS (SELECT 1 FROM meetings WHERE id = OLD.meeting_id)
       BEGIN SELECT RAISE(ABORT, 'the template a meeting was held with never changes'); END""",
    # At the last signature: the template it was held with (OR IGNORE: signed again after a
    # reopening, it keeps the first).
    f"""CREATE TRIGGER meeting_template_when_signed AFTER INSERT ON sign_offs
       WHEN {signed("NEW.meeting_id")}
       BEGIN
           INSERT OR IGNORE INTO meeting_templates (meeting_id, template_id)
           VALUES (NEW.meeting_id, ({LATEST_FOR_MEETING.format(meeting="NEW.meeting_id")}));
       END""",
)


def templates(db: Database) -> None:
    """Add the template tables; meetings signed before now were held with the article's words."""
    for statement in TABLES:
        db.execute(statement)
    db.execute(
        f"""INSERT INTO meeting_templates (meeting_id, template_id)
            SELECT id, NULL FROM meetings WHERE {signed("meetings.id")}"""
    )
