"""The retention rule: a dossier expires a set number of years (two unless the institution
sets another) after the student's last placement ended; expired dossiers are listed and purged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from driehoek.dates import add_months
from driehoek.domain import PlacementStatus
from driehoek.erasure import Erased, erase_student
from driehoek.store import Store
from driehoek.stored import parse_day

DEFAULT_RETENTION_YEARS = 2
_RETENTION_KEY = "retention_years"
_ENDED = (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY, PlacementStatus.NOT_STARTED)


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
        ended: date | None
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


class PurgeStopped(Exception):
    """A purge that stopped part-way (a full disk): `done` were erased, the rest untouched."""

    def __init__(self, done: list[Erased], error: sqlite3.DatabaseError) -> None:
        super().__init__(str(error))
        self.done = done
        self.error = error


def purge(store: Store, years: int | None = None) -> list[Erased]:
    """Erase every expired dossier, one by one; returns what was erased.

    Raises:
        sqlite3.DatabaseError: The first erasure failed; nothing changed.
        PurgeStopped: A later one failed; those before it are erased, the others untouched.
    """
    done: list[Erased] = []
    for dossier_ in expired(store, years):
        try:
            done.append(erase_student(store, dossier_.student_id))
        except sqlite3.DatabaseError as e:
            if not done:
                raise
            raise PurgeStopped(done, e) from e
    return done
