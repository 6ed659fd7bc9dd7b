"""The minutes as they stand, full screen, to read together before anyone signs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from driehoek.i18n import Catalogue
from driehoek.widgets.minutes_view import MinutesView


class MinutesScreen(ModalScreen[None]):
    """A read-only preview of the Markdown minutes."""

    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("ctrl+r", "close", show=False, priority=True),
    ]

    def __init__(self, markdown: str, t: Catalogue) -> None:
        super().__init__()
        self.markdown = markdown
        self.t = t

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="minutes-scroll"):
            yield Label(self.t("minutes.preview_title"), classes="dialog-title")
            yield MinutesView(self.markdown, id="minutes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#minutes-scroll"))

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
