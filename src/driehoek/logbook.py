"""A placement's log between meetings: a dated note, or an agreement marked kept, without
holding a meeting. The next evaluation takes the entries up as its starting point.

Where an entry goes: while the placement's latest meeting is an evaluation that was never
signed by all three (a draft), that evaluation takes it up at once; otherwise it waits, and the
next evaluation takes up every waiting entry when it is started (`take_up`). An evaluation that
took up an agreement marked kept starts with that agreement's disposition as kept. Once the
evaluation is signed, the entries it took up stay as they were (the schema's lock covers them:
they are in its minutes), and new ones wait for the next.

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so every write
takes the write lock up front, and the audit trail (triggers on `logbook`) sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from driehoek.domain import Agreement, Disposition, MeetingKind, Part, Ref
from driehoek.domain_log import LogEntry, LogKind
from driehoek.migrate_signed import signed
from driehoek.rows import Values
from driehoek.stored import parse_day, parse_moment
from driehoek.text import clean_text

if TYPE_CHECKING:
    from sqlite_utils import Database

    from driehoek.store import Store


class AlreadyKept(Exception):
    """The agreement is marked kept already, waiting for the next evaluation."""


class NotOpen(LookupError):
    """The agreement is not one of the placement's open agreements (done, dropped, removed,
    or another placement's)."""


_SELECT = """SELECT l.*, a.text AS agreement FROM logbook l
             LEFT JOIN agreements a ON a.id = l.agreement_id"""


def _entry(row: Sequence[Any], names: Sequence[str]) -> LogEntry:
    r = dict(zip(names, row, strict=True))
    v = Values()
    return LogEntry(
        id=int(r["id"]),
        placement_id=int(r["placement_id"]),
        day=parse_day(r["day"]),
        kind=v.choice(LogKind, r["kind"], "kind", LogKind.NOTE),
        text=clean_text(str(r["text"])),
        agreement_id=r["agreement_id"],
        agreement=clean_text(str(r["agreement"] or "")),
        meeting_id=r["meeting_id"],
        created_by=clean_text(str(r["created_by"])),
        created_at=parse_moment(r["created_at"]),
        version=int(r["version"]),
    )


def _entries(db: Database, where: str, params: list[object]) -> list[LogEntry]:
    cursor = db.execute(f"{_SELECT} WHERE {where} ORDER BY l.day, l.id", params)
    names = [d[0] for d in cursor.description]
    return [_entry(row, names) for row in cursor.fetchall()]


def entries(db: Database, placement_id: int) -> list[LogEntry]:
    """Every entry of a placement's log, oldest first."""
    return _entries(db, "l.placement_id = ?", [placement_id])


def taken_up(db: Database, meeting_id: int) -> tuple[LogEntry, ...]:
    """The entries an evaluation took up (its starting point), oldest first."""
    return tuple(_entries(db, "l.meeting_id = ?", [meeting_id]))


def waiting(db: Database, placement_id: int) -> list[LogEntry]:
    """The entries no evaluation took up yet, oldest first."""
    return _entries(db, "l.placement_id = ? AND l.meeting_id IS NULL", [placement_id])


def open_agreements(db: Database, placement_id: int) -> list[Agreement]:
    """The placement's agreements that can be marked kept: open, with a text, and not marked
    kept already in an entry that waits for the next evaluation."""
    cursor = db.execute(
        """SELECT a.* FROM agreements a JOIN meetings m ON m.id = a.meeting_id
           WHERE m.placement_id = ? AND a.status = 'open' AND trim(a.text) != ''
             AND NOT EXISTS (SELECT 1 FROM logbook l WHERE l.agreement_id = a.id
                             AND l.kind = 'kept' AND l.meeting_id IS NULL)
           ORDER BY m.date, a.id""",
        [placement_id],
    )
    # Here, not above: `reading` reads a meeting's log through this module.
    from driehoek.reading import row_agreement

    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [row_agreement({**r, "text": clean_text(r["text"])}, Values()) for r in rows]


