"""Bringing a dossier back: a student this database knows, with what a laptop did to her.

A dossier whose student this database knows by her identity (`identities`) is merged, not
added again. Row by row, by identity:

- a row this database does not know comes in (a new evaluation, an agreement added there);
- a row changed only in the dossier is changed here (through the store's own edit, audited);
- a row changed only here, or not at all, is left alone;
- a row changed on both sides is a clash: this database's version stays, the dossier's is kept
  aside (`set_aside`, the meeting's History, as when two coordinators type at once), and each
  clash is named. Kept aside once: the same dossier brought back again adds nothing.

"Changed" is decided against the row's base, the version the two last agreed on, which the
dossier carries per row (and this database keeps for the rows it took along). Nothing is ever
deleted: a row missing from the dossier is left as it is here.

A row removed here meanwhile stays removed if the dossier did not change it, and comes back
if it did (the laptop's work is not lost); either is named.

Signed minutes stay as signed: a change to a meeting all three signed here is a clash (the lock
triggers of `migrate_signed` refuse it; the dossier's version is kept aside). Signatures made on
the laptop come in only if nobody changed the meeting here meanwhile (no row changed, added or
removed); else they are not taken over (named), so nobody's signature stands under a text they
did not sign.

The dossier is untrusted: before anything is written, `recognising` checks that every identity
it names leads to a row of the same student, in the placement and meeting the dossier puts it
in; else the whole dossier is refused.
"""

from __future__ import annotations

import json
from typing import Any

from driehoek import dossier_prepared, identities, signing
from driehoek.brought import Brought, Event
from driehoek.domain import Factor, Part, Ref
from driehoek.dossier_check import BadDossier, Problem
from driehoek.dossier_model import Dossier, Meeting, Placement
from driehoek.dossier_writer import LINES, Writer
from driehoek.recognising import recognise
from driehoek.store import Signed, StaleEdit, Store
from driehoek.text import clean_line

_WRITES = ("new", "returned", "changed", "clash", "signed_here", "signatures")
"""The events that write something (the import is then in the audit trail): the others name
what was left as it was, so the same dossier brought back again writes nothing at all."""


class _DryRun(Exception):
    """Raised at the end of a dry run, so that its transaction is rolled back."""


def _same_as_base(table: str, row: Any) -> bool:
    """Whether the dossier's row is as it was when the two last agreed on it."""
    return (
        row.base is not None
        and identities.fingerprint(table, row.model_dump(mode="json")) == row.base
    )


