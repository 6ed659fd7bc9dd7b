"""Following reads a database that it cannot change, sees each commit of another session, and
says what is new: the minutes, the signatures, the end of a share, a meeting that is gone."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXED_NOW
from driehoek import shares, signing
from driehoek.database import DatabaseRefused, Problem, open_database
from driehoek.domain import Party
from driehoek.erasure import erase_student
from driehoek.following import Follower, State
from driehoek.migrations import LATEST
from driehoek.readonly import ReadOnlyDatabase, open_read_only
from driehoek.store import Store

GOAL = "Zelfstandig een dienst draaien"


def fingerprint(path: Path) -> dict[str, str]:
    """The database and its log, byte for byte (an empty log holds nothing)."""
    files = (path, path.with_name(path.name + "-wal"))
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.exists() and (f == path or f.stat().st_size)
    }


@pytest.fixture
def path(store: Store, tmp_path: Path) -> Path:
    return tmp_path / "driehoek.db"


@pytest.fixture
def meeting_id(store: Store) -> int:
    return store.new_intake("Joris Valkenier", "Dagbesteding De Vlonder")


@pytest.fixture
def database(path: Path, meeting_id: int) -> Iterator[ReadOnlyDatabase]:
    database = open_read_only(path)
    yield database
    database.close()


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


def add_goal(store: Store, meeting_id: int, text: str = GOAL) -> None:
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, text)


# -- the read-only database --------------------------------------------------------------------


def test_nothing_can_be_written_through_the_read_only_database(
    store: Store, path: Path, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    before = fingerprint(path)

    def write(reading: object) -> None:
        db = database._conn
        assert db is not None
        db.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")

    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
        database.read(write)
    assert fingerprint(path) == before
    assert database.read(lambda r: r.meeting(meeting_id).placement.student) == "Joris Valkenier"


def test_another_sessions_commit_is_seen_and_nothing_else_is(
    store: Store, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    database.read(lambda r: r.meeting(meeting_id))
    assert not database.changed()
    assert not database.changed()

    add_goal(store, meeting_id)

    assert database.changed()
    goals = database.read(lambda r: [g.text for g in r.meeting(meeting_id).goals])
    assert goals == [GOAL]
    assert not database.changed()


def test_without_shared_memory_the_file_is_read_as_it_lies_until_a_session_opens_it(
    store: Store, path: Path, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A follow-only account may not make the -shm (docs/ssh.md): SQLite then refuses a live
    # connection while no session has the file open. Root may make it, so that is told here
    # by the connection itself; tests/e2e/test_ssh.py has the real account.
    store.close()
    for leftover in ("-wal", "-shm"):
        assert not path.with_name(path.name + leftover).exists()
    connect = ReadOnlyDatabase._connect

    def no_shared_memory(self: ReadOnlyDatabase, *, immutable: bool = False) -> sqlite3.Connection:
        if not immutable and not path.with_name(path.name + "-shm").exists():
            error = sqlite3.OperationalError("attempt to write a readonly database")
            error.sqlite_errorname = "SQLITE_READONLY_DIRECTORY"
            raise error
        return connect(self, immutable=immutable)

    monkeypatch.setattr(ReadOnlyDatabase, "_connect", no_shared_memory)
    database = open_read_only(path)
    try:
        assert database.read(lambda r: r.meeting(meeting_id).goals) == ()
        assert not database.changed()
        assert not path.with_name(path.name + "-shm").exists()

        # A coordinator opens the file, and saves.
        db = open_database(path)
        writer = Store(db, clock=lambda: FIXED_NOW, user="coordinator")
        assert database.changed(), "the -shm appeared: a live connection now"
        database.read(lambda r: r.meeting(meeting_id))
        add_goal(writer, meeting_id)
        assert database.changed()
        goals = database.read(lambda r: [g.text for g in r.meeting(meeting_id).goals])
        assert goals == [GOAL]
        writer.close()
    finally:
        database.close()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: None, Problem.MISSING),
        (lambda p: p.write_text("geen database"), Problem.NOT_SQLITE),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "foreign"),
    ],
    ids=["missing", "not-sqlite", "foreign"],
)
def test_a_file_that_is_not_a_driehoek_database_is_refused_untouched(
    tmp_path: Path, make: object, problem: Problem | str
) -> None:
    path = tmp_path / "ander.db"
    make(path)  # type: ignore[operator]
    before = path.read_bytes() if path.exists() else None

    with pytest.raises(DatabaseRefused) as refused:
        open_read_only(path)

    assert refused.value.problem == Problem(problem)
    assert (path.read_bytes() if path.exists() else None) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == (["ander.db"] if before else [])


@pytest.mark.parametrize(
    ("version", "problem"), [(LATEST + 1, Problem.NEWER), (LATEST - 1, Problem.OUTDATED)]
)
def test_a_database_of_another_version_is_refused_untouched(
    store: Store, path: Path, version: int, problem: Problem
) -> None:
    store.db.execute(f"PRAGMA user_version = {version}")
    store.close()
    before = fingerprint(path)

    with pytest.raises(DatabaseRefused) as refused:
        open_read_only(path)

    assert refused.value.problem is problem
    assert fingerprint(path) == before


# -- the follower ------------------------------------------------------------------------------


def test_the_follower_shows_each_save_once(
    store: Store, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    clock = Clock()
    follower = Follower(database, meeting_id, "nl", clock)

    first = follower.poll()
    assert first is not None
    assert (first.state, first.signed, first.read_at) == (State.LIVE, 0, FIXED_NOW)
    assert "Joris Valkenier" in first.title
    assert "Joris Valkenier" in first.markdown
    assert follower.poll() is None

    add_goal(store, meeting_id)
    clock.now = FIXED_NOW.replace(minute=31)
    second = follower.poll()
    assert second is not None
    assert GOAL in second.markdown
    assert second.read_at == clock.now
    assert follower.poll() is None

    store.sign(meeting_id, Party.STUDENT, "Joris Valkenier")
    third = follower.poll()
    assert third is not None
    assert (third.state, third.signed) == (State.LIVE, 1)


def test_a_change_elsewhere_in_the_file_shows_nothing_new(
    store: Store, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    follower = Follower(database, meeting_id, "nl", Clock())
    follower.poll()
    other = store.new_intake("Sanne Dekker", "Bakkerij De Korenaar")
    add_goal(store, other)
    assert follower.poll() is None


def test_following_a_share_ends_with_the_last_signature_on_the_final_minutes(
    store: Store, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    share = shares.share_with_account(store, meeting_id, "mirjam")
    follower = Follower(database, meeting_id, "nl", Clock(), share_id=share.id)
    assert follower.poll() is not None

    for party, name in zip(Party, ("Joris Valkenier", "Mirjam Smit", "Kees de Boer"), strict=True):
        store.sign(meeting_id, party, name)

    ended = follower.poll()
    assert ended is not None
    assert (ended.state, ended.signed) == (State.SIGNED, 3)
    assert "Kees de Boer" in ended.markdown
    signing.reopen(store, meeting_id, "Een datum verbeterd.")
    add_goal(store, meeting_id)
    assert follower.poll() is None, "after the end, nothing more is shown, reopened or not"


def test_a_stopped_share_takes_the_minutes_off_the_screen(
    store: Store, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    share, _token = shares.share_link(store, meeting_id)
    follower = Follower(database, meeting_id, "nl", Clock(), share_id=share.id)
    follower.poll()

    shares.stop(store, meeting_id)

    stopped = follower.poll()
    assert stopped is not None
    assert (stopped.state, stopped.markdown) == (State.STOPPED, "")
    add_goal(store, meeting_id)
    assert follower.poll() is None


def test_an_erased_meeting_is_gone_from_the_screen(
    store: Store, database: ReadOnlyDatabase, meeting_id: int
) -> None:
    follower = Follower(database, meeting_id, "nl", Clock())
    follower.poll()

    erase_student(store, store.meeting(meeting_id).placement.student_id)

    gone = follower.poll()
    assert gone is not None
    assert (gone.state, gone.title, gone.markdown) == (State.GONE, "", "")
    assert follower.poll() is None


@pytest.mark.parametrize("by_link", [False, True])
def test_a_number_used_again_after_an_erasure_shows_nothing_of_the_new_meeting(
    store: Store, database: ReadOnlyDatabase, meeting_id: int, by_link: bool
) -> None:
    """SQLite gives the next row the highest number plus one: once the newest student is
    erased, her meeting's number comes back for the next meeting. A follower who did not look
    in between (a file that could not be read for a while) must not be shown that meeting, not
    even its title, though it has the old number and is shared again (under a new number: a
    share's is never given again)."""

    def share() -> int:
        if by_link:
            return shares.share_link(store, meeting_id)[0].id
        return shares.share_with_account(store, meeting_id, "mirjam").id

    share_id = share()
    follower = Follower(database, meeting_id, "nl", Clock(), share_id=share_id)
    shown = follower.poll()
    assert shown is not None
    assert shown.state is State.LIVE

    erase_student(store, store.meeting(meeting_id).placement.student_id)
    assert store.new_intake("Sanne Dekker", "Bakkerij De Korenaar") == meeting_id
    add_goal(store, meeting_id, "Zelf de oven aanzetten")
    assert share() > share_id

    gone = follower.poll()
    assert gone is not None
    assert (gone.state, gone.title, gone.markdown) == (State.GONE, "", "")
    add_goal(store, meeting_id)
    assert follower.poll() is None


def test_a_file_that_cannot_be_read_for_a_moment_keeps_the_minutes_and_tries_again(
    store: Store, database: ReadOnlyDatabase, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower = Follower(database, meeting_id, "nl", Clock())
    shown = follower.poll()
    assert shown is not None
    add_goal(store, meeting_id)

    def busy(_what: object) -> object:
        raise sqlite3.OperationalError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(database, "read", busy)
        waiting = follower.poll()
        assert waiting is not None
        assert (waiting.state, waiting.markdown) == (State.WAITING, shown.markdown)
        assert "database is locked" in waiting.detail
        assert follower.poll() is None, "told once"

    back = follower.poll()
    assert back is not None
    assert back.state is State.LIVE
    assert GOAL in back.markdown
