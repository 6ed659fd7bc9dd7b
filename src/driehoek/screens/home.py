"""The home screen: find a student in a few letters, see her placements and meetings, open one."""

from __future__ import annotations

from collections.abc import Iterable

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from driehoek.dates import format_date
from driehoek.domain import MeetingSummary, PlacementSummary
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.screens.new_intake import NewIntake, NewIntakeDialog
from driehoek.store import Store


class HomeScreen(Screen[None]):
    """Placements with the most recent activity first, filtered as the user types."""

    BINDINGS = [
        Binding("ctrl+n", "new_intake", "key.new_intake", priority=True),
        Binding("ctrl+f", "focus_search", "key.search", show=False, priority=True),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
    ]

    search = getters.query_one("#search", Input)
    placements_table = getters.query_one("#placements", DataTable)
    meetings_table = getters.query_one("#meetings", DataTable)
    empty = getters.query_one("#empty", Static)

    def __init__(self, store: Store, t: Catalogue) -> None:
        super().__init__()
        self.store = store
        self.t = t
        self._placements: list[PlacementSummary] = []
        self._meetings: list[MeetingSummary] = []

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(Content(f"{t('app.title')} · {t('app.subtitle')}"), id="app-title")
        search = Input(placeholder=t("home.search_placeholder"), id="search", compact=True)
        search.cursor_blink = False  # a blinking cursor costs bandwidth over SSH
        yield search
        with Vertical(id="lists"):
            yield Label(t("home.placements"), classes="list-title")
            placements = DataTable[Content](id="placements", cursor_type="row", zebra_stripes=True)
            for key, width in (
                ("student", 18),
                ("organisation", 20),
                ("programme", 7),
                ("status", 12),
                ("last", 10),
            ):
                placements.add_column(t(f"home.col.{key}"), width=width, key=key)
            yield placements
            yield Static("", id="empty", markup=False)
            yield Label(t("home.meetings"), classes="list-title")
            meetings = DataTable[Content](id="meetings", cursor_type="row")
            for key, width in (("date", 10), ("kind", 18), ("decision", 26), ("signed", 7)):
                meetings.add_column(t(f"home.col.{key}"), width=width, key=key)
            yield meetings
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.search.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a meeting: names, decisions and sign-offs may have changed.
        self.reload()

    def reload(self) -> None:
        """Fill the placement list from the store, for the current search."""
        t = self.t
        query = self.search.value
        self._placements = self.store.placements(query)
        table = self.placements_table
        keep = table.cursor_row
        table.clear()
        for p in self._placements:
            programme = " ".join(x for x in (p.programme, p.pathway.value) if x)
            table.add_row(
                Content(p.student),
                Content(" · ".join(x for x in (p.organisation, p.team) if x)),
                Content(programme),
                Content(t.enum(p.status)),
                Content(format_date(p.last_meeting, t.lang, "short") if p.last_meeting else "–"),
                key=str(p.id),
            )
        if self._placements:
            table.move_cursor(row=min(keep, len(self._placements) - 1))
            self.empty.update("")
        else:
            message = t("home.no_match", query=query.strip()) if query.strip() else t("home.empty")
            self.empty.update(message)
        self.empty.display = not self._placements
        self._show_meetings()

    def _highlighted(self) -> PlacementSummary | None:
        row = self.placements_table.cursor_row
        return self._placements[row] if 0 <= row < len(self._placements) else None

    def _show_meetings(self) -> None:
        t = self.t
        placement = self._highlighted()
        self._meetings = self.store.meetings(placement.id) if placement else []
        table = self.meetings_table
        table.clear()
        for m in self._meetings:
            table.add_row(
                Content(format_date(m.date, t.lang, "short")),
                Content(t.enum(m.kind)),
                Content(t.enum(m.decision) if m.decision else "–"),
                Content(t("home.signed", count=m.signed_by)),
                key=str(m.id),
            )

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.reload()

    @on(DataTable.RowHighlighted, "#placements")
    def _placement_highlighted(self) -> None:
        self._show_meetings()

    @on(Input.Submitted, "#search")
    @on(DataTable.RowSelected, "#placements")
    def _open_placement(self) -> None:
        if self._meetings:
            self.app_open(self._meetings[0].id)

    @on(DataTable.RowSelected, "#meetings")
    def _open_meeting(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app_open(int(event.row_key.value))

    def app_open(self, meeting_id: int) -> None:
        """Ask the app to show a meeting (the app owns which screens exist)."""
        self.post_message(self.OpenMeeting(meeting_id))

    def action_cursor(self, step: int) -> None:
        """Arrow keys in the search field move through the list, so Enter opens the pick."""
        table = self.placements_table
        if self._placements:
            table.move_cursor(row=max(0, min(len(self._placements) - 1, table.cursor_row + step)))

    def action_focus_search(self) -> None:
        """Back to the search field, from anywhere on the screen."""
        self.search.focus()

    def action_new_intake(self) -> None:
        """Ask for the student and organisation, then start the intake."""

        def started(answer: NewIntake | None) -> None:
            if answer is not None:
                meeting_id = self.store.new_intake(answer.student, answer.organisation)
                self.app_open(meeting_id)

        dialog = localized(NewIntakeDialog, self.t.lang)(self.t, self.store.organisations())
        self.app.push_screen(dialog, started)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette."""
        t = self.t
        yield SystemCommand(t("cmd.new_intake"), t("cmd.new_intake.help"), self.action_new_intake)

    class OpenMeeting(Message):
        """The user picked a meeting to open."""

        def __init__(self, meeting_id: int) -> None:
            super().__init__()
            self.meeting_id = meeting_id
