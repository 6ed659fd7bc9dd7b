"""A template's extra questions on the screen at 80x24: the meeting of a placement in its
programme asks them in their step, beside the article's; an answer typed is saved, and is in
the minutes and the exported file; what a user types stays text (markup, escape sequences,
Markdown); a meeting signed under one version keeps its questions when a newer one is added."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import TextArea

from driehoek.app import make_app
from driehoek.domain import Part, Ref, SupportKind
from driehoek.flow import Step
from driehoek.minutes import render_minutes
from driehoek.serialize import meeting_data
from driehoek.store import Store
from driehoek.template_file import parse
from driehoek.template_store import add
from waiting import settle_until

from .drive import (
    AppPilot,
    driehoek,
    export_as,
    exports_in,
    meeting_screen,
    saved,
    shows,
    tab_to,
    type_text,
    walk_to,
)
from .meetings import sign_all

SPH = Path(__file__).parents[1] / "templates" / "sph.toml"
QUESTION = "Welke methodiek werkt de [i]woongroep[/i] mee?"
NEWER = "Met welke methodiek werkt de groep, en wie leert haar die?"

EXTRAS = f"""
[[extra_questions]]
id = "methodiek"
meeting = "intake"
nl = "{QUESTION}"
nl_hint = "Bijvoorbeeld: triple P."
"""


def with_template(store: Store, question: str = QUESTION, version: int = 1) -> None:
    extras = EXTRAS.replace(QUESTION, question)
    source = (SPH.read_text(encoding="utf-8") + extras).replace(
        "version = 1", f"version = {version}"
    )
    add(store, parse(source), source)


async def down_to(pilot: AppPilot, text: str) -> None:
    """Page down the minutes' preview until it shows `text`."""
    app = driehoek(pilot)
    await settle_until(pilot, lambda: shows(app, "Ravi Pinas"), "the minutes")
    for _ in range(20):
        if shows(app, text):
            return
        await pilot.press("pagedown")
        await pilot.pause()
    raise AssertionError(f"the minutes never showed {text!r}")


def intake_in(store: Store, programme: str = "SPH") -> int:
    meeting_id = store.new_intake("Ravi Pinas", "Stichting De Haven")
    p = store.meeting(meeting_id).placement
    store.edit(Ref(Part.PLACEMENT, p.id), p.version, {"programme": programme})
    item = store.add_support(meeting_id, SupportKind.VISIT)
    store.update_support(item.id, item.version, text="In week 6")
    return meeting_id


async def test_an_extra_question_is_asked_answered_and_in_the_minutes_and_the_export(
    store: Store, tmp_path: Path
) -> None:
    with_template(store)
    meeting_id = intake_in(store)
    app = make_app(store, open_meeting=meeting_id, settings=exports_in(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.LEARNING)
        # The article's fields stay; the programme's question comes after them, as written.
        assert app.screen.query_one("#learning-note")
        field = await tab_to(pilot, "#extra-methodiek")  # reached by Tab, as any field
        assert shows(app, QUESTION)
        assert shows(app, "Bijvoorbeeld: triple P.")  # the hint, while it is empty
        await type_text(pilot, "[b]Triple P[/b]\n# kop\n| a | b |")
        # Pasted escape sequences are dropped before they are shown or stored.
        app.post_message(events.Paste(" en \x1b[2J\x1b]0;titel\x07klaar"))
        await saved(pilot)
        typed = "[b]Triple P[/b]\n# kop\n| a | b | en [2J]0;titelklaar"
        assert isinstance(field, TextArea)
        await settle_until(pilot, lambda: field.text == typed, "the paste, cleaned")
        await saved(pilot)
        assert store.meeting(meeting_id).extra_answer("methodiek") == typed
        assert shows(app, "[b]Triple P[/b]")  # shown as typed, not bold
        await pilot.press("ctrl+r")
        await down_to(pilot, "Vragen van de opleiding")
        assert shows(app, QUESTION)
        assert shows(app, "[b]Triple P[/b]")
        await pilot.press("escape")
        await pilot.pause()
        await export_as(pilot, "verslag.md")
    exported = (tmp_path / "verslag.md").read_text(encoding="utf-8")
    assert exported == render_minutes(store.meeting(meeting_id), "nl")
    # The question and the answer as text: no heading, table or markup of the user's.
    assert "### Welke methodiek werkt de \\[i\\]woongroep\\[/i\\] mee?\n\n" in exported
    assert (
        "\\[b\\]Triple P\\[/b\\]\\\n\\# kop\\\n\\| a \\| b \\| en \\[2J\\]0;titelklaar" in exported
    )
    assert "\x1b" not in exported
    assert meeting_data(store.meeting(meeting_id))["extra_answers"] == {"methodiek": typed}


async def test_a_signed_meeting_keeps_its_questions_when_a_newer_template_comes(
    store: Store,
) -> None:
    with_template(store)
    meeting_id = intake_in(store)
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, extra_answers={"methodiek": "Triple P"})
    sign_all(store, meeting_id)
    with_template(store, NEWER, version=2)
    # A meeting still being written asks the newer version.
    other = intake_in(store)
    assert NEWER in render_minutes(store.meeting(other), "nl")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.LEARNING)
        assert shows(app, QUESTION)
        assert not shows(app, NEWER)
        # Below the article's fields: scrolled to, as a reader does.
        view = meeting_screen(app).view
        assert view is not None
        view.scroll_end(animate=False)
        await settle_until(pilot, lambda: shows(app, "Triple P"), "the answer, as held")
        await pilot.press("ctrl+r")
        await down_to(pilot, "Vragen van de opleiding")
        assert shows(app, QUESTION)
        assert not shows(app, NEWER)


async def test_an_evaluation_asks_its_extra_question_after_the_four(store: Store) -> None:
    extras = """
[[extra_questions]]
id = "terugkomdag"
meeting = "evaluation"
nl = "Wat neemt zij mee naar de terugkomdag?"
"""
    source = SPH.read_text(encoding="utf-8") + extras
    add(store, parse(source), source)
    intake = intake_in(store)
    sign_all(store, intake)
    evaluation = store.new_evaluation(store.meeting(intake).placement.id)
    app = make_app(store, open_meeting=evaluation)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_to(pilot, Step.QUESTIONS)
        # The four questions stay, each with its three answers; the extra one comes after.
        for question in ("learning", "time", "supervision", "attention"):
            for party in ("student", "workplace", "school"):
                assert app.screen.query_one(f"#answer-{question}-{party}")
        await tab_to(pilot, "#extra-terugkomdag", limit=60)
        assert shows(app, "Wat neemt zij mee naar de terugkomdag?")
        await type_text(pilot, "De casus van week 9")
        await saved(pilot)
    assert store.meeting(evaluation).extra_answers == (("terugkomdag", "De casus van week 9"),)
    minutes = render_minutes(store.meeting(evaluation), "nl")
    assert "### Wat neemt zij mee naar de terugkomdag?\n\nDe casus van week 9\n" in minutes
    # The intake asks no evaluation question: no section of the programme's questions.
    assert "Vragen van de opleiding" not in render_minutes(store.meeting(intake), "nl")
