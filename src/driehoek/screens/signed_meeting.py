"""Signed means signed, on screen: minutes all three signed are read-only, and one key (with a
reason asked) reopens them.

The store refuses every write to a signed meeting whatever the screen does (`migrate_signed`);
this class makes that visible before anyone types: the step's fields are disabled, a line
under the step says how to reopen, and the keys that would write say the same instead.
`MeetingScreen` builds on it.
"""

from __future__ import annotations

import sqlite3

from textual.containers import Container
from textual.widgets import Static

from driehoek import signing
from driehoek.localize import localized
from driehoek.screens.live_meeting import LiveMeeting, told_if_unwritable
from driehoek.screens.signed_dialogs import ReopenDialog


class SignedMeeting(LiveMeeting):
    """The read-only state of minutes all three signed, and reopening them."""

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
        bar.update(self.t("meeting.closed_bar", key=self.reopen_key()) if closed else "")
        bar.display = closed
        self.set_class(closed, "-closed")
        self.query_one("#step-body", Container).disabled = closed
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
