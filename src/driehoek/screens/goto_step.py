"""The dialog behind ^g: press a step's number to go there."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from driehoek.flow import Flow, Step
from driehoek.i18n import Catalogue
from driehoek.widgets.step_bar import DONE_MARK


class GotoStepDialog(ModalScreen[Step | None]):
    """Every step with its number and whether it is done; a digit or Enter chooses."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, flow: Flow, current: Step, t: Catalogue) -> None:
        super().__init__()
        self.flow = flow
        self.current = current
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        options = []
        for state in self.flow.states:
            mark = f" {DONE_MARK}" if state.done else ""
            title = t(f"step_title.{state.step.value}")
            options.append(Option(Content(f"{state.number}  {title}{mark}"), id=state.step.value))
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t("meeting.goto_title"), classes="dialog-title")
            yield Label(t("meeting.goto_hint"), classes="dialog-hint")
            yield OptionList(*options, id="goto-steps")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        steps = self.query_one("#goto-steps", OptionList)
        steps.highlighted = self.flow.steps.index(self.current)
        steps.focus()

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit():
            step = self.flow.by_number(int(event.character))
            if step is not None:
                event.stop()
                self.dismiss(step)

    @on(OptionList.OptionSelected, "#goto-steps")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Step(str(event.option.id)))

    def action_cancel(self) -> None:
        """Stay on the current step."""
        self.dismiss(None)
