"""`driehoek import LIST.csv`: a school's list as school systems and Excel write it, read on the
command line, each result checked row by row. Every file is written by the test itself; the
names are invented."""

from __future__ import annotations

import codecs
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_run import one_line, run

from driehoek import cli
from driehoek.store import Clock

HEADER_NL = "Studentnummer;Naam;Opleiding;Crebo;Niveau;Leerbedrijf;Erkenningsnummer;Adres;"
HEADER_NL += "Praktijkopleider;E-mail;Telefoon;Begindatum;Einddatum;Uren per week"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    monkeypatch.setattr(cli, "_now", fixed_clock)


def _rows(db: Path, sql: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def _placements(db: Path) -> list[dict[str, Any]]:
    return _rows(
        db,
        """SELECT s.student_number, s.name, o.name AS organisation, o.recognition_number,
                  p.programme, p.crebo, p.level, p.workplace_address, p.practice_supervisor,
                  p.practice_supervisor_email, p.practice_supervisor_phone, p.start, p.end,
                  p.hours_per_week, p.status, p.version
           FROM placements p JOIN students s ON s.id = p.student_id
           JOIN organisations o ON o.id = p.organisation_id ORDER BY p.id""",
    )


def _audit(db: Path) -> list[dict[str, Any]]:
    return _rows(db, "SELECT action, entity, entity_id FROM audit ORDER BY id")


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_an_excel_list_in_windows_1252_with_semicolons_goes_in_row_by_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bpv-lijst.csv"
    lines = [
        HEADER_NL,
        "4021733;Noor Hendriksen;Verzorgende IG;25491;3;Zorgcentrum De Linde;100234567;"
        "Lindelaan 4, 3511 AB Utrecht;Henk Bakker;h.bakker@delinde.example;030-1234567;"
        "1-2-2027;30-6-2027;32",
        "4021734;Élise Çelik;Verzorgende IG;25491;niveau 3;Zorgcentrum De Linde;;;;;;"
        "01-02-2027;2027-06-30;37,5",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    db = tmp_path / "d.db"
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (0, "")
    assert out == "2 stages nieuw, 0 gewijzigd, 0 ongewijzigd; 0 regels geweigerd.\n"
    first, second = _placements(db)
    assert first == {
        "student_number": "4021733",
        "name": "Noor Hendriksen",
        "organisation": "Zorgcentrum De Linde",
        "recognition_number": "100234567",
        "programme": "Verzorgende IG",
        "crebo": "25491",
        "level": "3",
        "workplace_address": "Lindelaan 4, 3511 AB Utrecht",
        "practice_supervisor": "Henk Bakker",
        "practice_supervisor_email": "h.bakker@delinde.example",
        "practice_supervisor_phone": "030-1234567",
        "start": "2027-02-01",
        "end": "2027-06-30",
        "hours_per_week": 32.0,
        "status": "planned",
        "version": 1,
    }
    assert second["name"] == "Élise Çelik"  # Windows-1252 read as such
    assert (second["start"], second["end"], second["hours_per_week"]) == (
        "2027-02-01",
        "2027-06-30",
        37.5,
    )
    assert second["organisation"] == "Zorgcentrum De Linde"
    assert len(_rows(db, "SELECT id FROM organisations")) == 1  # one organisation, shared


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8-sig", ","), ("utf-8", "\t"), ("utf-16", "\t"), ("utf-8-sig", ";")],
)
def test_english_headers_any_separator_bom_and_spacing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, encoding: str, sep: str
) -> None:
    path = tmp_path / "export.csv"
    header = ["  Student Number ", "NAME", "organisation", "Start_Date", "end date"]
    header.append("Hours per week")
    row = ["5550001", "Sven Ødegård", "Bakkerij 't Hoekje", "2027-02-01", "1-7-2027", "24"]
    path.write_bytes((sep.join(header) + "\n" + sep.join(row) + "\n").encode(encoding))
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(codecs.BOM_UTF8)
    db = tmp_path / "d.db"
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (0, ""), out
    (p,) = _placements(db)
    assert (p["student_number"], p["name"], p["organisation"]) == (
        "5550001",
        "Sven Ødegård",
        "Bakkerij 't Hoekje",
    )
    assert (p["start"], p["end"], p["hours_per_week"]) == ("2027-02-01", "2027-07-01", 24.0)


