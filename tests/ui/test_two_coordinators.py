"""Two coordinators on one database: an edit based on an old version is never applied and never
dropped silently: the user sees both versions and chooses. An open meeting shows the other's
changes by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from driehoek.app import DriehoekApp, make_app
from driehoek.database import open_database
from driehoek.domain import Meeting, Part, Ref
from driehoek.flow import Step
from driehoek.screens.conflict import ConflictDialog
from driehoek.store import Clock, Store

from .drive import (
    SAVE_WAIT,
    SIZE,
    bound_field,
    current_step,
    region_text,
    tab_to,
    type_text,
    walk_to,
)
from .meetings import complete_intake


@pytest.fixture
def stores(tmp_path: Path, fixed_clock: Clock) -> Iterator[tuple[Store, Store]]:
    """Coordinator A's and coordinator B's store: two connections to one database file."""
    path = tmp_path / "gedeeld.db"
    a, b = open_database(path), open_database(path)
    yield Store(a, clock=fixed_clock, user="coordinator-a"), Store(b, clock=fixed_clock, user="b")
    a.close()
    b.close()


def meeting_with_a_goal(store: Store) -> tuple[int, int]:
    meeting_id = store.new_intake("Yara el Idrissi", "Zorgcentrum De Wilg")
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Rapporteren in het dossier")
    return meeting_id, goal.id


def conflict_dialog(app: DriehoekApp) -> Widget:
    """The conflict dialog's box on screen (failing the test if there is none)."""
    screen = app.screen
    assert isinstance(screen, ConflictDialog), f"expected the conflict dialog, got {screen!r}"
    return screen.query_one("#dialog")


async def choose(pilot: Pilot[None], *, mine: bool) -> None:
    """Answer the conflict dialog with the keyboard: it opens on "use mine"."""
    if not mine:
        await pilot.press("shift+tab")
    await pilot.press("enter")
    await pilot.pause(SAVE_WAIT)
    await pilot.pause()


async def a_clash(pilot: Pilot[None], store_b: Store, meeting_id: int, goal_id: int) -> None:
    """A rewrites the goal while B saves another version of it first."""
    await walk_to(pilot, Step.LEARNING)
    await pilot.pause(SAVE_WAIT)  # whatever opening the step saves, it has saved
    field = await tab_to(pilot, f"#goal-{goal_id}")
    assert isinstance(field, Input)
    assert field.value == "Rapporteren in het dossier"
    version = next(g.version for g in store_b.meeting(meeting_id).goals)
    store_b.update_goal(goal_id, version, "Methodisch rapporteren (B)")
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, "Rapporteren na elk gesprek (A)")
    await pilot.pause(SAVE_WAIT)
    await pilot.pause()


@pytest.mark.parametrize("mine", [False, True], ids=["keep-theirs", "use-mine"])
async def test_a_stale_edit_shows_both_versions_and_the_user_chooses(
    stores: tuple[Store, Store], mine: bool
) -> None:
    store_a, store_b = stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await a_clash(pilot, store_b, meeting_id, goal_id)
        dialog = conflict_dialog(app)
        shown = region_text(app, dialog)
        assert "Methodisch rapporteren (B)" in shown
        assert "Rapporteren na elk gesprek (A)" in shown
        # Until A chooses, the database holds B's version: nothing of A's slipped in.
        assert [g.text for g in store_b.meeting(meeting_id).goals] == ["Methodisch rapporteren (B)"]
        await choose(pilot, mine=mine)
        expected = "Rapporteren na elk gesprek (A)" if mine else "Methodisch rapporteren (B)"
        assert app.screen.query_one(f"#goal-{goal_id}", Input).value == expected
        assert app.return_code is None
    assert [g.text for g in store_b.meeting(meeting_id).goals] == [expected]


