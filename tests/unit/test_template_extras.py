"""A template's extra questions: read with their step and words, refused line by line when
broken (`driehoek template check`), offered as a commented example by `template show`, their
answers kept per meeting (locked once signed) and carried by a dossier into another database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import run

from driehoek import importing, privacy, signing, template_store
from driehoek.database import open_database
from driehoek.domain import MeetingKind, Party
from driehoek.flow import Step
from driehoek.minutes import render_minutes
from driehoek.serialize import meeting_data
from driehoek.store import Clock, Signed, Store
from driehoek.template_file import parse

SPH = Path(__file__).parents[1] / "templates" / "sph.toml"

EXTRAS = """
[[extra_questions]]
id = "methodiek"
meeting = "intake"
nl = "Welke methodiek werkt de woongroep mee?"
nl_hint = "Bijvoorbeeld: triple P, competentiegericht werken."

[[extra_questions]]
id = "terugkomdag"
meeting = "evaluation"
step = "decision"
nl = "Wat neemt zij mee naar de terugkomdag?"
"""


def sph(extra: str = EXTRAS, version: int = 1) -> str:
    source = SPH.read_text(encoding="utf-8") + extra
    return source.replace("version = 1", f"version = {version}")


def test_extra_questions_are_read_with_their_step_words_and_hint() -> None:
    template = parse(sph())
    intake = template.extra_questions(MeetingKind.INTAKE)
    assert [(q.key, q.step) for q in intake] == [("methodiek", Step.LEARNING)]  # the default
    assert intake[0].text("nl") == "Welke methodiek werkt de woongroep mee?"
    assert intake[0].hint("nl") == "Bijvoorbeeld: triple P, competentiegericht werken."
    assert intake[0].text("en") == intake[0].text("nl")  # no English: the template's words
    evaluation = template.extra_questions(MeetingKind.EVALUATION, Step.DECISION)
    assert [(q.key, q.hint("nl")) for q in evaluation] == [("terugkomdag", "")]
    assert template.extra_questions(MeetingKind.EVALUATION, Step.QUESTIONS) == []


def test_a_broken_extras_section_is_refused_with_each_problem_on_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "kapot.toml"
    six = "".join(
        f'\n[[extra_questions]]\nid = "vraag_{n}"\nmeeting = "intake"\nnl = "Vraag {n}?"\n'
        for n in range(6)
    )
    extras = f"""
[[extra_questions]]
id = "methodiek"
meeting = "intake"
nl = "Welke methodiek?"

[[extra_questions]]
id = "methodiek"
meeting = "evaluation"
nl = "Nog eens?"

[[extra_questions]]
id = "Met Spatie"
meeting = "kwartaal"
nl = ""
en = "In English?"

