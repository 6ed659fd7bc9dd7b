"""Commits per second one SQLite file takes: 1 and 32 writer processes, each through the Store.

    python bench/writers.py [--processes 1,32] [--seconds 5] [--json FILE]

What a busy school would do to one file: every coordinator's session is a process of its own
(a terminal over SSH, or a browser tab of `driehoek serve`), each saving every edit as it is
typed. Here each writer is a process with its own connection, opened as driehoek opens it
(`open_database`: WAL, synchronous=FULL, the project's busy timeout), and its own `Store`; each
edits its own learning goal with `Store.edit` (one `BEGIN IMMEDIATE` ... `COMMIT` each, the
audit trigger included) as fast as it can for `--seconds`, all starting at the same moment.
Then `--paced` writers each save every `SAVE_DELAY` seconds (0.4), as often as autosave saves a
coordinator who types without stopping: the latency a school at its busiest would see.

Measured: commits per second, all writers together; each commit's time (waiting for the write
lock included: that is what a coordinator would feel); and the edits that failed (the busy
timeout ran out: "database is locked"). Every writer edits a row of its own, so no edit is
refused as stale: the file's one write lock is all they share.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import sqlite3
import sys
import time
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from benchlib import OUT, median, pct
from driehoek.autosave import SAVE_DELAY
from driehoek.database import BUSY_TIMEOUT_MS, open_database
from driehoek.domain import Part, Ref
from driehoek.store import Store


def _store(path: Path) -> Store:
    return Store(open_database(path), clock=lambda: datetime.now(UTC), user="bench")


def make_db(path: Path, writers: int) -> list[int]:
    """A new database with one intake per writer, each with a learning goal; the goals' ids."""
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = _store(path)
    try:
        goals = []
        for i in range(writers):
            meeting = store.new_intake(f"Schrijver {i:03d}", "Drukkerij De Letterbak")
            goals.append(store.add_goal(meeting).id)
        return goals
    finally:
        store.close()


def writer(
    path: Path, goal: int, start: float, seconds: float, pace: float, out: Queue[Any]
) -> None:
    """Edit `goal` from `start` for `seconds`, an edit every `pace` seconds (0: at once after
    the last); put the commit times and the failures."""
    store = _store(path)
    version = 1
    times: list[float] = []
    failed = 0
    while time.time() < start:
        time.sleep(0.001)
    end = start + seconds
    due = start + pace * (goal % 97) / 97  # paced writers spread over the first interval
    while time.time() < end:
        if pace:
            time.sleep(max(0.0, due - time.time()))
            due += pace
        t0 = time.perf_counter()
        try:
            version = store.edit(Ref(Part.GOAL, goal), version, {"text": f"versie {version}"})
            times.append(time.perf_counter() - t0)
        except sqlite3.OperationalError:  # the busy timeout ran out
            failed += 1
    store.close()
    out.put({"times": times, "failed": failed})


def measure(processes: int, seconds: float, folder: Path, pace: float = 0.0) -> dict[str, Any]:
    """`processes` writers at once on a fresh file, each as fast as it can or every `pace` s."""
    path = folder / f"writers-{processes}.db"
    goals = make_db(path, processes)
    ctx = mp.get_context("fork")  # the imports are done once, here
    out: Queue[Any] = ctx.Queue()
    start = time.time() + 1.0 + 0.05 * processes  # every writer ready before it
    workers = [
        ctx.Process(target=writer, args=(path, goal, start, seconds, pace, out)) for goal in goals
    ]
    for w in workers:
        w.start()
    results = [out.get(timeout=seconds + 120) for _ in workers]
    for w in workers:
        w.join()
    times = [t * 1000 for r in results for t in r["times"]]
    return {
        "processes": processes,
        "pace_s": pace,
        "seconds": seconds,
        "commits": len(times),
        "commits_per_s": len(times) / seconds,
        "commit_ms_median": median(times),
        "commit_ms_p95": pct(times, 0.95),
        "commit_ms_max": max(times, default=float("nan")),
        "failed": sum(r["failed"] for r in results),
        "fewest_per_writer": min(len(r["times"]) for r in results),
    }


def run(counts: list[int], seconds: float, paced: int = 0) -> list[dict[str, Any]]:
    """Each count of writers in turn as fast as they can, then `paced` writers (if any) each
    saving as often as autosave does at most; on files in bench/out (removed afterwards)."""
    folder = OUT / "writers"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        results = [measure(n, seconds, folder) for n in counts]
        if paced:
            results.append(measure(paced, seconds, folder, SAVE_DELAY))
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--processes", default="1,32", help="counts, comma-separated")
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--paced", type=int, default=32, help="writers at autosave's pace (0: none)")
    p.add_argument("--json", type=Path, default=None)
    a = p.parse_args(argv)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results = run([int(x) for x in a.processes.split(",")], a.seconds, a.paced)
    for r in results:
        pace = f"an edit every {r['pace_s']} s" if r["pace_s"] else "flat out"
        print(
            f"{r['processes']:>3} writers, {pace}: {r['commits_per_s']:.0f} commits/s; a commit "
            f"median {r['commit_ms_median']:.2f} ms, p95 {r['commit_ms_p95']:.2f} ms, max "
            f"{r['commit_ms_max']:.0f} ms (busy timeout {BUSY_TIMEOUT_MS} ms); {r['failed']} "
            f"failed; the slowest writer made {r['fewest_per_writer']}"
        )
    print(f"load {load} -> {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
