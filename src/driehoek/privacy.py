"""A student's rights under the AVG, and the retention rule.

- Access: everything held on one student, as one JSON dossier; importing it brings it back
  unchanged (same ids and versions where they are free), here or into another database.
- Erasure: no trace left in the database file, its full-text index or its write-ahead log
  (once no other session's read holds the log: the next driehoek to open the file empties it).
- Retention: a dossier expires a set number of years (two unless the institution sets
  another) after the student's last placement ended; expired dossiers are listed and purged.

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so every write
takes the lock up front and the audit trail sees it.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from driehoek import __version__
from driehoek.dates import add_months
from driehoek.domain import PlacementStatus
from driehoek.serialize import meeting_data, plain
from driehoek.store import NotFound, Store
from driehoek.stored import parse_day
from driehoek.text import clean_line, clean_text

DOSSIER_FORMAT = "driehoek-dossier"
DOSSIER_VERSION = 1
DEFAULT_RETENTION_YEARS = 2
_RETENTION_KEY = "retention_years"
_LOG_OWED_KEY = "erasure_log_owed"
"""Set while an erasure's log could not be emptied; holds no content, only that it is owed."""
_ENDED = (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY, PlacementStatus.NOT_STARTED)


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
    if text.isascii() and text.isdigit() and len(text) <= 18:  # a number SQLite can hold
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
    data = {
        "format": DOSSIER_FORMAT,
        "format_version": DOSSIER_VERSION,
        "driehoek": __version__,
        "student": {"id": row[0], "name": row[1], "version": row[2]},
        "placements": [_placement_data(store, int(p[0])) for p in placement_ids],
    }
    # Values an upgrade could not keep in their place are hers too (see migrate_dates).
    set_aside = store.db.execute(
        """SELECT entity, entity_id, [column], value, at FROM set_aside
           WHERE student_id = ? ORDER BY id""",
        [student_id],
    ).fetchall()
    if set_aside:
        keys = ("entity", "entity_id", "column", "value", "at")
        data["set_aside"] = [dict(zip(keys, r, strict=True)) for r in set_aside]
    return data


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


# -- erasure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    """What an erasure removed, and whether the write-ahead log could be emptied at once."""

    student_id: int
    meetings: int
    wal_cleared: bool


def erase_student(store: Store, student_id: int) -> Erased:
    """Remove a student with all her placements and meetings, leaving no trace of them.

    Deleting is not erasing: the full-text index keeps the name's tokens until it is
    optimised, freed pages keep old text until overwritten (the connection has secure_delete
    on), and the write-ahead log keeps copies of pages until it is checkpointed and truncated.
    So after the delete the index is optimised, the file vacuumed, and the log truncated.
    The audit trail keeps that an erasure happened, and the ids, never the content.

    Returns:
        What was removed; `wal_cleared` is False when another session's open read kept the
        log from being emptied: the log still holds copies of her pages until the first
        driehoek to open the file after that read empties it (see `finish_erasure`).
    """
    db = store.db
    meetings = db.execute(
        """SELECT count(*) FROM meetings m JOIN placements p ON p.id = m.placement_id
           WHERE p.student_id = ?""",
        [student_id],
    ).fetchone()[0]
    with store.transaction():
        if db.execute("DELETE FROM students WHERE id = ?", [student_id]).rowcount != 1:
            raise NotFound(f"student {student_id}")
        store.record("erase", "students", student_id, None)
        db.execute("INSERT INTO students_fts (students_fts) VALUES ('optimize')")
    cleared = compact(store)
    if not cleared:
        # A checkpoint that is not a truncating one copies the log into the file but leaves
        # the log's bytes, her pages among them, until they happen to be overwritten; so the
        # truncation is owed, in the file itself, to whichever session opens it next.
        with store.transaction():
            db.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')", [_LOG_OWED_KEY]
            )
    return Erased(student_id, int(meetings), cleared)


