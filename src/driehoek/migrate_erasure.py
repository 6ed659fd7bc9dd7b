"""The migration that lets an erasure remove a student whose signed evaluation reviewed an
agreement (or followed a goal) of her signed intake.

A review (`dispositions`) belongs to the evaluation but points at an agreement of an earlier
meeting, and goes with that agreement (`ON DELETE CASCADE`); a progress line likewise with its
goal. Erasing a student removes her placement and so all its meetings, in whatever order SQLite
takes them: when the intake goes first, its agreements take the evaluation's reviews along
while the evaluation, signed by all three, is still there, and the lock of `migrate_signed`
refused that as a change to signed minutes. The erasure then failed as a whole ("signed"),
and the student could not be erased.

The lock's removal trigger now lets a row go when its meeting's placement is gone too: that is
a whole placement (an erasure, or a student removed) going, never a change to signed minutes.
Removing only an agreement or a goal that a signed meeting reviewed is still refused, as every
other change to what a signed meeting holds.

Frozen: a later change to these triggers is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from driehoek.migrate_signed import SIGNED, signed

if TYPE_CHECKING:
    from sqlite_utils import Database

CROSSING = ("dispositions", "progress")
"""The lines of a meeting that point at a row of an earlier meeting and go with that row."""


def erasable_reviews(db: Database) -> None:
    """The removal triggers of the crossing lines, aware of a placement going as a whole."""
    for table in CROSSING:
        db.execute(f"DROP TRIGGER signed_{table}_delete")
        db.execute(
            f"""CREATE TRIGGER signed_{table}_delete BEFORE DELETE ON [{table}]
                WHEN EXISTS (SELECT 1 FROM meetings m JOIN placements p ON p.id = m.placement_id
                             WHERE m.id = OLD.meeting_id)
                AND {signed("OLD.meeting_id")}
                BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END"""
        )
