"""Did another session write anything an open meeting shows? Asked without reading the meeting.

An open meeting polls for other sessions' saves (`PRAGMA data_version`: any commit to the file).
On a shared server most of those commits are other coordinators' edits of other meetings, and
reading the whole meeting to compare costs a dozen queries: with twenty sessions typing, every
save made every other session read its meeting (bench/findings.md, figure 12). The audit trail
already names, for each row written, the meeting it belongs to (`audit.meeting_id`, written by
the triggers of every table a meeting shows); rows without a meeting (a placement, a student, an
organisation, an erasure, an import) may still show in it. So the rows added to the trail since
the last look tell, in one indexed query, whether the meeting needs reading again.
"""

from __future__ import annotations

import sqlite3


class MeetingWatch:
    """Tells whether rows written since the last call may concern one meeting."""

    def __init__(self, conn: sqlite3.Connection, meeting_id: int) -> None:
        self.conn = conn
        self.meeting_id = meeting_id
        # Taken before the meeting is read (the screen reads it right after): a write between
        # the two is then seen as new, never missed.
        self._seen = int(conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])

    def concerns(self) -> bool:
        """Whether a row added to the audit trail since the last call belongs to the meeting or
        to no meeting at all (which may still show in it); the first of those calls starts
        from the moment the watch was made."""
        newest, concerned = self.conn.execute(
            """SELECT max(id), max(meeting_id IS NULL OR meeting_id = ?)
               FROM audit WHERE id > ?""",
            (self.meeting_id, self._seen),
        ).fetchone()
        if newest is None:
            return False
        self._seen = int(newest)
        return bool(concerned)
