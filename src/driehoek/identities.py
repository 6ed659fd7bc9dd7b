"""Stable identities of the rows a dossier carries, and the version each was last agreed at.

A row gets a random UUID the first time it leaves the database (`stamp`, called by the
dossier's export) or keeps the one it comes in with (`remember`, called by the import). Its
`base` is the hash of its editable columns (`editable`: what an edit may change; those a
dossier carries) as this database last agreed on it with a dossier: when it was first taken
along, or when it came in.
See `migrate_identities` for why a table of its own.

Like the store, this module speaks SQL; the callers hold the transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from driehoek.store import Store, editable, stored_form

ROWS_OF_A_MEETING = {
    "participants": "participants",
    "goals": "goals",
    "support": "support",
    "agreements": "agreements",
    "answers": "answers",
    "progress": "progress",
    "reviews": "dispositions",
}
"""A meeting's lines in the dossier (its key) and the table each is a row of."""


@dataclass(frozen=True)
class Known:
    """A row this database knows by its uid."""

    row_id: int
    base: str
    student_id: int
    removed: bool
    """The row was removed here (`row_id` is no longer its)."""


@cache
def carried(table: str) -> frozenset[str]:
    """The editable columns of `table` that a dossier carries: what two versions compare by.

    A column a dossier does not carry (one a newer schema added before the dossier's format
    learnt it) is never compared, so it is never taken for a change, nor overwritten.
    """
    # Here, not at the top: the dossier's models take a quarter of a second to build, and the
    # app's start does not need them.
    from driehoek import dossier_model as model

    models: dict[str, type[Any]] = {
        "students": model.Student, "placements": model.Placement, "meetings": model.Meeting,
        "participants": model.Participant, "goals": model.Goal, "factors": model.FactorRow,
        "support": model.Support, "agreements": model.Agreement, "dispositions": model.Review,
        "answers": model.Answer, "progress": model.Progress,
    }  # fmt: skip
    found = models.get(table)
    return editable(table) & frozenset(found.model_fields) if found else frozenset()


def content(table: str, values: Mapping[str, Any]) -> dict[str, object]:
    """The editable columns of a row a dossier carries, as the store writes them.

    Read from the database or from a dossier's row, the same row gives the same content. A
    value the store would refuse (one an upgrade could not read) is compared as it is.
    """
    columns = sorted(carried(table))
    given = {c: values.get(c) for c in columns}
    if not columns:
        return {}
    try:
        found = stored_form(table, given)
    except ValueError:
        return {
            c: v if v is None or isinstance(v, (int, float)) else str(v) for c, v in given.items()
        }
    # A meeting without extra answers hashes as it did before they existed, so the bases this
    # database agreed on earlier still match it.
    if found.get("extra_answers") == "{}":
        del found["extra_answers"]
    return found


def fingerprint(table: str, values: Mapping[str, Any]) -> str:
    """The hash of a row's content (64 hexadecimal digits)."""
    text = json.dumps(content(table, values), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def stored_row(store: Store, table: str, row_id: int, factor: str = "") -> dict[str, Any] | None:
    """A row's editable columns as stored (a factor by its meeting's id and its name)."""
    columns = sorted(carried(table)) or ["rowid"]
    names = ", ".join(f"[{c}]" for c in columns)
    if table == "factors":
        found = store.db.execute(
            f"SELECT {names} FROM factors WHERE meeting_id = ? AND factor = ?", [row_id, factor]
        ).fetchone()
    else:
        found = store.db.execute(f"SELECT {names} FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    return None if found is None else dict(zip(columns, found, strict=True))


def known(store: Store, table: str, uid: str) -> Known | None:
    """The row of `table` this database knows as `uid`, if any."""
    found = store.db.execute(
        "SELECT row_id, base, student_id, removed FROM identities WHERE entity = ? AND uid = ?",
        [table, uid],
    ).fetchone()
    if found is None:
        return None
    return Known(int(found[0]), str(found[1]), int(found[2]), bool(found[3]))


def factor_uid(meeting_uid: str, factor: str) -> str:
    """A factor is named within its meeting."""
    return f"{meeting_uid}/{factor}"


def remember(
    store: Store, table: str, row_id: int, uid: str, base: str, student_id: int, factor: str = ""
) -> None:
    """Keep (or update) the identity of a row and the version it was agreed at."""
    store.db.execute(
        """INSERT INTO identities (entity, row_id, factor, uid, base, student_id)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (entity, uid) DO UPDATE SET row_id = excluded.row_id,
               factor = excluded.factor, base = excluded.base,
               student_id = excluded.student_id, removed = 0""",
        [table, row_id, factor, uid, base, student_id],
    )


def agreed(store: Store, table: str, row_id: int, base: str, factor: str = "") -> None:
    """This database and a dossier agree on the row as it is now."""
    store.db.execute(
        """UPDATE identities SET base = ?
           WHERE entity = ? AND row_id = ? AND factor = ? AND removed = 0 AND base <> ?""",
        [base, table, row_id, factor, base],
    )


def _identity(
    store: Store, table: str, row_id: int, student_id: int, factor: str = "", within: str = ""
) -> tuple[str, str]:
    """The row's uid and base, given now if it has none (its base: the row as it is)."""
    found = store.db.execute(
        """SELECT uid, base FROM identities
           WHERE entity = ? AND row_id = ? AND factor = ? AND removed = 0""",
        [table, row_id, factor],
    ).fetchone()
    if found is not None:
        return str(found[0]), str(found[1])
    values = stored_row(store, table, row_id, factor) or {}
    uid = factor_uid(within, factor) if factor else uuid.uuid4().hex
    base = fingerprint(table, values)
    remember(store, table, row_id, uid, base, student_id, factor)
    return uid, base


def _rows(data: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Each identified row of a dossier's placement: its table, its dict, its meeting's id key."""
    for m in data.get("meetings", ()):
        yield "meetings", m, ""
        for key, table in ROWS_OF_A_MEETING.items():
            for row in m.get(key, ()):
                yield table, row, ""
    for entry in data.get("logbook", ()):
        yield "logbook", entry, ""


def stamp(store: Store, data: dict[str, Any], student_id: int) -> None:
    """Give every row of an exported dossier its `uid` and `base` (in place).

    Rows that had no identity get one now, with the row as it is as their base: from now on
    this database can tell what a laptop changed in them.
    """
    with store.transaction():
        student = data["student"]
        student["uid"], student["base"] = _identity(store, "students", student_id, student_id)
        for p in data["placements"]:
            p["uid"], p["base"] = _identity(store, "placements", p["id"], student_id)
            for table, row, _ in _rows(p):
                row["uid"], row["base"] = _identity(store, table, row["id"], student_id)
            for m in p["meetings"]:
                for f in m["factors"]:
                    _, f["base"] = _identity(
                        store, "factors", m["id"], student_id, f["factor"], within=m["uid"]
                    )
