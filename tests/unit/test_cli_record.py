"""The placement record and truthful planning on the command line: `due` and `list` are not
moved by an evaluation nobody wrote in, `due` says "gepland" before the start, and a student's
JSON dossier carries every school field there and back (refusing a crebo without its form)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run
from plan_data import decide
from sample_meetings import filled_meeting

from driehoek import cli
from driehoek.database import open_database
from driehoek.domain import Decision
from driehoek.store import Clock, Store


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    """The command line's clock is the tests' clock: 28 November 2026."""
    monkeypatch.setattr(cli, "_now", fixed_clock)


def _file(tmp_path: Path, fixed_clock: Clock) -> tuple[Path, Store]:
    path = tmp_path / "d.db"
    return path, Store(open_database(path), clock=fixed_clock, user="tester")


def test_due_and_list_are_not_moved_by_an_evaluation_nobody_wrote_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixed_clock: Clock
) -> None:
    path, store = _file(tmp_path, fixed_clock)
    meeting = store.new_intake("Yara Molendijk", "Woonzorg De Eik", day=date(2026, 8, 1))
    decide(store, meeting, Decision.SUITABLE)
    before = [run(capsys, command, "--db", str(path)) for command in ("due", "list")]
    assert "te laat" in before[0][1]
    # Ctrl+E in a session that was then killed: the evaluation is there, empty.
    store.new_evaluation(store.meeting(meeting).placement.id)
    store.db.close()
    after = [run(capsys, command, "--db", str(path)) for command in ("due", "list")]
    assert after == before
    code, out, _ = run(capsys, "list", "--db", str(path), "--json")
    assert code == 0
    assert [m["kind"] for m in json.loads(out)] == ["intake"]


def test_due_says_planned_before_the_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixed_clock: Clock
) -> None:
    path, store = _file(tmp_path, fixed_clock)
    meeting = store.new_intake("Yara Molendijk", "Woonzorg De Eik", day=date(2026, 11, 20))
    decide(store, meeting, Decision.SUITABLE)
    p = store.meeting(meeting).placement
    store.update_placement(p.id, p.version, start=date(2027, 1, 4), end=date(2027, 12, 31))
    store.db.close()
    code, out, err = run(capsys, "due", "--db", str(path), "--weeks", "30")
    assert (code, err) == (0, "")
    [line] = out.splitlines()
    assert "2027-04-04" in line  # the start plus three months, not the intake's date plus three
    assert line.endswith("[gepland]")
    code, out, _ = run(capsys, "due", "--db", str(path), "--weeks", "30", "--json")
    assert json.loads(out)[0]["status"] == "planned"


def test_the_json_dossier_carries_every_school_field_there_and_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixed_clock: Clock
) -> None:
    path, store = _file(tmp_path, fixed_clock)
    m = filled_meeting(store)
    store.db.close()
    out_file = tmp_path / "dossier.json"
    code, _, err = run(
        capsys, "export", "--db", str(path), "--student", "Jasmijn van Oostveen",
        "--format", "json", "-o", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["student"]["student_number"] == "3051772"
    [placement] = data["placements"]
    assert placement["crebo"] == "25480"
    assert placement["level"] == "4"
    assert placement["hours_per_week"] == 24.5
    assert placement["recognition_number"] == "100887766"
    assert placement["school_supervisor_email"] == "m.vinkhuizen@rocrivierenland.example"
    assert placement["meetings"][0]["minute_taker"] == "Marloes Vinkhuizen"

    # Into another database: the same fields.
    other = tmp_path / "ander.db"
    open_database(other).close()
    code, _, err = run(capsys, "import", "--db", str(other), str(out_file))
    assert code == 0, err
    db = open_database(other, create=False)
    try:
        got = Store(db, clock=fixed_clock, user="t").placements("3051772")
        assert [g.student for g in got] == ["Jasmijn van Oostveen"]
        p = Store(db, clock=fixed_clock, user="t").placement(got[0].id)
        assert (p.crebo, p.hours_total, p.recognition_number) == ("25480", 640, "100887766")
        assert p.school == m.placement.school
    finally:
        db.close()

    # A crebo without its form: refused in one line, nothing written.
    placement["crebo"] = "12<script>"
    bad = tmp_path / "fout.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    third = tmp_path / "derde.db"
    open_database(third).close()
    code, _, err = run(capsys, "import", "--db", str(third), str(bad))
    assert code != 0
    assert "crebo" in err
    assert "Traceback" not in err
