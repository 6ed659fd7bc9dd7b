"""Keys that arrive in a burst (a laggy SSH link, a paste-like run of keystrokes) act in the
order they were typed, in every text field driehoek shows.

In Textual a key bound to an action of the focused field (Backspace, Home, Ctrl+U, Ctrl+W, ←,
Enter) acted only after the letters queued behind it: Ctrl+U then `abc` left the field empty.
Each test here queues all its keys at once (`burst`, or Pilot-posted key events without
waiting) and then looks at what the field holds, what is stored, and what was written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Input, TextArea

from driehoek.app import make_app
from driehoek.domain import Part, Party, Ref
from driehoek.flow import Step
from driehoek.screens.meeting import MeetingScreen
from driehoek.store import Store
from driehoek.widgets.fields import NoteField, TextField
from driehoek.widgets.keys_in_order import KeysInOrder
from waiting import settle_until

from .drive import (
    SIZE,
    AppPilot,
    bound_field,
    burst,
    current_step,
    driehoek,
    exports_in,
    key_event,
    letters,
    meeting_screen,
    walk_to,
)
from .meetings import complete_intake, fresh_intake

TEAM = "Woongroep Zeezicht"


def team_of(store: Store, meeting_id: int) -> str:
    return store.meeting(meeting_id).placement.team


async def focus(pilot: AppPilot, field: Widget) -> None:
    meeting_screen(driehoek(pilot)).set_focus(field)
    await pilot.pause()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ctrl+u", "abc"),  # all left of the cursor goes, then the letters come
        ("home", f"abc{TEAM}"),
        ("backspace", f"{TEAM[:-1]}abc"),  # the t goes, not the c typed after it
        ("ctrl+w", "Woongroep abc"),
        ("left", f"{TEAM[:-1]}abc{TEAM[-1]}"),
    ],
)
async def test_a_key_bound_in_a_one_line_field_acts_before_the_letters_typed_after_it(
    store: Store, key: str, expected: str
) -> None:
    meeting_id = complete_intake(store, signed=False)
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.PARTICIPANTS)
        placement = store.meeting(meeting_id).placement
        field = bound_field(app, Ref(Part.PLACEMENT, placement.id), "team")
        await focus(pilot, field)
        await burst(pilot, [key, "a", "b", "c"])
        assert isinstance(field, TextField)
        assert field.value == expected
        assert team_of(store, meeting_id) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("left", "Kijkt eerst meabce"),  # after End: the cursor starts at the note's beginning
        ("ctrl+u", "abc"),
        ("backspace", "Kijkt eerst meabc"),
        ("ctrl+w", "Kijkt eerst abc"),
    ],
)
async def test_a_key_bound_in_a_note_acts_before_the_letters_typed_after_it(
    store: Store, key: str, expected: str
) -> None:
    meeting_id = fresh_intake(store)
    m = store.meeting(meeting_id)
    store.update_meeting(meeting_id, m.version, learning_note="Kijkt eerst mee")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(pilot, Step.LEARNING)
        note = bound_field(app, Ref(Part.MEETING, meeting_id), "learning_note")
        await focus(pilot, note)
        await burst(pilot, ["end", key, "a", "b", "c"])
        assert isinstance(note, NoteField)
        assert note.text == expected
        assert store.meeting(meeting_id).learning_note == expected


async def test_ctrl_u_before_tab_clears_the_field_it_was_typed_in_not_the_next(
    store: Store,
) -> None:
    """Tab is a priority binding: it moves the cursor the moment it arrives. Ctrl+U typed
    before it used to act after it, in the next field (the role), wiping that one."""
    meeting_id = fresh_intake(store)
    person = next(p for p in store.meeting(meeting_id).participants if p.party is Party.WORKPLACE)
    store.update_participant(person.id, person.version, name="Xander", role="werkbegeleider")
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        ref = Ref(Part.PARTICIPANT, person.id)
        await focus(pilot, bound_field(app, ref, "name"))
        await burst(
            pilot, ["end", "ctrl+u", *letters("Bram Visser"), "tab", "end", *letters(" (BPV)")]
        )
        assert app.focused is bound_field(app, ref, "role")
    stored = next(p for p in store.meeting(meeting_id).participants if p.id == person.id)
    assert (stored.name, stored.role) == ("Bram Visser", "werkbegeleider (BPV)")


async def test_ctrl_u_and_a_name_before_ctrl_n_are_kept_and_the_next_step_gets_the_rest(
    store: Store,
) -> None:
    meeting_id = fresh_intake(store)
    placement = store.meeting(meeting_id).placement
    store.edit(Ref(Part.PLACEMENT, placement.id), placement.version, {"team": TEAM})
    app = make_app(store, open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, bound_field(app, Ref(Part.PLACEMENT, placement.id), "team"))
        # The learning step of a new intake opens in its note (no goal yet to type in).
        await burst(pilot, ["ctrl+u", *letters("De Haven"), "ctrl+n", *letters("Kijkt mee")])
        assert current_step(app) is Step.LEARNING
    m = store.meeting(meeting_id)
    assert m.placement.team == "De Haven"
    assert m.learning_note == "Kijkt mee"


async def test_end_ctrl_u_and_a_name_in_one_burst_name_the_export(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    meeting_id = complete_intake(store, signed=False)
    app = make_app(store, settings=exports_in(folder), open_meeting=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, ["ctrl+s", "end", "ctrl+u", *letters("haven-intake.md"), "enter"])
        await settle_until(pilot, lambda: folder.is_dir() and any(folder.iterdir()), "an export")
    assert [p.name for p in folder.iterdir()] == ["haven-intake.md"]


async def test_names_corrected_in_a_burst_in_the_new_intake_dialog_start_the_intake(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await burst(
            pilot,
            [
                "ctrl+n",
                *letters("Mila Jansne"),
                "backspace",
                "backspace",
                *letters("en"),
                "enter",
                *letters("Buurtzorg"),
                "ctrl+w",
                *letters("Zorgboog"),
                "home",
                *letters("De "),
                "enter",
            ],
        )
        assert current_step(app) is Step.PARTICIPANTS
    [placement] = store.placements()
    assert (placement.student, placement.organisation) == ("Mila Jansen", "De Zorgboog")


async def test_the_search_field_clears_before_the_letters_typed_after_ctrl_u(
    store: Store,
) -> None:
    complete_intake(store, signed=False)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, [*letters("xyz"), "ctrl+u", *letters("noa")])
        search = app.screen.query_one("#search", Input)
        assert search.value == "noa"


async def test_the_menus_search_field_clears_before_the_letters_typed_after_ctrl_u(
    store: Store,
) -> None:
    app = make_app(store, open_meeting=fresh_intake(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in [*letters("xyz"), "ctrl+u", *letters("stap 2")]:
            app.post_message(key_event(key))
        search = app.screen.query_one(Input)
        await settle_until(pilot, lambda: search.value == "stap 2", "the search reads 'stap 2'")


def text_fields(widgets: list[Widget]) -> list[Widget]:
    return [w for w in widgets if isinstance(w, (Input, TextArea))]


async def test_every_text_field_driehoek_shows_keeps_its_keys_in_order(store: Store) -> None:
    """Home (search), the new-intake dialog, every step of an intake, the export dialog, the
    menu, and the placement view: each text field there is one of ours."""
    meeting_id = complete_intake(store, signed=False)
    app = make_app(store, settings=exports_in(Path("/nonexistent")), open_meeting=meeting_id)
    seen: list[Widget] = []

    def look() -> None:
        fields = text_fields(list(app.screen.query("*")))
        assert fields, f"no text field on {app.screen!r}"
        stray = [w for w in fields if not isinstance(w, KeysInOrder)]
        assert not stray, f"on {app.screen!r}: {stray}"
        seen.extend(fields)

    async with app.run_test(size=SIZE) as pilot:
        for step in (Step.PARTICIPANTS, Step.LEARNING, Step.WORKPLACE, Step.DECISION):
            await walk_to(pilot, step)
            look()
        for key in ("ctrl+s", "ctrl+p"):
            await pilot.press(key)
            await pilot.pause()
            look()
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        look()
        await pilot.press("ctrl+n")
        await pilot.pause()
        look()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await settle_until(pilot, lambda: bool(app.screen.query("#outcome-reason")), "placement")
        look()
    assert len(seen) > 10


def test_no_binding_of_a_text_field_can_be_moved_by_the_settings_file() -> None:
    """`KeysInOrder` runs a field's bindings as the class declares them; the settings file's
    keymap moves bindings by id, so none of these may have one."""
    for cls in (Input, TextArea):
        for bindings in (
            cls._merged_bindings.key_to_bindings.values() if cls._merged_bindings else []
        ):
            assert all(b.id is None for b in bindings), cls


async def test_a_name_and_enter_in_one_burst_open_the_placement_typed_not_the_top_one(
    store: Store,
) -> None:
    """Typing a name and Enter faster than the screen hears of the change (a laggy link, a
    browser's queued keys) opens that name's meeting, not the one at the top of the list."""
    top = complete_intake(store, signed=False)  # Noa Dijkstra: listed first
    wanted = fresh_intake(store)  # Ravi Pinas
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle_until(
            pilot,
            lambda: app.screen.query_one("#placements", DataTable).row_count == 2,
            "both placements are listed",
        )
        assert store.placements()[0].id == store.meeting(top).placement.id
        await burst(pilot, [*letters("pinas"), "enter"])
        await settle_until(
            pilot, lambda: isinstance(app.screen, MeetingScreen), "a meeting is open"
        )
        assert meeting_screen(driehoek(pilot)).meeting.id == wanted


async def test_enter_opens_what_the_search_field_holds_before_the_screen_has_heard_of_it(
    store: Store,
) -> None:
    """The moment the burst above can reach on a loaded machine (CI saw it in a browser): the
    field already holds the name while its change messages still wait for the screen. Enter
    opens the name typed, not the top of the list as it was."""
    complete_intake(store, signed=False)  # Noa Dijkstra: listed first
    wanted = fresh_intake(store)  # Ravi Pinas
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        search = app.screen.query_one("#search", Input)
        with search.prevent(Input.Changed):  # the screen does not hear of it
            search.value = "pinas"
        await pilot.press("enter")
        await settle_until(
            pilot, lambda: isinstance(app.screen, MeetingScreen), "a meeting is open"
        )
        assert meeting_screen(driehoek(pilot)).meeting.id == wanted
