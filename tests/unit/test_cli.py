"""The command line: listing and exporting meetings, and one clear line for every mistake."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cli_run import Run, run
from mdtokens import headings, parse

from driehoek import __version__
from driehoek.cli import main
from driehoek.database import open_database
from driehoek.demo import seed_demo
from driehoek.migrations import LATEST
from driehoek.store import Clock, Store


@pytest.fixture(autouse=True)
def private_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the user's data folders into the test's folder; keep the umask main() sets."""
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("DRIEHOEK_DB", raising=False)
    monkeypatch.delenv("DRIEHOEK_LANG", raising=False)
    umask = os.umask(0o022)
    os.umask(umask)
    yield data
    os.umask(umask)


@pytest.fixture
def demo(tmp_path: Path, fixed_clock: Clock) -> tuple[Path, list[int]]:
    """A database with the invented demo placements, and their intakes' ids."""
    path = tmp_path / "demo.db"
    db = open_database(path)
    ids = seed_demo(Store(db, clock=fixed_clock, user="tester"))
    db.close()
    return path, ids


DEMO_MEETINGS = 17
"""The intakes and evaluations of the demo (the last intake: nursing, with its own template)."""


def _one_error_line(result: Run) -> str:
    code, out, err = result
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("driehoek: ")
    assert "Traceback" not in err
    return err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"driehoek {__version__}\n"


def test_list_shows_one_line_per_meeting(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]]
) -> None:
    path, ids = demo
    code, out, err = run(capsys, "list", "--db", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == DEMO_MEETINGS
    students = ("Anouk de Wit", "Sem Verbeek", "Fleur Hoekstra", "Daan Kuipers", "Noor Bakker")
    for student in (*students, "Lars Visser"):
        assert any(student in line for line in lines)
    assert sum("startgesprek" in line for line in lines) == len(ids)
    assert sum("kwartaalevaluatie" in line for line in lines) == DEMO_MEETINGS - len(ids)
    assert sum("(nog) geen goede leerplek voor deze student" in line for line in lines) == 1


@pytest.mark.parametrize(
    ("lang", "words", "blaming"),
    [
        (
            "nl",
            (
                "een goede leerplek voor deze student",
                "goede leerplek onder voorwaarden",
                "(nog) geen goede leerplek voor deze student",
            ),
            "geschikt",
        ),
        (
            "en",
            (
                "a good learning place for this student",
                "a good learning place, with conditions",
                "not (yet) a good learning place for this student",
            ),
            "suitable",
        ),
    ],
)
def test_list_says_whether_the_place_is_a_good_learning_place(
    capsys: pytest.CaptureFixture[str],
    demo: tuple[Path, list[int]],
    lang: str,
    words: tuple[str, str, str],
    blaming: str,
) -> None:
    """The intake judges the place for this student, never the student (the article)."""
    code, out, _ = run(capsys, "list", "--lang", lang, "--db", str(demo[0]))
    assert code == 0
    for said in words:
        assert any(f"  {said}  [" in line for line in out.splitlines()), (said, out)
    assert blaming not in out


def test_list_json_is_an_array_of_meetings(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]]
) -> None:
    path, ids = demo
    code, out, _ = run(capsys, "list", "--json", "--db", str(path))
    assert code == 0
    meetings = json.loads(out)
    assert isinstance(meetings, list)
    assert len(meetings) == DEMO_MEETINGS
    assert set(ids) <= {m["id"] for m in meetings}
    for m in meetings:
        assert {"id", "placement_id", "kind", "date", "student", "organisation"} <= set(m)
        assert m["kind"] == ("intake" if m["id"] in ids else "evaluation")
        date.fromisoformat(m["date"])
    assert [m["decision"] for m in meetings].count("not_suitable") == 1
    assert {m["student"] for m in meetings} >= {"Fleur Hoekstra", "Noor Bakker"}


def test_list_on_a_new_default_database_says_there_is_nothing(
    capsys: pytest.CaptureFixture[str], private_environment: Path
) -> None:
    code, out, _ = run(capsys, "list")
    assert (code, out) == (0, "Nog geen gesprekken.\n")
    assert (private_environment / "driehoek" / "driehoek.db").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "en", "list"),
        ("list", "--lang", "en"),
        ("--lang=en", "list"),
        ("--lang", "nl", "list", "--lang", "en"),
    ],
)
def test_options_go_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]], args: tuple[str, ...]
) -> None:
    path, _ = demo
    code, out, _ = run(capsys, *args, "--db", str(path))
    assert code == 0
    assert "intake" in out
    assert "startgesprek" not in out


