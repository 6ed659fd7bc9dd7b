"""The dialog that appears when an edit met someone else's change to the same thing.

A stale edit is never applied silently and never silently dropped: the user sees both
versions and chooses. Escape does nothing here (a stray Escape over a slow link must not
choose for her); the buttons, Tab and Enter do.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from driehoek.i18n import Catalogue


@dataclass(frozen=True)
class Conflict:
    """One field both sessions changed: what it is, and the two versions as text."""

    what: str
    theirs: str
    mine: str


class ConflictDialog(ModalScreen[bool]):
    """Shows each clash; answers True to use the user's versions, False to keep theirs."""

    def __init__(self, conflicts: list[Conflict], t: Catalogue) -> None:
        super().__init__()
        self.conflicts = conflicts
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog", classes="dialog conflict"):
            yield Label(t("conflict.title"), classes="dialog-title")
            yield Label(t("conflict.hint"), classes="dialog-hint")
            with VerticalScroll(id="conflicts"):
                for c in self.conflicts:
                    yield Label(Content(c.what), classes="conflict-what")
                    yield Static(Content(f"{t('conflict.theirs')}: {c.theirs}"), classes="theirs")
                    yield Static(Content(f"{t('conflict.mine')}: {c.mine}"), classes="mine")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("conflict.keep_theirs"), id="keep-theirs")
                yield Button(t("conflict.keep_mine"), id="keep-mine", variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#keep-mine", Button))

    @on(Button.Pressed, "#keep-theirs")
    def _theirs(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#keep-mine")
    def _mine(self) -> None:
        self.dismiss(True)
