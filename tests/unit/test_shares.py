"""Shares: a meeting shared with an account or a link holds until all three have signed (or it
is stopped), and nothing of a link that opens it is kept in the file."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from bad_rows import at_version, sign_as_then, stand_ins_for_newer_tables
from conftest import FIXED_NOW
from driehoek import shares, signing
from driehoek.database import open_database
from driehoek.domain import Party
from driehoek.erasure import erase_student
from driehoek.migrations import MIGRATIONS, migrate, schema_version
from driehoek.store import NotFound, Store

STUDENT = "Joris Valkenier"


def a_meeting(store: Store) -> int:
    return store.new_intake(STUDENT, "Dagbesteding De Vlonder")


def sign_all(store: Store, meeting_id: int) -> None:
    for party, name in zip(Party, ("Joris Valkenier", "Mirjam Smit", "Kees de Boer"), strict=True):
        store.sign(meeting_id, party, name)


def test_a_link_keeps_only_the_hash_of_a_long_random_token(store: Store, tmp_path: Path) -> None:
    meeting_id = a_meeting(store)

    share, token = shares.share_link(store, meeting_id)

    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token), "256 bits, URL-safe"
    assert (share.by_link, share.meeting_id, share.created_by) == (True, meeting_id, "tester")
    raw = (tmp_path / "driehoek.db").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("driehoek.db-wal")
    )
    assert token.encode() not in raw
    assert shares.live_for_token(store.db, token) == share
    assert shares.live_for_token(store.db, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    other, other_token = shares.share_link(store, meeting_id)
    assert (other.id, other_token) != (share.id, token)


def test_a_share_ends_at_the_last_signature_and_stays_ended(store: Store) -> None:
    meeting_id = a_meeting(store)
    link, token = shares.share_link(store, meeting_id)
    account = shares.share_with_account(store, meeting_id, "mirjam")
    store.sign(meeting_id, Party.STUDENT, "Joris Valkenier")
    store.sign(meeting_id, Party.WORKPLACE, "Mirjam Smit")
    assert {s.id for s in shares.live(store.db)} == {link.id, account.id}

    store.sign(meeting_id, Party.SCHOOL, "Kees de Boer")

    assert shares.live(store.db) == []
    assert shares.live_for_token(store.db, token) is None
    ended = shares.for_token(store.db, token)
    assert ended is not None
    assert ended.ended_at is not None
    # Reopened to correct the minutes: the old link stays ended.
    signing.reopen(store, meeting_id, "Een datum verbeterd.")
    assert shares.live(store.db) == []
    # And a meeting signed by all three cannot be shared again.
    sign_all(store, meeting_id)
    with pytest.raises(shares.AlreadySigned):
        shares.share_link(store, meeting_id)
    with pytest.raises(shares.AlreadySigned):
        shares.share_with_account(store, meeting_id, "mirjam")


def test_stopping_ends_every_share_of_that_meeting_only(store: Store) -> None:
    first, second = a_meeting(store), store.new_intake("Sanne Dekker", "Bakkerij De Korenaar")
    shares.share_link(store, first)
    shares.share_with_account(store, first, "mirjam")
    kept = shares.share_with_account(store, second, "mirjam")

    assert shares.stop(store, first) == 2

    assert shares.live(store.db) == [kept]
    assert shares.live_for_account(store.db, "mirjam") == [kept]
    assert shares.stop(store, first) == 0
    with pytest.raises(NotFound):
        shares.stop(store, 999)


def test_sharing_with_an_account_twice_is_one_share(store: Store) -> None:
    meeting_id = a_meeting(store)
    once = shares.share_with_account(store, meeting_id, "mirjam")
    assert shares.share_with_account(store, meeting_id, "mirjam") == once
    assert shares.live_for_account(store.db, "mirjam") == [once]
    assert shares.live_for_account(store.db, "kees") == []


@pytest.mark.parametrize("name", ["", "Mirjam", "mirjam smit", "../etc", "a" * 33, "-x", "m\n"])
def test_only_an_account_name_can_be_shared_with(store: Store, name: str) -> None:
    meeting_id = a_meeting(store)
    with pytest.raises(shares.NotAnAccount):
        shares.share_with_account(store, meeting_id, name)
    assert shares.live(store.db) == []


def test_no_share_for_a_meeting_that_is_not_there(store: Store) -> None:
    with pytest.raises(NotFound):
        shares.share_link(store, 404)
    with pytest.raises(NotFound):
        shares.share_with_account(store, 404, "mirjam")


def test_the_file_refuses_a_share_that_is_neither_or_both(store: Store) -> None:
    meeting_id = a_meeting(store)
    for token_hash, account in ((None, None), ("a" * 64, "mirjam"), ("kort", None)):
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute(
                """INSERT INTO shares (meeting_id, token_hash, account, created_at)
                   VALUES (?, ?, ?, '2026-11-28T10:30:00+00:00')""",
                [meeting_id, token_hash, account],
            )


def test_erasing_the_student_takes_her_shares_along(store: Store) -> None:
    meeting_id = a_meeting(store)
    _, token = shares.share_link(store, meeting_id)
    shares.share_with_account(store, meeting_id, "mirjam")
    student_id = store.meeting(meeting_id).placement.student_id

    erase_student(store, student_id)

    assert store.db.execute("SELECT count(*) FROM shares").fetchone()[0] == 0
    assert shares.for_token(store.db, token) is None


def test_the_audit_trail_names_who_shared_and_who_stopped(store: Store) -> None:
    meeting_id = a_meeting(store)
    share, _ = shares.share_link(store, meeting_id)
    shares.stop(store, meeting_id)

    rows = list(
        store.db.query(
            "SELECT action, os_user, meeting_id FROM audit WHERE entity = 'shares' "
            "AND entity_id = ? ORDER BY id",
            [share.id],
        )
    )
    assert [(r["action"], r["os_user"], r["meeting_id"]) for r in rows] == [
        ("create", "tester", meeting_id),
        ("change", "tester", meeting_id),
    ]


def test_the_shares_migration_keeps_a_file_of_the_version_before(tmp_path: Path) -> None:
    before = MIGRATIONS.index(next(m for m in MIGRATIONS if m.__name__ == "_shares"))
    db = at_version(tmp_path / "ouder.db", before)
    stand_ins_for_newer_tables(db)
    older = Store(db, clock=lambda: FIXED_NOW)
    meeting_id = a_meeting(older)
    sign_as_then(db, meeting_id, older.now_iso())
    db.close()

    upgraded = open_database(tmp_path / "ouder.db")
    try:
        assert schema_version(upgraded) == len(MIGRATIONS)
        assert migrate(upgraded) == 0
        store = Store(upgraded, clock=lambda: FIXED_NOW)
        assert store.meeting(meeting_id).placement.student == STUDENT
        with pytest.raises(shares.AlreadySigned):
            shares.share_link(store, meeting_id)
        fresh = store.new_intake("Sanne Dekker", "Bakkerij De Korenaar")
        assert shares.share_link(store, fresh)[0].meeting_id == fresh
    finally:
        upgraded.close()
