"""Readable on the shared screen (issue 11, item 8), read off the screen at 80x24 and 160x45.

A field the cursor left shows its text from the start, wrapped; agreements are listed whole;
columns take the width there is; F2's minutes follow the step and mark the last change;
placeholders read as examples; going to an unfinished step puts the cursor on what is missing.
"""

from __future__ import annotations

import pytest

from driehoek.app import DriehoekApp, make_app
from driehoek.domain import AgreementKind, Part, Party, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.store import Store
from driehoek.widgets.live_minutes import MARK

from .drive import (
    bound_field,
    current_step,
    jump_to,
    meeting_screen,
    region_text,
    saved,
    screen_lines,
    screen_text,
    shows,
    squeezed,
    tab_to,
    type_fast,
)
from .meetings import complete_intake, fresh_intake, sign_all

SMALL = (80, 24)
LARGE = (160, 45)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
T = Catalogue("nl")

LONG = (
    "Elke week een kort gesprek over hoe het gaat met de groep, vooral in de middagen na de "
    "overdracht, met de werkbegeleider"
)
"""An agreement longer than its column at any size, that ends in other words than it starts."""


def _agreement(store: Store, meeting_id: int, text: str, when: str = "") -> int:
    a = store.add_agreement(meeting_id, owner=Party.SCHOOL, kind=AgreementKind.SUPERVISION)
    store.update_agreement(a.id, a.version, text=text, frequency=when)
    return a.id


def _line_with(app: DriehoekApp, text: str) -> str:
    found = [line for line in screen_lines(app) if text in line]
    assert found, f"{text!r} is not on one line of the screen:\n{screen_text(app)}"
    return found[0]


@SIZES
async def test_a_field_the_cursor_left_shows_its_whole_text_from_the_start(
    store: Store, size: tuple[int, int]
) -> None:
    meeting_id = complete_intake(store, signed=False)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=size) as pilot:
        await jump_to(pilot, Step.AGREEMENTS)
        await pilot.press("ctrl+t")  # a new agreement: the cursor is in its text
        await type_fast(pilot, LONG)
        await saved(pilot)
        field = app.focused
        assert field is not None
        await pilot.press("tab")  # on to the owner: the text is left
        await pilot.pause()
        shown = region_text(app, field)
        assert shown.startswith("Elke week een kort")  # its start, not "…oral in de middagen"
        assert squeezed(shown) == squeezed(LONG)  # and all of it, wrapped
        assert len(shown.splitlines()) > 1
        # Back in the field, it edits on one line again, the cursor at the end.
        await pilot.press("shift+tab")
        await pilot.pause()
        assert "werkbegeleider" in screen_text(app)


@SIZES
async def test_lists_of_agreements_show_their_whole_text(
    store: Store, size: tuple[int, int]
) -> None:
    intake = complete_intake(store, signed=False)
    _agreement(store, intake, LONG)
    sign_all(store, intake)
    placement = store.meeting(intake).placement.id
    evaluation = store.new_evaluation(placement)
    app = make_app(store, open_meeting=evaluation)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert current_step(app) is Step.OPEN_AGREEMENTS
        assert shows(app, LONG)  # under review in the evaluation's first step
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")  # the placement's own view: its agreements per party
        await pilot.pause()
        lanes = [region_text(app, lane) for lane in app.screen.query(".lane")]
        assert any(squeezed(LONG) in squeezed(lane) for lane in lanes), lanes


@pytest.mark.parametrize("width", [120, 160])
async def test_names_are_whole_from_120_columns(store: Store, width: int) -> None:
    student = "Maria-Louisa van den Hoogenband-Santos"  # 38 characters, invented
    organisation = "Stichting Zorg en Welzijn Midden-Nederland"
    store.new_intake(student, organisation)
    app = make_app(store)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        line = _line_with(app, student)
        assert organisation in line


async def test_names_are_cut_with_an_ellipsis_at_80_columns(store: Store) -> None:
    store.new_intake("Maria-Louisa van den Hoogenband-Santos", "Stichting Zorg en Welzijn")
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "Maria-Louisa van den Hoogenband-Santos" not in screen_text(app)
        assert "Maria-Louisa van de…" in screen_text(app)


