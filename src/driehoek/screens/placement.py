"""The placement over time: its meetings, its agreements per party, its factors over time,
and its outcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label, Static

from driehoek import logbook, slip, supervision_report
from driehoek.dates import format_short
from driehoek.domain import (
    AgreementStatus,
    Factor,
    MeetingKind,
    MeetingSummary,
    Part,
    Party,
    PlacementStatus,
    Ref,
)
from driehoek.domain_log import LogEntry
from driehoek.files import ExportFolder
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.minutes_record import entry_line
from driehoek.minutes_supervision import placement_lines
from driehoek.screens.delete_meeting import ask_to_delete
from driehoek.screens.export import SlipDialog
from driehoek.screens.record import RecordScreen
from driehoek.screens.signed_dialogs import LogDialog
from driehoek.store import StaleEdit, Store
from driehoek.widgets.fields import ChoiceField, TextField
from driehoek.widgets.steps.workplace import STATUS_SIGN
from driehoek.widgets.value_fields import NumberField

Opener = Callable[..., Awaitable[None]]
"""Shows a meeting by id (`fresh=True` for one just started); returns when it is on screen."""

SAVE_DELAY = 0.4


class PlacementScreen(Screen[None]):
    """One placement: meetings (Enter opens one), agreements in three lanes, factors over
    time, and its outcome, cadence and the reason for the outcome (saved as typed)."""

    BINDINGS = [
        Binding(
            "ctrl+e",
            "new_evaluation",
            "key.new_evaluation",
            priority=True,
            id="placement.new_evaluation",
        ),
        Binding("ctrl+t", "log", "key.log", priority=True, id="placement.log"),
        Binding("f4", "record", "key.record", id="placement.record"),
        Binding("delete", "delete_meeting", "key.delete_meeting", id="placement.delete_meeting"),
        Binding("ctrl+l", "back", "key.home", priority=True, id="placement.home"),
        Binding("escape", "back", show=False),
        # Not in the footer: at 80 columns it would push out ^l; F1 and the palette list it.
        Binding("ctrl+s", "slip", "key.slip", priority=True, show=False, id="placement.slip"),
    ]

    meetings_table = getters.query_one("#placement-meetings", DataTable)

    def __init__(
        self,
        store: Store,
        t: Catalogue,
        placement_id: int,
        opener: Opener,
        *,
        exports: Callable[[], ExportFolder] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.t = t
        self.placement_id = placement_id
        self.opener = opener
        self.exports = exports
        """Where Ctrl+S writes the return-day slip on this machine (None: nowhere)."""
        self._pending: dict[str, object] = {}
        self._timer: Timer | None = None
        self._meetings: list[MeetingSummary] = []

    def compose(self) -> ComposeResult:
        t, store = self.t, self.store
        p = store.placement(self.placement_id)
        where = " · ".join(x for x in (p.organisation, p.team) if x.strip())
        yield Label(Content(f"{t('placement.title')}: {p.student} · {where}"), id="app-title")
        with VerticalScroll(id="placement-body"):
            ref = Ref(Part.PLACEMENT, p.id)
            with Horizontal(classes="form-row"):
                yield Label(t("placement.outcome"), classes="form-label")
                yield ChoiceField(ref, "status", PlacementStatus, p.status, t, id="outcome")
                yield Label(t("placement.cadence"), classes="form-label-inline")
                yield NumberField(ref, "cadence_months", p.cadence_months, id="cadence")
                yield Label(t("placement.months"), classes="form-label-inline")
            yield Static("", id="placement-status", markup=False)
            with Horizontal(classes="form-row"):
                yield Label(t("placement.outcome_reason"), classes="form-label")
                yield TextField(ref, "outcome_reason", p.outcome_reason, id="outcome-reason")
            yield Label(t("placement.meetings"), classes="section-title")
            table = DataTable[Content](id="placement-meetings", cursor_type="row")
            for key, width in (("date", 10), ("kind", 18), ("decision", 26), ("signed", 7)):
                table.add_column(t(f"home.col.{key}"), width=width, key=key)
            yield table
            yield Label(t("placement.agreements"), classes="section-title")
            yield from self._lanes()
            yield Label(t("placement.supervision"), classes="section-title")
            yield Static("", id="placement-supervision", markup=False)
            yield Label(t("placement.log"), classes="section-title")
            yield Static(self._log_text(), id="placement-log")
            yield Label(t("placement.factors"), classes="section-title")
            yield Static(t("placement.legend"), classes="legend", markup=False)
            yield self._factor_table()
        yield Footer(compact=True)

    def _lanes(self) -> Iterable[Static | Horizontal]:
        t = self.t
        today = self.store.today()
        agreements = self.store.placement_agreements(self.placement_id)
        empty = [party for party in Party if not any(a.owner is party for a, _ in agreements)]
        if empty:
            names = ", ".join(t.enum(party) for party in empty)
            yield Static(f"⚠ {t('placement.no_agreement', parties=names)}", classes="warning")
        columns = []
        for party in Party:
            lines = [f"{t.enum(party).capitalize()}"]
            for agreement, made in agreements:
                if agreement.owner is not party:
                    continue
                mark = {AgreementStatus.OPEN: "○", AgreementStatus.DONE: "✓"}.get(
                    agreement.status, "×"
                )
                status = t.enum(agreement.status)
                # Made at a meeting whose date cannot be read: no age to tell.
                age = t.n("placement.days", (today - made).days) if made else "?"
                lines.append(f"{mark} {agreement.text} ({status}, {age})")
            columns.append(Static(Content("\n".join(lines)), classes="lane"))
        yield Horizontal(*columns, id="lanes")

    def _log_text(self) -> Content:
        """The log between meetings, oldest first: each entry, and whether an evaluation took
        it up yet."""
        t = self.t
        entries = logbook.entries(self.store.db, self.placement_id)
        if not entries:
            return Content(t("placement.log_empty"))
        days = {m.id: m.day for m in self.store.meetings(self.placement_id)}
        lines = []
        for entry in entries:
            if entry.meeting_id is None:
                where = t("log.waiting")
            else:
                day = days.get(entry.meeting_id)
                when = format_short(day) if day else t("value.invalid_short")
                where = t("log.taken_up", date=when)
            lines.append(f"• {entry_line(entry, t)} ({where})")
        return Content("\n".join(lines))  # Content: typed text is shown as typed

    def _factor_table(self) -> DataTable[Content]:
        t = self.t
        history = self.store.factor_history(self.placement_id)
        table = DataTable[Content](id="factor-history", cursor_type="none")
        names = [Content(f"{factor.number} {t.enum(factor)}") for factor in Factor]
        # As wide as the longest name in this language: a name is never cut.
        table.add_column(t("minutes.factor"), width=max(n.cell_length for n in names), key="factor")
        for number, (day, kind, _) in enumerate(history):
            short = t("placement.intake_short") if kind is MeetingKind.INTAKE else ""
            when = format_short(day) if day else t("value.invalid_short")
            table.add_column(f"{when}{short}", key=f"m{number}")
        for factor, name in zip(Factor, names, strict=True):
            cells = [name]
            for _, _, factors in history:
                found = next((f for f in factors if f.factor is factor), None)
                cells.append(Content(STATUS_SIGN[found.status] if found else " "))
            table.add_row(*cells)
        return table

    def on_mount(self) -> None:
        self._show_meetings()
        # Focus without scrolling to it: the view opens at its top, outcome first.
        self.set_focus(self.meetings_table, scroll_visible=False)

    def on_screen_resume(self) -> None:
        self._show_meetings()
        self.query_one("#placement-log", Static).update(self._log_text())

    def _show_supervision(self) -> None:
        """Supervision time promised against given, per period and together, flagged where
        less than the threshold was given: the workplace's conditions (issue 13.3)."""
        found = supervision_report.evaluations(self.store, placement_id=self.placement_id)
        text, short = placement_lines(found, self.store.supervision_threshold, self.t)
        shown = self.query_one("#placement-supervision", Static)
        shown.update(text)
        shown.set_class(short, "warning")

    def _show_status(self) -> None:
        """Until its start date a placement the intake let run is planned, and a line under
        the outcome says so, and till when (the outcome stays what was chosen: it takes effect
        on the start). Otherwise the outcome is the status, and the line is not there."""
        t, p = self.t, self.store.placement(self.placement_id)
        today = p.status_on(self.store.today())
        line = self.query_one("#placement-status", Static)
        line.display = today is not p.status and p.start is not None
        if p.start is not None:
            until = t("placement.until_start", date=format_short(p.start))
            line.update(f"{t('placement.status')}: {t.enum(today)} {until}")

    def _show_meetings(self) -> None:
        t = self.t
        self._show_status()
        self._show_supervision()
        table = self.meetings_table
        table.clear()
        self._meetings = self.store.meetings(self.placement_id)
        for m in self._meetings:
            empty = t("home.empty_meeting") if m.empty else "–"
            table.add_row(
                Content(format_short(m.day) if m.day else t("value.invalid_short")),
                Content(t.enum(m.kind)),
                Content(t.enum(m.outcome, short=True) if m.outcome else empty),
                Content(t("home.signed", count=m.signed_by)),
                key=str(m.id),
            )

    @on(DataTable.RowSelected, "#placement-meetings")
    async def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            await self.opener(int(event.row_key.value))

    # -- saving the outcome, the cadence and the reason ----------------------------------

    @on(ChoiceField.Changed, "#outcome")
    def _outcome(self, event: ChoiceField.Changed) -> None:
        event.stop()
        if event.value is not None:
            self._queue("status", event.value.value, at_once=True)

    @on(Input.Changed, "#cadence")
    def _cadence(self, event: Input.Changed) -> None:
        event.stop()
        field = self.query_one("#cadence", NumberField)
        ok, months = field.parsed()
        field.set_class(not ok, "-invalid")
        if ok and months is not None and field.changed(months):
            self._queue("cadence_months", months, at_once=True)

    @on(Input.Changed, "#outcome-reason")
    def _reason(self, event: Input.Changed) -> None:
        event.stop()
        field = self.query_one("#outcome-reason", TextField)
        value = field.cleaned()
        if value is not None and field.changed(value):
            self._queue("outcome_reason", value, at_once=False)

    def _queue(self, column: str, value: object, *, at_once: bool) -> None:
        self._pending[column] = value
        if self._timer is not None:
            self._timer.stop()
        if at_once:
            self.save_now()
        else:
            self._timer = self.set_timer(SAVE_DELAY, self.save_now)

    def save_now(self) -> None:
        """Write what is pending; a clash with another session shows theirs and says so."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        placement = self.store.placement(self.placement_id)
        try:
            self.store.edit(Ref(Part.PLACEMENT, placement.id), placement.version, pending)
        except StaleEdit:
            self.notify(self.t("meeting.remote_change"), severity="warning", markup=False)

    def on_unmount(self) -> None:
        self.save_now()

    # -- actions --------------------------------------------------------------------------

    async def action_new_evaluation(self) -> None:
        """Start a quarterly evaluation of this placement."""
        self.save_now()
        placement = self.store.placement(self.placement_id)
        if placement.status is PlacementStatus.NOT_STARTED:
            self.notify(self.t("home.not_started"), severity="warning", markup=False)
            return
        await self.opener(self.store.new_evaluation(self.placement_id), fresh=True)

    async def action_record(self) -> None:
        """The placement as the school files it; its latest meeting's place and minute-taker."""
        self.save_now()
        meeting = self._meetings[0].id if self._meetings else None

        def back(wrote: bool | None) -> None:
            if wrote:
                self.refresh_view()

        screen = localized(RecordScreen, self.t.lang)(
            self.store, self.t, self.placement_id, meeting
        )
        await self.app.push_screen(screen, back)

    def refresh_view(self) -> None:
        """Show the placement again as the store holds it (a period, an outcome changed)."""
        self._show_meetings()
        p = self.store.placement(self.placement_id)
        self.query_one("#outcome", ChoiceField).load(p)

    def action_delete_meeting(self) -> None:
        """Delete the empty meeting the cursor is on in the list of meetings (asked first)."""
        self.save_now()
        if not self._meetings:
            self.notify(self.t("delete.nothing"), markup=False)
            return
        row = max(0, min(self.meetings_table.cursor_row, len(self._meetings) - 1))
        ask_to_delete(self, self.store, self.t, self._meetings[row])

    async def action_log(self) -> None:
        """A note, or an agreement kept, in the log between meetings (no meeting needed)."""
        self.save_now()

        def written(_entry: LogEntry | None) -> None:
            self.query_one("#placement-log", Static).update(self._log_text())

        dialog = localized(LogDialog, self.t.lang)(self.store, self.t, self.placement_id)
        await self.app.push_screen(dialog, written)

    async def action_slip(self) -> None:
        """The student's return-day slip as a new file in the exports folder, or, in a
        browser, a download (the export dialog of the minutes)."""
        self.save_now()
        if self.exports is None:
            return
        placement_id = self.placement_id

        def exported(_where: object) -> None:
            self.store.record("export", "placements", placement_id, None)

        dialog = localized(SlipDialog, self.t.lang)(
            slip.placement_slip(self.store, placement_id),
            self.store.today(),
            self.t,
            self.exports(),
            exported,
        )
        await self.app.push_screen(dialog)

    def action_back(self) -> None:
        """Back to the list; the outcome and the reason are saved first."""
        self.save_now()
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette."""
        t = self.t
        yield SystemCommand(
            t("cmd.new_evaluation"), t("cmd.new_evaluation.help"), self.action_new_evaluation
        )
        yield SystemCommand(t("cmd.log"), t("cmd.log.help"), self.action_log)
        yield SystemCommand(t("cmd.record"), t("cmd.record.help"), self.action_record)
        yield SystemCommand(t("cmd.slip"), t("cmd.slip.help"), self.action_slip)
        yield SystemCommand(
            t("cmd.delete_meeting"), t("cmd.delete_meeting.help"), self.action_delete_meeting
        )
        yield SystemCommand(t("cmd.home"), t("cmd.home.help"), self.action_back)
