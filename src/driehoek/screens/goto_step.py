"""The dialog behind ^g: press a step's number to go there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from driehoek.domain import MeetingKind
from driehoek.flow import Flow, Step, label_key
from driehoek.i18n import Catalogue
from driehoek.widgets.step_bar import DONE_MARK

GoTo = Callable[[Step], Awaitable[None]]


class GotoStepDialog(ModalScreen[None]):
    """Every step with its number and whether it is done; a digit or Enter chooses.

    The choice is made by priority bindings and the step is shown before the next key is
    handled, so `^g 3` followed at once by typing lands in step 3.
    """

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("enter", "choose", show=False, priority=True),
        *(Binding(str(n), f"choose({n})", show=False, priority=True) for n in range(1, 10)),
    ]

    def __init__(
        self, flow: Flow, current: Step, t: Catalogue, go: GoTo, kind: MeetingKind
    ) -> None:
        super().__init__()
        self.kind = kind
        self.flow = flow
        self.current = current
        self.t = t
        self.go = go

    def compose(self) -> ComposeResult:
        t = self.t
        options = []
        for state in self.flow.states:
            mark = f" {DONE_MARK}" if state.done else ""
            title = t(f"step_title.{label_key(self.kind, state.step)}")
            options.append(Option(Content(f"{state.number}  {title}{mark}"), id=state.step.value))
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t("meeting.goto_title"), classes="dialog-title")
            yield Label(t("meeting.goto_hint"), classes="dialog-hint")
            yield OptionList(*options, id="goto-steps")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        steps = self.query_one("#goto-steps", OptionList)
        steps.highlighted = self.flow.steps.index(self.current)
        self.set_focus(steps)

    async def action_choose(self, number: int | None = None) -> None:
        """Go to the step with this number, or the highlighted one."""
        if number is None:
            number = (self.query_one("#goto-steps", OptionList).highlighted or 0) + 1
        step = self.flow.by_number(number)
        if step is None:
            return
        # Close first: a step mounted under a dialog gets no styles until its screen is shown
        # again (a note field then fails to draw). The new step sets the meeting screen's focus
        # before this action returns, so the keys typed next land in that step.
        await self.app.pop_screen()
        await self.go(step)

    def action_cancel(self) -> None:
        """Stay on the current step."""
        self.dismiss(None)