async def test_agreement_columns_grow_on_a_wide_screen_beside_the_minutes(store: Store) -> None:
    meeting_id = complete_intake(store, signed=False)
    text = "Wekelijks nabespreken van een activiteit, twintig minuten"  # 57 characters
    _agreement(store, meeting_id, text, when="elke maandag 9u")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=LARGE) as pilot:
        await jump_to(pilot, Step.AGREEMENTS)
        await pilot.press("f2")
        await pilot.pause()
        assert T("minutes.agreements") in region_text(app, app.screen.query_one("#live-minutes"))
        # At 160 columns the agreement's column holds 40 characters (it was 34) and "when"
        # holds a frequency of 15 on one line (it was 13).
        assert "Wekelijks nabespreken van een activiteit" in screen_text(app)
        assert "elke maandag 9u" in _line_with(app, "elke maandag 9u")


async def test_f2s_minutes_follow_the_step_and_mark_the_last_change(store: Store) -> None:
    app = make_app(store, open_meeting=complete_intake(store, signed=False))
    async with app.run_test(size=LARGE) as pilot:
        await jump_to(pilot, Step.PARTICIPANTS)
        await pilot.press("f2")
        await pilot.pause()
        minutes = app.screen.query_one("#live-minutes")
        first = region_text(app, minutes).strip().splitlines()[0]
        assert first.strip() == T("minutes.participants")  # the step's section at the top
        assert MARK not in region_text(app, minutes)  # nothing changed yet

        await jump_to(pilot, Step.SUPPORT)
        shown = region_text(app, minutes)
        assert T("minutes.support") in shown
        assert T("minutes.participants") not in shown  # scrolled on, as far as it goes

        # Typing in the step: the line that changed is marked, and only that one.
        await tab_to(pilot, bound_field(app, Ref(Part.SUPPORT, _support_id(store, app)), "text"))
        await pilot.press("end")
        await type_fast(pilot, " en week 12")
        await saved(pilot)
        await pilot.pause()
        marked = [line for line in region_text(app, minutes).splitlines() if MARK in line]
        assert marked, region_text(app, minutes)
        assert "week12" in squeezed("".join(marked))
        assert not any(T("minutes.support") in line for line in marked)

        # Back to an earlier step: its section at the top again.
        await jump_to(pilot, Step.LEARNING)
        shown = region_text(app, minutes)
        assert shown.strip().splitlines()[0].strip() == T("minutes.learning")


def _support_id(store: Store, app: DriehoekApp) -> int:
    """The first support item of the meeting on screen (to find its field)."""
    return store.meeting(meeting_screen(app).meeting.id).support[0].id


@SIZES
async def test_placeholders_are_examples_not_values(store: Store, size: tuple[int, int]) -> None:
    app = make_app(store, open_meeting=fresh_intake(store))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        line = _line_with(app, "bv. SPH")  # the programme: an example, not a value
        assert "bv. werkbegeleider" in screen_text(app)
        y = screen_lines(app).index(line)
        x = line.index("bv. SPH")
        style = app.screen.get_style_at(x, y)
        assert style.italic, "a placeholder is in italics"
        # Typed, the value is upright.
        await tab_to(pilot, "#placement-programme")
        await type_fast(pilot, "SPH")
        await saved(pilot)
        await pilot.press("tab")
        await pilot.pause()
        line = next(line for line in screen_lines(app) if T("field.programme") in line)
        assert "SPH" in line
        assert "bv." not in line
        y = screen_lines(app).index(line)
        assert not app.screen.get_style_at(line.index("SPH"), y).italic


@SIZES
async def test_going_to_an_unfinished_step_puts_the_cursor_on_what_is_missing(
    store: Store, size: tuple[int, int]
) -> None:
    app = make_app(store, open_meeting=fresh_intake(store))
    async with app.run_test(size=size) as pilot:
        await jump_to(pilot, Step.LEARNING)
        # ^g 1: step 1 needs the workplace's name first: the cursor is there, so the name
        # typed at once lands beside ‹werkplek›.
        await pilot.press("ctrl+g", "1")
        await type_fast(pilot, "Bram Visser")
        await saved(pilot)
        await pilot.press("tab")
        assert "Bram Visser" in _line_with(app, "‹werkplek›")
        await jump_to(pilot, Step.LEARNING)
        await pilot.press("ctrl+g", "1")
        await type_fast(pilot, "Ellen Bos")
        await saved(pilot)
        assert "Ellen Bos" in _line_with(app, "‹school›")
        # From the step bar (a click on step 1): what is left, the programme.
        await jump_to(pilot, Step.LEARNING)
        await pilot.click("#tab-participants")
        await pilot.pause()
        await type_fast(pilot, "SPH")
        await saved(pilot)
        assert "SPH" in _line_with(app, T("field.programme"))
        assert "1 Deelnemers ✓" in screen_text(app)  # the step is done
