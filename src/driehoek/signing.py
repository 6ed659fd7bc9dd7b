"""Signed means signed: a meeting all three signed is closed, and only reopening changes that.

When the third party signs, the meeting's data as signed is kept (`signed_versions`), so that
after a reopening the minutes can say what changed since. Reopening asks a reason, withdraws the
three sign-offs and is in the audit trail; signing again closes it with a new signed version.
While a meeting is closed the schema itself refuses any change to it (see `migrate_signed`).

Like the store, this module speaks SQL; it writes through `Store.transaction()`, so every step
takes the write lock up front and the audit trail sees it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from driehoek.domain import Meeting
from driehoek.domain_log import SignedVersion
from driehoek.migrate_signed import signed
from driehoek.serialize import meeting_data
from driehoek.stored import parse_moment
from driehoek.text import clean_text

if TYPE_CHECKING:
    from sqlite_utils import Database

    from driehoek.store import Store
    from driehoek.store_base import StoreBase

LEFT_OUT = ("placement", "previous_factors", "signed_versions", "between", "invalid")
"""Not part of what is signed: the placement (its own record, which goes on), the factors of
the meeting before, the sign-off history itself, and the log the meeting took up (which the
schema keeps as it was)."""


class NotClosed(Exception):
    """Only a meeting all three signed can be reopened."""


def closed(db: Database, meeting_id: int) -> bool:
    """Whether all three signed the meeting (then nothing in it may change)."""
    row = db.execute(f"SELECT {signed('?')}", [meeting_id]).fetchone()
    return bool(row[0])


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """The meeting's data as the parties sign it: as `serialize` writes it, without what
    `LEFT_OUT` names."""
    data = meeting_data(meeting)
    for key in LEFT_OUT:
        data.pop(key, None)
    return data


def _insert(store: StoreBase, meeting_id: int, signed_at: str) -> int:
    data = json.dumps(snapshot(store.meeting(meeting_id)), ensure_ascii=False, sort_keys=True)
    cursor = store.db.execute(
        "INSERT INTO signed_versions (meeting_id, signed_at, data) VALUES (?, ?, ?)",
        [meeting_id, signed_at, data],
    )
    return int(cursor.lastrowid or 0)


def close(store: StoreBase, meeting_id: int) -> None:
    """Keep what all three just signed (the store calls this at the third sign-off)."""
    with store.transaction():
        _insert(store, meeting_id, store.now_iso())


def reopen(store: Store, meeting_id: int, reason: str) -> None:
    """Reopen a meeting all three signed: the sign-offs are withdrawn, the signed version is
    marked reopened (now, by this session's user, for `reason`), and the audit trail records
    it. The meeting can then be changed, and signed again.

    Raises:
        ValueError: The reason is empty.
        NotClosed: Not all three signed it (nothing to reopen).
    """
    reason = clean_text(reason).strip()
    if not reason:
        raise ValueError("a reopening needs a reason")
    with store.transaction():
        if not closed(store.db, meeting_id):
            raise NotClosed(meeting_id)
        row = store.db.execute(
            """SELECT id FROM signed_versions WHERE meeting_id = ? AND reopened_at IS NULL
               ORDER BY id DESC LIMIT 1""",
            [meeting_id],
        ).fetchone()
        if row is None:
            # Signed before driehoek kept what was signed: what it holds now is that, as
            # nothing could change it since.
            last = store.db.execute(
                "SELECT max(signed_at) FROM sign_offs WHERE meeting_id = ?", [meeting_id]
            ).fetchone()[0]
            version_id = _insert(store, meeting_id, last or store.now_iso())
        else:
            version_id = int(row[0])
        store.db.execute(
            """UPDATE signed_versions SET reopened_at = ?, reopened_by = ?, reason = ?
               WHERE id = ?""",
            [store.now_iso(), store.user, reason, version_id],
        )
        store.db.execute("DELETE FROM sign_offs WHERE meeting_id = ?", [meeting_id])
        store.record("reopen", "meetings", meeting_id, meeting_id)


def versions(db: Database, meeting_id: int) -> tuple[SignedVersion, ...]:
    """Each time all three signed the meeting, oldest first, with its reopening if any."""
    rows = db.execute(
        """SELECT signed_at, data, reopened_at, reopened_by, reason FROM signed_versions
           WHERE meeting_id = ? ORDER BY id""",
        [meeting_id],
    ).fetchall()
    return tuple(
        SignedVersion(
            signed_at=parse_moment(signed_at),
            data=_loaded(data),
            reopened_at=parse_moment(reopened_at),
            reopened_by=clean_text(str(by)),
            reason=clean_text(str(reason)),
        )
        for signed_at, data, reopened_at, by, reason in rows
    )


def _loaded(text: object) -> dict[str, Any]:
    try:
        data = json.loads(str(text))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
