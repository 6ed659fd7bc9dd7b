"""The step bar: every step of the meeting, which are done, and where the table is now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Click, Resize
from textual.message import Message
from textual.widgets import Static

from driehoek.flow import Flow, Step, StepState
from driehoek.i18n import Catalogue
from driehoek.widgets.shown import show_text

DONE_MARK = "✓"  # done is shown by a mark, not by colour alone


class StepTab(Static):
    """One step: its number, its name (unless the bar is short of room) and a mark when done."""

    DEFAULT_CSS = """
    StepTab { width: auto; padding: 0 1; }
    """

    def __init__(self, state: StepState, t: Catalogue) -> None:
        super().__init__(id=f"tab-{state.step.value}")
        self.state = state
        self.t = t
        self.short = False

    def text(self, *, short: bool) -> str:
        """What the tab shows: `3 Werkplek ✓`, or `3✓` when short."""
        mark = DONE_MARK if self.state.done else ""
        if short and not self.has_class("-current"):
            return f"{self.state.number}{mark}"
        label = self.t.enum(self.state.step)
        return f"{self.state.number} {label}{' ' + mark if mark else ''}"

    def show(self, state: StepState, *, current: bool, short: bool) -> None:
        """Update from the flow; called by the bar, never by anyone else."""
        self.state = state
        self.short = short
        self.set_class(state.done, "-done")
        self.set_class(current, "-current")
        # Each save shows the flow again: a tab whose text is the same is left as it is (an
        # update lays the screen out again, issue 14).
        show_text(self, Content(self.text(short=short)))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(StepBar.StepSelected(self.state.step))


class StepBar(Horizontal):
    """Shows the flow; a click on a step asks to go there."""

    class StepSelected(Message):
        """The user clicked a step."""

        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    def __init__(self, flow: Flow, current: Step, t: Catalogue, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.flow = flow
        self.current = current
        self.t = t

    def compose(self) -> ComposeResult:
        for state in self.flow.states:
            yield StepTab(state, self.t)

    def on_mount(self) -> None:
        self._render_tabs()

    def on_resize(self, event: Resize) -> None:
        self._render_tabs()

    def show(self, flow: Flow, current: Step) -> None:
        """Show a new state of the flow."""
        self.flow = flow
        self.current = current
        self._render_tabs()

    def _render_tabs(self) -> None:
        tabs = list(self.query(StepTab))
        if len(tabs) != len(self.flow.states):
            return
        # Full names when they all fit; otherwise numbers, and the name of the current step.
        full = sum(len(tab.text(short=False)) + 2 for tab in tabs)
        # Before the first layout the bar has no size yet; it spans the screen, so use that.
        width = self.size.width or self.app.size.width
        short = full > width
        for tab, state in zip(tabs, self.flow.states, strict=True):
            tab.show(state, current=state.step is self.current, short=short)