def test_quoted_fields_with_new_lines_and_the_line_numbers_after_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "adressen.csv"
    path.write_text(
        "studentnummer,naam,leerbedrijf,adres,begindatum,einddatum\n"
        '1001,Mila Postma,"Garage Smit, Zwolle","Dorpsstraat 1\n8011 AA Zwolle",1-2-2027,1-7-2027\n'
        '1002,"Daan\nde Wit",Garage Smit,,1-2-2027,1-1-2027\n'
        "1003,Fenna Kok,Garage Smit,,31-2-2027,\n",
        encoding="utf-8",
    )
    db = tmp_path / "d.db"
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert code == 1
    # Daan's row starts on line 4 (Mila's address took two), Fenna's on line 6.
    assert err.splitlines() == [
        "regel 4: einddatum 1-1-2027 ligt voor begindatum 1-2-2027",
        "regel 6: begindatum 31-2-2027 is geen datum (schrijf 1-2-2027 of 2027-02-01)",
    ]
    assert out == "1 stage nieuw, 0 gewijzigd, 0 ongewijzigd; 2 regels geweigerd.\n"
    (p,) = _placements(db)
    assert p["organisation"] == "Garage Smit, Zwolle"
    assert p["workplace_address"] == "Dorpsstraat 1, 8011 AA Zwolle"


def test_bad_rows_each_one_line_with_its_number_good_rows_in_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = "2000{n};Student {n};Leerbedrijf {n};;1-2-2027;30-6-2027;;"
    lines = ["Studentnummer;Naam;Leerbedrijf;Crebo;Begindatum;Einddatum;E-mail;Niveau"]
    lines += [good.format(n=n) for n in range(2, 17)]  # lines 2..16
    lines += [
        "20017;Student 17;Leerbedrijf 17;;1-2-2027;1-1-2027;;",  # line 17
        ";Zonder Nummer;Leerbedrijf;;;;;",  # 18
        "20019;Student 19;Leerbedrijf;2549;;;;",  # 19
        "20020;Student 20;Leerbedrijf;;;;geen-adres;",  # 20
        "20021;Student 21;Leerbedrijf;;;;;5",  # 21
        "20002;Student 2;Leerbedrijf 2;;1-2-2027;30-6-2027;;",  # 22: line 2 again
        "20003;Iemand Anders;Leerbedrijf 99;;;;;",  # 23: line 3's number, another name
    ]
    path = tmp_path / "lijst.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "d.db"
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert code == 1
    assert err.splitlines() == [
        "regel 17: einddatum 1-1-2027 ligt voor begindatum 1-2-2027",
        "regel 18: studentnummer ontbreekt",
        "regel 19: crebo 2549 heeft geen vijf cijfers",
        "regel 20: geen-adres is geen e-mailadres",
        "regel 21: niveau 5 is niet 1, 2, 3 of 4",
        "regel 22: dezelfde stage als regel 2",
        "regel 23: studentnummer 20003 staat op regel 3 met een andere naam",
    ]
    assert out == "15 stages nieuw, 0 gewijzigd, 0 ongewijzigd; 7 regels geweigerd.\n"
    assert [p["name"] for p in _placements(db)] == [f"Student {n}" for n in range(2, 17)]


def test_in_english_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Student number,Name,Organisation,Start,End\n1,A B,C,1-2-2027,1-1-2027\n")
    db = tmp_path / "d.db"
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--lang", "en")
    assert code == 1
    assert err == "line 2: end 1-1-2027 is before start 1-2-2027\n"
    assert out == "0 placements new, 0 changed, 0 unchanged; 1 row refused.\n"