def finish_erasure(store: Store) -> bool:
    """Empty the write-ahead log that an erasure could not, if no session reads any more.

    Every driehoek command and session calls this when it opens the file (`cli._store`;
    `driehoek check` among them), so erased pages stay in the log only until the first start
    after the read that held them. It never waits: a session that starts must not hang on
    another session's read.

    Returns:
        Whether the log is still owed an emptying (another session still reads).
    """
    db = store.db
    owed = db.execute("SELECT 1 FROM settings WHERE key = ?", [_LOG_OWED_KEY]).fetchone()
    if owed is None:
        return False
    timeout = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    db.execute("PRAGMA busy_timeout = 0")
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:
        return True  # housekeeping: it must not keep driehoek from starting; the next try may
    finally:
        db.execute(f"PRAGMA busy_timeout = {timeout}")
    if busy:
        return True
    try:
        # The log is empty now; this small write starts it again, with nothing of hers in it.
        with store.transaction():
            db.execute("DELETE FROM settings WHERE key = ?", [_LOG_OWED_KEY])
    except sqlite3.OperationalError:
        pass  # the log is empty all the same; the next session empties it once more
    return False


def compact(store: Store) -> bool:
    """Rewrite the file without free pages and empty the write-ahead log.

    Returns:
        Whether the log was emptied completely (False while another session reads).
    """
    db = store.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db.ensure_autocommit_on():
        db.execute("VACUUM")
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


# -- retention -------------------------------------------------------------------------------


def retention_years(store: Store) -> int:
    """How many years after the last placement ended a dossier is kept."""
    row = store.db.execute("SELECT value FROM settings WHERE key = ?", [_RETENTION_KEY]).fetchone()
    return int(row[0]) if row else DEFAULT_RETENTION_YEARS


def set_retention_years(store: Store, years: int) -> None:
    """Set the retention period (the institution decides it; at least one year)."""
    if years < 1:
        raise ValueError("retention must be at least one year")
    with store.transaction():
        store.db.execute(
            """INSERT INTO settings (key, value) VALUES (?, ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            [_RETENTION_KEY, str(years)],
        )


@dataclass(frozen=True)
class Expired:
    """A dossier past its retention date."""

    student_id: int
    name: str
    ended: date
    keep_until: date


def expired(store: Store, years: int | None = None) -> list[Expired]:
    """Students whose every placement ended more than `years` ago (default: the setting).

    A placement has ended on its end date; one without an end date has ended only if its
    outcome says so (completed, ended early, not started), on its last meeting. A running
    placement without an end date has not ended, so its student is kept.
    """
    years = retention_years(store) if years is None else years
    today = store.today()
    rows = store.db.execute(
        """SELECT s.id, s.name, p.end, p.status,
                  (SELECT max(m.date) FROM meetings m WHERE m.placement_id = p.id) AS last
           FROM students s JOIN placements p ON p.student_id = s.id ORDER BY s.id"""
    ).fetchall()
    ended_on: dict[int, tuple[str, list[date | None]]] = {}
    for student_id, name, end, status, last in rows:
        # A date that cannot be read never lets a dossier expire: it is kept until the date
        # is put right (`driehoek check` names it).
        if end:
            ended = parse_day(end)
        elif status in {s.value for s in _ENDED} and last:
            ended = parse_day(last)
        else:
            ended = None
        ended_on.setdefault(student_id, (name, []))[1].append(ended)
    result = []
    for student_id, (name, dates) in ended_on.items():
        if any(d is None for d in dates):
            continue
        last_end = max(d for d in dates if d is not None)
        keep_until = add_months(last_end, 12 * years)
        if keep_until < today:
            result.append(Expired(student_id, name, last_end, keep_until))
    return result


def purge(store: Store, years: int | None = None) -> list[Expired]:
    """Erase every expired dossier; returns what was erased."""
    gone = expired(store, years)
    for dossier_ in gone:
        erase_student(store, dossier_.student_id)
    return gone
