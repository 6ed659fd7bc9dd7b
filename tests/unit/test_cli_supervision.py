"""Supervision time through the real command line (issue 13.3): the minutes `driehoek export`
writes, the workplace report per organisation, and the threshold from the settings file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_run import run

from driehoek import cli
from driehoek.database import open_database
from driehoek.i18n import Catalogue
from driehoek.store import Store
from supervision_year import supervision_year

NOW = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)
HALF = ("Lotte Hendriks", "Zorgboerderij De Linde")
ALL = ("Daan Vermeulen", "Kinderopvang Het Anker")
T = Catalogue("nl")


@pytest.fixture
def year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[int], list[int]]:
    """A database with a year of two placements: one given half its promised supervision
    time, one all of it; the paths and each one's evaluations."""
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    path = tmp_path / "driehoek.db"
    db = open_database(path)
    store = Store(db, clock=lambda: NOW, user="tester")
    _, half = supervision_year(store, *HALF, given=390)
    _, full = supervision_year(store, *ALL, given=780)
    db.close()
    return str(path), half, full


def test_the_minutes_show_promised_against_given_and_flag_half(
    capsys: pytest.CaptureFixture[str], year: tuple[str, list[int], list[int]]
) -> None:
    db, half, full = year
    code, out, err = run(capsys, "export", str(half[-1]), "--db", db)
    assert (code, err) == (0, "")
    figures = T("supervision.period", promised=780, given=390, share=50)
    since = T("supervision.minutes_line", since="5 oktober 2026")
    assert f"- {since}: {figures}" in out.splitlines()
    assert f"- ⚠ {T('supervision.flag', threshold=75)}" in out.splitlines()
    code, out, err = run(capsys, "export", str(full[-1]), "--db", db)
    assert T("supervision.period", promised=780, given=780, share=100) in out
    assert "⚠" not in out


def test_the_workplace_report_shows_it_per_organisation(
    capsys: pytest.CaptureFixture[str], year: tuple[str, list[int], list[int]]
) -> None:
    db, _, _ = year
    code, out, err = run(capsys, "report", "workplaces", "--db", db)
    assert (code, err) == (0, "")
    linde = out.split(f"\n## {HALF[1]}")[1].split("\n## ")[0]
    anker = out.split(f"\n## {ALL[1]}")[1].split("\n## ")[0]
    together = T("supervision.period", promised=3120, given=1560, share=50)
    assert f"- {T.n('report.supervision_placements', 1)}: {together}" in linde
    assert f"- ⚠ {T('report.supervision_short', threshold=75, count=1)}" in linde
    assert f"- {T('report.supervision_short', threshold=75, count=0)}" in anker
    assert HALF[0] not in out  # about the place: no student named

    code, out, err = run(capsys, "report", "workplaces", "--db", db, "--format", "json")
    assert (code, err) == (0, "")
    by_name = {o["name"]: o for o in json.loads(out)["organisations"]}
    assert by_name[HALF[1]]["supervision"] == {
        "placements": 1, "short": 1, "threshold": 75, "promised_minutes": 3120,
        "given_minutes": 1560, "share": 50, "periods": 4, "short_periods": 4,
    }  # fmt: skip
    assert by_name[ALL[1]]["supervision"]["short"] == 0
    assert HALF[0] not in out


def test_the_threshold_comes_from_the_settings_file(
    capsys: pytest.CaptureFixture[str],
    year: tuple[str, list[int], list[int]],
    own_home: Path,
) -> None:
    db, _, _ = year
    config = own_home / ".config" / "driehoek" / "settings.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("supervision_threshold = 40\n", encoding="utf-8")
    code, out, err = run(capsys, "report", "workplaces", "--db", db)
    assert (code, err) == (0, "")
    assert T("report.supervision_short", threshold=40, count=0) in out
