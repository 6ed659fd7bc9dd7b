"""The issue's acceptance test: the real program, killed at random moments while someone types.

Twenty times, on one database: start driehoek, open the meeting, add a learning goal and type
into it in chunks with the pauses of a typist, then end the process with SIGHUP (a dropped
link), SIGTERM (a shutdown) or SIGKILL (nothing to be done) at a random moment. After each
kill the file passes `PRAGMA integrity_check`, and the goal holds a prefix of what was typed
that includes everything typed more than a moment (MOMENT) before the kill.

Elapsed time is the point here, so this test sleeps between chunks. The random schedule comes
from a fixed seed (printed); the losses are written to `kill-figures.txt` in pytest's
temporary folder, and printed, never asserted beyond the rule above.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import string
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.flow import Step
from driehoek.store import Store

from .flows import Terminals, go_to_step, open_first_meeting, wait_for_home
from .tmux import TmuxSession

pytestmark = pytest.mark.e2e

SEED = 20261128
RUNS = {signal.SIGHUP: 7, signal.SIGTERM: 7, signal.SIGKILL: 6}
MOMENT = 1.5
"""Seconds before the kill within which typed text may be lost: "the last moment". (The
autosave writes 0.4 s after typing pauses; a second more covers a busy machine.)"""

STUDENT = "Sanne Oosterhout"
FIGURES = "kill-figures.txt"


@dataclass
class Run:
    """One start, some typing, one kill: what was typed when, and what was stored."""

    number: int
    sig: signal.Signals
    chunks: list[tuple[float, str]]
    killed_at: float
    stored: str
    integrity: str

    @property
    def typed(self) -> str:
        return "".join(text for _, text in self.chunks)

    @property
    def safe(self) -> str:
        """What was typed more than MOMENT before the kill: it must be stored."""
        return "".join(text for at, text in self.chunks if at < self.killed_at - MOMENT)

    @property
    def lost(self) -> int:
        return len(self.typed) - len(self.stored)

    @property
    def lost_seconds(self) -> float:
        """How long before the kill the first character that was lost was typed."""
        done = 0
        for at, text in self.chunks:
            done += len(text)
            if done > len(self.stored):
                return self.killed_at - at
        return 0.0

    def problems(self) -> list[str]:
        found = []
        if self.integrity != "ok":
            found.append(f"integrity_check: {self.integrity}")
        if not self.typed.startswith(self.stored):
            found.append(f"stored {self.stored!r} is not what was typed ({self.typed!r})")
        elif not self.stored.startswith(self.safe):
            found.append(
                f"lost {self.lost} characters typed up to {self.lost_seconds:.2f} s before "
                f"the kill: stored {self.stored!r}, typed {self.typed!r}"
            )
        return found


def schedule(rng: random.Random) -> list[tuple[str, float]]:
    """Chunks of one to four letters, each followed by a typist's gap: mostly short, now and
    then a pause to think. About three and a half seconds of typing."""
    chunks: list[tuple[str, float]] = []
    elapsed = 0.0
    while elapsed < 3.5:
        text = "".join(rng.choice(string.ascii_lowercase + "  ") for _ in range(rng.randint(1, 4)))
        gap = rng.uniform(0.5, 0.9) if rng.random() < 0.15 else rng.uniform(0.03, 0.25)
        chunks.append((text, gap))
        elapsed += gap
    return chunks


def goal_texts(db_path: Path) -> dict[int, str]:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute("SELECT id, text FROM goals").fetchall())
    finally:
        conn.close()


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check").fetchall())
    finally:
        conn.close()


def open_a_new_goal(app: TmuxSession, tag: str) -> float:
    """From the start: the meeting, step 2, a new goal with `tag` typed; returns when."""
    wait_for_home(app)
    open_first_meeting(app, STUDENT)
    go_to_step(app, Step.LEARNING)
    app.keys("C-t")
    app.type(tag)
    typed_at = time.monotonic()
    app.wait_for(tag.strip())
    return typed_at


def one_run(
    terminals: Terminals, db_path: Path, number: int, sig: signal.Signals, rng: random.Random
) -> Run:
    app = terminals.start("--db", str(db_path))
    tag = f"r{number:02d} "
    chunks = [(open_a_new_goal(app, tag), tag)]
    plan = schedule(rng)
    kill_after = rng.uniform(0.3, 3.5)
    started = time.monotonic()
    for text, gap in plan:
        if time.monotonic() - started >= kill_after:
            break
        app.type(text)
        chunks.append((time.monotonic(), text))
        time.sleep(gap)
    killed_at = time.monotonic()
    app.kill(sig)
    ended = app.wait_for_exit()
    if sig is signal.SIGKILL:
        assert ended.signal == signal.SIGKILL
    else:
        assert ended.signal is None, f"run {number}: {sig.name} was not handled"
        assert "Traceback" not in app.screen(history=True)
    if sig is signal.SIGTERM:  # it lived to restore the terminal: no alternate screen left
        assert app.pane("#{alternate_on}") == "0"
    app.close()
    # The run's goal is the newest (a goal left empty by an earlier kill is pruned when the
    # step opens, so its id may come round again: the highest id is the one made last).
    goals = goal_texts(db_path)
    stored = goals[max(goals)]
    return Run(number, sig, chunks, killed_at, stored, integrity(db_path))


def report(runs: list[Run], tmp_path_factory: pytest.TempPathFactory) -> str:
    lines = [f"kill test, seed {SEED}, {len(runs)} runs, MOMENT {MOMENT:g} s"]
    for sig in RUNS:
        mine = [r for r in runs if r.sig is sig]
        worst = max(mine, key=lambda r: r.lost)
        lines.append(
            f"{sig.name}: {len(mine)} runs, {sum(r.lost > 0 for r in mine)} lost something; "
            f"at most {worst.lost} characters (typed up to {worst.lost_seconds:.2f} s before "
            f"the kill); integrity ok in {sum(r.integrity == 'ok' for r in mine)}"
        )
    for r in runs:
        lines.append(
            f"  run {r.number:2d} {r.sig.name:7s} typed {len(r.typed):3d} stored "
            f"{len(r.stored):3d} lost {r.lost:3d} ({r.lost_seconds:.2f} s)"
        )
    text = "\n".join(lines)
    with (tmp_path_factory.getbasetemp() / FIGURES).open("a", encoding="utf-8") as f:
        f.write(text + "\n")
    return text


def test_killing_the_program_at_random_moments_keeps_the_file_whole_and_the_text_typed(
    terminals: Terminals, db_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    print(f"seed {SEED}")
    rng = random.Random(SEED)
    db = open_database(db_path)
    Store(db, clock=lambda: datetime.now(UTC), user="opzet").new_intake(
        STUDENT, "Speeltuin De Wilgenhoek"
    )
    db.close()
    signals = [sig for sig, count in RUNS.items() for _ in range(count)]
    rng.shuffle(signals)

    runs = [one_run(terminals, db_path, n, sig, rng) for n, sig in enumerate(signals, start=1)]
    print(report(runs, tmp_path_factory))

    # After twenty kills the program still opens the file and shows the meeting.
    again = terminals.start("--db", str(db_path))
    wait_for_home(again)
    open_first_meeting(again, STUDENT)
    go_to_step(again, Step.LEARNING)
    again.keys("C-q")
    assert again.wait_for_exit().status == 0

    problems = [f"run {r.number} ({r.sig.name}): {p}" for r in runs for p in r.problems()]
    assert not problems, "\n".join(problems)
