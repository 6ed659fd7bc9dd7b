"""The Textual app: wiring, global keys and the command palette. Screens own their steps."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from driehoek.crashlog import write_crash_log
from driehoek.database import damaged, database_path
from driehoek.flow import Step
from driehoek.i18n import Catalogue, Lang
from driehoek.localize import localized
from driehoek.palette import Palette
from driehoek.paths import styles_dir
from driehoek.screens.help import HelpScreen, key_lines
from driehoek.screens.home import HomeScreen
from driehoek.store import Store
from driehoek.widgets.minutes_view import MINUTES_THEME

if TYPE_CHECKING:
    from driehoek.screens.meeting import MeetingScreen

STOP_GRACE = 3.0
"""Seconds a signal gives the app to save and stop before the process is ended regardless."""

STYLESHEETS = (
    "app.tcss",
    "home.tcss",
    "meeting.tcss",
    "steps.tcss",
    "dialogs.tcss",
    "placement.tcss",
)


@runtime_checkable
class Settles(Protocol):
    """A screen with edits to write before the app stops (the meeting screen)."""

    async def settle(self) -> None: ...


class DriehoekApp(App[None]):
    """Lists placements and meetings, and guides a meeting step by step."""

    TITLE = "driehoek"
    BINDINGS = [
        # Shown on the home screen only; in a meeting the footer is for the meeting's keys.
        Binding("ctrl+q", "quit", "key.quit", show=False, priority=True),
        # Tab as a priority binding moves the focus in order with the keys around it, so
        # "Tab, then type" in one burst (a laggy SSH link) types into the next field.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
        Binding("f1", "help", "key.help", show=False),
        # Not shown as a key of its own: the footer always shows the palette at its right end.
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
    ]

    def __init__(self, store: Store, lang: Lang, *, open_meeting: int | None = None) -> None:
        styles = styles_dir()
        super().__init__(css_path=[styles / name for name in STYLESHEETS])
        self.console.push_theme(MINUTES_THEME)
        self.store = store
        self.lang: Lang = lang
        self.t = Catalogue(lang)
        self._open_meeting = open_meeting

    def on_mount(self) -> None:
        if not self.is_headless:
            self._handle_stop_signals()
        home = localized(HomeScreen, self.lang)(
            self.store, self.t, self.open_meeting, self.open_placement
        )
        self.push_screen(home)
        if self._open_meeting is not None:
            self.push_screen(self._meeting_screen(self._open_meeting))

    async def save_all(self) -> None:
        """Write every edit of every open meeting, keys still queued in fields included."""
        for screen in self.screen_stack:
            if isinstance(screen, Settles):
                await screen.settle()

    async def action_quit(self) -> None:
        """Stop; everything typed is saved first."""
        await self.save_all()
        self.exit()

    def _handle_stop_signals(self) -> None:
        """Save before stopping on SIGHUP (a dropped SSH link) and SIGTERM (a shutdown).

        SIGHUP goes through `signal.signal`, so it runs before the SIGCONT the kernel sends with
        it: Textual's SIGCONT handler would re-enter application mode on the dead terminal,
        and its writer thread, dying on the write error, can leave the exit blocked for ever.
        After a hang-up there is no terminal to restore, so the process leaves at once when
        the edits are saved. Each stop has a watchdog, so no signal ever leaves us hanging.
        """
        loop = asyncio.get_running_loop()

        def stop(signum: int) -> None:
            watchdog = threading.Timer(STOP_GRACE, os._exit, (128 + signum,))
            watchdog.daemon = True
            watchdog.start()
            self.call_later(self._save_and_stop, signum)

        def hang_up(signum: int, _frame: object) -> None:
            signal.signal(signal.SIGCONT, signal.SIG_DFL)
            loop.call_soon_threadsafe(stop, signum)

        signal.signal(signal.SIGHUP, hang_up)
        loop.add_signal_handler(signal.SIGTERM, stop, signal.SIGTERM)

    async def _save_and_stop(self, signum: int) -> None:
        await self.save_all()
        if signum == signal.SIGHUP:
            self.store.close()  # the database file alone holds it all (see Store.close)
            os._exit(128 + signum)  # committed is durable; the terminal is gone
        self.exit()

    async def action_help(self) -> None:
        """The keys of this screen, and how a meeting goes."""
        if isinstance(self.screen, HelpScreen):
            return
        keys = key_lines(self.screen, self.t)
        await self.push_screen(localized(HelpScreen, self.lang)(keys, self.t))

    def _meeting_screen(self, meeting_id: int, step: Step | None = None) -> MeetingScreen:
        # The meeting and placement screens (every step, the minutes' Markdown) are imported
        # when first shown: the list a coordinator opens first comes up sooner without them.
        from driehoek.screens.meeting import MeetingScreen

        return localized(MeetingScreen, self.lang)(self.store, self.t, meeting_id, step)

    async def open_placement(self, placement_id: int) -> None:
        """Show a placement over time; returns when it is on screen."""
        from driehoek.screens.placement import PlacementScreen

        screen = localized(PlacementScreen, self.lang)(
            self.store, self.t, placement_id, self.open_meeting
        )
        await self.push_screen(screen)

    async def open_meeting(
        self, meeting_id: int, *, step: Step | None = None, add: bool = False
    ) -> None:
        """Show a meeting at `step`, else at the first step that still needs something, and
        with `add` a new line there (quick entry: one key from the list to a new agreement);
        returns when it is mounted and focused."""
        screen = self._meeting_screen(meeting_id, step)
        await self.push_screen(screen)
        if add:
            await screen.action_add()

    def _fatal_error(self) -> None:
        # Textual's report (a traceback with local variables) would show student data on a
        # shared screen. Overriding this private hook is the only way to replace it; the test
        # extra pins Textual, and tests/e2e checks that a crash shows our sentence instead.
        error = sys.exception()
        if damaged(error):  # not a bug: the file is damaged; say so, and what to do
            path = database_path(self.store.db)
            self.exit(return_code=2, message=Text(self.t("error.damaged_app", path=path)))
            return
        log = write_crash_log(error) if error is not None else None
        self.bell()
        self.exit(return_code=1, message=Text(self.t("error.crash", log=log or "-")))

    def action_command_palette(self) -> None:
        """The palette, with its prompt in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(Palette(self.t))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The current screen's actions first, then the app's, all translated.

        Textual's own English entries (screenshot, maximise, the English key panel) are left
        out: the people at the table read Dutch, and none of them is needed in a meeting.
        """
        t = self.t
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        yield SystemCommand(t("cmd.help"), t("cmd.help.help"), self.action_help)
        yield SystemCommand(t("cmd.theme"), t("cmd.theme.help"), self.action_change_theme)
        yield SystemCommand(t("cmd.quit"), t("cmd.quit.help"), self.action_quit)


def make_app(store: Store, *, lang: Lang = "nl", open_meeting: int | None = None) -> DriehoekApp:
    """Build the app around its store; the command line and the tests both come through here.

    Args:
        store: The data, on a connection owned by the thread that runs the app.
        lang: The language of every label, key and message.
        open_meeting: A meeting to show straight away, above the home screen.
    """
    app_class = localized(DriehoekApp, lang)
    return app_class(store, lang, open_meeting=open_meeting)


__all__ = ["DriehoekApp", "make_app"]
