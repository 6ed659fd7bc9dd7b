"""A school's database and a student's dossier exported from it, for the import tests; and a
way to tell that a database file was not touched.

All names are invented.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sample_meetings import filled_meeting

from driehoek import logbook, privacy, signing
from driehoek.database import open_database
from driehoek.domain import Decision, Disposition, Part, Party, Ref
from driehoek.domain_log import LogKind
from driehoek.store import Store

NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
STUDENT = "Jasmijn van Oostveen"  # filled_meeting's student
OTHER = "Kees Abbing"


def school(path: Path) -> dict[str, Any]:
    """A database at `path` with two students, closed; returns Jasmijn's dossier: an intake
    filled in and signed (reopened once, and signed again), two entries in the log between
    meetings, and an evaluation that starts from them and reviews its agreements and goals."""
    db = open_database(path)
    try:
        store = Store(db, clock=lambda: NOW, user="coordinator")
        m = filled_meeting(store)
        # Between the intake and the evaluation: a note, and an agreement kept.
        p = m.placement.id
        logbook.add(store, p, LogKind.NOTE, date(2027, 1, 20), "Gebeld met de werkbegeleider.")
        logbook.add(store, p, LogKind.KEPT, date(2027, 2, 2), agreement_id=m.agreements[-1].id)
        evaluation = store.meeting(store.new_evaluation(m.placement.id, day=date(2027, 3, 1)))
        review = evaluation.reviews[0]
        store.edit(
            Ref(Part.DISPOSITION, review.id),
            review.version,
            {"disposition": Disposition.CARRY.value, "reason": "Nog niet begonnen."},
        )
        for done in evaluation.reviews[1:]:
            store.edit(
                Ref(Part.DISPOSITION, done.id),
                done.version,
                {"disposition": Disposition.DONE.value, "reason": "Gedaan."},
            )
        # The intake was signed: changed after a reopening, and signed again.
        signing.reopen(store, m.id, "Het besluit was verkeerd overgenomen.")
        store.update_meeting(m.id, store.meeting(m.id).version, decision=Decision.SUITABLE)
        for person in store.meeting(m.id).participants:
            store.sign(m.id, person.party, person.name)
        store.sign(evaluation.id, Party.SCHOOL, "Marloes Vinkhuizen")
        store.new_intake(OTHER, "Buurthuis De Kern", day=date(2026, 9, 1))
        student_id = store.meeting(m.id).placement.student_id
        return privacy.dossier(store, student_id)
    finally:
        db.close()


def write(path: Path, data: object) -> Path:
    """`data` as a dossier file, as `export --student` writes one."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def fingerprint(db: Path) -> tuple[str, tuple[str, ...]]:
    """The database file's bytes (a hash) and which of its companions exist: a refused import
    must change neither (it must not even open the file, which would make a -wal and -shm)."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else ""
    companions = tuple(
        suffix for suffix in ("-wal", "-shm", "-journal") if db.with_name(db.name + suffix).exists()
    )
    return digest, companions


def without_identities(value: Any) -> Any:
    """A dossier as a driehoek before stable identities wrote it: no `uid`, no `base` (it comes
    in as a new student, however often it is imported)."""
    if isinstance(value, dict):
        return {k: without_identities(v) for k, v in value.items() if k not in ("uid", "base")}
    if isinstance(value, list):
        return [without_identities(v) for v in value]
    return value
