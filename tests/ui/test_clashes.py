"""Two coordinators on one field: whatever is pressed, neither version is lost.

A and B have the same meeting open, the cursor in the same note. A's text is saved first; B
typed on the version before it. The issue found five ways to lose B's text; each is a test
here, with two apps on one database file, and each checks that the database holds both texts
afterwards (one in place, one set aside), what each coordinator sees, and where B's keys went:

(a) Ctrl+Q right after typing, before the autosave's pause;
(b) Enter meant as a new line, with the clash told on screen;
(c) Ctrl+Q with the clash told on screen;
(d) keys typed (a burst over a laggy link) while the clash is told;
(e) a hang-up, with the clash found or still to be found.
"""

from __future__ import annotations

import os
import signal

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from driehoek import asides
from driehoek.app import DriehoekApp, make_app
from driehoek.domain import Part
from driehoek.flow import Step
from driehoek.screens.history import HistoryScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import (
    SIZE,
    burst,
    letters,
    meeting_screen,
    notice,
    region_text,
    saved,
    squeezed,
    tab_to,
    toasts,
    type_text,
    unsaved,
    walk_to,
)

NOTE = "Leert door te doen"
A_TEXT = f"{NOTE}, en door te vragen (A)"
B_TEXT = f"{NOTE}, en door te kijken (B)"


def a_meeting(store: Store) -> int:
    meeting_id = store.new_intake("Fenna Kuipers", "Zorgboerderij De Vlasakker")
    store.update_meeting(meeting_id, store.meeting(meeting_id).version, learning_note=NOTE)
    return meeting_id


def in_place(store: Store, meeting_id: int) -> str:
    """The learning note the meeting holds."""
    return store.meeting(meeting_id).learning_note


def kept_aside(store: Store, meeting_id: int) -> list[tuple[str, str]]:
    """Every version of the learning note kept aside: whose, and the text."""
    return [
        (kept.author, str(kept.values["learning_note"]))
        for kept in asides.set_aside_versions(store, meeting_id)
        if kept.ref.part is Part.MEETING
    ]


def note(app: DriehoekApp) -> TextArea:
    return app.screen.query_one("#learning-note", TextArea)


def tells(app: DriehoekApp, *words: str) -> bool:
    """Whether a notification on screen holds every one of `words`."""
    return any(all(squeezed(w) in squeezed(toast) for w in words) for toast in toasts(app))


async def both_in_the_note(pilots: tuple[Pilot[None], Pilot[None]]) -> None:
    for pilot in pilots:
        await walk_to(pilot, Step.LEARNING)
        await tab_to(pilot, "#learning-note")
        await pilot.press("end")


async def a_saves_first_b_types_on_the_old_version(
    pilot_a: Pilot[None], pilot_b: Pilot[None], store: Store, meeting_id: int
) -> None:
    """A's text is stored; B, whose cursor kept her own text, types hers (not yet saved)."""
    await both_in_the_note((pilot_a, pilot_b))
    await type_text(pilot_a, A_TEXT.removeprefix(NOTE))
    await settle_until(pilot_a, lambda: in_place(store, meeting_id) == A_TEXT, "A's note stored")
    await type_text(pilot_b, B_TEXT.removeprefix(NOTE))


async def b_is_told(pilot_b: Pilot[None]) -> None:
    app = pilot_b.app
    assert isinstance(app, DriehoekApp)
    await settle_until(pilot_b, lambda: "coordinator-a" in notice(app), "B is told of the clash")


async def a_is_told(pilot_a: Pilot[None]) -> None:
    """A's screen polls, sees that B's version was set aside, and says so in a notification;
    A's cursor stays in A's note, with A's text."""
    app = pilot_a.app
    assert isinstance(app, DriehoekApp)
    await settle_until(
        pilot_a,
        lambda: tells(app, "coordinator-b", "apart bewaard"),
        "A is told that B's version is kept aside",
    )
    assert app.focused is note(app)
    assert note(app).text == A_TEXT


