"""Reading the store: domain objects out, for the screens, the minutes and the commands.

`Store` is a `Reading`; the methods live here so that the writing side stays readable. Every
query is read to the end at once: an unfinished cursor would hold a read transaction open and
keep other coordinators' WAL checkpoints from finishing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from driehoek.domain import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Answer,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorAssessment,
    FactorStatus,
    HistoryEntry,
    LearningGoal,
    LearningWay,
    Meeting,
    MeetingKind,
    MeetingSummary,
    Participant,
    Party,
    Pathway,
    Placement,
    PlacementStatus,
    PlacementSummary,
    Progress,
    Question,
    Review,
    SignOff,
    SupportItem,
    SupportKind,
)
from driehoek.text import clean_line, clean_text


class NotFound(LookupError):
    """No row with that id."""


def row_date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def row_agreement(r: Mapping[str, Any]) -> Agreement:
    return Agreement(
        id=r["id"],
        kind=AgreementKind(r["kind"]),
        text=r["text"],
        owner=Party(r["owner"]),
        due=row_date(r["due"]),
        frequency=r["frequency"],
        status=AgreementStatus(r["status"]),
        factor=Factor(r["factor"]) if r["factor"] else None,
        version=r["version"],
    )


def fts_prefix_query(text: str) -> str | None:
    """Turn typed letters into a safe FTS5 prefix query: `an de v` -> `"an"* "de"* "v"*`.

    Only word characters survive, so quotes, operators and brackets in the input can never
    form FTS5 syntax. Returns None when nothing searchable is left.
    """
    tokens = re.findall(r"\w+", clean_line(text))
    return " ".join(f'"{t}"*' for t in tokens) or None


class Reading:
    """The queries of the store, on the connection `db`."""

    db: Database

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

    # -- reading ----------------------------------------------------------------------------

    def placement(self, placement_id: int) -> Placement:
        """One placement with its student's and organisation's names."""
        rows = self._rows(
            """SELECT p.*, s.name AS student, s.version AS student_version,
                      o.name AS organisation FROM placements p
               JOIN students s ON s.id = p.student_id
               JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?""",
            [placement_id],
        )
        if not rows:
            raise NotFound(f"placement {placement_id}")
        r = rows[0]
        return Placement(
            id=r["id"],
            student_id=r["student_id"],
            student=r["student"],
            organisation_id=r["organisation_id"],
            organisation=r["organisation"],
            team=r["team"],
            programme=r["programme"],
            pathway=Pathway(r["pathway"]),
            start=row_date(r["start"]),
            end=row_date(r["end"]),
            status=PlacementStatus(r["status"]),
            version=r["version"],
            student_version=r["student_version"],
            cadence_months=r["cadence_months"],
            outcome_reason=r["outcome_reason"],
        )

    def meeting(self, meeting_id: int) -> Meeting:
        """A meeting with everything recorded in it, in the order it was entered.

        Raises:
            NotFound: No meeting has this id.
        """
        rows = self._rows("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        if not rows:
            raise NotFound(f"meeting {meeting_id}")
        m = rows[0]
        by_meeting = [meeting_id]
        previous = self._rows(
            """SELECT id FROM meetings WHERE placement_id = ? AND (date < ? OR (date = ? AND
               id < ?)) ORDER BY date DESC, id DESC LIMIT 1""",
            [m["placement_id"], m["date"], m["date"], meeting_id],
        )
        return Meeting(
            id=m["id"],
            kind=MeetingKind(m["kind"]),
            date=date.fromisoformat(m["date"]),
            placement=self.placement(m["placement_id"]),
            learning_ways=frozenset(LearningWay(w) for w in m["learning_ways"].split(",") if w),
            learning_note=m["learning_note"],
            decision=Decision(m["decision"]) if m["decision"] else None,
            decision_reasons=m["decision_reasons"],
            next_evaluation=row_date(m["next_evaluation"]),
            version=m["version"],
            participants=tuple(
                Participant(r["id"], Party(r["party"]), r["name"], r["role"], r["version"])
                for r in self._rows(
                    "SELECT * FROM participants WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            goals=tuple(
                LearningGoal(r["id"], r["text"], r["version"])
                for r in self._rows(
                    "SELECT * FROM goals WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            factors=self._factors(meeting_id),
            support=tuple(
                SupportItem(r["id"], SupportKind(r["kind"]), r["text"], r["version"])
                for r in self._rows(
                    "SELECT * FROM support WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            agreements=tuple(
                row_agreement(r)
                for r in self._rows(
                    "SELECT * FROM agreements WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            sign_offs=tuple(
                SignOff(Party(r["party"]), r["name"], datetime.fromisoformat(r["signed_at"]))
                for r in self._rows(
                    "SELECT * FROM sign_offs WHERE meeting_id = ? ORDER BY rowid", by_meeting
                )
            ),
            continuation=Continuation(m["continuation"]) if m["continuation"] else None,
            answers=tuple(
                Answer(r["id"], Question(r["question"]), Party(r["party"]), r["text"], r["version"])
                for r in self._rows(
                    "SELECT * FROM answers WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            progress=tuple(
                Progress(r["id"], r["goal_id"], r["goal"], r["text"], r["version"])
                for r in self._rows(
                    """SELECT p.*, g.text AS goal FROM progress p JOIN goals g ON g.id = p.goal_id
                       WHERE p.meeting_id = ? ORDER BY g.id""",
                    by_meeting,
                )
            ),
            reviews=self._reviews(meeting_id),
            previous_factors=self._factors(previous[0]["id"]) if previous else (),
        )

    def _factors(self, meeting_id: int) -> tuple[FactorAssessment, ...]:
        rows = {
            r["factor"]: r
            for r in self._rows("SELECT * FROM factors WHERE meeting_id = ?", [meeting_id])
        }
        return tuple(
            FactorAssessment(
                f,
                FactorStatus(rows[f.value]["status"]),
                rows[f.value]["note"],
                rows[f.value]["version"],
            )
            for f in Factor
            if f.value in rows
        )

    def _reviews(self, meeting_id: int) -> tuple[Review, ...]:
        rows = self._rows(
            """SELECT d.id AS review_id, d.disposition, d.reason, d.version AS review_version,
                      a.*, m.date AS made_on,
                      (SELECT count(*) FROM dispositions e JOIN meetings em ON em.id = e.meeting_id
                       WHERE e.agreement_id = a.id AND e.disposition = 'carry'
                         AND e.meeting_id != d.meeting_id
                         AND em.date <= (SELECT date FROM meetings WHERE id = d.meeting_id))
                      AS carried
               FROM dispositions d JOIN agreements a ON a.id = d.agreement_id
               JOIN meetings m ON m.id = a.meeting_id
               WHERE d.meeting_id = ? ORDER BY m.date, a.id""",
            [meeting_id],
        )
        return tuple(
            Review(
                id=r["review_id"],
                agreement=row_agreement(r),
                made_on=date.fromisoformat(r["made_on"]),
                carried=r["carried"],
                disposition=Disposition(r["disposition"]) if r["disposition"] else None,
                reason=r["reason"],
                version=r["review_version"],
            )
            for r in rows
        )

    _SUMMARY = """
        SELECT m.id, m.placement_id, m.kind, m.date, m.decision, m.continuation,
               s.name AS student,
               o.name AS organisation, p.team,
               (SELECT count(*) FROM sign_offs so WHERE so.meeting_id = m.id) AS signed_by
        FROM meetings m JOIN placements p ON p.id = m.placement_id
        JOIN students s ON s.id = p.student_id JOIN organisations o ON o.id = p.organisation_id
    """

    @staticmethod
    def _summary(r: Mapping[str, Any]) -> MeetingSummary:
        return MeetingSummary(
            id=r["id"],
            placement_id=r["placement_id"],
            kind=MeetingKind(r["kind"]),
            date=date.fromisoformat(r["date"]),
            student=r["student"],
            organisation=r["organisation"],
            team=r["team"],
            decision=Decision(r["decision"]) if r["decision"] else None,
            signed_by=r["signed_by"],
            continuation=Continuation(r["continuation"]) if r["continuation"] else None,
        )

    def meetings(self, placement_id: int | None = None) -> list[MeetingSummary]:
        """Meetings, newest first; of one placement, or of all."""
        if placement_id is None:
            rows = self._rows(self._SUMMARY + " ORDER BY m.date DESC, m.id DESC")
        else:
            rows = self._rows(
                self._SUMMARY + " WHERE m.placement_id = ? ORDER BY m.date DESC, m.id DESC",
                [placement_id],
            )
        return [self._summary(r) for r in rows]

    def placements(self, search: str = "", *, limit: int = 500) -> list[PlacementSummary]:
        """Placements with recent activity first, optionally only those matching a few letters.

        Args:
            search: Letters typed by the user: each word is a prefix of a word in the student's
                or the organisation's name (`an vr` finds Anouk de Vries). Any text is safe.
            limit: At most this many; the list is for finding, not for reading it all.
        """
        # Runs on every keystroke in the home screen's search, so it touches as little as it
        # can: each candidate's latest meeting is one step in the (placement_id, date) index,
        # and the columns shown (organisation, number of meetings) are fetched for the
        # `limit` placements kept, not for every match (bench/RESULTS.md has the figures).
        query = fts_prefix_query(search)
        params: dict[str, object] = {"limit": limit}
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
                    "SELECT placement_id, date FROM meetings ORDER BY date DESC LIMIT ?", [fetch]
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
        rows = self._rows(
            f"""WITH top AS (
                    SELECT p.id, s.name AS student,
                           (SELECT max(date) FROM meetings WHERE placement_id = p.id)
                               AS last_meeting
                    FROM placements p JOIN students s ON s.id = p.student_id
                    {where}
                    ORDER BY last_meeting DESC, s.name COLLATE NOCASE, p.id LIMIT :limit)
                SELECT p.id, top.student, o.name AS organisation, p.team, p.programme,
                       p.pathway, p.status, top.last_meeting,
                       (SELECT count(*) FROM meetings WHERE placement_id = p.id) AS meetings
                FROM top JOIN placements p ON p.id = top.id
                JOIN organisations o ON o.id = p.organisation_id
                ORDER BY top.last_meeting DESC, top.student COLLATE NOCASE, p.id""",
            params,
        )
        return [
            PlacementSummary(
                id=r["id"],
                student=r["student"],
                organisation=r["organisation"],
                team=r["team"],
                programme=r["programme"],
                pathway=Pathway(r["pathway"]),
                status=PlacementStatus(r["status"]),
                last_meeting=row_date(r["last_meeting"]),
                meetings=r["meetings"],
            )
            for r in rows
        ]

    def placement_agreements(self, placement_id: int) -> list[tuple[Agreement, date]]:
        """Every agreement made in the placement's meetings, with the day it was made."""
        rows = self._rows(
            """SELECT a.*, m.date AS made_on FROM agreements a
               JOIN meetings m ON m.id = a.meeting_id
               WHERE m.placement_id = ? AND trim(a.text) != '' ORDER BY m.date, a.id""",
            [placement_id],
        )
        return [(row_agreement(r), date.fromisoformat(r["made_on"])) for r in rows]

    def factor_history(
        self, placement_id: int
    ) -> list[tuple[date, MeetingKind, tuple[FactorAssessment, ...]]]:
        """The six factors as each meeting of the placement left them, oldest first."""
        meetings = self._rows(
            "SELECT id, date, kind FROM meetings WHERE placement_id = ? ORDER BY date, id",
            [placement_id],
        )
        return [
            (date.fromisoformat(m["date"]), MeetingKind(m["kind"]), self._factors(m["id"]))
            for m in meetings
        ]

    def history(self, meeting_id: int) -> list[HistoryEntry]:
        """The audit trail of a meeting, its rows, its placement and its student, newest first."""
        rows = self._rows(
            """SELECT a.* FROM audit a WHERE a.meeting_id = :m
               UNION ALL
               SELECT a.* FROM audit a JOIN meetings m ON m.id = :m
               JOIN placements p ON p.id = m.placement_id
               WHERE (a.entity = 'placements' AND a.entity_id = p.id)
                  OR (a.entity = 'students' AND a.entity_id = p.student_id)
               ORDER BY id DESC""",
            {"m": meeting_id},
        )
        return [
            HistoryEntry(
                at=datetime.fromisoformat(r["at"]),
                user=r["os_user"],
                client=r["ssh_client"],
                action=r["action"],
                entity=r["entity"],
                entity_id=r["entity_id"],
                version=r["version"],
            )
            for r in rows
        ]

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
