"""Every kind of bad database file gets one clear line from every housekeeping command, and
is left exactly as it was: not SQLite, another program's, a newer schema, a missing folder or
file, a read-only file, a world-readable file, and a full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_run import one_line, run
from sample_meetings import filled_meeting

from conftest import SmallDisk
from driehoek import privacy, retention
from driehoek.database import open_database
from driehoek.erasure import erase_student
from driehoek.migrations import LATEST
from driehoek.store import Store


def ours(path: Path) -> Path:
    """A driehoek database with a student in it, closed."""
    db = open_database(path)
    filled_meeting(Store(db, clock=lambda: datetime.now(UTC), user="coordinator"))
    db.close()
    return path


def a_dossier(folder: Path) -> Path:
    """A valid dossier file of a student the databases below do not hold."""
    db = open_database(folder / "bron.db")
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    student = filled_meeting(store).placement.student_id
    path = folder / "dossier.json"
    path.write_text(privacy.dossier_json(privacy.dossier(store, student)), encoding="utf-8")
    privacy.erase_student(store, student)  # not here any more either
    db.close()
    return path


def snapshot(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, stat.S_IMODE(st.st_mode)


def not_sqlite(path: Path) -> None:
    path.write_text("Boodschappen: melk, brood, kaas.\n", encoding="utf-8")


def foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recepten (id INTEGER PRIMARY KEY, naam TEXT)")
    conn.execute("INSERT INTO recepten (naam) VALUES ('stamppot')")
    conn.commit()
    conn.close()
    path.chmod(0o600)


def newer(path: Path) -> None:
    ours(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()


def world_readable(path: Path) -> None:
    ours(path)
    path.chmod(0o644)


FILES: dict[str, Callable[[Path], None]] = {
    "not SQLite": not_sqlite,
    "another program's": foreign,
    "a newer schema": newer,
    "world-readable": world_readable,
}


def commands(tmp_path: Path) -> dict[str, list[str]]:
    return {
        "check": ["check"],
        "backup": ["backup", str(tmp_path / "kopie.db")],
        "retention": ["retention", "3"],
        "purge": ["purge", "--dry-run"],
        "erase": ["erase", "--student", "1", "--yes"],
        "import": ["import", str(a_dossier(tmp_path))],
        "export": ["export", "--student", "1", "--format", "json"],
    }


@pytest.mark.parametrize("make", FILES.values(), ids=FILES.keys())
def test_a_file_that_cannot_be_used_is_one_line_and_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "school.db"
    make(path)
    before = snapshot(path)
    for name, command in commands(tmp_path).items():
        err = one_line(run(capsys, *command, "--db", str(path)))
        assert str(path) in err, name
        assert snapshot(path) == before, name
    assert not (tmp_path / "kopie.db").exists()


def test_a_missing_folder_is_one_line_and_nothing_is_made(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "geen" / "map" / "school.db"
    for name, command in commands(tmp_path).items():
        assert str(path) in one_line(run(capsys, *command, "--db", str(path))), name
    assert not (tmp_path / "geen").exists()


def test_a_missing_file_is_not_made_by_a_command_that_only_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "typfout.db"
    for name, command in commands(tmp_path).items():
        if name != "import":  # importing into a new database is what import is for
            assert str(path) in one_line(run(capsys, *command, "--db", str(path))), name
    assert not path.exists()


AS_A_USER = """
import sys
from driehoek.cli import main
sys.exit(main(sys.argv[1:]))
"""


def without_privileges(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child that file modes apply to, even when we are root
    (see test_database: root's capabilities that override file modes are dropped)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, sys.executable, "-c", AS_A_USER, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_read_only_file_or_folder_is_one_line_and_left_alone(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    path = ours(folder / "school.db")
    before = snapshot(path)
    (folder if where == "folder" else path).chmod(0o500 if where == "folder" else 0o400)
    try:
        result = without_privileges("retention", "3", "--db", str(path))
    finally:
        folder.chmod(0o700)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(path) in result.stderr
    data, mtime, _ = snapshot(path)
    assert (data, mtime) == before[:2]


def test_the_child_is_held_to_file_modes(tmp_path: Path) -> None:
    """The test above means something only if the same child can write where modes allow."""
    path = ours(tmp_path / "school.db")
    result = without_privileges("retention", "3", "--db", str(path))
    assert (result.returncode, result.stderr) == (0, "")


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(
    "others", [False, True], ids=["alone", "while-another-session-has-it-open"]
)
def test_a_full_disk_is_one_line_that_says_so_and_the_file_stays_whole(
    capsys: pytest.CaptureFixture[str], small_disk: SmallDisk, tmp_path: Path, others: bool
) -> None:
    dossier = a_dossier(tmp_path)
    path = ours(small_disk.path / "school.db")
    before = dump(path)
    session = open_database(path) if others else None  # an app that has the file open
    try:
        small_disk.fill()
        for command in (
            ["retention", "3"],
            ["import", str(dossier)],
            ["erase", "--student", "1", "--yes"],
        ):
            err = one_line(run(capsys, *command, "--db", str(path)))
            assert "schijf is vol" in err, f"{command[0]}: {err}"
    finally:
        if session is not None:
            session.close()
    small_disk.free()
    assert dump(path) == before
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_no_half_copy(
    capsys: pytest.CaptureFixture[str], small_disk: SmallDisk, tmp_path: Path
) -> None:
    path = ours(tmp_path / "school.db")
    small_disk.fill()
    target = small_disk.path / "kopie.db"
    assert str(target) in one_line(run(capsys, "backup", str(target), "--db", str(path)))
    assert not target.exists()


def test_an_export_onto_a_full_disk_is_one_line_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], small_disk: SmallDisk, tmp_path: Path
) -> None:
    path = ours(tmp_path / "school.db")
    small_disk.fill()
    target = small_disk.path / "dossier.json"
    command = ["export", "--student", "1", "--format", "json", "-o", str(target)]
    assert str(target) in one_line(run(capsys, *command, "--db", str(path)))
    assert sorted(p.name for p in small_disk.path.iterdir()) == [".vulling"]


def test_a_new_database_on_a_full_disk_is_one_line_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str], small_disk: SmallDisk, tmp_path: Path
) -> None:
    dossier = a_dossier(tmp_path)
    small_disk.fill()
    path = small_disk.path / "nieuw.db"
    err = one_line(run(capsys, "import", str(dossier), "--db", str(path)))
    assert "schijf is vol" in err, err
    assert sorted(p.name for p in small_disk.path.iterdir()) == [".vulling"]


def damage(path: Path, trees: tuple[str, ...], *, wal: bool) -> None:
    """Overwrite the first bytes of the root page of each of `trees` (its page header: the
    file's header stays intact). `wal`: the file is in WAL mode, as one in use is; else it has
    a rollback journal, as a restored backup has, and is switched to WAL at its first use."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = [
        conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", [tree]).fetchone()[0]
        for tree in trees
    ]
    conn.close()
    with path.open("r+b") as f:
        for root in roots:
            f.seek((root - 1) * page_size)
            f.write(b"\xee" * 16)


