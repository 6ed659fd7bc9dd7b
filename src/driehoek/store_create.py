"""Creating placements, meetings and their rows (`Store`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from driehoek import schedule
from driehoek.domain import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Factor,
    FactorStatus,
    LearningGoal,
    MeetingKind,
    Participant,
    Party,
    Placement,
    Pressure,
    Question,
    SupportItem,
    SupportKind,
)
from driehoek.editable import members
from driehoek.reading import NotFound
from driehoek.store_base import EVALUATION_MONTHS, StoreBase
from driehoek.text import clean_line, clean_text

if TYPE_CHECKING:
    from driehoek.store import Store


class Creating(StoreBase):
    """The writes that add rows."""

    # -- creating ---------------------------------------------------------------------------

    def _organisation_id(self, name: str) -> int:
        name = clean_line(name).strip()
        if not name:
            raise ValueError("an organisation needs a name")
        found = self._rows("SELECT id FROM organisations WHERE name = ? COLLATE NOCASE", [name])
        if found:
            return int(found[0]["id"])
        return self._insert("organisations", {"name": name})

    def new_intake(
        self,
        student: str,
        organisation: str,
        *,
        student_id: int | None = None,
        day: date | None = None,
    ) -> int:
        """Start an intake: a new placement for the student at the organisation, and its meeting.

        Args:
            student: The student's name (ignored when `student_id` names an existing student).
            organisation: The organisation's name; an existing one is reused, ignoring case.
            student_id: An existing student, for a second placement.
            day: The meeting's date; today when not given.

        Returns:
            The new meeting's id. Its six factors start as not discussed, its participants
            hold the student's name and empty rows for the workplace and the school.
        """
        with self.transaction():
            if student_id is None:
                name = clean_line(student).strip()
                if not name:
                    raise ValueError("a student needs a name")
                student_id = self._insert("students", {"name": name})
            else:
                name = self._student_name(student_id)
            placement_id = self._insert(
                "placements",
                {"student_id": student_id, "organisation_id": self._organisation_id(organisation)},
            )
            return self._new_meeting(placement_id, MeetingKind.INTAKE, day or self.today(), name)

    def _student_name(self, student_id: int) -> str:
        rows = self._rows("SELECT name FROM students WHERE id = ?", [student_id])
        if not rows:
            raise NotFound(f"student {student_id}")
        return str(rows[0]["name"])

    def start_intake(self, placement_id: int, *, day: date | None = None) -> int:
        """Start the intake of a placement that has no meeting yet (one a school's list
        brought in): its participants named from what the placement knows (the student, the
        practice supervisor, the school supervisor). Returns the new meeting's id."""
        with self.transaction():
            p = self.placement(placement_id)
            return self._new_meeting(
                placement_id, MeetingKind.INTAKE, day or self.today(), p.student, known=p
            )

    def _new_meeting(
        self,
        placement_id: int,
        kind: MeetingKind,
        day: date,
        student: str,
        *,
        known: Placement | None = None,
    ) -> int:
        # A new placement has no start or end yet, and the default cadence (`schedule`); one
        # that is `known` (brought in by a school's list) has its own, and its supervisors.
        if known is None:
            first = schedule.next_evaluation(day, start=None, end=None, cadence=EVALUATION_MONTHS)
            planned = first.isoformat() if first else None
        else:
            planned = self._default_next(known, day)
        names = (
            {Party.WORKPLACE: known.practice_supervisor, Party.SCHOOL: known.school_supervisor}
            if known
            else {}
        )
        meeting_id = self._insert(
            "meetings",
            {
                "placement_id": placement_id,
                "kind": kind.value,
                "date": day.isoformat(),
                "next_evaluation": planned,
            },
        )
        for factor in Factor:
            self._insert("factors", {"meeting_id": meeting_id, "factor": factor.value})
        for party in Party:
            self._insert(
                "participants",
                {
                    "meeting_id": meeting_id,
                    "party": party.value,
                    "name": student if party is Party.STUDENT else names.get(party, ""),
                },
            )
        return meeting_id

    def new_evaluation(self, placement_id: int, *, day: date | None = None) -> int:
        """Start a quarterly evaluation of a placement.

        It starts from where the last meeting left off: the same people at the table, the six
        factors as they were (so the table marks only what changed), every agreement still
        open up for review, a progress line for every learning goal, and the four questions
        ready for each party's answer. Its next date falls on the placement's rhythm
        (`schedule.next_evaluation`).

        It is stored at once, so the first keys typed into it have rows to go into; until
        something is written in it, it counts for nothing (`schedule.counts_sql`) and leaving
        it removes it (`drafts.leave`).

        Returns:
            The new meeting's id.
        """
        from driehoek import logbook  # a meeting's modules: not at start

        day = day or self.today()
        with self.transaction():
            placement = self.placement(placement_id)
            last = self._rows(
                f"""SELECT * FROM meetings m WHERE placement_id = ? AND {schedule.counts_sql()}
                   ORDER BY date DESC, id DESC LIMIT 1""",
                [placement_id],
            )
            # The pressures go on as the factors do: the table marks only what changed. Only
            # what this driehoek can read goes on (a hand edit's value stays where it was;
            # a file of an older schema, as the upgrade tests build, has none to carry).
            carried: dict[str, object] = {}
            if last and "pressures" in last[0]:
                room = last[0]["room_for_mistakes"]
                carried = {
                    "pressures": members(Pressure)(last[0]["pressures"]),
                    "pressures_note": last[0]["pressures_note"],
                }
                if room in FactorStatus._value2member_map_:
                    carried["room_for_mistakes"] = room
            meeting_id = self._insert(
                "meetings",
                {
                    "placement_id": placement_id,
                    "kind": MeetingKind.EVALUATION.value,
                    "date": day.isoformat(),
                    "next_evaluation": self._default_next(placement, day),
                    **carried,
                },
            )
            before = {f.factor: f for f in self._factors(last[0]["id"])} if last else {}
            for factor in Factor:
                earlier = before.get(factor)
                self._insert(
                    "factors",
                    {
                        "meeting_id": meeting_id,
                        "factor": factor.value,
                        "status": earlier.status.value if earlier else "not_discussed",
                        "note": earlier.note if earlier else "",
                    },
                )
            people = self._rows(
                "SELECT party, name, role FROM participants WHERE meeting_id = ? ORDER BY id",
                [last[0]["id"]] if last else [0],
            ) or [{"party": Party.STUDENT.value, "name": placement.student, "role": ""}]
            for person in people:
                self._insert("participants", {"meeting_id": meeting_id, **person})
            for question in Question:
                for party in Party:
                    self._insert(
                        "answers",
                        {
                            "meeting_id": meeting_id,
                            "question": question.value,
                            "party": party.value,
                        },
                    )
            for goal in self._rows(
                """SELECT g.id FROM goals g JOIN meetings m ON m.id = g.meeting_id
                   WHERE m.placement_id = ? AND m.id != ? AND trim(g.text) != ''
                   ORDER BY g.id""",
                [placement_id, meeting_id],
            ):
                self._insert("progress", {"meeting_id": meeting_id, "goal_id": goal["id"]})
            for agreement in self._rows(
                """SELECT a.id FROM agreements a JOIN meetings m ON m.id = a.meeting_id
                   WHERE m.placement_id = ? AND m.id != ? AND a.status = 'open'
                     AND trim(a.text) != '' ORDER BY m.date, a.id""",
                [placement_id, meeting_id],
            ):
                self._insert(
                    "dispositions", {"meeting_id": meeting_id, "agreement_id": agreement["id"]}
                )
            # What was logged since the last meeting is where this one starts.
            # A Creating is only ever part of a Store (it edits what it takes up, too).
            logbook.take_up(cast("Store", self), placement_id, meeting_id)
        return meeting_id

    def add_participant(self, meeting_id: int, party: Party) -> Participant:
        """A new, empty participant speaking for `party`."""
        with self.transaction():
            row_id = self._insert("participants", {"meeting_id": meeting_id, "party": party.value})
        return Participant(row_id, party, "", "", 1)

    def add_goal(self, meeting_id: int) -> LearningGoal:
        """A new, empty learning goal."""
        with self.transaction():
            row_id = self._insert("goals", {"meeting_id": meeting_id})
        return LearningGoal(row_id, "", 1)

    def add_support(self, meeting_id: int, kind: SupportKind = SupportKind.VISIT) -> SupportItem:
        """A new, empty school-support item."""
        with self.transaction():
            row_id = self._insert("support", {"meeting_id": meeting_id, "kind": kind.value})
        return SupportItem(row_id, kind, "", 1)

    def add_agreement(
        self,
        meeting_id: int,
        *,
        owner: Party = Party.STUDENT,
        kind: AgreementKind = AgreementKind.WORK,
        text: str = "",
        factor: Factor | None = None,
    ) -> Agreement:
        """A new agreement (from a factor: linked to it, its text still to be written)."""
        text = clean_text(text)
        with self.transaction():
            row_id = self._insert(
                "agreements",
                {
                    "meeting_id": meeting_id,
                    "owner": owner.value,
                    "kind": kind.value,
                    "text": text,
                    "factor": factor.value if factor else None,
                },
            )
        return Agreement(row_id, kind, text, owner, None, "", AgreementStatus.OPEN, factor, 1)
