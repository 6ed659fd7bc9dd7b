"""A student's rights under the AVG, and the retention rule.

- Access: everything held on one student, as one JSON dossier; importing it brings it back
  unchanged (same ids and versions where they are free), here or into another database.
- Erasure: no trace left in the database file, its full-text index or its write-ahead log
  (once no other session's read holds the log: the next driehoek to open the file empties it);
  it lives in `erasure`, and is re-exported here.
- Retention: a dossier expires a set number of years (two unless the institution sets
  another) after the student's last placement ended; expired dossiers are listed and purged.
  It lives in `retention`, and is re-exported here.

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so every write
takes the lock up front and the audit trail sees it.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from driehoek import __version__
from driehoek.erasure import Erased as Erased
from driehoek.erasure import erase_student as erase_student
from driehoek.erasure import finish_erasure as finish_erasure
from driehoek.retention import DEFAULT_RETENTION_YEARS as DEFAULT_RETENTION_YEARS
from driehoek.retention import Expired as Expired
from driehoek.retention import PurgeStopped as PurgeStopped
from driehoek.retention import expired as expired
from driehoek.retention import purge as purge
from driehoek.retention import retention_years as retention_years
from driehoek.retention import set_retention_years as set_retention_years
from driehoek.serialize import meeting_data, plain
from driehoek.store import NotFound, Store
from driehoek.text import clean_line, clean_text

DOSSIER_FORMAT = "driehoek-dossier"
DOSSIER_VERSION = 1


class Ambiguous(LookupError):
    """Several students have that name; their ids tell them apart."""

    def __init__(self, name: str, ids: list[int]) -> None:
        super().__init__(name)
        self.name = name
        self.ids = ids


class BadDossier(ValueError):
    """The file is not a driehoek dossier, or one of a newer format."""


def find_student(store: Store, name_or_id: str) -> int:
    """The student numbered `name_or_id`, or named so exactly (ignoring case).

    Raises:
        NotFound: No such student.
        Ambiguous: More than one student has this name.
    """
    text = clean_line(name_or_id).strip()
    if text.isdigit():
        rows = store.db.execute("SELECT id FROM students WHERE id = ?", [int(text)])
    else:
        rows = store.db.execute(
            "SELECT id FROM students WHERE name = ? COLLATE NOCASE ORDER BY id", [text]
        )
    ids = [int(row[0]) for row in rows.fetchall()]
    if not ids:
        raise NotFound(text)
    if len(ids) > 1:
        raise Ambiguous(text, ids)
    return ids[0]


# -- access ----------------------------------------------------------------------------------


def dossier(store: Store, student_id: int) -> dict[str, Any]:
    """Everything held on one student: the student, each placement, each of its meetings."""
    row = store.db.execute(
        "SELECT id, name, version FROM students WHERE id = ?", [student_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"student {student_id}")
    placement_ids = store.db.execute(
        "SELECT id FROM placements WHERE student_id = ? ORDER BY id", [student_id]
    ).fetchall()
    return {
        "format": DOSSIER_FORMAT,
        "format_version": DOSSIER_VERSION,
        "driehoek": __version__,
        "student": {"id": row[0], "name": row[1], "version": row[2]},
        "placements": [_placement_data(store, int(p[0])) for p in placement_ids],
    }


def _placement_data(store: Store, placement_id: int) -> dict[str, Any]:
    data: dict[str, Any] = plain(dataclasses.asdict(store.placement(placement_id)))
    meetings = sorted(store.meetings(placement_id), key=lambda m: m.id)
    data["meetings"] = []
    for summary in meetings:
        meeting = meeting_data(store.meeting(summary.id))
        del meeting["placement"]  # it is the placement this list sits in
        data["meetings"].append(meeting)
    return data


def dossier_json(data: Mapping[str, Any]) -> str:
    """The dossier as the text `driehoek export --student` writes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- import ----------------------------------------------------------------------------------


