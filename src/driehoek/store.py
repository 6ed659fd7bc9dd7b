"""The store: domain objects in, domain objects out; the only module that speaks SQL.

Every write runs in `BEGIN IMMEDIATE` (it waits for the write lock instead of failing with
"database is locked"), and every edit of an existing row names the version it was based on:
if someone else changed the row since, the edit is refused with `StaleEdit`, never applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from driehoek import logbook, schedule, signing
from driehoek.database import identify
from driehoek.dates import MEETING_TZ
from driehoek.domain import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    LearningGoal,
    MeetingKind,
    Part,
    Participant,
    Party,
    Placement,
    PlacementStatus,
    Pressure,
    Question,
    Ref,
    SupportItem,
    SupportKind,
)
from driehoek.editable import editable, members, stored_form
from driehoek.migrate_signed import SIGNED
from driehoek.reading import NotFound, Reading, fts_prefix_query
from driehoek.stored import parse_day
from driehoek.text import clean_line, clean_text
from driehoek.wal import close_database

if TYPE_CHECKING:
    from sqlite_utils import Database

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware; injected so tests can fix it."""

EVALUATION_MONTHS = 3
"""The triangle evaluates every quarter: a placement's cadence is three months unless set."""


class StaleEdit(Exception):
    """The row changed (or vanished) since the version the edit was based on."""

    def __init__(self, table: str, row_id: object) -> None:
        super().__init__(f"{table} {row_id} was changed by someone else")
        self.table = table
        self.row_id = row_id


class Signed(Exception):
    """The meeting is signed by all three: nothing in it changes until it is reopened
    (`signing.reopen`). The schema refuses such a write whoever makes it (see
    `migrate_signed`); the store says so with this."""


class NotReady(Exception):
    """The meeting cannot be closed yet: an evaluation's open agreements each need a
    disposition before anyone signs it."""


