"""The dialog that starts an intake: which student, at which organisation."""

from __future__ import annotations

from dataclasses import dataclass

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Static

from driehoek.i18n import Catalogue
from driehoek.text import clean_line
from driehoek.widgets.keys_in_order import OrderedInput
from driehoek.widgets.settle import settle


@dataclass(frozen=True)
class NewIntake:
    """What the dialog answers: the names as typed (cleaned)."""

    student: str
    organisation: str


@dataclass(frozen=True)
class Draft:
    """What was typed when the dialog was closed without starting: kept for next time, so
    a stray Escape (over a slow link it can arrive by itself) loses nothing."""

    student: str
    organisation: str


class NewIntakeDialog(ModalScreen[NewIntake | Draft]):
    """Two names and Enter; known organisations are suggested as you type.

    A student is always new: two students can share a name, and merging their dossiers by
    accident would be far worse than typing a name twice.
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        # Enter as a priority binding runs in order with the typed keys, so "name Enter
        # organisation Enter" typed in one go puts each name in its own field.
        Binding("enter", "next_field", "key.confirm", show=False, priority=True),
    ]

    student = getters.query_one("#new-student", Input)
    organisation = getters.query_one("#new-organisation", Input)
    problem = getters.query_one("#new-problem", Static)

    def __init__(self, t: Catalogue, organisations: list[str], draft: Draft | None = None) -> None:
        super().__init__()
        self.t = t
        self.draft = draft
        self._organisations = organisations

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t("new.title"), classes="dialog-title")
            yield Label(t("new.student"))
            yield OrderedInput(self.draft.student if self.draft else "", id="new-student")
            yield Label(t("new.organisation"))
            yield OrderedInput(
                self.draft.organisation if self.draft else "",
                id="new-organisation",
                suggester=SuggestFromList(self._organisations, case_sensitive=False),
            )
            yield Static("", id="new-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("new.start"), id="new-start", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False

    async def action_next_field(self) -> None:
        """Enter: from the student's name to the organisation; from there, start."""
        await settle(self)
        focused = self.focused
        if focused is self.student:
            self.set_focus(self.organisation)
        elif isinstance(focused, Button):
            focused.press()
        else:
            self._start()

    @on(Button.Pressed, "#new-start")
    def _start(self) -> None:
        student = clean_line(self.student.value).strip()
        organisation = clean_line(self.organisation.value).strip()
        if not student:
            self.problem.update(self.t("new.need_student"))
            self.set_focus(self.student)
            return
        if not organisation:
            self.problem.update(self.t("new.need_organisation"))
            self.set_focus(self.organisation)
            return
        self.dismiss(NewIntake(student, organisation))

    async def action_cancel(self) -> None:
        """Close without starting anything; what was typed comes back next time."""
        await settle(self)
        self.dismiss(Draft(self.student.value, self.organisation.value))
