"""An open meeting kept in step with the store: each edit saved as it is typed, a clash told
with both versions kept, and what other sessions save shown by itself.

The bookkeeping (what waits, when it is due, what a clash keeps) belongs to
`driehoek.autosave`, which knows no Textual; this screen class runs its timer, shows its
clashes in the notice under the step (`ClashNotice`), and polls for other sessions' changes.
`MeetingScreen` builds on it with the steps.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import Concatenate, ParamSpec, TypeVar

from textual import events, getters, on
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from driehoek import asides, drafts
from driehoek.autosave import Autosave, Saved
from driehoek.database import Problem, problem_of
from driehoek.domain import Meeting, Ref
from driehoek.i18n import Catalogue
from driehoek.meeting_watch import MeetingWatch
from driehoek.prompts import catalogue_for
from driehoek.store import Signed, Store
from driehoek.widgets.clash_notice import ClashNotice, describe
from driehoek.widgets.fields import Bound
from driehoek.widgets.settle import settle
from driehoek.widgets.steps import StepView

POLL_SECONDS = 2.0
"""How often an open meeting asks SQLite whether another session wrote (one cheap PRAGMA)."""

_P = ParamSpec("_P")
_S = TypeVar("_S", bound="LiveMeeting")


def told_if_unwritable(
    action: Callable[Concatenate[_S, _P], Awaitable[None]],
) -> Callable[Concatenate[_S, _P], Awaitable[None]]:
    """Wrap an action that writes: a full disk or a file held too long by another session is
    told, not a crash. SQLite rolled the write back, so nothing is half done and the user can
    simply try again; any other error is a bug, for the crash log."""

    @functools.wraps(action)
    async def guarded(screen: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            await action(screen, *args, **kwargs)
        except sqlite3.OperationalError as e:
            screen.tell_unwritable(e)
        except Signed:  # all three signed it meanwhile (another session): nothing was written
            screen.notify(screen.t("meeting.signed_elsewhere"), severity="warning", markup=False)
            screen.meeting = screen.store.meeting(screen.meeting.id)
            screen._show_state()

    return guarded


class LiveMeeting(Screen[None]):
    """The saving, the clashes and the live updates of an open meeting."""

    BINDINGS = [
        Binding("ctrl+o", "swap_versions", "key.swap_versions", show=False, priority=True),
    ]

    clash_notice = getters.query_one("#clash-notice", ClashNotice)

    def __init__(self, store: Store, t: Catalogue, meeting_id: int, *, fresh: bool = False) -> None:
        super().__init__()
        self.store = store
        self.t = t
        self.fresh = fresh
        """Started by this session (Ctrl+E, Ctrl+N): left unwritten, it is removed again."""
        self._watch = MeetingWatch(store.conn, meeting_id)  # before the read: see there
        self.meeting: Meeting = store.meeting(meeting_id)
        self.autosave = Autosave(store, meeting_id, time.monotonic)
        self._save_timer: Timer | None = None
        self._seen_aside = asides.newest(store, meeting_id)
        """The newest set-aside version this session has told of (or found at the start)."""
        self._reload_needed = False
        self._view: StepView | None = None

    # -- what the screen with the steps provides --------------------------------------------

    @property
    def view(self) -> StepView | None:
        """The view of the current step, once mounted."""
        # Kept, not looked up each time: a query walks every widget of the screen, and each
        # save asks for the view (some 6 ms a save under the profiler, issue 14).
        view = self._view
        if view is None or not view.is_attached:
            views = self.query(StepView)
            view = self._view = views.first() if views else None
        return view

    def _show_state(self) -> None:
        """Show what follows from the saved meeting (the flow, the heading, the fields)."""
        raise NotImplementedError

    async def _reload(self) -> None:
        """Show the current step again from the store, unless a step change already did."""
        raise NotImplementedError

    @on(events.Mount)
    def _poll_from_now_on(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    # -- saving -----------------------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        """Whether an edit waits to be written."""
        return self.autosave.pending

    def queue_edit(self, ref: Ref, based_on: int | None, changes: dict[str, object]) -> None:
        """Take an edit from a step (see `StepView.on_edit`); the autosave says when it is due."""
        self.autosave.edit(ref, based_on, changes)
        self._arm()

    def _arm(self) -> None:
        """Set the timer for when the autosave is due (if anything waits)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        due = self.autosave.due()
        if due is not None:
            # Never a timer at 0 s: Textual divides by its interval.
            delay = max(due - time.monotonic(), 0.01)
            self._save_timer = self.set_timer(delay, self._tick)

    def _tick(self) -> None:
        due = self.autosave.due()
        if due is not None and due <= time.monotonic():
            self.save_now()
        else:
            self._arm()  # woken a moment early, or typing went on: wait for the due time

    async def settle(self) -> None:
        """Let the fields handle every key already typed, then write every pending edit.

        Every action that changes or leaves the step starts here, and so does stopping the
        app (Ctrl+Q, a hang-up, SIGTERM: `DriehoekApp.save_all`), so nothing typed ahead of
        the action is lost (see `widgets.settle`) and a clash found now keeps both versions.
        """
        await settle(self)
        self.save_now()

    def save_now(self, *, show: bool = True) -> Saved:
        """Write every pending edit now, then show the meeting as the store has it.

        Args:
            show: Update the screen afterwards (not while it is being taken down).
        """
        saved = self.autosave.save()
        self._arm()
        if saved.error is not None:
            # Busy beyond the timeout, or a full disk: what was not written stays pending and
            # is tried again in a moment (`Autosave.due`); the user is told which.
            key = "error.disk_full" if problem_of(saved.error) is Problem.FULL else "error.busy"
            self.notify(self.t(key), severity="error", markup=False)
        if not show or not (saved.written or saved.clashes):
            return saved
        self.meeting = self.store.meeting(self.meeting.id)
        self._show_state()
        if saved.clashes:
            self._show_clashes()
            if self.meeting.closed:  # not someone's edit: the minutes were signed meanwhile
                self.notify(self.t("meeting.signed_meanwhile"), severity="warning", markup=False)
        return saved

    def _show_clashes(self) -> None:
        worded = catalogue_for(self.meeting, self.t)  # a kind of support in its template's words
        self.clash_notice.show_clashes(self.autosave.clashes, self.meeting, worded)
        focused = self.focused
        if focused is not None:  # the notice took room: keep the cursor in sight
            focused.call_after_refresh(focused.scroll_visible, animate=False)

    @on(events.DescendantBlur)
    def _field_left(self, event: events.DescendantBlur) -> None:
        """The cursor left a field that still showed the user's set-aside text: what she typed
        there is written to her set-aside version, and the field shows what is in place."""
        field = event.widget
        if not isinstance(field, Bound) or not field.is_attached:
            return
        clash = self.autosave.clash(field.ref)
        if clash is None or not clash.typing_on or field.behind != clash.based_on:
            return
        self.save_now(show=False)
        if self.autosave.pending:
            return  # not written (a full disk: told); the field keeps her text until it is
        # Shown afresh, every field but the one with the cursor shows what is stored.
        self.meeting = self.store.meeting(self.meeting.id)
        self._show_state()
        self._show_clashes()

    def on_unmount(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self.autosave.save()  # what is not written now (a full disk) cannot be any more

    def leave(self) -> None:
        """Remove a meeting this session started and nobody wrote in (`drafts.leave`); if
        that cannot be written now, it stays: empty, it counts for nothing (Del removes it)."""
        if not self.fresh or self.unsaved:
            return
        try:
            drafts.leave(self.store, self.meeting.id)
        except sqlite3.OperationalError as error:
            if problem_of(error) not in (Problem.FULL, Problem.BUSY):
                raise

    def tell_unwritable(self, error: sqlite3.OperationalError) -> None:
        """Tell a full disk or a busy file (the write was rolled back); raise anything else."""
        problem = problem_of(error)
        if problem not in (Problem.FULL, Problem.BUSY):
            raise error
        key = "error.disk_full_undone" if problem is Problem.FULL else "error.busy"
        self.notify(self.t(key), severity="error", markup=False)

    # -- clashes ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap_versions":
            return any(c.aside is not None for c in self.autosave.clashes)
        return True

    @told_if_unwritable
    async def action_swap_versions(self) -> None:
        """Put the version kept aside in place, and keep the one that was there aside."""
        await settle(self)  # up to the last key typed: that is the version she means
        saved, changed = self.autosave.swap()
        self._arm()
        if saved.error is not None:
            self.tell_unwritable(saved.error)  # what was swapped stays swapped
        self.meeting = self.store.meeting(self.meeting.id)
        view = self.view
        if view is not None and not view.shows(self.meeting):
            self._reload_needed = True  # a removed line came back: build the step again
            await self._reload()
            return
        self._show_state()
        if view is not None:
            view.show_stored(changed)  # even the field with the cursor: she asked for it
        self._show_clashes()

    def step_shown(self, saved: Saved, *, same_step: bool) -> None:
        """The step was built afresh, so its fields show what is stored. Still told: every
        clash if it is the same step (a line was added or removed), else only those found by
        the save on the way (`saved`): the user has not seen those yet."""
        keep = self.autosave.clashes if same_step else saved.clashes
        self.autosave.forget_clashes(keep=[c.ref for c in keep])
        self._show_clashes()

    # -- other sessions ---------------------------------------------------------------------

    def _poll(self) -> None:
        """Show what another session saved: in place, or by building the step again when
        lines were added or removed, and tell of versions it set aside. Not while an edit
        waits to be saved (its own save shows the store's state a moment later)."""
        if self.autosave.pending or not self.store.changed_elsewhere():
            return
        if not self._watch.concerns():
            return  # another meeting's rows: nothing to read again (`meeting_watch`)
        self._tell_set_aside()
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
            if self.autosave.clashes:  # what is in place may have changed again
                self._show_clashes()
        self.notify(self.t("meeting.remote_change"), markup=False, timeout=3)

    def _tell_set_aside(self) -> None:
        """Tell, without interrupting the typing, of each version another session set aside."""
        if asides.newest(self.store, self.meeting.id) <= self._seen_aside:
            return
        t = self.t
        for kept in reversed(asides.set_aside_versions(self.store, self.meeting.id)):
            if kept.id <= self._seen_aside:
                continue
            self._seen_aside = kept.id
            if kept.id in self.autosave.made:
                continue
            row = self.meeting.row(kept.ref)
            what = t(f"entity.{kept.ref.part.value}")
            about = describe(row) if row is not None else ""
            what = f"{what} ‘{about}’" if about else what
            yours = kept.author == self.store.user
            key = "meeting.aside_yours" if yours else "meeting.aside_theirs"
            who = kept.set_by or t("conflict.someone")
            self.notify(t(key, who=who, what=what), markup=False, timeout=8)
