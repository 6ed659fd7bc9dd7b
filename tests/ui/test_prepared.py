"""The meeting opens on the differences between the parties' preparations, at 80x24 and by
keyboard: forms written by `driehoek prepare`, filled in as a person would, read back; then the
workplace step starts on the factor they differ on, flagged, with both notes beside it; where
they agree, the proposal goes into the empty fields only when the table adopts it. Names are
invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, OptionList

from driehoek import cli, prepared
from driehoek.app import make_app
from driehoek.cli import main
from driehoek.database import open_database
from driehoek.domain import Factor, FactorStatus, MeetingKind, Party, Question
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.minutes import render_minutes
from driehoek.preparation import Preparation, PreparedFactor
from driehoek.store import Clock, Store
from driehoek.widgets.prepared_views import DIFFERS
from waiting import settle_until

from .drive import AppPilot, driehoek, region_text, saved, shows, squeezed, walk_to
from .meetings import fresh_intake

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


async def test_the_workplace_step_opens_on_the_factor_the_parties_differ_on(
    store: Store, tmp_path: Path
) -> None:
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
    before = store.meeting(meeting_id)
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
        # In the list, the factor carries the flag; the factors they agree on do not.
        list_text = region_text(app, factor_list)
        flagged = f"? niet besproken  {DIFFERS} {T('prepared.flag')}"
        assert f"5 Taakautonomie\n{flagged}" in "\n".join(x.strip() for x in list_text.splitlines())
        assert list_text.count(DIFFERS) == 1

        # Factor 3: they agree. The proposal waits for the table, then goes in by keyboard.
        await pilot.press("up", "up")
        await settle_until(
            pilot, lambda: squeezed(T("prepared.agree")) in panel_text(pilot), "factor 3 shown"
        )
        assert store.meeting(meeting_id).factor(Factor.SUPPORT).status is FactorStatus.NOT_DISCUSSED
        await pilot.press("tab")
        button = app.focused
        assert isinstance(button, Button)
        assert str(button.label) == f"{T('prepared.adopt')}: + aanwezig"
        await pilot.press("enter")
        await saved(pilot)
        support = store.meeting(meeting_id).factor(Factor.SUPPORT)
        assert support.status is FactorStatus.PRESENT
        assert (
            support.note
            == "Student: Ik vraag het altijd aan Karin.\nWerkplek: Elke vrijdag intervisie."
        )
        await settle_until(
            pilot, lambda: not app.screen.query("#adopt-support"), "the proposal taken up"
        )
        # The differing factor is untouched, and the minutes say who prepared.
        after = store.meeting(meeting_id)
        assert after.factor(Factor.AUTONOMY).status is FactorStatus.NOT_DISCUSSED
        minutes = render_minutes(after, "nl")
        assert "- Voorbereid door: student, werkplek\n" in minutes
        assert "Ze kiest zelf" not in minutes


async def test_an_evaluation_shows_prepared_answers_and_adopts_them_into_empty_fields(
    store: Store,
) -> None:
    intake = fresh_intake(store)
    evaluation = store.new_evaluation(store.meeting(intake).placement.id)
    for party, text in ((Party.WORKPLACE, "Te weinig [b]tijd[/b]."), (Party.STUDENT, "Genoeg.")):
        answers = ((Question.TIME, text),)
        prepared.save(
            store, Preparation(evaluation, party, MeetingKind.EVALUATION, answers=answers)
        )
    app = make_app(store, open_meeting=evaluation)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.QUESTIONS)
        await settle_until(
            pilot, lambda: bool(app.screen.query("#adopt-time")), "the prepared answers"
        )
        button = app.screen.query_one("#adopt-time", Button)
        for _ in range(30):  # by keyboard: Tab until the button has the cursor
            if app.focused is button:
                break
            await pilot.press("tab")
        assert app.focused is button
        assert shows(
            app, "Voorbereid: werkplek · Te weinig [b]tijd[/b]."
        )  # markup shown, not obeyed
        await pilot.press("enter")
        await saved(pilot)
        m = store.meeting(evaluation)
        time = {p: m.answer(Question.TIME, p) for p in Party}
        assert {p: a.text for p, a in time.items() if a} == {
            Party.STUDENT: "Genoeg.",
            Party.WORKPLACE: "Te weinig [b]tijd[/b].",
            Party.SCHOOL: "",
        }


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
