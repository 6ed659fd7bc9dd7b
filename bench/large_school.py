"""Figure 11, a million meetings: a large school over eight years, the home screen and the search.

    python bench/large_school.py [--meetings 1000000] [--years 8] [--runs 6]

The database is `make_data.cached(meetings, years=years)`: made once in bench/out/ (see
bench/findings.md for how long that takes) and reused by every later run. On it:

open     the home screen opening (`first_paint.py`, the whole process), against the same on an
         empty database, A and B in turn, as figure 7 does for 100,000 meetings;
search   `Store.placements` for every keystroke of a few typed searches, summed, against the
         plain FTS query of figure 6 (`data_figures.search`: the two in turn per keystroke);
size     the file's size per meeting (with its -wal, if one was left), beside the same for
         the 100,000 meetings of figures 6 to 8 (`small`).

Run alone it prints the figures; `bench/run.py` adds them to RESULTS.md as figure 11.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

import data_figures
from benchlib import BENCH, OUT, PY, Figure, clean_home, median, paired
from driehoek.database import open_database
from make_data import cached

FIRST_PAINT = str(BENCH / "first_paint.py")
MEETINGS = 1_000_000
YEARS = 8


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("students", "placements", "meetings")
        }
    finally:
        conn.close()


def _bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def measure(
    big: Path, empty: Path, small: Path, *, runs: int, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """The three figures on `big` (see the module docstring), `empty` as the opening's
    yardstick and `small` as the size's."""
    counts = _counts(big)
    size = _bytes(big)
    searches = data_figures.typed_searches(big)
    search = data_figures.search(big, searches)
    opening = paired(
        [PY, FIRST_PAINT, "--db", str(big)],
        [PY, FIRST_PAINT, "--db", str(empty)],
        runs=runs,
        env=env,
    )
    return {
        "counts": counts,
        "bytes": size,
        "bytes_per_meeting": size / max(1, counts["meetings"]),
        "small_bytes_per_meeting": _bytes(small) / max(1, _counts(small)["meetings"]),
        "searches": searches,
        "search": search,
        "open_ms": median(opening.a_wall) * 1000,
        "empty_ms": median(opening.b_wall) * 1000,
        "open_ratio": opening.wall_ratio,
        "open_rss": median(opening.a_rss),
    }


def figures(m: dict[str, Any]) -> list[Figure]:
    """Figure 11's lines of the results table."""
    s = m["search"]
    counts = ", ".join(f"{v:,} {k}" for k, v in m["counts"].items())
    size = f"{m['counts']['meetings']:,} meetings"
    return [
        Figure(
            "11",
            f"{size}: open the home screen (whole process, wall)",
            m["open_ms"],
            m["empty_ms"],
            "ms",
            "same on an empty database",
            "≤ 1.5x",
            1.5,
            note=f"{counts}; pairwise median ratio {m['open_ratio']:.2f}x; "
            f"peak memory {m['open_rss']:.0f} MiB",
        ),
        Figure(
            "11",
            f"{size}: Store.placements per keystroke, summed",
            s["total_driehoek_ms"],
            s["total_yardstick_ms"],
            "ms",
            "plain FTS query, same match, LIMIT 500",
            "≤ 2x",
            2.0,
            note=f"{sum(len(x) for x in m['searches'])} keystrokes of {m['searches']}; "
            f"no letters: {s['empty_driehoek_ms']:.1f} ms",
        ),
        Figure(
            "11",
            f"{size}: file size per meeting",
            m["bytes_per_meeting"],
            m["small_bytes_per_meeting"],
            "B",
            "the same at 100,000 meetings",
            "reported",
            None,
            note=f"the file: {m['bytes'] / 2**30:.2f} GiB",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--meetings", type=int, default=MEETINGS)
    p.add_argument("--years", type=int, default=YEARS)
    p.add_argument("--runs", type=int, default=6)
    a = p.parse_args(argv)
    big = cached(a.meetings, years=a.years)
    empty = OUT / "empty-large.db"
    for stale in (empty, *(empty.with_name(empty.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    open_database(empty).close()
    try:
        with clean_home() as env:
            m = measure(big, empty, cached(100_000), runs=a.runs, env=env)
    finally:
        for done in (empty, *(empty.with_name(empty.name + s) for s in ("-wal", "-shm"))):
            done.unlink(missing_ok=True)
    for f in figures(m):
        print(f.line())
        if f.note:
            print(f"     {f.note}")
    for r in m["search"]["per_key"]:
        print(
            f"    {r['prefix']!r:22} {r['found']:4}  {r['driehoek_ms']:7.2f} ms  "
            f"{r['yardstick_ms']:7.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
