"""The autosave without a terminal, on a fake clock: when it writes, and that no order of edits,
saves, clashes, swaps, full disks, quits and hang-ups ever loses either coordinator's text.

The examples name the orders the issue found (type then quit at once, type on after a clash,
quit or hang up with a clash pending); the state machine below tries every other order.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from driehoek import asides
from driehoek.autosave import RETRY_DELAY, SAVE_DELAY, SAVE_MAX_WAIT, Autosave
from driehoek.database import open_database
from driehoek.domain import Part, Ref
from driehoek.store import Clock, Store

EPSILON = 1e-9
FIXED = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FlakyStore(Store):
    """A store whose disk can be made full: every write then fails as SQLite's would."""

    full = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.full:
            raise sqlite3.OperationalError("database or disk is full")
        with super().transaction():
            yield


@dataclass
class Setting:
    mine: FlakyStore
    other: Store
    meeting_id: int
    note: Ref
    goal: Ref


@pytest.fixture
def setting(tmp_path: Path, fixed_clock: Clock) -> Iterator[Setting]:
    path = tmp_path / "gedeeld.db"
    a, b = open_database(path), open_database(path)
    mine = FlakyStore(a, clock=fixed_clock, user="coordinator-a")
    other = Store(b, clock=fixed_clock, user="coordinator-b")
    meeting_id = mine.new_intake("Noor Vink", "Tuincentrum De Linde")
    goal = mine.add_goal(meeting_id)
    yield Setting(mine, other, meeting_id, Ref(Part.MEETING, meeting_id), Ref(Part.GOAL, goal.id))
    a.close()
    b.close()


def stored(store: Store, meeting_id: int, ref: Ref) -> set[str]:
    """Every text of a row the database holds: in place, and set aside."""
    m = store.meeting(meeting_id)
    row = m.row(ref)
    texts = {str(getattr(row, "text", getattr(row, "learning_note", "")))} if row else set()
    kept = asides.set_aside_versions(store, meeting_id)
    return texts | {str(v) for a in kept if a.ref == ref for v in a.values.values()}


# -- when it writes --------------------------------------------------------------------------


def test_an_edit_is_due_a_pause_after_the_last_key(setting: Setting) -> None:
    clock = FakeClock()
    save = Autosave(setting.mine, setting.meeting_id, clock)
    assert save.due() is None
    save.edit(setting.note, 1, {"learning_note": "L"})
    assert save.due() == pytest.approx(clock.now + SAVE_DELAY)
    clock.now += 0.3
    save.edit(setting.note, 1, {"learning_note": "Le"})
    assert save.due() == pytest.approx(clock.now + SAVE_DELAY)


def test_typing_that_never_pauses_is_due_at_most_the_longest_wait_after_its_first_key(
    setting: Setting,
) -> None:
    clock = FakeClock()
    save = Autosave(setting.mine, setting.meeting_id, clock)
    first = clock.now
    text = ""
    for letter in "Leert door te doen":
        text += letter
        save.edit(setting.note, 1, {"learning_note": text})
        due = save.due()
        assert due is not None
        assert due <= first + SAVE_MAX_WAIT + EPSILON
        clock.now += 0.1
    assert save.due() == pytest.approx(first + SAVE_MAX_WAIT)


def test_after_a_full_disk_it_tries_again_later_and_sooner_when_typing_goes_on(
    setting: Setting,
) -> None:
    clock = FakeClock()
    save = Autosave(setting.mine, setting.meeting_id, clock)
    save.edit(setting.note, 1, {"learning_note": "Vol"})
    setting.mine.full = True
    saved = save.save()
    assert saved.error is not None
    assert save.pending
    assert save.due() == pytest.approx(clock.now + RETRY_DELAY)
    clock.now += 1
    save.edit(setting.note, 1, {"learning_note": "Vol!"})
    assert save.due() == pytest.approx(clock.now + SAVE_DELAY)
    setting.mine.full = False
    assert save.save().error is None
    assert not save.pending
    assert setting.mine.meeting(setting.meeting_id).learning_note == "Vol!"


# -- the orders the issue found --------------------------------------------------------------


def other_writes(setting: Setting, text: str) -> None:
    m = setting.other.meeting(setting.meeting_id)
    setting.other.update_meeting(setting.meeting_id, m.version, learning_note=text)


def test_quitting_right_after_typing_keeps_both_versions(setting: Setting) -> None:
    """(a) B types and quits within the save delay: the save on quit finds the clash."""
    save = Autosave(setting.mine, setting.meeting_id, FakeClock())
    other_writes(setting, "Van B")
    save.edit(setting.note, 1, {"learning_note": "Van A"})
    saved = save.save()  # what Ctrl+Q (and a hang-up) does, through the screen's settle()
    assert [c.ref for c in saved.clashes] == [setting.note]
    assert not save.pending
    assert stored(setting.other, setting.meeting_id, setting.note) == {"Van A", "Van B"}
    assert setting.other.meeting(setting.meeting_id).learning_note == "Van B"


