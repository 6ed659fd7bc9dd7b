"""Batch export: `driehoek export --all --dir DIR` on 1,000 meetings, as a whole process and
in-process, in Markdown and HTML (issue 3: "1,000 meetings should take seconds, not minutes").

    python bench/export_all.py [--meetings 1000] [--runs 3] [--seed 6]

The database comes from make_data.py (invented people), in a temporary folder that is removed
afterwards, as is every exported file. Each run exports into a fresh folder, so the figures
include creating every file (written atomically and fsynced, mode 0600, as for users) and the
audit trail's one transaction. "reading + rendering" is the same work without writing files,
to show what the disk costs. Prints the median of the runs, in seconds and meetings per second.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from driehoek.database import open_database
from driehoek.dossier import Format, export_all, meeting_document
from driehoek.store import Store
from make_data import make


def _median_seconds(runs: int, once: Callable[[int], None]) -> float:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        once(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--meetings", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=6)
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="driehoek-bench-export-") as tmp:
        root = Path(tmp)
        db_path = make(root / "export.db", a.meetings, a.seed)
        rows: list[tuple[str, float]] = []
        for fmt in ("md", "html"):
            command = [sys.executable, "-m", "driehoek", "--db", str(db_path), "export", "--all"]

            def process(n: int, fmt: str = fmt, command: list[str] = command) -> None:
                out = root / f"process-{fmt}-{n}"
                subprocess.run(
                    [*command, "--format", fmt, "--dir", str(out)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )

            name = f"driehoek export --all --format {fmt} (whole process)"
            rows.append((name, _median_seconds(a.runs, process)))

            db = open_database(db_path, create=False)
            store = Store(db, clock=lambda: datetime.now(UTC), user="bench")
            try:

                def in_process(n: int, fmt: Format = fmt, store: Store = store) -> None:
                    out = root / f"inproc-{fmt}-{n}"
                    out.mkdir()
                    done = export_all(store, out, lang="nl", fmt=fmt)
                    assert len(done.files) == a.meetings

                def render_only(n: int, fmt: Format = fmt, store: Store = store) -> None:
                    ids = [r[0] for r in store.db.execute("SELECT id FROM meetings")]
                    for meeting_id in ids:
                        meeting_document(store.meeting(meeting_id), "nl", fmt)

                rows.append(
                    (f"export_all, {fmt} (in-process)", _median_seconds(a.runs, in_process))
                )
                rows.append(
                    (f"reading + rendering only, {fmt}", _median_seconds(a.runs, render_only))
                )
            finally:
                db.close()
            written = sorted((root / f"process-{fmt}-0").iterdir())
            if len(written) != a.meetings:
                raise SystemExit(f"expected {a.meetings} files, found {len(written)}")
    print(f"{a.meetings} meetings, median of {a.runs} runs")
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"  {name:<{width}}  {seconds:6.2f} s  {a.meetings / seconds:7.0f} meetings/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
