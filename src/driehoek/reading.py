"""Reading the store: domain objects out, for the screens, the minutes and the commands.

`Store` is a `Reading`; the methods live here so that the writing side stays readable. Every
query is read to the end at once: an unfinished cursor would hold a read transaction open and
keep other coordinators' WAL checkpoints from finishing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from driehoek import audit
from driehoek.domain import (
    UNKNOWN_DAY,
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
    LearningGoal,
    Meeting,
    MeetingKind,
    Participant,
    Party,
    Pathway,
    Placement,
    PlacementStatus,
    Pressure,
    Progress,
    Promise,
    Question,
    Review,
    SignOff,
    SupportItem,
    SupportKind,
)
from driehoek.domain_log import HistoryEntry
from driehoek.reading_lists import Lists, fts_prefix_query
from driehoek.record import Level
from driehoek.rows import Values
from driehoek.schedule import counts_sql
from driehoek.stored import parse_day
from driehoek.supervision_time import DEFAULT_THRESHOLD


class NotFound(LookupError):
    """No row with that id."""


def _moment(value: object) -> datetime | None:
    """A moment of the audit trail, in any ISO 8601 form; None if it is not one."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _promise(r: Mapping[str, Any]) -> Promise | None:
    # .get: a file of an older schema (the upgrade tests) has no such columns: no promise.
    minutes, weeks = r.get("promised_minutes"), r.get("promised_weeks")
    return Promise(minutes, weeks) if minutes and weeks else None


def row_agreement(r: Mapping[str, Any], v: Values) -> Agreement:
    """An agreement; its unreadable values go to `v` as `agreements <id>: <column>`."""
    line = Values(f"agreements {r['id']}: ")
    agreement = Agreement(
        id=r["id"],
        kind=line.choice(AgreementKind, r["kind"], "kind", AgreementKind.WORK),
        text=r["text"],
        owner=line.choice(Party, r["owner"], "owner", Party.STUDENT),
        due=line.day(r["due"], "due"),
        frequency=r["frequency"],
        status=line.choice(AgreementStatus, r["status"], "status", AgreementStatus.OPEN),
        factor=line.optional(Factor, r["factor"], "factor"),
        version=r["version"],
        promise=_promise(r),
    )
    v.bad += line.bad
    return agreement


