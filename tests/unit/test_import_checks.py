"""`driehoek import` checks the whole dossier before the first write: every problem is one line
with its place in the file, the exit code is 2, and the database is not touched (its bytes
hashed before and after), so no dossier can brick a database for everyone."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_run import one_line, run
from dossier_files import OTHER, STUDENT, fingerprint, school, without_identities, write

from driehoek import importing, privacy
from driehoek.database import open_database
from driehoek.dossier_model import MAX_DOSSIER_BYTES, MAX_ID
from driehoek.store import Clock, Store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("school")
    path = folder / "school.db"
    return path, school(path)


@pytest.fixture
def db(template: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    """A copy of the school's database, for this test alone."""
    path = tmp_path / "school.db"
    path.write_bytes(template[0].read_bytes())
    path.chmod(0o600)
    return path


@pytest.fixture
def dossier(template: tuple[Path, dict[str, Any]]) -> dict[str, Any]:
    """Jasmijn's dossier, a copy to damage."""
    return copy.deepcopy(template[1])


def works(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    """What a bricked database broke: `list`, every export and `check` run as they should."""
    code, out, err = run(capsys, "list", "--db", str(db))
    assert (code, err) == (0, ""), err
    assert STUDENT in out
    assert OTHER in out
    for meeting_id in re.findall(r"^\s*(\d+) ", out, re.MULTILINE):
        for fmt in ("md", "json", "html"):
            code, _, err = run(capsys, "export", meeting_id, "--format", fmt, "--db", str(db))
            assert (code, err) == (0, ""), err
    code, _, err = run(capsys, "export", "--student", "1", "--format", "json", "--db", str(db))
    assert (code, err) == (0, ""), err
    code, out, _ = run(capsys, "check", "--db", str(db))
    assert code == 0, out


@pytest.mark.parametrize(
    ("damage", "place", "value"),
    [
        (("placements", 0, "meetings", 1, "date"), "placements[0].meetings[1].date", "2026-13-45"),
        (("placements", 0, "end"), "placements[0].end", "<script>"),
    ],
    ids=["a meeting's date 2026-13-45", "a placement's end <script>"],
)
def test_the_two_dossiers_that_bricked_a_database_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    dossier: dict[str, Any],
    tmp_path: Path,
    damage: tuple[str | int, ...],
    place: str,
    value: str,
) -> None:
    *parents, key = damage
    target: Any = dossier
    for step in parents:
        target = target[step]
    target[key] = value
    path = write(tmp_path / "dossier.json", dossier)
    before = fingerprint(db)

    result = run(capsys, "import", str(path), "--db", str(db))

    assert result[0] == 2
    line = one_line(result)
    assert f"{place}: geen datum (JJJJ-MM-DD): {json.dumps(value)}" in line
    assert str(path) in line
    assert fingerprint(db) == before
    works(capsys, db)


def test_every_problem_is_listed_with_its_place_in_english_too(
    capsys: pytest.CaptureFixture[str], db: Path, dossier: dict[str, Any], tmp_path: Path
) -> None:
    placement = dossier["placements"][0]
    intake, evaluation = placement["meetings"]
    placement["end"] = "2026-02-30"
    placement["cadence_months"] = 25
    intake["id"] = 2**70
    intake["participants"][0]["name"] = ["Jasmijn"]
    intake["factors"][2]["status"] = "weg"
    intake["agreements"][0]["owner"] = "STUDENT"
    evaluation["learning_note"] = "x" * 20_001
    evaluation["sign_offs"][0]["signed_at"] = "gisteren"
    del evaluation["kind"]
    evaluation["notitie"] = "onbekend"
    path = write(tmp_path / "dossier.json", dossier)
    before = fingerprint(db)

    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--lang", "en")

    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == (
        f"driehoek: {path} is not a dossier driehoek can read; nothing was imported (10 problems):"
    )
    m = "placements[0].meetings"
    assert sorted(lines[1:]) == sorted(
        [
            '  placements[0].end: not a date (YYYY-MM-DD): "2026-02-30"',
            "  placements[0].cadence_months: more than 24: 25",
            f"  {m}[0].id: more than {MAX_ID}: {2**70}",
            f'  {m}[0].participants[0].name: not text: ["Jasmijn"]',
            f"  {m}[0].factors[2].status: not one of not_discussed, present, absent, "
            'realisable: "weg"',
            f'  {m}[0].agreements[0].owner: not one of student, workplace, school: "STUDENT"',
            f"  {m}[1].kind: missing",
            f"  {m}[1].learning_note: too long: 20001 characters, at most 20000",
            f'  {m}[1].sign_offs[0].signed_at: not a date and time with a time zone: "gisteren"',
            f"  {m}[1].notitie: unknown field",
        ]
    )
    assert fingerprint(db) == before


def test_a_long_list_of_problems_is_cut_short_with_a_count(
    capsys: pytest.CaptureFixture[str], db: Path, dossier: dict[str, Any], tmp_path: Path
) -> None:
    for i in range(30):
        dossier[f"extra_{i}"] = i
    path = write(tmp_path / "dossier.json", dossier)

    code, _, err = run(capsys, "import", str(path), "--db", str(db))

    lines = err.splitlines()
    assert code == 2
    assert "(30 problemen)" in lines[0]
    assert len(lines) == 1 + 20 + 1
    assert lines[1] == "  extra_0: onbekend veld"
    assert lines[-1] == "  … en nog 10"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "recursion limit exceeded"),
        ('{"format": "driehoek-dossier", "format_version": 1, "student": ' * 5_000, "geen JSON"),
        (b"\xff\xfe\x00garbage", "geen JSON"),
        (b'{"format": "driehoek-dossier", "naam": "Andr\xe9"}', "geen JSON"),
        ('{"format": "driehoek-dossier", "format_version": true}', "dossierformaat true"),
        ('{"format": "driehoek-dossier", "format_version": 1.0}', "dossierformaat 1.0"),
        ("NaN", "geen JSON"),
    ],
    ids=["deep", "deep objects", "garbage", "latin-1", "version true", "version 1.0", "NaN"],
)
def test_a_file_that_is_no_dossier_at_all_is_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, content: str | bytes, says: str
) -> None:
    path = tmp_path / "dossier.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = fingerprint(db)

    result = run(capsys, "import", str(path), "--db", str(db))

    assert result[0] == 2
    assert says in one_line(result)
    assert fingerprint(db) == before