async def test_a_ctrl_q_right_after_typing_keeps_both_versions(
    two_stores: tuple[Store, Store],
) -> None:
    """(a) B quits before the autosave's pause: the save on the way out finds the clash."""
    store_a, store_b = two_stores
    meeting_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await a_saves_first_b_types_on_the_old_version(pilot_a, pilot_b, store_a, meeting_id)
        assert unsaved(app_b), "B's edit waits for the pause: Ctrl+Q comes before it"
        await pilot_b.press("ctrl+q")
        await settle_until(pilot_b, lambda: not app_b.is_running, "B's app has stopped")
        assert app_b.return_code == 0
        assert in_place(store_a, meeting_id) == A_TEXT
        assert kept_aside(store_a, meeting_id) == [("coordinator-b", B_TEXT)]
        await a_is_told(pilot_a)


async def test_b_enter_meant_as_a_new_line_goes_into_the_text_and_chooses_nothing(
    two_stores: tuple[Store, Store],
) -> None:
    """(b) The clash is told under the step; B, typing, presses Enter for a new line and
    types on. The Enter is a new line in B's text; nothing was chosen; both are kept."""
    store_a, store_b = two_stores
    meeting_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await a_saves_first_b_types_on_the_old_version(pilot_a, pilot_b, store_a, meeting_id)
        await b_is_told(pilot_b)
        assert A_TEXT in notice(app_b)  # B reads what is in place
        # Set aside when the clash was found (perhaps while B typed on: the rest follows at
        # the pause, as any typing is saved).
        await saved(pilot_b)
        assert kept_aside(store_a, meeting_id) == [("coordinator-b", B_TEXT)]
        assert app_b.focused is note(app_b), "the notice does not take the cursor"

        await pilot_b.press("enter")
        await type_text(pilot_b, "Vraagt om hulp")
        mine = f"{B_TEXT}\nVraagt om hulp"
        assert note(app_b).text == mine
        assert app_b.focused is note(app_b)
        await saved(pilot_b)
        assert in_place(store_a, meeting_id) == A_TEXT, "A's text was overwritten"
        assert kept_aside(store_a, meeting_id) == [("coordinator-b", mine)]
        assert "coordinator-a" in notice(app_b)
        await a_is_told(pilot_a)


async def test_c_ctrl_q_with_the_clash_told_keeps_both_versions(
    two_stores: tuple[Store, Store],
) -> None:
    """(c) Ctrl+Q while the notice is up (and B typed on since): both stay, B's whole."""
    store_a, store_b = two_stores
    meeting_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await a_saves_first_b_types_on_the_old_version(pilot_a, pilot_b, store_a, meeting_id)
        await b_is_told(pilot_b)
        await type_text(pilot_b, " en leest")
        await pilot_b.press("ctrl+q")
        await settle_until(pilot_b, lambda: not app_b.is_running, "B's app has stopped")
        assert app_b.return_code == 0
        assert in_place(store_a, meeting_id) == A_TEXT
        assert kept_aside(store_a, meeting_id) == [("coordinator-b", f"{B_TEXT} en leest")]
        await a_is_told(pilot_a)


async def test_d_keys_typed_while_the_clash_is_told_land_in_the_field_and_are_kept(
    two_stores: tuple[Store, Store],
) -> None:
    """(d) A burst of keys (a laggy link) while the notice is up: every one lands in B's
    note, is kept with her version, and Ctrl+O then puts all of it in place."""
    store_a, store_b = two_stores
    meeting_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await a_saves_first_b_types_on_the_old_version(pilot_a, pilot_b, store_a, meeting_id)
        await b_is_told(pilot_b)
        await burst(pilot_b, letters(" en doet het na"))
        mine = f"{B_TEXT} en doet het na"
        assert note(app_b).text == mine
        assert kept_aside(store_a, meeting_id) == [("coordinator-b", mine)]
        assert in_place(store_a, meeting_id) == A_TEXT

        await pilot_b.press("ctrl+o")  # B's version, up to the last key, goes in place
        await settle_until(
            pilot_b, lambda: in_place(store_a, meeting_id) == mine, "B's version is in place"
        )
        assert kept_aside(store_a, meeting_id) == [("coordinator-a", A_TEXT)]
        assert note(app_b).text == mine
        assert "jouw versie" in notice(app_b).lower()
        await settle_until(
            pilot_a,
            lambda: tells(app_a, "coordinator-b", "andere versie"),
            "A is told that B put B's version in place and A's is kept aside",
        )


