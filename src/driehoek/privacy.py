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
from collections.abc import Mapping
from typing import Any

from driehoek import __version__, dossier_prepared, identities, logbook
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
from driehoek.text import clean_line

DOSSIER_FORMAT = "driehoek-dossier"
DOSSIER_VERSION = 1
"""What `dossier` writes; importing it back is `importing.import_dossier` (which checks
these two first)."""


class Ambiguous(LookupError):
    """Several students have that name; their ids tell them apart."""

    def __init__(self, name: str, ids: list[int]) -> None:
        super().__init__(name)
        self.name = name
        self.ids = ids


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


def dossier(store: Store, student_id: int, placement_id: int | None = None) -> dict[str, Any]:
    """Everything held on one student: the student, each placement, each of its meetings
    (or only the placement `placement_id`: one placement taken along to a laptop).

    Every row carries its stable identity and the version it was agreed at (`identities`), so
    that the dossier brought back is recognised (`bringing_back`); a row that leaves for the
    first time is given its identity now.
    """
    row = store.db.execute(
        "SELECT id, name, version, student_number FROM students WHERE id = ?", [student_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"student {student_id}")
    placement_ids = store.db.execute(
        "SELECT id FROM placements WHERE student_id = ? AND ? IN (id, 0) ORDER BY id",
        [student_id, placement_id or 0],
    ).fetchall()
    data = {
        "format": DOSSIER_FORMAT,
        "format_version": DOSSIER_VERSION,
        "driehoek": __version__,
        "student": {"id": row[0], "name": row[1], "version": row[2], "student_number": row[3]},
        "placements": [_placement_data(store, int(p[0])) for p in placement_ids],
    }
    # Values an upgrade could not keep in their place are hers too (see migrate_dates).
    set_aside = store.db.execute(
        """SELECT entity, entity_id, [column], value, at FROM unreadable_values
           WHERE student_id = ? ORDER BY id""",
        [student_id],
    ).fetchall()
    if set_aside:
        keys = ("entity", "entity_id", "column", "value", "at")
        data["unreadable_values"] = [dict(zip(keys, r, strict=True)) for r in set_aside]
    identities.stamp(store, data, student_id)
    return data


def _placement_data(store: Store, placement_id: int) -> dict[str, Any]:
    data: dict[str, Any] = plain(dataclasses.asdict(store.placement(placement_id)))
    # The organisation's row version is this database's bookkeeping, not hers: an import finds
    # or makes the organisation by name, with a version of its own.
    data.pop("organisation_version", None)
    meetings = sorted(store.meetings(placement_id), key=lambda m: m.id)
    data["meetings"] = []
    for summary in meetings:
        held = store.meeting(summary.id)
        meeting = meeting_data(held)
        del meeting["placement"]  # it is the placement this list sits in
        del meeting["between"]  # the placement's log, below, names the meeting
        # No part of the minutes, but hers, and needed where the meeting is held on a laptop.
        meeting["preparations"] = dossier_prepared.exported(held)
        data["meetings"].append(meeting)
    data["logbook"] = []
    for entry in logbook.entries(store.db, placement_id):
        line = plain(dataclasses.asdict(entry))
        del line["placement_id"]
        data["logbook"].append(line)
    return data


def dossier_json(data: Mapping[str, Any]) -> str:
    """The dossier as the text `driehoek export --student` writes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
