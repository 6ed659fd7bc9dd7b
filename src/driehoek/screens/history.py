"""A meeting's history: who (OS user, SSH client) did what to which part of it, and when.

It comes from the audit trail, which never holds the content itself.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label

from driehoek.dates import MEETING_TZ
from driehoek.domain import HistoryEntry
from driehoek.i18n import Catalogue


class HistoryScreen(ModalScreen[None]):
    """The audit trail of one meeting, newest first."""

    BINDINGS = [Binding("escape", "close", "key.close")]

    def __init__(self, entries: list[HistoryEntry], t: Catalogue) -> None:
        super().__init__()
        self.entries = entries
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="history", classes="dialog"):
            yield Label(t("history.title"), classes="dialog-title")
            yield Label(t("history.hint"), classes="dialog-hint")
            table = DataTable[Content](id="history-table", cursor_type="row")
            whos = [Content(f"{e.user} ({e.client})" if e.client else e.user) for e in self.entries]
            # 62 columns in all: what the dialog holds inside its border and padding. "What" is
            # the widest: the longest part ("afspraak van eerder") and its number fit whole.
            # "Who" is what the history is for, so it is never cut short: a longer name widens
            # it and the table scrolls sideways (two users cut to one prefix look like one).
            who_width = max([11, *(who.cell_length for who in whos)])
            for key, width in (("at", 16), ("who", who_width), ("action", 12), ("what", 23)):
                table.add_column(t(f"history.col.{key}"), width=width, key=key)
            for e, who in zip(self.entries, whos, strict=True):
                when = (
                    e.at.astimezone(MEETING_TZ).strftime("%d-%m-%Y %H:%M")
                    if e.at
                    else t("value.invalid_short")
                )
                what = t(f"entity.{e.entity}") if t.has(f"entity.{e.entity}") else e.entity
                if e.entity_id is not None:
                    what = f"{what} {e.entity_id}"
                action = t(f"action.{e.action}") if t.has(f"action.{e.action}") else e.action
                table.add_row(Content(when), who, Content(action), Content(what))
            yield table
            if not self.entries:
                yield Label(t("history.empty"))
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#history-table"))

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
