"""The meeting screen: the step bar, the current step, and saving every edit as it is made.

There is no save button. Each change is queued and written a moment after the typing pauses
(`SAVE_DELAY`), or once a second while it goes on (`SAVE_MAX_WAIT`), and at once when the user
changes step, leaves, or the app stops, so closing the terminal loses at most the last moment of
typing.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import Concatenate, ParamSpec

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static

from driehoek.database import Problem, problem_of
from driehoek.dates import format_short
from driehoek.domain import AgreementKind, Meeting, Part, Party, Ref
from driehoek.flow import Flow, Step, label_key
from driehoek.i18n import Catalogue
from driehoek.localize import localized
from driehoek.minutes import render_minutes
from driehoek.screens.conflict import Conflict, ConflictDialog
from driehoek.screens.export import ExportDialog
from driehoek.screens.goto_step import GotoStepDialog
from driehoek.screens.history import HistoryScreen
from driehoek.screens.minutes_view import MinutesScreen
from driehoek.store import NotReady, StaleEdit, Store
from driehoek.widgets.minutes_view import MinutesView
from driehoek.widgets.settle import settle
from driehoek.widgets.step_bar import StepBar
from driehoek.widgets.steps import STEP_VIEWS, StepView
from driehoek.widgets.steps.review import ReviewStep
from driehoek.widgets.steps.workplace import WorkplaceStep

SAVE_DELAY = 0.4
"""Seconds after the last keystroke before an edit is written."""
SAVE_MAX_WAIT = 1.0
"""Seconds an edit may wait while typing goes on: a typist who never pauses for SAVE_DELAY
still has her text stored (a kill, a crash or a power cut loses at most this much)."""

_DELETABLE = (Part.PARTICIPANT, Part.GOAL, Part.SUPPORT, Part.AGREEMENT)

POLL_SECONDS = 2.0
"""How often an open meeting asks SQLite whether another session wrote (one cheap PRAGMA)."""


_COLUMN_LABELS = {
    "reason": "field.reason",
    "disposition": "field.disposition",
    "note": "field.note",
    "status": "field.status",
    "name": "field.name",
    "role": "field.role",
    "owner": "field.who",
    "due": "field.when",
    "frequency": "field.when",
    "kind": "field.kind",
    "decision_reasons": "field.reasons",
    "learning_note": "field.learning_note",
}
"""Which field of a row clashed, for the conflict dialog (text columns need no label)."""


_P = ParamSpec("_P")


def _told_if_unwritable(
    action: Callable[Concatenate[MeetingScreen, _P], Awaitable[None]],
) -> Callable[Concatenate[MeetingScreen, _P], Awaitable[None]]:
    """Wrap an action that writes: a full disk or a file held too long by another session is
    told, not a crash. SQLite rolled the write back, so nothing is half done and the user can
    simply try again; any other error is a bug, for the crash log."""

    @functools.wraps(action)
    async def guarded(screen: MeetingScreen, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            await action(screen, *args, **kwargs)
        except sqlite3.OperationalError as e:
            screen.tell_unwritable(e)

    return guarded


def _describe(row: object) -> str:
    """A few words that tell the clashing line apart from its neighbours."""
    inner = getattr(row, "agreement", None) or getattr(row, "factor", None)
    source = inner if inner is not None and not isinstance(inner, StrEnum) else row
    for attribute in ("text", "name", "goal"):
        value = getattr(source, attribute, None)
        if isinstance(value, str) and value.strip():
            return value if len(value) <= 40 else value[:39] + "…"
    return ""


def _shown(value: object, t: Catalogue) -> str:
    """A stored or typed value as the conflict dialog shows it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, StrEnum):
        return t.enum(value)
    if isinstance(value, date):
        return format_short(value)
    if isinstance(value, (set, frozenset)):
        return ", ".join(t.enum(v) for v in sorted(value) if isinstance(v, StrEnum)) or "–"
    return str(value)