def read_dossier(path: Path) -> dict[str, Any]:
    """Read a dossier file and check that it is one this driehoek understands.

    Raises:
        BadDossier: Not JSON, not a dossier, or a newer format.
        OSError: The file cannot be read.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BadDossier(str(e)) from e
    if not isinstance(data, dict) or data.get("format") != DOSSIER_FORMAT:
        raise BadDossier("not a driehoek dossier")
    if data.get("format_version") != DOSSIER_VERSION:
        raise BadDossier(f"dossier format {data.get('format_version')}")
    return data


@dataclass(frozen=True)
class Imported:
    """What an import made: the student's id, and how many placements and meetings."""

    student_id: int
    placements: int
    meetings: int


_LINES = {
    "participants": "participants",
    "goals": "goals",
    "support": "support",
    "agreements": "agreements",
    "answers": "answers",
    "progress": "progress",
    "dispositions": "reviews",
}
"""Tables of a meeting's lines whose ids an import keeps, and where a dossier's meeting
holds them."""


def _dossier_ids(data: Mapping[str, Any]) -> dict[str, set[int]]:
    """Per table, the ids the rows of a dossier come with."""
    placements = data["placements"]
    meetings = [m for p in placements for m in p["meetings"]]
    ids = {
        "students": [data["student"]["id"]],
        "placements": [p["id"] for p in placements],
        "meetings": [m["id"] for m in meetings],
    }
    for table, key in _LINES.items():
        ids[table] = [line["id"] for m in meetings for line in m.get(key, [])]
    return {table: {i for i in found if isinstance(i, int)} for table, found in ids.items()}


