"""`driehoek template show|check|add|list` as a user runs them: the default to copy, a broken
file refused line by line with its line numbers, a version stored once and never replaced."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from cli_run import one_line, run

from driehoek import template_store
from driehoek.i18n import Catalogue
from driehoek.store import Store

SPH = Path(__file__).parents[1] / "templates" / "sph.toml"
NL = Catalogue("nl")
EN = Catalogue("en")


def db_of(store: Store) -> str:
    return str(store.db.execute("PRAGMA database_list").fetchone()[2])


def test_show_prints_the_article_s_questions_as_a_file_to_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "template", "show")
    assert (code, err) == (0, "")
    data = tomllib.loads(out)
    assert data["nl"]["factor_questions"]["involvement"] == NL("question.involvement")
    assert out.startswith("# driehoek-sjabloon")  # commented, in Dutch
    code, out, _ = run(capsys, "template", "show", "--lang", "en")
    assert code == 0
    assert tomllib.loads(out)["en"]["evaluation_questions"]["time"] == EN("question.time")
    # What it prints passes the check as it is.
    copy = tmp_path / "copy.toml"
    copy.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "template", "check", str(copy), "--lang", "en")
    assert (code, err) == (0, "")
    assert out == f"{copy} is fine: template My programme, version 1, for SPH.\n"


def test_a_broken_template_is_refused_with_each_problem_on_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = SPH.read_text(encoding="utf-8").splitlines()
    number = {line.split(" =")[0]: n for n, line in enumerate(lines, 1) if " = " in line}
    lines[number["version"] - 1] = 'version = "1"'
    lines[number["autonomy"] - 1] = "autonomie = 'Bepaalt zij zelf?'"
    broken = tmp_path / "kapot.toml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "template", "check", str(broken))
    assert (code, out) == (1, "")
    table = next(n for n, line in enumerate(lines, 1) if line == "[nl.factor_questions]")
    assert err.splitlines() == [
        f"driehoek: {broken}, regel {number['version']}: version moet een geheel getal zijn",
        f"driehoek: {broken}, regel {table}: nl.factor_questions.autonomy ontbreekt",
        f"driehoek: {broken}, regel {number['autonomy']}: onbekende sleutel "
        "nl.factor_questions.autonomie",
    ]
    # Not TOML at all: the line the parser stopped at.
    lines = SPH.read_text(encoding="utf-8").splitlines()
    lines[number["time"] - 1] = 'time = "Heeft de groepsleider tijd'
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = one_line(run(capsys, "template", "check", str(broken), "--lang", "en"))
    assert line.rstrip("\n") == (
        f"driehoek: {broken}, line {number['time']}: not valid TOML: "
        "a text is not closed with a quote"
    )


def test_a_file_s_bytes_never_reach_the_terminal_as_commands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = tmp_path / "vijandig.toml"
    hostile.write_text(
        SPH.read_text(encoding="utf-8") + '"\\u001b]0;titel\\u0007\\u001b[2J" = "x"\n',
        encoding="utf-8",
    )
    line = one_line(run(capsys, "template", "check", str(hostile)))
    assert "\x1b" not in line
    assert "\x07" not in line
    assert "onbekende sleutel nl.step_hints.]0;titel[2J" in line


def test_a_missing_file_and_a_huge_one_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gone = tmp_path / "weg.toml"
    line = one_line(run(capsys, "template", "check", str(gone)))
    assert line == f"driehoek: {gone} is niet te lezen: bestaat niet\n"
    line = one_line(run(capsys, "template", "check", "/dev/zero"))
    assert "het bestand is te groot (65537 bytes, hoogstens 65536)" in line


def test_add_stores_a_version_once_and_refuses_another_text_under_it(
    capsys: pytest.CaptureFixture[str], store: Store, tmp_path: Path
) -> None:
    db = db_of(store)
    code, out, err = run(capsys, "--db", db, "template", "add", str(SPH))
    assert (code, out) == (0, "")
    assert err == (
        "Sjabloon SPH Hogeschool, versie 1 opgeslagen; de gesprekken van SPH, SPH deeltijd die "
        "nog niet door alle drie ondertekend zijn, gebruiken het nu.\n"
    )
    code, _, err = run(capsys, "--db", db, "template", "add", str(SPH))
    assert code == 0
    assert "staat er al met precies deze tekst" in err
    changed = tmp_path / "sph.toml"
    changed.write_text(
        SPH.read_text(encoding="utf-8").replace("woongroep?", "groep?"), encoding="utf-8"
    )
    line = one_line(run(capsys, "--db", db, "template", "add", str(changed)))
    assert line == (
        "driehoek: Sjabloon SPH Hogeschool, versie 1 staat er al met een andere tekst; een "
        "opgeslagen versie verandert nooit, dus geef deze een hoger versienummer.\n"
    )
    [kept] = template_store.stored(store.db)
    assert kept.version == 1
    code, out, _ = run(capsys, "--db", db, "template", "list")
    assert code == 0
    assert out.startswith("SPH Hogeschool, versie 1: SPH, SPH deeltijd (opgeslagen ")
    assert out.endswith("; ondertekende gesprekken: 0)\n")


def test_a_broken_template_is_not_stored(
    capsys: pytest.CaptureFixture[str], store: Store, tmp_path: Path
) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('name = "X"\nversion = 1\nprogrammes = ["SPH"]\n[nl]\n', encoding="utf-8")
    code, _, err = run(capsys, "--db", db_of(store), "template", "add", str(broken))
    assert code == 1
    assert err.count("\n") == 10  # six factor questions and four evaluation questions missing
    assert template_store.stored(store.db) == []
    code, out, _ = run(capsys, "--db", db_of(store), "template", "list")
    assert out == NL("template.list_empty") + "\n"
