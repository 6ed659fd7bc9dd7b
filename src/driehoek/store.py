"""The store: domain objects in, domain objects out; the only module that speaks SQL.

Every write runs in `BEGIN IMMEDIATE` (it waits for the write lock instead of failing with
"database is locked"), and every edit of an existing row names the version it was based on:
if someone else changed the row since, the edit is refused with `StaleEdit`, never applied.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils import Database

from driehoek.database import identify
from driehoek.dates import MEETING_TZ, add_months
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
    Part,
    Participant,
    Party,
    Pathway,
    Placement,
    PlacementStatus,
    PlacementSummary,
    Progress,
    Question,
    Ref,
    Review,
    SignOff,
    SupportItem,
    SupportKind,
)
from driehoek.text import clean_line, clean_text

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware; injected so tests can fix it."""

EVALUATION_MONTHS = 3
"""The triangle evaluates every quarter: the next date defaults to three months on."""


class StaleEdit(Exception):
    """The row changed (or vanished) since the version the edit was based on."""

    def __init__(self, table: str, row_id: object) -> None:
        super().__init__(f"{table} {row_id} was changed by someone else")
        self.table = table
        self.row_id = row_id


class NotReady(Exception):
    """The meeting cannot be closed yet: an evaluation's open agreements each need a
    disposition before anyone signs it."""


class NotFound(LookupError):
    """No row with that id."""


# What each table lets an edit change, and how a value is cleaned on the way in. Column names
# in SQL come only from here, never from a caller.
_ONE_LINE = clean_line
_NOTE = clean_text


def _enum_or_none(value: object) -> object:
    return None if value is None else str(value)