def test_the_same_file_twice_changes_nothing_and_a_changed_row_updates_its_placement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, db = tmp_path / "lijst.csv", tmp_path / "d.db"
    header = "Studentnummer;Naam;Leerbedrijf;Begindatum;Einddatum;Uren per week\n"
    rows = "3001;Lotte Brink;Kapsalon Knip;1-2-2027;30-6-2027;32\n"
    rows += "3002;Jens Smit;Kapsalon Knip;1-2-2027;30-6-2027;32\n"
    path.write_text(header + rows, encoding="utf-8")
    assert run(capsys, "import", str(path), "--db", str(db))[0] == 0
    before, audit = _dump(db), _audit(db)

    code, out, _ = run(capsys, "import", str(path), "--db", str(db))
    assert code == 0
    assert out == "0 stages nieuw, 0 gewijzigd, 2 ongewijzigd; 0 regels geweigerd.\n"
    assert _dump(db) == before
    assert _audit(db) == audit

    # Jens's placement ends later and he works fewer hours; an empty cell erases nothing.
    path.write_text(
        header
        + "3001;Lotte Brink;kapsalon knip;1-2-2027;;\n"
        + "3002;Jens Smit;Kapsalon Knip;1-2-2027;31-7-2027;24\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        "regel 3: gewijzigd: Jens Smit (3002) bij Kapsalon Knip vanaf 1-2-2027: "
        "einddatum, uren per week",
        "Proefdraai, er is niets veranderd: 0 stages nieuw, 1 gewijzigd, 1 ongewijzigd; "
        "0 regels geweigerd.",
    ]
    assert _dump(db) == before

    code, out, _ = run(capsys, "import", str(path), "--db", str(db))
    assert code == 0
    assert out == "0 stages nieuw, 1 gewijzigd, 1 ongewijzigd; 0 regels geweigerd.\n"
    lotte, jens = _placements(db)
    assert (lotte["end"], lotte["hours_per_week"], lotte["version"]) == ("2027-06-30", 32.0, 1)
    assert (jens["end"], jens["hours_per_week"], jens["version"]) == ("2027-07-31", 24.0, 2)
    new = _audit(db)[len(audit) :]
    assert {"action": "change", "entity": "placements", "entity_id": 2} in new
    assert all(a["action"] != "delete" for a in new)
    assert len(_placements(db)) == 2


def test_a_dry_run_shows_what_would_be_added_and_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    seed = tmp_path / "eerst.csv"
    seed.write_text("studentnummer;naam;leerbedrijf\n1;Iris Vink;Tuincentrum Groen\n")
    assert run(capsys, "import", str(seed), "--db", str(db))[0] == 0
    before = _dump(db)
    path = tmp_path / "lijst.csv"
    path.write_text(
        "studentnummer;naam;leerbedrijf;begindatum\n"
        "1;Iris Vink;Tuincentrum Groen;\n"
        "2;Tim Bos;Tuincentrum Groen;1-2-2027\n"
        "3;Sam Kuipers;;1-2-2027\n"
    )
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert code == 1
    assert out.splitlines() == [
        "regel 3: nieuw: Tim Bos (2) bij Tuincentrum Groen vanaf 1-2-2027",
        "Proefdraai, er is niets veranderd: 1 stage nieuw, 0 gewijzigd, 1 ongewijzigd; "
        "1 regel geweigerd.",
    ]
    assert err == "regel 4: leerbedrijf ontbreekt\n"
    assert _dump(db) == before


def test_a_dry_run_without_a_database_yet_creates_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, db = tmp_path / "lijst.csv", tmp_path / "nieuw.db"
    path.write_text("studentnummer,naam,leerbedrijf\n1,Iris Vink,Tuincentrum Groen\n")
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "regel 2: nieuw: Iris Vink (1) bij Tuincentrum Groen"
    assert not db.exists()


