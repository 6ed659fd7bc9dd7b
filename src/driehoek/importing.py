"""Importing a student's dossier (the JSON of `driehoek export --student`): checked whole first
(`dossier_check`), then written in one transaction.

Nothing is written before the whole file has been checked, and the database is not even
opened for a file that fails: a bad dossier leaves every byte of the database as it was.
Like the store, this module speaks SQL; it writes through `Store.transaction()`, so the write
takes the lock up front and the audit trail sees every row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from driehoek.domain import Pressure
from driehoek.dossier_check import BadDossier, Problem, parse, parse_data
from driehoek.dossier_model import (
    MAX_DOSSIER_BYTES,
    MAX_ID,
    Dossier,
    LogEntry,
    Meeting,
    Placement,
    SignedVersion,
)
from driehoek.record import parse_crebo, parse_email, parse_recognition
from driehoek.store import Store
from driehoek.text import clean_line, clean_text


def read_dossier(path: Path) -> Dossier:
    """Read a dossier file and check all of it.

    Raises:
        BadDossier: With every problem found (not JSON, not a dossier, a newer format, a
            field's type, value, length or reference); nothing has been written.
        OSError: The file cannot be read.
    """
    with path.open("rb") as f:
        # One byte more than allowed tells a file that is too big, without reading all of a
        # huge file (or a device that never ends) into memory.
        raw = f.read(MAX_DOSSIER_BYTES + 1)
    return parse(raw)


@dataclass(frozen=True)
class Imported:
    """What an import made: the student's id, and how many placements and meetings."""

    student_id: int
    placements: int
    meetings: int


class _Importer:
    """Writes one dossier's rows, keeping each id where it is free, else taking a new one.

    Free means free in this database before the import: a row whose id is taken gets one
    above every id the dossier brings, so it never takes the id a later row of the dossier
    comes with (which would then have to move too).
    """

    def __init__(self, store: Store, dossier: Dossier) -> None:
        self.store = store
        self.dossier = dossier
        self.brought = _dossier_ids(dossier)
        self.stamp = {"updated_at": store.now_iso(), "updated_by": store.user}
        # Per table, old id -> new id: later meetings point at earlier rows (an evaluation's
        # progress names a goal of the intake; its reviews name earlier agreements), and
        # values set aside name their row.
        self.moved: dict[str, dict[int, int]] = {}

    def write(self) -> int:
        """Every row of the dossier, in one transaction; returns the student's id."""
        d = self.dossier
        with self.store.transaction():
            s = d.student
            student_id = self.insert(
                "students",
                {
                    "id": s.id,
                    "name": clean_line(s.name).strip(),
                    "version": s.version,
                    "student_number": clean_line(s.student_number),
                },
            )
            for p in d.placements:
                placement_id = self.placement(p, student_id)
                for m in p.meetings:
                    self.meeting(m, placement_id)
                for e in p.logbook:
                    self.log_entry(e, placement_id)
                # The sign-offs last: a meeting all three signed is closed, and the schema
                # lets nothing of it in after that (migrate_signed), the log it took up
                # included. This is the one writer that brings signed meetings in, as they were.
                for m in p.meetings:
                    self.signed(m)
            self.unreadable_values(student_id)
            self.store.record("import", "students", student_id, None)
        return student_id

    def insert(self, table: str, row: dict[str, Any]) -> int:
        row = {**row, **self.stamp}
        wanted = row.pop("id", None)
        db = self.store.db
        if wanted is not None:
            taken = db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [wanted]).fetchone()
            if taken:
                highest = db.execute(f"SELECT max(id) FROM [{table}]").fetchone()[0] or 0
                wanted = max([highest, *self.brought.get(table, ())]) + 1
            if wanted <= MAX_ID:  # else SQLite finds a free one
                row = {"id": wanted, **row}
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = db.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())
        )
        return int(cursor.lastrowid or 0)

    def keep(self, table: str, old: int, new: int) -> int:
        """Remember that the dossier's row `old` of `table` is `new` here; returns `new`."""
        self.moved.setdefault(table, {})[old] = new
        return new

    def organisation(self, name: str, recognition_number: str) -> int:
        """The organisation of that name here (a new one if there is none), with the SBB
        number the dossier brings where it has none yet: one this database holds is not
        replaced by a file's."""
        name = clean_line(name).strip()
        number = parse_recognition(clean_line(recognition_number))  # checked: it parses
        db = self.store.db
        found = db.execute(
            "SELECT id FROM organisations WHERE name = ? COLLATE NOCASE", [name]
        ).fetchone()
        if found is None:
            return self.insert("organisations", {"name": name, "recognition_number": number})
        if number:
            db.execute(
                """UPDATE organisations SET recognition_number = ?, version = version + 1,
                   updated_at = ?, updated_by = ? WHERE id = ? AND recognition_number = ''""",
                [number, *self.stamp.values(), found[0]],
            )
        return int(found[0])

    def placement(self, p: Placement, student_id: int) -> int:
        return self.keep(
            "placements",
            p.id,
            self.insert(
                "placements",
                {
                    "id": p.id,
                    "student_id": student_id,
                    "organisation_id": self.organisation(p.organisation, p.recognition_number),
                    "team": clean_line(p.team),
                    "programme": clean_line(p.programme),
                    "pathway": p.pathway.value,
                    "start": p.start,
                    "end": p.end,
                    "status": p.status.value,
                    "cadence_months": p.cadence_months,
                    "outcome_reason": clean_text(p.outcome_reason),
                    **_record(p),
                    "version": p.version,
                },
            ),
        )

    def meeting(self, m: Meeting, placement_id: int) -> None:
        ways = dict.fromkeys(w.value for w in m.learning_ways)  # each once, in the file's order
        meeting_id = self.keep(
            "meetings",
            m.id,
            self.insert(
                "meetings",
                {
                    "id": m.id,
                    "placement_id": placement_id,
                    "kind": m.kind.value,
                    "date": m.date,
                    "learning_ways": ",".join(ways),
                    "learning_note": clean_text(m.learning_note),
                    "decision": m.decision.value if m.decision else None,
                    "decision_reasons": clean_text(m.decision_reasons),
                    "next_evaluation": m.next_evaluation,
                    "continuation": m.continuation.value if m.continuation else None,
                    "location": clean_line(m.location),
                    "minute_taker": clean_line(m.minute_taker),
                    "pressures": ",".join(p.value for p in Pressure if p in m.pressures),
                    "pressures_note": clean_text(m.pressures_note),
                    "room_for_mistakes": m.room_for_mistakes.value,
                    "version": m.version,
                },
            ),
        )
        for p in m.participants:
            self.line(
                "participants",
                p.id,
                meeting_id,
                party=p.party.value,
                name=clean_line(p.name),
                role=clean_line(p.role),
                version=p.version,
            )
        for g in m.goals:
            self.line("goals", g.id, meeting_id, text=clean_text(g.text), version=g.version)
        for f in m.factors:
            self.insert(
                "factors",
                {
                    "meeting_id": meeting_id,
                    "factor": f.factor.value,
                    "status": f.status.value,
                    "note": clean_text(f.note),
                    "version": f.version,
                },
            )
        for s in m.support:
            self.line(
                "support",
                s.id,
                meeting_id,
                kind=s.kind.value,
                text=clean_text(s.text),
                version=s.version,
            )
        for a in m.agreements:
            self.line(
                "agreements",
                a.id,
                meeting_id,
                kind=a.kind.value,
                text=clean_text(a.text),
                owner=a.owner.value,
                due=a.due,
                frequency=clean_line(a.frequency),
                status=a.status.value,
                factor=a.factor.value if a.factor else None,
                version=a.version,
            )
        self.evaluation(m, meeting_id)

    def signed(self, m: Meeting) -> None:
        """A meeting's sign-offs and the versions of it that were signed."""
        meeting_id = self.moved["meetings"][m.id]
        for sign_off in m.sign_offs:
            self.store.db.execute(
                """INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by)
                   VALUES (?, ?, ?, ?, ?)""",
                [
                    meeting_id,
                    sign_off.party.value,
                    clean_line(sign_off.name),
                    sign_off.signed_at,
                    self.store.user,
                ],
            )
        for version in m.signed_versions:
            self.signed_version(version, meeting_id)

    def evaluation(self, m: Meeting, meeting_id: int) -> None:
        """An evaluation's own rows: answers, progress per goal, and dispositions."""
        for a in m.answers:
            self.line(
                "answers",
                a.id,
                meeting_id,
                question=a.question.value,
                party=a.party.value,
                text=clean_text(a.text),
                version=a.version,
            )
        for p in m.progress:
            # The check made sure the goal came earlier in the file: it has its id here.
            self.line(
                "progress",
                p.id,
                meeting_id,
                goal_id=self.moved["goals"][p.goal_id],
                text=clean_text(p.text),
                version=p.version,
            )
        for r in m.reviews:
            self.line(
                "dispositions",
                r.id,
                meeting_id,
                agreement_id=self.moved["agreements"][r.agreement.id],
                disposition=r.disposition.value if r.disposition else None,
                reason=clean_text(r.reason),
                version=r.version,
            )

    def signed_version(self, v: SignedVersion, meeting_id: int) -> None:
        """A version all three signed, as it was signed; its rows' ids are this database's,
        so that what changed since is found line by line."""
        data = v.data.model_dump(mode="json", exclude_unset=True)
        self.store.db.execute(
            """INSERT INTO signed_versions (meeting_id, signed_at, data, reopened_at,
                   reopened_by, reason) VALUES (?, ?, ?, ?, ?, ?)""",
            [
                meeting_id,
                v.signed_at,
                json.dumps(self.renumbered(data), ensure_ascii=False, sort_keys=True),
                v.reopened_at,
                clean_line(v.reopened_by),
                clean_text(v.reason),
            ],
        )

    def renumbered(self, data: dict[str, Any]) -> dict[str, Any]:
        """A signed version with the ids of the rows it names as they are here (a row since
        removed keeps the id it had: it is no row here)."""

        def moved(table: str, old: object) -> object:
            return self.moved.get(table, {}).get(old, old) if isinstance(old, int) else old

        data["id"] = moved("meetings", data.get("id"))
        for key in ("participants", "goals", "support", "agreements", "answers", "progress"):
            for row in data.get(key) or []:
                row["id"] = moved(key, row.get("id"))
                if key == "progress":
                    row["goal_id"] = moved("goals", row.get("goal_id"))
        for review in data.get("reviews") or []:
            review["id"] = moved("dispositions", review.get("id"))
            agreement = review.get("agreement")
            if isinstance(agreement, dict):
                agreement["id"] = moved("agreements", agreement.get("id"))
        return data

    def log_entry(self, e: LogEntry, placement_id: int) -> None:
        """An entry of the placement's log, naming its evaluation and agreement as here."""
        self.insert(
            "logbook",
            {
                "id": e.id,
                "placement_id": placement_id,
                "meeting_id": self.moved["meetings"][e.meeting_id] if e.meeting_id else None,
                "day": e.day,
                "kind": e.kind.value,
                "text": clean_text(e.text),
                "agreement_id": (
                    self.moved["agreements"][e.agreement_id] if e.agreement_id else None
                ),
                "created_at": e.created_at,
                "created_by": clean_line(e.created_by),
                "version": e.version,
            },
        )

    def line(self, table: str, old_id: int, meeting_id: int, **values: object) -> None:
        """One of a meeting's rows, under its own id if free."""
        row = {"id": old_id, "meeting_id": meeting_id, **values}
        self.keep(table, old_id, self.insert(table, row))

    def unreadable_values(self, student_id: int) -> None:
        """Values an upgrade set aside, back with the student, naming their rows' new ids."""
        for s in self.dossier.unreadable_values:
            moved = self.moved.get(s.entity, {})
            entity_id = moved.get(s.entity_id) if s.entity_id is not None else None
            self.store.db.execute(
                """INSERT INTO unreadable_values
                   (student_id, entity, entity_id, [column], value, at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [student_id, s.entity, entity_id, s.column, s.value, s.at],
            )


def _record(p: Placement) -> dict[str, object]:
    """The placement's school fields as stored (`record`: the model checked their form)."""
    return {
        "school": clean_line(p.school),
        "level": p.level.value if p.level else None,
        "crebo": parse_crebo(clean_line(p.crebo)),
        "cohort": clean_line(p.cohort),
        "hours_per_week": p.hours_per_week,
        "hours_total": p.hours_total,
        "workplace_address": clean_line(p.workplace_address),
        "practice_supervisor": clean_line(p.practice_supervisor),
        "practice_supervisor_email": parse_email(clean_line(p.practice_supervisor_email)),
        "practice_supervisor_phone": clean_line(p.practice_supervisor_phone),
        "school_supervisor": clean_line(p.school_supervisor),
        "school_supervisor_email": parse_email(clean_line(p.school_supervisor_email)),
        "school_supervisor_phone": clean_line(p.school_supervisor_phone),
    }


def _dossier_ids(d: Dossier) -> dict[str, set[int]]:
    """Per table, the ids the rows of a dossier come with."""
    meetings = [m for p in d.placements for m in p.meetings]
    ids: dict[str, set[int]] = {
        "students": {d.student.id},
        "placements": {p.id for p in d.placements},
        "meetings": {m.id for m in meetings},
    }
    for table in ("participants", "goals", "support", "agreements", "answers", "progress"):
        ids[table] = {row.id for m in meetings for row in getattr(m, table)}
    ids["dispositions"] = {r.id for m in meetings for r in m.reviews}
    ids["logbook"] = {e.id for p in d.placements for e in p.logbook}
    return ids


def import_dossier(store: Store, dossier: Dossier | Mapping[str, Any]) -> Imported:
    """Write a checked dossier into this database, in one transaction.

    Args:
        store: The database.
        dossier: From `read_dossier`; a mapping (as `privacy.dossier` returns one) is checked
            here first, as a file would be.

    Raises:
        BadDossier: The mapping is not a dossier (nothing is written).
    """
    d = dossier if isinstance(dossier, Dossier) else parse_data(dossier)
    try:
        student_id = _Importer(store, d).write()
    except sqlite3.IntegrityError as e:
        # Every rule of the schema is checked before the first write, so this is a check
        # that is missing: still one line for the user, and the transaction rolled back.
        raise BadDossier([Problem("", "refused_by_database", {"detail": str(e)})]) from e
    meetings = sum(len(p.meetings) for p in d.placements)
    return Imported(student_id, len(d.placements), meetings)


__all__ = ["BadDossier", "Imported", "Problem", "import_dossier", "read_dossier"]
