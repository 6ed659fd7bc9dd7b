"""The command palette ("Menu"), in the user's language.

Textual's palette takes a translated placeholder, but writes its "No matches found" line in
English from inside a private method. This subclass puts the translated line in its place
right after Textual adds it, and gives the palette a search field whose bound keys act in the
order typed (`widgets.keys_in_order`). It leans on Textual's private names (`_NO_MATCHES`,
`_NO_MATCHES_COUNTDOWN`, the countdown methods), listed with every other private hook in
`textual_private.HOOKS` and checked by tests/ui/test_textual_private.py; the test extra pins
Textual, and tests/ui/test_language.py checks the line in both languages.
"""

from __future__ import annotations

from contextlib import suppress

from rich.align import Align
from rich.text import Text
from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette
from textual.timer import Timer
from textual.widgets.option_list import OptionDoesNotExist

from driehoek.i18n import Catalogue
from driehoek.widgets.keys_in_order import OrderedCommandInput


class Palette(CommandPalette):
    """Textual's command palette with its texts from our catalogue."""

    def __init__(self, t: Catalogue) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")
        self._no_matches = t("palette.no_matches")
        self._translate_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # Textual's layout, with the search field swapped for one whose bound keys (Backspace,
        # Ctrl+U, Home…) act in the order typed (see widgets.keys_in_order).
        for widget in super().compose():
            if type(widget) is CommandInput:
                widget = OrderedCommandInput(placeholder=widget.placeholder, select_on_focus=False)
            yield widget

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        self._stop_translating()
        # Just after Textual's own countdown: timers fire in order, so its line is there.
        self._translate_timer = self.set_timer(
            self._NO_MATCHES_COUNTDOWN + 0.01, self._translate_no_matches
        )

    def _stop_no_matches_countdown(self) -> None:
        super()._stop_no_matches_countdown()
        self._stop_translating()

    def _stop_translating(self) -> None:
        if self._translate_timer is not None:
            self._translate_timer.stop()
            self._translate_timer = None

    def _translate_no_matches(self) -> None:
        with suppress(OptionDoesNotExist):  # absent: something was found after all
            self.query_one(CommandList).replace_option_prompt(
                self._NO_MATCHES, Align.center(Text(self._no_matches, style="not bold"))
            )
