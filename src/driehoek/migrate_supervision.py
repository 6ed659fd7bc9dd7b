"""The migration that lets a supervision agreement carry the time it promises, and an
evaluation the time given since the previous meeting (issue 13.3, `supervision_time`).

- `agreements.promised_minutes` and `promised_weeks`: N minutes every K weeks, both or neither.
- `meetings.supervision_minutes`: the minutes given since the previous meeting, as the table
  estimates them at an evaluation (NULL: not recorded).
- `meetings.supervision_threshold`: the share (percent) below which the minutes flag the
  period, as the setting stood when all three signed (NULL: not signed yet, the setting in
  force applies; kept only where time given was recorded), so a signed meeting's minutes
  never change with the setting.

The new columns are content of the meeting: the lock triggers below refuse a change to them
once all three signed, like the columns `migrate_signed` locks. The existing triggers on these
tables (audit, the signed lock on other columns) need no change: they fire per row.

Frozen: a later change to these columns is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from driehoek.migrate_signed import SIGNED, signed

if TYPE_CHECKING:
    from sqlite_utils import Database

STATEMENTS = (
    """ALTER TABLE agreements ADD COLUMN promised_minutes INTEGER
       CHECK (promised_minutes BETWEEN 1 AND 6000)""",
    """ALTER TABLE agreements ADD COLUMN promised_weeks INTEGER
       CHECK (promised_weeks BETWEEN 1 AND 52
              AND promised_minutes IS NOT NULL OR promised_weeks IS NULL
              AND promised_minutes IS NULL)""",
    """ALTER TABLE meetings ADD COLUMN supervision_minutes INTEGER
       CHECK (supervision_minutes BETWEEN 0 AND 100000)""",
    """ALTER TABLE meetings ADD COLUMN supervision_threshold INTEGER
       CHECK (supervision_threshold BETWEEN 1 AND 100)""",
    f"""CREATE TRIGGER signed_agreements_promise BEFORE UPDATE OF promised_minutes,
       promised_weeks ON agreements
       WHEN EXISTS (SELECT 1 FROM meetings WHERE id = OLD.meeting_id)
            AND {signed("OLD.meeting_id")}
       BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
    f"""CREATE TRIGGER signed_meetings_supervision BEFORE UPDATE OF supervision_minutes,
       supervision_threshold ON meetings
       WHEN {signed("OLD.id")}
       BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
)


def supervision_time(db: Database) -> None:
    """Add the columns of promised and given supervision time, locked once signed."""
    for statement in STATEMENTS:
        db.execute(statement)
