"""Editing what is stored, each edit on the version it was based on; deleting, signing
(`Store`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from driehoek.domain import (
    AgreementStatus,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    MeetingKind,
    Part,
    Party,
    Placement,
    PlacementStatus,
    Ref,
)
from driehoek.store_base import NotReady, Signed, StaleEdit, StoreBase
from driehoek.stored import parse_day
from driehoek.text import clean_line, clean_text


class Editing(StoreBase):
    """The writes that change or remove rows, and the signatures."""

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
        from driehoek import signing  # a meeting's modules: not at start

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
        from driehoek import signing  # a meeting's modules: not at start

        with self.transaction():
            if signing.closed(self.db, meeting_id):
                raise Signed(meeting_id)
            undecided = self.db.execute(
                "SELECT count(*) FROM dispositions WHERE meeting_id = ? AND disposition IS NULL",
                [meeting_id],
            ).fetchone()[0]
            if undecided:
                raise NotReady(meeting_id)
            if (
                self._signatures(meeting_id) == len(Party) - 1
                and not self._signed_by(meeting_id, party)
                # a file of an older schema (the upgrade tests) has no such column
                and "supervision_threshold" in self.db["meetings"].columns_dict
            ):
                # The last signature: minutes that weigh the time given keep the threshold
                # they are signed with (others have nothing to flag: their row stays as is).
                self.db.execute(
                    """UPDATE meetings SET supervision_threshold = ?
                       WHERE id = ? AND supervision_minutes IS NOT NULL""",
                    [self.supervision_threshold, meeting_id],
                )
            self.db.execute(
                """INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, party) DO UPDATE SET
                   name = excluded.name, signed_at = excluded.signed_at,
                   signed_by = excluded.signed_by""",
                [meeting_id, party.value, clean_line(name).strip(), self.now_iso(), self.user],
            )
            if signing.closed(self.db, meeting_id):
                signing.close(self, meeting_id)

    def _signatures(self, meeting_id: int) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM sign_offs WHERE meeting_id = ?", [meeting_id]
        ).fetchone()
        return int(row[0])

    def _signed_by(self, meeting_id: int, party: Party) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM sign_offs WHERE meeting_id = ? AND party = ?",
            [meeting_id, party.value],
        ).fetchone()
        return row is not None

    def unsign(self, meeting_id: int, party: Party) -> None:
        """Withdraw a party's sign-off from a meeting not all three signed yet.

        Raises:
            Signed: All three signed it: only reopening it (with a reason) withdraws that.
        """
        from driehoek import signing  # a meeting's modules: not at start

        with self.transaction():
            if signing.closed(self.db, meeting_id):
                raise Signed(meeting_id)
            self.db.execute(
                "DELETE FROM sign_offs WHERE meeting_id = ? AND party = ?",
                [meeting_id, party.value],
            )
