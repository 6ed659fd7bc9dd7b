"""Reading the store's lists: placements as found by a few letters, meetings newest first,
and the names that are suggested while typing.

`Reading` (the whole objects) builds on these; every query is read to the end at once: an
unfinished cursor would hold a read transaction open and keep other coordinators' WAL
checkpoints from finishing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from driehoek.dates import MEETING_TZ
from driehoek.domain import (
    UNKNOWN_DAY,
    Continuation,
    Decision,
    MeetingKind,
    MeetingSummary,
    Pathway,
    PlacementStatus,
    PlacementSummary,
)
from driehoek.rows import Values
from driehoek.schedule import counts_sql, empty_sql, status_sql
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


FETCH_SLACK = 10
"""Placements the search's walk takes beyond a quarter more than it keeps, at first: enough
that it almost never has to walk on (tests set it to 0 to make it walk)."""


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
        """Placements with recent activity first, optionally only those matching a few letters.

        Args:
            search: Letters typed by the user: each word is a prefix of a word in the student's
                name or number, or the organisation's name (`an vr` finds Anouk de Vries, and
                so does her student number). Any text is safe.
            limit: At most this many; the list is for finding, not for reading it all.
        """
        # Runs on every keystroke in the home screen's search, so it touches as little as it
        # can, and the columns shown are fetched for the `limit` placements kept alone
        # (bench/RESULTS.md and bench/findings.md have the figures):
        # - letters typed: every match's latest meeting is one step in the (placement_id,
        #   date) index. The full-text match lists them all anyway, and ordering the few
        #   thousand a letter or two matches costs less than walking the placements by day.
        # - nothing typed (the list as the home screen opens): every placement matches, so
        #   they are walked newest first in `placement_activity` until no placement further
        #   on can still be among the first `limit` (`_candidates`).
        query = fts_prefix_query(search)
        params: dict[str, object] = {"limit": limit, "today": self.today().isoformat()}
        if query:
            where = """WHERE p.id IN (
                SELECT pl.id FROM students_fts f JOIN placements pl ON pl.student_id = f.rowid
                WHERE students_fts MATCH :query
                UNION SELECT pl.id FROM organisations_fts f
                JOIN placements pl ON pl.organisation_id = f.rowid
                WHERE organisations_fts MATCH :query)"""
            params["query"] = query
        else:
            params["candidates"] = json.dumps(self._candidates(limit))
            where = "WHERE p.id IN (SELECT value FROM json_each(:candidates))"
        # The latest meeting and the number of meetings count only meetings that count (an
        # evaluation nobody wrote in is not activity), and the status is today's (`schedule`).
        rows = self._rows(
            f"""WITH top AS (
                    SELECT p.id, s.name AS student,
                           (SELECT max(date) FROM meetings m WHERE placement_id = p.id
                            AND {counts_sql()}) AS last_meeting
                    FROM placements p JOIN students s ON s.id = p.student_id
                    {where}
                    ORDER BY last_meeting DESC, s.name COLLATE NOCASE, p.id LIMIT :limit)
                SELECT p.id, top.student, o.name AS organisation, p.team, p.programme,
                       p.pathway, {status_sql("p", ":today")} AS status, top.last_meeting,
                       (SELECT count(*) FROM meetings m WHERE placement_id = p.id
                        AND {counts_sql()}) AS meetings
                FROM top JOIN placements p ON p.id = top.id
                JOIN organisations o ON o.id = p.organisation_id
                ORDER BY top.last_meeting DESC, top.student COLLATE NOCASE, p.id""",
            params,
        )
        return [self._placement_summary(r) for r in rows]

    def _candidates(self, limit: int) -> list[int]:
        """The placements among which the `limit` most recently active ones are.

        `placement_activity` keeps each placement's latest meeting of any kind, an upper bound
        of its latest meeting that counts (`migrate_activity` says why). Walking it newest
        first, the placements seen so far hold the `limit` first as soon as `limit` of them
        have a counting meeting later than the latest day of any placement not yet seen;
        until then the walk goes on, four times as far each time. When every placement with a
        meeting has been seen, the rest come after them by name: the first `limit` of those
        without a meeting (by name) are candidates too.
        """
        fetch = max(1, limit * 5 // 4 + FETCH_SLACK)
        while True:
            rows = self.conn.execute(
                f"""WITH seen AS MATERIALIZED (
                        SELECT placement_id AS id, last_date FROM placement_activity
                        WHERE last_date IS NOT NULL ORDER BY last_date DESC LIMIT :fetch)
                    SELECT id, last_date,
                           (SELECT max(date) FROM meetings m WHERE placement_id = seen.id
                            AND {counts_sql()}) AS counted
                    FROM seen""",
                {"fetch": fetch},
            ).fetchall()
            ids = [row[0] for row in rows]
            if len(rows) == fetch:
                counted = sorted((row[2] for row in rows if row[2] is not None), reverse=True)
                boundary = min(row[1] for row in rows)
                if len(counted) >= limit and (limit == 0 or counted[limit - 1] > boundary):
                    return ids
                fetch *= 4
                continue
            # Every placement with a meeting is among `ids`: the others, by name, come last.
            never_met = self.conn.execute(
                """SELECT p.id FROM placements p JOIN students s ON s.id = p.student_id
                    WHERE NOT EXISTS (SELECT 1 FROM placement_activity a
                                      WHERE a.placement_id = p.id AND a.last_date IS NOT NULL)
                    ORDER BY s.name COLLATE NOCASE, p.id LIMIT :limit""",
                {"limit": limit},
            ).fetchall()
            return ids + [row[0] for row in never_met]

    @staticmethod
    def _placement_summary(r: Mapping[str, Any]) -> PlacementSummary:
        v = Values()
        return PlacementSummary(
            id=r["id"],
            student=r["student"],
            organisation=r["organisation"],
            team=r["team"],
            programme=r["programme"],
            pathway=v.choice(Pathway, r["pathway"], "pathway", Pathway.BOL),
            status=v.choice(PlacementStatus, r["status"], "status", PlacementStatus.PLANNED),
            last_meeting=v.day(r["last_meeting"], "last_meeting"),
            meetings=r["meetings"],
            invalid=v.invalid(),
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
