"""The home screen: find a student in a few letters, see her placements and meetings, open one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label, Static

from driehoek.dates import format_short
from driehoek.domain import MeetingSummary, PlacementStatus
from driehoek.domain_log import MeetingState
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.placement_list import PlacementSummary
from driehoek.planning import due_counts, due_days
from driehoek.screens.home_columns import ORGANISATION_WIDTH as ORGANISATION_WIDTH
from driehoek.screens.home_columns import STUDENT_WIDTH as STUDENT_WIDTH
from driehoek.screens.home_columns import fit, label, name_widths, where
from driehoek.store import Store
from driehoek.widgets.keys_in_order import OrderedInput
from driehoek.widgets.settle import settle

if TYPE_CHECKING:
    # What the first paint does not draw is imported where it is opened (bench/findings.md).
    from driehoek.screens.new_intake import Draft

SEARCH_DELAY = 0.12
"""Seconds of pause in typing before the list is searched again."""

LIST_LIMIT = 100
"""At most this many placements in the list: enough to scroll, few enough to draw at once;
typing a few letters finds the rest."""

DUE_HORIZON_WEEKS = 26
"""How far ahead the list shows the next evaluation's date."""

SOON_DAYS = 28
"""An evaluation due within this many days counts as coming soon on the line above the list."""


Opener = Callable[..., Awaitable[None]]
"""Shows a meeting (or a placement) by id; returns when it is on screen."""
"""Shows a meeting and returns once it is on screen."""