@pytest.mark.parametrize("told", [False, True], ids=["before-the-pause", "clash-told"])
async def test_e_a_hang_up_with_a_clash_pending_keeps_both_versions(
    two_stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, told: bool
) -> None:
    """(e) The SSH link drops: the app saves through each screen's settle(), then leaves at
    once (`os._exit`, caught here). Whether the clash was found already or is found by that
    save, both versions stay."""
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    store_a, store_b = two_stores
    meeting_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await a_saves_first_b_types_on_the_old_version(pilot_a, pilot_b, store_a, meeting_id)
        mine = B_TEXT
        if told:
            await b_is_told(pilot_b)
            await type_text(pilot_b, " tot het laatst")
            mine = f"{B_TEXT} tot het laatst"
        assert unsaved(app_b)
        app_b.call_later(app_b._leave_without_terminal)  # what the SIGHUP handler does
        await settle_until(pilot_b, lambda: exits == [128 + signal.SIGHUP], "B's app left")
        assert in_place(store_a, meeting_id) == A_TEXT
        assert kept_aside(store_a, meeting_id) == [("coordinator-b", mine)]
        await a_is_told(pilot_a)


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await pilot.press("ctrl+p")
    await type_text(pilot, "Geschiedenis")
    await pilot.press("enter")
    app = pilot.app
    await settle_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "History is open")
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def test_a_version_kept_aside_is_put_back_from_the_history_with_one_key(
    two_stores: tuple[Store, Store],
) -> None:
    """B did not swap at once: later, in Geschiedenis, Enter on B's version puts it back; A's
    is kept aside in its turn, A is told, and A's screen shows B's text."""
    store_a, store_b = two_stores
    meeting_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await a_saves_first_b_types_on_the_old_version(pilot_a, pilot_b, store_a, meeting_id)
        await b_is_told(pilot_b)
        await pilot_a.press("shift+tab")  # A's cursor leaves the note
        history = await open_history(pilot_b)
        assert "coordinator-b" in region_text(app_b, history.query_one("#set-aside-table"))
        whole = region_text(app_b, history.query_one("#set-aside-preview"))
        assert squeezed(B_TEXT) in squeezed(whole)  # the whole version, under the table

        await pilot_b.press("enter")  # the one key
        await settle_until(
            pilot_b, lambda: in_place(store_a, meeting_id) == B_TEXT, "B's version is in place"
        )
        assert kept_aside(store_a, meeting_id) == [("coordinator-a", A_TEXT)]
        table = history.query_one("#set-aside-table")
        await settle_until(
            pilot_b,
            lambda: "coordinator-a" in region_text(app_b, table),
            "History lists A's version, kept aside now",
        )
        assert tells(app_b, "Teruggezet")
        await pilot_b.press("escape")
        await settle_until(pilot_b, lambda: note(app_b).text == B_TEXT, "B's note shows B's text")
        assert notice(app_b) == "", "settled in the history: the notice is gone"
        # The swap is an edit like any other: audited, and its content never in the trail.
        trail = {(e.user, e.action, e.entity) for e in store_a.history(meeting_id)}
        assert ("coordinator-b", "put_back", "set_aside") in trail
        assert ("coordinator-b", "change", "meetings") in trail

        await settle_until(
            pilot_a,
            lambda: note(app_a).text == B_TEXT and tells(app_a, "coordinator-b", "andere versie"),
            "A shows B's note and is told A's version is kept aside",
        )
        assert meeting_screen(app_a).meeting.learning_note == B_TEXT
