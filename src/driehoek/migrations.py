"""Forward-only schema migrations, one function per change, numbered by `PRAGMA user_version`.

They run inside one `BEGIN IMMEDIATE` transaction that re-reads the version after taking the
write lock, so two processes starting at the same moment cannot both apply a migration: the
second waits for the first and then finds nothing left to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from driehoek.migrate_activity import placement_activity
from driehoek.migrate_audit_ranges import audit_ranges
from driehoek.migrate_dates import real_dates
from driehoek.migrate_erasure import erasable_reviews
from driehoek.migrate_extras import extra_answers
from driehoek.migrate_first import (
    _audit_hash_chain,
    _pressures,
    _set_aside_versions,
    _shares,
    _v1_initial,
    _v2_audit_and_settings,
    _v3_evaluations,
)
from driehoek.migrate_identities import identities
from driehoek.migrate_prepare import preparations
from driehoek.migrate_record import placement_record
from driehoek.migrate_signed import signed_and_between
from driehoek.migrate_status_index import placement_status_index
from driehoek.migrate_supervision import supervision_time
from driehoek.migrate_templates import templates

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x44524945  # "DRIE": marks a file as a driehoek database for `file(1)` and us

MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    _v1_initial,
    _v2_audit_and_settings,
    _v3_evaluations,
    real_dates,
    _set_aside_versions,
    _audit_hash_chain,
    _shares,
    placement_record,
    _pressures,
    signed_and_between,
    identities,
    templates,
    preparations,
    extra_answers,
    placement_activity,
    supervision_time,
    erasable_reviews,
    placement_status_index,
    audit_ranges,
)
"""Every schema change in order; the schema version is the number applied."""

LATEST = len(MIGRATIONS)


def schema_version(db: Database | sqlite3.Connection) -> int:
    """The number of migrations this file has had."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database) -> int:
    """Bring the schema up to date under the write lock.

    Args:
        db: A connection that is not inside a transaction.

    Returns:
        The number of migrations applied now (0 when the file was current).
    """
    if schema_version(db) >= LATEST:
        # Current, as nearly always: no write lock. Every command opens the file through
        # here, and one that only reads (a backup, a check) must not wait for the lock, nor
        # give up after the busy timeout while other sessions keep writing.
        return 0
    # Foreign keys off while the schema changes, as SQLite's procedure for rebuilding a table
    # asks (a table dropped to be rebuilt must not take its rows' children with it); it can
    # only be switched outside a transaction. A foreign-key check at the end makes sure no
    # migration left a reference broken that was not broken before.
    enforced = bool(db.execute("PRAGMA foreign_keys").fetchone()[0])
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        return _migrate_locked(db)
    finally:
        if enforced:
            db.execute("PRAGMA foreign_keys = ON")


def _migrate_locked(db: Database) -> int:
    db.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(db)  # again: another process may have migrated meanwhile
        pending = MIGRATIONS[current:]
        broken = _broken_references(db) if pending else 0
        for migration in pending:
            migration(db)
        if pending:
            if _broken_references(db) > broken:
                raise sqlite3.IntegrityError("a migration broke a reference between tables")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {LATEST}")
    except BaseException:
        db.rollback()
        raise
    db.commit()
    return len(pending)


def _broken_references(db: Database) -> int:
    return len(db.execute("PRAGMA foreign_key_check").fetchall())
