"""Opening the database file: a new one is set up privately, what is not ours is left alone."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from driehoek import database
from driehoek.database import DatabaseRefused, Problem, open_database
from driehoek.migrations import APPLICATION_ID, LATEST
from driehoek.wal import close_database
from waiting import wait_until


def _snapshot(path: Path) -> tuple[bytes, int]:
    """The file's bytes and modification time."""
    return path.read_bytes(), path.stat().st_mtime_ns


def _pragma(db_path: Path, name: str) -> object:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _ours(path: Path) -> Path:
    """A driehoek database with one student, closed (so everything is in the main file)."""
    db = open_database(path)
    db.execute(
        "INSERT INTO students (name, updated_at) VALUES ('Lieke Brandsma', '2026-11-28T10:30:00')"
    )
    db.close()
    return path


def test_a_new_file_is_private_in_wal_mode_and_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "driehoek.db"
    db = open_database(path)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for sibling in tmp_path.glob("driehoek.db-*"):
            assert stat.S_IMODE(sibling.stat().st_mode) == 0o600, sibling.name
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        db.close()


def test_every_connection_has_foreign_keys_on(tmp_path: Path) -> None:
    path = tmp_path / "driehoek.db"
    first, second = open_database(path), open_database(path)
    try:
        for db in (first, second):
            assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            with pytest.raises(sqlite3.IntegrityError):
                db.execute("INSERT INTO goals (meeting_id, updated_at) VALUES (404, '')")
            db.rollback()
    finally:
        first.close()
        second.close()


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = _ours(tmp_path / "driehoek.db")
    db = open_database(path, create=False)
    try:
        assert [r["name"] for r in db.query("SELECT name FROM students")] == ["Lieke Brandsma"]
    finally:
        db.close()


def test_an_empty_file_is_set_up(tmp_path: Path) -> None:
    path = tmp_path / "driehoek.db"
    path.touch()
    open_database(path, create=False).close()
    assert _pragma(path, "user_version") == LATEST


OPEN_EACH_ROUND = """
import sys
from pathlib import Path
from driehoek.database import open_database
print("ready", flush=True)
db = None
for line in sys.stdin:  # a path per round; the file of the round before stays open till then
    if db is not None:
        db.close()
    try:
        db = open_database(Path(line.strip()))
        print(db.execute("PRAGMA user_version").fetchone()[0], flush=True)
    except Exception as e:
        db = None
        print(f"{type(e).__name__}: {e}".replace("\\n", " "), flush=True)
"""

PROCESSES = 16
ROUNDS = 3
"""Rounds per run. The test ran 50 times in a row (150 rounds, 2,400 opens) without a
failure before it was committed; the race it guards is made certain in the test after it."""


