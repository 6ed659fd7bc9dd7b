"""driehoek's keys: ones every terminal passes on, named in both languages, F1 to F3 there,
and a bare Escape that never loses anything.

The keys are read from the classes themselves (every `BINDINGS` in src/driehoek), so a new
binding is checked without being listed here. Escape is the one key a slow SSH link can
produce by itself (a split escape sequence), so for each screen the test lists what it does
and then tries the cases where something could be lost.

This file drives the app with Pilot, unlike the rest of tests/unit: it checks the classes and
their behaviour in one place.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

import driehoek
from catalogues import all_texts
from driehoek.app import DriehoekApp, make_app
from driehoek.i18n import LANGUAGES, Catalogue, Lang
from driehoek.screens.export import ExportDialog, SlipDialog
from driehoek.screens.goto_step import GotoStepDialog
from driehoek.screens.help import HelpScreen
from driehoek.screens.home import HomeScreen
from driehoek.screens.meeting import MeetingScreen
from driehoek.screens.minutes_view import MinutesScreen
from driehoek.screens.new_intake import NewIntakeDialog
from driehoek.screens.placement import PlacementScreen
from driehoek.store import Store

SIZE = (80, 24)
STUDENT, ORGANISATION = "Ravi Pinas", "Buurtzorg Oost"

DENIED = {
    "ctrl+space": "swallowed by Windows' ssh.exe and Windows Terminal (microsoft/terminal#2865)",
    "ctrl+@": "the byte ctrl+space sends",
    "ctrl+at": "the byte ctrl+space sends",
    "ctrl+slash": "swallowed by Windows Terminal (microsoft/terminal#19378)",
    "ctrl+/": "swallowed by Windows Terminal (microsoft/terminal#19378)",
    "ctrl+underscore": "what ctrl+/ sends where it arrives at all",
    "ctrl+tab": "switches tabs in Windows Terminal (microsoft/terminal#8931)",
    "ctrl+i": "the same byte as Tab",
    "ctrl+m": "the same byte as Enter",
    "ctrl+h": "the same byte as Backspace in many terminals",
    "ctrl+left_square_bracket": "the same byte as Escape",
    "ctrl+minus": "zooms out in most terminal windows",
    "ctrl+plus": "zooms in in most terminal windows",
    "ctrl+equals_sign": "zooms in in most terminal windows",
    "ctrl+0": "resets the zoom in most terminal windows",
    "f11": "full screen in Windows Terminal and GNOME Terminal",
}
DENIED_PREFIXES = {
    "alt+": "Option on a Mac, and often the window menu elsewhere",
    "meta+": "does not arrive over SSH",
    "super+": "the Windows key: taken by the desktop",
    "hyper+": "does not arrive",
    "cmd+": "taken by macOS",
    "ctrl+shift+": "tabs, copy and paste in Windows Terminal and GNOME (microsoft/terminal#14297)",
}

ESCAPE = {
    # The screen, what Escape does there, and why nothing is lost.
    "ExportDialog": "cancel",  # closes the dialog; nothing is written
    "SlipDialog": "cancel",  # closes the dialog; nothing is written
    "NewIntakeDialog": "cancel",  # closes the dialog; nothing is stored yet
    "GotoStepDialog": "cancel",  # stays on the step
    "HelpScreen": "close",
    "MinutesScreen": "close",
    "HistoryScreen": "close",
    "PlacementScreen": "back",  # back to the list, the outcome and its reason saved first
    "WorkplacesScreen": "back",  # a report: nothing to lose
    "FollowScreen": "back",  # `driehoek follow`: read-only, back to the shared meetings
    "FollowHelp": "close",
    "ReopenDialog": "cancel",  # the minutes stay signed; nothing is written
    "LogDialog": "cancel",  # closes the dialog; nothing is written
    "RecordScreen": "back",  # back to the meeting or the placement, every valid value saved
    "DeleteMeetingDialog": "keep",  # deletes nothing
}
"""Every Escape binding in driehoek. The meeting and the home screen have none: there Escape
does nothing at all (a clash is told under the step, with no dialog to close)."""


def driehoek_classes() -> Iterator[type]:
    """Every class defined in src/driehoek (the modules imported, `__main__` left out)."""
    for info in pkgutil.walk_packages(driehoek.__path__, "driehoek."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name:
                yield cls


def own_bindings() -> list[tuple[type, Binding]]:
    """Every binding a driehoek class declares itself (not the ones Textual's classes bring)."""
    found = []
    for cls in driehoek_classes():
        for item in cls.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            found.append((cls, binding))
    assert len(found) > 20, "the bindings were not found"
    return found


def keys_of(binding: Binding) -> list[str]:
    return [key.strip().lower() for key in binding.key.split(",")]


def test_no_key_is_one_that_terminals_swallow() -> None:
    bad = []
    for cls, binding in own_bindings():
        for key in keys_of(binding):
            reason = DENIED.get(key) or next(
                (why for prefix, why in DENIED_PREFIXES.items() if key.startswith(prefix)), None
            )
            if reason:
                bad.append(f"{cls.__name__}: {key} ({reason})")
    assert bad == []


def test_every_key_described_is_described_in_both_languages() -> None:
    missing = []
    for cls, binding in own_bindings():
        if binding.show and not binding.description:
            missing.append(f"{cls.__name__}: {binding.key} is shown without a description")
        for text in (binding.description, binding.tooltip):
            for lang in LANGUAGES:
                if text and not (Catalogue(lang).has(text) and Catalogue(lang)(text).strip()):
                    missing.append(f"{cls.__name__}: {binding.key} {text!r} has no {lang} text")
    assert missing == []


def test_f1_f2_and_f3_are_bound() -> None:
    def action(cls: type, key: str) -> list[str]:
        return [b.action for c, b in own_bindings() if c is cls and key in keys_of(b)]

    assert action(DriehoekApp, "f1") == ["help"]
    assert action(MeetingScreen, "f2") == ["presenting"]
    assert action(MeetingScreen, "f3") == ["focus_mode"]


def test_escape_only_closes_a_dialog_or_goes_back() -> None:
    found = {cls.__name__: b.action for cls, b in own_bindings() if "escape" in keys_of(b)}
    assert found == ESCAPE
    for cls, binding in own_bindings():
        if "escape" in keys_of(binding) and binding.action == "back":
            assert issubclass(cls, Screen)
        elif "escape" in keys_of(binding):
            assert issubclass(cls, ModalScreen), f"{cls.__name__}: Escape closes a non-dialog"


# -- the app, in both languages -------------------------------------------------------------


def app_on(store: Store, lang: Lang = "nl") -> DriehoekApp:
    """The app on one fresh intake: Ravi Pinas at Buurtzorg Oost."""
    store.new_intake(STUDENT, ORGANISATION)
    app = make_app(store, lang=lang)
    app.animation_level = "none"
    return app


def app_of(pilot: Pilot[None]) -> DriehoekApp:
    app = pilot.app
    assert isinstance(app, DriehoekApp)
    return app


def shown_descriptions(app: DriehoekApp) -> list[str]:
    """The descriptions of the keys the current screen's footer shows."""
    return [a.binding.description for a in app.screen.active_bindings.values() if a.binding.show]


async def tab_to(pilot: Pilot[None], selector: str) -> Widget:
    """Press Tab until the widget `selector` names has the focus."""
    app = app_of(pilot)
    widget = app.screen.query_one(selector)
    for _ in range(20):
        if app.focused is widget:
            return widget
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_every_footer_shows_its_keys_in_the_language(store: Store, lang: Lang) -> None:
    texts = all_texts(lang)
    app = app_on(store, lang)
    visits = [
        ([], HomeScreen),
        (["ctrl+n"], NewIntakeDialog),
        (["escape", "enter"], MeetingScreen),
        (["ctrl+g"], GotoStepDialog),
        (["escape", "ctrl+r"], MinutesScreen),
        (["escape", "ctrl+s"], ExportDialog),
        (["escape", "f1"], HelpScreen),
        (["escape", "ctrl+l", "ctrl+o"], PlacementScreen),
        (["ctrl+s"], SlipDialog),
    ]
    async with app.run_test(size=SIZE) as pilot:
        for keys, screen in visits:
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            shown = shown_descriptions(app)
            assert shown, f"{screen.__name__} shows no keys"
            untranslated = [d for d in shown if d not in texts]
            assert untranslated == [], f"{screen.__name__} in {lang}"


async def test_f1_f2_and_f3_do_what_the_help_says(store: Store) -> None:
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1", "enter")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("f2")
        assert app.screen.has_class("-presenting")
        await pilot.press("f3")
        assert app.screen.has_class("-focus")
        await pilot.press("f2", "f3")
        assert not app.screen.has_class("-presenting", "-focus")


# -- Escape, where something could be lost ----------------------------------------------------


async def test_escape_in_the_export_dialog_writes_nothing(
    store: Store, tmp_path: Path, own_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    home = sorted(own_home.rglob("*"))
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+s")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("driehoek.db")] == []
    assert sorted(own_home.rglob("*")) == home  # not even the exports folder was made


async def test_escape_in_a_step_keeps_what_was_typed(store: Store) -> None:
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+g", "2", "ctrl+t", *"Plannen", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        focused = app.focused
        assert isinstance(focused, (Input, TextArea))
        assert (focused.text if isinstance(focused, TextArea) else focused.value) == "Plannen"
        await pilot.press("escape", "ctrl+q")
    meeting = store.meeting(store.meetings()[0].id)
    assert [g.text for g in meeting.goals] == ["Plannen"]


async def test_escape_in_the_placement_view_saves_the_reason(store: Store) -> None:
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, PlacementScreen)
        await tab_to(pilot, "#outcome-reason")
        await pilot.press(*"Verhuisd", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    placement = store.placement(store.meetings()[0].placement_id)
    assert placement.outcome_reason == "Verhuisd"


async def test_escape_on_the_home_screen_keeps_the_search(store: Store) -> None:
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"rav", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#search", Input).value == "rav"


@pytest.mark.parametrize("keys", [["ctrl+g"], ["ctrl+r"], ["f1"]], ids=["goto", "minutes", "help"])
async def test_escape_from_a_dialog_returns_to_the_same_step(store: Store, keys: list[str]) -> None:
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+g", "3")
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        step = meeting.step
        await pilot.press(*keys, "escape")
        await pilot.pause()
        assert meeting.step is step
        assert app.screen is meeting


async def test_escape_in_the_new_intake_dialog_keeps_the_names_typed(store: Store) -> None:
    """A stray Escape (a slow link) must not throw away the names typed so far: ctrl+n again
    shows them."""
    app = app_on(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", *"Sanne de Boer", "enter", *"Zorg", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(store.meetings()) == 1  # nothing was started
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewIntakeDialog)
        assert (dialog.student.value, dialog.organisation.value) == ("Sanne de Boer", "Zorg")