class _Back:
    def __init__(self, store: Store, d: Dossier, student_id: int) -> None:
        self.store = store
        self.d = d
        self.writer = Writer(store, d)
        self.writer.student_id = student_id
        self.result = Brought(student_id)
        found = recognise(store, d, student_id)  # refuses the dossier before any write
        self.here = found.here
        self.gone = found.gone
        for (table, dossier_id), row_id in self.here.items():
            self.writer.moved.setdefault(table, {})[dossier_id] = row_id
        self.changed_here: set[int] = set()  # meetings with a change made here meanwhile
        self.where = ""  # the student or placement being compared, for a refusal

    # -- merging ----------------------------------------------------------------------------

    def run(self) -> Brought:
        student_id = self.result.student_id
        for i, p in enumerate(self.d.placements):
            placement_id = self.here.get(("placements", p.id))
            if placement_id is None:
                same = _same_as_base("placements", p) and all(map(self._untouched, p.meetings))
                if self._stays_removed("placements", p, None, same):
                    continue
                placement_id = self.writer.whole_placement(p)
                self._event(self._new_or_back("placements", p), "placements", placement_id, None)
                continue
            self.placement(p, placement_id)
            # After its meetings: a placement planned here has none until the laptop's intake
            # comes in, and a clash over the placement is kept aside in its newest meeting.
            self.where = f"placements[{i}]"
            self.compare("placements", p, placement_id, self._newest(placement_id))
        self.where = "student"
        self.compare("students", self.d.student, student_id, self._newest(None))
        if any(e.what in _WRITES for e in self.result.events):
            self.store.record("import", "students", student_id, None)
        return self.result

    def placement(self, p: Placement, placement_id: int) -> None:
        new: list[Meeting] = []
        for m in p.meetings:
            meeting_id = self.here.get(("meetings", m.id))
            if meeting_id is None:
                if self._stays_removed("meetings", m, None, self._untouched(m)):
                    continue
                self.writer.meeting(m, placement_id)
                new.append(m)
                moved = self.writer.moved["meetings"][m.id]
                self._event(self._new_or_back("meetings", m), "meetings", moved, None)
            else:
                self.meeting(m, meeting_id)
        for e in p.logbook:
            entry_id = self.here.get(("logbook", e.id))
            if entry_id is None:
                if self._stays_removed("logbook", e, None, True):
                    continue
                self.writer.log_entry(e, placement_id)
                self._event("new", "logbook", self.writer.moved["logbook"][e.id], None)
            elif e.meeting_id is not None:
                meeting_id = self.writer.moved["meetings"][e.meeting_id]
                if not signing.closed(self.store.db, meeting_id):
                    self._take_up(entry_id, meeting_id)
        for m in new:
            self.writer.signed(m)
        for m in p.meetings:
            if ("meetings", m.id) in self.here:
                self.signatures(m, self.here[("meetings", m.id)])

    def meeting(self, m: Meeting, meeting_id: int) -> None:
        self.compare("meetings", m, meeting_id, meeting_id)
        for f in m.factors:
            self.compare("factors", f, meeting_id, meeting_id, f.factor.value)
        for key in LINES:
            table = identities.ROWS_OF_A_MEETING[key]
            if self._added_here(table, meeting_id, getattr(m, key)):
                self.changed_here.add(meeting_id)
            for row in getattr(m, key):
                row_id = self.here.get((table, row.id)) or self._same_key(table, row, meeting_id)
                if row_id is not None:
                    self.compare(table, row, row_id, meeting_id)
                elif self._stays_removed(table, row, meeting_id, _same_as_base(table, row)):
                    continue
                elif signing.closed(self.store.db, meeting_id):
                    # Signed here: the line cannot be added; it is kept aside, whole.
                    values = identities.content(table, row.model_dump(mode="json"))
                    self._aside(table, 0, meeting_id, values, "", "signed_here")
                else:
                    self.writer.line(key, row, meeting_id)
                    moved = self.writer.moved[table][row.id]
                    self._event(self._new_or_back(table, row), table, moved, meeting_id)
        for what, row_id in dossier_prepared.bring_back(self.store, m, meeting_id):
            self._event(what, "preparations", row_id, meeting_id)

    def _same_key(self, table: str, row: Any, meeting_id: int) -> int | None:
        """A line this database made on its own that the schema allows once per meeting (an
        answer to a question by a party, progress on a goal, the review of an agreement) is the
        same line as the dossier's, though their identities differ: compared, not added."""
        moved = self.writer.moved
        if table == "answers":
            where, key = "question = ? AND party = ?", [row.question.value, row.party.value]
        elif table == "progress":
            where, key = "goal_id = ?", [moved.get("goals", {}).get(row.goal_id)]
        elif table == "dispositions":
            where, key = "agreement_id = ?", [moved.get("agreements", {}).get(row.agreement.id)]
        else:
            return None
        found = self.store.db.execute(
            f"SELECT id FROM [{table}] WHERE meeting_id = ? AND {where}", [meeting_id, *key]
        ).fetchone()
        return None if found is None else int(found[0])

    def _added_here(self, table: str, meeting_id: int, rows: list[Any]) -> bool:
        """Whether the meeting here holds a line of `table` the dossier does not, or lost one
        it holds (added or removed here meanwhile: the laptop's signers never saw that)."""
        known = {self.here.get((table, r.id)) for r in rows}
        if any((table, r.id) in self.gone for r in rows):
            return True
        ids = self.store.db.execute(
            f"SELECT id FROM [{table}] WHERE meeting_id = ?", [meeting_id]
        ).fetchall()
        return any(int(r[0]) not in known for r in ids)

    def _stays_removed(self, table: str, row: Any, meeting_id: int | None, same: bool) -> bool:
        """A row removed here that the dossier did not change stays removed (named); one the
        dossier changed comes back (`_new_or_back`), so that the laptop's work is not lost."""
        gone = self.gone.get((table, row.id))
        if gone is None or not same:
            return False
        self._event("stays_removed", table, gone, meeting_id)
        return True

    def _new_or_back(self, table: str, row: Any) -> str:
        return "returned" if (table, row.id) in self.gone else "new"

    def _untouched(self, m: Meeting) -> bool:
        """Whether the dossier holds a meeting as it was agreed: its row, factors and lines."""
        if not _same_as_base("meetings", m):
            return False
        if not all(_same_as_base("factors", f) for f in m.factors):
            return False
        return all(
            _same_as_base(identities.ROWS_OF_A_MEETING[key], row)
            and identities.known(self.store, identities.ROWS_OF_A_MEETING[key], row.uid)
            for key in LINES
            for row in getattr(m, key)
        )

    def compare(
        self, table: str, row: Any, row_id: int, meeting_id: int | None, f: str = ""
    ) -> None:
        """One row the dossier and this database both hold: see the module docstring."""
        theirs = identities.content(table, row.model_dump(mode="json"))
        here = identities.stored_row(self.store, table, row_id, f)
        if here is None:  # removed while this ran (a follow-up): nothing to compare with
            return
        mine = identities.content(table, here)
        agreed = self._agreed_base(table, row_id, f)
        if theirs == mine:
            self._agree(table, row_id, row, f)
            self.result.unchanged += 1
            return
        hashed = identities.fingerprint(table, here)
        if hashed in (row.base, agreed):  # not changed here since: theirs comes in
            changes = {c: v for c, v in theirs.items() if mine.get(c) != v}
            try:
                self._edit(table, row_id, f, changes)
            except (Signed, StaleEdit):
                self._aside(table, row_id, meeting_id, changes, f, "signed_here")
                return
            self._agree(table, row_id, row, f)
            self._event("changed", table, row_id, meeting_id)
            return
        if meeting_id is not None:
            self.changed_here.add(meeting_id)
        if identities.fingerprint(table, row.model_dump(mode="json")) == row.base:
            self.result.unchanged += 1  # changed here only: left as it is
            return
        changes = {c: v for c, v in theirs.items() if mine.get(c) != v}
        self._aside(table, row_id, meeting_id, changes, f, "clash")

    def _agreed_base(self, table: str, row_id: int, factor: str) -> str | None:
        found = self.store.db.execute(
            """SELECT base FROM identities
               WHERE entity = ? AND row_id = ? AND factor = ? AND removed = 0""",
            [table, row_id, factor],
        ).fetchone()
        return None if found is None else str(found[0])

    def _agree(self, table: str, row_id: int, row: Any, factor: str) -> None:
        base = identities.fingerprint(table, row.model_dump(mode="json"))
        identities.agreed(self.store, table, row_id, base, factor)

    def _edit(self, table: str, row_id: int, factor: str, changes: dict[str, object]) -> None:
        if table == "factors":
            where, ref = "meeting_id = ? AND factor = ?", Ref(Part.FACTOR, row_id, Factor(factor))
            params: list[object] = [row_id, factor]
        else:
            where, ref, params = "id = ?", Ref(Part(table), row_id), [row_id]
        version = self.store.db.execute(
            f"SELECT version FROM [{table}] WHERE {where}", params
        ).fetchone()[0]
        self.store.edit(ref, int(version), changes)

    def _aside(
        self,
        table: str,
        row_id: int,
        meeting_id: int | None,
        values: dict[str, object],
        factor: str,
        why: str,
    ) -> None:
        """Keep the dossier's version aside, once (the same version again is no new clash)."""
        if meeting_id is None:
            # A student or placement without any meeting here: nowhere to keep it aside.
            raise BadDossier([Problem(self.where, "clash_without_meeting")])
        value = json.dumps(values, ensure_ascii=False, sort_keys=True)
        entity_id = meeting_id if table == "factors" else row_id
        before = self.store.db.execute(
            """SELECT 1 FROM set_aside WHERE meeting_id = ? AND entity = ? AND entity_id = ?
               AND coalesce(factor, '') = ? AND value = ?""",
            [meeting_id, table, entity_id, factor, value],
        ).fetchone()
        if before is not None:
            self._event("kept_before", table, row_id, meeting_id)
            return
        self.store.db.execute(
            """INSERT INTO set_aside (meeting_id, entity, entity_id, factor, value, author,
               set_by, set_at) VALUES (?, ?, ?, ?, ?, '', ?, ?)""",
            [meeting_id, table, entity_id, factor or None, value, self.store.user,
             self.store.now_iso()],
        )  # fmt: skip
        self._event(why, table, row_id, meeting_id)

    def _take_up(self, entry_id: int, meeting_id: int) -> None:
        """A log entry the laptop's evaluation took up, taken up here too if it is not yet."""
        cursor = self.store.db.execute(
            "UPDATE logbook SET meeting_id = ? WHERE id = ? AND meeting_id IS NULL",
            [meeting_id, entry_id],
        )
        if cursor.rowcount:
            self._event("changed", "logbook", entry_id, meeting_id)

    def signatures(self, m: Meeting, meeting_id: int) -> None:
        """The laptop's signatures on a meeting here, if nobody changed it here meanwhile."""
        have = {
            str(r[0])
            for r in self.store.db.execute(
                "SELECT party FROM sign_offs WHERE meeting_id = ?", [meeting_id]
            ).fetchall()
        }
        missing = [s for s in m.sign_offs if s.party.value not in have]
        if not missing:
            return
        if meeting_id in self.changed_here:
            self._event("not_signed", "meetings", meeting_id, meeting_id)
            return
        signed_at = {
            str(r[0])
            for r in self.store.db.execute(
                "SELECT signed_at FROM signed_versions WHERE meeting_id = ?", [meeting_id]
            ).fetchall()
        }
        for version in m.signed_versions:
            if version.signed_at not in signed_at:
                self.writer.signed_version(version, meeting_id)
        for s in missing:
            self.store.db.execute(
                """INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by)
                   VALUES (?, ?, ?, ?, ?)""",
                [meeting_id, s.party.value, clean_line(s.name), s.signed_at, self.store.user],
            )
        self._event("signatures", "meetings", meeting_id, meeting_id)

    def _newest(self, placement_id: int | None) -> int | None:
        """The meeting a student's or placement's clash is kept aside in: the newest."""
        found = self.store.db.execute(
            """SELECT m.id FROM meetings m JOIN placements p ON p.id = m.placement_id
               WHERE p.student_id = ? AND ? IN (p.id, 0) ORDER BY m.date DESC, m.id DESC""",
            [self.result.student_id, placement_id or 0],
        ).fetchone()
        return None if found is None else int(found[0])

    def _event(self, what: str, table: str, row_id: int, meeting_id: int | None) -> None:
        self.result.events.append(Event(what, table, row_id, meeting_id))


def bring_back(store: Store, d: Dossier, student_id: int, *, dry_run: bool = False) -> Brought:
    """Merge a dossier of a student this database knows, in one transaction.

    Args:
        store: The database.
        d: The checked dossier.
        student_id: Her id here (`recognised`).
        dry_run: Do it all, say what it did, and roll it back: nothing changes.

    Raises:
        BadDossier: A row it names is another student's, or in another placement or meeting
            than the dossier says; nothing is written.
    """
    done: Brought | None = None
    try:
        with store.transaction():
            done = _Back(store, d, student_id).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert done is not None
    return done


__all__ = ["Brought", "Event", "bring_back"]