class _Importer:
    """Writes one dossier's rows, keeping each id where it is free, else taking a new one.

    Free means free in this database before the import: a row whose id is taken gets one
    above every id the dossier brings, so it never takes the id a later row of the dossier
    comes with (which would then have to move too).
    """

    def __init__(self, store: Store, data: Mapping[str, Any]) -> None:
        self.store = store
        self.brought = _dossier_ids(data)
        self.stamp = {"updated_at": store.now_iso(), "updated_by": store.user}
        # Old id -> new id, for rows that later meetings point at (an evaluation's progress
        # names a goal of the intake; its dispositions name earlier agreements).
        self.goals: dict[int, int] = {}
        self.agreements: dict[int, int] = {}

    def insert(self, table: str, row: dict[str, Any], *, keep_id: bool = True) -> int:
        row = {**row, **self.stamp}
        wanted = row.pop("id", None)
        if not keep_id:
            wanted = None
        db = self.store.db
        if wanted is not None:
            taken = db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [wanted]).fetchone()
            if taken:
                highest = db.execute(f"SELECT max(id) FROM [{table}]").fetchone()[0] or 0
                wanted = max([highest, *self.brought.get(table, ())]) + 1
            row = {"id": wanted, **row}
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.store.db.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())
        )
        return int(cursor.lastrowid or 0)

    def organisation(self, name: str) -> int:
        name = clean_line(name).strip()
        found = self.store.db.execute(
            "SELECT id FROM organisations WHERE name = ? COLLATE NOCASE", [name]
        ).fetchone()
        return int(found[0]) if found else self.insert("organisations", {"name": name})

    def meeting(self, m: dict[str, Any], placement_id: int) -> None:
        meeting_id = self.insert(
            "meetings",
            {
                "id": m["id"],
                "placement_id": placement_id,
                "kind": m["kind"],
                "date": m["date"],
                "learning_ways": ",".join(m["learning_ways"]),
                "learning_note": clean_text(m["learning_note"]),
                "decision": m["decision"],
                "decision_reasons": clean_text(m["decision_reasons"]),
                "next_evaluation": m["next_evaluation"],
                "continuation": m.get("continuation"),
                "version": m["version"],
            },
        )
        for p in m["participants"]:
            self.insert(
                "participants",
                {
                    "id": p["id"],
                    "meeting_id": meeting_id,
                    "party": p["party"],
                    "name": clean_line(p["name"]),
                    "role": clean_line(p["role"]),
                    "version": p["version"],
                },
            )
        for g in m["goals"]:
            row = {"id": g["id"], "meeting_id": meeting_id, "text": clean_text(g["text"])}
            self.goals[g["id"]] = self.insert("goals", {**row, "version": g["version"]})
        for f in m["factors"]:
            self.insert(
                "factors",
                {
                    "meeting_id": meeting_id,
                    "factor": f["factor"],
                    "status": f["status"],
                    "note": clean_text(f["note"]),
                    "version": f["version"],
                },
                keep_id=False,
            )
        for s in m["support"]:
            self.insert(
                "support",
                {
                    "id": s["id"],
                    "meeting_id": meeting_id,
                    "kind": s["kind"],
                    "text": clean_text(s["text"]),
                    "version": s["version"],
                },
            )
        for a in m["agreements"]:
            self.agreements[a["id"]] = self.insert(
                "agreements",
                {
                    "id": a["id"],
                    "meeting_id": meeting_id,
                    "kind": a["kind"],
                    "text": clean_text(a["text"]),
                    "owner": a["owner"],
                    "due": a["due"],
                    "frequency": clean_line(a["frequency"]),
                    "status": a["status"],
                    "factor": a["factor"],
                    "version": a["version"],
                },
            )
        for s in m["sign_offs"]:
            self.store.db.execute(
                """INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by)
                   VALUES (?, ?, ?, ?, ?)""",
                [meeting_id, s["party"], clean_line(s["name"]), s["signed_at"], self.store.user],
            )
        self.evaluation(m, meeting_id)

    def evaluation(self, m: dict[str, Any], meeting_id: int) -> None:
        """An evaluation's own rows: answers, progress per goal, and dispositions."""
        for a in m.get("answers", []):
            self.insert(
                "answers",
                {
                    "id": a["id"],
                    "meeting_id": meeting_id,
                    "question": a["question"],
                    "party": a["party"],
                    "text": clean_text(a["text"]),
                    "version": a["version"],
                },
            )
        for p in m.get("progress", []):
            self.insert(
                "progress",
                {
                    "id": p["id"],
                    "meeting_id": meeting_id,
                    "goal_id": self.goals[p["goal_id"]],
                    "text": clean_text(p["text"]),
                    "version": p["version"],
                },
            )
        for r in m.get("reviews", []):
            self.insert(
                "dispositions",
                {
                    "id": r["id"],
                    "meeting_id": meeting_id,
                    "agreement_id": self.agreements[r["agreement"]["id"]],
                    "disposition": r["disposition"],
                    "reason": clean_text(r["reason"]),
                    "version": r["version"],
                },
            )


def import_dossier(store: Store, data: Mapping[str, Any]) -> Imported:
    """Write a dossier read by `read_dossier` into this database, in one transaction.

    Raises:
        BadDossier: A field is missing or has a value the schema refuses; nothing is written.
    """
    meetings = 0
    try:
        importer = _Importer(store, data)
        with store.transaction():
            s = data["student"]
            student_id = importer.insert(
                "students",
                {"id": s["id"], "name": clean_line(s["name"]).strip(), "version": s["version"]},
            )
            for p in data["placements"]:
                placement_id = importer.insert(
                    "placements",
                    {
                        "id": p["id"],
                        "student_id": student_id,
                        "organisation_id": importer.organisation(p["organisation"]),
                        "team": clean_line(p["team"]),
                        "programme": clean_line(p["programme"]),
                        "pathway": p["pathway"],
                        "start": p["start"],
                        "end": p["end"],
                        "status": p["status"],
                        "cadence_months": p.get("cadence_months", 3),
                        "outcome_reason": clean_text(p.get("outcome_reason", "")),
                        "version": p["version"],
                    },
                )
                for m in p["meetings"]:
                    importer.meeting(m, placement_id)
                    meetings += 1
            store.record("import", "students", student_id, None)
    except (KeyError, TypeError, ValueError, sqlite3.IntegrityError) as e:
        raise BadDossier(f"{type(e).__name__}: {e}") from e
    return Imported(student_id, len(data["placements"]), meetings)
