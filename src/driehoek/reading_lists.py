"""Reading the store's lists: placements as found by a few letters, meetings newest first,
and the names that are suggested while typing.

`Reading` (the whole objects) builds on these; every query is read to the end at once: an
unfinished cursor would hold a read transaction open and keep other coordinators' WAL
checkpoints from finishing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

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


def fts_prefix_query(text: str) -> str | None:
    """Turn typed letters into a safe FTS5 prefix query: `an de v` -> `"an"* "de"* "v"*`.

    Only word characters survive, so quotes, operators and brackets in the input can never
    form FTS5 syntax. Returns None when nothing searchable is left.
    """
    tokens = re.findall(r"\w+", clean_line(text))
    return " ".join(f'"{t}"*' for t in tokens) or None


class Lists:
    """The list queries of the store, on the connection `db`."""

    db: Database

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
        return [
            {k: clean_text(v) if isinstance(v, str) else v for k, v in row.items()}
            for row in self.db.query(sql, params)
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
        # can: each candidate's latest meeting is one step in the (placement_id, date) index,
        # and the columns shown (organisation, number of meetings) are fetched for the
        # `limit` placements kept, not for every match (bench/RESULTS.md has the figures).
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
            # Only placements met on or after `since` can be among the `limit` most recent:
            # the latest date by which `limit` placements had a meeting, found by walking the
            # newest meetings (the `meetings_date` index) rather than every placement's latest.
            where, since, fetch = "", None, max(limit, 1) * 5 // 4 + 10
            while since is None:
                newest = self.db.execute(
                    """SELECT placement_id, date FROM meetings WHERE date IS NOT NULL
                       ORDER BY date DESC LIMIT ?""",
                    [fetch],
                ).fetchall()
                seen: set[int] = set()
                for placement_id, day in newest:
                    seen.add(placement_id)
                    if len(seen) >= limit:
                        since = str(day)
                        break
                if len(newest) < fetch:
                    break  # fewer placements were ever met: every one is a candidate
                fetch *= 4
            if since is not None:
                where = "WHERE p.id IN (SELECT placement_id FROM meetings WHERE date >= :since)"
                params["since"] = since
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
