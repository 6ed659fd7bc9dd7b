"""A new line in a long list: ^t in step 2 of a meeting with 20 goals, against one with none.

    python bench/new_line.py [--goals 20] [--lines 10] [--runs 3] [--json FILE]

Each side runs the real program under a pty (`pty_keys.Term`, 80x24) on a file of its own
with one intake: its learning goals already there (`--goals`, or none for the yardstick),
step 2 opened with ^g 2. Then `--lines` times: ^t, and the time from the key to the new
line's number on screen (the list scrolls to it), with the output left to go quiet before
the next. A list's length should not matter: the figure is the median with the long list
over the median with the empty one.

Until 2026-12-08 ^t built the whole step again, and the end-to-end kill test found a ^t in a
list of twenty taking over a second before what was typed next reached the new line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pty_keys
from benchlib import median
from driehoek.database import open_database
from driehoek.store import Store

CTRL_T = b"\x14"
GOTO_LEARNING = b"\x072"  # ^g, then the step's number


def meeting_file(path: Path, goals: int) -> None:
    """A file with one intake that has `goals` learning goals, each with a line of text."""
    db = open_database(path)
    try:
        store = Store(db, clock=lambda: datetime.now(UTC), user="bench")
        meeting_id = store.new_intake("Noor Verbeek", "Kinderdagverblijf De Vlinder")
        for number in range(1, goals + 1):
            goal = store.add_goal(meeting_id)
            store.update_goal(goal.id, goal.version, f"leerdoel {'abcdefghij'[number % 10]}")
    finally:
        db.close()


def new_lines(cmd: Sequence[str], env: Mapping[str, str], goals: int, lines: int) -> list[float]:
    """Milliseconds from each ^t to its line's number on screen."""
    env = dict(env) | {"TERM": "xterm-256color"}
    env.pop("COLORTERM", None)
    term = pty_keys.Term(cmd, 80, 24, env)
    spent: list[float] = []
    try:
        if not term.wait_for("Noor Verbeek"):
            raise RuntimeError(f"the home screen never showed the meeting:\n{term.show()}")
        term.settle(0.5)
        for keys, shown in ((b"\r", "1/7"), (GOTO_LEARNING, "2/7")):  # the meeting, step 2
            os.write(term.fd, keys)
            if not term.wait_for(shown, 15.0):
                raise RuntimeError(f"{shown!r} never showed:\n{term.show()}")
            term.settle(0.5)
        for number in range(goals + 1, goals + lines + 1):
            label = f"{number}."
            t0 = time.monotonic()
            os.write(term.fd, CTRL_T)
            seen = None
            while seen is None and term.alive and time.monotonic() - t0 < 10.0:
                for t, data in term.read_raw(10.0 - (time.monotonic() - t0), 0.020):
                    term.feed(data, t)
                    if seen is None and label in term.text():
                        seen = t
            if seen is None:
                raise RuntimeError(f"line {label} never showed:\n{term.show()}")
            spent.append((seen - t0) * 1000)
            term.settle(0.3)
    finally:
        term.close()
    return spent


def measure(
    cmd: Sequence[str], env: Mapping[str, str], goals: int, lines: int, runs: int
) -> dict[str, Any]:
    """Both sides, `runs` times each, taking turns (which goes first alternates)."""
    long_ms: list[float] = []
    empty_ms: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            sides = [(goals, long_ms), (0, empty_ms)]
            for count, into in sides if run % 2 == 0 else reversed(sides):
                path = Path(folder) / f"run{run}-{count}.db"
                meeting_file(path, count)
                into += new_lines([*cmd, "--db", str(path)], env, count, lines)
    return {
        "goals": goals,
        "lines": lines,
        "runs": runs,
        "long_ms": long_ms,
        "empty_ms": empty_ms,
        "long_median_ms": median(long_ms),
        "empty_median_ms": median(empty_ms),
        "ratio": median(long_ms) / median(empty_ms),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--goals", type=int, default=20)
    p.add_argument("--lines", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", type=Path, default=None)
    a = p.parse_args(argv)
    cmd = [sys.executable, "-m", "driehoek"]
    res = measure(cmd, os.environ, a.goals, a.lines, a.runs)
    print(
        f"^t with {a.goals} goals: median {res['long_median_ms']:.1f} ms; with none: "
        f"{res['empty_median_ms']:.1f} ms; {res['ratio']:.2f}x"
    )
    if a.json:
        a.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
