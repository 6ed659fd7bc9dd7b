"""Workplace quality at a glance: for each organisation and team, how many placements had each
factor present, realisable or absent (by their latest signed meeting), quarter by quarter as a
chart of signs, and how the placements ended."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label

from driehoek.i18n import Catalogue
from driehoek.report import workplace_report
from driehoek.report_markdown import render_workplace_report
from driehoek.store import Store
from driehoek.widgets.minutes_view import MinutesView


class WorkplacesScreen(Screen[None]):
    """The workplace report, as `driehoek report workplaces` writes it, with its charts."""

    BINDINGS = [
        Binding("ctrl+l", "back", "key.home", priority=True, id="workplaces.home"),
        Binding("escape", "back", show=False),
    ]

    def __init__(self, store: Store, t: Catalogue) -> None:
        super().__init__()
        self.store = store
        self.t = t

    def compose(self) -> ComposeResult:
        report = render_workplace_report(workplace_report(self.store), self.t.lang)
        yield Label(self.t("cmd.workplaces"), id="app-title")
        with VerticalScroll(id="workplaces"):
            yield MinutesView(report, id="workplaces-report")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#workplaces"))

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss()
