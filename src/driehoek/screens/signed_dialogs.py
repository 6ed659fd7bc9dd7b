"""The dialogs of signed meetings and of the time between meetings.

- `ReopenDialog`: reopening minutes all three signed asks a reason (it goes into the minutes
  and the audit trail); Enter with a reason reopens, Escape leaves them signed.
- `LogDialog`: an entry in the placement's log between meetings (a dated note, or an
  agreement marked kept) without holding a meeting. Quick entry (Ctrl+T on the list) comes
  here when the placement's latest minutes are signed, so nothing is added to signed minutes.

Both write through the core (`signing`, `logbook`); neither knows SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from driehoek import logbook
from driehoek.dates import format_short, parse_date
from driehoek.domain import MeetingSummary
from driehoek.domain_log import LogEntry, LogKind
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.store import Store
from driehoek.text import clean_line
from driehoek.widgets.settle import settle


class ReopenDialog(ModalScreen[str | None]):
    """Asks why signed minutes must be reopened; returns the reason, or None (Escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        # In order with the typed keys (see `LogDialog`): the whole reason is taken.
        Binding("enter", "confirm", "key.confirm", show=False, priority=True),
    ]

    reason = getters.query_one("#reopen-reason", Input)
    problem = getters.query_one("#reopen-problem", Static)

    def __init__(self, t: Catalogue) -> None:
        super().__init__()
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog", classes="dialog"):
            yield Label(t("reopen.title"), classes="dialog-title")
            yield Static(t("reopen.explain"), classes="dialog-hint", markup=False)
            yield Label(t("reopen.reason"))
            yield Input(
                placeholder=t("reopen.reason_placeholder"),
                id="reopen-reason",
                select_on_focus=False,
            )
            yield Static("", id="reopen-problem", classes="dialog-problem", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reason.cursor_blink = False
        self.set_focus(self.reason)

    async def action_confirm(self) -> None:
        """Enter: reopen with this reason (none: say one is needed)."""
        await settle(self)
        reason = self.reason.value.strip()
        if not reason:
            self.problem.update(self.t("reopen.need_reason"))
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        """Leave the minutes signed."""
        self.dismiss(None)


def log_instead(store: Store, t: Catalogue, latest: MeetingSummary) -> LogDialog:
    """The log, for a quick agreement in a placement whose latest minutes all three signed
    (they stay as they were signed): the dialog says so, with that meeting's kind and day."""
    when = format_short(latest.day) if latest.day else t("value.invalid_short")
    signed = t("log.signed", kind=t.enum(latest.kind), date=when)
    return localized(LogDialog, t.lang)(store, t, latest.placement_id, signed=signed)


class LogDialog(ModalScreen[LogEntry | None]):
    """A note, or an agreement kept, in the placement's log; returns the entry written."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        # Enter as a priority binding runs in order with the typed keys, so "note Enter
        # Ctrl+Q" typed in one go (a laggy link) writes the note before the app stops.
        Binding("enter", "submit", "key.confirm", show=False, priority=True),
    ]

    day = getters.query_one("#log-date", Input)
    note = getters.query_one("#log-note", Input)
    problem = getters.query_one("#log-problem", Static)

    def __init__(
        self,
        store: Store,
        t: Catalogue,
        placement_id: int,
        *,
        signed: str = "",
        written: Callable[[LogEntry], None] | None = None,
    ) -> None:
        """`signed`: a line saying why this is not going into the latest minutes (empty
        when the user chose the log herself)."""
        super().__init__()
        self.store = store
        self.t = t
        self.placement_id = placement_id
        self.signed = signed
        self.written = written
        self._open = logbook.open_agreements(store.db, placement_id)

    def compose(self) -> ComposeResult:
        t = self.t
        student = self.store.placement(self.placement_id).student
        with Vertical(id="dialog", classes="dialog log-dialog"):
            yield Label(Content(t("log.title", student=student)), classes="dialog-title")
            if self.signed:
                yield Static(self.signed, id="log-signed", classes="dialog-hint", markup=False)
            yield Static(t("log.explain"), classes="dialog-hint", markup=False)
            yield Label(t("log.date"))
            today = format_short(self.store.today())
            yield Input(today, id="log-date", compact=True, select_on_focus=False)
            yield Label(t("log.note"))
            yield Input(
                placeholder=t("log.note_placeholder"),
                id="log-note",
                compact=True,
                select_on_focus=False,
            )
            if self._open:
                yield Label(t("log.agreements"))
                yield OptionList(
                    *(
                        Option(Content(f"{t.enum(a.owner)}: {a.text}"), id=str(a.id))
                        for a in self._open
                    ),
                    id="log-agreements",
                    compact=True,
                )
            else:
                yield Static(t("log.no_agreements"), classes="dialog-hint", markup=False)
            yield Static("", id="log-problem", classes="dialog-problem", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for field in (self.day, self.note):
            field.cursor_blink = False
        self.set_focus(self.note)

    def _day(self) -> date | None:
        try:
            day = parse_date(self.day.value)
        except ValueError:
            day = None
        if day is None:
            text = clean_line(self.day.value.strip())
            self.problem.update(self.t("meeting.bad_date", text=text))
            self.set_focus(self.day)
        return day

    async def action_submit(self) -> None:
        """Enter: from the date to the note; on the note, write it; on an agreement, mark it
        kept (the note, if any, as its remark)."""
        await settle(self)
        focused = self.focused
        if focused is self.day:
            self.set_focus(self.note)
        elif isinstance(focused, OptionList):
            option = focused.highlighted_option
            if option is not None and option.id is not None:
                self._write(LogKind.KEPT, int(option.id))
        elif not self.note.value.strip():
            self.problem.update(self.t("log.need_note"))
            self.set_focus(self.note)
        else:
            self._write(LogKind.NOTE, None)

    @on(OptionList.OptionSelected, "#log-agreements")
    def _kept(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._write(LogKind.KEPT, int(event.option.id))

    def _write(self, kind: LogKind, agreement_id: int | None) -> None:
        day = self._day()
        if day is None:
            return
        t = self.t
        try:
            entry = logbook.add(
                self.store,
                self.placement_id,
                kind,
                day,
                self.note.value,
                agreement_id=agreement_id,
            )
        except logbook.AlreadyKept:
            self.problem.update(t("log.already_kept"))
            return
        except logbook.NotOpen:
            self.problem.update(t("log.not_open"))
            return
        if kind is LogKind.KEPT:
            message = t("log.saved_kept", text=entry.agreement, date=format_short(day))
        else:
            message = t("log.saved_note", date=format_short(day))
        self.notify(message, markup=False)
        if self.written is not None:
            self.written(entry)
        self.dismiss(entry)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