DAMAGED = ("students", "meetings", "settings")
"""The tables the commands read and write: the damage is met inside each command."""

READS_INDEXES_ONLY = {"report"}
"""Commands that may never meet the damage in a file in use: the report reads the damaged
tables through their indexes only (a file in WAL mode gets no full read at start), and so
works as usual; it changes no byte all the same."""


@pytest.mark.parametrize(
    "wal", [True, False], ids=["in use (WAL)", "a restored backup (rollback journal)"]
)
def test_a_damaged_file_is_one_line_with_the_remedy_and_not_one_byte_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, wal: bool
) -> None:
    """In use, the damage is met where a command reads; a restored backup is refused before
    its switch to WAL mode, by SQLite's quick check."""
    path = ours(tmp_path / "school.db")
    damage(path, DAMAGED, wal=wal)
    before = snapshot(path)
    runs = {
        **commands(tmp_path),
        "list": ["list"],
        "export a meeting": ["export", "1"],
        "due": ["due"],
        "report": ["report", "workplaces"],
    }
    del runs["check"], runs["backup"]  # check: below; a backup copies pages as they are
    for name, command in runs.items():
        code, out, err = run(capsys, *command, "--db", str(path))
        if wal and name in READS_INDEXES_ONLY and code == 0:
            assert snapshot(path) == before, name
            continue
        assert code == 2, (name, out, err)
        line = one_line((code, out, err))
        for words in ("beschadigd", "driehoek check", "reservekopie"):
            assert words in line, (name, line)
        assert snapshot(path) == before, name

    code, out, err = run(capsys, "check", "--db", str(path))
    assert code == 1, (out, err)
    assert "Traceback" not in err
    assert any(line.startswith("PROBLEEM") for line in out.splitlines()), out
    assert snapshot(path) == before


