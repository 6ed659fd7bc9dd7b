"""`driehoek prepare --placement ID`: the parties' forms for a placement the school's list brought
in, before it has a meeting (issue 12.2): its intake is started as Ctrl+N starts it, once, and
every form and link is for that intake; what cannot be done is one line and leaves the database
as it was. Names are invented."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_run import one_line, run

from driehoek import cli, drafts, prepare_links
from driehoek.database import open_database
from driehoek.domain import Party
from driehoek.store import Clock, Store

LIST = (
    "Studentnummer;Naam;Opleiding;Crebo;Niveau;Leerbedrijf;Praktijkopleider;"
    "Stagebegeleider;Begindatum;Einddatum;Uren per week\n"
    "4021733;Noor Hendriksen;Verzorgende IG;25491;3;Zorgcentrum De Linde;Henk Bakker;"
    "Ria Vos;1-2-2027;30-6-2027;32\n"
)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    monkeypatch.setattr(cli, "_now", fixed_clock)


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    """A database holding one placement, from the school's list (`driehoek import`)."""
    path = tmp_path / "lijst.csv"
    path.write_bytes(LIST.encode("cp1252"))
    database = str(tmp_path / "d.db")
    assert run(capsys, "--db", database, "import", str(path))[0] == 0
    return database


def _rows(db: str, sql: str, params: list[object] | None = None) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params or [])]
    finally:
        conn.close()