class Reading(Lists):
    """The queries of the store, on the connection `db`: whole objects here, the lists that
    find them in `reading_lists`."""

    supervision_threshold: int = DEFAULT_THRESHOLD
    """The share of the promised supervision time (percent) below which a period is flagged:
    the user's setting (`settings`); a meeting signed by all three keeps its own."""

    def placement(self, placement_id: int) -> Placement:
        """One placement with its student's and organisation's names."""
        rows = self._rows(
            """SELECT p.*, s.name AS student, s.version AS student_version, s.student_number,
                      o.name AS organisation, o.version AS organisation_version,
                      o.recognition_number FROM placements p
               JOIN students s ON s.id = p.student_id
               JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?""",
            [placement_id],
        )
        if not rows:
            raise NotFound(f"placement {placement_id}")
        r, v = rows[0], Values()
        return Placement(
            id=r["id"],
            student_id=r["student_id"],
            student=r["student"],
            organisation_id=r["organisation_id"],
            organisation=r["organisation"],
            team=r["team"],
            programme=r["programme"],
            pathway=v.choice(Pathway, r["pathway"], "pathway", Pathway.BOL),
            start=v.day(r["start"], "start"),
            end=v.day(r["end"], "end"),
            status=v.choice(PlacementStatus, r["status"], "status", PlacementStatus.PLANNED),
            version=r["version"],
            student_version=r["student_version"],
            cadence_months=r["cadence_months"],
            outcome_reason=r["outcome_reason"],
            student_number=r["student_number"],
            school=r["school"],
            level=v.optional(Level, r["level"], "level"),
            crebo=r["crebo"],
            cohort=r["cohort"],
            hours_per_week=r["hours_per_week"],
            hours_total=r["hours_total"],
            workplace_address=r["workplace_address"],
            recognition_number=r["recognition_number"],
            practice_supervisor=r["practice_supervisor"],
            practice_supervisor_email=r["practice_supervisor_email"],
            practice_supervisor_phone=r["practice_supervisor_phone"],
            school_supervisor=r["school_supervisor"],
            school_supervisor_email=r["school_supervisor_email"],
            school_supervisor_phone=r["school_supervisor_phone"],
            organisation_version=r["organisation_version"],
            invalid=v.invalid(),
        )

    def meeting(self, meeting_id: int) -> Meeting:
        """A meeting with everything recorded in it, in the order it was entered.

        Raises:
            NotFound: No meeting has this id.
        """
        # Here, not above: the home screen's lists start without a whole meeting's modules.
        from driehoek import extra_answers, logbook, prepared, signing
        from driehoek.template_store import template_of

        rows = self._rows("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        if not rows:
            raise NotFound(f"meeting {meeting_id}")
        m, v = rows[0], Values()
        by_meeting = [meeting_id]
        day = v.required_day(m["date"], "date")
        # The meeting before: one that counts (an evaluation nobody wrote in is not it).
        previous = self._rows(
            f"""SELECT id, date FROM meetings m WHERE placement_id = ? AND (date < ? OR (date = ?
               AND id < ?)) AND {counts_sql()} ORDER BY date DESC, id DESC LIMIT 1""",
            [m["placement_id"], m["date"], m["date"], meeting_id],
        )
        return Meeting(
            id=m["id"],
            kind=v.choice(MeetingKind, m["kind"], "kind", MeetingKind.INTAKE),
            date=day or UNKNOWN_DAY,
            placement=self.placement(m["placement_id"]),
            learning_ways=v.ways(m["learning_ways"], "learning_ways"),
            learning_note=m["learning_note"],
            decision=v.optional(Decision, m["decision"], "decision"),
            decision_reasons=m["decision_reasons"],
            next_evaluation=v.day(m["next_evaluation"], "next_evaluation"),
            version=m["version"],
            participants=tuple(
                Participant(
                    r["id"],
                    v.choice(Party, r["party"], f"participants {r['id']}: party", Party.STUDENT),
                    r["name"],
                    r["role"],
                    r["version"],
                )
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
            factors=self._factors(meeting_id, v),
            preparations=prepared.load(self.db, meeting_id),
            support=tuple(
                SupportItem(
                    r["id"],
                    v.choice(SupportKind, r["kind"], f"support {r['id']}: kind", SupportKind.OTHER),
                    r["text"],
                    r["version"],
                )
                for r in self._rows(
                    "SELECT * FROM support WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            agreements=tuple(
                row_agreement(r, v)
                for r in self._rows(
                    "SELECT * FROM agreements WHERE meeting_id = ? ORDER BY id", by_meeting
                )
            ),
            sign_offs=tuple(
                SignOff(
                    v.choice(Party, r["party"], f"sign_offs {r['rowid']}: party", Party.STUDENT),
                    r["name"],
                    v.moment(r["signed_at"], f"sign_offs {r['rowid']}: signed_at"),
                )
                for r in self._rows(
                    "SELECT rowid, * FROM sign_offs WHERE meeting_id = ? ORDER BY rowid",
                    by_meeting,
                )
            ),
            continuation=v.optional(Continuation, m["continuation"], "continuation"),
            answers=tuple(
                Answer(
                    r["id"],
                    v.choice(
                        Question, r["question"], f"answers {r['id']}: question", Question.LEARNING
                    ),
                    v.choice(Party, r["party"], f"answers {r['id']}: party", Party.STUDENT),
                    r["text"],
                    r["version"],
                )
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
            reviews=self._reviews(meeting_id, v),
            previous_factors=self._factors(previous[0]["id"]) if previous else (),
            signed_versions=signing.versions(self.db, meeting_id),
            between=logbook.taken_up(self.db, meeting_id),
            location=m["location"],
            minute_taker=m["minute_taker"],
            # .get: a file built to an older schema by today's store (the upgrade tests do)
            # has no such columns; nothing named, as a meeting that predates them.
            pressures=v.members(Pressure, m.get("pressures", ""), "pressures"),
            pressures_note=m.get("pressures_note", ""),
            room_for_mistakes=v.choice(
                FactorStatus,
                m.get("room_for_mistakes", FactorStatus.NOT_DISCUSSED.value),
                "room_for_mistakes",
                FactorStatus.NOT_DISCUSSED,
            ),
            invalid=v.invalid(),
            template=template_of(self.db, meeting_id),
            extra_answers=extra_answers.read(m.get("extra_answers")),
            since=parse_day(previous[0]["date"]) if previous else None,
            supervision_minutes=m.get("supervision_minutes"),
            supervision_threshold=m.get("supervision_threshold") or self.supervision_threshold,
        )

    def _factors(self, meeting_id: int, v: Values | None = None) -> tuple[FactorAssessment, ...]:
        v = v or Values()
        rows = {
            r["factor"]: r
            for r in self._rows("SELECT * FROM factors WHERE meeting_id = ?", [meeting_id])
        }
        return tuple(
            FactorAssessment(
                f,
                v.choice(
                    FactorStatus,
                    rows[f.value]["status"],
                    f"factors {f.value}: status",
                    FactorStatus.NOT_DISCUSSED,
                ),
                rows[f.value]["note"],
                rows[f.value]["version"],
            )
            for f in Factor
            if f.value in rows
        )

    def _reviews(self, meeting_id: int, v: Values) -> tuple[Review, ...]:
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
                agreement=row_agreement(r, v),
                made_on=parse_day(r["made_on"]),  # the other meeting's date: its own problem
                carried=r["carried"],
                disposition=v.optional(
                    Disposition, r["disposition"], f"dispositions {r['review_id']}: disposition"
                ),
                reason=r["reason"],
                version=r["review_version"],
            )
            for r in rows
        )

    def placement_agreements(self, placement_id: int) -> list[tuple[Agreement, date | None]]:
        """Every agreement made in the placement's meetings, with the day it was made (None
        if that meeting's date cannot be read)."""
        rows = self._rows(
            """SELECT a.*, m.date AS made_on FROM agreements a
               JOIN meetings m ON m.id = a.meeting_id
               WHERE m.placement_id = ? AND trim(a.text) != '' ORDER BY m.date, a.id""",
            [placement_id],
        )
        return [(row_agreement(r, Values()), parse_day(r["made_on"])) for r in rows]

    def factor_history(
        self, placement_id: int
    ) -> list[tuple[date | None, MeetingKind, tuple[FactorAssessment, ...]]]:
        """The six factors as each meeting of the placement that counts left them, oldest
        first (a date that cannot be read is None)."""
        meetings = self._rows(
            f"""SELECT id, date, kind FROM meetings m WHERE placement_id = ? AND {counts_sql()}
                ORDER BY date, id""",
            [placement_id],
        )
        v = Values()
        return [
            (
                parse_day(m["date"]),
                v.choice(MeetingKind, m["kind"], "kind", MeetingKind.INTAKE),
                self._factors(m["id"], v),
            )
            for m in meetings
        ]

    def history(self, meeting_id: int) -> list[HistoryEntry]:
        """The audit trail of a meeting, its rows, its placement and its student, newest first."""
        # A school's list read in is one audit row per table for all it added (`last_id`):
        # the placement and the student are found in it, and named by their own ids.
        joined = """FROM audit a JOIN meetings m ON m.id = :m
                    JOIN placements p ON p.id = m.placement_id"""
        branches = [
            f"SELECT a.*, {record} AS record {joined} WHERE {condition}"
            for entity, record in (("'placements'", "p.id"), ("'students'", "p.student_id"))
            for condition in audit.about("a", entity, record)
        ]
        rows = self._rows(
            f"""SELECT a.*, a.entity_id AS record FROM audit a WHERE a.meeting_id = :m
                UNION ALL {" UNION ALL ".join(branches)} ORDER BY id DESC""",
            {"m": meeting_id},
        )
        return [
            HistoryEntry(
                at=_moment(r["at"]),
                user=r["os_user"],
                client=r["ssh_client"],
                action=r["action"],
                entity=r["entity"],
                entity_id=r["record"],
                version=r["version"],
            )
            for r in rows
        ]


__all__ = ["NotFound", "Reading", "fts_prefix_query"]