def test_other_header_names_mapped_with_a_toml_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, mapping, db = tmp_path / "eduarte.csv", tmp_path / "kolommen.toml", tmp_path / "d.db"
    path.write_text("Deelnemernr.;Roepnaam + achternaam;BPV-bedrijf;Ingangsdatum\n")
    with path.open("a") as f:
        f.write("7007;Ruben Visser;Drukkerij Letter;1-9-2027\n")
    mapping.write_text(
        '"Deelnemernr." = "student_number"\n"Roepnaam + achternaam" = "name"\n'
        '"BPV-bedrijf" = "organisation"\n"Ingangsdatum" = "start"\n'
    )
    code, _, err = run(capsys, "import", str(path), "--db", str(db))
    assert code == 2
    assert err.startswith("driehoek: ")
    assert "geen kolom voor studentnummer, naam (" in err  # BPV-bedrijf is known
    assert not db.exists()
    code, _, err = run(capsys, "import", str(path), "--db", str(db), "--map", str(mapping))
    assert (code, err) == (0, "")
    (p,) = _placements(db)
    assert (p["student_number"], p["name"], p["organisation"], p["start"]) == (
        "7007",
        "Ruben Visser",
        "Drukkerij Letter",
        date(2027, 9, 1).isoformat(),
    )
    mapping.write_text('"Deelnemernr." = "geboortedatum"\n')
    line = one_line(run(capsys, "import", str(path), "--db", str(db), "--map", str(mapping)))
    assert (
        'onbekend veld in "Deelnemernr." = "geboortedatum"; de velden heten student_number, '
        in line
    )
    mapping.write_text("[Deelnemernr]\nveld = 1\n")
    line = one_line(run(capsys, "import", str(path), "--db", str(db), "--map", str(mapping)))
    assert 'onbekend veld in "Deelnemernr"; de velden heten student_number, name, ' in line
    mapping.write_text("dit is [geen toml\n")
    line = one_line(run(capsys, "import", str(path), "--db", str(db), "--map", str(mapping)))
    assert "geen geldige TOML, regel 1: na de naam hoort een = met een waarde" in line
    mapping.write_bytes(b'"Naam" = "name\xff"\n')
    line = one_line(run(capsys, "import", str(path), "--db", str(db), "--map", str(mapping)))
    assert "het bestand is geen UTF-8-tekst" in line


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "geen tekstbestand"),
        (b"", "geen kopregel"),
        (b"\n\n;;;\n", "geen kopregel"),
        (b"naam;studentnummer\n\x81\x8d\x8f\x90\x9d\n", "UTF-8, UTF-16 of Windows-1252"),
        (b"naam;leerbedrijf\nAnna;Bakkerij\n", "geen kolom voor studentnummer"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line_exit_2_database_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, says: str
) -> None:
    db = tmp_path / "d.db"
    seed = tmp_path / "eerst.csv"
    seed.write_text("studentnummer;naam;leerbedrijf\n1;Iris Vink;Tuincentrum Groen\n")
    assert run(capsys, "import", str(seed), "--db", str(db))[0] == 0
    before = db.read_bytes()
    path = tmp_path / "lijst.csv"
    path.write_bytes(content)
    result = run(capsys, "import", str(path), "--db", str(db))
    assert result[0] == 2
    assert says in one_line(result)
    assert db.read_bytes() == before


def test_a_huge_file_a_missing_file_and_a_folder_are_one_line_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    huge = tmp_path / "groot.csv"
    with huge.open("wb") as f:
        f.write(b"studentnummer;naam;leerbedrijf\n")
        f.truncate(33 * 1024 * 1024)  # sparse: no disk used, still too big to read
    result = run(capsys, "import", str(huge), "--db", str(db))
    assert result[0] == 2
    assert "groter dan 32 MB" in one_line(result)
    for path in (tmp_path / "weg.csv", tmp_path):
        result = run(capsys, "import", str(path / "x.csv" if path == tmp_path else path))
        assert result[0] == 2
        one_line(result)
    folder = tmp_path / "map.csv"
    folder.mkdir()
    assert run(capsys, "import", str(folder), "--db", str(db))[0] == 2
    assert not db.exists()


