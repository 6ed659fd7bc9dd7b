"""The follower's app (`driehoek follow`): the minutes of a meeting as they are written, and
nothing else of driehoek.

An app of its own rather than a mode of `DriehoekApp`: it has no home screen, no meeting
screen, no export and no command palette to reach, and holds a read-only database
(`readonly`) instead of a store, so no key, click or bug can change a byte. It shares the app's
safety net: errors end in one sentence and the private crash log (`CrashScreen`), the terminal
is read by `TerminalDriver`, and a hang-up ends it at once (there is nothing to save).
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.driver import Driver

from driehoek.crashlog import CRASH_EXIT, log_crash
from driehoek.following import Follower, Target
from driehoek.i18n import Catalogue, Lang
from driehoek.localize import localized
from driehoek.paths import styles_dir
from driehoek.readonly import ReadOnlyDatabase
from driehoek.screens.follow import ChooseScreen, FollowHelp, FollowScreen
from driehoek.textual_private import CrashScreen, InputFailed, TerminalLost, crash_proof
from driehoek.widgets.minutes_view import MINUTES_THEME

LOST_EXIT = 128 + signal.SIGHUP
"""The exit code after the terminal went away, as a shell reports a hang-up."""

STYLESHEETS = ("app.tcss", "dialogs.tcss", "follow.tcss")


class FollowApp(CrashScreen):
    """One meeting followed, or a choice of the meetings shared with this follower."""

    TITLE = "driehoek"
    # The palette offers the theme (written to the settings file) and Textual's own commands:
    # a follower needs none of them.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", show=False, priority=True),
        Binding("f1", "help", "key.help", show=False),
    ]

    def __init__(
        self,
        database: ReadOnlyDatabase,
        lang: Lang,
        targets: Sequence[Target],
        clock: Callable[[], datetime],
    ) -> None:
        styles = styles_dir()
        super().__init__(css_path=[styles / name for name in STYLESHEETS])
        self.console.push_theme(MINUTES_THEME)
        self.database = database
        self.lang: Lang = lang
        self.t = Catalogue(lang)
        self.targets = list(targets)
        self.clock = clock
        self._crashed = False

    def get_driver_class(self) -> type[Driver]:
        return crash_proof(super().get_driver_class())  # see textual_private

    def on_mount(self) -> None:
        if not self.is_headless:
            signal.signal(signal.SIGHUP, lambda _signum, _frame: os._exit(LOST_EXIT))
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)
        if len(self.targets) == 1:
            self.follow(self.targets[0])
        else:
            self.push_screen(localized(ChooseScreen, self.lang)(self.targets, self.t))

    def follow(self, target: Target, *, back: bool = False) -> None:
        """Show `target`'s minutes as they are written."""
        follower = Follower(
            self.database, target.meeting_id, self.lang, self.clock, share_id=target.share_id
        )
        self.push_screen(localized(FollowScreen, self.lang)(follower, self.t, back=back))

    @on(ChooseScreen.Chosen)
    def _chosen(self, message: ChooseScreen.Chosen) -> None:
        self.follow(message.target, back=True)

    async def action_help(self) -> None:
        """What this screen is, and its keys."""
        if not isinstance(self.screen, FollowHelp):
            await self.push_screen(localized(FollowHelp, self.lang)(self.t))

    def on_terminal_lost(self, _message: TerminalLost) -> None:
        """The terminal is gone: nothing to save, no one to show anything to."""
        os._exit(LOST_EXIT)

    def on_input_failed(self, message: InputFailed) -> None:
        """The input thread failed: a bug, reported as any other."""
        self.crashed(message.error)

    def crashed(self, error: BaseException | None) -> None:
        """One sentence and the private crash log, never a traceback on the screen."""
        log = log_crash(error)
        if self._crashed:
            return
        self._crashed = True
        message = Text(self.t("error.crash_command", log=log or "-"))
        self.exit(return_code=CRASH_EXIT, message=message)


def make_follow_app(
    database: ReadOnlyDatabase,
    lang: Lang,
    targets: Sequence[Target],
    *,
    clock: Callable[[], datetime],
) -> FollowApp:
    """Build the follower's app; the command line and the tests both come through here.

    Args:
        database: Opened with `readonly.open_read_only`.
        lang: The language of every label and of the minutes.
        targets: The meetings she may follow; one is shown at once, several as a list.
        clock: The time now, shown as the moment of the last change.
    """
    return localized(FollowApp, lang)(database, lang, targets, clock)
