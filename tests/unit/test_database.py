"""Opening the database file: a new one is set up privately, what is not ours is left alone."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from driehoek.database import DatabaseRefused, Problem, open_database
from driehoek.migrations import APPLICATION_ID, LATEST


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


MIGRATE_WHEN_TOLD = """
import sys
from pathlib import Path
from driehoek.database import open_database
print("ready", flush=True)
sys.stdin.readline()
db = open_database(Path(sys.argv[1]))
print(db.execute("PRAGMA user_version").fetchone()[0], flush=True)
"""


def test_processes_opening_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "driehoek.db"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE_WHEN_TOLD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for proc in procs:  # everything imported: now they only race for the file
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=60) for proc in procs]
    assert [
        (proc.returncode, out, err) for proc, (out, err) in zip(procs, results, strict=True)
    ] == [(0, f"{LATEST}\n", "")] * 4
    conn = sqlite3.connect(path)
    try:
        tables = conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'meetings'")
        assert tables.fetchone()[0] == 1
    finally:
        conn.close()


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


REFUSED = {
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
