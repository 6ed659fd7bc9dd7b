"""`driehoek prepare MEETING`: a party's form written, filled in as a person does in an editor
(text edits on the file), read back; and forms filled in badly, or not forms at all, refused
with one line per problem and nothing stored. Names are invented."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_run import one_line, run

from driehoek import cli
from driehoek.database import open_database
from driehoek.domain import FactorStatus, Party, Question
from driehoek.store import Clock, Store


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    monkeypatch.setattr(cli, "_now", fixed_clock)


@pytest.fixture
def db(store: Store) -> str:
    """The path of the test's database (the `store` fixture's file)."""
    return str(Path(store.db.conn.execute("PRAGMA database_list").fetchone()[2]))


def _rows(db: str, sql: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def _form(capsys: pytest.CaptureFixture[str], db: str, meeting: int, party: str, path: Path,
          *more: str) -> str:  # fmt: skip
    code, _out, err = run(
        capsys, "--db", db, "prepare", str(meeting), "--party", party, "-o", str(path), *more
    )
    assert code == 0, err
    return path.read_text(encoding="utf-8")


def _tick(text: str, factor: int, label: str) -> str:
    """Put an x in a factor's box, as a person does: find the factor, then the box under it."""
    head = f"## Factor {factor}:"
    start = text.index(head)
    box = text.index(f"- [ ] {label}", start)
    return text[:box] + f"- [x] {label}" + text[box + len(f"- [ ] {label}") :]


def _write_in(text: str, heading: str, answer: str) -> str:
    """Type an answer between the two ~~~ lines under a heading."""
    start = text.index(heading)
    fence = text.index("~~~\n~~~", start)
    return text[:fence] + f"~~~\n{answer}\n~~~" + text[fence + len("~~~\n~~~") :]


def test_a_form_filled_in_in_an_editor_is_read_back_and_kept(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "werkplek.md"
    text = _form(capsys, db, meeting_id, "workplace", path)
    # What the form says it is, for the person who fills it in.
    assert f"Gesprek {meeting_id}: startgesprek" in text
    assert "Sanne de Vries" in text
    assert "Dit formulier is voor: werkplek" in text
    assert "Is de student actief betrokken bij de activiteiten van het team" in text
    assert text.count("- [ ] aanwezig") == 6
    assert "## Leerdoelen" not in text  # the student's goals are hers to write
    filled = _tick(text, 1, "aanwezig")
    filled = _tick(filled, 4, "afwezig")
    filled = _write_in(filled, "## Factor 1:", "Ze draait mee in het teamoverleg.\nEn meer.")
    filled = _write_in(filled, "## Factor 4:", "Vooral ochtendzorg.")
    path.write_text(filled, encoding="utf-8")

    code, out, err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))

    assert (code, err) == (0, "")
    assert out == f"Voorbereiding van de werkplek voor gesprek {meeting_id} bewaard.\n"
    (prepared,) = store.meeting(meeting_id).preparations
    assert prepared.party is Party.WORKPLACE
    views = {f.factor.number: (f.status, f.note) for f in prepared.factors}
    assert views == {
        1: (FactorStatus.PRESENT, "Ze draait mee in het teamoverleg.\nEn meer."),
        4: (FactorStatus.ABSENT, "Vooral ochtendzorg."),
    }
    # The minutes say who prepared; the meeting itself is untouched.
    meeting = store.meeting(meeting_id)
    assert all(f.status is FactorStatus.NOT_DISCUSSED and not f.note for f in meeting.factors)
    code, out, _err = run(capsys, "--db", db, "export", str(meeting_id))
    assert "- Voorbereid door: werkplek\n" in out
    assert "teamoverleg" not in out


def test_a_newer_form_of_the_same_party_replaces_the_earlier_one(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "student.md"
    text = _form(capsys, db, meeting_id, "student", path)
    path.write_text(_tick(text, 2, "realiseerbaar"), encoding="utf-8")
    assert run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))[0] == 0
    # The form written again holds what was kept: a form to change, not one to start over.
    again = _form(capsys, db, meeting_id, "student", path)
    assert again.count("- [x] realiseerbaar") == 1
    changed = again.replace("- [x] realiseerbaar", "- [ ] realiseerbaar")
    changed = _tick(changed, 2, "aanwezig")
    changed = _write_in(
        changed, "## Leerdoelen", "- Rapporteren in het dossier\n- Een activiteit leiden"
    )
    path.write_text(changed, encoding="utf-8")

    code, out, _err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))

    assert code == 0
    assert "vervangt de vorige (versie 2)" in out
    (prepared,) = store.meeting(meeting_id).preparations
    assert [(f.factor.number, f.status) for f in prepared.factors] == [(2, FactorStatus.PRESENT)]
    assert prepared.goals == ("Rapporteren in het dossier", "Een activiteit leiden")
    rows = _rows(db, "SELECT party, version, updated_by FROM preparations")
    assert rows == [{"party": "student", "version": 2, "updated_by": rows[0]["updated_by"]}]
    audit = _rows(db, "SELECT action, version FROM audit WHERE entity = 'preparations'")
    assert audit == [{"action": "create", "version": 1}, {"action": "change", "version": 2}]


