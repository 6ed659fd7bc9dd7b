"""Signed means signed, on screen: a party signs with its tick in the review step, minutes
all three signed are read-only, and one key (with a reason asked) reopens them.

The store refuses every write to a signed meeting whatever the screen does (`migrate_signed`);
this class makes that visible before anyone types: the step's fields are disabled, a line
under the step says how to reopen, and the keys that would write say the same instead.
`MeetingScreen` builds on it.
"""

from __future__ import annotations

import sqlite3

from textual import on
from textual.containers import Container
from textual.widgets import Static

from driehoek import signing
from driehoek.domain import Party
from driehoek.localize import localized
from driehoek.screens.live_meeting import LiveMeeting, told_if_unwritable
from driehoek.screens.signed_dialogs import ReopenDialog
from driehoek.store import NotReady
from driehoek.widgets.shown import show_text
from driehoek.widgets.steps.review import ReviewStep


class SignedMeeting(LiveMeeting):
    """The read-only state of minutes all three signed, and reopening them."""

    _shown_closed: bool | None = None
    """Whether the footer was last worked out for closed minutes (None: not yet)."""

    # The key (Ctrl+U, "meeting.reopen") is bound in `MeetingScreen.BINDINGS`, where the
    # footer's descriptions are translated (`localize` translates a class's own bindings).

    def reopen_key(self) -> str:
        """The key that reopens, as the footer shows it (the settings file may move it)."""
        for key, bindings in self._bindings.key_to_bindings.items():
            if any(b.action == "reopen" for b in bindings):
                return self.app.get_key_display(bindings[0]) or key
        return "ctrl+u"

    def refused_when_closed(self) -> bool:
        """Tell, and return True, if the minutes are signed by all three (nothing to write)."""
        if not self.meeting.closed:
            return False
        self.notify(
            self.t("meeting.closed", key=self.reopen_key()), severity="warning", markup=False
        )
        return True

    def show_closed(self) -> None:
        """Signed by all three: the step cannot be edited, and a line says how to reopen."""
        closed = self.meeting.closed
        bar = self.query_one("#closed-bar", Static)
        show_text(bar, self.t("meeting.closed_bar", key=self.reopen_key()) if closed else "")
        bar.display = closed
        self.set_class(closed, "-closed")
        self.query_one("#step-body", Container).disabled = closed
        if closed != self._shown_closed:  # each save comes here: the footer only on a change
            self._shown_closed = closed
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.meeting.closed  # False: hidden, and the key goes on to the field
        if action in ("swap_versions", "add") and self.meeting.closed:
            # Nothing to add to signed minutes: the key is not offered (the footer has room
            # for the reopen key at 80 columns), and pressing it changes nothing.
            return False
        return super().check_action(action, parameters)

    @told_if_unwritable
    async def action_reopen(self) -> None:
        """Reopen minutes all three signed: a reason is asked; the sign-offs are withdrawn."""
        await self.settle()
        self.meeting = self.store.meeting(self.meeting.id)
        if not self.meeting.closed:
            self.notify(self.t("meeting.not_closed"), markup=False)
            self._show_state()
            return

        async def answered(reason: str | None) -> None:
            if not reason:
                return
            try:
                signing.reopen(self.store, self.meeting.id, reason)
            except signing.NotClosed:
                self.notify(self.t("meeting.not_closed"), markup=False)  # reopened elsewhere
            except sqlite3.OperationalError as e:
                self.tell_unwritable(e)
                return
            else:
                self.notify(self.t("meeting.reopened"), markup=False)
            self._reload_needed = True
            await self._reload()

        await self.app.push_screen(localized(ReopenDialog, self.t.lang)(self.t), answered)

    @on(ReviewStep.SignChanged)
    def _sign_changed(self, event: ReviewStep.SignChanged) -> None:
        event.stop()
        # settle() must run in the app's task, not in this screen's own handler.
        self.app.call_later(self._sign, event.party, event.signed)

    async def _sign(self, party: Party, signed: bool) -> None:
        await self.settle()
        if self.refused_when_closed():
            self._show_state()
            return
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