class HomeScreen(Screen[None]):
    """Placements with the most recent activity first, filtered as the user types."""

    BINDINGS = [
        Binding("ctrl+n", "new_intake", "key.new_intake", priority=True, id="home.new_intake"),
        # ctrl+e: "end of line" in the search field gives way (the End key still does it).
        Binding(
            "ctrl+e",
            "new_evaluation",
            "key.new_evaluation",
            priority=True,
            id="home.new_evaluation",
        ),
        Binding("ctrl+o", "placement", "key.placement", priority=True, id="home.placement"),
        Binding(
            "ctrl+t", "new_agreement", "key.new_agreement", priority=True, id="home.new_agreement"
        ),
        # Enter opens at once (a priority binding, handled in order with the keys around it),
        # so keys typed right after it already reach the meeting instead of the search field.
        Binding("enter", "open", "key.open", priority=True, id="home.open"),
        # Priority like the app's own (hidden) ctrl+q, or that one would hide this one.
        Binding("ctrl+q", "app.quit", "key.quit", priority=True, id="app.quit"),
        Binding(
            "ctrl+f", "focus_search", "key.search", show=False, priority=True, id="home.search"
        ),
        # Not a priority: in the search field Del deletes a letter; on a list, the meeting.
        Binding(
            "delete", "delete_meeting", "key.delete_meeting", show=False, id="home.delete_meeting"
        ),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
    ]

    search = getters.query_one("#search", Input)
    placements_table = getters.query_one("#placements", DataTable)
    meetings_table = getters.query_one("#meetings", DataTable)
    empty = getters.query_one("#empty", Static)
    due_summary = getters.query_one("#due-summary", Static)

    def __init__(
        self, store: Store, t: Catalogue, opener: Opener, placement_opener: Opener
    ) -> None:
        super().__init__()
        self.store = store
        self.t = t
        self.opener = opener
        self.placement_opener = placement_opener
        self._placements: list[PlacementSummary] = []
        self._today: date = store.today()
        self._due: dict[int, date] = {}
        """The day each placement listed is due, of those due within the horizon."""
        self._search_timer: Timer | None = None
        self._listed_for: str | None = None
        """The search the placement list was last filled for (None: not yet filled)."""
        self._draft: Draft | None = None
        self._meetings: list[MeetingSummary] = []
        self._widths = (STUDENT_WIDTH, ORGANISATION_WIDTH)
        """The student's and the organisation's column widths now (see `name_widths`)."""

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(Content(f"{t('app.title')} · {t('app.subtitle')}"), id="app-title")
        search = OrderedInput(placeholder=t("home.search_placeholder"), id="search", compact=True)
        search.cursor_blink = False  # a blinking cursor costs bandwidth over SSH
        yield search
        yield Static("", id="due-summary", markup=False)
        with Vertical(id="lists"):
            yield Label(t("home.placements"), classes="list-title")
            placements = DataTable[Content](id="placements", cursor_type="row", zebra_stripes=True)
            self._add_columns(placements)
            yield placements
            yield Static("", id="empty", markup=False)
            yield Label(t("home.meetings"), classes="list-title")
            meetings = DataTable[Content](id="meetings", cursor_type="row")
            for key, width in (("date", 10), ("kind", 18), ("decision", 26), ("signed", 7)):
                meetings.add_column(label(t(f"home.col.{key}")), width=width, key=key)
            yield meetings
        yield Footer(compact=True)

    def _add_columns(self, placements: DataTable[Content]) -> None:
        student, organisation = self._widths
        for key, width in (("student", student), ("organisation", organisation)):
            placements.add_column(label(self.t(f"home.col.{key}")), width=width, key=key)
        for key, width in (("status", 13), ("next", 11)):
            placements.add_column(label(self.t(f"home.col.{key}")), width=width, key=key)

    def on_mount(self) -> None:
        self.set_focus(self.search)

    def on_resize(self) -> None:
        if self._fit_columns():  # wider or narrower: the names get what there is
            self.reload()

    def _fit_columns(self) -> bool:
        """Give the name columns the width there is for the names listed; whether they
        changed (then the rows must be filled again)."""
        widths = name_widths(
            self.size.width,
            max((len(p.student) for p in self._placements), default=0),
            max((len(where(p.organisation, p.team)) for p in self._placements), default=0),
        )
        if widths == self._widths:
            return False
        self._widths = widths
        self.placements_table.clear(columns=True)
        self._add_columns(self.placements_table)
        return True

    def on_screen_resume(self) -> None:
        # The first showing fills the lists (Textual resumes a screen when it is first shown,
        # too: loading on mount as well would do it twice). Back from a meeting: names,
        # decisions, sign-offs and dates may have changed.
        self._load_due()
        self.reload()

    def reload(self) -> None:
        """Fill the placement list from the store, for the current search."""
        t = self.t
        query = self.search.value
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self._placements = self.store.placements(query, limit=LIST_LIMIT)
        self._listed_for = query
        self._today = self.store.today()
        self._due = due_days(
            self.store,
            [p.id for p in self._placements],
            weeks=DUE_HORIZON_WEEKS,
            today=self._today,
        )
        self._fit_columns()
        table = self.placements_table
        keep = table.cursor_row
        table.clear()
        for p in self._placements:
            table.add_row(
                fit(p.student, self._widths[0]),
                fit(where(p.organisation, p.team), self._widths[1]),
                Content(t.enum(p.status)),
                self._next(p.id),
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

    def _next(self, placement_id: int) -> Content:
        """When the placement is next evaluated; `!` before a date that has passed (a sign,
        not only a colour)."""
        due = self._due.get(placement_id)
        if due is None:
            return Content("–")
        return Content(f"{'!' if due < self._today else ''}{format_short(due)}")

    def _load_due(self) -> None:
        """The line that counts what is late and what comes soon, once per visit to this screen
        (not per keystroke: it looks at every placement). Counted in SQL; the dates beside the
        rows are fetched for the rows shown alone (`reload`)."""
        t = self.t
        late, soon = due_counts(
            self.store, weeks=DUE_HORIZON_WEEKS, soon_days=SOON_DAYS, today=self.store.today()
        )
        self.due_summary.update(
            t("home.due", late=t.n("home.due_late", late), soon=t.n("home.due_soon", soon))
            if late or soon
            else t("home.nothing_due")
        )
        self.due_summary.set_class(bool(late), "-late")

    async def _acting(self) -> None:
        """Before an action on the list: every key typed is handled, and the list shows what
        the search field holds."""
        await settle(self)
        self._search_now()

    def _search_now(self) -> None:
        """If the list is not yet filled for what the search field holds, search now (the user
        acts on it). Compared with the field itself, not with a pending timer: keys typed in
        one burst with Enter behind them reach the field before their change messages reach
        this screen, and Enter must open what was typed, not the top of the old list."""
        if self._listed_for != self.search.value:
            self.reload()

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
            # An evaluation nobody wrote in counts for nothing: marked, to resume or delete.
            empty = t("home.empty_meeting") if m.empty else "–"
            table.add_row(
                Content(format_short(m.day) if m.day else t("value.invalid_short")),
                Content(t.enum(m.kind)),
                Content(t.enum(m.outcome, short=True) if m.outcome else empty),
                Content(t("home.signed", count=m.signed_by)),
                key=str(m.id),
            )

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        # Search when the typing pauses, not on every key: on a large school's database a
        # query and a redrawn list per key would make each key wait for the one before.
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    @on(DataTable.RowHighlighted, "#placements")
    def _placement_highlighted(self) -> None:
        self._show_meetings()

    async def action_open(self) -> None:
        """Open the meeting picked in the lower list, else the highlighted placement's latest."""
        await self._acting()
        if self.focused is self.meetings_table and self._meetings:
            row = self.meetings_table.cursor_row
            await self.opener(self._meetings[min(row, len(self._meetings) - 1)].id)
        elif self._meetings:
            await self.opener(self._meetings[0].id)

    @on(DataTable.RowSelected, "#placements")
    async def _placement_clicked(self) -> None:
        if self._meetings:
            await self.opener(self._meetings[0].id)

    @on(DataTable.RowSelected, "#meetings")
    async def _meeting_clicked(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            await self.opener(int(event.row_key.value))

    def action_cursor(self, step: int) -> None:
        """Arrow keys in the search field move through the list, so Enter opens the pick."""
        self._search_now()
        table = self.placements_table
        if self._placements:
            table.move_cursor(row=max(0, min(len(self._placements) - 1, table.cursor_row + step)))

    def action_focus_search(self) -> None:
        """Back to the search field, from anywhere on the screen."""
        self.set_focus(self.search)

    async def action_new_intake(self) -> None:
        """The intake of the highlighted placement if it has no meeting (one a school's list
        brought in); else ask for a student and organisation and start a new placement's."""
        from driehoek.screens.new_intake import Draft, NewIntake, NewIntakeDialog

        await self._acting()
        if (placement := self._highlighted()) is not None and not self._meetings:
            await self.opener(self.store.start_intake(placement.id), fresh=True)
            return

        async def started(answer: NewIntake | Draft | None) -> None:
            if isinstance(answer, NewIntake):
                self._draft = None
                meeting = self.store.new_intake(answer.student, answer.organisation)
                await self.opener(meeting, fresh=True)
            elif isinstance(answer, Draft):
                self._draft = answer if answer.student or answer.organisation else None

        dialog = localized(NewIntakeDialog, self.t.lang)(
            self.t, self.store.organisations(), self._draft
        )
        self.app.push_screen(dialog, started)

    async def action_new_agreement(self) -> None:
        """Quick entry: a new agreement in the highlighted placement's latest meeting, or, when
        all three signed that one, an entry in the placement's log between meetings (signed
        minutes stay as they were signed)."""
        await self._acting()
        if not self._meetings:
            return
        latest = self._meetings[0]
        if latest.state is MeetingState.SIGNED:
            from driehoek.screens.signed_dialogs import log_instead

            await self.app.push_screen(log_instead(self.store, self.t, latest))
            return
        await self.opener(latest.id, step=Step.AGREEMENTS, add=True)

    async def action_placement(self) -> None:
        """Show the highlighted placement over time."""
        await self._acting()
        placement = self._highlighted()
        if placement is not None:
            await self.placement_opener(placement.id)

    async def action_new_evaluation(self) -> None:
        """Start a quarterly evaluation of the highlighted placement."""
        await self._acting()
        placement = self._highlighted()
        if placement is None:
            return
        if placement.status is PlacementStatus.NOT_STARTED:
            self.notify(self.t("home.not_started"), severity="warning", markup=False)
            return
        await self.opener(self.store.new_evaluation(placement.id), fresh=True)

    async def action_delete_meeting(self) -> None:
        """Delete an empty meeting: the one picked in the lower list, else the highlighted
        placement's latest; asked first."""
        from driehoek.screens.delete_meeting import ask_to_delete

        await self._acting()
        if not self._meetings:
            self.notify(self.t("delete.nothing"), markup=False)
            return
        row = self.meetings_table.cursor_row if self.focused is self.meetings_table else 0
        meeting = self._meetings[max(0, min(row, len(self._meetings) - 1))]
        ask_to_delete(self, self.store, self.t, meeting)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette."""
        t = self.t
        yield SystemCommand(t("cmd.new_intake"), t("cmd.new_intake.help"), self.action_new_intake)
        yield SystemCommand(
            t("cmd.delete_meeting"), t("cmd.delete_meeting.help"), self.action_delete_meeting
        )
        yield SystemCommand(
            t("cmd.new_evaluation"), t("cmd.new_evaluation.help"), self.action_new_evaluation
        )
        yield SystemCommand(t("cmd.placement"), t("cmd.placement.help"), self.action_placement)
        yield SystemCommand(t("cmd.workplaces"), t("cmd.workplaces.help"), self.action_workplaces)

    async def action_workplaces(self) -> None:
        """The quality of the learning workplaces, across all placements."""
        from driehoek.screens.workplaces import WorkplacesScreen

        screen = localized(WorkplacesScreen, self.t.lang)(self.store, self.t)
        await self.app.push_screen(screen)