def test_a_form_filled_in_badly_names_each_problem_on_its_line_and_keeps_nothing(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "werkplek.md"
    text = _form(capsys, db, meeting_id, "workplace", path)
    bad = _tick(_tick(text, 1, "aanwezig"), 1, "afwezig")  # two boxes for one factor
    bad = bad.replace("- [ ] realiseerbaar", "- [ja] realiseerbaar", 1)  # not a box
    bad = bad.replace("## Factor 3:", "Dit vind ik belangrijk.\n\n## Factor 3:", 1)  # outside
    bad = bad.replace("- [ ] afwezig", "- [x] misschien", 1)  # no status of ours
    fence = bad.index("~~~\n~~~", bad.index("## Factor 6:"))
    bad = bad[:fence] + "~~~\nNog niet af" + bad[fence + len("~~~\n~~~") :]  # never closed
    bad = bad.replace("<!-- driehoek-form: end -->", "")
    path.write_text(bad, encoding="utf-8")
    lines = bad.splitlines()

    code, out, err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))

    assert code == 1
    assert out == ""
    *problems, summary = err.splitlines()
    assert summary == f"driehoek: {path}: 5 problemen in het formulier; niets opgeslagen."
    numbers = [int(p.split(":")[0].removeprefix("regel ")) for p in problems]
    assert numbers == sorted(numbers)
    said = {
        lines[n - 1].strip(): p.split(": ", 1)[1] for n, p in zip(numbers, problems, strict=True)
    }
    assert said == {
        "- [x] afwezig": "bij factor 1 is meer dan één vakje aangekruist; kies er één",
        "- [ja] realiseerbaar": "zet een x tussen de haken, of laat ze leeg",
        "Dit vind ik belangrijk.": "tekst buiten een antwoordvak; schrijf hem tussen de twee "
        "regels met ~~~",
        "- [x] misschien": "onbekend vakje; de vakjes zijn aanwezig, afwezig en realiseerbaar",
        "~~~": "dit antwoordvak wordt niet gesloten met een regel ~~~",
    }
    assert _rows(db, "SELECT * FROM preparations") == []


def test_the_problems_are_in_english_with_lang_en(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "school.md"
    text = _form(capsys, db, meeting_id, "school", path, "--lang", "en")
    assert "Is the student actively involved" in text
    assert "- [ ] present" in text
    path.write_text(_tick(_tick(text, 5, "present"), 5, "absent"), encoding="utf-8")
    code, _out, err = run(capsys, "--lang", "en", "--db", db, "prepare", str(meeting_id),
                          "--read", str(path))  # fmt: skip
    assert code == 1
    assert "more than one box ticked for factor 5; choose one" in err
    assert err.endswith("1 problem in the form; nothing stored.\n")
    # A good English form goes in, and a Dutch driehoek reads it too.
    path.write_text(_tick(text, 5, "present"), encoding="utf-8")
    assert run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))[0] == 0