def test_hostile_text_stays_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path, db = tmp_path / "lijst.csv", tmp_path / "d.db"
    path.write_text(
        "studentnummer;naam;leerbedrijf;adres;praktijkopleider\n"
        '8001;"[bold red]Anna[/] \x1b]0;pwned\x07Vos";"=HYPERLINK(""http://x.example"";""klik"")";'
        "@SUM(A1:A9);+31 6 1234\n",
        encoding="utf-8",
    )
    assert run(capsys, "import", str(path), "--db", str(db))[0] == 0
    (p,) = _placements(db)
    assert p["name"].startswith("[bold red]Anna[/]")
    assert "\x1b" not in p["name"]
    assert "\x07" not in p["name"]
    assert p["organisation"] == '=HYPERLINK("http://x.example";"klik")'
    assert p["workplace_address"] == "@SUM(A1:A9)"
    assert p["practice_supervisor"] == "+31 6 1234"
    # Shown in a dry run (a new student with the same name): as text, no terminal escape.
    path.write_text(path.read_text(encoding="utf-8").replace("8001", "8002"), encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert (code, err) == (0, "")
    assert "regel 2: nieuw: [bold red]Anna[/]" in out
    assert "\x1b" not in out
    assert "\x07" not in out


def test_a_json_dossier_still_imports_by_extension_or_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db, other = tmp_path / "d.db", tmp_path / "ander.db"
    path = tmp_path / "lijst.csv"
    path.write_text("studentnummer;naam;leerbedrijf\n9001;Ties Vos;Fietsenmaker Wiel\n")
    assert run(capsys, "import", str(path), "--db", str(db))[0] == 0
    dossier = tmp_path / "ties.json"
    code, _, _ = run(
        capsys, "export", "--student", "Ties Vos", "--format", "json", "-o", str(dossier),
        "--db", str(db),
    )  # fmt: skip
    assert code == 0
    code, out, err = run(capsys, "import", str(dossier), "--db", str(other))
    assert (code, err) == (0, "")
    assert out.startswith("Dossier ingelezen")
    unnamed = tmp_path / "ties-dossier"  # no extension: told by its content
    unnamed.write_bytes(dossier.read_bytes())
    code, out, _ = run(capsys, "import", str(unnamed), "--db", str(tmp_path / "derde.db"))
    assert (code, out[:17]) == (0, "Dossier ingelezen")
    mapping = tmp_path / "kolommen.toml"
    mapping.write_text('[columns]\nnaam = "naam"\n')
    result = run(capsys, "import", str(dossier), "--db", str(other), "--map", str(mapping))
    assert result[0] == 2
    assert "--map is er alleen voor een lijst (CSV)" in one_line(result)


def test_ten_thousand_rows_each_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path, db = tmp_path / "groot.csv", tmp_path / "d.db"
    lines = ["Studentnummer;Naam;Leerbedrijf;Begindatum;Einddatum;Uren per week"]
    for n in range(10_000):
        month = 1 + n % 12
        lines.append(f"{600_000 + n};Student {n};Bedrijf {n % 700};1-{month}-2027;;{n % 40}")
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (0, "")
    assert out == "10000 stages nieuw, 0 gewijzigd, 0 ongewijzigd; 0 regels geweigerd.\n"
    found = _rows(
        db,
        """SELECT s.student_number, s.name, o.name AS organisation, p.start, p.hours_per_week
           FROM placements p JOIN students s ON s.id = p.student_id
           JOIN organisations o ON o.id = p.organisation_id ORDER BY s.student_number""",
    )
    assert len(found) == 10_000
    for n, row in enumerate(found):
        assert row == {
            "student_number": str(600_000 + n),
            "name": f"Student {n}",
            "organisation": f"Bedrijf {n % 700}",
            "start": f"2027-{1 + n % 12:02}-01",
            "hours_per_week": float(n % 40),
        }
    assert len(_rows(db, "SELECT id FROM organisations")) == 700


def test_a_pipe_or_a_folder_without_an_ending_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    folder = tmp_path / "lijsten"
    folder.mkdir()
    result = run(capsys, "import", str(folder), "--db", str(db))
    assert result[0] == 2
    assert "geen gewoon bestand" in one_line(result)
    for name, lang, says in (
        ("weg", "nl", "niet lezen: bestaat niet"),
        ("weg.csv", "nl", "niet lezen: bestaat niet"),
        ("weg.json", "en", "Cannot read {path}: does not exist"),
    ):
        path = tmp_path / name
        result = run(capsys, "--lang", lang, "import", str(path), "--db", str(db))
        assert result[0] == 2
        assert says.format(path=path) in one_line(result)
    # A pipe nobody writes to: refused at once, not waited on (nor read in part).
    pipe = tmp_path / "lijst.csv"
    os.mkfifo(pipe)
    done = subprocess.run(
        [sys.executable, "-m", "driehoek", "--db", str(db), "import", str(pipe)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"driehoek: {pipe} is geen gewoon bestand (een map, pijp of apparaat); "
        "er is niets veranderd.\n"
    )
    assert not db.exists()