def _iso_or_none(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _ways(value: object) -> str:
    ways = value if isinstance(value, (set, frozenset, list, tuple)) else ()
    return ",".join(w.value for w in LearningWay if w in ways)


_EDITABLE: Mapping[str, Mapping[str, Callable[[Any], object]]] = {
    "students": {"name": _ONE_LINE},
    "placements": {
        "team": _ONE_LINE,
        "programme": _ONE_LINE,
        "pathway": str,
        "start": _iso_or_none,
        "end": _iso_or_none,
        "cadence_months": int,
        "status": str,
        "outcome_reason": _NOTE,
    },
    "meetings": {
        "date": _iso_or_none,
        "learning_ways": _ways,
        "learning_note": _NOTE,
        "decision": _enum_or_none,
        "decision_reasons": _NOTE,
        "next_evaluation": _iso_or_none,
        "continuation": _enum_or_none,
    },
    "dispositions": {"disposition": _enum_or_none, "reason": _NOTE},
    "answers": {"text": _NOTE},
    "progress": {"text": _NOTE},
    "participants": {"name": _ONE_LINE, "role": _ONE_LINE, "party": str},
    "goals": {"text": _NOTE},
    "support": {"kind": str, "text": _NOTE},
    "agreements": {
        "kind": str,
        "text": _NOTE,
        "owner": str,
        "due": _iso_or_none,
        "frequency": _ONE_LINE,
        "status": str,
        "factor": _enum_or_none,
    },
}


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _agreement(r: Mapping[str, Any]) -> Agreement:
    return Agreement(
        id=r["id"],
        kind=AgreementKind(r["kind"]),
        text=r["text"],
        owner=Party(r["owner"]),
        due=_date(r["due"]),
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


class Store:
    """All reads and writes of driehoek data, on one connection owned by one thread."""

    def __init__(self, db: Database, *, clock: Clock, user: str = "", client: str = "") -> None:
        self.db = db
        self.clock = clock
        self.user = user
        self.client = client
        # The audit trail names this store's user and time (see migrations: the triggers).
        identify(db, user=user, client=client, now=self.now_iso)
        self._data_version = self._read_data_version()

    def _read_data_version(self) -> int:
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        """Whether another connection committed since the last call (one cheap PRAGMA:
        SQLite counts other connections' commits, never this one's)."""
        version = self._read_data_version()
        changed = version != self._data_version
        self._data_version = version
        return changed

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction that takes the write lock up front, waiting for it if need be.

        Inside another `transaction()` it joins that one: everything commits together.
        """
        if self.db.conn.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def now_iso(self) -> str:
        """Now, in UTC, as stored in every `updated_at` and in the audit trail."""
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    def today(self) -> date:
        """Today in the Netherlands: the default date of a new meeting."""
        return self.clock().astimezone(MEETING_TZ).date()

    def _stamp(self) -> dict[str, object]:
        return {"updated_at": self.now_iso(), "updated_by": self.user}

    def _insert(self, table: str, row: Mapping[str, object]) -> int:
        values = {**row, **self._stamp()}
        columns = ", ".join(f"[{c}]" for c in values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(values.values())
        )
        return int(cursor.lastrowid or 0)

    def _update(
        self, table: str, where: Mapping[str, object], version: int, changes: Mapping[str, object]
    ) -> int:
        allowed = _EDITABLE[table]
        unknown = set(changes) - set(allowed)
        if unknown:
            raise ValueError(f"{table} has no editable {sorted(unknown)}")
        values = {column: allowed[column](value) for column, value in changes.items()}
        values |= self._stamp()
        sets = ", ".join(f"[{c}] = ?" for c in values)
        conditions = " AND ".join(f"[{c}] = ?" for c in where)
        cursor = self.db.execute(
            f"UPDATE [{table}] SET {sets}, version = version + 1 "
            f"WHERE {conditions} AND version = ?",
            [*values.values(), *where.values(), version],
        )
        if cursor.rowcount != 1:
            raise StaleEdit(table, tuple(where.values()))
        return version + 1

    def _rows(
        self, sql: str, params: Sequence[object] | dict[str, object] = ()
    ) -> list[dict[str, Any]]:
        # list() at once: an unfinished cursor would hold a read transaction open and block
        # WAL checkpoints for every other coordinator.
        return list(self.db.query(sql, params))

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

    def _new_meeting(self, placement_id: int, kind: MeetingKind, day: date, student: str) -> int:
        meeting_id = self._insert(
            "meetings",
            {
                "placement_id": placement_id,
                "kind": kind.value,
                "date": day.isoformat(),
                "next_evaluation": add_months(day, EVALUATION_MONTHS).isoformat(),
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
                    "name": student if party is Party.STUDENT else "",
                },
            )
        return meeting_id

    def new_evaluation(self, placement_id: int, *, day: date | None = None) -> int:
        """Start a quarterly evaluation of a placement.

        It starts from where the last meeting left off: the same people at the table, the six
        factors as they were (so the table marks only what changed), every agreement still
        open up for review, a progress line for every learning goal, and the four questions
        ready for each party's answer. Its next date is the placement's cadence on.

        Returns:
            The new meeting's id.
        """
        day = day or self.today()
        with self.transaction():
            placement = self.placement(placement_id)
            last = self._rows(
                """SELECT id FROM meetings WHERE placement_id = ?
                   ORDER BY date DESC, id DESC LIMIT 1""",
                [placement_id],
            )
            meeting_id = self._insert(
                "meetings",
                {
                    "placement_id": placement_id,
                    "kind": MeetingKind.EVALUATION.value,
                    "date": day.isoformat(),
                    "next_evaluation": add_months(day, placement.cadence_months).isoformat(),
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
        """A new agreement; from a factor it starts with that factor's note as its text."""
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

    # -- editing ----------------------------------------------------------------------------

    def edit(self, ref: Ref, version: int, changes: Mapping[str, object]) -> int:
        """Apply a user's edit to the row `ref` points at, if it is still at `version`.

        Args:
            ref: The row.
            version: The version the user's screen showed when the edit was made.
            changes: Column names and new values; text is cleaned of control characters.

        Returns:
            The row's new version.

        Raises:
            StaleEdit: Someone else changed or removed the row since `version`.
        """
        if ref.part is Part.FACTOR:
            if ref.factor is None:
                raise ValueError("a factor edit names its factor")
            status = changes.get("status")
            note = changes.get("note")
            return self.update_factor(
                ref.id,
                ref.factor,
                version,
                status=FactorStatus(str(status)) if status is not None else None,
                note=str(note) if note is not None else None,
            )
        if ref.part is Part.MEETING:
            return self.update_meeting(ref.id, version, **changes)
        with self.transaction():
            new_version = self._update(ref.part.value, {"id": ref.id}, version, changes)
            if ref.part is Part.PARTICIPANT and "name" in changes:
                self._follow_student_name(ref.id)
            if ref.part is Part.DISPOSITION and "disposition" in changes:
                self._follow_disposition(ref.id)
        return new_version

    def _follow_disposition(self, disposition_id: int) -> None:
        # Done and dropped agreements leave the list of open ones, so the next evaluation does
        # not bring them back; carried (or not yet decided) ones stay open.
        row = self._rows(
            "SELECT agreement_id, disposition FROM dispositions WHERE id = ?", [disposition_id]
        )[0]
        status = (
            Disposition(row["disposition"]).status if row["disposition"] else AgreementStatus.OPEN
        )
        self.db.execute(
            """UPDATE agreements SET status = ?, version = version + 1, updated_at = ?,
               updated_by = ? WHERE id = ? AND status != ?""",
            [status.value, self.now_iso(), self.user, row["agreement_id"], status.value],
        )

    def _follow_student_name(self, participant_id: int) -> None:
        # The student's name is typed once, in her row at the intake's table; the student
        # record (the heading, the lists, the minutes' title) follows it, so the two never
        # disagree. Later meetings keep their own participant rows as they were.
        self.db.execute(
            """UPDATE students SET name = p.name, version = students.version + 1,
                   updated_at = ?, updated_by = ?
               FROM participants p JOIN meetings m ON m.id = p.meeting_id
               JOIN placements pl ON pl.id = m.placement_id
               WHERE p.id = ? AND p.party = 'student' AND m.kind = 'intake'
                 AND trim(p.name) != '' AND students.id = pl.student_id AND students.name != p.name
                 AND p.id = (SELECT min(id) FROM participants
                             WHERE meeting_id = m.id AND party = 'student')""",
            [self.now_iso(), self.user, participant_id],
        )

    def update_placement(self, placement_id: int, version: int, **changes: object) -> int:
        """Change placement details; returns the new version. Raises StaleEdit."""
        with self.transaction():
            return self._update("placements", {"id": placement_id}, version, changes)

    def update_meeting(self, meeting_id: int, version: int, **changes: object) -> int:
        """Change meeting fields; a decision also moves the placement's status."""
        with self.transaction():
            new_version = self._update("meetings", {"id": meeting_id}, version, changes)
            if "decision" in changes:
                self._follow_decision(meeting_id, changes["decision"])
        return new_version

    def _follow_decision(self, meeting_id: int, decision: object) -> None:
        # The intake decides whether the placement starts; later outcomes (completed, ended
        # early) are set by hand and never overwritten here.
        if not decision:
            status = PlacementStatus.PLANNED
        elif Decision(str(decision)) is Decision.NOT_SUITABLE:
            status = PlacementStatus.NOT_STARTED
        else:
            status = PlacementStatus.RUNNING
        self.db.execute(
            """UPDATE placements SET status = ?, version = version + 1, updated_at = ?,
               updated_by = ? WHERE id = (SELECT placement_id FROM meetings WHERE id = ?
               AND kind = 'intake') AND status IN ('planned', 'running', 'not_started')""",
            [status.value, self.now_iso(), self.user, meeting_id],
        )

    def update_participant(self, row_id: int, version: int, **changes: object) -> int:
        """Change a participant's name, role or party."""
        with self.transaction():
            return self._update("participants", {"id": row_id}, version, changes)

    def update_goal(self, row_id: int, version: int, text: str) -> int:
        """Change a learning goal's text."""
        with self.transaction():
            return self._update("goals", {"id": row_id}, version, {"text": text})

    def update_support(self, row_id: int, version: int, **changes: object) -> int:
        """Change a support item's kind or text."""
        with self.transaction():
            return self._update("support", {"id": row_id}, version, changes)

    def update_agreement(self, row_id: int, version: int, **changes: object) -> int:
        """Change an agreement: kind, text, owner, due date, frequency, status."""
        with self.transaction():
            return self._update("agreements", {"id": row_id}, version, changes)

    def update_factor(
        self,
        meeting_id: int,
        factor: Factor,
        version: int,
        *,
        status: FactorStatus | None = None,
        note: str | None = None,
    ) -> int:
        """Set a factor's status and/or note."""
        changes: dict[str, object] = {}
        if status is not None:
            changes["status"] = status.value
        if note is not None:
            changes["note"] = clean_text(note)
        if not changes:
            return version
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE factors SET "
                + ", ".join(f"[{c}] = ?" for c in changes)
                + ", version = version + 1, updated_at = ?, updated_by = ? "
                "WHERE meeting_id = ? AND factor = ? AND version = ?",
                [*changes.values(), self.now_iso(), self.user, meeting_id, factor.value, version],
            )
            if cursor.rowcount != 1:
                raise StaleEdit("factors", (meeting_id, factor.value))
        return version + 1

    def delete(self, table: str, row_id: int) -> None:
        """Remove a participant, goal, support item or agreement."""
        if table not in ("participants", "goals", "support", "agreements"):
            raise ValueError(f"rows of {table} are not deleted one by one")
        with self.transaction():
            self.db.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])

    def prune_empty(self, meeting_id: int) -> None:
        """Remove goals, support items and agreements that were added but never filled in."""
        with self.transaction():
            for table in ("goals", "support", "agreements"):
                # Blank as the flow and the minutes see it: spaces, tabs and line breaks only.
                self.db.execute(
                    f"DELETE FROM [{table}] WHERE meeting_id = ? "
                    "AND trim(text, char(32, 9, 10, 13)) = ''",
                    [meeting_id],
                )

    def sign(self, meeting_id: int, party: Party, name: str) -> None:
        """Record that `party` agrees with the minutes, signed by `name`.

        Raises:
            NotReady: An evaluation still has an open agreement without a disposition.
        """
        with self.transaction():
            undecided = self.db.execute(
                "SELECT count(*) FROM dispositions WHERE meeting_id = ? AND disposition IS NULL",
                [meeting_id],
            ).fetchone()[0]
            if undecided:
                raise NotReady(meeting_id)
            self.db.execute(
                """INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, party) DO UPDATE SET
                   name = excluded.name, signed_at = excluded.signed_at,
                   signed_by = excluded.signed_by""",
                [meeting_id, party.value, clean_line(name).strip(), self.now_iso(), self.user],
            )

    def unsign(self, meeting_id: int, party: Party) -> None:
        """Withdraw a party's sign-off, e.g. after the minutes changed."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM sign_offs WHERE meeting_id = ? AND party = ?",
                [meeting_id, party.value],
            )

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
            start=_date(r["start"]),
            end=_date(r["end"]),
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
            next_evaluation=_date(m["next_evaluation"]),
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
                _agreement(r)
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
                agreement=_agreement(r),
                made_on=date.fromisoformat(r["made_on"]),
                carried=r["carried"],
                disposition=Disposition(r["disposition"]) if r["disposition"] else None,
                reason=r["reason"],
                version=r["review_version"],
            )
            for r in rows
        )

    _SUMMARY = """
        SELECT m.id, m.placement_id, m.kind, m.date, m.decision, s.name AS student,
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
            where, since, fetch = "", None, 4 * max(limit, 1)
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
                last_meeting=_date(r["last_meeting"]),
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
        return [(_agreement(r), date.fromisoformat(r["made_on"])) for r in rows]

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

    def record(
        self, action: str, entity: str, entity_id: int | None, meeting_id: int | None
    ) -> None:
        """Add an action the triggers cannot see (an export, an erasure) to the audit trail."""
        with self.transaction():
            self.db.execute(
                """INSERT INTO audit (at, os_user, ssh_client, action, entity, entity_id,
                   meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [self.now_iso(), self.user, self.client, action, entity, entity_id, meeting_id],
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