def test_an_evaluation_form_asks_the_four_questions(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    intake = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    evaluation = store.new_evaluation(store.meeting(intake).placement.id)
    path = tmp_path / "werkplek.md"
    text = _form(capsys, db, evaluation, "workplace", path)
    assert "## Vraag 1: Komt de student aan leren toe?" in text
    filled = _write_in(text, "## Vraag 2:", "Te weinig: de roosters zijn krap.")
    path.write_text(filled, encoding="utf-8")
    assert run(capsys, "--db", db, "prepare", str(evaluation), "--read", str(path))[0] == 0
    (prepared,) = store.meeting(evaluation).preparations
    assert prepared.answers == ((Question.TIME, "Te weinig: de roosters zijn krap."),)
    # The intake's form is no evaluation's: its check is another.
    code, _out, err = run(capsys, "--db", db, "prepare", str(intake), "--read", str(path))
    assert code == 1
    assert f"hoort bij gesprek {evaluation}, niet bij gesprek {intake}" in err


def test_a_form_in_an_email_reply_is_read_without_the_quote_marks(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "antwoord.eml.txt"
    text = _tick(_form(capsys, db, meeting_id, "workplace", path), 3, "aanwezig")
    text = _write_in(text, "## Factor 3:", "Elke vrijdag intervisie.")
    reply = "Hoi,\n\nHierbij mijn antwoorden.\n\nOp 1 dec schreef de coördinator:\n"
    reply += "".join(f"> {line}\n" if line else ">\n" for line in text.splitlines())
    reply += "\n-- \nGroet, Karin\n"
    path.write_text(reply, encoding="utf-8")
    code, _out, err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert (code, err) == (0, "")
    (prepared,) = store.meeting(meeting_id).preparations
    assert [(f.status, f.note) for f in prepared.factors] == [
        (FactorStatus.PRESENT, "Elke vrijdag intervisie.")
    ]


def test_hostile_text_in_a_form_is_kept_as_plain_text(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "werkplek.md"
    text = _tick(_form(capsys, db, meeting_id, "workplace", path), 1, "aanwezig")
    hostile = "# Kop\n[b]vet[/b] \x1b]52;c;aGFjaw==\x07\x1b[2J<script>x</script>\u202egeheim"
    path.write_text(_write_in(text, "## Factor 1:", hostile), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert code == 0, err
    assert "\x1b" not in out + err
    note = store.meeting(meeting_id).preparations[0].factors[0].note
    assert note == "# Kop\n[b]vet[/b] ]52;c;aGFjaw==[2J<script>x</script>geheim"
    # The minutes say only who prepared: nothing of the note reaches them.
    assert "script" not in run(capsys, "--db", db, "export", str(meeting_id))[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!-- driehoek-form: meeting 1, party student, check 00000000 -->\n\xff\xfe\n",
         "regel 2: geen UTF-8-tekst"),
        (b"x" * (300 * 1024), "te groot voor een formulier"),
        (b"# Een ander bestand\n\nGeen formulier.\n", "geen voorbereidingsformulier van driehoek"),
        (b"", "geen voorbereidingsformulier van driehoek"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_readable_form_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path,
    content: bytes, message: str,
) -> None:  # fmt: skip
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "form.md"
    path.write_bytes(content)
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert result[0] == 2
    assert message in one_line(result)
    assert _rows(db, "SELECT * FROM preparations") == []


def test_a_pipe_or_a_missing_file_is_refused_without_waiting(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    fifo = tmp_path / "pijp.md"
    os.mkfifo(fifo)
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(fifo))
    assert result[0] == 2
    assert "geen gewoon bestand" in one_line(result)
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(tmp_path / "nee"))
    assert result[0] == 2
    assert "Kan" in one_line(result)


@pytest.mark.parametrize("name", ["folder", ""], ids=["a folder", "an empty name"])
def test_a_folder_given_as_the_form_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path, name: str
) -> None:
    """An empty `--read ""` names the working folder: both once crashed (IsADirectoryError)."""
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / name) if name else ""
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", path)
    assert result[0] == 2
    assert "geen gewoon bestand" in one_line(result)


def test_a_form_for_another_meeting_or_party_is_refused(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    first = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    second = store.new_intake("Milan Jansen", "Zorggroep Noord")
    path = tmp_path / "form.md"
    text = _tick(_form(capsys, db, first, "student", path), 1, "aanwezig")
    path.write_text(text, encoding="utf-8")
    result = run(capsys, "--db", db, "prepare", str(second), "--read", str(path))
    assert f"hoort bij gesprek {first}, niet bij gesprek {second}" in one_line(result)
    result = run(
        capsys, "--db", db, "prepare", str(first), "--read", str(path), "--party", "school"
    )
    assert "Dit formulier is van de student, niet van de school" in one_line(result)
    # The marker edited to name the other meeting: its check gives it away.
    forged = text.replace(f"meeting {first},", f"meeting {second},")
    path.write_text(forged, encoding="utf-8")
    result = run(capsys, "--db", db, "prepare", str(second), "--read", str(path))
    assert result[0] == 1
    assert "kenmerk" in one_line(result)
    # An untouched form is no preparation.
    path.write_text(_form(capsys, db, first, "school", path), encoding="utf-8")
    result = run(capsys, "--db", db, "prepare", str(first), "--read", str(path))
    assert result[0] == 1
    assert "niets ingevuld" in one_line(result)
    assert _rows(db, "SELECT * FROM preparations") == []


def test_a_form_relabelled_to_another_party_or_made_elsewhere_is_refused(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path, fixed_clock: Clock
) -> None:
    """The check code is keyed with the database's own secret: the workplace's form cannot be
    made to count as the student's, nor a form made in another database (or with the meeting's
    public numbers alone, as the code once was) for this one."""
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "form.md"
    text = _tick(_form(capsys, db, meeting_id, "workplace", path), 1, "afwezig")
    relabelled = text.replace("party workplace,", "party student,", 1)
    assert relabelled != text
    path.write_text(relabelled, encoding="utf-8")
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert result[0] == 1
    assert "kenmerk" in one_line(result)
    # The same meeting, placement and student numbers in another database: another key.
    other = tmp_path / "other.db"
    there = Store(open_database(other), clock=fixed_clock, user="elders")
    assert there.new_intake("Sanne de Vries", "Zorggroep Noord") == meeting_id
    there.close()
    made_there = _form(capsys, str(other), meeting_id, "workplace", tmp_path / "elders.md")
    path.write_text(_tick(made_there, 1, "afwezig"), encoding="utf-8")
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert result[0] == 1
    assert "kenmerk" in one_line(result)
    # The code as it was made before it had a key: anyone could work it out.
    meeting = store.meeting(meeting_id)
    seed = f"{meeting.id}:{meeting.placement.id}:{meeting.placement.student_id}:intake"
    public = hashlib.sha256(seed.encode()).hexdigest()[:8]
    check = text.split("check ", 1)[1][:8]
    path.write_text(relabelled.replace(check, public), encoding="utf-8")
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert result[0] == 1
    assert _rows(db, "SELECT * FROM preparations") == []
    # The form as written still counts, for the workplace.
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert (code, err) == (0, "")
    assert [r["party"] for r in _rows(db, "SELECT party FROM preparations")] == ["workplace"]


def test_a_signed_meeting_takes_no_preparation(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "form.md"
    path.write_text(_tick(_form(capsys, db, meeting_id, "student", path), 1, "aanwezig"))
    for party in Party:
        store.sign(meeting_id, party, "Naam")
    refusal = f"driehoek: Gesprek {meeting_id} is door alle drie ondertekend"
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert result[0] == 1
    assert one_line(result).startswith(refusal)
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--party", "school")
    assert result[0] == 1
    assert one_line(result).startswith(refusal)
    assert _rows(db, "SELECT * FROM preparations") == []


def test_writing_a_form_needs_a_party_and_refuses_the_database_as_output(
    capsys: pytest.CaptureFixture[str], store: Store, db: str
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    result = run(capsys, "--db", db, "prepare", str(meeting_id))
    assert result[0] == 2
    assert "--party" in one_line(result)
    result = run(capsys, "--db", db, "prepare", str(meeting_id), "--party", "school", "-o", db)
    assert result[0] == 1
    one_line(result)
    code, out, _err = run(capsys, "--db", db, "prepare", str(meeting_id), "--party", "school")
    assert code == 0
    assert out.startswith(f"<!-- driehoek-form: meeting {meeting_id}, party school")
    result = run(capsys, "--db", db, "prepare", "999", "--party", "school")
    assert "Er is geen gesprek met nummer 999." in one_line(result)


def test_a_form_full_of_junk_names_the_first_fifty_problems_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], store: Store, db: str, tmp_path: Path
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    path = tmp_path / "werkplek.md"
    text = _form(capsys, db, meeting_id, "workplace", path)
    junk = "".join(f"rommel {n}\n" for n in range(5000))
    path.write_text(text.replace("## Factor 2:", junk + "## Factor 2:", 1), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "prepare", str(meeting_id), "--read", str(path))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 52
    assert lines[-2] == "… en nog 4950 problemen."
    assert lines[-1].endswith("5000 problemen in het formulier; niets opgeslagen.")


def test_a_link_is_printed_once_per_party_and_refused_for_a_signed_meeting(
    capsys: pytest.CaptureFixture[str], store: Store, db: str
) -> None:
    meeting_id = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    base = ("--db", db, "prepare", str(meeting_id))
    code, out, _err = run(capsys, *base, "--party", "student", "--link")
    assert code == 0
    words, url = out.splitlines()
    assert words.startswith(f"Link naar het formulier van de student voor gesprek {meeting_id}")
    assert url.startswith("http://127.0.0.1:8000/prepare/1/?token=")
    token = url.split("token=", 1)[1]
    stored = _rows(db, "SELECT meeting_id, party, token_hash, ended_at FROM preparation_links")
    assert stored == [
        {"meeting_id": meeting_id, "party": "student", "token_hash": stored[0]["token_hash"],
         "ended_at": None}
    ]  # fmt: skip
    assert token not in stored[0]["token_hash"]  # only its hash is kept
    result = run(capsys, *base, "--link")
    assert result[0] == 2
    assert "--party" in one_line(result)
    for url in ("ftp://x", "http://intranet school.example", "http://x\x1b[2J.example"):
        result = run(capsys, *base, "--party", "school", "--link", "--public-url", url)
        assert result[0] == 2
        one_line(result)
    for more in (("-o", "form.md"), ("--read", "form.md")):
        result = run(capsys, *base, "--party", "school", "--link", *more)
        assert result[0] == 2
        assert "--link maakt alleen een link" in one_line(result)
    for party in Party:
        store.sign(meeting_id, party, "Naam")
    assert _rows(db, "SELECT ended_at FROM preparation_links")[0]["ended_at"] is not None
    result = run(capsys, *base, "--party", "school", "--link")
    assert result[0] == 1
    assert "ondertekend" in one_line(result)