def _dump(db: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _placement(db: str) -> int:
    (row,) = _rows(db, "SELECT id FROM placements")
    return int(row["id"])


def _form_meeting(text: str) -> int:
    found = re.search(r"driehoek-form: meeting (\d+),", text)
    assert found is not None, text[:200]
    return int(found.group(1))


def test_the_first_form_starts_the_intake_and_the_others_are_for_it(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    placement = _placement(db)
    assert _rows(db, "SELECT * FROM meetings") == []  # "gepland": no meeting yet
    path = tmp_path / "student.md"

    code, out, err = run(
        capsys, "--db", db, "prepare", "--placement", str(placement), "--party", "student",
        "-o", str(path),
    )  # fmt: skip

    assert code == 0, err
    (meeting,) = _rows(db, "SELECT * FROM meetings")
    assert (meeting["kind"], meeting["placement_id"]) == ("intake", placement)
    # Dated as Ctrl+N dates it: today (the fixed clock's 28 November), the people at the
    # table named from what the list knew.
    assert meeting["date"] == "2026-11-28"
    people = _rows(db, "SELECT party, name FROM participants ORDER BY id")
    assert [(p["party"], p["name"]) for p in people] == [
        ("student", "Noor Hendriksen"), ("workplace", "Henk Bakker"), ("school", "Ria Vos"),
    ]  # fmt: skip
    assert out == (
        f"Gesprek {meeting['id']} aangemaakt voor stage {placement} (Noor Hendriksen bij "
        f"Zorgcentrum De Linde): startgesprek van 28 november 2026. Het formulier hoort bij "
        f"gesprek {meeting['id']}.\n"
    )
    assert _form_meeting(path.read_text(encoding="utf-8")) == meeting["id"]

    # The next party's form, on standard output: for the same intake, said on stderr.
    code, out, err = run(
        capsys, "--db", db, "prepare", "--placement", str(placement), "--party", "workplace"
    )
    assert code == 0, err
    assert _form_meeting(out) == meeting["id"]
    assert err == (
        f"Het formulier hoort bij gesprek {meeting['id']} van stage {placement} (Noor "
        "Hendriksen bij Zorgcentrum De Linde): startgesprek van 28 november 2026.\n"
    )
    # And a link, in English.
    code, out, err = run(
        capsys, "--db", db, "--lang", "en", "prepare", "--placement", str(placement),
        "--party", "school", "--link",
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        f"The form belongs to meeting {meeting['id']} of placement {placement} (Noor "
        "Hendriksen at Zorgcentrum De Linde): intake of 28 November 2026."
    )
    assert f"for meeting {meeting['id']};" in lines[1]
    assert len(_rows(db, "SELECT id FROM meetings")) == 1
    # A form and a link were handed out: who took them is in the audit trail.
    exports = _rows(db, "SELECT count(*) AS n FROM audit WHERE action = 'export'")
    assert exports[0]["n"] == 2


def test_a_form_filled_in_for_the_placement_is_read_back_by_its_meeting(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "student.md"
    args = ["--db", db, "prepare", "--placement", str(_placement(db)), "--party", "student"]
    assert run(capsys, *args, "-o", str(path))[0] == 0
    text = path.read_text(encoding="utf-8")
    meeting = _form_meeting(text)
    box = text.index("- [ ] aanwezig", text.index("## Factor 1:"))
    path.write_text(text[:box] + "- [x]" + text[box + 5 :], encoding="utf-8")

    code, out, err = run(capsys, "--db", db, "prepare", str(meeting), "--read", str(path))

    assert (code, err) == (0, "")
    assert out == f"Voorbereiding van de student voor gesprek {meeting} bewaard.\n"
    assert [r["party"] for r in _rows(db, "SELECT party FROM preparations")] == ["student"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--placement", "999", "--party", "student", "-o", "{out}"], 2,
         "Er is geen stage met nummer 999."),
        (["--placement", "999", "--party", "student", "--link"], 2,
         "Er is geen stage met nummer 999."),
        (["--placement", "0", "--party", "student"], 2, "Er is geen stage met nummer 0."),
        (["1", "--placement", "{placement}", "--party", "student"], 2, "één van beide"),
        (["--party", "student", "-o", "{out}"], 2, "één van beide"),
        (["--placement", "{placement}", "--read", "{out}"], 2,
         "driehoek prepare MEETING --read FORM.md"),
        (["--placement", "{placement}", "-o", "{out}"], 2, "--party"),
        (["--placement", "{placement}", "--party", "school", "-o", "{db}"], 1, "database"),
        (["--placement", "{placement}", "--party", "school", "-o", "{missing}"], 1,
         "niet schrijven"),
    ],
)  # fmt: skip
def test_a_refusal_is_one_line_and_leaves_the_database_as_it_was(
    capsys: pytest.CaptureFixture[str],
    db: str,
    tmp_path: Path,
    args: list[str],
    code: int,
    words: str,
) -> None:
    """Among them a form that cannot be written: the intake started for it goes with it."""
    names = {
        "out": str(tmp_path / "form.md"),
        "placement": str(_placement(db)),
        "db": db,
        "missing": str(tmp_path / "weg" / "form.md"),
    }
    before = _dump(db)

    result = run(capsys, "--db", db, "prepare", *[a.format(**names) for a in args])

    assert result[0] == code
    assert words in one_line(result)
    assert _dump(db) == before
    assert not (tmp_path / "form.md").exists()


def test_a_number_past_what_driehoek_can_use_is_refused_where_it_is_typed(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    before = _dump(db)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--db", db, "prepare", "--placement", "9" * 30, "--party", "school"])
    assert exit_.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("driehoek prepare: fout: argument --placement: ")
    assert "te groot" in last
    assert _dump(db) == before


def test_with_every_meeting_signed_the_next_is_started_at_the_table(
    capsys: pytest.CaptureFixture[str], db: str, fixed_clock: Clock, tmp_path: Path
) -> None:
    """The intake signed by all three: no form by placement, but one line naming how (the
    evaluation carries the last meeting along as the table starts it); once it is started,
    its form comes by placement too."""
    placement = _placement(db)
    store = Store(open_database(Path(db)), clock=fixed_clock, user="tester")
    try:
        intake = store.start_intake(placement)
        for party in Party:
            store.sign(intake, party, "Naam")
        before = _dump(db)
        args = ["--db", db, "prepare", "--placement", str(placement), "--party", "student"]
        result = run(capsys, *args)
        assert result[0] == 1
        assert one_line(result) == (
            f"driehoek: Stage {placement} heeft geen open gesprek: alle drie hebben elk gesprek "
            "ondertekend. Begin het volgende in driehoek (Ctrl+E) en gebruik dan driehoek "
            "prepare MEETING.\n"
        )
        assert _dump(db) == before
        evaluation = store.new_evaluation(placement)
        code, out, err = run(capsys, *args, "-o", str(tmp_path / "f.md"))
        assert code == 0, err
        assert f"gesprek {evaluation} van stage {placement}" in out
        assert "evaluatie" in out
        assert _form_meeting((tmp_path / "f.md").read_text(encoding="utf-8")) == evaluation
    finally:
        store.db.close()


def test_a_meeting_a_form_or_link_is_out_for_is_not_removed_when_left_unwritten(
    store: Store,
) -> None:
    """`drafts.leave` (the app leaving a meeting it started, nothing typed) keeps a meeting a
    party's form or link was handed out for; deleting it by hand, asked first, still can."""
    with_link = store.new_intake("Ravi Pinas", "Buurtzorg Oost")
    prepare_links.new_link(store, with_link, Party.WORKPLACE)
    with_form = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    store.record("export", "meetings", with_form, with_form)  # as `prepare -o` records it
    untouched = store.new_intake("Mila Jansen", "Bakkerij Het Anker")

    assert drafts.leave(store, with_link) is None
    assert drafts.leave(store, with_form) is None
    assert drafts.leave(store, untouched) is not None
    assert {m.id for m in store.meetings()} == {with_link, with_form}
    assert drafts.delete_empty(store, with_form).meeting_id == with_form
