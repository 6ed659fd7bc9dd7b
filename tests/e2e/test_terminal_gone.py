"""When the terminal goes away, driehoek saves what was typed and ends within 2 seconds.

Three ways a terminal goes: the link drops and the kernel hangs up the terminal (SIGHUP, and
reads return end of file); the terminal hangs up but the process gets no SIGHUP because the
terminal is not its controlling terminal (run under `setsid`: only end of file tells); reading
it fails (EIO, as older kernels and orphaned process groups give; simulated here by making the
input thread's read fail). Each time a learning goal was just typed: it is in the database, and
the process is gone within 2 s, not spinning on end of file or stuck on a dead terminal.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from driehoek.app import LOST_EXIT
from driehoek.flow import Step
from timings import RecordTiming

from .flows import (
    Terminals,
    add_goal,
    driehoek_command,
    go_to_step,
    only_meeting,
    start_intake,
    wait_for_home,
)
from .sshd import descendants
from .tmux import PaneExit, TmuxSession, process_ended

pytestmark = pytest.mark.e2e

STUDENT = "Sem Hoogland"
ORGANISATION = "Wijkcentrum De Brug"
GOAL = "Een gesprek met een bewoner voeren zq84"

GONE_WITHIN = 2.0
"""Seconds from losing the terminal to the process being gone (issue 9)."""

FAILING_READ = """
import errno, os, sys, threading
from pathlib import Path

trigger = Path(sys.argv[1])
real_read = os.read


def read(fd: int, size: int) -> bytes:
    if threading.current_thread().name == "textual-input" and trigger.exists():
        raise OSError(errno.EIO, os.strerror(errno.EIO))
    return real_read(fd, size)


os.read = read
from driehoek.cli import main

sys.exit(main(sys.argv[2:]))
"""


def type_a_goal(app: TmuxSession) -> None:
    wait_for_home(app)
    start_intake(app, STUDENT, ORGANISATION)
    go_to_step(app, Step.LEARNING)
    add_goal(app, GOAL)


def driehoek_below(pid: int, db_path: Path) -> int:
    """The driehoek process that `setsid` (process `pid`) started."""
    for child in descendants(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if str(db_path).encode() in cmdline:
            return child
    raise AssertionError(f"no driehoek process below {pid}")


def seconds_until_gone(pid: int, limit: float = 15.0) -> float:
    """How long process `pid` takes to end from now (`limit` if it is still there then)."""
    started = time.monotonic()
    while not process_ended(pid):
        if time.monotonic() - started > limit:
            return limit
        time.sleep(0.01)
    return time.monotonic() - started


def assert_saved_and_gone(seconds: float, db_path: Path) -> None:
    assert [goal.text for goal in only_meeting(db_path).goals] == [GOAL]
    assert seconds <= GONE_WITHIN, f"driehoek ran on {seconds:.1f} s without its terminal"


def test_a_hang_up_saves_and_ends_within_two_seconds(
    terminals: Terminals, db_path: Path, record_timing: RecordTiming
) -> None:
    app = terminals.start("--db", str(db_path))
    type_a_goal(app)
    pid = app.pane_pid()

    app.hang_up()  # the terminal's other end closes: SIGHUP, and reads return end of file
    seconds = seconds_until_gone(pid)

    record_timing("hang-up to process gone", seconds)
    assert_saved_and_gone(seconds, db_path)


def test_end_of_file_without_a_hang_up_signal_saves_and_ends_within_two_seconds(
    terminals: Terminals, db_path: Path, record_timing: RecordTiming
) -> None:
    # Under setsid the terminal is not driehoek's controlling terminal: when it hangs up,
    # the kernel signals only the session it belongs to, and driehoek reads end of file.
    app = terminals.run(["setsid", "-w", *driehoek_command(), "--db", str(db_path)])
    type_a_goal(app)
    pid = driehoek_below(app.pane_pid(), db_path)

    app.hang_up()
    seconds = seconds_until_gone(pid)
    if not process_ended(pid):  # it outlived its terminal: no test leaves it running
        os.kill(pid, signal.SIGKILL)

    record_timing("end of file (no SIGHUP) to process gone", seconds)
    assert_saved_and_gone(seconds, db_path)


def test_a_terminal_that_cannot_be_read_saves_and_ends_within_two_seconds(
    terminals: Terminals, db_path: Path, tmp_path: Path, record_timing: RecordTiming
) -> None:
    script, trigger = tmp_path / "failing_read.py", tmp_path / "eio"
    script.write_text(FAILING_READ, encoding="utf-8")
    app = terminals.run([sys.executable, str(script), str(trigger), "--db", str(db_path)])
    type_a_goal(app)
    pid = app.pane_pid()

    trigger.touch()
    app.type("x")  # wakes the input thread, whose read now fails with EIO
    seconds = seconds_until_gone(pid)

    record_timing("read error (EIO) to process gone", seconds)
    assert_saved_and_gone(seconds, db_path)
    # Not a crash (70), nor Textual's traceback and exit code 0: the way out of a hang-up.
    assert app.wait_for_exit() == PaneExit(status=LOST_EXIT, signal=None)
