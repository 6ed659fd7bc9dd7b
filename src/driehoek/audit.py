"""The audit trail's hash chain: each row carries a hash over its content and the row before.

What it protects against, precisely: someone who can write the database file (the `sqlite3`
shell, another program) can still change or delete audit rows, or drop the table, once the
append-only triggers are dropped; the chain makes such a change *visible* to `driehoek check`,
not impossible. A row changed, deleted or slipped in between breaks the chain at that row, and
a dropped table or trigger is missing from the schema. Not detected: rows cut off at the newest
end (the rest still chains), and a chain recomputed from the changed row on by someone who has
read this module (there is no secret: every coordinator's session must be able to write rows).
`check` shows the newest row and its hash, so a printout kept from an earlier check shows those.

The hash is computed inside the database by a trigger (see `migrations`), with a function that
every driehoek connection registers (`database.identify`), so every way a row is written, by a
trigger or by `Store.record`, gets one; an insert that brings a hash of its own is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = ""
"""The hash before the first row."""

COLUMNS = (
    "id",
    "at",
    "os_user",
    "ssh_client",
    "action",
    "entity",
    "entity_id",
    "meeting_id",
    "version",
)
"""The audit columns the hash covers, in order."""


def chain_hash(previous: str | None, *values: object) -> str:
    """The hash of one audit row: SHA-256 over the previous row's hash and the row's values.

    Args:
        previous: The hash of the row before (None or "" for the first row).
        values: The row's values in `COLUMNS` order, as SQLite stores them.

    Returns:
        64 hexadecimal digits.
    """
    # JSON keeps types and boundaries apart: ("ab", "c") and ("a", "bc") never collide, nor
    # 1 and "1", nor NULL and "". The trigger calls this for every row written, so the text is
    # made by the encoder `json.dumps` itself uses, built once (`_ENCODE`), not per call, and
    # all of it here rather than in helpers: a Python call costs as much as a value's text.
    sha256 = _SHA256 or _hashlib_sha256()
    if _ENCODE is None:  # pragma: no cover - see `_make_encoder`
        return sha256(_json_text(previous, values).encode("utf-8")).hexdigest()
    return sha256("".join(_ENCODE([previous or GENESIS, *values], 0)).encode("utf-8")).hexdigest()


_Encoder = Callable[[object, int], Sequence[str]]
"""`json.encoder.c_make_encoder`'s encoder: a value and its indent level, its text in parts."""


def _make_encoder() -> _Encoder | None:
    """The C encoder that `json.dumps(..., ensure_ascii=False, separators=(",", ":"))` makes
    anew at each call (`json.JSONEncoder.iterencode`), made once here with the same settings:
    the same text for every value, a sixth fewer instructions a hash (bench/findings.md). The
    one setting left out is the check for a list that holds itself, which a row of SQLite
    values cannot. None where Python has no C encoder: then `json.dumps` itself is used."""
    # Not in the type stubs: an attribute of `json.encoder` (from `_json`), None without it.
    make: Callable[..., _Encoder] | None = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return None
    default = json.JSONEncoder().default  # refuses what JSON cannot write, as json.dumps
    return make(None, default, json.encoder.encode_basestring, None, ":", ",", False, False, True)


_ENCODE = _make_encoder()


class _Digest(Protocol):
    def hexdigest(self) -> str: ...


_SHA256: Callable[[bytes], _Digest] | None = None
"""hashlib.sha256, once imported."""


def _hashlib_sha256() -> Callable[[bytes], _Digest]:
    """hashlib.sha256, imported at the first hash (a write), not at start: it loads OpenSSL's
    library, ~0.6 MiB that the first screen does without (bench/findings.md)."""
    global _SHA256
    import hashlib

    _SHA256 = hashlib.sha256
    return _SHA256


def _json_text(previous: str | None, values: tuple[object, ...]) -> str:
    """The text the hash is taken over, as the chain defines it: `json.dumps` of the previous
    hash and the values, without spaces, non-ASCII as itself."""
    row = [previous or GENESIS, *values]
    if _ENCODE is None:  # pragma: no cover - see `_make_encoder`
        return json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ENCODE(row, 0))


def chain_hash_of_run(previous: str | None, *values: object) -> str:
    """The hash of one audit row with its `last_id` (the last value): as `chain_hash` of the
    row's `COLUMNS` values, with `last_id` after them only when it is set. A row that stands
    for one record (`last_id` NULL, every row written before the column came) keeps the hash
    it had; a run of records has the end of its run in its hash."""
    *columns, last_id = values
    if last_id is None:
        return chain_hash(previous, *columns)
    return chain_hash(previous, *values)


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the functions the audit trigger calls: with `last_id` (the trigger
    since migration `audit_ranges`) and without (the trigger before it, which a file being
    upgraded still has)."""
    conn.create_function("driehoek_chain", 1 + len(COLUMNS), chain_hash, deterministic=True)
    conn.create_function("driehoek_chain", 2 + len(COLUMNS), chain_hash_of_run, deterministic=True)


def about(audit: str, entity: str, record: str) -> tuple[str, str]:
    """SQL that holds when the audit row `audit` (an alias) is about the record `record` of the
    table `entity` (both SQL expressions): as a row of its own, and as a run that holds it
    (`last_id`, migration `audit_ranges`). Two conditions, for two SELECTs joined by UNION
    ALL: joined by OR, SQLite walked every row of the table before the record's id."""
    own = f"{audit}.entity = {entity} AND {audit}.entity_id = {record}"
    run = f"""{audit}.entity = {entity} AND {audit}.last_id IS NOT NULL
              AND {audit}.last_id >= {record} AND {audit}.entity_id <= {record}"""
    return own, run


@dataclass(frozen=True)
class ChainState:
    """What a walk along the chain found.

    Attributes:
        rows: How many rows were checked (all of them when the chain is whole).
        broken_at: The id of the first row whose hash does not follow, or None.
        newest: The id of the newest row (None when the trail is empty).
        head: The newest row's hash.
        missing: "table" or "column" when there is no chain to walk at all.
    """

    rows: int
    broken_at: int | None = None
    newest: int | None = None
    head: str = GENESIS
    missing: str = ""

    @property
    def whole(self) -> bool:
        """Whether every row follows from the one before."""
        return not self.missing and self.broken_at is None


def walk(db: Database) -> ChainState:
    """Recompute the chain from the first row and compare it with the stored hashes.

    One SELECT, so one snapshot: rows that other sessions add meanwhile are not half seen.
    """
    exists = db.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit'"
    ).fetchone()
    if exists is None:
        return ChainState(0, missing="table")
    columns = {row[1] for row in db.execute("PRAGMA table_info(audit)").fetchall()}
    if not {*COLUMNS, "hash"} <= columns:
        return ChainState(0, missing="column")
    # A file not yet upgraded has no `last_id`: NULL for every row, the hash it always had.
    last_id = "last_id" if "last_id" in columns else "NULL"
    previous = GENESIS
    count = 0
    newest = None
    cursor = db.execute(f"SELECT {', '.join(COLUMNS)}, {last_id}, hash FROM audit ORDER BY id")
    for row in cursor:
        *values, stored = row
        if stored != chain_hash_of_run(previous, *values):
            cursor.close()
            return ChainState(count, broken_at=int(values[0]), newest=newest, head=previous)
        previous = stored
        newest = int(values[0])
        count += 1
    return ChainState(count, newest=newest, head=previous)
