"""Two sessions on one file: an open meeting shows the other's saved changes by itself, never
under the cursor; a clash keeps both versions and is told; the history names who, never what.

The waits are for what the test means (the note is stored, the other app shows it), with
`settle_until`: the meeting's poll and the autosave fire on their own timers meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from driehoek import asides
from driehoek.app import DriehoekApp, make_app
from driehoek.domain import Meeting
from driehoek.flow import Step
from driehoek.screens.history import HistoryScreen
from driehoek.store import Store
from waiting import settle_until

from .drive import (
    SIZE,
    key_event,
    meeting_screen,
    notice,
    saved,
    screen_text,
    shows,
    tab_to,
    type_text,
    walk_to,
)

GOAL = "Rapporteren in het dossier"
NOTE = "Leert door te doen"
AGREEMENT = "Wekelijks nabespreken"
A_TEXT = f"{AGREEMENT}, elke dag even (A)"
B_TEXT = f"{AGREEMENT}, om de week (B)"


def a_meeting(store: Store) -> tuple[int, int, int]:
    """A meeting with a goal, a learning note and an agreement; their ids."""
    meeting_id = store.new_intake("Fenna Kuipers", "Zorgboerderij De Vlasakker")
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, GOAL)
    store.update_meeting(meeting_id, store.meeting(meeting_id).version, learning_note=NOTE)
    agreement = store.add_agreement(meeting_id, text=AGREEMENT)
    return meeting_id, goal.id, agreement.id


async def until(pilot: Pilot[None], done: Callable[[], bool], what: str) -> None:
    """Let the app run (its poll, its autosave) until `done()`; on failure, show the screen."""
    try:
        await settle_until(pilot, done, what)
    except AssertionError as e:
        app = pilot.app
        assert isinstance(app, DriehoekApp)
        raise AssertionError(f"{e}\n{screen_text(app)}") from None


def text_of(app: DriehoekApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Input)
    return widget.value


def kept_aside(store: Store, meeting_id: int) -> list[str]:
    """The text of every version kept aside in the meeting, newest first."""
    return [
        str(value)
        for kept in asides.set_aside_versions(store, meeting_id)
        for value in kept.values.values()
    ]


async def test_another_sessions_changes_appear_without_doing_anything(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    meeting_id, goal_id, _ = a_meeting(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await tab_to(pilot, "#way-doing")  # the cursor on a tick box, in no text field
        m = store_b.meeting(meeting_id)
        store_b.update_goal(goal_id, m.goals[0].version, "Methodisch rapporteren")
        store_b.update_meeting(meeting_id, m.version, learning_note="Leert door te kijken")

        await until(
            pilot,
            lambda: (
                text_of(app, f"#goal-{goal_id}") == "Methodisch rapporteren"
                and text_of(app, "#learning-note") == "Leert door te kijken"
                and shows(app, "Methodisch rapporteren")
                and shows(app, "Leert door te kijken")
            ),
            "A shows B's goal and note",
        )

        added = store_b.add_goal(meeting_id)
        store_b.update_goal(added.id, added.version, "Een dienst zelf draaien")
        await until(
            pilot,
            lambda: (
                bool(app.screen.query(f"#goal-{added.id}"))
                and text_of(app, f"#goal-{added.id}") == "Een dienst zelf draaien"
                and shows(app, "Een dienst zelf draaien")
            ),
            "A shows the goal B added",
        )
        assert notice(app) == ""
        assert app.return_code is None
    # A only looked: everything stored is B's.
    m = store_b.meeting(meeting_id)
    assert [g.text for g in m.goals] == ["Methodisch rapporteren", "Een dienst zelf draaien"]
    assert m.learning_note == "Leert door te kijken"


async def a_waits_in_the_note_while_b_changes_it(
    pilot: Pilot[None], store_b: Store, meeting_id: int, goal_id: int
) -> None:
    """A has the cursor in the learning note (typed, saved); B changes that note and the goal;
    A's screen has polled (the goal shows B's text)."""
    app = pilot.app
    assert isinstance(app, DriehoekApp)
    await walk_to(pilot, Step.LEARNING)
    await tab_to(pilot, "#learning-note")
    await pilot.press("end")
    await type_text(pilot, " en door te vragen")
    await saved(pilot)
    m = store_b.meeting(meeting_id)
    assert m.learning_note == f"{NOTE} en door te vragen"
    store_b.update_meeting(meeting_id, m.version, learning_note="Notitie van B")
    store_b.update_goal(goal_id, m.goals[0].version, "Doel van B")
    await until(pilot, lambda: text_of(app, f"#goal-{goal_id}") == "Doel van B", "A polled")


async def test_the_field_with_the_cursor_is_not_overwritten(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    meeting_id, goal_id, _ = a_meeting(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # The poll that showed B's goal is the one that would have overwritten the note.
        await a_waits_in_the_note_while_b_changes_it(pilot, store_b, meeting_id, goal_id)
        assert app.focused is app.screen.query_one("#learning-note")
        assert text_of(app, "#learning-note") == f"{NOTE} en door te vragen"


async def test_the_field_shows_the_other_change_once_the_cursor_has_left_it(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    meeting_id, goal_id, _ = a_meeting(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await a_waits_in_the_note_while_b_changes_it(pilot, store_b, meeting_id, goal_id)
        await pilot.press("shift+tab")  # A leaves the note without typing
        assert app.focused is not app.screen.query_one("#learning-note")
        await until(
            pilot,
            lambda: text_of(app, "#learning-note") == "Notitie van B",
            "A's note shows what is stored once A's cursor is elsewhere",
        )


async def test_typing_on_in_a_field_another_session_changed_meanwhile_keeps_both(
    two_stores: tuple[Store, Store],
) -> None:
    """A's note was not replaced under the cursor, so what A types on is based on A's old
    text: saving it keeps it aside and tells A, never silently replacing B's note."""
    store_a, store_b = two_stores
    meeting_id, goal_id, _ = a_meeting(store_a)
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await a_waits_in_the_note_while_b_changes_it(pilot, store_b, meeting_id, goal_id)
        await type_text(pilot, " (A)")
        await saved(pilot)
        stored = store_b.meeting(meeting_id).learning_note
        assert stored == "Notitie van B", f"B's note was silently overwritten with {stored!r}"
        assert kept_aside(store_b, meeting_id) == [f"{NOTE} en door te vragen (A)"]
        assert "Notitie van B" in notice(app)


