"""The migration that keeps the answers to a programme's extra questions with each meeting.

A template may ask a few questions of its own beside the article's (`template_extras`); their
answers are a column of the meeting, one JSON object from each question's id to its answer
(`{"medication": "..."}`), rather than rows of a table of their own: they are the meeting's
text, edited, audited, set aside on a clash and signed with it, as its notes are. The question
itself is not stored here: the meeting's template (kept per meeting once signed, by
`migrate_templates`) words it, so an old meeting is asked what it was held with.

The lock triggers of `migrate_signed` guard the columns that existed then; this one guards its
own, under a name of its own, so a meeting signed by all three keeps its answers too.

Frozen: a later change to the column is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from driehoek.migrate_signed import SIGNED, signed

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMN = "extra_answers"

STATEMENTS = (
    f"""ALTER TABLE meetings ADD COLUMN {COLUMN} TEXT NOT NULL DEFAULT '{{}}'
        CHECK (json_valid({COLUMN}) AND json_type({COLUMN}) = 'object')""",
    # As `migrate_signed.lock` words it for the meeting's other columns: the meeting going
    # with its placement (an erasure) is no change to it.
    f"""CREATE TRIGGER signed_meetings_extra_answers BEFORE UPDATE OF {COLUMN} ON meetings
        WHEN (EXISTS (SELECT 1 FROM placements WHERE id = OLD.placement_id)
              AND {signed("OLD.id")}) OR {signed("NEW.id")}
        BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
)


def extra_answers(db: Database) -> None:
    """Add the meetings' answers to their template's extra questions, locked once signed."""
    for statement in STATEMENTS:
        db.execute(statement)
