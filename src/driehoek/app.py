"""The Textual app: wiring, global keys and the command palette. Screens own their steps."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.driver import Driver
from textual.screen import Screen

from driehoek import settings as settings_file
from driehoek.crashlog import CRASH_EXIT, log_crash
from driehoek.database import damaged, database_path
from driehoek.files import ExportFolder
from driehoek.flow import Step
from driehoek.i18n import Catalogue, Lang
from driehoek.localize import localized
from driehoek.palette import Palette
from driehoek.paths import styles_dir
from driehoek.screens.help import HelpScreen, key_lines
from driehoek.screens.home import HomeScreen
from driehoek.settings import Settings
from driehoek.store import Store
from driehoek.textual_private import CrashScreen, InputFailed, TerminalLost, crash_proof
from driehoek.widgets.minutes_view import MINUTES_THEME

if TYPE_CHECKING:
    from driehoek.screens.meeting import MeetingScreen

STOP_GRACE = 3.0
"""Seconds SIGTERM gives the app to save and stop before the process is ended regardless."""

LOST_GRACE = 1.5
"""Seconds a lost terminal (hang-up, EOF, read error) gives the app to save before the process
ends regardless: gone within 2 s. Saving takes milliseconds, unless another session holds the
write lock that long (an erase rewriting the file); then the last second of typing is lost,
as with a kill."""

LOST_EXIT = 128 + signal.SIGHUP
"""The exit code after the terminal went away, as a shell reports a hang-up."""

PROBLEM_SECONDS = 12.0
"""How long a problem with the settings file stays on screen: long enough to read a path."""

STYLESHEETS = (
    "app.tcss",
    "home.tcss",
    # Read at start with the two the first screen needs: reading them when the first other
    # screen was shown (reparsing the stylesheet under mounted widgets) crashed a session once
    # under random keys (tests/e2e/test_kill_at_random.py: a TextArea without its component
    # styles), for some 10 ms at start.
    "meeting.tcss",
    "steps.tcss",
    "dialogs.tcss",
    "placement.tcss",
)


@runtime_checkable
class Settles(Protocol):
    """A screen with edits to write before the app stops (the meeting screen)."""

    async def settle(self) -> None: ...


@runtime_checkable
class Leaves(Protocol):
    """A screen with something to tidy when the app stops (a meeting started and left empty)."""

    def leave(self) -> None: ...


class DriehoekApp(CrashScreen):
    """Lists placements and meetings, and guides a meeting step by step."""

    TITLE = "driehoek"
    BINDINGS = [
        # Shown on the home screen only; in a meeting the footer is for the meeting's keys.
        Binding("ctrl+q", "quit", "key.quit", show=False, priority=True, id="app.quit"),
        # Tab as a priority binding moves the focus in order with the keys around it, so
        # "Tab, then type" in one burst (a laggy SSH link) types into the next field.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
        Binding("f1", "help", "key.help", show=False, id="app.help"),
        # Not shown as a key of its own: the footer always shows the palette at its right end.
        Binding(
            "ctrl+p", "command_palette", "key.palette", show=False, priority=True, id="app.palette"
        ),
    ]

    def __init__(
        self,
        store: Store,
        lang: Lang,
        *,
        settings: Settings | None = None,
        open_meeting: int | None = None,
    ) -> None:
        styles = styles_dir()
        paths: list[str | PurePath] = [styles / name for name in STYLESHEETS]
        super().__init__(css_path=paths)
        self.console.push_theme(MINUTES_THEME)
        self.store = store
        self.lang: Lang = lang
        self.t = Catalogue(lang)
        self.settings = settings or Settings()
        self._open_meeting = open_meeting
        self._saved_theme = self.theme
        """The theme the settings file holds (or the default): a change from it is kept."""
        self._crashed = False
        self._terminal_gone = False
        self._lost_watchdog = False

    def get_driver_class(self) -> type[Driver]:
        return crash_proof(super().get_driver_class())  # see textual_private

    def on_mount(self) -> None:
        if not self.is_headless:
            self._handle_stop_signals()
        self._apply_settings()
        home = localized(HomeScreen, self.lang)(
            self.store, self.t, self.open_meeting, self.open_placement
        )
        self.push_screen(home)
        if self._open_meeting is not None:
            self.push_screen(self._meeting_screen(self._open_meeting))

    def _apply_settings(self) -> None:
        """The file's theme and keys; each of its problems told once, in one line."""
        chosen = self.settings
        problems = list(chosen.problems)
        if chosen.theme is not None:
            if chosen.theme in self.available_themes:
                self._saved_theme = chosen.theme
                self.theme = chosen.theme
            else:
                problems.append(settings_file.theme_problem(chosen))
        self.set_keymap(dict(chosen.keys))
        for problem in problems:
            self.notify(
                settings_file.describe(problem, self.t),
                severity="warning",
                timeout=PROBLEM_SECONDS,
                markup=False,
            )

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the menu is written to the settings file, for the next start."""
        path = self.settings.path
        if path is None or theme == self._saved_theme:
            return
        self._saved_theme = theme
        try:
            settings_file.save_theme(path, theme)
        except (OSError, ValueError) as e:
            reason = (
                e.strerror if isinstance(e, OSError) and e.strerror else self.t("settings.broken")
            )
            self.notify(
                self.t("settings.theme_not_saved", path=path, reason=reason),
                severity="warning",
                markup=False,
            )

    def export_folder(self) -> ExportFolder:
        """Where Ctrl+S writes on this machine: the settings' exports folder, never a name of
        the open database."""
        database = database_path(self.store.db)
        return ExportFolder(
            self.settings.exports_folder,
            databases=(database,) if database is not None else (),
            create=self.settings.default_exports,
        )

    async def save_all(self) -> None:
        """Write every edit of every open meeting, keys still queued in fields included; a
        meeting this session started and nobody wrote in is removed (`drafts.leave`)."""
        for screen in self.screen_stack:
            if isinstance(screen, Settles):
                await screen.settle()
            if isinstance(screen, Leaves):
                screen.leave()

    async def action_quit(self) -> None:
        """Stop; everything typed is saved first."""
        await self.save_all()
        self.exit()

    def _handle_stop_signals(self) -> None:
        """Save before stopping on SIGHUP (a dropped SSH link) and SIGTERM (a shutdown).

        SIGHUP goes through `signal.signal`, so it runs before the SIGCONT the kernel sends with
        it: Textual's SIGCONT handler would re-enter application mode on the dead terminal,
        and its writer thread, dying on the write error, can leave the exit blocked for ever.
        A hang-up then takes the same way out as a terminal that reads EOF (`TerminalLost`).
        Each stop has a watchdog, so no signal ever leaves us hanging.
        """
        loop = asyncio.get_running_loop()

        def hang_up(signum: int, _frame: object) -> None:
            signal.signal(signal.SIGCONT, signal.SIG_DFL)
            self._arm_lost_watchdog()  # here: it holds even if the event loop is stuck
            loop.call_soon_threadsafe(self._leave_without_terminal)

        def terminate() -> None:
            _watchdog(STOP_GRACE, 128 + signal.SIGTERM)
            self.call_later(self._save_and_stop)

        signal.signal(signal.SIGHUP, hang_up)
        loop.add_signal_handler(signal.SIGTERM, terminate)

    async def _save_and_stop(self) -> None:
        await self.save_all()
        self.exit()

    def on_terminal_lost(self, _message: TerminalLost) -> None:
        """The terminal is gone (EOF, or it cannot be read): save, and end."""
        self._leave_without_terminal()

    def on_input_failed(self, message: InputFailed) -> None:
        """The input thread failed: a bug, reported as any other."""
        self.crashed(message.error)

    def _leave_without_terminal(self) -> None:
        """Save as Ctrl+Q does, then end the process at once, within LOST_GRACE.

        There is no terminal to restore and no one to show anything to, and Textual's own way
        out writes to the terminal and waits for its writer thread, which may be stuck on it.
        """
        if self._terminal_gone:
            return
        self._terminal_gone = True
        self._arm_lost_watchdog()
        self.call_later(self._save_and_leave)

    def _arm_lost_watchdog(self) -> None:
        if not self._lost_watchdog:
            self._lost_watchdog = True
            _watchdog(LOST_GRACE, LOST_EXIT)

    async def _save_and_leave(self) -> None:
        try:
            await self.save_all()
            self.store.close()  # the database file alone holds it all (see Store.close)
        except Exception as error:  # the edits are as safe as they can be; leave all the same
            log_crash(error)
        os._exit(LOST_EXIT)  # committed is durable

    async def action_help(self) -> None:
        """The keys of this screen, and how a meeting goes."""
        if isinstance(self.screen, HelpScreen):
            return
        keys = key_lines(self.screen, self.t)
        await self.push_screen(localized(HelpScreen, self.lang)(keys, self.t))

    def _meeting_screen(
        self, meeting_id: int, step: Step | None = None, *, fresh: bool = False
    ) -> MeetingScreen:
        # The meeting and placement screens (every step, the minutes' Markdown) are imported
        # when first shown: the list a coordinator opens first comes up sooner without them.
        from driehoek.screens.meeting import MeetingScreen

        return localized(MeetingScreen, self.lang)(
            self.store, self.t, meeting_id, step, exports=self.export_folder, fresh=fresh
        )

    async def open_placement(self, placement_id: int) -> None:
        """Show a placement over time; returns when it is on screen."""
        from driehoek.screens.placement import PlacementScreen

        screen = localized(PlacementScreen, self.lang)(
            self.store, self.t, placement_id, self.open_meeting, exports=self.export_folder
        )
        await self.push_screen(screen)

    async def open_meeting(
        self, meeting_id: int, *, step: Step | None = None, add: bool = False, fresh: bool = False
    ) -> None:
        """Show a meeting at `step`, else at the first step that still needs something, and
        with `add` a new line there (quick entry: one key from the list to a new agreement);
        `fresh` for one just started (left unwritten, it goes again). Returns when it is
        mounted and focused."""
        screen = self._meeting_screen(meeting_id, step, fresh=fresh)
        await self.push_screen(screen)
        if add:
            await screen.action_add()

    def crashed(self, error: BaseException | None) -> None:
        """After an unexpected error anywhere: one sentence, the private crash log, exit 70.

        Textual's own report (a traceback with local variables) would show student data on a
        shared screen; textual_private routes every error here instead. A damaged database
        file is not a bug: it is named, with what to do, and the exit code is 2.
        """
        if damaged(error):
            if self._crashed:
                return
            self._crashed = True
            path = database_path(self.store.db) or "-"
            self.exit(return_code=2, message=Text(self.t("error.damaged_app", path=path)))
            return
        log = log_crash(error)
        if self._crashed:
            return  # a second error on the way out: logged, and the first one is told
        self._crashed = True
        self.bell()
        self.exit(return_code=CRASH_EXIT, message=Text(self.t("error.crash", log=log or "-")))

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


def make_app(
    store: Store,
    *,
    lang: Lang = "nl",
    settings: Settings | None = None,
    open_meeting: int | None = None,
) -> DriehoekApp:
    """Build the app around its store; the command line and the tests both come through here.

    Args:
        store: The data, on a connection owned by the thread that runs the app.
        lang: The language of every label, key and message.
        settings: The settings file's (the exports folder, theme, keys, and its problems to
            tell); without it, the defaults, and nothing is written back.
        open_meeting: A meeting to show straight away, above the home screen.
    """
    app_class = localized(DriehoekApp, lang)
    return app_class(store, lang, settings=settings, open_meeting=open_meeting)


def _watchdog(seconds: float, code: int) -> None:
    """End the process with `code` after `seconds`, whatever is still running by then."""
    timer = threading.Timer(seconds, os._exit, (code,))
    timer.daemon = True
    timer.start()


__all__ = ["DriehoekApp", "make_app"]
