"""The meeting opens on the differences between the parties' preparations, at 80x24 and by
keyboard: forms written by `driehoek prepare`, filled in as a person would (one badly), read
back; then the workplace step starts on the factor they differ on, flagged, with both notes
beside it, and where they agree the answer is filled in as the starting point: once, into
fields still empty, audited as taken from the preparations. Names are invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from driehoek import cli, prepared
from driehoek.app import make_app
from driehoek.cli import main
from driehoek.database import open_database
from driehoek.domain import Factor, FactorStatus, MeetingKind, Part, Party, Question, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.minutes import render_minutes
from driehoek.preparation import Preparation, PreparedFactor
from driehoek.starting_point import FROM_PREPARATIONS
from driehoek.store import Clock, Store
from driehoek.widgets.prepared_views import DIFFERS
from waiting import settle_until

from .drive import AppPilot, driehoek, region_text, saved, shows, squeezed, walk_to
from .meetings import fresh_intake
from .test_brought_back import open_history

T = Catalogue("nl")


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch, fixed_clock: Clock) -> None:
    monkeypatch.setattr(cli, "_now", fixed_clock)


def _db(store: Store) -> str:
    return str(store.db.conn.execute("PRAGMA database_list").fetchone()[2])


def _tick(text: str, factor: int, label: str) -> str:
    start = text.index(f"## Factor {factor}:")
    box = text.index(f"- [ ] {label}", start)
    return text[:box] + f"- [x] {label}" + text[box + len(f"- [ ] {label}") :]


def _note(text: str, factor: int, note: str) -> str:
    start = text.index(f"## Factor {factor}:")
    fence = text.index("~~~\n~~~", start)
    return text[:fence] + f"~~~\n{note}\n~~~" + text[fence + len("~~~\n~~~") :]


def prepare_by_form(
    store: Store, meeting_id: int, party: str, folder: Path, *edits: tuple[int, str, str]
) -> None:
    """`driehoek prepare` writes the party's form; the test fills it in as a person does in an
    editor (a tick, a note per factor); `--read` takes it back."""
    path = folder / f"{party}.md"
    assert (
        main(["--db", _db(store), "prepare", str(meeting_id), "--party", party, "-o", str(path)])
        == 0
    )
    text = path.read_text(encoding="utf-8")
    for factor, label, note in edits:
        text = _note(_tick(text, factor, label), factor, note)
    path.write_text(text, encoding="utf-8")
    assert main(["--db", _db(store), "prepare", str(meeting_id), "--read", str(path)]) == 0


def panel_text(pilot: AppPilot) -> str:
    app = driehoek(pilot)
    return squeezed(region_text(app, app.screen.query_one("#factor-details")))


def from_preparations(store: Store, meeting_id: int) -> list[tuple[str, int]]:
    """The audit rows that say a field was filled from the preparations: (table, row)."""
    rows = store.db.execute(
        "SELECT entity, entity_id FROM audit WHERE action = ? AND meeting_id = ? ORDER BY id",
        [FROM_PREPARATIONS, meeting_id],
    ).fetchall()
    return [(str(entity), int(row)) for entity, row in rows]


def refused_form(store: Store, meeting_id: int, folder: Path) -> None:
    """The school's form, filled in badly (two boxes ticked at factor 1): `--read` refuses
    it with exit code 1 and keeps nothing."""
    path = folder / "school.md"
    db = _db(store)
    assert main(["--db", db, "prepare", str(meeting_id), "--party", "school", "-o", str(path)]) == 0
    text = _tick(_tick(path.read_text(encoding="utf-8"), 1, "aanwezig"), 1, "afwezig")
    path.write_text(text, encoding="utf-8")
    assert main(["--db", db, "prepare", str(meeting_id), "--read", str(path)]) == 1


async def test_the_workplace_step_opens_on_the_differences_with_the_agreement_filled_in(
    store: Store, tmp_path: Path
) -> None:
    """The issue's test: forms written by `prepare`, filled in as a person would (and one
    badly), read back; the meeting opens on the flagged difference, the agreement filled in."""
    meeting_id = fresh_intake(store)
    prepare_by_form(
        store, meeting_id, "student", tmp_path,
        (3, "aanwezig", "Ik vraag het altijd aan Karin."),
        (5, "afwezig", "Ik mag weinig zelf bepalen."),
    )  # fmt: skip
    prepare_by_form(
        store, meeting_id, "workplace", tmp_path,
        (3, "aanwezig", "Elke vrijdag intervisie."),
        (5, "aanwezig", "Ze kiest zelf haar aanpak."),
    )  # fmt: skip
    refused_form(store, meeting_id, tmp_path)
    before = store.meeting(meeting_id)
    assert before.prepared_by == (Party.STUDENT, Party.WORKPLACE)  # the bad form kept nothing
    assert all(f.status is FactorStatus.NOT_DISCUSSED for f in before.factors)

    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        factor_list = app.screen.query_one("#factor-list", OptionList)
        await settle_until(pilot, lambda: app.focused is factor_list, "the list of factors")
        # It opens on factor 5, where the workplace says present and the student absent.
        assert factor_list.highlighted == Factor.AUTONOMY.number - 1
        await settle_until(
            pilot, lambda: squeezed(T("prepared.differs")) in panel_text(pilot), "the flag"
        )
        panel = panel_text(pilot)
        for words in (
            "student: - afwezig · Ik mag weinig zelf bepalen.",
            "werkplek: + aanwezig · Ze kiest zelf haar aanpak.",
        ):
            assert squeezed(words) in panel
        assert squeezed(T("prepared.adopt")) not in panel  # nothing to adopt where they differ
        # In the list, the factor carries the flag and is still open; factor 3, where they
        # agree, starts as they agreed, without a flag.
        list_text = "\n".join(x.strip() for x in region_text(app, factor_list).splitlines())
        flagged = f"? niet besproken  {DIFFERS} {T('prepared.flag')}"
        assert f"5 Taakautonomie\n{flagged}" in list_text
        assert list_text.count(DIFFERS) == 1
        assert f"3 {T.enum(Factor.SUPPORT)}\n+ aanwezig\n" in list_text
        support = store.meeting(meeting_id).factor(Factor.SUPPORT)
        assert support.status is FactorStatus.PRESENT
        assert (
            support.note
            == "Student: Ik vraag het altijd aan Karin.\nWerkplek: Elke vrijdag intervisie."
        )
        # Its panel shows the note as the meeting's own, to change; nothing left to adopt.
        await pilot.press("up", "up")
        await settle_until(
            pilot, lambda: squeezed(T("prepared.agree")) in panel_text(pilot), "factor 3 shown"
        )
        assert squeezed("Werkplek: Elke vrijdag intervisie.") in panel_text(pilot)
        assert not app.screen.query("#adopt-support")
        # The differing factor is untouched; the audit trail says where factor 3 came from;
        # the minutes say who prepared, and none of their own words.
        after = store.meeting(meeting_id)
        assert after.factor(Factor.AUTONOMY).status is FactorStatus.NOT_DISCUSSED
        assert [entity for entity, _row in from_preparations(store, meeting_id)] == ["factors"]
        minutes = render_minutes(after, "nl")
        assert "- Voorbereid door: student, werkplek\n" in minutes
        assert "Ze kiest zelf" not in minutes


async def test_a_factor_the_meeting_answered_already_is_left_as_it_was(store: Store) -> None:
    meeting_id = fresh_intake(store)
    store.update_factor(meeting_id, Factor.SUPPORT, 1, status=FactorStatus.REALISABLE,
                        note="Begeleiding komt er in week 3.")  # fmt: skip
    views = (PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT, "Elke vrijdag."),)
    for party in (Party.STUDENT, Party.WORKPLACE):
        prepared.save(store, Preparation(meeting_id, party, MeetingKind.INTAKE, views))
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        await pilot.press("down", "down")  # from factor 1, the first still open
        await settle_until(
            pilot, lambda: squeezed(T("prepared.agree")) in panel_text(pilot), "factor 3 shown"
        )
        assert not app.screen.query("#adopt-support")  # nothing empty to put it in
    support = store.meeting(meeting_id).factor(Factor.SUPPORT)
    assert (support.status, support.note, support.version) == (
        FactorStatus.REALISABLE, "Begeleiding komt er in week 3.", 2,
    )  # fmt: skip
    assert from_preparations(store, meeting_id) == []


async def test_reopening_the_step_does_not_fill_in_again_what_the_table_undid(
    store: Store,
) -> None:
    meeting_id = fresh_intake(store)
    views = (PreparedFactor(Factor.INVOLVEMENT, FactorStatus.PRESENT, ""),)
    for party in (Party.STUDENT, Party.SCHOOL):
        prepared.save(store, Preparation(meeting_id, party, MeetingKind.INTAKE, views))
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        factor_list = app.screen.query_one("#factor-list", OptionList)
        await settle_until(pilot, lambda: app.focused is factor_list, "the list of factors")
        assert store.meeting(meeting_id).factor(Factor.INVOLVEMENT).status is FactorStatus.PRESENT
        # The table sees it otherwise: back to not discussed, with the list's own key.
        factor_list.highlighted = 0
        await pilot.press("question_mark")
        await saved(pilot)
        await walk_to(pilot, Step.SUPPORT)
        await walk_to(pilot, Step.WORKPLACE)
        await settle_until(pilot, lambda: bool(app.screen.query("#prepared-involvement")), "again")
        involvement = store.meeting(meeting_id).factor(Factor.INVOLVEMENT)
        assert involvement.status is FactorStatus.NOT_DISCUSSED
        # The preparations' agreement is still there to adopt with a key, if the table wants.
        assert app.screen.query("#adopt-involvement")
        # The History says the factor was once adopted from the preparations.
        history = await open_history(pilot)
        trail = region_text(app, history.query_one("#history-table"))
        assert trail.count(T("action.from_preparations")) == 1
    assert [entity for entity, _row in from_preparations(store, meeting_id)] == ["factors"]


async def test_an_evaluation_starts_with_the_prepared_answers_in_their_empty_fields(
    store: Store,
) -> None:
    intake = fresh_intake(store)
    evaluation = store.new_evaluation(store.meeting(intake).placement.id)
    m = store.meeting(evaluation)
    school = m.answer(Question.TIME, Party.SCHOOL)
    assert school is not None
    store.edit(Ref(Part.ANSWER, school.id), school.version, {"text": "Genoeg, zegt de school."})
    for party, text in ((Party.WORKPLACE, "Te weinig [b]tijd[/b]."), (Party.STUDENT, "Genoeg."),
                        (Party.SCHOOL, "Iets anders.")):  # fmt: skip
        answers = ((Question.TIME, text),)
        prepared.save(
            store, Preparation(evaluation, party, MeetingKind.EVALUATION, answers=answers)
        )
    app = make_app(store, open_meeting=evaluation)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.QUESTIONS)
        field = app.screen.query_one(f"#answer-{Question.TIME.value}-workplace")
        await settle_until(
            pilot, lambda: getattr(field, "value", "") == "Te weinig [b]tijd[/b].", "filled in"
        )
        assert shows(
            app, "Voorbereid: werkplek · Te weinig [b]tijd[/b]."
        )  # markup shown, not obeyed
        assert not app.screen.query("#adopt-time")  # every field with a prepared answer is full
        m = store.meeting(evaluation)
        time = {p: m.answer(Question.TIME, p) for p in Party}
        assert {p: a.text for p, a in time.items() if a} == {
            Party.STUDENT: "Genoeg.",
            Party.WORKPLACE: "Te weinig [b]tijd[/b].",
            Party.SCHOOL: "Genoeg, zegt de school.",  # the meeting's own answer stays
        }
        assert [e for e, _row in from_preparations(store, evaluation)] == ["answers", "answers"]


async def test_a_preparation_read_in_while_the_meeting_is_open_shows_by_itself(
    store: Store, tmp_path: Path, fixed_clock: Clock
) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.WORKPLACE)
        factor_list = app.screen.query_one("#factor-list", OptionList)
        await settle_until(pilot, lambda: app.focused is factor_list, "the list of factors")
        assert squeezed(T("prepared.title")) not in panel_text(pilot)
        # Another session (`driehoek prepare --read` on the same file) keeps two views.
        other = Store(open_database(Path(_db(store))), clock=fixed_clock, user="elders")
        try:
            for party, status in ((Party.STUDENT, FactorStatus.ABSENT),
                                  (Party.WORKPLACE, FactorStatus.PRESENT)):  # fmt: skip
                view = (PreparedFactor(Factor.INVOLVEMENT, status, ""),)
                prepared.save(other, Preparation(meeting_id, party, MeetingKind.INTAKE, view))
        finally:
            other.close()
        await settle_until(
            pilot, lambda: squeezed(T("prepared.differs")) in panel_text(pilot), "the flag"
        )
        assert DIFFERS in region_text(app, factor_list)


async def test_an_intake_starts_with_the_goals_the_student_prepared(store: Store) -> None:
    meeting_id = fresh_intake(store)
    goals = ("Zelf een activiteit [b]plannen[/b]", "Overdracht geven aan ouders")
    prepared.save(store, Preparation(meeting_id, Party.STUDENT, MeetingKind.INTAKE, goals=goals))
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await settle_until(pilot, lambda: shows(app, "2. Overdracht geven aan ouders"), "goals")
        assert shows(app, "1. Zelf een activiteit [b]plannen[/b]")  # markup shown, not obeyed
    assert tuple(g.text for g in store.meeting(meeting_id).goals) == goals


async def test_an_intake_left_unwritten_after_a_party_prepared_it_keeps_it(
    store: Store, tmp_path: Path
) -> None:
    """The coordinator starts the intake of a placement from the school's list (Ctrl+N), the
    student sends her form meanwhile, and the coordinator leaves the intake without typing:
    it is no empty start to undo any more, and the student's answers stay."""
    from driehoek.screens.meeting import MeetingScreen

    from .test_csv_import import _import

    placement_id = _import(store, tmp_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: shows(app, "Noor Hendriksen"), "the placement")
        await pilot.press("ctrl+n")
        await settle_until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the intake")
        (meeting,) = store.meetings(placement_id)
        prepare_by_form(
            store, meeting.id, "student", tmp_path, (5, "afwezig", "Ik moet alles eerst vragen.")
        )
        await pilot.press("ctrl+l")
        await settle_until(
            pilot, lambda: not isinstance(app.screen, MeetingScreen), "back on the home screen"
        )
    assert [m.id for m in store.meetings(placement_id)] == [meeting.id]
    kept = store.db.execute(
        "SELECT party FROM preparations WHERE meeting_id = ?", [meeting.id]
    ).fetchall()
    assert [tuple(row) for row in kept] == [("student",)]