def test_a_file_too_large_for_a_dossier_is_not_read(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "groot.json"
    with path.open("wb") as f:
        f.truncate(MAX_DOSSIER_BYTES + 1)  # sparse: a huge file that costs no disk
    before = fingerprint(db)
    result = run(capsys, "import", str(path), "--db", str(db))
    assert result[0] == 2
    assert "groter dan 16 MiB" in one_line(result)
    assert fingerprint(db) == before


def test_references_must_point_at_rows_the_dossier_holds_before_them(
    capsys: pytest.CaptureFixture[str], db: Path, dossier: dict[str, Any], tmp_path: Path
) -> None:
    intake, evaluation = dossier["placements"][0]["meetings"]
    evaluation["progress"][0]["goal_id"] = 4242
    evaluation["reviews"][1]["agreement"]["id"] = 4343
    evaluation["goals"] = [dict(intake["goals"][0])]  # the intake's goal again: its id twice
    del intake["factors"][5]
    evaluation["answers"].append(dict(evaluation["answers"][0], id=999))
    path = write(tmp_path / "dossier.json", dossier)
    before = fingerprint(db)

    code, _, err = run(capsys, "import", str(path), "--db", str(db), "--lang", "en")

    m = "placements[0].meetings"
    assert code == 2
    assert sorted(err.splitlines()[1:]) == sorted(
        [
            f"  {m}[0].factors: factor information is missing; every meeting has all six",
            f"  {m}[1].goals[0].id: number 1 occurs twice",
            f'  {m}[1].answers[12]: ["learning", "student"] occurs twice',
            f"  {m}[1].progress[0].goal_id: learning goal 4242 is not earlier in this dossier",
            f"  {m}[1].reviews[1].agreement.id: agreement 4343 is not earlier in this dossier",
        ]
    )
    assert fingerprint(db) == before


def test_a_refused_dossier_creates_no_database(
    capsys: pytest.CaptureFixture[str], dossier: dict[str, Any], tmp_path: Path
) -> None:
    dossier["student"]["name"] = "   "
    path = write(tmp_path / "dossier.json", dossier)
    new = tmp_path / "nieuw.db"
    result = run(capsys, "import", str(path), "--db", str(new))
    assert "student.name: leeg" in one_line(result)
    assert not new.exists()
    assert fingerprint(new) == ("", ())


def test_a_moment_in_another_time_zone_is_stored_in_utc(
    capsys: pytest.CaptureFixture[str], dossier: dict[str, Any], tmp_path: Path
) -> None:
    dossier["placements"][0]["meetings"][0]["sign_offs"][0]["signed_at"] = (
        "2026-11-28T11:30:00+01:00"
    )
    new = tmp_path / "nieuw.db"
    path = write(tmp_path / "dossier.json", dossier)
    assert run(capsys, "import", str(path), "--db", str(new))[0] == 0
    conn = sqlite3.connect(new)
    try:
        stored = conn.execute("SELECT signed_at FROM sign_offs ORDER BY rowid").fetchone()[0]
    finally:
        conn.close()
    assert stored == "2026-11-28T10:30:00+00:00"


def test_ids_at_sqlites_limit_that_are_taken_get_a_free_one(
    capsys: pytest.CaptureFixture[str], db: Path, dossier: dict[str, Any], tmp_path: Path
) -> None:
    """The highest id SQLite can store: a goal keeps it where it is free; a goal whose id is
    taken would get one above every id in use, and there is none above it, so SQLite chooses
    a free one (no overflow, no traceback)."""
    dossier["placements"][0]["meetings"][0]["goals"][0]["id"] = MAX_ID
    dossier["placements"][0]["meetings"][1]["progress"][0]["goal_id"] = MAX_ID
    # Without identities, so that the second import adds her again (else it is recognised).
    path = write(tmp_path / "dossier.json", without_identities(dossier))
    assert run(capsys, "import", str(path), "--db", str(db))[0] == 0
    assert run(capsys, "import", str(path), "--db", str(db))[0] == 0  # now MAX_ID is taken
    conn = sqlite3.connect(db)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM goals WHERE id > 1000")]
    finally:
        conn.close()
    assert MAX_ID in ids
    assert len(ids) == len(set(ids)) == 4  # both goals of both imports
    works(capsys, db)


def test_a_dossier_with_set_aside_values_brings_them_back_with_the_student(
    dossier: dict[str, Any], tmp_path: Path, fixed_clock: Clock
) -> None:
    meeting_id = dossier["placements"][0]["meetings"][0]["id"]
    dossier["unreadable_values"] = [
        {
            "entity": "meetings",
            "entity_id": meeting_id,
            "column": "date",
            "value": "2026-13-45",
            "at": "2026-11-28T10:30:00+00:00",
        }
    ]
    db = open_database(tmp_path / "nieuw.db")
    try:
        store = Store(db, clock=fixed_clock, user="elders")
        done = importing.import_dossier(store, dossier)
        brought = privacy.dossier(store, done.student_id)["unreadable_values"]
        assert brought == dossier["unreadable_values"]
    finally:
        db.close()