@pytest.fixture
def full_after_the_delete(small_disk: SmallDisk) -> Iterator[tuple[Path, int]]:
    """A database on the small disk whose next small transaction still fits, in the room its
    log file already has, and whose rewrite (a vacuum: the whole file once more) does not.
    The disk is full. Another session has the file open (it keeps the log file in place).
    Yields the file and the id of a student with one meeting to erase."""
    path = small_disk.path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    for n in range(50):  # about 1.5 MB in the file itself
        meeting_id = store.new_intake(f"Student Groot{n}", "Zorggroep Groot")
        store.update_meeting(meeting_id, 1, learning_note=f"Notitie {n}. " * 2000)
        assert db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    erased = store.meeting(store.new_intake("Jolien Wassink", "Kinderopvang Het Zonnetje"))
    assert db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    for n in range(3):  # a log of about 300 kB, all of it copied into the file
        meeting_id = store.new_intake(f"Student Klein{n}", "Zorggroep Klein")
        store.update_meeting(meeting_id, 1, learning_note=f"Kort {n}. " * 500)
    busy, log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, log) == (0, copied)
    assert path.stat().st_size > 2 * Path(f"{path}-wal").stat().st_size
    small_disk.fill()
    try:
        yield path, erased.placement.student_id
    finally:
        small_disk.free()
        db.close()


def test_a_full_disk_after_the_delete_of_an_erasure_says_what_was_done(
    capsys: pytest.CaptureFixture[str], full_after_the_delete: tuple[Path, int]
) -> None:
    """Erased, but not rewritten: the line says both, and how to finish; `check` does,
    once there is room again."""
    path, student = full_after_the_delete
    err = one_line(run(capsys, "erase", "--student", str(student), "--yes", "--db", str(path)))
    for words in ("gewist", "schijf is vol", "driehoek check"):
        assert words in err, err
    assert "niets veranderd" not in err, err
    assert traces(path), "the test means something only if traces are left at first"

    Path(path.parent / ".vulling").unlink()  # room again
    code, out, _ = run(capsys, "check", "--db", str(path))
    assert code == 0, out
    assert traces(path) == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM students WHERE id = ?", [student]).fetchone() == (
            0,
        )
    finally:
        conn.close()


def traces(path: Path) -> list[str]:
    """Which of the erased student's names are still in the file, its log or its -shm."""
    data = b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{path}{suffix}").exists()
    ).lower()
    return [word for word in ("jolien", "wassink") if word.encode() in data]


def test_a_purge_stopped_by_a_full_disk_says_which_dossiers_were_erased(
    capsys: pytest.CaptureFixture[str],
    small_disk: SmallDisk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk fills up after the first of two expired dossiers is erased: the line says one
    of two was erased; the second is still there, untouched."""
    path = small_disk.path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime(2026, 11, 28, tzinfo=UTC), user="coordinator")
    old = [
        store.new_intake(f"Oud Dossier{n}", "Werkplek Vroeger", day=date(2020, 1, 6))
        for n in range(2)
    ]
    students = []
    for meeting_id in old:
        placement = store.meeting(meeting_id).placement
        store.update_placement(placement.id, placement.version, end=date(2020, 6, 30))
        students.append(placement.student_id)
    db.close()

    def then_the_disk_fills(store: Store, student_id: int) -> privacy.Erased:
        erased = erase_student(store, student_id)
        small_disk.fill()
        return erased

    monkeypatch.setattr(retention, "erase_student", then_the_disk_fills)
    err = one_line(run(capsys, "purge", "--yes", "--db", str(path)))
    assert "1 van de 2 dossiers gewist" in err, err
    assert "schijf is vol" in err, err
    small_disk.free()
    conn = sqlite3.connect(path)
    try:
        left = [row[0] for row in conn.execute("SELECT id FROM students ORDER BY id")]
    finally:
        conn.close()
    assert left == students[1:]