class MeetingScreen(Screen[None]):
    """Guides one meeting through its steps; every step can be reached directly."""

    BINDINGS = [
        Binding("ctrl+n", "next_step", "key.next_step", priority=True),
        Binding("ctrl+b", "previous_step", "key.previous_step", priority=True),
        Binding("ctrl+g", "goto_step", "key.goto_step", priority=True),
        Binding("ctrl+t", "add", "key.add", priority=True),
        Binding("ctrl+r", "minutes", "key.minutes", priority=True),
        Binding("ctrl+s", "export", "key.export", priority=True),
        Binding("ctrl+l", "home", "key.home", priority=True),
        Binding("f2", "presenting", "key.presenting", show=False),
        Binding("f3", "focus_mode", "key.focus_mode", show=False),
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
        self, store: Store, t: Catalogue, meeting_id: int, step: Step | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.t = t
        self.meeting: Meeting = store.meeting(meeting_id)
        flow = Flow(self.meeting)
        self.step: Step = step if step in flow.steps else flow.first_open
        self._pending: dict[Ref, dict[str, object]] = {}
        self._based_on: dict[Ref, int | None] = {}
        """The version of each pending edit's row that the user saw when making it."""
        self._save_timer: Timer | None = None
        self._pending_since: float | None = None
        """When the oldest unsaved edit was made (monotonic clock)."""
        self._last_edit = 0.0
        """When the newest edit was made (monotonic clock)."""
        self._reload_needed = False

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(self._heading(), id="meeting-heading")
        yield StepBar(Flow(self.meeting), self.step, self.t, id="step-bar")
        yield Label("", id="step-title")
        hint = self.t(f"step_hint.{label_key(self.meeting.kind, self.step)}")
        yield Static(hint, id="step-hint", markup=False)
        # The first step is composed with the screen, so that it is there (and focused) the
        # moment the screen is: keys typed right after opening a meeting reach its field.
        with Horizontal(id="meeting-main"):
            with Container(id="step-body"):
                yield STEP_VIEWS[self.step](self.meeting, self.t, self.queue_edit)
            with VerticalScroll(id="live-minutes"):
                yield MinutesView("", id="live-minutes-view")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_state()
        if self.view is not None:
            self.view.focus_first()
        self.set_interval(POLL_SECONDS, self._poll)
        if self.meeting.invalid:  # an old import or a hand edit: say so, and go on
            fields = ", ".join(self.meeting.invalid[:4]) + (", …" * (len(self.meeting.invalid) > 4))
            self.notify(self.t("meeting.invalid", fields=fields), severity="warning", markup=False)

    def _poll(self) -> None:
        """Show what another session saved: in place, or by building the step again when
        lines were added or removed. Not while an edit waits to be saved: a clash would then
        interrupt the typing; it waits for the pause in which the edit is saved."""
        if self._pending or not self.store.changed_elsewhere():
            return
        meeting = self.store.meeting(self.meeting.id)
        if meeting == self.meeting:
            return  # the change was elsewhere in the file
        view = self.view
        self.meeting = meeting
        if view is not None and not view.shows(meeting):
            self._reload_needed = True
            self.app.call_later(self._reload)  # in the app's task: see settle()
        else:
            self._show_state()
        self.notify(self.t("meeting.remote_change"), markup=False, timeout=3)

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

    @property
    def view(self) -> StepView | None:
        """The view of the current step, once mounted."""
        views = self.body.query(StepView)
        return views.first() if views else None

    def _show_state(self) -> None:
        """Show what follows from the saved meeting: the flow, the heading, derived text."""
        flow = Flow(self.meeting)
        self.step_bar.show(flow, self.step)
        number = flow.steps.index(self.step) + 1
        title = self.t(f"step_title.{label_key(self.meeting.kind, self.step)}")
        self.step_title.update(f"{number}/{len(flow.steps)}  {title}")
        self.heading.update(self._heading())
        if self.view is not None:
            self.view.refreshed(self.meeting)
        if self.has_class("-presenting"):
            self.query_one("#live-minutes-view", MinutesView).show(
                render_minutes(self.meeting, self.t.lang)
            )

    async def settle(self) -> None:
        """Let the fields handle every key already typed, then write every pending edit.

        Every action that changes or leaves the step starts here, so nothing typed ahead of
        the action is lost (see `widgets.settle`).
        """
        await settle(self)
        self.save_now()

    @_told_if_unwritable
    async def show_step(self, step: Step, focus: Ref | None = None) -> None:
        """Save what is typed, reload, and show `step` built from the stored meeting.

        Reloading on every step change also brings in what other coordinators saved.
        """
        await self.settle()
        if self.step is not step:
            self.store.prune_empty(self.meeting.id)
        self.meeting = self.store.meeting(self.meeting.id)
        self.step = step
        self._reload_needed = False
        await self.body.remove_children()
        view = STEP_VIEWS[step](self.meeting, self.t, self.queue_edit)
        await self.body.mount(view)
        self.step_hint.update(self.t(f"step_hint.{label_key(self.meeting.kind, step)}"))
        self._show_state()
        view.focus_first(focus)

    # -- saving ---------------------------------------------------------------------------

    def queue_edit(self, ref: Ref, based_on: int | None, changes: dict[str, object]) -> None:
        """Take an edit from a step; it is written after SAVE_DELAY without further edits.

        Args:
            ref: The row.
            based_on: The row's version the user saw (None: the row is gone).
            changes: Columns and their new values.
        """
        self._base(ref, based_on)
        self._pending.setdefault(ref, {}).update(changes)
        now = self._last_edit = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        # A pause in the typing writes it; so does typing on past SAVE_MAX_WAIT. While she
        # types on, a clash waits for the pause: the conflict dialog would interrupt the
        # typing and show only half of what she meant. (Never a timer at 0 s: Textual
        # divides by its interval.)
        typing_on = self._pending_since + SAVE_MAX_WAIT < now + SAVE_DELAY
        delay = max(self._pending_since + SAVE_MAX_WAIT - now, 0.01) if typing_on else SAVE_DELAY
        self._save_later(delay, clashes_wait=typing_on)

    def _save_later(self, delay: float, *, clashes_wait: bool = False) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        save = functools.partial(self.save_now, clashes_wait=clashes_wait)
        self._save_timer = self.set_timer(delay, save)

    def save_now(self, *, show: bool = True, clashes_wait: bool = False) -> None:
        """Write every pending edit now, each in its own transaction, then reload.

        An edit of something another session changed (or removed) in the meantime is not
        applied: the user is asked which version stays (see `ConflictDialog`).

        Args:
            show: Update the screen afterwards (not while it is being taken down).
            clashes_wait: Keep clashing edits pending instead of asking about them now.
        """
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._pending_since = None
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        based_on, self._based_on = self._based_on, {}
        clashes: list[tuple[Ref, dict[str, object]]] = []
        written: list[Ref] = []
        for ref, changes in pending.items():
            version = based_on.get(ref)
            try:
                if version is None:
                    raise StaleEdit(ref.part.value, ref.id)  # removed by another session
                self.store.edit(ref, version, changes)
                written.append(ref)
            except StaleEdit:
                clashes.append((ref, changes))
            except sqlite3.OperationalError as e:
                # Busy beyond the timeout, or a full disk: keep the edits not yet written
                # (and anything typed since) and try again in a moment; the user is told
                # which. Those written already must not be written again on an old version.
                for done in written:
                    del pending[done]
                later, self._pending = self._pending, {}
                later_bases, self._based_on = self._based_on, {}
                for kept in pending:
                    self._requeue(kept, based_on.get(kept), pending[kept])
                for kept, changes in later.items():
                    self._requeue(kept, later_bases.get(kept), changes)
                key = "error.disk_full" if problem_of(e) is Problem.FULL else "error.busy"
                self.notify(self.t(key), severity="error", markup=False)
                self._save_later(SAVE_DELAY * 5)
                return
        if clashes and clashes_wait:
            for ref, changes in clashes:
                self._requeue(ref, based_on.get(ref), changes)
            now = self._pending_since = time.monotonic()
            self._save_later(max(self._last_edit + SAVE_DELAY - now, 0.01))  # at the pause
            clashes = []
        self.meeting = self.store.meeting(self.meeting.id)
        if not show:
            return
        self._show_state()
        if clashes:
            self.app.call_later(self._resolve, clashes)  # in the app's task: see settle()

    async def _resolve(self, clashes: list[tuple[Ref, dict[str, object]]]) -> None:
        """Ask which version stays, then show the step as the store has it."""
        conflicts = [c for ref, changes in clashes for c in self._conflicts(ref, changes)]

        async def chosen(use_mine: bool | None) -> None:
            if use_mine:
                for ref, changes in clashes:
                    self._apply_mine(ref, changes)
                self.save_now()
            self._reload_needed = True
            await self._reload()

        if not conflicts:  # they changed it to exactly what this user typed
            await chosen(False)
            return
        dialog = localized(ConflictDialog, self.t.lang)(conflicts, self.t)
        await self.app.push_screen(dialog, chosen)

    def _conflicts(self, ref: Ref, changes: dict[str, object]) -> list[Conflict]:
        t = self.t
        row = self.meeting.row(ref) if self.meeting.version_of(ref) is not None else None
        what = t(f"entity.{ref.part.value}")
        about = _describe(row)
        if about:
            what = f"{what}: {about}"
        found = []
        for column, mine in changes.items():
            theirs = getattr(row, column, None) if row is not None else None
            if row is not None and theirs == mine:
                continue
            label = _COLUMN_LABELS.get(column)
            title = f"{what} ({t(label)})" if label else what
            shown_theirs = _shown(theirs, t) if row is not None else t("action.delete")
            found.append(Conflict(title, shown_theirs, _shown(mine, t)))
        return found

    def _apply_mine(self, ref: Ref, changes: dict[str, object]) -> None:
        """Queue the user's version again, on the row as it is now (re-adding a line that
        another session removed)."""
        if self.meeting.version_of(ref) is None:
            meeting_id = self.meeting.id
            if ref.part is Part.GOAL:
                ref = Ref(Part.GOAL, self.store.add_goal(meeting_id).id)
            elif ref.part is Part.SUPPORT:
                ref = Ref(Part.SUPPORT, self.store.add_support(meeting_id).id)
            elif ref.part is Part.AGREEMENT:
                ref = Ref(Part.AGREEMENT, self.store.add_agreement(meeting_id).id)
            elif ref.part is Part.PARTICIPANT:
                ref = Ref(Part.PARTICIPANT, self.store.add_participant(meeting_id, Party.SCHOOL).id)
            self.meeting = self.store.meeting(meeting_id)
        self._base(ref, self.meeting.version_of(ref))  # the user chose to replace what is there
        self._pending.setdefault(ref, {}).update(changes)

    def _requeue(self, ref: Ref, version: int | None, changes: dict[str, object]) -> None:
        """Keep an edit pending (again), on the version it was based on."""
        self._base(ref, version)
        self._pending.setdefault(ref, {}).update(changes)

    def _base(self, ref: Ref, version: int | None) -> None:
        """Note that a pending edit of `ref` builds on `version`. Of several edits of one row,
        the oldest base counts: if any of them is stale, the user is asked."""
        if ref not in self._based_on:
            self._based_on[ref] = version
        else:
            known = self._based_on[ref]
            self._based_on[ref] = None if known is None or version is None else min(known, version)

    async def _reload(self) -> None:
        """Show the current step again from the store, unless a step change already did."""
        if self._reload_needed and self.is_attached:
            await self.show_step(self.step)

    def on_unmount(self) -> None:
        self.save_now(show=False)

    @on(StepView.Invalid)
    def _invalid(self, event: StepView.Invalid) -> None:
        event.stop()
        self.notify(event.message, severity="warning", markup=False)

    @on(ReviewStep.SignChanged)
    def _sign_changed(self, event: ReviewStep.SignChanged) -> None:
        event.stop()
        # settle() must run in the app's task, not in this screen's own handler.
        self.app.call_later(self._sign, event.party, event.signed)

    def tell_unwritable(self, error: sqlite3.OperationalError) -> None:
        """Tell a full disk or a busy file (the write was rolled back); raise anything else."""
        problem = problem_of(error)
        if problem not in (Problem.FULL, Problem.BUSY):
            raise error
        key = "error.disk_full_undone" if problem is Problem.FULL else "error.busy"
        self.notify(self.t(key), severity="error", markup=False)

    async def _sign(self, party: Party, signed: bool) -> None:
        await self.settle()
        try:
            self._write_sign_off(party, signed)
        except sqlite3.OperationalError as e:
            self.tell_unwritable(e)  # the box shows again what is stored: not signed
        self.meeting = self.store.meeting(self.meeting.id)
        self._show_state()

    def _write_sign_off(self, party: Party, signed: bool) -> None:
        if signed:
            people = self.meeting.participants
            names = [p.name for p in people if p.party is party and p.name.strip()]
            if not names:
                self.notify(self.t("meeting.sign_first_name"), severity="warning", markup=False)
                return
            try:
                self.store.sign(self.meeting.id, party, names[0])
            except NotReady:
                self.notify(self.t("meeting.close_first"), severity="warning", markup=False)
        else:
            self.store.unsign(self.meeting.id, party)

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
            Flow(self.meeting), self.step, self.t, self.show_step, self.meeting.kind
        )
        await self.app.push_screen(dialog)

    @on(StepBar.StepSelected)
    def _step_clicked(self, event: StepBar.StepSelected) -> None:
        event.stop()
        self.app.call_later(self.show_step, event.step)  # in the app's task: see settle()

    @_told_if_unwritable
    async def action_add(self) -> None:
        """Add a line in this step; in the workplace step, an agreement from the factor."""
        await self.settle()
        view = self.view
        meeting_id = self.meeting.id
        ref: Ref | None = None
        if isinstance(view, WorkplaceStep):
            self._agreement_from_factor(view)
            return
        if self.step is Step.PARTICIPANTS:
            ref = Ref(Part.PARTICIPANT, self.store.add_participant(meeting_id, Party.WORKPLACE).id)
        elif self.step is Step.LEARNING:
            ref = Ref(Part.GOAL, self.store.add_goal(meeting_id).id)
        elif self.step is Step.SUPPORT:
            ref = Ref(Part.SUPPORT, self.store.add_support(meeting_id).id)
        elif self.step is Step.AGREEMENTS:
            ref = Ref(Part.AGREEMENT, self.store.add_agreement(meeting_id).id)
        if ref is None:
            self.notify(self.t("meeting.nothing_to_add"), markup=False)
            return
        await self.show_step(self.step, focus=ref)

    def _agreement_from_factor(self, view: WorkplaceStep) -> None:
        t = self.t
        factor = view.current_factor()
        self.meeting = self.store.meeting(self.meeting.id)
        assessment = self.meeting.factor(factor)
        if not assessment.status.calls_for_agreement:
            self.notify(t("meeting.from_factor_needs_status"), severity="warning", markup=False)
            return
        name = t.enum(factor)
        text = f"{name}: {assessment.note.strip()}" if assessment.note.strip() else name
        self.store.add_agreement(
            self.meeting.id,
            owner=Party.WORKPLACE,
            kind=AgreementKind.WORK,
            text=text,
            factor=factor,
        )
        self.meeting = self.store.meeting(self.meeting.id)
        self._show_state()
        self.notify(
            t("meeting.agreement_made", owner=t.enum(Party.WORKPLACE), factor=name), markup=False
        )

    @_told_if_unwritable
    async def action_delete_item(self) -> None:
        """Delete the participant, goal, support item or agreement the cursor is on."""
        view = self.view
        ref = view.current_ref() if view else None
        if ref is None or ref.part not in _DELETABLE:
            self.notify(self.t("meeting.nothing_to_delete"), markup=False)
            return
        await self.settle()
        self.store.delete(ref.part.value, ref.id)
        self.notify(self.t("meeting.deleted"), markup=False)
        await self.show_step(self.step)

    async def action_minutes(self) -> None:
        """Show the minutes as they stand now."""
        await self.settle()
        text = render_minutes(self.meeting, self.t.lang)
        await self.app.push_screen(localized(MinutesScreen, self.t.lang)(text, self.t))

    async def action_export(self) -> None:
        """Save the minutes to a Markdown file."""
        await self.settle()
        meeting_id = self.meeting.id

        def exported(_path: object) -> None:
            self.store.record("export", "meetings", meeting_id, meeting_id)

        dialog = localized(ExportDialog, self.t.lang)(self.meeting, self.t, exported)
        await self.app.push_screen(dialog)

    @_told_if_unwritable
    async def action_home(self) -> None:
        """Back to the overview; everything is saved first."""
        await self.settle()
        if self._pending:
            return  # not written (a full disk, a busy file: told): stay; saving tries again
        self.store.prune_empty(self.meeting.id)
        self.dismiss()

    def action_presenting(self) -> None:
        """The presentation for a shared screen: the step stands out and, where the screen
        is wide, the minutes are written beside it."""
        self.toggle_class("-presenting")
        self._show_state()

    def action_focus_mode(self) -> None:
        """Only the step: no heading, hint or keys (F3 again brings them back)."""
        self.toggle_class("-focus")

    async def action_history(self) -> None:
        """Who did what to this meeting, and when."""
        await self.settle()
        entries = self.store.history(self.meeting.id)
        await self.app.push_screen(localized(HistoryScreen, self.t.lang)(entries, self.t))

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette."""
        t = self.t
        yield SystemCommand(t("cmd.next_step"), t("cmd.next_step.help"), self.action_next_step)
        yield SystemCommand(
            t("cmd.previous_step"), t("cmd.previous_step.help"), self.action_previous_step
        )
        for number, step in enumerate(Flow(self.meeting).steps, start=1):
            yield SystemCommand(
                t(
                    "cmd.goto_step",
                    number=number,
                    step=t(f"step_title.{label_key(self.meeting.kind, step)}"),
                ),
                t("cmd.goto_step.help"),
                lambda step=step: self.app.call_later(self.show_step, step),
            )
        yield SystemCommand(t("cmd.add"), t("cmd.add.help"), self.action_add)
        yield SystemCommand(
            t("cmd.delete_item"), t("cmd.delete_item.help"), self.action_delete_item
        )
        yield SystemCommand(t("cmd.minutes"), t("cmd.minutes.help"), self.action_minutes)
        yield SystemCommand(t("cmd.export"), t("cmd.export.help"), self.action_export)
        yield SystemCommand(t("cmd.presenting"), t("cmd.presenting.help"), self.action_presenting)
        yield SystemCommand(t("cmd.focus_mode"), t("cmd.focus_mode.help"), self.action_focus_mode)
        yield SystemCommand(t("cmd.history"), t("cmd.history.help"), self.action_history)
        yield SystemCommand(t("cmd.home"), t("cmd.home.help"), self.action_home)
