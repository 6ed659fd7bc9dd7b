"""Importing a student's dossier (the JSON of `driehoek export --student`): checked whole first
(`dossier_check`), then written in one transaction: as a new student (`dossier_writer`), or
merged into the student this database knows it to be (`bringing_back`).

Nothing is written before the whole file has been checked, and the database is not even
opened for a file that fails: a bad dossier leaves every byte of the database as it was.
Like the store, this module speaks SQL; it writes through `Store.transaction()`, so the write
takes the lock up front and the audit trail sees every row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from driehoek.bringing_back import Brought, bring_back
from driehoek.dossier_check import BadDossier, Problem, parse, parse_data
from driehoek.dossier_model import MAX_DOSSIER_BYTES, Dossier
from driehoek.dossier_writer import Writer
from driehoek.recognising import recognised, refuse_known
from driehoek.store import Store


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


def import_dossier(
    store: Store, dossier: Dossier | Mapping[str, Any], *, dry_run: bool = False
) -> Imported | Brought:
    """Write a checked dossier into this database, in one transaction.

    A dossier of a student this database knows (taken along and brought back) is merged
    (`bringing_back`); any other comes in as a new student, as it always did.

    Args:
        store: The database.
        dossier: From `read_dossier`; a mapping (as `privacy.dossier` returns one) is checked
            here first, as a file would be.
        dry_run: Say what would come in, change or clash, and change nothing.

    Raises:
        BadDossier: The mapping is not a dossier, or the dossier names rows of another
            student, placement or meeting (nothing is written).
    """
    d = dossier if isinstance(dossier, Dossier) else parse_data(dossier)
    try:
        if dry_run:  # rolled back by `bring_back`: it must not join a transaction
            student_id = recognised(store, d)
            if student_id is not None:
                return bring_back(store, d, student_id, dry_run=True)
            refuse_known(store, d)
        else:
            # The write lock before looking: the same dossier imported twice at once goes in
            # once, and is recognised the second time.
            with store.transaction():
                student_id = recognised(store, d)
                if student_id is not None:
                    return bring_back(store, d, student_id)
                refuse_known(store, d)
                student_id = Writer(store, d).write()
    except sqlite3.IntegrityError as e:
        # Every rule of the schema is checked before the first write, so this is a check
        # that is missing: still one line for the user, and the transaction rolled back.
        raise BadDossier([Problem("", "refused_by_database", {"detail": str(e)})]) from e
    meetings = sum(len(p.meetings) for p in d.placements)
    return Imported(student_id or 0, len(d.placements), meetings)


__all__ = ["BadDossier", "Brought", "Imported", "Problem", "import_dossier", "read_dossier"]
