"""Every command that writes a file the user names refuses the open database, its companions
and a symlink: one line, exit non-zero, nothing written, not a byte of the database changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from cli_run import one_line, run

from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.i18n import Catalogue
from driehoek.store import Clock, Store

T = Catalogue("nl")


@pytest.fixture
def db(tmp_path: Path, fixed_clock: Clock) -> Path:
    """A database with the invented demo placements, in a folder of its own."""
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    path = folder / "school.db"
    database = open_database(path)
    seed_demo(Store(database, clock=fixed_clock, user="tester"))
    database.close()
    return path


def fingerprint(db: Path) -> str:
    """What the database holds (the WAL included), as a hash: any change shows."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def files_in(folder: Path) -> set[str]:
    """The names below `folder`, SQLite's own passing -wal/-shm left out."""
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if not p.name.endswith(("school.db-wal", "school.db-shm"))
    }


TARGETS = {
    "the database": "{db}",
    "its -wal": "{db}-wal",
    "its -shm": "{db}-shm",
    "its -journal": "{db}-journal",
    "the database by a relative path": "{folder}/../gedeeld/school.db",
    "a symlink": "{link}",
}

COMMANDS = {
    "export -o": ["export", "1", "-o"],
    "export --format html -o": ["export", "1", "--format", "html", "-o"],
    "export --placement -o": ["export", "--placement", "1", "-o"],
    "export --student -o": ["export", "--student", "1", "--format", "json", "-o"],
    "calendar -o": ["calendar", "-o"],
    "report workplaces -o": ["report", "workplaces", "-o"],
    "backup": ["backup"],
    "slip -o": ["slip", "-o"],
    "slip --format html -o": ["slip", "--format", "html", "-o"],
}


@pytest.mark.parametrize("target", TARGETS, ids=list(TARGETS))
@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_a_file_the_user_names_is_never_the_database_or_a_symlink(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, command: str, target: str
) -> None:
    link = tmp_path / "verslag.md"
    link.symlink_to(tmp_path / "elders.md")
    path = TARGETS[target].format(db=db, folder=db.parent, link=link)
    before, names = fingerprint(db), files_in(tmp_path)
    line = one_line(run(capsys, *COMMANDS[command], path, "--db", str(db)))
    reason = "symlink" if target == "a symlink" else "database"
    assert line == f"driehoek: {T(f'refused.{reason}', path=Path(path))}\n"
    assert fingerprint(db) == before  # not even the audit trail's "export"
    assert files_in(tmp_path) == names
    assert not (tmp_path / "elders.md").exists()


def test_export_all_refuses_a_symlinked_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    (tmp_path / "echt").mkdir()
    link = tmp_path / "verslagen"
    link.symlink_to(tmp_path / "echt")
    before = fingerprint(db)
    line = one_line(run(capsys, "export", "--all", "--dir", str(link), "--db", str(db)))
    assert line == f"driehoek: {T('refused.folder_symlink', path=link)}\n"
    assert list((tmp_path / "echt").iterdir()) == []
    assert fingerprint(db) == before


def test_export_all_stops_at_a_symlink_where_a_file_would_go(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    folder = tmp_path / "verslagen"
    assert run(capsys, "export", "--all", "--dir", str(folder), "--db", str(db))[0] == 0
    first = sorted(folder.iterdir())[0]
    first.unlink()
    first.symlink_to(tmp_path / "elders.md")
    line = one_line(run(capsys, "export", "--all", "--dir", str(folder), "--db", str(db)))
    assert line == f"driehoek: {T('refused.symlink', path=first)}\n"
    assert first.is_symlink()
    assert not (tmp_path / "elders.md").exists()


def test_an_ordinary_file_is_still_written_where_the_shell_user_asks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    target = db.parent / "verslag.md"  # beside the database is fine, as long as it is not it
    target.write_text("oud", encoding="utf-8")
    code, _out, err = run(capsys, "export", "1", "-o", str(target), "--db", str(db))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# ")