def test_typing_on_after_a_clash_goes_into_the_set_aside_version(setting: Setting) -> None:
    """(b, d) What she types after the clash (a new line too) is hers: it is kept aside."""
    save = Autosave(setting.mine, setting.meeting_id, FakeClock())
    other_writes(setting, "Van B")
    save.edit(setting.note, 1, {"learning_note": "Van A"})
    [clash] = save.save().clashes
    save.edit(setting.note, 1, {"learning_note": "Van A\nen verder"})
    assert save.save().clashes == ()  # not a second clash: the same version, typed on
    [kept] = asides.set_aside_versions(setting.mine, setting.meeting_id)
    assert (kept.id, kept.values) == (clash.aside, {"learning_note": "Van A\nen verder"})
    assert setting.other.meeting(setting.meeting_id).learning_note == "Van B"


def test_quitting_or_hanging_up_with_a_clash_pending_keeps_both(setting: Setting) -> None:
    """(c, e) The clash was found; she typed on, unsaved, and the session stops."""
    clock = FakeClock()
    save = Autosave(setting.mine, setting.meeting_id, clock)
    other_writes(setting, "Van B")
    save.edit(setting.note, 1, {"learning_note": "Van A"})
    save.save()
    clock.now += 0.1
    save.edit(setting.note, 1, {"learning_note": "Van A, op het laatst"})
    assert save.pending
    assert save.save().error is None  # the stop: Ctrl+Q or a hang-up
    assert stored(setting.other, setting.meeting_id, setting.note) == {
        "Van A, op het laatst",
        "Van B",
    }


def test_a_kill_right_after_the_clash_loses_nothing(setting: Setting) -> None:
    """Her version is set aside the moment the clash is found, before anyone is asked."""
    save = Autosave(setting.mine, setting.meeting_id, FakeClock())
    other_writes(setting, "Van B")
    save.edit(setting.note, 1, {"learning_note": "Van A"})
    save.save()
    del save  # killed: nothing more runs
    assert stored(setting.other, setting.meeting_id, setting.note) == {"Van A", "Van B"}


def test_swapping_puts_her_version_in_place_and_back(setting: Setting) -> None:
    save = Autosave(setting.mine, setting.meeting_id, FakeClock())
    other_writes(setting, "Van B")
    save.edit(setting.note, 1, {"learning_note": "Van A"})
    save.save()
    save.edit(setting.note, 1, {"learning_note": "Van A, langer"})
    saved, changed = save.swap()  # writes what she typed on first
    assert saved.error is None
    assert changed == [setting.note]
    assert setting.other.meeting(setting.meeting_id).learning_note == "Van A, langer"
    [clash] = save.clashes
    assert clash.mine_in_place
    save.swap()
    assert setting.other.meeting(setting.meeting_id).learning_note == "Van B"
    assert stored(setting.other, setting.meeting_id, setting.note) == {"Van A, langer", "Van B"}


def test_a_version_put_back_elsewhere_meanwhile_is_kept_aside_anew(setting: Setting) -> None:
    """The other coordinator put her set-aside version in place from the history while she
    typed on: what she typed since is set aside again, not lost and not forced in."""
    save = Autosave(setting.mine, setting.meeting_id, FakeClock())
    other_writes(setting, "Van B")
    save.edit(setting.note, 1, {"learning_note": "Van A"})
    [clash] = save.save().clashes
    assert clash.aside is not None
    asides.put_back(setting.other, clash.aside)
    save.edit(setting.note, 1, {"learning_note": "Van A, verder"})
    assert save.save().error is None
    assert stored(setting.other, setting.meeting_id, setting.note) == {
        "Van A",
        "Van A, verder",
        "Van B",
    }


def test_a_line_removed_meanwhile_is_set_aside_and_comes_back_on_swap(setting: Setting) -> None:
    save = Autosave(setting.mine, setting.meeting_id, FakeClock())
    setting.other.delete("goals", setting.goal.id)
    save.edit(setting.goal, 1, {"text": "Planten verpotten"})
    [clash] = save.save().clashes
    assert clash.by == ""
    _, changed = save.swap()
    [goal] = setting.mine.meeting(setting.meeting_id).goals
    assert goal.text == "Planten verpotten"
    assert changed == [Ref(Part.GOAL, goal.id)]


# -- every order -----------------------------------------------------------------------------

LETTERS = st.sampled_from("ab \n")


@dataclass
class Field:
    """A field on the user's screen: what it shows, and the version that is based on."""

    value: str
    based_on: int | None


@settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
class EveryOrder(RuleBasedStateMachine):
    """One user (her autosave, driven as the meeting screen drives it) and another session,
    on the learning note and one goal; the clock and the disk in the test's hands."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.dbs = [open_database(self.folder / "gedeeld.db") for _ in range(2)]
        for db in self.dbs:
            db.execute("PRAGMA synchronous = OFF")  # speed: no power cut in this test
        a, b = self.dbs
        self.mine = FlakyStore(a, clock=lambda: FIXED, user="coordinator-a")
        self.other = Store(b, clock=lambda: FIXED, user="coordinator-b")
        self.clock = FakeClock()

    @initialize()
    def a_meeting(self) -> None:
        self.meeting_id = self.mine.new_intake("Noor Vink", "Tuincentrum De Linde")
        goal = self.mine.add_goal(self.meeting_id)
        self.refs = [Ref(Part.MEETING, self.meeting_id), Ref(Part.GOAL, goal.id)]
        self.columns = {self.refs[0]: "learning_note", self.refs[1]: "text"}
        self.save = Autosave(self.mine, self.meeting_id, self.clock)
        self.fields: dict[Ref, Field] = {}
        self.seen: dict[Ref, set[str]] = {}
        """Every text a field of hers showed that came from the store: she may replace those
        knowingly (she saw them)."""
        self.load_all()
        self.focused: Ref | None = self.refs[0]
        self.typed: list[tuple[float, Ref, str]] = []
        self.replaced_by_other: set[tuple[Ref, str]] = set()
        self.other_latest: dict[Ref, str] = {}
        self.since: float | None = None
        self.last_edit = 0.0
        self.failed_since: float | None = None
        """When a write last failed (the kill check allows nothing before a clean save)."""

    def teardown(self) -> None:
        for db in self.dbs:
            db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- what the screen does ---------------------------------------------------------------

    def row(self, ref: Ref) -> tuple[str, int] | None:
        m = self.mine.meeting(self.meeting_id)
        found = m.row(ref)
        version = m.version_of(ref)
        if found is None or version is None:
            return None
        return str(getattr(found, self.columns[ref])), version

    def load(self, ref: Ref) -> None:
        now = self.row(ref)
        if now is None:
            return
        value, version = now
        self.fields[ref] = Field(value, version)
        self.seen.setdefault(ref, set()).add(value)

    def load_all(self) -> None:
        for ref in self.refs:
            self.load(ref)

    def refreshed(self, *, load: list[Ref] | tuple[Ref, ...] = ()) -> None:
        """`StepView.refreshed`: every field but the focused one shows what is stored; the
        focused one keeps its text, in step again if the store holds just that."""
        for ref in self.refs:
            now = self.row(ref)
            if now is None or ref not in self.fields:
                continue
            shown = self.fields[ref]
            if ref == self.focused and ref not in load:
                if now[0] == shown.value:
                    shown.based_on = now[1]
            else:
                self.load(ref)

    def saved(self, result_error: object) -> None:
        self.since = None
        if result_error is None:
            self.failed_since = None
            self.refreshed()
        elif self.failed_since is None:
            self.failed_since = self.clock.now

    def fire(self) -> None:
        asides_before = len(self.save.made)
        result = self.save.save()
        if result.clashes:
            event("a save found a clash")
        elif len(self.save.made) == asides_before and result.error is None:
            event("a save wrote (or typed on into a set-aside version)")
        self.saved(result.error)

    # -- rules ------------------------------------------------------------------------------

    @precondition(lambda self: self.focused in self.fields)
    @rule(letter=LETTERS)
    def type_a_key(self, letter: str) -> None:
        assert self.focused is not None
        shown = self.fields[self.focused]
        shown.value += letter
        self.save.edit(self.focused, shown.based_on, {self.columns[self.focused]: shown.value})
        self.typed.append((self.clock.now, self.focused, shown.value))
        self.last_edit = self.clock.now
        if self.since is None:
            self.since = self.clock.now

    @rule(index=st.integers(0, 1))
    def move_the_cursor(self, index: int) -> None:
        left = self.focused
        self.focused = self.refs[min(index, len(self.refs) - 1)]
        if left is None or left == self.focused or left not in self.fields:
            return
        clash = self.save.clash(left)
        shown = self.fields[left]
        if clash is not None and clash.typing_on and clash.based_on == shown.based_on:
            # The screen on leaving a field that shows a set-aside text: save, then show
            # what is in place.
            result = self.save.save()
            self.saved(result.error)
            if result.error is None:
                self.load(left)

    @rule(which=st.integers(0, 1), text=st.sampled_from(["B1", "B2", "B3\nB"]))
    def the_other_session_writes(self, which: int, text: str) -> None:
        ref = self.refs[min(which, len(self.refs) - 1)]
        now = self.row(ref)
        if now is None:
            return
        self.replaced_by_other.add((ref, now[0]))
        self.other.edit(ref, now[1], {self.columns[ref]: text})
        self.other_latest[ref] = text

    # Only on a field whose row both sessions still have: one the other session removed is
    # gone from the screen at the next swap, and the other session can no longer write it.
    @precondition(lambda self: self.focused in self.fields and self.focused in self.refs)
    @rule(letters=st.text(LETTERS, min_size=1, max_size=3), text=st.sampled_from(["C1", "C2"]))
    def both_type_in_the_same_field(self, letters: str, text: str) -> None:
        """The clash: she types, and the other session saves the same field first."""
        for letter in letters:
            self.type_a_key(letter)
        assert self.focused is not None
        self.the_other_session_writes(self.refs.index(self.focused), text)

    @rule(seconds=st.sampled_from([0.05, 0.2, 0.5, 1.5, 3.0]))
    def time_passes(self, seconds: float) -> None:
        """The screen's timer fires whenever the autosave is due, on time."""
        end = self.clock.now + seconds
        while (due := self.save.due()) is not None and due <= end:
            self.clock.now = max(self.clock.now, due)
            self.fire()
        self.clock.now = end

    @rule()
    def the_screen_polls(self) -> None:
        if not self.save.pending:
            self.refreshed()

    @rule()
    def swap(self) -> None:
        result, changed = self.save.swap()
        if changed:
            event("swapped")
        self.saved(result.error)
        if result.error is None or changed:
            self.refs = [self.refs[0], *self.goal_refs()]
            for ref in changed:
                self.columns.setdefault(ref, "text")
                self.load(ref)
            self.refreshed(load=changed)

    def goal_refs(self) -> list[Ref]:
        return [Ref(Part.GOAL, g.id) for g in self.mine.meeting(self.meeting_id).goals]

    @rule()
    def the_step_is_shown_again(self) -> None:
        """^n and back, or another session's new line: everything saved, the step rebuilt."""
        result = self.save.save()
        self.saved(result.error)
        if result.error is None:
            self.save.forget_clashes()
            self.refs = [self.refs[0], *self.goal_refs()]
            for ref in self.refs:
                self.columns.setdefault(ref, "text")
            self.fields = {}
            self.load_all()

    @rule()
    def the_other_session_removes_the_goal(self) -> None:
        m = self.other.meeting(self.meeting_id)
        for goal in m.goals:
            self.replaced_by_other.add((Ref(Part.GOAL, goal.id), goal.text))
            self.other.delete("goals", goal.id)

    @rule(full=st.booleans())
    def the_disk(self, full: bool) -> None:
        self.mine.full = full

    @rule()
    def quit_or_hang_up(self) -> None:
        """Ctrl+Q and a hang-up both end in the screen's settle(): one save, then the end."""
        result = self.save.save()
        self.saved(result.error)
        if result.error is None:
            if self.save.clashes:
                event("stopped with a clash pending")
            assert not self.save.pending
            self.nothing_lost(everything=True)

    # -- what must always hold --------------------------------------------------------------

    @invariant()
    def due_on_time(self) -> None:
        due = self.save.due()
        if due is None or self.failed_since is not None:
            return
        assert due <= self.last_edit + SAVE_DELAY + EPSILON
        if self.since is not None:
            assert due <= self.since + SAVE_MAX_WAIT + EPSILON

    @invariant()
    def a_kill_now_loses_at_most_the_last_second(self) -> None:
        if self.failed_since is not None:
            return
        self.nothing_lost(everything=False)

    def nothing_lost(self, *, everything: bool) -> None:
        cutoff = self.clock.now if everything else self.clock.now - SAVE_MAX_WAIT - EPSILON
        for ref in {r for _, r, _ in self.typed}:
            held = stored(self.mine, self.meeting_id, ref)
            held |= {text for r, text in self.replaced_by_other if r == ref}
            times = [(t, v) for t, r, v in self.typed if r == ref]
            old = [(t, v) for t, v in times if t <= cutoff]
            if not old:
                continue
            last_old = old[-1][0]
            since = {v for t, v in times if t >= last_old}
            assert held & since, f"her text in {ref} is lost: {old[-1][1]!r}; held {held!r}"
        if not everything and self.save.pending:
            return
        for ref, text in self.other_latest.items():
            held = stored(self.mine, self.meeting_id, ref)
            seen = self.seen.get(ref, set())
            replaced = {t for r, t in self.replaced_by_other if r == ref}
            assert text in held | seen | replaced, f"the other's {text!r} in {ref} is lost"


TestEveryOrder = EveryOrder.TestCase
