"""The database file itself, as the real program leaves it.

- When driehoek stops with Ctrl+Q, the `.db` file alone holds everything: a plain `cp` of it
  (what README's backup section allows once every session has stopped) has every meeting; no
  `-wal` is left beside it. (A hang-up and SIGTERM: test_resume_after_hangup.)
- A damaged file is named, with the remedy, instead of driehoek's crash sentence (which
  would say that what was typed was saved); not one byte of the file changes.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.store import Store

from .flows import T, Terminals, wait_for_home
from .tmux import PaneExit

pytestmark = pytest.mark.e2e


def copy_alone(path: Path, folder: Path) -> Path:
    """`cp school.db elsewhere/`: the main file, without its -wal or -shm."""
    folder.mkdir()
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_after_ctrl_q_a_copy_of_the_demo_file_holds_every_meeting(
    terminals: Terminals, tmp_path: Path
) -> None:
    path = tmp_path / "y.db"
    app = terminals.start("demo", "--db", str(path))
    wait_for_home(app)
    app.wait_for("Anouk de Wit")
    app.keys("C-q")
    assert app.wait_for_exit() == PaneExit(status=0, signal=None)

    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("y.db")) == ["y.db"]
    copy = copy_alone(path, tmp_path / "kopie")
    meetings = rows(copy, "SELECT count(*) FROM meetings")
    assert meetings == rows(path, "SELECT count(*) FROM meetings")
    assert meetings[0] != (0,)
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]


def test_a_damaged_file_is_named_with_the_remedy_and_left_as_it_was(
    terminals: Terminals, db_path: Path
) -> None:
    """In WAL mode (a file in use), so it opens without a full check and the damage is met
    when the list is read."""
    store = Store(open_database(db_path), clock=lambda: datetime.now(UTC), user="opzet")
    store.new_intake("Ilse Brouwer", "Tuincentrum De Linde")
    store.close()
    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'meetings'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as f:
        f.seek((root[0] - 1) * page_size)
        f.write(b"\xee" * 16)
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns

    app = terminals.start("--db", str(db_path))
    ended = app.wait_for_exit()
    shown = "".join(app.screen(history=True).split())  # wrapped at any column
    assert ended == PaneExit(status=2, signal=None), shown
    assert "".join(T("error.damaged_app", path=db_path).split()) in shown
    assert "".join(T("error.crash", log="-").split(".")[0].split()) not in shown
    assert "Traceback" not in shown
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
