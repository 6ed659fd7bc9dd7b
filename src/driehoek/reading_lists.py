"""Reading the store's lists: placements as found by a few letters, meetings newest first,
and the names that are suggested while typing.

`Reading` (the whole objects) builds on these; every query is read to the end at once: an
unfinished cursor would hold a read transaction open and keep other coordinators' WAL
checkpoints from finishing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from driehoek import placement_list
from driehoek.dates import MEETING_TZ
from driehoek.domain import (
    UNKNOWN_DAY,
    Continuation,
    Decision,
    MeetingKind,
    MeetingSummary,
)
from driehoek.placement_list import PlacementSummary
from driehoek.rows import Values
from driehoek.schedule import counts_sql, empty_sql
from driehoek.text import clean_line, clean_text

if TYPE_CHECKING:
    from sqlite_utils import Database


def fts_prefix_query(text: str) -> str | None:
    """Turn typed letters into a safe FTS5 prefix query: `an de v` -> `"an"* "de"* "v"*`.

    Only word characters survive, so quotes, operators and brackets in the input can never
    form FTS5 syntax. Returns None when nothing searchable is left.
    """
    tokens = re.findall(r"\w+", clean_line(text))
    return " ".join(f'"{t}"*' for t in tokens) or None


class Lists:
    """The list queries of the store, on a plain connection (`conn`).

    The lists the home screen shows first (`placements`, `meetings`) and the counts beside them
    read `conn` alone; sqlite-utils' `Database` on the same connection (`db`) is made when
    something first asks for it (a write, another screen), so a start does without its
    imports (bench/findings.md, figure 1).
    """

    def __init__(self, db: Database | sqlite3.Connection) -> None:
        self.conn: sqlite3.Connection = db if isinstance(db, sqlite3.Connection) else db.conn
        self._db: Database | None = None if isinstance(db, sqlite3.Connection) else db

    @property
    def db(self) -> Database:
        """sqlite-utils' `Database` on `conn`, made on first use."""
        if self._db is None:
            from driehoek.database import wrap

            self._db = wrap(self.conn)
        return self._db

    def today(self) -> date:
        """Today where the meetings are held: a status is today's. The store has its own
        clock (`Store.today`); a reader without one (a read-only view) takes the system's."""
        return datetime.now(MEETING_TZ).date()

    def _rows(
        self, sql: str, params: Sequence[object] | dict[str, object] = ()
    ) -> list[dict[str, Any]]:
        # list() at once: an unfinished cursor would hold a read transaction open and block
        # WAL checkpoints for every other coordinator. Text is cleaned again on its way out:
        # the file may hold what an older version, another tool or a hand edit wrote.
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [
            {k: clean_text(v) if isinstance(v, str) else v for k, v in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    _SUMMARY = f"""
        SELECT m.id, m.placement_id, m.kind, m.date, m.decision, m.continuation,
               s.name AS student,
               o.name AS organisation, p.team,
               (SELECT count(*) FROM sign_offs so WHERE so.meeting_id = m.id) AS signed_by,
               EXISTS (SELECT 1 FROM signed_versions sv WHERE sv.meeting_id = m.id
                       AND sv.reopened_at IS NOT NULL) AS reopened,
               {empty_sql()} AS empty
        FROM meetings m JOIN placements p ON p.id = m.placement_id
        JOIN students s ON s.id = p.student_id JOIN organisations o ON o.id = p.organisation_id
    """

    @staticmethod
    def _summary(r: Mapping[str, Any]) -> MeetingSummary:
        v = Values()
        return MeetingSummary(
            id=r["id"],
            placement_id=r["placement_id"],
            kind=v.choice(MeetingKind, r["kind"], "kind", MeetingKind.INTAKE),
            date=v.required_day(r["date"], "date") or UNKNOWN_DAY,
            student=r["student"],
            organisation=r["organisation"],
            team=r["team"],
            decision=v.optional(Decision, r["decision"], "decision"),
            signed_by=r["signed_by"],
            continuation=v.optional(Continuation, r["continuation"], "continuation"),
            empty=bool(r["empty"]),
            invalid=v.invalid(),
            reopened=bool(r["reopened"]),
        )

    def meetings(
        self, placement_id: int | None = None, *, counted: bool = False
    ) -> list[MeetingSummary]:
        """Meetings, newest first; of one placement, or of all.

        Args:
            placement_id: Only this placement's.
            counted: Only the meetings that count (`schedule`): not an evaluation nobody wrote
                in yet. The screens list those too (marked, to resume or delete them).
        """
        where = [f"{counts_sql()}"] if counted else []
        params: list[object] = []
        if placement_id is not None:
            where.append("m.placement_id = ?")
            params.append(placement_id)
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(self._SUMMARY + condition + " ORDER BY m.date DESC, m.id DESC", params)
        return [self._summary(r) for r in rows]

    def placements(self, search: str = "", *, limit: int = 500) -> list[PlacementSummary]:
        """Placements with recent activity first, optionally only those matching a few letters
        (`placement_list` says how it is found quickly).

        Args:
            search: Letters typed by the user: each word is a prefix of a word in the student's
                name or number, or the organisation's name (`an vr` finds Anouk de Vries, and
                so does her student number). Any text is safe.
            limit: At most this many; the list is for finding, not for reading it all.
        """
        return placement_list.placements(
            self.conn, fts_prefix_query(search), limit=limit, today=self.today()
        )

    def students(self) -> list[tuple[int, str]]:
        """Every student's id and name, for suggestions when starting an intake."""
        return [
            (r["id"], r["name"]) for r in self._rows("SELECT id, name FROM students ORDER BY name")
        ]

    def organisations(self) -> list[str]:
        """Every organisation's name, for suggestions when starting an intake."""
        return [r["name"] for r in self._rows("SELECT name FROM organisations ORDER BY name")]

    def people(self) -> list[str]:
        """Names of everyone who sat at a table before, for suggestions."""
        return [
            r["name"]
            for r in self._rows(
                "SELECT DISTINCT name FROM participants WHERE name != '' ORDER BY name"
            )
        ]