def test_db_before_the_command_and_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    demo: tuple[Path, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ = demo
    before = run(capsys, "--db", str(path), "list", "--json")
    monkeypatch.setenv("DRIEHOEK_DB", str(path))
    from_env = run(capsys, "list", "--json")
    assert before == from_env
    assert len(json.loads(from_env[1])) == DEMO_MEETINGS


def test_the_language_can_come_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    demo: tuple[Path, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DRIEHOEK_LANG", "en_GB.UTF-8")
    _, out, _ = run(capsys, "list", "--db", str(demo[0]))
    assert "intake" in out


def test_export_writes_the_minutes_to_stdout(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]]
) -> None:
    path, ids = demo
    code, out, err = run(capsys, "export", str(ids[0]), "--db", str(path))
    assert (code, err) == (0, "")
    h1 = [text for tag, text in headings(parse(out)) if tag == "h1"]
    assert h1 == ["Verslag startgesprek: Anouk de Wit"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_export_in_english(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]], where: str
) -> None:
    path, ids = demo
    lang = ["--lang", "en"]
    args = [*lang, "export", str(ids[0])] if where == "before" else ["export", str(ids[0]), *lang]
    code, out, _ = run(capsys, *args, "--db", str(path))
    assert code == 0
    found = headings(parse(out))
    assert found[0] == ("h1", "Minutes of the intake: Anouk de Wit")
    assert ("h2", "Agreements") in found


def test_export_to_a_file_is_private(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]], tmp_path: Path
) -> None:
    path, ids = demo
    target = tmp_path / "verslag.md"
    target.write_text("oude versie", encoding="utf-8")
    target.chmod(0o644)
    code, out, err = run(capsys, "export", str(ids[2]), "--db", str(path), "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"Geschreven: {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    _, on_screen, _ = run(capsys, "export", str(ids[2]), "--db", str(path))
    assert target.read_text(encoding="utf-8") == on_screen
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".verslag")] == []


def test_export_json_holds_the_whole_record(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]]
) -> None:
    path, ids = demo
    code, out, _ = run(capsys, "export", str(ids[0]), "--format", "json", "--db", str(path))
    assert code == 0
    data = json.loads(out)
    assert data["id"] == ids[0]
    assert data["placement"]["student"] == "Anouk de Wit"
    assert data["decision"] == "conditions"
    assert len(data["factors"]) == 6
    assert len(data["sign_offs"]) == 3
    date.fromisoformat(data["date"])
    assert data["learning_ways"] == sorted(data["learning_ways"])


def test_an_unknown_meeting(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]]
) -> None:
    err = _one_error_line(run(capsys, "export", "999", "--db", str(demo[0])))
    assert "999" in err


def test_an_unwritable_output_path_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo: tuple[Path, list[int]], tmp_path: Path
) -> None:
    path, ids = demo
    target = tmp_path / "bestaat-niet" / "verslag.md"
    err = _one_error_line(run(capsys, "export", str(ids[0]), "--db", str(path), "-o", str(target)))
    assert str(target) in err
    assert not target.parent.exists()


def _text_file(path: Path) -> None:
    path.write_text("boodschappen: melk, brood\n", encoding="utf-8")


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()


@pytest.mark.parametrize("make", [_text_file, _foreign, _newer], ids=["text", "foreign", "newer"])
@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["export", "1"]])
def test_a_file_that_is_not_ours_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object, command: list[str]
) -> None:
    path = tmp_path / "ander.db"
    assert callable(make)
    make(path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    err = _one_error_line(run(capsys, *command, "--db", str(path)))
    assert str(path) in err
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize("command", [["list"], ["export", "1"]])
def test_a_missing_database_is_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "typfout.db"
    err = _one_error_line(run(capsys, *command, "--db", str(path)))
    assert str(path) in err
    assert not path.exists()


def test_errors_speak_the_chosen_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "typfout.db"
    nl = _one_error_line(run(capsys, "list", "--db", str(path)))
    en = _one_error_line(run(capsys, "list", "--db", str(path), "--lang", "en"))
    assert nl != en
    assert str(path) in nl
    assert str(path) in en


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_command_is_described_alike_in_the_help(lang: str) -> None:
    """`driehoek --help` lists each command with a few words: lower case, no full stop, as
    argparse's own lines ("toon deze hulp en stop")."""
    from driehoek.cli import _parser
    from driehoek.i18n import Catalogue

    parser = _parser(Catalogue(lang))  # type: ignore[arg-type]
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for choice in commands._choices_actions:
        words = choice.help or ""
        assert words[:1].islower() or words[:1] == "-", (choice.dest, words)
        assert not words.endswith("."), (choice.dest, words)
