"""The store's plumbing: the connection, transactions, inserts and versioned updates, the
exceptions a write can raise (`store` puts the creating and the editing on top)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from driehoek import schedule
from driehoek.database import identify
from driehoek.dates import MEETING_TZ
from driehoek.domain import (
    Placement,
)
from driehoek.editable import stored_form
from driehoek.migrate_signed import SIGNED
from driehoek.reading import Reading
from driehoek.wal import close_database

if TYPE_CHECKING:
    from sqlite_utils import Database


Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware; injected so tests can fix it."""

EVALUATION_MONTHS = 3
"""The triangle evaluates every quarter: a placement's cadence is three months unless set."""


class StaleEdit(Exception):
    """The row changed (or vanished) since the version the edit was based on."""

    def __init__(self, table: str, row_id: object) -> None:
        super().__init__(f"{table} {row_id} was changed by someone else")
        self.table = table
        self.row_id = row_id


class Signed(Exception):
    """The meeting is signed by all three: nothing in it changes until it is reopened
    (`signing.reopen`). The schema refuses such a write whoever makes it (see
    `migrate_signed`); the store says so with this."""


class NotReady(Exception):
    """The meeting cannot be closed yet: an evaluation's open agreements each need a
    disposition before anyone signs it."""


class StoreBase(Reading):
    """The connection and the plumbing every write goes through."""

    def __init__(
        self, db: Database | sqlite3.Connection, *, clock: Clock, user: str = "", client: str = ""
    ) -> None:
        super().__init__(db)
        self.closed = False
        """Whether `close` was called: the connection is gone."""
        self.clock = clock
        self.user = user
        self.client = client
        self._moment: str | None = None
        """While set (`one_moment`), the moment `now_iso` gives."""
        # The audit trail names this store's user and time (see migrations: the triggers).
        identify(self.conn, user=user, client=client, now=self.now_iso)
        self._data_version = self._read_data_version()

    def close(self) -> None:
        """Close the connection, leaving what it committed in the database file itself (a
        truncating checkpoint: see `wal.close_database`). Calling it twice is harmless."""
        self.closed = True
        close_database(self.conn)

    def _read_data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        """Whether another connection committed since the last call (one cheap PRAGMA:
        SQLite counts other connections' commits, never this one's); never, once closed (the
        session is on its way out: a poll must not touch the connection)."""
        if self.closed:
            return False
        version = self._read_data_version()
        changed = version != self._data_version
        self._data_version = version
        return changed

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction that takes the write lock up front, waiting for it if need be.

        Inside another `transaction()` it joins that one: everything commits together.
        """
        if self.db.conn.in_transaction:
            with _signed_as_signed():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            with _signed_as_signed():
                yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def now_iso(self) -> str:
        """Now, in UTC, as stored in every `updated_at` and in the audit trail (the moment
        `one_moment` fixed, inside it)."""
        if self._moment is not None:
            return self._moment
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    @contextmanager
    def one_moment(self) -> Iterator[str]:
        """One moment for every write in the block: each `updated_at` and audit row it writes
        (the triggers ask `now_iso`) names the moment the block began, not the second each
        row was reached in. For a write of many rows in one transaction (a school's list),
        which commits at once: asking the clock per audit row took ~50 ms of a 10,000-row
        import's ~700 (bench/findings.md, figure 10). Inside another `one_moment`, that
        one's moment stays."""
        if self._moment is not None:
            yield self._moment
            return
        self._moment = self.now_iso()
        try:
            yield self._moment
        finally:
            self._moment = None

    def today(self) -> date:
        """Today in the Netherlands: the default date of a new meeting."""
        return self.clock().astimezone(MEETING_TZ).date()

    def _stamp(self) -> dict[str, object]:
        return {"updated_at": self.now_iso(), "updated_by": self.user}

    def _insert(self, table: str, row: Mapping[str, object]) -> int:
        values = {**row, **self._stamp()}
        columns = ", ".join(f"[{c}]" for c in values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(values.values())
        )
        return int(cursor.lastrowid or 0)

    def _update(
        self, table: str, where: Mapping[str, object], version: int, changes: Mapping[str, object]
    ) -> int:
        values = stored_form(table, changes) | self._stamp()
        sets = ", ".join(f"[{c}] = ?" for c in values)
        conditions = " AND ".join(f"[{c}] = ?" for c in where)
        cursor = self.db.execute(
            f"UPDATE [{table}] SET {sets}, version = version + 1 "
            f"WHERE {conditions} AND version = ?",
            [*values.values(), *where.values(), version],
        )
        if cursor.rowcount != 1:
            raise StaleEdit(table, tuple(where.values()))
        return version + 1

    @staticmethod
    def _default_next(p: Placement, day: date) -> str | None:
        # A start or end the file holds but cannot read is None here: not known.
        planned = schedule.next_evaluation(day, start=p.start, end=p.end, cadence=p.cadence_months)
        return planned.isoformat() if planned else None

    def record(
        self, action: str, entity: str, entity_id: int | None, meeting_id: int | None
    ) -> None:
        """Add an action the triggers cannot see (an export, an erasure) to the audit trail."""
        with self.transaction():
            self.db.execute(
                """INSERT INTO audit (at, os_user, ssh_client, action, entity, entity_id,
                   meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [self.now_iso(), self.user, self.client, action, entity, entity_id, meeting_id],
            )


@contextmanager
def _signed_as_signed() -> Iterator[None]:
    """The schema's refusal to change a signed meeting, as the `Signed` it means."""
    try:
        yield
    except sqlite3.IntegrityError as e:
        if str(e) == SIGNED:
            raise Signed() from e
        raise
