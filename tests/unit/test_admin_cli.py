"""The housekeeping commands as a user runs them: a student's dossier out and back in, erasure
that asks first, retention and purge; every refusal is one line and changes nothing."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_run import one_line, run
from sample_meetings import filled_meeting

from driehoek.database import open_database
from driehoek.dates import add_months
from driehoek.domain import PlacementStatus
from driehoek.store import Store

JOLIEN = "Jasmijn van Oostveen"  # filled_meeting's student
KEES = "Kees Abbing"


class Keyboard(io.StringIO):
    """Standard input from a terminal, with `answer` typed."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A database with two students (closed, as after another session quit)."""
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    filled_meeting(store)
    store.new_intake(KEES, "Buurthuis De Kern")
    db.close()
    return path


def students(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM students ORDER BY name")]
    finally:
        conn.close()


def content(path: Path) -> list[str]:
    """Everything in the database as SQL (what a refusal must leave as it was)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_export_erase_import_and_export_again_gives_the_same_dossier(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "jasmijn-1.json", tmp_path / "jasmijn-2.json"
    db = ["--db", str(school)]
    assert (
        run(capsys, "export", "--student", JOLIEN, "--format", "json", "-o", str(first), *db)[0]
        == 0
    )
    assert stat.S_IMODE(first.stat().st_mode) == 0o600

    code, _, err = run(capsys, "erase", "--student", JOLIEN, "--yes", *db)
    assert (code, err) == (0, "")
    assert students(school) == [KEES]

    assert run(capsys, "import", str(first), *db)[0] == 0
    assert students(school) == [JOLIEN, KEES]
    assert (
        run(capsys, "export", "--student", JOLIEN, "--format", "json", "-o", str(second), *db)[0]
        == 0
    )
    assert json.loads(second.read_text()) == json.loads(first.read_text())


def test_the_same_dossier_goes_into_a_new_database(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    dossier, again = tmp_path / "uit.json", tmp_path / "terug.json"
    elsewhere = tmp_path / "elders.db"
    run(
        capsys,
        "export",
        "--student",
        JOLIEN,
        "--format",
        "json",
        "-o",
        str(dossier),
        "--db",
        str(school),
    )
    assert run(capsys, "import", str(dossier), "--db", str(elsewhere))[0] == 0
    code, _, _ = run(
        capsys, "export", "--student", JOLIEN, "--format", "json", "-o", str(again),
        "--db", str(elsewhere),
    )  # fmt: skip
    assert code == 0
    before, after = json.loads(dossier.read_text()), json.loads(again.read_text())
    for data in (before, after):
        for p in data["placements"]:
            p.pop("organisation_id")  # organisations are not part of the dossier's ids
    assert after == before


def test_erasing_in_a_terminal_asks_for_the_name(
    capsys: pytest.CaptureFixture[str], school: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", Keyboard("Kees\n"))
    code, out, _ = run(capsys, "erase", "--student", JOLIEN, "--db", str(school))
    assert code == 1
    assert JOLIEN in out  # the question names her
    assert students(school) == [JOLIEN, KEES]

    monkeypatch.setattr("sys.stdin", Keyboard(f"{JOLIEN.upper()}\n"))
    code, _, _ = run(capsys, "erase", "--student", JOLIEN, "--db", str(school))
    assert code == 0
    assert students(school) == [KEES]


def test_erasing_without_a_terminal_needs_yes(
    capsys: pytest.CaptureFixture[str], school: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{JOLIEN}\n"))
    before = content(school)
    err = one_line(run(capsys, "erase", "--student", JOLIEN, "--db", str(school)))
    assert "--yes" in err
    assert content(school) == before


@pytest.mark.parametrize("who", ["Niemand Bekend", "999"])
def test_an_unknown_student_is_one_line(
    capsys: pytest.CaptureFixture[str], school: Path, who: str
) -> None:
    before = content(school)
    for command in (
        ["erase", "--student", who, "--yes"],
        ["export", "--student", who, "--format", "json"],
    ):
        assert who in one_line(run(capsys, *command, "--db", str(school)))
    assert content(school) == before


def test_two_students_of_one_name_are_told_apart_by_number(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    db = open_database(school)
    Store(db, clock=lambda: datetime.now(UTC)).new_intake(KEES, "Tweede Werkplek")
    db.close()
    before = content(school)
    err = one_line(run(capsys, "erase", "--student", KEES, "--yes", "--db", str(school)))
    assert KEES in err
    assert content(school) == before


DOSSIERS = {
    "not JSON": "{ dit is geen json",
    "not UTF-8": None,
    "another format": '{"format": "ander-programma", "format_version": 1}',
    "a newer format": '{"format": "driehoek-dossier", "format_version": 2}',
    "a list": "[]",
    "no student": '{"format": "driehoek-dossier", "format_version": 1, "placements": []}',
    "a student without a name": (
        '{"format": "driehoek-dossier", "format_version": 1, '
        '"student": {"id": 7, "version": 1}, "placements": []}'
    ),
}


@pytest.mark.parametrize("bad", DOSSIERS.values(), ids=DOSSIERS.keys())
def test_a_bad_dossier_file_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path, bad: str | None
) -> None:
    path = tmp_path / "dossier.json"
    if bad is None:
        path.write_bytes(b'{"format": "driehoek-dossier", "naam": "\xff\xfe"}')
    else:
        path.write_text(bad, encoding="utf-8")
    before = content(school), school.read_bytes()
    assert str(path) in one_line(run(capsys, "import", str(path), "--db", str(school)))
    assert (content(school), school.read_bytes()) == before


def test_a_missing_dossier_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, db = tmp_path / "weg.json", tmp_path / "nieuw.db"
    assert str(path) in one_line(run(capsys, "import", str(path), "--db", str(db)))
    assert not db.exists()


def test_a_dossier_that_is_not_json_creates_no_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, db = tmp_path / "dossier.json", tmp_path / "nieuw.db"
    path.write_text("geen json", encoding="utf-8")
    one_line(run(capsys, "import", str(path), "--db", str(db)))
    assert not db.exists()


def months_ago(months: int) -> date:
    return add_months(date.today(), -months)


@pytest.fixture
def expiring(tmp_path: Path) -> Path:
    """Ended long ago; ended two and a half years ago; still running (by today's clock, as
    the command line uses it)."""
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=lambda: datetime.now(UTC), user="coordinator")
    for name, months, status in (
        ("Oud Dossier", 80, PlacementStatus.COMPLETED),
        ("Bijna Weg", 30, PlacementStatus.COMPLETED),
        ("Loopt Nog", 80, PlacementStatus.RUNNING),
    ):
        meeting_id = store.new_intake(name, f"Werkplek {name}", day=months_ago(months + 6))
        p = store.meeting(meeting_id).placement
        changes: dict[str, object] = {"status": status.value}
        if status is PlacementStatus.COMPLETED:
            changes["end"] = months_ago(months)
        store.update_placement(p.id, p.version, **changes)
    db.close()
    return path


def test_purge_dry_run_lists_and_erases_nothing(
    capsys: pytest.CaptureFixture[str], expiring: Path
) -> None:
    before = content(expiring)
    code, out, err = run(capsys, "purge", "--dry-run", "--db", str(expiring))
    assert (code, err) == (0, "")
    assert "Oud Dossier" in out
    assert "Bijna Weg" in out
    assert "Loopt Nog" not in out
    assert "2" in out.splitlines()[-1]  # two would be erased
    assert content(expiring) == before


def test_purge_asks_and_erases_only_what_expired(
    capsys: pytest.CaptureFixture[str], expiring: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ja\n"))
    before = content(expiring)
    one_line(run(capsys, "purge", "--db", str(expiring)))  # no terminal, no --yes
    assert content(expiring) == before

    code, out, err = run(capsys, "purge", "--yes", "--db", str(expiring))
    assert (code, err) == (0, "")
    assert students(expiring) == ["Loopt Nog"]
    code, out, _ = run(capsys, "purge", "--dry-run", "--db", str(expiring))
    assert code == 0
    assert "Loopt Nog" not in out


def test_the_retention_setting_decides_what_expires(
    capsys: pytest.CaptureFixture[str], expiring: Path
) -> None:
    code, out, _ = run(capsys, "retention", "--db", str(expiring))
    assert code == 0
    assert " 2 " in out
    code, out, _ = run(capsys, "retention", "3", "--db", str(expiring))
    assert code == 0
    assert " 3 " in out
    assert " 3 " in run(capsys, "retention", "--db", str(expiring))[1]
    _, out, _ = run(capsys, "purge", "--dry-run", "--db", str(expiring))
    assert "Oud Dossier" in out
    assert "Bijna Weg" not in out  # two and a half years: kept for three
    _, out, _ = run(capsys, "purge", "--dry-run", "--years", "2", "--db", str(expiring))
    assert "Bijna Weg" in out  # --years overrides the setting once


def test_a_retention_of_less_than_a_year_is_refused(
    capsys: pytest.CaptureFixture[str], expiring: Path
) -> None:
    before = content(expiring)
    one_line(run(capsys, "retention", "0", "--db", str(expiring)))
    assert content(expiring) == before
