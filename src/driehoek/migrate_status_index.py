"""The migration that lets the home screen's "due" line skip the placements that are over.

`planning.due_counts` counts the planned and running placements whose next evaluation is near.
Without an index on `placements.status` it read every placement to find those: in a school's
file after eight years (400,000 placements, nine in ten of them completed or stopped) that was
280-310 ms of opening the home screen (bench/findings.md, figure 11). With the index it reads the
planned and running ones only. Bookkeeping: no content, nothing to audit.

Frozen: a later change to it is a migration of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def placement_status_index(db: Database) -> None:
    db.execute("CREATE INDEX placements_status ON placements (status)")
