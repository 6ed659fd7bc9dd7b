"""Two coordinators on one database: an edit based on an old version is never applied and never
dropped: the other version stays in place, the user's is kept aside (one key swaps them), and
she is told under the step. An open meeting shows the other's changes by itself."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from driehoek import asides
from driehoek.app import make_app
from driehoek.domain import Meeting, Part, Ref
from driehoek.flow import Step
from driehoek.store import Store
from waiting import settle_until

from .drive import (
    SIZE,
    bound_field,
    current_step,
    driehoek,
    notice,
    saved,
    tab_to,
    type_text,
    walk_to,
)
from .meetings import complete_intake


def meeting_with_a_goal(store: Store) -> tuple[int, int]:
    meeting_id = store.new_intake("Yara el Idrissi", "Zorgcentrum De Wilg")
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Rapporteren in het dossier")
    return meeting_id, goal.id


def goals(store: Store, meeting_id: int) -> list[str]:
    return [g.text for g in store.meeting(meeting_id).goals]


def goals_aside(store: Store, meeting_id: int) -> list[str]:
    """The texts of the goals kept aside, newest first."""
    return [
        str(kept.values["text"])
        for kept in asides.set_aside_versions(store, meeting_id)
        if kept.ref.part is Part.GOAL
    ]


async def a_clash(pilot: Pilot[None], store_b: Store, meeting_id: int, goal_id: int) -> None:
    """A rewrites the goal while B saves another version of it first; A is told."""
    app = driehoek(pilot)
    await walk_to(pilot, Step.LEARNING)
    await saved(pilot)  # whatever opening the step saves, it has saved
    field = await tab_to(pilot, f"#goal-{goal_id}")
    assert isinstance(field, Input)
    assert field.value == "Rapporteren in het dossier"
    version = next(g.version for g in store_b.meeting(meeting_id).goals)
    store_b.update_goal(goal_id, version, "Methodisch rapporteren (B)")
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, "Rapporteren na elk gesprek (A)")
    await saved(pilot)
    assert app.focused is field, "the clash does not take the cursor"
    assert "Methodisch rapporteren (B)" in notice(driehoek(pilot))


@pytest.mark.parametrize("mine", [False, True], ids=["theirs-stays", "ctrl-o-mine"])
async def test_a_stale_edit_is_kept_aside_and_one_key_swaps_the_versions(
    two_stores: tuple[Store, Store], mine: bool
) -> None:
    store_a, store_b = two_stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await a_clash(pilot, store_b, meeting_id, goal_id)
        # B's version stays in place; A's is kept aside: nothing of A's slipped in.
        assert goals(store_b, meeting_id) == ["Methodisch rapporteren (B)"]
        assert goals_aside(store_b, meeting_id) == ["Rapporteren na elk gesprek (A)"]
        assert "b" in notice(app)
        if mine:
            await pilot.press("ctrl+o")
            await saved(pilot)
        expected, other = ("Rapporteren na elk gesprek (A)", "Methodisch rapporteren (B)")
        if not mine:
            expected, other = other, expected
            await pilot.press("tab")  # leaving the field: it shows what is in place
        await settle_until(
            pilot,
            lambda: app.screen.query_one(f"#goal-{goal_id}", Input).value == expected,
            f"the goal shows {expected!r}",
        )
        assert app.return_code is None
    assert goals(store_b, meeting_id) == [expected]
    assert goals_aside(store_b, meeting_id) == [other]


async def test_leaving_and_reentering_a_step_shows_the_other_coordinators_change(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        m = store_b.meeting(meeting_id)
        store_b.update_goal(goal_id, m.goals[0].version, "Gewijzigd door B")
        store_b.update_meeting(meeting_id, m.version, learning_note="Notitie van B")
        assert app.screen.query_one(f"#goal-{goal_id}", Input).value == "Rapporteren in het dossier"
        await pilot.press("ctrl+n", "ctrl+b")
        await saved(pilot)
        assert current_step(app) is Step.LEARNING
        assert notice(app) == "", "A typed nothing: nothing can clash"
        assert app.screen.query_one(f"#goal-{goal_id}", Input).value == "Gewijzigd door B"
        assert app.screen.query_one("#learning-note", TextArea).text == "Notitie van B"
    assert goals_aside(store_a, meeting_id) == []


async def test_a_clash_found_by_a_step_change_is_told_on_the_step_she_asked_for(
    two_stores: tuple[Store, Store],
) -> None:
    """A types, B saves first, A presses ^n at once: A is on the step she asked for (not sent
    back, so a following ^b does not overshoot), and is told there that her text is kept."""
    store_a, store_b = two_stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await saved(pilot)
        await tab_to(pilot, f"#goal-{goal_id}")
        await type_text(pilot, "Versie van A")
        version = store_b.meeting(meeting_id).goals[0].version
        store_b.update_goal(goal_id, version, "Versie van B")
        await pilot.press("ctrl+n")  # saves A's edit first: it clashes
        await saved(pilot)
        # The notice is mounted on the new step after the step change: wait for it.
        await settle_until(pilot, lambda: "Versie van B" in notice(app), "the clash notice")
        assert current_step(app) is Step.WORKPLACE
    assert goals(store_b, meeting_id) == ["Versie van B"]
    assert goals_aside(store_b, meeting_id) == ["Rapporteren in het dossierVersie van A"]


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
        await saved(pilot)  # had anything been queued, it would be written by now
    assert versions(store.meeting(meeting_id)) == before


async def test_two_apps_on_one_database_never_overwrite_each_other(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
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
        await saved(pilot_b)
        await pilot_a.press("end", "ctrl+u")
        await type_text(pilot_a, "Versie van A")
        await saved(pilot_a)
        assert "Versie van B" in notice(app_a)
        assert notice(app_b) == ""
        assert goals_aside(store_a, meeting_id) == ["Versie van A"]
        # A, on B's version once the cursor left it, edits again: saved; B sees it on return.
        await pilot_a.press("tab")
        ref = Ref(Part.GOAL, goal_id)
        field = bound_field(app_a, ref, "text")
        await settle_until(
            pilot_a, lambda: getattr(field, "value", "") == "Versie van B", "A shows B's goal"
        )
        await tab_to(pilot_a, field)
        await pilot_a.press("end", "ctrl+u")
        await type_text(pilot_a, "Samen: versie van A")
        await pilot_a.press("ctrl+n")
        await saved(pilot_a)
        await pilot_b.press("ctrl+n", "ctrl+b")
        await saved(pilot_b)
        assert app_b.screen.query_one(f"#goal-{goal_id}", Input).value == "Samen: versie van A"
    assert goals(store_a, meeting_id) == ["Samen: versie van A"]
    assert goals_aside(store_a, meeting_id) == ["Versie van A"]


async def test_a_line_removed_while_she_typed_in_it_is_kept_and_comes_back_with_ctrl_o(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    meeting_id, goal_id = meeting_with_a_goal(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await tab_to(pilot, f"#goal-{goal_id}")
        await pilot.press("end", "space")  # typing: the screen does not rebuild the step now
        store_b.delete("goals", goal_id)
        await type_text(pilot, "en rapporteren")
        await saved(pilot)
        typed = "Rapporteren in het dossier en rapporteren"
        assert goals(store_a, meeting_id) == []
        assert goals_aside(store_a, meeting_id) == [typed]
        assert "verwijderd" in notice(app)
        await pilot.press("ctrl+o")  # the line comes back, with her text
        await settle_until(pilot, lambda: goals(store_a, meeting_id) == [typed], "the goal is back")
        await saved(pilot)
        assert goals_aside(store_a, meeting_id) == []
        [goal] = store_a.meeting(meeting_id).goals
        await settle_until(
            pilot,
            lambda: (
                bool(app.screen.query(f"#goal-{goal.id}"))
                and app.screen.query_one(f"#goal-{goal.id}", Input).value == typed
            ),
            "the step shows the goal again",
        )
        assert "weer in het gesprek" in notice(app)
