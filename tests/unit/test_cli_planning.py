"""The command line's planning, report and dossier commands, and one clear line for each mistake."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from mdtokens import headings, parse
from plan_data import WITHIN_4_WEEKS, WITHIN_14_WEEKS, known_dates

from driehoek import cli
from driehoek.database import open_database
from driehoek.dossier import export_filename
from driehoek.store import Clock, Store

Run = tuple[int, str, str]
NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
"""The tests' moment (conftest's fixed clock), for the module's template database."""


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    """The command line's clock is the tests' clock: 28 November 2026."""
    monkeypatch.setattr(cli, "_now", fixed_clock)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The placements of `plan_data` in a database file, built once for this module."""
    path = tmp_path_factory.mktemp("template") / "plan.db"
    db = open_database(path)
    ids = known_dates(Store(db, clock=lambda: NOW, user="tester"))
    db.close()
    return path, ids


@pytest.fixture
def planned(
    template: tuple[Path, dict[str, int]], tmp_path: Path, fixed_clock: Clock
) -> tuple[Path, dict[str, int]]:
    """A copy of the template for one test, and the placements' ids."""
    assert fixed_clock() == NOW
    path = tmp_path / "plan.db"
    shutil.copy2(template[0], path)
    return path, dict(template[1])


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(result: Run) -> str:
    code, out, err = result
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("driehoek: ")
    assert "Traceback" not in err
    return err.removeprefix("driehoek: ").rstrip("\n")


def audit(path: Path, entity: str) -> list[int]:
    db = open_database(path, create=False)
    try:
        rows = db.execute(
            "SELECT entity_id FROM audit WHERE action = 'export' AND entity = ? ORDER BY id",
            [entity],
        ).fetchall()
    finally:
        db.close()
    return [int(row[0]) for row in rows]


# -- due -----------------------------------------------------------------------------------------


def test_due_prints_one_line_per_evaluation_with_overdue_in_words(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]
) -> None:
    path, ids = planned
    code, out, err = run(capsys, "due", "--db", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    sem, jesse, noor = lines
    assert sem.split() == [
        str(ids["Sem Rietveld"]),
        *("2026-11-01", "te", "laat", "Sem", "Rietveld", "(Stichting", "Het", "Baken)"),
    ]
    assert "vandaag" in jesse
    assert "Jesse Warmink" in jesse
    assert noor.endswith("Noor Veldkamp  (Zorggroep De Wilgen · Dagbesteding)")
    assert "te laat" not in noor
    assert "vandaag" not in noor
    # The names line up whatever the marker.
    assert sem.index("Sem") == jesse.index("Jesse") == noor.index("Noor")


def test_due_in_english_over_more_weeks(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]
) -> None:
    path, _ = planned
    code, out, _ = run(capsys, "--lang", "en", "due", "--weeks", "14", "--db", str(path))
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[1] for line in lines] == [d.isoformat() for _, d, _ in WITHIN_14_WEEKS]
    assert "overdue" in lines[0]
    assert "today" in lines[1]
    assert lines[-1].split()[1] == "2027-02-28"  # the intake of 30 November


def test_due_json(capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]) -> None:
    path, ids = planned
    code, out, _ = run(capsys, "due", "--json", "--weeks", "14", "--db", str(path))
    assert code == 0
    items = json.loads(out)
    assert [(i["student"], date.fromisoformat(i["due"]), i["overdue"]) for i in items] == (
        WITHIN_14_WEEKS
    )
    sem = items[0]
    assert sem["placement_id"] == ids["Sem Rietveld"]
    assert sem["organisation"] == "Stichting Het Baken"
    assert sem["team"] == ""
    assert sem["days"] == -27
    assert isinstance(sem["meeting_id"], int)
    iris = items[-1]
    assert (iris["due"], iris["overdue"], iris["days"]) == ("2027-02-28", False, 92)


def test_nothing_due(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    open_database(path).close()
    assert run(capsys, "due", "--db", str(path)) == (
        0,
        "Geen evaluaties te laat, en geen in de komende 4 weken.\n",
        "",
    )
    code, out, _ = run(capsys, "due", "--json", "--db", str(path))
    assert (code, json.loads(out)) == (0, [])


def test_due_refuses_negative_weeks(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]
) -> None:
    error = one_error_line(run(capsys, "due", "--weeks", "-2", "--db", str(planned[0])))
    assert error == "Het aantal weken is 0 of meer."


# -- calendar ------------------------------------------------------------------------------------


