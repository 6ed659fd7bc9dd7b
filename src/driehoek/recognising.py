"""Recognising a dossier's rows by their identity (`identities`), and refusing a dossier that
names a row where it is not: the first step of bringing one back (`bringing_back`).

The dossier is untrusted: every identity it names must lead to a row of the same student, in
the placement and meeting the dossier puts it in (a row removed here meanwhile is recognised by
its tombstone). Otherwise the whole dossier is refused, with each such row's place in the file,
before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from driehoek import identities
from driehoek.dossier_check import BadDossier, Problem, identified
from driehoek.dossier_model import Dossier
from driehoek.dossier_writer import LINES
from driehoek.store import Store


@dataclass
class Recognised:
    """The dossier's rows this database knows, by (table, the dossier's id)."""

    student_id: int
    here: dict[tuple[str, int], int] = field(default_factory=dict)
    """Rows that are here: their id here."""
    gone: dict[tuple[str, int], int] = field(default_factory=dict)
    """Rows removed here meanwhile: the id they had."""
    problems: list[Problem] = field(default_factory=list)


def recognised(store: Store, d: Dossier) -> int | None:
    """The student here that the dossier is of, if this database knows her."""
    if d.student.uid is None:
        return None
    found = identities.known(store, "students", d.student.uid)
    return found.row_id if found and not found.removed else None


def refuse_known(store: Store, d: Dossier) -> None:
    """A dossier of a student new here names no row this database knows (they would be another
    student's rows).

    Raises:
        BadDossier: Naming each such row.
    """
    problems = [
        Problem(f"{where}.uid", "belongs_elsewhere")
        for table, row, where in identified(d)
        if identities.known(store, table, row.uid)
    ]
    if problems:
        raise BadDossier(problems)


_PARENT = {"placements": "student_id", "meetings": "placement_id", "logbook": "placement_id"}


def _parent(store: Store, table: str, row_id: int) -> int | None:
    column = _PARENT.get(table, "meeting_id")
    found = store.db.execute(f"SELECT [{column}] FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    return None if found is None else int(found[0])


def recognise(store: Store, d: Dossier, student_id: int) -> Recognised:
    """Find every row of the dossier this database knows as its student's (`student_id`).

    Raises:
        BadDossier: A row it names is another student's, or in another placement or meeting
            than the dossier puts it in; each is named with its place.
    """
    found = Recognised(student_id)
    for i, p in enumerate(d.placements):
        placement = _known(store, found, "placements", p, student_id, f"placements[{i}]")
        for j, m in enumerate(p.meetings):
            at = f"placements[{i}].meetings[{j}]"
            meeting = _known(store, found, "meetings", m, placement, at)
            for key in LINES:
                table = identities.ROWS_OF_A_MEETING[key]
                for k, r in enumerate(getattr(m, key)):
                    _known(store, found, table, r, meeting, f"{at}.{key}[{k}]")
        for k, e in enumerate(p.logbook):
            _known(store, found, "logbook", e, placement, f"placements[{i}].logbook[{k}]")
    if found.problems:
        raise BadDossier(found.problems)
    return found


def _known(
    store: Store, found: Recognised, table: str, row: Any, parent: int | None, where: str
) -> int | None:
    """The row here that the dossier's row names, checked to be in `parent` (None: new here,
    or a row of a placement or meeting that is new here)."""
    uid, dossier_id = row.uid, int(row.id)
    known = identities.known(store, table, uid) if uid else None
    if known is None:
        return None
    if known.removed and known.student_id == found.student_id:
        found.gone[(table, dossier_id)] = known.row_id  # removed here meanwhile
        return None
    if (
        parent is None
        or known.removed
        or known.student_id != found.student_id
        or _parent(store, table, known.row_id) != parent
    ):
        found.problems.append(Problem(f"{where}.uid", "belongs_elsewhere"))
        return None
    found.here[(table, dossier_id)] = known.row_id
    return known.row_id