async def both_in_the_agreement(pilots: tuple[Pilot[None], Pilot[None]], agreement_id: int) -> None:
    """Both sessions on the agreements step, the cursor at the end of the agreement's text
    (both walk there first: leaving a step prunes empty lines, so nobody empties it before)."""
    for pilot in pilots:
        await walk_to(pilot, Step.AGREEMENTS)
    for pilot in pilots:
        await tab_to(pilot, f"#agreement-{agreement_id}")
        await pilot.press("end")


@pytest.mark.parametrize("mine", [False, True], ids=["theirs-stays", "ctrl-o-mine"])
async def test_the_same_agreement_edited_in_two_apps_keeps_both_and_tells_the_second(
    two_stores: tuple[Store, Store], mine: bool
) -> None:
    """A and B type into the same agreement at the same moment; A's save comes first, so B's
    is the stale one: B's is kept aside and B is told; Ctrl+O swaps them. Neither is lost."""
    store_a, store_b = two_stores
    meeting_id, _, agreement_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    field = f"#agreement-{agreement_id}"
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await both_in_the_agreement((pilot_a, pilot_b), agreement_id)
        # A types (and leaves the field); B types before A's pause in typing has saved it.
        for key in [*A_TEXT.removeprefix(AGREEMENT), "tab"]:
            app_a.post_message(key_event(key))
        await pilot_a.pause()
        for key in B_TEXT.removeprefix(AGREEMENT):
            app_b.post_message(key_event(key))
        await saved(pilot_a)
        await saved(pilot_b)

        assert A_TEXT in notice(app_b)
        assert text_of(app_b, field) == B_TEXT  # the cursor's field keeps what B typed
        assert [a.text for a in store_a.meeting(meeting_id).agreements] == [A_TEXT]
        assert kept_aside(store_a, meeting_id) == [B_TEXT]
        assert notice(app_a) == ""

        await pilot_b.press("ctrl+o" if mine else "tab")  # swap, or leave the field
        await saved(pilot_b)
        expected, other = (B_TEXT, A_TEXT) if mine else (A_TEXT, B_TEXT)
        await until(pilot_b, lambda: text_of(app_b, field) == expected, "B shows the outcome")
        await until(pilot_a, lambda: text_of(app_a, field) == expected, "A shows the outcome")
        for app in (app_a, app_b):
            assert app.return_code is None
    assert [a.text for a in store_a.meeting(meeting_id).agreements] == [expected]
    assert kept_aside(store_a, meeting_id) == [other]


