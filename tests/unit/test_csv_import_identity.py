"""`driehoek import LIST.csv` and who a row is about: a student number that is another
student's is refused (a list never renames), a name typed slightly differently is the same
student, and what Excel does to numbers (scientific notation, lost leading zeros) is refused
or recognised. Each list is written as Excel saves it (Windows-1252, `;`, CRLF); the names
are invented."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from cli_run import run
from hypothesis import given
from hypothesis import strategies as st

from driehoek import cli
from driehoek.csv_rows import PlacementRow, Refusal, RowChecker, name_key, without_leading_zeros
from driehoek.store import Clock

HEADER = "Studentnummer;Naam;Leerbedrijf;Begindatum;Einddatum"
SEED = [
    HEADER,
    "2087461;Anouk de Wit;Zorggroep De Linde;1-9-2026;30-6-2027",
    "0123456;Daan Smit;Bakkerij Korst;1-9-2026;30-6-2027",
    "3050607;Élise Çelik;Garage Snel;1-9-2026;30-6-2027",
]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    monkeypatch.setattr(cli, "_now", fixed_clock)


def _excel(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def _students(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT student_number, name FROM students ORDER BY id").fetchall()
    finally:
        conn.close()


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """A database that knows Anouk de Wit (2087461), Daan Smit (0123456) and Élise Çelik."""
    path = tmp_path / "d.db"
    seed = _excel(tmp_path / "vorig-jaar.csv", SEED)
    assert run(capsys, "import", str(seed), "--db", str(path))[0] == 0
    return path


def test_a_number_that_is_another_students_is_refused_and_nobody_is_renamed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    path = _excel(
        tmp_path / "bpv-lijst.csv",
        [
            HEADER,
            "2087461;Anna Anders;Garage Snel;1-2-2027;30-6-2027",
            "4021733;Noor Hendriksen;Garage Snel;1-2-2027;30-6-2027",
        ],
    )
    before = _dump(db)
    refused = (
        "regel 2: studentnummer 2087461 hoort bij Anouk de Wit, niet bij Anna Anders; "
        "verbeter het nummer of de naam (een nieuwe naam zet je in driehoek zelf)\n"
    )
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert (code, err) == (1, refused)
    assert out.splitlines() == [
        "regel 3: nieuw: Noor Hendriksen (4021733) bij Garage Snel vanaf 1-2-2027",
        "Proefdraai, er is niets veranderd: 1 stage nieuw, 0 gewijzigd, 0 ongewijzigd; "
        "1 regel geweigerd.",
    ]
    assert _dump(db) == before

    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (1, refused)
    assert out == "1 stage nieuw, 0 gewijzigd, 0 ongewijzigd; 1 regel geweigerd.\n"
    assert _students(db) == [
        ("2087461", "Anouk de Wit"),
        ("0123456", "Daan Smit"),
        ("3050607", "Élise Çelik"),
        ("4021733", "Noor Hendriksen"),  # the good row went in
    ]


def test_the_refusal_in_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    path = _excel(tmp_path / "list.csv", [HEADER, "2087461;Anna Anders;Garage Snel;;"])
    code, _, err = run(capsys, "--lang", "en", "import", str(path), "--db", str(db))
    assert (code, err) == (
        1,
        "line 2: student number 2087461 belongs to Anouk de Wit, not to Anna Anders; correct "
        "the number or the name (a new name is set in driehoek itself)\n",
    )


def test_the_same_name_typed_differently_is_the_same_student_and_a_change_is_named_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    decomposed = unicodedata.normalize("NFD", "élise  ÇELIK ")  # not in cp1252: UTF-8
    path = tmp_path / "bpv-lijst.csv"
    path.write_bytes(
        "\r\n".join(
            [
                HEADER,
                "2087461;anouk  DE WIT;Zorggroep De Linde;1-9-2026;30-6-2027",
                f"3050607;{decomposed};Garage Snel;1-9-2026;15-7-2027",
                "2087461; Anouk de Wit ;Garage Snel;1-2-2027;",
            ]
        ).encode("utf-8-sig")
    )
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "regel 3: gewijzigd: Élise Çelik (3050607) bij Garage Snel vanaf 1-9-2026: einddatum",
        "regel 4: nieuw: Anouk de Wit (2087461) bij Garage Snel vanaf 1-2-2027",
        "Proefdraai, er is niets veranderd: 1 stage nieuw, 1 gewijzigd, 1 ongewijzigd; "
        "0 regels geweigerd.",
    ]
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (0, "")
    assert out == "1 stage nieuw, 1 gewijzigd, 1 ongewijzigd; 0 regels geweigerd.\n"
    assert _students(db) == [  # as they were: no new student, nobody renamed
        ("2087461", "Anouk de Wit"),
        ("0123456", "Daan Smit"),
        ("3050607", "Élise Çelik"),
    ]


@pytest.mark.parametrize("number", ["1.23456E+5", "1,23457E+11", "2,08746E+06", "4E+6"])
def test_a_number_excel_wrote_in_scientific_notation_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path, number: str
) -> None:
    path = _excel(
        tmp_path / "bpv-lijst.csv",
        [
            HEADER,
            "4021733;Noor Hendriksen;Garage Snel;1-2-2027;30-6-2027",
            f"{number};Sem Visser;Garage Snel;1-2-2027;30-6-2027",
        ],
    )
    line = (
        f"regel 3: studentnummer {number} is door Excel als getal geschreven, cijfers kunnen "
        "verloren zijn; lees de lijst in Excel in met de kolom studentnummer als Tekst "
        "(Gegevens > Van tekst/CSV) en neem het nummer over uit het schoolsysteem\n"
    )
    before = _dump(db)
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert (code, err) == (1, line)
    assert out.splitlines()[-1].endswith("1 stage nieuw, 0 gewijzigd, 0 ongewijzigd; "
                                         "1 regel geweigerd.")  # fmt: skip
    assert _dump(db) == before
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (1, line)
    assert [n for n, _ in _students(db)] == ["2087461", "0123456", "3050607", "4021733"]


def test_a_number_without_its_leading_zeros_is_the_student_with_her_name_else_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path
) -> None:
    path = _excel(
        tmp_path / "bpv-lijst.csv",
        [
            HEADER,
            "123456;Daan Smit;Bakkerij Korst;1-9-2026;30-6-2027",  # Excel dropped the 0
            "123456;Daan Smit;Garage Snel;1-2-2027;",
            "03050607;Sven Mulder;Garage Snel;1-2-2027;",  # a zero too many, or a typo
        ],
    )
    refused = (
        "regel 4: studentnummer 03050607 is op voorloopnullen na 3050607, en dat hoort bij "
        "Élise Çelik, niet bij Sven Mulder; Excel laat nullen weg: zet de kolom op Tekst of "
        "verbeter het nummer\n"
    )
    code, out, err = run(capsys, "import", str(path), "--db", str(db), "--dry-run")
    assert (code, err) == (1, refused)
    assert (
        out.splitlines()[0] == "regel 3: nieuw: Daan Smit (0123456) bij Garage Snel vanaf 1-2-2027"
    )
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (1, refused)
    assert out == "1 stage nieuw, 0 gewijzigd, 1 ongewijzigd; 1 regel geweigerd.\n"
    assert _students(db) == [
        ("2087461", "Anouk de Wit"),
        ("0123456", "Daan Smit"),
        ("3050607", "Élise Çelik"),
    ]


def test_one_student_with_and_without_leading_zeros_in_one_list_is_one_student(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "nieuw.db"
    path = _excel(
        tmp_path / "bpv-lijst.csv",
        [
            HEADER,
            "234567;Eva Jansen;Bakkerij Korst;1-9-2026;",
            "0234567;Eva Jansen;Garage Snel;1-2-2027;",
            "0345678;Fenna Bos;Bakkerij Korst;1-9-2026;",
            "345678;Gijs de Boer;Garage Snel;1-9-2026;",
        ],
    )
    code, out, err = run(capsys, "import", str(path), "--db", str(db))
    assert (code, err) == (
        1,
        "regel 5: studentnummer 345678 is op voorloopnullen na 0345678 van regel 4, maar met "
        "een andere naam\n",
    )
    assert out == "3 stages nieuw, 0 gewijzigd, 0 ongewijzigd; 1 regel geweigerd.\n"
    # Excel drops zeros and never adds them: the longest form is the number.
    assert _students(db) == [("0234567", "Eva Jansen"), ("0345678", "Fenna Bos")]


def _variant(name: str, data: st.DataObject) -> str:
    """The same name as someone might type it: other case, spaces doubled, decomposed."""
    words = name.split()
    cased = [data.draw(st.sampled_from([w, w.upper(), w.lower(), w.title()])) for w in words]
    gaps = [data.draw(st.sampled_from([" ", "  ", " \u00a0"])) for _ in words[1:]]
    text = cased[0] + "".join(g + w for g, w in zip(gaps, cased[1:], strict=True))
    text = data.draw(st.sampled_from(["", " "])) + text
    return unicodedata.normalize("NFD", text) if data.draw(st.booleans()) else text


@given(
    st.lists(
        st.text(alphabet="abcdeéëçijnoöstuwzÉÇ", min_size=1, max_size=8), min_size=1, max_size=4
    ),
    st.data(),
)
def test_a_name_and_its_variants_compare_equal(words: list[str], data: st.DataObject) -> None:
    name = unicodedata.normalize("NFC", " ".join(words))
    assert name_key(_variant(name, data)) == name_key(name)


@given(st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_a_student_number_of_digits_is_never_taken_for_excel_notation(number: str) -> None:
    row = RowChecker({"student_number": 0, "name": 1, "organisation": 2}).check(
        2, [number, "Eva Jansen", "Garage Snel"]
    )
    assert isinstance(row, PlacementRow)
    assert row.student_number == number


@given(st.floats(min_value=1e5, max_value=1e15), st.sampled_from([".", ","]))
def test_any_number_in_excel_notation_is_refused(value: float, point: str) -> None:
    shown = f"{value:.5E}".replace(".", point)
    row = RowChecker({"student_number": 0, "name": 1, "organisation": 2}).check(
        2, [shown, "Eva Jansen", "Garage Snel"]
    )
    assert isinstance(row, Refusal)
    assert row.what == "excel_number"


@given(st.text(alphabet="0123456789", min_size=1, max_size=9), st.integers(0, 3))
def test_leading_zeros_make_no_other_number(number: str, zeros: int) -> None:
    assert without_leading_zeros("0" * zeros + number) == without_leading_zeros(number)
    assert without_leading_zeros("0S" + number) == "0S" + number  # not a number: as it is
