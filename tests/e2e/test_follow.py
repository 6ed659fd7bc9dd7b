"""The issue's test of following: a coordinator types into a meeting while `driehoek follow` runs
beside it, each in a real terminal (tmux).

Each goal the coordinator types is saved by the app a moment after the typing stops; the test
notes when the save is in the database (a read-only look, as often as it can) and when the
follower's terminal shows it, and records the delay (`record_timing`, never asserted: timing
goals belong in bench/; the test asserts only that each change arrives, within a generous
deadline). Then every key a follower could think of is pressed in the follower: the database
and its log stay byte for byte the same, and the minutes stay on its screen.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.store import Store
from waiting import wait_until

from .flows import T, Terminals, go_to_step, open_first_meeting, saved_goals, wait_for_home
from .tmux import TmuxSession

pytestmark = pytest.mark.e2e

STUDENT = "Joris Valkenier"
ORGANISATION = "Dagbesteding De Vlonder"
GOALS = (
    "Zelfstandig een dienst draaien",
    "De ochtendkring leiden",
    "Rapporteren in het dossier",
    "Een activiteit voorbereiden",
)
ARRIVAL_DEADLINE = 15.0
"""Seconds a saved change may take to show in the follower before the test fails: far beyond
the second the issue asks for, so that a busy machine does not fail it (the delays measured are
recorded, and belong in bench/)."""

FOLLOWER_HEIGHT = 40
"""The follower's terminal: tall enough to show every goal without scrolling (at 80x24 the
minutes scroll, as the UI tests show)."""

KEYS = (
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    *(f"C-{c}" for c in "abcdefghijklmnoprstuvwxyz"),  # C-q quits: it comes last
    *(f"F{n}" for n in range(1, 13)),
    "Enter",
    "Tab",
    "BTab",
    "Space",
    "BSpace",
    "DC",
    "IC",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PPage",
    "NPage",
    "+",
    "-",
    "~",
    "?",
    "/",
    "C-\\",
    "Escape",
)
"""Every key a follower could think of, by tmux's names: letters, Enter, the app's Ctrl keys
(Ctrl+T adds, Ctrl+N and Ctrl+E start meetings, Ctrl+S exports, Ctrl+P is the menu), F2..."""


def fingerprint(path: Path) -> dict[str, str]:
    """The database and its log, byte for byte (an empty log holds nothing)."""
    files = (path, path.with_name(path.name + "-wal"))
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.exists() and (f == path or f.stat().st_size)
    }


def seed(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        Store(db, clock=lambda: datetime.now(UTC), user="e2e").new_intake(STUDENT, ORGANISATION)
    finally:
        db.close()


def wait_until_saved(db_path: Path, goal: str, app: TmuxSession) -> float:
    """Wait until `goal` is in the database; returns when it was first seen there."""
    try:
        wait_until(lambda: goal in saved_goals(db_path), f"{goal!r} saved", ARRIVAL_DEADLINE)
    except AssertionError as e:
        raise AssertionError(f"{e}\n{app.describe()}") from None
    return time.monotonic()


def wait_until_shown(follower: TmuxSession, goal: str) -> float:
    """Wait until the follower's terminal shows `goal`; returns when it was first seen."""
    follower.wait_for(goal, ARRIVAL_DEADLINE)
    return time.monotonic()


def test_the_follower_shows_each_save_and_no_key_changes_a_byte(
    terminals: Terminals, db_path: Path, record_timing: Callable[[str, float], None]
) -> None:
    seed(db_path)
    app = terminals.start("--db", str(db_path))
    wait_for_home(app)
    open_first_meeting(app, STUDENT)
    go_to_step(app, Step.LEARNING)
    follower = terminals.start("--db", str(db_path), "follow", "1", height=FOLLOWER_HEIGHT)
    follower.wait_for(T("follow.draft", signed=0))
    follower.wait_for(STUDENT)

    delays = []
    for goal in GOALS:
        app.keys("C-t")  # a new goal, the cursor in it
        app.type(goal)
        app.wait_for(goal)
        stored = wait_until_saved(db_path, goal, app)
        shown = wait_until_shown(follower, goal)
        delays.append(shown - stored)
        record_timing(f"save -> follower's screen ({goal[:20]})", shown - stored)
    record_timing("save -> follower's screen, the longest of these", max(delays))

    app.keys("C-q")
    assert app.wait_for_exit(30).status == 0
    assert saved_goals(db_path) == list(GOALS)
    before = fingerprint(db_path)

    for key in KEYS:
        follower.keys(key)
        assert not follower.terminal_closed(), f"{key} ended the follower\n{follower.describe()}"
        assert fingerprint(db_path) == before, key
    follower.keys("Escape")  # F1's help may be open
    follower.wait_until(
        lambda: GOALS[0] in follower.screen() and T("follow.footer") in follower.screen(),
        "the minutes on the follower's screen after every key",
    )
    assert fingerprint(db_path) == before

    follower.keys("C-q")
    assert follower.wait_for_exit(30).status == 0
    assert fingerprint(db_path) == before
