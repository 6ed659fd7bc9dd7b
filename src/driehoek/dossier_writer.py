"""Writing a dossier's rows that are new here: a whole student (a dossier from another
database, or one erased here), or the placements, meetings and lines a laptop added to a
student this database knows (`bringing_back`).

Each row keeps its id where it is free, and its stable identity (`identities`) where it has
one. Like the store, this module speaks SQL; the caller holds the transaction.
"""

from __future__ import annotations

import json
from typing import Any

from driehoek import dossier_prepared, extra_answers, identities
from driehoek.domain import Party, Pressure
from driehoek.dossier_model import (
    MAX_ID,
    Dossier,
    FactorRow,
    LogEntry,
    Meeting,
    Placement,
    SignedVersion,
)
from driehoek.record import parse_crebo, parse_email, parse_recognition
from driehoek.store import Store
from driehoek.text import clean_line, clean_text

LINES = ("participants", "goals", "support", "agreements", "answers", "progress", "reviews")
"""A meeting's lines in the order they are written (progress names goals, reviews agreements)."""


class Writer:
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
        self.student_id = 0

    def write(self) -> int:
        """Every row of the dossier, in one transaction; returns the student's id."""
        d = self.dossier
        with self.store.transaction():
            s = d.student
            self.student_id = self.insert(
                "students",
                {
                    "id": s.id,
                    "name": clean_line(s.name).strip(),
                    "version": s.version,
                    "student_number": clean_line(s.student_number),
                },
            )
            self.identify("students", s, self.student_id)
            for p in d.placements:
                self.whole_placement(p)
            self.unreadable_values(self.student_id)
            self.store.record("import", "students", self.student_id, None)
        return self.student_id

    def whole_placement(self, p: Placement) -> int:
        """A placement with everything in it; returns its id here."""
        placement_id = self.placement(p, self.student_id)
        for m in p.meetings:
            self.meeting(m, placement_id)
        for e in p.logbook:
            self.log_entry(e, placement_id)
        # The sign-offs last: a meeting all three signed is closed, and the schema lets
        # nothing of it in after that (migrate_signed), the log it took up included. This is
        # the one writer that brings signed meetings in, as they were.
        for m in p.meetings:
            self.signed(m)
        return placement_id

    def identify(self, table: str, row: Any, row_id: int, factor: str = "", uid: str = "") -> None:
        """Keep the identity a row comes with, agreed at the version it comes in with."""
        uid = uid or getattr(row, "uid", None) or ""
        if uid:
            base = identities.fingerprint(table, row.model_dump(mode="json"))
            identities.remember(self.store, table, row_id, uid, base, self.student_id, factor)

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
        placement_id = self.keep(
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
        self.identify("placements", p, placement_id)
        return placement_id

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
                    "extra_answers": extra_answers.stored_form(m.extra_answers),
                    "supervision_minutes": m.supervision_minutes,
                    # The threshold signed minutes keep (see `Store.sign`), only as kept there.
                    "supervision_threshold": m.supervision_threshold
                    if m.supervision_minutes is not None and len(m.sign_offs) >= len(Party)
                    else None,
                    "version": m.version,
                },
            ),
        )
        self.identify("meetings", m, meeting_id)
        for f in m.factors:
            self.factor(m, f, meeting_id)
        for key in LINES:
            for row in getattr(m, key):
                self.line(key, row, meeting_id)
        dossier_prepared.write(self.store, m, meeting_id)

    def factor(self, m: Meeting, f: FactorRow, meeting_id: int) -> None:
        """One of the six factors of a meeting."""
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
        if m.uid:
            uid = identities.factor_uid(m.uid, f.factor.value)
            self.identify("factors", f, meeting_id, f.factor.value, uid)

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
        entry_id = self.insert(
            "logbook",
            {
                "id": e.id,
                "placement_id": placement_id,
                # A meeting or agreement left out (removed here, unchanged there) is no link.
                "meeting_id": self.moved["meetings"].get(e.meeting_id) if e.meeting_id else None,
                "day": e.day,
                "kind": e.kind.value,
                "text": clean_text(e.text),
                "agreement_id": (
                    self.moved.get("agreements", {}).get(e.agreement_id) if e.agreement_id else None
                ),
                "created_at": e.created_at,
                "created_by": clean_line(e.created_by),
                "version": e.version,
            },
        )
        self.identify("logbook", e, self.keep("logbook", e.id, entry_id))

    def line(self, key: str, row: Any, meeting_id: int) -> None:
        """One of a meeting's lines (`key` as the dossier names them), under its own id if free.

        A progress line names a goal and a review an agreement the dossier held before it (the
        check made sure): they have their ids here.
        """
        table = identities.ROWS_OF_A_MEETING[key]
        values: dict[str, object]
        if key == "participants":
            values = {"party": row.party.value, "name": clean_line(row.name)}
            values["role"] = clean_line(row.role)
        elif key in ("goals", "progress"):
            values = {"text": clean_text(row.text)}
            if key == "progress":
                values["goal_id"] = self.moved["goals"][row.goal_id]
        elif key == "support":
            values = {"kind": row.kind.value, "text": clean_text(row.text)}
        elif key == "agreements":
            values = {
                "kind": row.kind.value,
                "text": clean_text(row.text),
                "owner": row.owner.value,
                "due": row.due,
                "frequency": clean_line(row.frequency),
                "status": row.status.value,
                "factor": row.factor.value if row.factor else None,
                "promised_minutes": row.promise.minutes if row.promise else None,
                "promised_weeks": row.promise.weeks if row.promise else None,
            }
        elif key == "answers":
            values = {"question": row.question.value, "party": row.party.value}
            values["text"] = clean_text(row.text)
        else:  # reviews
            values = {
                "agreement_id": self.moved["agreements"][row.agreement.id],
                "disposition": row.disposition.value if row.disposition else None,
                "reason": clean_text(row.reason),
            }
        stored = {"id": row.id, "meeting_id": meeting_id, **values, "version": row.version}
        self.identify(table, row, self.keep(table, row.id, self.insert(table, stored)))

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
