"""The meeting screen: the step bar, the current step, and the actions of a meeting.

There is no save button: every edit is saved as it is typed, and a clash with another session
keeps both versions (see `LiveMeeting`, which this screen builds on, and `driehoek.autosave`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, Static

from driehoek import starting_point
from driehoek.dates import format_short
from driehoek.domain import Ref
from driehoek.files import ExportFolder
from driehoek.flow import Flow, Step, label_key
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.minutes import render_minutes
from driehoek.prompts import catalogue_for
from driehoek.screens.export import ExportDialog
from driehoek.screens.goto_step import GotoStepDialog
from driehoek.screens.history import HistoryScreen
from driehoek.screens.live_meeting import told_if_unwritable
from driehoek.screens.meeting_lines import MeetingLines
from driehoek.screens.meeting_palette import meeting_commands
from driehoek.screens.minutes_view import MinutesScreen
from driehoek.store import Signed, Store
from driehoek.widgets.clash_notice import ClashNotice
from driehoek.widgets.live_minutes import LiveMinutes, section_key
from driehoek.widgets.prepared_views import party_names
from driehoek.widgets.settle import settle
from driehoek.widgets.shown import show_text
from driehoek.widgets.step_bar import StepBar
from driehoek.widgets.steps import STEP_VIEWS, StepView


class MeetingScreen(MeetingLines):
    """Guides one meeting through its steps; every step can be reached directly."""

    BINDINGS = [
        Binding("ctrl+n", "next_step", "key.next_step", priority=True, id="meeting.next_step"),
        Binding(
            "ctrl+b",
            "previous_step",
            "key.previous_step",
            priority=True,
            id="meeting.previous_step",
        ),
        Binding("ctrl+g", "goto_step", "key.goto_step", priority=True, id="meeting.goto_step"),
        Binding("ctrl+t", "add", "key.add", priority=True, id="meeting.add"),
        Binding("ctrl+r", "minutes", "key.minutes", priority=True, id="meeting.minutes"),
        Binding("ctrl+s", "export", "key.export", priority=True, id="meeting.export"),
        Binding("ctrl+l", "home", "key.home", priority=True, id="meeting.home"),
        # Only while all three signed (`SignedMeeting.check_action`): else Ctrl+U stays the
        # text fields' "delete to the start".
        Binding("ctrl+u", "reopen", "key.reopen", priority=True, id="meeting.reopen"),
        Binding("f2", "presenting", "key.presenting", show=False, id="meeting.presenting"),
        Binding("f3", "focus_mode", "key.focus_mode", show=False, id="meeting.focus_mode"),
        Binding("f4", "record", "key.record", show=False, id="meeting.record"),
    ]
    # Wide enough (a projector, a large monitor), the presentation shows the minutes beside
    # the step as they are being written.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    heading = getters.query_one("#meeting-heading", Label)
    step_bar = getters.query_one("#step-bar", StepBar)
    step_title = getters.query_one("#step-title", Label)
    step_hint = getters.query_one("#step-hint", Static)
    body = getters.query_one("#step-body", Container)

    def __init__(
        self,
        store: Store,
        t: Catalogue,
        meeting_id: int,
        step: Step | None = None,
        *,
        exports: Callable[[], ExportFolder],
        fresh: bool = False,
    ) -> None:
        super().__init__(store, t, meeting_id, fresh=fresh)
        self.exports = exports
        """Where Ctrl+S may write on this machine (asked at each export)."""
        flow = Flow(self.meeting)
        self.step: Step = step if step in flow.steps else flow.first_open
        self._start_from_preparations(self.step)

    def _start_from_preparations(self, step: Step) -> None:
        """Fill what the parties' preparations agree on into the step's empty fields, as the
        meeting's own answers (`starting_point`), and show the meeting with them. A file that
        cannot be written now, or all three signing meanwhile, leaves the step as it is: the
        preparations still show beside it."""
        names = party_names(catalogue_for(self.meeting, self.t))
        try:
            filled = starting_point.fill(self.store, self.meeting, step, names)
        except (sqlite3.OperationalError, Signed):
            return
        if filled:
            self.meeting = self.store.meeting(self.meeting.id)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(self._heading(), id="meeting-heading")
        yield StepBar(Flow(self.meeting), self.step, self.t, id="step-bar")
        yield Label("", id="step-title")
        worded = catalogue_for(self.meeting, self.t)  # the prompts in its template's words
        hint = worded(f"step_hint.{label_key(self.meeting.kind, self.step)}")
        yield Static(hint, id="step-hint", markup=False)
        yield Static("", id="closed-bar", markup=False)  # signed by all three: how to reopen
        # The first step is composed with the screen, so that it is there (and focused) the
        # moment the screen is: keys typed right after opening a meeting reach its field.
        with Horizontal(id="meeting-main"):
            with Container(id="step-body"):
                yield STEP_VIEWS[self.step](self.meeting, worded, self.queue_edit)
            with VerticalScroll(id="live-minutes"):
                yield LiveMinutes(id="live-minutes-view")
        yield ClashNotice(id="clash-notice", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_state()
        if self.view is not None:
            # Opened (a new intake, Ctrl+E): the step's first field, where quick entry and
            # the new-intake dialog's typing on expect it (`go_to_step` finds what is missing).
            self.view.focus_first(missing=False)
        if self.meeting.invalid:  # an old import or a hand edit: say so, and go on
            fields = ", ".join(self.meeting.invalid[:4]) + (", …" * (len(self.meeting.invalid) > 4))
            self.notify(self.t("meeting.invalid", fields=fields), severity="warning", markup=False)

    def _heading(self) -> Content:
        t, m = self.t, self.meeting
        p = m.placement
        heading = t(
            "meeting.heading",
            kind=t.enum(m.kind).capitalize(),
            date=format_short(m.day) if m.day else t("value.invalid_date"),
            student=p.student,
            organisation=p.organisation,
        )
        return Content(heading)  # Content: names are shown as typed, never parsed as markup

    def _show_state(self) -> None:
        """Show what follows from the saved meeting: the flow, the heading, derived text."""
        # Each save comes here: only what changed is updated, since every update of a label
        # lays the screen out again and redraws it (issue 14).
        flow = Flow(self.meeting)
        self.step_bar.show(flow, self.step)
        number = flow.steps.index(self.step) + 1
        title = self.t(f"step_title.{label_key(self.meeting.kind, self.step)}")
        show_text(self.step_title, f"{number}/{len(flow.steps)}  {title}")
        show_text(self.heading, self._heading())
        self.show_closed()
        if self.view is not None:
            self.view.refreshed(self.meeting)
        if self.has_class("-presenting"):
            heading = self.t(section_key(self.meeting.kind, self.step))
            minutes = self.query_one("#live-minutes-view", LiveMinutes)
            minutes.show(render_minutes(self.meeting, self.t.lang), heading)

    @told_if_unwritable
    async def show_step(
        self, step: Step, focus: Ref | None = None, *, missing: bool = False
    ) -> None:
        """Save what is typed, reload, and show `step` built from the stored meeting, the
        cursor in `focus`'s field, else (with `missing`) on what the step still needs, else in
        its first field.

        Reloading on every step change also brings in what other coordinators saved.
        """
        await settle(self)
        saved = self.save_now()
        same_step = self.step is step
        if not same_step:
            self.store.prune_empty(self.meeting.id)
        elif focus is None and self.view is not None:
            focus = self.view.place()  # the same step built afresh opens where it stood
        self.meeting = self.store.meeting(self.meeting.id)
        self.step = step
        self._start_from_preparations(step)
        self._reload_needed = False
        await self.body.remove_children()
        if not self.body.is_attached:
            return  # the meeting was closed while this waited (a key during a step change)
        worded = catalogue_for(self.meeting, self.t)
        view = STEP_VIEWS[step](self.meeting, worded, self.queue_edit)
        view.aim(focus)
        await self.body.mount(view)
        self.step_hint.update(worded(f"step_hint.{label_key(self.meeting.kind, step)}"))
        self._show_state()
        self.step_shown(saved, same_step=same_step)
        view.focus_first(focus, missing=missing)

    async def go_to_step(self, step: Step) -> None:
        """Go straight to `step` (^g, the step bar, the menu): if it is not done, the cursor
        lands on what it still needs, so the table sees at once why."""
        await self.show_step(step, missing=True)

    async def _reload(self) -> None:
        if self._reload_needed and self.is_attached:
            await self.show_step(self.step)

    @on(StepView.Invalid)
    def _invalid(self, event: StepView.Invalid) -> None:
        event.stop()
        self.notify(event.message, severity="warning", markup=False)

    # -- actions (keys, palette and clicks all come here) --------------------------------

    async def action_next_step(self) -> None:
        """Go to the next step."""
        following = Flow(self.meeting).next(self.step)
        if following is not None:
            await self.show_step(following)

    async def action_previous_step(self) -> None:
        """Go back one step."""
        previous = Flow(self.meeting).previous(self.step)
        if previous is not None:
            await self.show_step(previous)

    async def action_goto_step(self) -> None:
        """Ask which step to go to: a digit picks it."""
        await self.settle()
        dialog = localized(GotoStepDialog, self.t.lang)(
            Flow(self.meeting), self.step, self.t, self.go_to_step, self.meeting.kind
        )
        await self.app.push_screen(dialog)

    @on(StepBar.StepSelected)
    def _step_clicked(self, event: StepBar.StepSelected) -> None:
        event.stop()
        self.app.call_later(self.go_to_step, event.step)  # in the app's task: see settle()

    async def action_minutes(self) -> None:
        """Show the minutes as they stand now."""
        await self.settle()
        text = render_minutes(self.meeting, self.t.lang)
        await self.app.push_screen(localized(MinutesScreen, self.t.lang)(text, self.t))

    async def action_export(self) -> None:
        """Save the minutes as a new file in the exports folder, or, in a browser, download
        them."""
        await self.settle()
        meeting_id = self.meeting.id

        def exported(_name: object) -> None:
            self.store.record("export", "meetings", meeting_id, meeting_id)

        dialog = localized(ExportDialog, self.t.lang)(
            self.meeting, self.t, self.exports(), exported
        )
        await self.app.push_screen(dialog)

    @told_if_unwritable
    async def action_home(self) -> None:
        """Back to the overview; everything is saved first."""
        await self.settle()
        if self.unsaved:
            return  # not written (a full disk, a busy file: told): stay; saving tries again
        self.store.prune_empty(self.meeting.id)
        self.leave()
        self.dismiss()

    async def action_record(self) -> None:
        """The placement as the school files it, and this meeting's place and minute-taker."""
        await self.settle()
        if self.unsaved:
            return  # not written (told): first that
        from driehoek.screens.record import RecordScreen

        async def back(wrote: bool | None) -> None:
            if wrote:  # the minutes and the first step show these fields
                self.meeting = self.store.meeting(self.meeting.id)
                self._reload_needed = True
                await self._reload()

        screen = localized(RecordScreen, self.t.lang)(
            self.store, self.t, self.meeting.placement.id, self.meeting.id
        )
        await self.app.push_screen(screen, back)

    def action_presenting(self) -> None:
        """The presentation for a shared screen: the step stands out and, where the screen
        is wide, the minutes are written beside it."""
        self.toggle_class("-presenting")
        self._show_state()

    def action_focus_mode(self) -> None:
        """Only the step: no heading, hint or keys (F3 again brings them back)."""
        self.toggle_class("-focus")

    async def action_history(self) -> None:
        """The versions kept aside (one key puts one back), and who did what, when."""
        await self.settle()

        async def closed(put_back: bool | None) -> None:
            if put_back:  # the step shows what is in place now
                # The notice's clashes were settled there (each version is listed there).
                self.autosave.forget_clashes()
                self._reload_needed = True
                await self._reload()

        history = localized(HistoryScreen, self.t.lang)(self.store, self.meeting.id, self.t)
        await self.app.push_screen(history, closed)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette."""
        return meeting_commands(self)
