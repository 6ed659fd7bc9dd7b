"""Text typed ahead of the app is never lost: a quick typist, or a laggy SSH link delivering a
burst, types straight on after ^t, ^n, ^g <digit>, Enter in the new-intake dialog, or ^q.

Each test queues all its keys at once (`burst`) and waits once. Bursts of navigation keys
(arrows, Enter on a list) across a focus change are documented as unordered (widgets/settle.py)
and are not tested here; only text, and the actions around it, are.
"""

from __future__ import annotations

from driehoek.app import make_app
from driehoek.domain import Part, Party, Ref
from driehoek.flow import Step
from driehoek.store import Store

from .drive import SIZE, bound_field, burst, current_step, letters, meeting_screen, shows, walk_to
from .meetings import fresh_intake


async def test_text_typed_right_after_ctrl_t_lands_in_the_new_line(store: Store) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await burst(pilot, ["ctrl+t", *letters("Zelf plannen"), "ctrl+t", *letters("Rapporteren")])
        await walk_to(pilot, Step.SUPPORT)
        await burst(
            pilot, ["ctrl+t", *letters("Bezoek in week zes")]
        )  # the new line starts in its text
        await pilot.press("ctrl+n")
    m = store.meeting(meeting_id)
    assert [g.text for g in m.goals] == ["Zelf plannen", "Rapporteren"]
    assert [s.text for s in m.support] == ["Bezoek in week zes"]


async def test_text_typed_around_ctrl_n_lands_before_and_after_it(store: Store) -> None:
    meeting_id = fresh_intake(store)
    workplace = next(
        p for p in store.meeting(meeting_id).participants if p.party is Party.WORKPLACE
    )
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        field = bound_field(app, Ref(Part.PARTICIPANT, workplace.id), "name")
        meeting_screen(app).set_focus(field)
        await pilot.pause()
        # The name, ^n, and straight on in the next step's first field (the learning note).
        await burst(pilot, [*letters("Bram Visser"), "ctrl+n", *letters("Kijkt eerst mee")])
        assert current_step(app) is Step.LEARNING
        await pilot.press("ctrl+b")
    m = store.meeting(meeting_id)
    assert next(p.name for p in m.participants if p.party is Party.WORKPLACE) == "Bram Visser"
    assert m.learning_note == "Kijkt eerst mee"


async def test_text_typed_right_after_ctrl_g_and_a_digit_lands_in_that_step(store: Store) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        # The decision step opens on the decision; Tab (in key order) moves on to the reasons.
        await burst(pilot, ["ctrl+g", "6", "tab", *letters("Past goed bij haar")])
        assert app.return_code is None, "the app stopped"
        assert current_step(app) is Step.DECISION
        await burst(pilot, ["ctrl+g", "2", *letters("Leert door te doen")])
        assert current_step(app) is Step.LEARNING
        await pilot.press("ctrl+n")
    m = store.meeting(meeting_id)
    assert m.decision_reasons == "Past goed bij haar"
    assert m.learning_note == "Leert door te doen"


async def test_names_typed_ahead_through_the_new_intake_dialog_land_in_their_fields(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await burst(
            pilot,
            [
                "ctrl+n",
                *letters("Mila Jansen"),
                "enter",
                *letters("Buurtzorg Zuid"),
                "enter",
                *letters("Wijkteam Zuid"),  # the meeting opens in its first field: the team
            ],
        )
        assert current_step(app) is Step.PARTICIPANTS
        await pilot.press("ctrl+n")
    [placement] = store.placements()
    assert (placement.student, placement.organisation) == ("Mila Jansen", "Buurtzorg Zuid")
    assert placement.team == "Wijkteam Zuid"


async def test_typing_straight_on_after_the_intake_opens_keeps_the_students_name(
    store: Store,
) -> None:
    """Keys typed on as the meeting opens go to its first field, and wipe nothing: no field
    opens with all its text selected."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        keys = ["ctrl+n", *letters("Mila Jansen"), "enter", *letters("Buurtzorg Zuid"), "enter"]
        await burst(pilot, [*keys, *letters("Wijkteam")])
        await pilot.press("ctrl+n")
    [placement] = store.placements()
    assert "Mila Jansen" in placement.student


async def test_text_typed_right_before_ctrl_q_is_saved(store: Store) -> None:
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.DECISION)
        await burst(pilot, ["tab", *letters("Laatste woorden"), "ctrl+q"])
        assert not app.is_running
    assert store.meeting(meeting_id).decision_reasons == "Laatste woorden"


async def test_typing_that_never_pauses_is_still_stored_as_it_goes(store: Store) -> None:
    """A typist who never pauses long enough for the autosave still has her text stored
    within about a second (a kill or a power cut loses at most that much)."""
    meeting_id = fresh_intake(store)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await pilot.press("ctrl+t")
        stored_while_typing = []
        for letter in letters("Zelfstandig een dagprogramma maken"):
            await pilot.press(letter)
            # Waiting is the point here: ten keys a second never leave the autosave the
            # pause it waits for (SAVE_DELAY), so only SAVE_MAX_WAIT can store the text. (On
            # a loaded machine a pause may stretch: that only stores more often.)
            await pilot.pause(0.1)
            stored_while_typing.append(store.meeting(meeting_id).goals[0].text)
        typed = "Zelfstandig een dagprogramma maken"
        # Each stored text is a prefix of what was typed, and it grew while typing went on.
        assert all(typed.startswith(text) for text in stored_while_typing)
        assert len(set(stored_while_typing)) >= 3, stored_while_typing


async def test_a_new_line_at_the_end_of_a_long_list_is_scrolled_into_view(store: Store) -> None:
    meeting_id = fresh_intake(store)
    for number in range(1, 19):
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, f"Leerdoel nummer {number}")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await burst(pilot, ["ctrl+t", *letters("Het negentiende doel")])
        await pilot.pause()
        assert shows(app, "Het negentiende doel")