def test_calendar_writes_a_private_ics_with_stable_uids(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, ids = planned
    target = tmp_path / "evaluaties.ics"
    code, out, err = run(capsys, "calendar", "--db", str(path), "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"6 evaluaties geschreven in {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = Calendar.from_ical(target.read_bytes())
    events = first.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [d for _, d, _ in WITHIN_14_WEEKS]
    assert [str(e["summary"]) for e in events][:2] == [
        "Kwartaalevaluatie: Sem Rietveld (Stichting Het Baken)",
        "Kwartaalevaluatie: Jesse Warmink (Stichting Het Baken)",
    ]
    assert all(e.decoded("dtstamp") == cli._now() for e in events)
    assert str(first["prodid"]).startswith("-//driehoek//driehoek ")

    run(capsys, "calendar", "--db", str(path), "-o", str(target))
    again = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]
    assert len({str(e["uid"]) for e in events}) == 6
    assert sorted(audit(path, "placements")) == sorted(2 * [ids[s] for s, _, _ in WITHIN_14_WEEKS])


def test_calendar_weeks_and_language(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    target = tmp_path / "cal.ics"
    code, _, _ = run(
        capsys,
        "calendar",
        "--weeks",
        "4",
        "--lang",
        "en",
        "--db",
        str(planned[0]),
        "-o",
        str(target),
    )
    assert code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == len(WITHIN_4_WEEKS)
    assert str(events[0]["summary"]) == "Quarterly evaluation: Sem Rietveld (Stichting Het Baken)"


def test_calendar_needs_a_file(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    error = one_error_line(run(capsys, "calendar", "--db", str(planned[0])))
    assert "-o" in error
    missing = tmp_path / "nergens" / "cal.ics"
    error = one_error_line(run(capsys, "calendar", "--db", str(planned[0]), "-o", str(missing)))
    assert error.startswith(f"Kan {missing} niet schrijven")


# -- report --------------------------------------------------------------------------------------


def test_report_workplaces_to_a_file_and_to_the_screen(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, _ = planned
    target = tmp_path / "kwaliteit.md"
    code, out, err = run(capsys, "report", "workplaces", "--db", str(path), "-o", str(target))
    assert (code, out, err) == (0, "", f"Geschreven: {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    _, on_screen, _ = run(capsys, "report", "workplaces", "--db", str(path))
    assert target.read_text(encoding="utf-8") == on_screen
    h2 = [text for tag, text in headings(parse(on_screen)) if tag == "h2"]
    assert h2 == [
        "Overzicht",
        "Kinderopvang Zonnedauw",
        "Stichting Het Baken",
        "Zorggroep De Wilgen",
    ]


def test_report_since_a_date_in_either_form(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]
) -> None:
    path, _ = planned
    _, iso, _ = run(capsys, "report", "workplaces", "--since", "2026-08-28", "--db", str(path))
    _, dmy, _ = run(capsys, "report", "workplaces", "--since", "28-8-2026", "--db", str(path))
    assert iso == dmy
    assert "vanaf 28 augustus 2026" in iso
    h2 = [text for tag, text in headings(parse(iso)) if tag == "h2"]
    # Het Baken: Jesse's intake of 28 August; De Wilgen: four placements met since.
    assert h2 == [
        "Overzicht",
        "Kinderopvang Zonnedauw",
        "Stichting Het Baken",
        "Zorggroep De Wilgen",
    ]


@pytest.mark.parametrize("since", ["31-2-2026", "gisteren", "2026-13-01", ""])
def test_a_bad_since_is_one_line(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], since: str
) -> None:
    error = one_error_line(
        run(capsys, "report", "workplaces", "--since", since, "--db", str(planned[0]))
    )
    assert error == f"‘{since}’ is geen datum: schrijf bijvoorbeeld 2025-08-01 of 1-8-2025."


def test_report_needs_its_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report"])
    assert exit_.value.code == 2
    assert "workplaces" in capsys.readouterr().err


# -- export --------------------------------------------------------------------------------------


def test_export_a_placement_as_one_document(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, ids = planned
    noor = ids["Noor Veldkamp"]
    code, out, err = run(capsys, "export", "--placement", str(noor), "--db", str(path))
    assert (code, err) == (0, "")
    found = headings(parse(out))
    assert [h for h in found if h[0] in ("h1", "h2")] == [
        ("h1", "Dossier van Noor Veldkamp bij Zorggroep De Wilgen"),
        ("h2", "CONCEPT – Verslag startgesprek: Noor Veldkamp"),  # neither is signed
        ("h2", "CONCEPT – Verslag kwartaalevaluatie: Noor Veldkamp"),
    ]
    target = tmp_path / "dossier.html"
    code, out, err = run(
        capsys, "export", "--placement", str(noor), "--format", "html", "-o", str(target),
        "--db", str(path),
    )  # fmt: skip
    assert (code, out, err) == (0, "", f"Geschreven: {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert "<title>Dossier van Noor Veldkamp bij Zorggroep De Wilgen</title>" in page
    assert audit(path, "placements") == [noor, noor]


def test_export_one_meeting_as_html(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]
) -> None:
    code, out, _ = run(
        capsys, "export", "1", "--format", "html", "--lang", "en", "--db", str(planned[0])
    )
    assert code == 0
    assert out.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<h1>DRAFT – Minutes of the intake: Sem Rietveld</h1>" in out  # not signed yet


def test_export_all_into_a_new_folder_twice(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, _ = planned
    folder = tmp_path / "verslagen"
    code, out, err = run(capsys, "export", "--all", "--dir", str(folder), "--db", str(path))
    assert (code, out) == (0, "")
    assert err == f"12 verslagen geschreven in {folder}\n"
    assert folder.is_dir()
    names = sorted(p.name for p in folder.iterdir())
    db = open_database(path, create=False)
    store = Store(db, clock=cli._now)
    expected = sorted(export_filename(store.meeting(m.id), "nl", "md") for m in store.meetings())
    db.close()
    assert names == expected
    assert "verslag-2026-11-30-iris-kalkhoven-8.md" in names
    run(capsys, "export", "--all", "--dir", str(folder), "--db", str(path))
    assert sorted(p.name for p in folder.iterdir()) == names
    assert len(audit(path, "meetings")) == 24


def test_export_all_since_as_html(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    folder = tmp_path / "html"
    code, _, err = run(
        capsys, "export", "--all", "--since", "1-11-2026", "--format", "html", "--dir", str(folder),
        "--db", str(planned[0]),
    )  # fmt: skip
    assert code == 0
    assert err == f"4 verslagen geschreven in {folder}\n"
    assert sorted(p.suffix for p in folder.iterdir()) == [".html"] * 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Geef precies één van: een gespreksnummer, --student, --placement of --all."),
        (("1", "--placement", "2"), "Geef precies één van"),
        (("--all", "--student", "x", "--dir", "d"), "Geef precies één van"),
        (("--placement", "1", "--since", "1-1-2026"), "--since kan alleen samen met --all."),
        (("1", "--dir", "d"), "--dir kan alleen samen met --all."),
        (("--all",), "--all schrijft één bestand per gesprek in een map"),
        (("--all", "--dir", "d", "-o", "x"), "--all schrijft één bestand per gesprek in een map"),
        (("--all", "--dir", "d", "--format", "json"), "--format json is er voor één gesprek"),
        (("--placement", "999", "--format", "json"), "Er is geen stage met nummer 999."),
        (("--placement", "999"), "Er is geen stage met nummer 999."),
        (("--all", "--dir", "d", "--since", "morgen"), "‘morgen’ is geen datum"),
    ],
)
def test_export_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str],
    planned: tuple[Path, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    error = one_error_line(run(capsys, "export", *args, "--db", str(planned[0])))
    assert error.startswith(message)
    assert not (tmp_path / "d").exists()


def test_export_all_into_a_folder_under_a_missing_one(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    folder = tmp_path / "typo" / "verslagen"
    error = one_error_line(
        run(capsys, "export", "--all", "--dir", str(folder), "--db", str(planned[0]))
    )
    assert error == f"De map van {folder} bestaat niet. Maak de map eerst aan."
    assert not (tmp_path / "typo").exists()
    afile = tmp_path / "bestand"
    afile.write_text("", encoding="utf-8")
    error = one_error_line(
        run(capsys, "export", "--all", "--dir", str(afile), "--db", str(planned[0]))
    )
    assert error == f"{afile} is geen map."


def test_export_to_a_path_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    target = tmp_path / "dossier.md"
    target.mkdir()  # a file name taken by a folder: unwritable even for root
    error = one_error_line(
        run(capsys, "export", "--placement", "1", "-o", str(target), "--db", str(planned[0]))
    )
    assert error.startswith(f"Kan {target} niet schrijven")


def test_the_student_export_still_works(
    capsys: pytest.CaptureFixture[str], planned: tuple[Path, dict[str, int]]
) -> None:
    code, out, _ = run(
        capsys, "export", "--student", "Sem Rietveld", "--format", "json", "--db", str(planned[0])
    )
    assert code == 0
    assert json.loads(out)["student"]["name"] == "Sem Rietveld"
