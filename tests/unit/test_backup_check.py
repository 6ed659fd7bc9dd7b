"""`driehoek backup` makes a whole, consistent, private copy while others write, and never
overwrites anything; `driehoek check` passes a good file and names what is wrong with a bad one.

The backup's duration under writes is written to `backup-figures.txt` in pytest's temporary
folder and printed, never asserted.
"""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_run import one_line, run

from driehoek.database import open_database
from driehoek.store import Store

# Keeps two goals equal: each transaction writes the same counter into both. Says "ready"
# after its first commit, and how many it made when its stdin closes.
WRITER = """
import select, sys
from datetime import UTC, datetime
from pathlib import Path
from driehoek.database import open_database
from driehoek.store import Store

path, first, second = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
store = Store(open_database(path, create=False), clock=lambda: datetime.now(UTC), user="schrijver")
versions = {first: 1, second: 1}
n = 0
while True:
    n += 1
    with store.transaction():
        for goal in (first, second):
            versions[goal] = store.update_goal(goal, versions[goal], str(n))
    if n == 1:
        print("ready", flush=True)
    if select.select([sys.stdin], [], [], 0)[0]:
        break
print(n, flush=True)
"""


@pytest.fixture
def busy_school(tmp_path: Path) -> tuple[Path, int, int]:
    """A database of a few hundred pages (a backup takes several steps), with the two goals
    the writer keeps equal."""
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="opzet")
    meeting_id = store.new_intake("Teller Tweemaal", "Zorggroep Teller")
    first, second = store.add_goal(meeting_id), store.add_goal(meeting_id)
    for n in range(40):
        other = store.new_intake(f"Student Nummer{n}", "Zorggroep Groot")
        store.update_meeting(other, 1, learning_note=f"Notitie {n}. " * 5000)
    db.close()
    return path, first.id, second.id


def goal_texts(path: Path, *ids: int) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = dict(conn.execute("SELECT id, text FROM goals").fetchall())
        return [rows[i] for i in ids]
    finally:
        conn.close()


def test_a_backup_while_another_process_writes_is_whole_and_consistent(
    capsys: pytest.CaptureFixture[str],
    busy_school: tuple[Path, int, int],
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path, first, second = busy_school
    target = tmp_path / "kopie.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(first), str(second)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        before = int(goal_texts(path, first)[0])
        began = time.perf_counter()
        code, out, err = run(capsys, "backup", str(target), "--db", str(path))
        seconds = time.perf_counter() - began
        after = int(goal_texts(path, first)[0])
        commits, werr = writer.communicate("stop\n", timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.communicate(timeout=10)
    assert (writer.returncode, werr) == (0, "")
    assert (code, err) == (0, ""), err
    assert str(target) in out
    assert after > before, "the writer made no commit while the backup ran"

    conn = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    one, two = goal_texts(target, first, second)
    assert one == two, "the copy caught a transaction half-way"
    assert before <= int(one) <= after
    assert [p.name for p in tmp_path.glob("kopie.db*")] == ["kopie.db"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    line = (
        f"backup of {pages} pages while a process committed: {seconds:.2f} s, "
        f"{after - before} commits meanwhile ({commits.strip()} in all)"
    )
    with (tmp_path_factory.getbasetemp() / "backup-figures.txt").open("a") as f:
        f.write(line + "\n")
    print(line)


def test_a_backup_in_a_shared_folder_is_readable_by_the_group(
    capsys: pytest.CaptureFixture[str], busy_school: tuple[Path, int, int], tmp_path: Path
) -> None:
    path = busy_school[0]
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    shared.chmod(0o2770)
    target = shared / "kopie.db"
    assert run(capsys, "backup", str(target), "--db", str(path))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o660


def test_an_existing_file_is_never_overwritten_by_a_backup(
    capsys: pytest.CaptureFixture[str], busy_school: tuple[Path, int, int], tmp_path: Path
) -> None:
    path = busy_school[0]
    target = tmp_path / "belangrijk.db"
    target.write_bytes(b"de kopie van gisteren")
    before = target.read_bytes(), target.stat().st_mtime_ns, stat.S_IMODE(target.stat().st_mode)
    assert str(target) in one_line(run(capsys, "backup", str(target), "--db", str(path)))
    assert (
        target.read_bytes(),
        target.stat().st_mtime_ns,
        stat.S_IMODE(target.stat().st_mode),
    ) == before


def test_a_backup_into_a_missing_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], busy_school: tuple[Path, int, int], tmp_path: Path
) -> None:
    target = tmp_path / "bestaat-niet" / "kopie.db"
    one_line(run(capsys, "backup", str(target), "--db", str(busy_school[0])))
    assert not target.parent.exists()


def test_check_passes_a_good_database(
    capsys: pytest.CaptureFixture[str], busy_school: tuple[Path, int, int]
) -> None:
    code, out, err = run(capsys, "check", "--db", str(busy_school[0]))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) >= 5
    assert all(line.startswith("in orde") for line in lines), out


def corrupted_copy(source: Path, folder: Path, tree: str, offset: int) -> Path:
    """A standalone copy of `source` with 16 bytes overwritten in the root page of `tree`
    (a table or an index), `offset` bytes into the page."""
    copy = folder / f"kapot-{tree}-{offset}.db"
    src, dst = sqlite3.connect(source), sqlite3.connect(copy)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        root = dst.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", [tree]).fetchone()
        page_size = dst.execute("PRAGMA page_size").fetchone()[0]
    finally:
        src.close()
        dst.close()
    copy.chmod(0o600)
    with copy.open("r+b") as f:
        f.seek((root[0] - 1) * page_size + offset)
        f.write(b"\xee" * 16)
    return copy


CORRUPTIONS = {
    "a table's cell pointers": ("goals", 8),
    "a table's page header": ("goals", 0),
    "an index's page": ("audit_meeting", 8),
    "the meetings table": ("meetings", 12),
}


@pytest.mark.parametrize(("tree", "offset"), CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_check_names_the_problem_in_a_corrupted_file(
    busy_school: tuple[Path, int, int], tmp_path: Path, tree: str, offset: int
) -> None:
    """Run as a user runs it: a separate process, its exit code and what it prints."""
    copy = corrupted_copy(busy_school[0], tmp_path, tree, offset)
    result = subprocess.run(
        [sys.executable, "-m", "driehoek", "check", "--db", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert any(line.startswith("PROBLEEM") for line in result.stdout.splitlines()), result.stdout