async def test_the_same_agreement_edited_after_a_poll_still_keeps_both(
    two_stores: tuple[Store, Store],
) -> None:
    """As above, but A starts typing only after its screen has polled B's save (coordinators
    rarely type within half a second of each other)."""
    store_a, store_b = two_stores
    meeting_id, _, agreement_id = a_meeting(store_a)
    app_a = make_app(store_a, open_meeting=meeting_id)
    app_b = make_app(store_b, open_meeting=meeting_id)
    async with (
        app_a.run_test(size=SIZE, notifications=True) as pilot_a,
        app_b.run_test(size=SIZE, notifications=True) as pilot_b,
    ):
        await both_in_the_agreement((pilot_a, pilot_b), agreement_id)
        await type_text(pilot_b, B_TEXT.removeprefix(AGREEMENT))
        await saved(pilot_b)
        screen_a = meeting_screen(app_a)
        await until(
            pilot_a,
            lambda: screen_a.meeting.agreements[0].text == B_TEXT,
            "A's meeting screen polled B's save",
        )
        await type_text(pilot_a, A_TEXT.removeprefix(AGREEMENT))
        await saved(pilot_a)
        stored = [a.text for a in store_b.meeting(meeting_id).agreements]
        assert stored == [B_TEXT], f"B's agreement silently lost: {stored}"
        assert kept_aside(store_b, meeting_id) == [A_TEXT]
        assert B_TEXT in notice(app_a)


async def test_the_history_names_who_changed_what_and_holds_no_content(
    two_stores: tuple[Store, Store],
) -> None:
    store_a, store_b = two_stores
    secret = "Zwaluwstaartvlinder"  # a word only the content holds
    meeting_id, goal_id, _ = a_meeting(store_a)
    m = store_b.meeting(meeting_id)
    store_b.update_goal(goal_id, m.goals[0].version, f"Een {secret} tekenen")
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await tab_to(pilot, "#learning-note")
        await type_text(pilot, f" {secret}")
        await saved(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Geschiedenis")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = screen_text(app)
        assert "coordinator-a" in shown
        assert "coordinator-b" in shown
        for word in ("leerdoel", "gesprek", "gewijzigd", "aangemaakt"):
            assert word in shown, word
        assert secret not in shown
        assert secret in store_a.meeting(meeting_id).learning_note
    entries = store_a.history(meeting_id)
    assert ("coordinator-b", "change", "goals", goal_id) in {
        (e.user, e.action, e.entity, e.entity_id) for e in entries
    }
    assert ("coordinator-a", "change", "meetings", meeting_id) in {
        (e.user, e.action, e.entity, e.entity_id) for e in entries
    }
    audit = store_a.db.execute("SELECT * FROM audit").fetchall()
    assert audit
    assert not [row for row in audit if secret in repr(row)]


async def test_other_meetings_saves_leave_the_open_meeting_unread(
    two_stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a shared server most commits are other coordinators' meetings: the open one polls,
    sees they are not its own (`meeting_watch`), and reads nothing again."""
    store_a, store_b = two_stores
    meeting_id, goal_id, _ = a_meeting(store_a)
    other = store_b.new_intake("Job Hendriks", "Kinderopvang De Sterrenhemel")
    app = make_app(store_a, open_meeting=meeting_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await walk_to(pilot, Step.LEARNING)
        await tab_to(pilot, "#way-doing")  # the cursor in no text field
        reads: list[int] = []
        read = store_a.meeting

        def counted_read(meeting: int) -> Meeting:
            reads.append(meeting)
            return read(meeting)

        monkeypatch.setattr(store_a, "meeting", counted_read)
        polled: list[bool] = []
        watch = meeting_screen(app)._watch
        concerns = watch.concerns

        def counted_look() -> bool:
            polled.append(concerns())
            return polled[-1]

        monkeypatch.setattr(watch, "concerns", counted_look)
        for text in ("Rapporteren", "Rapporteren in het dossier", "Een dienst draaien"):
            goal = store_b.add_goal(other)
            store_b.update_goal(goal.id, goal.version, text)
            before = len(polled)
            await until(pilot, lambda: len(polled) > before, "A polled B's save")  # noqa: B023
        assert polled == [False, False, False]
        assert reads == []

        # B's edit of A's own meeting is read and shown, as before.
        m = store_b.meeting(meeting_id)
        store_b.update_goal(goal_id, m.goals[0].version, "Methodisch rapporteren")
        await until(
            pilot,
            lambda: text_of(app, f"#goal-{goal_id}") == "Methodisch rapporteren",
            "A shows B's goal",
        )
        assert reads == [meeting_id]
