"""Adding and removing a line of a step's list, as the table sees it: the new line is there
with its number and the cursor in it, what is typed goes into it, the lines after a removed
one are numbered again, and an empty list says so.

A line is mounted or removed in the step as it stands (`StepView.add_line`); another
session's line that came in meanwhile still shows (the step is then built again).
"""

from __future__ import annotations

from driehoek.app import make_app
from driehoek.flow import Step
from driehoek.store import Store
from waiting import settle_until

from .drive import (
    SIZE,
    AppPilot,
    driehoek,
    saved,
    screen_lines,
    shows,
    toasts,
    type_text,
    walk_to,
)
from .meetings import fresh_intake

EMPTY = "Nog niets. Druk ^t om toe te voegen."
GOALS = [f"Leerdoel {word}" for word in "abcdefghijklmnopqrst"]  # twenty


def with_goals(store: Store, texts: list[str]) -> int:
    """A fresh intake with these learning goals."""
    meeting_id = fresh_intake(store)
    for text in texts:
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, text)
    return meeting_id


def goal_texts(store: Store, meeting_id: int) -> list[str]:
    return [g.text for g in store.meeting(meeting_id).goals]


def numbered(pilot: AppPilot) -> list[str]:
    """The goal lines on screen, as "number. text"."""
    return [
        " ".join(line.split())
        for line in screen_lines(driehoek(pilot))
        if line.strip()[:1].isdigit() and "." in line.split()[0]
    ]


async def delete_line(pilot: AppPilot) -> None:
    """The palette's "Regel wissen", on the line with the cursor."""
    await pilot.press("ctrl+p")
    await type_text(pilot, "Regel wissen")
    await pilot.press("enter")
    app = driehoek(pilot)
    await settle_until(pilot, lambda: "Regel gewist." in toasts(app), "the line is gone")
    await saved(pilot)


async def test_a_line_added_to_twenty_goals_is_number_21_and_takes_what_is_typed(
    store: Store,
) -> None:
    meeting_id = with_goals(store, GOALS)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Rapporteren in het dossier")
        await saved(pilot)
        # The list scrolled to the new line: on screen, numbered after the twentieth.
        assert "21. Rapporteren in het dossier" in numbered(pilot)
        assert "20. Leerdoel t" in numbered(pilot)
    assert goal_texts(store, meeting_id) == [*GOALS, "Rapporteren in het dossier"]


async def test_the_first_line_takes_the_place_of_the_empty_list_note(store: Store) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.SUPPORT)
        assert shows(app, EMPTY)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Bezoek in week zes")
        await saved(pilot)
        assert not shows(app, EMPTY)
        assert shows(app, "Bezoek in week zes")
    assert [s.text for s in store.meeting(meeting_id).support] == ["Bezoek in week zes"]


async def test_removing_a_line_numbers_the_rest_again_and_the_last_brings_back_the_note(
    store: Store,
) -> None:
    meeting_id = with_goals(store, ["Plannen", "Rapporteren", "Overdragen"])
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await pilot.press("ctrl+t")  # the cursor to a line: the new fourth, left empty
        await type_text(pilot, "Observeren")
        await saved(pilot)
        await pilot.press("shift+tab", "shift+tab")  # up to the second goal
        await delete_line(pilot)
        assert numbered(pilot) == ["1. Plannen", "2. Overdragen", "3. Observeren"]
        assert goal_texts(store, meeting_id) == ["Plannen", "Overdragen", "Observeren"]
        assert not shows(app, EMPTY)
        for _ in range(3):  # the cursor is in the first line after each removal
            await delete_line(pilot)
        assert numbered(pilot) == []
        assert shows(app, EMPTY)
    assert goal_texts(store, meeting_id) == []


async def test_a_line_added_after_another_session_added_one_shows_both(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    meeting_id = with_goals(store_a, ["Plannen"])
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.LEARNING)
        goal = store_b.add_goal(meeting_id)  # B, at the same moment, on another screen
        store_b.update_goal(goal.id, goal.version, "Van collega B")
        await pilot.press("ctrl+t")
        await type_text(pilot, "Van A")
        await saved(pilot)
        await settle_until(
            pilot, lambda: numbered(pilot)[-1:] == ["3. Van A"], "A's line, after B's"
        )
        assert numbered(pilot) == ["1. Plannen", "2. Van collega B", "3. Van A"]
    assert goal_texts(store_a, meeting_id) == ["Plannen", "Van collega B", "Van A"]