[[extra_questions]]
id = "geen_tekst"
meeting = "evaluation"
step = "workplace"
nl_hint = "{"x" * 301}"
kleur = "rood"
{six}"""
    broken.write_text(sph(extras), encoding="utf-8")
    code, out, err = run(capsys, "template", "check", str(broken))
    assert (code, out) == (1, "")
    lines = broken.read_text(encoding="utf-8").splitlines()

    def at(text: str, nth: int = 1) -> int:
        return [n for n, line in enumerate(lines, 1) if line == text][nth - 1]

    where = f"driehoek: {broken}, regel"
    twice = at('id = "methodiek"', 2)
    bad_id = at('id = "Met Spatie"')
    bad_kind = at('meeting = "kwartaal"')
    empty = at('nl = ""')
    english = at('en = "In English?"')
    fourth = at("[[extra_questions]]", 4)
    step = at('step = "workplace"')
    hint = at('nl_hint = "' + "x" * 301 + '"')
    colour = at('kleur = "rood"')
    ninth, tenth = at("[[extra_questions]]", 9), at("[[extra_questions]]", 10)
    assert err.splitlines() == [
        f"{where} {twice}: extra_questions.2.id: de id methodiek komt al eerder voor",
        f"{where} {bad_id}: extra_questions.3.id moet een korte naam zijn: kleine letters, "
        "cijfers en _, beginnend met een letter (hoogstens 40 tekens)",
        f"{where} {bad_kind}: extra_questions.3.meeting moet een van deze zijn: intake, evaluation",
        f"{where} {empty}: extra_questions.3.nl is leeg",
        f"{where} {english}: extra_questions.3.en: het sjabloon heeft geen [en]-tabel, dus "
        "geen teksten in die taal",
        f"{where} {fourth}: extra_questions.4.nl ontbreekt",
        f"{where} {step}: extra_questions.4.step moet een van deze zijn: questions, progress, "
        "decision",
        f"{where} {hint}: extra_questions.4.nl_hint is te lang (301 tekens, hoogstens 300)",
        f"{where} {colour}: onbekende sleutel extra_questions.4.kleur",
        # The first question and four of the six are as many as an intake may have.
        f"{where} {ninth}: extra_questions.9: te veel extra vragen voor intake (hoogstens 5)",
        f"{where} {tenth}: extra_questions.10: te veel extra vragen voor intake (hoogstens 5)",
    ]


def test_show_offers_a_commented_example_that_checks_once_uncommented(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for lang in ("nl", "en"):
        code, out, _ = run(capsys, "template", "show", "--lang", lang)
        assert code == 0
        assert "\n# [[extra_questions]]\n" in out
        copy = tmp_path / f"{lang}.toml"
        copy.write_text(re.sub(r"^# (\[\[|id |meeting |step |nl|en)", r"\1", out, flags=re.M))
        code, out, err = run(capsys, "template", "check", str(copy))
        assert (code, err) == (0, "")
        template = parse(copy.read_text(encoding="utf-8"))
        assert [q.key for q in template.extra_questions(MeetingKind.INTAKE)] == ["example"]


def test_a_signed_meeting_keeps_its_answers(store: Store) -> None:
    source = sph()
    template_store.add(store, parse(source), source)
    meeting_id = store.new_intake("Ravi Pinas", "Stichting De Haven")
    p = store.meeting(meeting_id).placement
    store.update_placement(p.id, p.version, programme="SPH")
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, extra_answers={"methodiek": "Triple P"})
    for party, name in zip(Party, ("Ravi Pinas", "Mirjam Smit", "Kees de Boer"), strict=True):
        store.sign(meeting_id, party, name)
    m = store.meeting(meeting_id)
    assert m.extra_answers == (("methodiek", "Triple P"),)
    with pytest.raises(Signed):
        store.update_meeting(meeting_id, m.version, extra_answers={"methodiek": "Iets anders"})
    # Whoever writes: the trigger refuses too.
    with pytest.raises(Exception, match="signed by all three"):
        store.db.execute("UPDATE meetings SET extra_answers = '{}' WHERE id = ?", [meeting_id])
    assert store.meeting(meeting_id).extra_answer("methodiek") == "Triple P"


def test_the_answers_go_with_a_dossier_into_another_database(
    store: Store, tmp_path: Path, fixed_clock: Clock
) -> None:
    meeting_id = store.new_intake("Ravi Pinas", "Stichting De Haven")
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, extra_answers={"methodiek": "Triple P\n# kop"})
    assert meeting_data(store.meeting(meeting_id))["extra_answers"] == {
        "methodiek": "Triple P\n# kop"
    }
    before = privacy.dossier(store, m.placement.student_id)
    fresh = open_database(tmp_path / "nieuw.db")
    try:
        other = Store(fresh, clock=fixed_clock, user="elders")
        done = importing.import_dossier(other, before)
        assert isinstance(done, importing.Imported)
        (new_id,) = fresh.execute("SELECT id FROM meetings").fetchone()
        imported = other.meeting(new_id)
        assert imported.extra_answers == (("methodiek", "Triple P\n# kop"),)
    finally:
        fresh.close()


def test_an_answer_whose_question_went_stays_in_the_minutes(store: Store) -> None:
    meeting_id = store.new_intake("Ravi Pinas", "Stichting De Haven")
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, extra_answers={"oud": "Nog steeds [b]waar[/b]"})
    minutes = render_minutes(store.meeting(meeting_id), "nl")
    assert "## Vragen van de opleiding\n\n### oud\n\nNog steeds \\[b\\]waar\\[/b\\]\n" in minutes


def test_a_reopened_meeting_says_its_answers_changed_since_signing(store: Store) -> None:
    meeting_id = store.new_intake("Ravi Pinas", "Stichting De Haven")
    sign = zip(Party, ("Ravi Pinas", "Mirjam Smit", "Kees de Boer"), strict=True)
    for party, name in sign:
        store.sign(meeting_id, party, name)
    # As a version signed before there were extra answers holds it: without the key.
    store.db.execute("UPDATE signed_versions SET data = json_remove(data, '$.extra_answers')")
    signing.reopen(store, meeting_id, "De methodiek was nog niet ingevuld")
    # An untouched meeting has nothing changed.
    assert "Vragen van de opleiding: gewijzigd" not in render_minutes(
        store.meeting(meeting_id), "nl"
    )
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, extra_answers={"methodiek": "Triple P"})
    assert "- Vragen van de opleiding: gewijzigd" in render_minutes(store.meeting(meeting_id), "nl")