# What each table lets an edit change, and how a value is cleaned on the way in. Column names
# in SQL come only from here, never from a caller.
class Store(Reading):
    """All reads and writes of driehoek data, on one connection owned by one thread."""

    def __init__(
        self, db: Database | sqlite3.Connection, *, clock: Clock, user: str = "", client: str = ""
    ) -> None:
        super().__init__(db)
        self.closed = False
        """Whether `close` was called: the connection is gone."""
        self.clock = clock
        self.user = user
        self.client = client
        # The audit trail names this store's user and time (see migrations: the triggers).
        identify(self.conn, user=user, client=client, now=self.now_iso)
        self._data_version = self._read_data_version()

    def close(self) -> None:
        """Close the connection, leaving what it committed in the database file itself (a
        truncating checkpoint: see `wal.close_database`). Calling it twice is harmless."""
        self.closed = True
        close_database(self.conn)

    def _read_data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        """Whether another connection committed since the last call (one cheap PRAGMA:
        SQLite counts other connections' commits, never this one's); never, once closed (the
        session is on its way out: a poll must not touch the connection)."""
        if self.closed:
            return False
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
            with _signed_as_signed():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            with _signed_as_signed():
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
        values = stored_form(table, changes) | self._stamp()
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
            logbook.take_up(self, placement_id, meeting_id)
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
        if ref.part is Part.PLACEMENT:
            return self.update_placement(ref.id, version, **changes)
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
        """Change placement details; returns the new version. Raises StaleEdit.

        A new start, end or cadence moves the next date of each unsigned meeting of the
        placement that still holds the default (`_follow_period`)."""
        with self.transaction():
            period = {"start", "end", "cadence_months"} & set(changes)
            before = self.placement(placement_id) if period else None
            new_version = self._update("placements", {"id": placement_id}, version, changes)
            if before is not None:
                self._follow_period(before)
        return new_version

    @staticmethod
    def _default_next(p: Placement, day: date) -> str | None:
        # A start or end the file holds but cannot read is None here: not known.
        planned = schedule.next_evaluation(day, start=p.start, end=p.end, cadence=p.cadence_months)
        return planned.isoformat() if planned else None

    def _follow_period(self, before: Placement) -> None:
        # The next date is a default until someone sets it: a meeting whose date is still the
        # one the old start, end and cadence gave follows the new ones. One set by hand stays,
        # and signed minutes are never changed underneath their signatures.
        after = self.placement(before.id)
        for m in self._rows(
            """SELECT id, date, next_evaluation FROM meetings m WHERE placement_id = ?
               AND NOT EXISTS (SELECT 1 FROM sign_offs WHERE meeting_id = m.id)""",
            [before.id],
        ):
            day = parse_day(m["date"])
            if day is None or m["next_evaluation"] != self._default_next(before, day):
                continue
            planned = self._default_next(after, day)
            if planned != m["next_evaluation"]:
                self.db.execute(
                    """UPDATE meetings SET next_evaluation = ?, version = version + 1,
                       updated_at = ?, updated_by = ? WHERE id = ?""",
                    [planned, self.now_iso(), self.user, m["id"]],
                )

    def _follow_date(self, meeting_id: int, changes: dict[str, object]) -> None:
        # A meeting moved to another day takes the next date that day gives, if it still had
        # the default of its old day (and is not signed): in the same write, one version on.
        rows = self._rows(
            """SELECT placement_id, date, next_evaluation FROM meetings m WHERE id = ?
               AND NOT EXISTS (SELECT 1 FROM sign_offs WHERE meeting_id = m.id)""",
            [meeting_id],
        )
        new = changes["date"]
        new_day = parse_day(new) if isinstance(new, str) else new  # a version put back: text
        old_day = parse_day(rows[0]["date"]) if rows else None
        if old_day is None or not isinstance(new_day, date):
            return
        p = self.placement(rows[0]["placement_id"])
        if rows[0]["next_evaluation"] == self._default_next(p, old_day):
            changes["next_evaluation"] = self._default_next(p, new_day)

    def update_meeting(self, meeting_id: int, version: int, **changes: object) -> int:
        """Change meeting fields; an intake's decision and an evaluation's conclusion also
        move the placement's status, and a new date its default next date."""
        with self.transaction():
            if "date" in changes and "next_evaluation" not in changes:
                self._follow_date(meeting_id, changes)
            new_version = self._update("meetings", {"id": meeting_id}, version, changes)
            if "decision" in changes:
                self._follow_decision(meeting_id, changes["decision"])
            if "continuation" in changes:
                self._follow_continuation(meeting_id, changes["continuation"])
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
        self._move_placement(
            meeting_id,
            MeetingKind.INTAKE,
            (PlacementStatus.PLANNED, PlacementStatus.RUNNING, PlacementStatus.NOT_STARTED),
            status,
        )

    def _follow_continuation(self, meeting_id: int, continuation: object) -> None:
        # An evaluation that ends the placement ends it early (the placement view then says
        # so, and planning stops asking for the next evaluation); choosing otherwise after all
        # takes that back. A completed placement, set by hand, is left alone.
        ends = bool(continuation) and Continuation(str(continuation)) is Continuation.END
        before, after = (
            (PlacementStatus.RUNNING, PlacementStatus.ENDED_EARLY)
            if ends
            else (PlacementStatus.ENDED_EARLY, PlacementStatus.RUNNING)
        )
        self._move_placement(meeting_id, MeetingKind.EVALUATION, (before,), after)

    def _move_placement(
        self,
        meeting_id: int,
        kind: MeetingKind,
        from_statuses: tuple[PlacementStatus, ...],
        to: PlacementStatus,
    ) -> None:
        """Set the status of the placement of `meeting_id` (a meeting of `kind`) to `to`, if
        it now has one of `from_statuses`."""
        marks = ", ".join("?" * len(from_statuses))
        self.db.execute(
            f"""UPDATE placements SET status = ?, version = version + 1, updated_at = ?,
               updated_by = ? WHERE id = (SELECT placement_id FROM meetings WHERE id = ?
               AND kind = ?) AND status IN ({marks})""",
            [to.value, self.now_iso(), self.user, meeting_id, kind.value]
            + [s.value for s in from_statuses],
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
        """Remove goals, support items and agreements that were added but never filled in
        (none of a signed meeting: it stays as it was signed)."""
        with self.transaction():
            if signing.closed(self.db, meeting_id):
                return
            for table in ("goals", "support", "agreements"):
                # Blank as the flow and the minutes see it: spaces, tabs and line breaks only.
                self.db.execute(
                    f"DELETE FROM [{table}] WHERE meeting_id = ? "
                    "AND trim(text, char(32, 9, 10, 13)) = ''",
                    [meeting_id],
                )

    def sign(self, meeting_id: int, party: Party, name: str) -> None:
        """Record that `party` agrees with the minutes, signed by `name`.

        The third sign-off closes the meeting: what all three signed is kept (see `signing`).

        Raises:
            NotReady: An evaluation still has an open agreement without a disposition.
            Signed: All three signed it already.
        """
        with self.transaction():
            if signing.closed(self.db, meeting_id):
                raise Signed(meeting_id)
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
            if signing.closed(self.db, meeting_id):
                signing.close(self, meeting_id)

    def unsign(self, meeting_id: int, party: Party) -> None:
        """Withdraw a party's sign-off from a meeting not all three signed yet.

        Raises:
            Signed: All three signed it: only reopening it (with a reason) withdraws that.
        """
        with self.transaction():
            if signing.closed(self.db, meeting_id):
                raise Signed(meeting_id)
            self.db.execute(
                "DELETE FROM sign_offs WHERE meeting_id = ? AND party = ?",
                [meeting_id, party.value],
            )

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


@contextmanager
def _signed_as_signed() -> Iterator[None]:
    """The schema's refusal to change a signed meeting, as the `Signed` it means."""
    try:
        yield
    except sqlite3.IntegrityError as e:
        if str(e) == SIGNED:
            raise Signed() from e
        raise


__all__ = [
    "Clock",
    "NotFound",
    "NotReady",
    "Signed",
    "StaleEdit",
    "Store",
    "editable",
    "fts_prefix_query",
    "stored_form",
]
