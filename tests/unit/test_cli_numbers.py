"""A number past what driehoek can use, typed on the command line: one line where it was
typed, argparse's exit code 2, and nothing stored; never a crash (exit code 70) later on."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from driehoek.cli import main
from driehoek.store import Store

HUGE = "9" * 30
"""Past SQLite's INTEGER and past the calendar."""

COMMANDS = [
    ("export", HUGE),
    ("export", "--placement", HUGE, "--format", "json"),
    ("prepare", HUGE, "--party", "school"),
    ("prepare", HUGE, "--party", "school", "--link"),
    ("share", HUGE),
    ("share", HUGE, "--stop"),
    ("due", "--weeks", HUGE),
    ("calendar", "--weeks", HUGE),
    ("purge", "--years", HUGE, "--dry-run"),
    ("retention", HUGE),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_a_huge_number_is_refused_where_it_is_typed(
    capsys: pytest.CaptureFixture[str], store: Store, tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = tmp_path / "driehoek.db"
    assert run(capsys, "--db", str(db), "retention", "7")[0] == 0
    before = db.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), *args])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"‘{HUGE}’ is te groot: ten hoogste " in err
    assert "Traceback" not in err
    assert "crash" not in err
    assert db.read_bytes() == before


def test_a_retention_too_large_for_the_calendar_is_not_stored(
    capsys: pytest.CaptureFixture[str], store: Store, tmp_path: Path
) -> None:
    db = tmp_path / "driehoek.db"
    with pytest.raises(SystemExit):
        main(["--db", str(db), "retention", "10000"])
    capsys.readouterr()
    assert run(capsys, "--db", str(db), "retention", "100")[0] == 0
    code, out, err = run(capsys, "--db", str(db), "purge", "--dry-run")
    assert (code, err) == (0, "")
    assert "100 jaar" in out


def test_a_number_that_is_none_says_so_in_english_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "en", "retention", "1x"])
    assert exit_.value.code == 2
    assert "‘1x’ is not a whole number." in capsys.readouterr().err
