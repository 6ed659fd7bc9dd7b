"""`driehoek report workplaces` on the command line: each `--format`, with `--since` and `-o`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_run import one_line, run
from mdtokens import headings, parse
from report_data import HOSTILE, LINDE, counted_fixture

from driehoek import cli
from driehoek.database import open_database
from driehoek.store import Clock, Store

NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    """The command line's clock is the tests' clock: 28 November 2026."""
    monkeypatch.setattr(cli, "_now", fixed_clock)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The placements of `report_data` in a database file, built once for this module."""
    path = tmp_path_factory.mktemp("template") / "report.db"
    db = open_database(path)
    counted_fixture(Store(db, clock=lambda: NOW, user="tester"))
    db.close()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> str:
    path = tmp_path / "report.db"
    shutil.copy2(template, path)
    return str(path)


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_each_format_to_the_screen_and_to_a_file(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"werkplekken.{fmt}"
    code, out, err = run(
        capsys, "report", "workplaces", "--format", fmt, "--db", db, "-o", str(target)
    )
    assert (code, out, err) == (0, "", f"Geschreven: {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, on_screen, err = run(capsys, "report", "workplaces", "--format", fmt, "--db", db)
    assert (code, err) == (0, "")
    assert target.read_bytes() == on_screen.encode("utf-8")


def test_markdown_is_the_default(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, default, _ = run(capsys, "report", "workplaces", "--db", db)
    _, md, _ = run(capsys, "report", "workplaces", "--format", "md", "--db", db)
    assert default == md
    h2 = [text for tag, text in headings(parse(md)) if tag == "h2"]
    assert h2 == ["Overzicht", HOSTILE, LINDE]


def test_html_is_a_page_with_charts(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, out, _ = run(capsys, "report", "workplaces", "--format", "html", "--db", db)
    assert out.startswith("<!DOCTYPE html>")
    assert out.count("<svg ") == 4
    assert '<html lang="nl">' in out


def test_csv_for_dutch_excel(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, out, _ = run(capsys, "report", "workplaces", "--format", "csv", "--db", db)
    assert out.startswith("\ufeffOrganisatie;Niveau;")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {HOSTILE, LINDE}
    _, english, _ = run(
        capsys, "--lang", "en", "report", "workplaces", "--format", "csv", "--db", db
    )
    assert english.startswith("\ufeffOrganisation;Level;")


def test_json_with_since_and_in_either_language(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    _, out, _ = run(
        capsys, "report", "workplaces", "--format", "json", "--since", "1-6-2025", "--db", db
    )
    data = json.loads(out)
    assert (data["made_on"], data["since"]) == ("2026-11-28", "2025-06-01")
    hostile, linde = data["organisations"]
    assert (hostile["placements"], hostile["counted"]) == (1, 0)
    assert linde["quarters"][0]["quarter"] == "2025-Q2"
    _, english, _ = run(
        capsys,
        "report",
        "workplaces",
        "--format",
        "json",
        "--since",
        "2025-06-01",
        "--lang",
        "en",
        "--db",
        db,
    )
    assert english == out  # keys and values are the same in every language


def test_since_narrows_every_format(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _, everything, _ = run(capsys, "report", "workplaces", "--format", "csv", "--db", db)
    _, later, _ = run(
        capsys, "report", "workplaces", "--format", "csv", "--since", "2026-01-01", "--db", db
    )
    assert 1 < len(later.splitlines()) < len(everything.splitlines())
    assert "2025 K4" in everything
    assert "2025 K4" not in later


def test_a_format_it_does_not_know(capsys: pytest.CaptureFixture[str], db: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "workplaces", "--format", "xlsx", "--db", db])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "xlsx" in err
    assert "csv" in err


def test_a_file_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    missing = tmp_path / "nergens" / "werkplekken.csv"
    error = one_line(
        run(capsys, "report", "workplaces", "--format", "csv", "--db", db, "-o", str(missing))
    )
    assert error.startswith(f"driehoek: Kan {missing} niet schrijven")
