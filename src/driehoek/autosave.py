"""Saving a meeting as it is typed: what waits to be written, when, and what a clash keeps.

There is no save button. Each edit waits until the typing pauses (`SAVE_DELAY`), or at most
`SAVE_MAX_WAIT` while it goes on, so a kill or a power cut loses at most about a second of
typing; stopping (a step change, leaving, Ctrl+Q, a hang-up) writes at once (`save`).

An edit based on a version of its row that another session has changed since is never applied
and never dropped: the user's version is set aside at once (`asides`), before she is asked
anything, and the other version stays in place. While she types on in that field (it still
shows her text), what she types goes into her set-aside version. `swap` puts it in place
instead, setting the other aside; nothing she does or fails to do loses either version. So
no clash has to wait for anything: the screen only tells her (without taking the cursor).

This class knows no Textual: the screen drives it with a timer (`due`) and shows what `save`
and `swap` report. The clock is injected, so every order of edits, saves, clashes and stops
is tested with a fake one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from driehoek import asides
from driehoek.domain import Ref
from driehoek.store import Store

SAVE_DELAY = 0.4
"""Seconds after the last keystroke before an edit is written."""
SAVE_MAX_WAIT = 1.0
"""Seconds an edit may wait while typing goes on: a typist who never pauses for SAVE_DELAY
still has her text stored (a kill, a crash or a power cut loses at most this much)."""
RETRY_DELAY = SAVE_DELAY * 5
"""Seconds before trying again after a write failed (a full disk, a file held too long)."""

Monotonic = Callable[[], float]
"""Seconds on a clock that only goes forward (`time.monotonic`, or a test's fake)."""


@dataclass(frozen=True)
class Clash:
    """A row both sessions changed: one version in place, the other set aside."""

    ref: Ref
    based_on: int | None
    """The version the user's text builds on."""
    typing_on: bool
    """Whether her field still shows her set-aside text: her further edits of the row made
    from `based_on` go into that version, not into the row (until she swaps, or the field
    shows what is stored again)."""
    aside: int | None
    """The set-aside row holding the version not in place (None: nothing is set aside, as
    after putting back a line the other session had removed)."""
    mine_in_place: bool
    """Whether the meeting holds the user's version (after `swap`) or the other one."""
    by: str
    """Who wrote the other version (empty if not known, or if they removed the line)."""
    columns: tuple[str, ...]
    """The columns the two versions differ in (or at least set)."""


@dataclass(frozen=True)
class Saved:
    """What one `save` did."""

    written: tuple[Ref, ...] = ()
    clashes: tuple[Clash, ...] = ()
    """Clashes found in this save (the user's version of each is set aside already)."""
    error: sqlite3.OperationalError | None = None
    """Why writing stopped (a full disk, a busy file); what was not written stays pending."""


@dataclass
class _Edit:
    based_on: int | None
    changes: dict[str, object]


class Autosave:
    """The edits of one meeting that wait to be written, and the clashes found so far."""

    def __init__(self, store: Store, meeting_id: int, clock: Monotonic = time.monotonic) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.clock = clock
        self._rows: dict[Ref, _Edit] = {}
        """Edits waiting for their row, by row."""
        self._asides: dict[int, dict[str, object]] = {}
        """What the user typed on into a set-aside version, by set-aside row."""
        self._clashes: dict[Ref, Clash] = {}
        self._since: float | None = None
        """When the oldest unsaved edit was made."""
        self._last_edit = 0.0
        self._retry_at: float | None = None
        self.made: set[int] = set()
        """Set-aside rows this session made (the screen tells only of other sessions')."""

    # -- taking edits -----------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """Whether anything waits to be written."""
        return bool(self._rows or self._asides)

    def edit(self, ref: Ref, based_on: int | None, changes: Mapping[str, object]) -> None:
        """Take an edit: these columns of this row, as the user saw it at `based_on` (None: the
        row is not in the meeting she sees), now hold these values."""
        now = self._last_edit = self.clock()
        if self._since is None:
            self._since = now
        self._retry_at = None  # new typing: try again at the pause, as ever
        clash = self._clashes.get(ref)
        if (
            clash is not None
            and clash.typing_on
            and clash.aside is not None
            and clash.based_on == based_on
        ):
            self._asides.setdefault(clash.aside, {}).update(changes)
            return
        pending = self._rows.get(ref)
        if pending is None:
            self._rows[ref] = _Edit(based_on, dict(changes))
            return
        # Of several edits of one row, the oldest base counts: if any is stale, so is the lot
        # (all go aside together, and nothing of the other session's is overwritten).
        known = pending.based_on
        pending.based_on = None if known is None or based_on is None else min(known, based_on)
        pending.changes.update(changes)

    def due(self) -> float | None:
        """When the pending edits should be written (on this clock), or None: nothing waits."""
        if not self.pending:
            return None
        if self._retry_at is not None:
            return self._retry_at
        since = self._since if self._since is not None else self._last_edit
        return min(self._last_edit + SAVE_DELAY, since + SAVE_MAX_WAIT)

    # -- writing ----------------------------------------------------------------------------

    def save(self) -> Saved:
        """Write everything pending now, each row in its own transaction.

        A stale edit is set aside (see the module docstring) and reported as a new clash. If a
        write fails (a full disk, a busy file), what was written stays written, the rest stays
        pending, and `due` says when to try again.
        """
        self._since = None
        written: list[Ref] = []
        clashes: list[Clash] = []
        try:
            for aside_id in list(self._asides):
                self._save_aside(aside_id)
            for ref in list(self._rows):
                edit = self._rows[ref]
                outcome = asides.edit_or_set_aside(
                    self.store, self.meeting_id, ref, edit.based_on, edit.changes
                )
                del self._rows[ref]
                if isinstance(outcome, asides.Kept):
                    self.made.add(outcome.aside)
                    clash = Clash(
                        ref,
                        based_on=edit.based_on,
                        typing_on=True,
                        aside=outcome.aside,
                        mine_in_place=False,
                        by=outcome.by,
                        columns=tuple(edit.changes),
                    )
                    self._clashes[ref] = clash
                    clashes.append(clash)
                else:
                    written.append(ref)
        except sqlite3.OperationalError as e:
            self._retry_at = self.clock() + RETRY_DELAY
            return Saved(tuple(written), tuple(clashes), e)
        self._retry_at = None
        return Saved(tuple(written), tuple(clashes))

    def _save_aside(self, aside_id: int) -> None:
        changes = self._asides[aside_id]
        if not asides.update(self.store, aside_id, changes):
            # Put back meanwhile, from another session's history: what she typed since is
            # kept aside anew (each edit carries a column's whole value, so nothing is partial).
            clash = next(c for c in self._clashes.values() if c.aside == aside_id)
            again = asides.edit_or_set_aside(self.store, self.meeting_id, clash.ref, None, changes)
            if isinstance(again, asides.Kept):
                self.made.add(again.aside)
                self._clashes[clash.ref] = replace(clash, aside=again.aside)
        del self._asides[aside_id]

    # -- clashes ----------------------------------------------------------------------------

    @property
    def clashes(self) -> tuple[Clash, ...]:
        """The clashes found since the step was shown (the screen's notice shows them)."""
        return tuple(self._clashes.values())

    def clash(self, ref: Ref) -> Clash | None:
        """The clash over `ref`, if there is one."""
        return self._clashes.get(ref)

    def swap(self) -> tuple[Saved, list[Ref]]:
        """For every clash, put the set-aside version in place and set aside the one there.

        Everything pending is written first, so the version put in place is the one the user
        sees, up to the last key. A version already put back elsewhere is left alone.

        Returns:
            What the save before it did (it may find a clash of its own: that one is not
            swapped, so the user sees it first; or a write failed: then the swaps not done
            yet are not done, each done one stays done), and the rows whose content changed.
        """
        saved = self.save()
        if saved.error is not None:
            return saved, []
        changed: list[Ref] = []
        new = {c.ref for c in saved.clashes}
        for ref, clash in list(self._clashes.items()):
            if ref in new or clash.aside is None:
                continue
            try:
                done = asides.put_back(self.store, clash.aside)
            except asides.Gone:
                del self._clashes[ref]
                continue
            except sqlite3.OperationalError as e:  # rolled back: this clash is as it was
                return replace(saved, error=e), changed
            if done.displaced is not None:
                self.made.add(done.displaced)
            del self._clashes[ref]
            self._clashes[done.ref] = replace(
                clash,
                ref=done.ref,
                based_on=None,
                typing_on=False,
                aside=done.displaced,
                mine_in_place=not clash.mine_in_place,
            )
            changed.append(done.ref)
        return saved, changed

    def forget_clashes(self, keep: Iterable[Ref] = ()) -> None:
        """The step is shown afresh: its fields show what is stored, so no field continues a
        set-aside version any more (each stays set aside, in the meeting's history).

        Args:
            keep: Rows whose clash to keep telling of (found by the save before the step
                changed: the user has not seen those yet).
        """
        kept = set(keep)
        self._clashes = {
            ref: replace(c, typing_on=False) for ref, c in self._clashes.items() if ref in kept
        }
