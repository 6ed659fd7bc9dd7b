"""A meeting's history: the versions kept aside when two coordinators clashed, each put back
with one key; and who (OS user, SSH client) did what to which part of it, and when.

The audit trail never holds the content itself; the set-aside versions do (they are the text
that did not stay), so they are shown here, where the meeting's coordinators look, and they go
with the meeting when a student is erased.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from driehoek import asides
from driehoek.database import Problem, problem_of
from driehoek.dates import MEETING_TZ
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.store import Signed, Store
from driehoek.widgets.clash_notice import shorten, shown


def _when(at: datetime) -> str:
    return at.astimezone(MEETING_TZ).strftime("%d-%m-%Y %H:%M")


def _text(kept: asides.SetAside, t: Catalogue) -> str:
    """A set-aside version as a user reads it (its columns' values, in a fixed order)."""
    table = kept.ref.part.value
    items = sorted(kept.values.items())
    return " · ".join(shown(asides.typed(table, column, value), t) for column, value in items)


class AsideTable(DataTable[Content]):
    """The set-aside versions; Enter puts the one under the cursor back."""

    BINDINGS = [Binding("enter", "select_cursor", "key.put_back")]


class HistoryScreen(ModalScreen[bool]):
    """The set-aside versions and the audit trail of one meeting, newest first.

    Answers whether a version was put back (the meeting then shows the step afresh).
    """

    BINDINGS = [Binding("escape", "close", "key.close")]

    def __init__(self, store: Store, meeting_id: int, t: Catalogue) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id
        self.t = t
        self.put_back = False
        self._versions: dict[str, str] = {}
        """The text of each set-aside version, by its id (the table's row keys)."""

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="history", classes="dialog"):
            yield Label(t("history.title"), classes="dialog-title")
            if asides.newest(self.store, self.meeting_id):
                yield Label(t("history.asides"), classes="dialog-hint")
                yield localized(AsideTable, t.lang)(id="set-aside-table", cursor_type="row")
                yield Static("", id="set-aside-preview", markup=False)
            yield Label(t("history.hint"), classes="dialog-hint")
            yield DataTable[Content](id="history-table", cursor_type="row")
            yield Label(t("history.empty"), id="history-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._fill_trail()
        tables = self.query(AsideTable)
        if tables:
            self._fill(tables.first())
            self.set_focus(tables.first())
        else:
            self.set_focus(self.query_one("#history-table"))

    def _fill_trail(self) -> None:
        """The audit trail as the store has it now, newest first."""
        t = self.t
        entries = self.store.history(self.meeting_id)
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        whos = [Content(f"{e.user} ({e.client})" if e.client else e.user) for e in entries]
        # 62 columns in all: what the dialog holds inside its border and padding. "What" is
        # the widest: the longest part ("afspraak van eerder") and its number fit whole.
        # "Who" is what the history is for, so it is never cut short: a longer name widens
        # it and the table scrolls sideways (two users cut to one prefix look like one).
        who_width = max([11, *(who.cell_length for who in whos)])
        for key, width in (("at", 16), ("who", who_width), ("action", 12), ("what", 23)):
            table.add_column(t(f"history.col.{key}"), width=width, key=key)
        for e, who in zip(entries, whos, strict=True):
            what = t(f"entity.{e.entity}") if t.has(f"entity.{e.entity}") else e.entity
            if e.entity_id is not None:
                what = f"{what} {e.entity_id}"
            action = t(f"action.{e.action}") if t.has(f"action.{e.action}") else e.action
            when = _when(e.at) if e.at else t("value.invalid_short")
            table.add_row(Content(when), who, Content(action), Content(what))
        self.query_one("#history-empty").set_class(not entries, "-shown")

    def _fill(self, table: AsideTable) -> None:
        """The set-aside versions as the store has them now, newest first."""
        t = self.t
        kept = asides.set_aside_versions(self.store, self.meeting_id)
        self._versions = {str(k.id): _text(k, t) for k in kept}
        table.clear(columns=True)
        # As the trail below: 62 columns, the author never cut short; the version itself is
        # shown whole under the table, for the line the cursor is on.
        by_width = max([11, *(len(k.author) for k in kept)])
        for key, width in (("at", 16), ("by", by_width), ("what", 12), ("version", 34 - by_width)):
            table.add_column(t(f"history.col.{key}"), width=max(width, 8), key=key)
        for k in kept:
            what = t.enum(k.ref.factor) if k.ref.factor else t(f"entity.{k.ref.part.value}")
            table.add_row(
                Content(_when(k.set_at)),
                Content(k.author or "–"),
                Content(what),
                Content(shorten(self._versions[str(k.id)], 60)),
                key=str(k.id),
            )
        self._preview(table)

    @on(DataTable.RowHighlighted, "#set-aside-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._preview(self.query_one(AsideTable))

    def _preview(self, table: AsideTable) -> None:
        """The whole text of the version under the cursor."""
        text = ""
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            text = self._versions.get(key or "", "")
        self.query_one("#set-aside-preview", Static).update(Content(text))

    @on(DataTable.RowSelected, "#set-aside-table")
    def _put_back(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is None:
            return
        t = self.t
        try:
            asides.put_back(self.store, int(key))
        except asides.Gone:
            self.notify(t("conflict.gone"), severity="warning", markup=False)
        except Signed:  # signed by all three: as signed it stays, until it is reopened
            self.notify(t("history.signed"), severity="warning", markup=False)
            return
        except sqlite3.OperationalError as e:
            problem = problem_of(e)
            if problem not in (Problem.FULL, Problem.BUSY):
                raise
            full = problem is Problem.FULL
            self.notify(t("error.disk_full_undone" if full else "error.busy"), severity="error")
            return
        else:
            self.put_back = True
            self.notify(t("history.put_back"), markup=False)
        self._fill(self.query_one(AsideTable))
        self._fill_trail()

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(self.put_back)