async def test_leaving_and_reentering_a_step_shows_the_other_coordinators_change(
    stores: tuple[Store, Store],
) -> None:
    store_a, store_b = stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        m = store_b.meeting(meeting_id)
        store_b.update_goal(goal_id, m.goals[0].version, "Gewijzigd door B")
        store_b.update_meeting(meeting_id, m.version, learning_note="Notitie van B")
        assert app.screen.query_one(f"#goal-{goal_id}", Input).value == "Rapporteren in het dossier"
        await pilot.press("ctrl+n", "ctrl+b")
        await pilot.pause(SAVE_WAIT)
        assert current_step(app) is Step.LEARNING
        assert not isinstance(app.screen, ConflictDialog), "A typed nothing: nothing can clash"
        assert app.screen.query_one(f"#goal-{goal_id}", Input).value == "Gewijzigd door B"
        assert app.screen.query_one("#learning-note", TextArea).text == "Notitie van B"


async def test_a_refused_edit_does_not_undo_the_step_change_that_saved_it(
    stores: tuple[Store, Store],
) -> None:
    """A types, B saves first, A presses ^n at once: A is asked which version stays, and after
    choosing is on the step she asked for (not sent back, so a following ^b does not overshoot)."""
    store_a, store_b = stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await pilot.pause(SAVE_WAIT)
        await tab_to(pilot, f"#goal-{goal_id}")
        await type_text(pilot, "Versie van A")
        version = store_b.meeting(meeting_id).goals[0].version
        store_b.update_goal(goal_id, version, "Versie van B")
        await pilot.press("ctrl+n")  # saves A's edit first: it clashes
        await pilot.pause(SAVE_WAIT)
        assert "Versie van A" in region_text(app, conflict_dialog(app))
        await choose(pilot, mine=False)
        assert current_step(app) is Step.WORKPLACE
    assert [g.text for g in store_b.meeting(meeting_id).goals] == ["Versie van B"]


def versions(m: Meeting) -> dict[str, object]:
    """The version of every row a meeting shows."""
    return {
        "meeting": m.version,
        "placement": (m.placement.version, m.placement.student_version),
        "participants": [p.version for p in m.participants],
        "goals": [g.version for g in m.goals],
        "factors": [f.version for f in m.factors],
        "support": [s.version for s in m.support],
        "agreements": [a.version for a in m.agreements],
    }


async def test_looking_at_a_meeting_writes_nothing(store: Store) -> None:
    """Only typing changes a row: a coordinator who merely reads along bumps no version, so she
    can never turn another coordinator's edit into a conflict."""
    meeting_id = complete_intake(store)
    before = versions(store.meeting(meeting_id))
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.PARTICIPANTS)
        await walk_to(pilot, Step.REVIEW)
        await pilot.pause(SAVE_WAIT)
    assert versions(store.meeting(meeting_id)) == before


async def test_two_apps_on_one_database_never_overwrite_each_other(
    stores: tuple[Store, Store],
) -> None:
    store_a, store_b = stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        for pilot in (pilot_a, pilot_b):
            await walk_to(pilot, Step.LEARNING)
            await tab_to(pilot, f"#goal-{goal_id}")
        # Both have the goal on screen; B rewrites it first, then A, who has not seen B's.
        await pilot_b.press("end", "ctrl+u")
        await type_text(pilot_b, "Versie van B")
        await pilot_b.pause(SAVE_WAIT)
        await pilot_a.press("end", "ctrl+u")
        await type_text(pilot_a, "Versie van A")
        await pilot_a.pause(SAVE_WAIT)
        await pilot_a.pause()
        assert "Versie van A" in region_text(app_a, conflict_dialog(app_a))
        assert not isinstance(app_b.screen, ConflictDialog)
        await choose(pilot_a, mine=False)
        assert app_a.screen.query_one(f"#goal-{goal_id}", Input).value == "Versie van B"
        # A, now on B's version, edits again: that one is saved, and B sees it on return.
        ref = Ref(Part.GOAL, goal_id)
        await tab_to(pilot_a, bound_field(app_a, ref, "text"))
        await pilot_a.press("end", "ctrl+u")
        await type_text(pilot_a, "Samen: versie van A")
        await pilot_a.press("ctrl+n")
        await pilot_b.press("ctrl+n", "ctrl+b")
        await pilot_b.pause()
        assert app_b.screen.query_one(f"#goal-{goal_id}", Input).value == "Samen: versie van A"
    assert [g.text for g in store_a.meeting(meeting_id).goals] == ["Samen: versie van A"]