def test_sixteen_processes_opening_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    """Each round, 16 processes that have everything imported are let go at once on a file
    that does not exist yet: every one opens it (one makes it), none is refused."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_EACH_ROUND],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n"
        for round_ in range(ROUNDS):
            path = tmp_path / f"driehoek-{round_}.db"
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write(f"{path}\n")
                proc.stdin.flush()
            answers = [proc.stdout.readline().strip() for proc in procs if proc.stdout]
            assert answers == [str(LATEST)] * PROCESSES, f"round {round_}: {answers}"
            assert _pragma(path, "user_version") == LATEST
            # Nothing but the file and its companions: no draft left behind by the losers.
            assert {p.name for p in tmp_path.iterdir() if p.name.startswith(".")} == set()
    finally:
        results = [proc.communicate(timeout=60) for proc in procs]
    assert [(proc.returncode, err) for proc, (_, err) in zip(procs, results, strict=True)] == [
        (0, "")
    ] * PROCESSES


class _Retries:
    """Stands in for the `random` the switch to WAL mode draws its pause from: it notes that
    the switch met the lock and is about to try again."""

    def __init__(self) -> None:
        self.met_the_lock = threading.Event()

    def uniform(self, low: float, high: float) -> float:
        self.met_the_lock.set()
        return low


def test_a_file_switched_to_wal_while_another_session_writes_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of many processes opening one file, made certain: a restored backup (a
    rollback journal) that another session is writing to. SQLite refuses the switch to WAL
    mode at once, whatever the busy timeout; driehoek tries again until the writer is done."""
    path = _ours(tmp_path / "driehoek.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    retries = _Retries()
    monkeypatch.setattr(database, "random", retries, raising=False)
    outcome: list[object] = []

    def open_it() -> None:
        try:
            close_database(open_database(path, create=False))
            outcome.append("opened")
        except DatabaseRefused as e:
            outcome.append(e)

    opener = threading.Thread(target=open_it)
    opener.start()
    try:
        wait_until(
            lambda: retries.met_the_lock.is_set() or not opener.is_alive(),
            "the switch to WAL mode to meet the writer's lock",
        )
    finally:
        writer.execute("COMMIT")
        writer.close()
        opener.join(timeout=60)
    assert outcome == ["opened"]
    assert retries.met_the_lock.is_set()
    assert _pragma(path, "journal_mode") == "wal"


def _copy_of_the_file_alone(path: Path, folder: Path) -> Path:
    """What `cp school.db` gives: the main file without its -wal and -shm."""
    folder.mkdir(exist_ok=True)
    copy = folder / "kopie.db"
    shutil.copyfile(path, copy)
    return copy


def _students(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM students ORDER BY id")]
    finally:
        conn.close()


def test_a_new_file_holds_its_schema_by_itself_while_it_is_open(tmp_path: Path) -> None:
    """A copy of a database that is open (and was just made) is a driehoek database, not an
    empty file that the next start would set up as a new one."""
    path = tmp_path / "driehoek.db"
    db = open_database(path)
    try:
        copy = _copy_of_the_file_alone(path, tmp_path / "elders")
    finally:
        db.close()
    assert _pragma(copy, "user_version") == LATEST
    assert _pragma(copy, "application_id") == APPLICATION_ID


def test_a_migrated_file_holds_its_new_schema_by_itself_while_it_is_open(tmp_path: Path) -> None:
    path = tmp_path / "driehoek.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # made, never migrated
    conn.close()
    path.chmod(0o600)
    db = open_database(path)
    try:
        copy = _copy_of_the_file_alone(path, tmp_path / "elders")
    finally:
        db.close()
    assert _pragma(copy, "user_version") == LATEST


def test_what_a_session_wrote_is_in_the_file_itself_once_it_closes(tmp_path: Path) -> None:
    """Also while another session keeps the file open (so SQLite's own last-close
    checkpoint does not happen): the closing session checkpoints what it wrote."""
    path = tmp_path / "driehoek.db"
    other = open_database(path)
    db = open_database(path)
    for n in range(50):
        db.execute(
            "INSERT INTO students (name, updated_at) VALUES (?, '2026-11-28T10:30:00')",
            [f"Student Nummer{n}"],
        )
    close_database(db)
    try:
        assert len(_students(_copy_of_the_file_alone(path, tmp_path / "a"))) == 50
    finally:
        close_database(other)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("driehoek.db")] == [
        "driehoek.db"
    ], "the last session to close leaves no -wal or -shm"
    close_database(db)  # twice: harmless


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('stamppot')")
    conn.commit()
    conn.close()


def _other_program_marked(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 252006673")  # any other program's mark, no tables
    conn.close()


def _newer(path: Path) -> None:
    _ours(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()


def _text(path: Path) -> None:
    path.write_text("Dit is een boodschappenlijst, geen database.\n", encoding="utf-8")


def _sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)


def _damaged(path: Path) -> None:
    """Ours, as a restored backup is (a rollback journal, not yet WAL), with a page
    overwritten and the header intact."""
    _ours(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'students'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root[0] - 1) * page_size + 8)
        f.write(b"\xee" * 16)


REFUSED = {
    "damaged": (_damaged, Problem.DAMAGED),
    "text": (_text, Problem.NOT_SQLITE),
    "garbage": (_sqlite_header_then_garbage, Problem.NOT_SQLITE),
    "foreign": (_other_program, Problem.FOREIGN),
    "foreign_marked": (_other_program_marked, Problem.FOREIGN),
    "newer": (_newer, Problem.NEWER),
}


@pytest.mark.parametrize(("make", "problem"), REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("create", [True, False])
def test_a_file_that_is_not_ours_is_refused_untouched(
    tmp_path: Path, make: object, problem: Problem, create: bool
) -> None:
    path = tmp_path / "driehoek.db"
    assert callable(make)
    make(path)
    before = _snapshot(path)
    with pytest.raises(DatabaseRefused) as refused:
        open_database(path, create=create)
    assert refused.value.problem is problem
    assert refused.value.path == path
    assert _snapshot(path) == before
    if problem is not Problem.NEWER:  # reading our own (WAL) file may add its -shm beside it
        assert [p.name for p in tmp_path.iterdir()] == ["driehoek.db"]


def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder" / "driehoek.db"
    with pytest.raises(DatabaseRefused) as refused:
        open_database(path)
    assert refused.value.problem is Problem.NO_DIRECTORY
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_not_created_when_only_reading(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused) as refused:
        open_database(tmp_path / "typo.db", create=False)
    assert refused.value.problem is Problem.MISSING
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused) as refused:
        open_database(tmp_path)
    assert refused.value.problem is Problem.NOT_WRITABLE


OPEN_AND_REPORT = """
import sys
from pathlib import Path
from driehoek.database import DatabaseRefused, open_database
try:
    open_database(Path(sys.argv[1])).close()
except DatabaseRefused as e:
    print(e.problem.value)
else:
    print("opened")
"""


def _open_without_privileges(path: Path) -> str:
    """Open `path` in a child process that file permissions apply to, even when we are root.

    Root passes every permission check (os.access says yes to a 0400 file), so as root the
    child drops the capabilities that override file modes; the files stay owned by root, and
    their mode bits then count as they would for any user.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    result = subprocess.run(
        [*prefix, sys.executable, "-c", OPEN_AND_REPORT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_a_read_only_file_is_refused_untouched(tmp_path: Path) -> None:
    path = _ours(tmp_path / "driehoek.db")
    path.chmod(0o400)
    before = _snapshot(path)
    assert _open_without_privileges(path) == Problem.NOT_WRITABLE.value
    assert _snapshot(path) == before


def test_a_file_in_a_read_only_folder_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    path = _ours(folder / "driehoek.db")
    before = _snapshot(path)
    folder.chmod(0o500)
    try:
        assert _open_without_privileges(path) == Problem.NOT_WRITABLE.value
    finally:
        folder.chmod(0o700)
    assert _snapshot(path) == before


def test_the_child_really_is_held_to_file_modes(tmp_path: Path) -> None:
    # The two tests above mean something only if the child cannot write where modes forbid.
    path = _ours(tmp_path / "driehoek.db")
    assert _open_without_privileges(path) == "opened"
    path.chmod(0o400)
    assert _open_without_privileges(path) != "opened"