def destination(db: Database, placement_id: int) -> int | None:
    """The evaluation that takes up an entry written now: the placement's latest meeting, if
    it is an evaluation never signed by all three; else None (the next one will)."""
    row = db.execute(
        f"""SELECT m.id FROM meetings m WHERE m.id = (SELECT id FROM meetings
               WHERE placement_id = ? ORDER BY date DESC, id DESC LIMIT 1)
             AND m.kind = ? AND NOT {signed("m.id")}
             AND NOT EXISTS (SELECT 1 FROM signed_versions WHERE meeting_id = m.id)""",
        [placement_id, MeetingKind.EVALUATION.value],
    ).fetchone()
    return int(row[0]) if row else None


def add(
    store: Store,
    placement_id: int,
    kind: LogKind,
    day: date,
    text: str = "",
    *,
    agreement_id: int | None = None,
) -> LogEntry:
    """Write an entry in the placement's log.

    Args:
        store: The session's store.
        placement_id: The placement.
        kind: A note (needs a text), or an agreement kept (needs the agreement; a text is an
            optional remark).
        day: The day it is about.
        text: The note, or the remark.
        agreement_id: The agreement kept, one of the placement's (`open_agreements`).

    Raises:
        ValueError: A note without text, or an agreement kept without an agreement.
        NotFound: No such placement.
        NotOpen: The agreement is not one of its open ones.
        AlreadyKept: The agreement is marked kept already, waiting for the next evaluation.
    """
    text = clean_text(text).strip()
    if kind is LogKind.NOTE and not text:
        raise ValueError("a note needs a text")
    if kind is LogKind.KEPT and agreement_id is None:
        raise ValueError("an agreement kept names the agreement")
    with store.transaction():
        store.placement(placement_id)  # raises NotFound
        if agreement_id is not None:
            _check_agreement(store.db, placement_id, agreement_id)
        meeting_id = destination(store.db, placement_id)
        now = store.now_iso()
        cursor = store.db.execute(
            """INSERT INTO logbook (placement_id, meeting_id, day, kind, text, agreement_id,
                   created_at, created_by, updated_at, updated_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                placement_id,
                meeting_id,
                day.isoformat(),
                kind.value,
                text,
                agreement_id,
                now,
                store.user,
                now,
                store.user,
            ],
        )
        entry_id = int(cursor.lastrowid or 0)
        if meeting_id is not None and kind is LogKind.KEPT and agreement_id is not None:
            _start_as_kept(store, meeting_id, agreement_id)
    return _entries(store.db, "l.id = ?", [entry_id])[0]


def _check_agreement(db: Database, placement_id: int, agreement_id: int) -> None:
    if not any(a.id == agreement_id for a in open_agreements(db, placement_id)):
        kept = db.execute(
            """SELECT 1 FROM logbook WHERE agreement_id = ? AND kind = 'kept'
               AND meeting_id IS NULL""",
            [agreement_id],
        ).fetchone()
        if kept:
            raise AlreadyKept(agreement_id)
        raise NotOpen(f"open agreement {agreement_id} of placement {placement_id}")


def take_up(store: Store, placement_id: int, meeting_id: int) -> None:
    """A new evaluation takes up every waiting entry; one that marks an agreement kept starts
    that agreement's disposition as kept (the table can still change it)."""
    with store.transaction():
        kept = waiting(store.db, placement_id)
        store.db.execute(
            """UPDATE logbook SET meeting_id = ?, version = version + 1, updated_at = ?,
               updated_by = ? WHERE placement_id = ? AND meeting_id IS NULL""",
            [meeting_id, store.now_iso(), store.user, placement_id],
        )
        for entry in kept:
            if entry.kind is LogKind.KEPT and entry.agreement_id is not None:
                _start_as_kept(store, meeting_id, entry.agreement_id)


def _start_as_kept(store: Store, meeting_id: int, agreement_id: int) -> None:
    """The evaluation's disposition of the agreement as kept, unless the table chose one."""
    row = store.db.execute(
        """SELECT id, version FROM dispositions WHERE meeting_id = ? AND agreement_id = ?
           AND disposition IS NULL""",
        [meeting_id, agreement_id],
    ).fetchone()
    if row is not None:
        store.edit(
            Ref(Part.DISPOSITION, int(row[0])), int(row[1]), {"disposition": Disposition.DONE}
        )


__all__ = [
    "AlreadyKept",
    "LogEntry",
    "LogKind",
    "NotOpen",
    "add",
    "destination",
    "entries",
    "open_agreements",
    "take_up",
    "taken_up",
    "waiting",
]
