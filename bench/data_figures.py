"""The data layer against plain SQLite and markdown-it-py, in one process, same run.

    python bench/data_figures.py --big bench/out/m100000.db --small bench/out/demo.db

search   `Store.placements(prefix)` for every prefix of a few typed searches, against a plain
         FTS query over the same data: the same match (students' and organisations' names), the
         same joins for the names shown, the same limit of 500, without the ordering by latest
         meeting and the per-placement figures driehoek adds.
export   `render_minutes(store.meeting(id), "nl")` for 1,000 meetings, against fetching the same
         rows with plain `sqlite3` (the eight SELECTs `Store.meeting` runs) and parsing the
         Markdown driehoek produced with markdown-it-py (commonmark plus tables).
save     `Store.edit` of one learning goal's text, against one single-row UPDATE committed in
         WAL mode with the same pragmas (synchronous=FULL, foreign keys, secure_delete), in
         a file of its own in the same folder; each is its own transaction, run in turn.

Each figure is a median over trials, and the ratio is taken within the same trial.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from benchlib import OUT, median
from driehoek.database import BUSY_TIMEOUT_MS, open_database
from driehoek.domain import Part, Ref
from driehoek.minutes import render_minutes
from driehoek.store import Store, fts_prefix_query

YARDSTICK_SEARCH = """
    SELECT p.id, s.name AS student, o.name AS organisation, p.team, p.status
    FROM placements p JOIN students s ON s.id = p.student_id
    JOIN organisations o ON o.id = p.organisation_id
    {where} LIMIT 500"""
_MATCH = """
    WHERE p.student_id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH :q)
    OR p.organisation_id IN (
        SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH :q)"""

MEETING_SQL = (
    "SELECT * FROM meetings WHERE id = ?",
    "SELECT * FROM factors WHERE meeting_id = ?",
    """SELECT p.*, s.name AS student, s.version AS student_version, o.name AS organisation
       FROM placements p JOIN students s ON s.id = p.student_id
       JOIN organisations o ON o.id = p.organisation_id
       WHERE p.id = (SELECT placement_id FROM meetings WHERE id = ?)""",
    "SELECT * FROM participants WHERE meeting_id = ? ORDER BY id",
    "SELECT * FROM goals WHERE meeting_id = ? ORDER BY id",
    "SELECT * FROM support WHERE meeting_id = ? ORDER BY id",
    "SELECT * FROM agreements WHERE meeting_id = ? ORDER BY id",
    "SELECT * FROM sign_offs WHERE meeting_id = ? ORDER BY rowid",
)


def _store(path: Path) -> Store:
    return Store(open_database(path, create=False), clock=lambda: datetime.now(UTC), user="bench")


def _plain(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _time(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def typed_searches(path: Path) -> list[str]:
    """What a coordinator types to find someone: a student's first name and the start of her
    surname, a second student's, and the start of an organisation's name."""
    conn = _plain(path)
    try:
        count = int(conn.execute("SELECT count(*) FROM students").fetchone()[0])
        rng = random.Random(6)
        searches = []
        for _ in range(2):
            row = conn.execute("SELECT name FROM students WHERE id = ?", [rng.randint(1, count)])
            name = str(row.fetchone()[0])
            given, surname = name.split(" ", 1)
            searches.append(f"{given} {surname.split()[-1][:4]}".lower())
        org = str(conn.execute("SELECT name FROM organisations WHERE id = 5").fetchone()[0])
        searches.append(" ".join(org.split()[:2])[:12].lower())
        return searches
    finally:
        conn.close()


def search(path: Path, searches: Sequence[str], trials: int = 5) -> dict[str, Any]:
    """Per keystroke of each search: driehoek's and the yardstick's median time (ms)."""
    store = _store(path)
    conn = _plain(path)
    rows: list[dict[str, Any]] = []
    try:
        for text in searches:
            for n in range(1, len(text) + 1):
                prefix = text[:n]
                query = fts_prefix_query(prefix)
                sql = YARDSTICK_SEARCH.format(where=_MATCH if query else "")
                params = {"q": query} if query else {}
                a: list[float] = []
                b: list[float] = []
                for _ in range(trials + 1):  # the first of each is a warm-up
                    t0 = time.perf_counter()
                    found = len(store.placements(prefix))
                    a.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    conn.execute(sql, params).fetchall()
                    b.append(time.perf_counter() - t0)
                rows.append(
                    {
                        "prefix": prefix,
                        "found": found,
                        "driehoek_ms": median(a[1:]) * 1000,
                        "yardstick_ms": median(b[1:]) * 1000,
                    }
                )
        empty = [_time(lambda: store.placements("")) for _ in range(trials + 1)][1:]
        plain_empty = [
            _time(lambda: conn.execute(YARDSTICK_SEARCH.format(where=""), {}).fetchall())
            for _ in range(trials + 1)
        ][1:]
    finally:
        store.db.close()
        conn.close()
    total_a = sum(r["driehoek_ms"] for r in rows)
    total_b = sum(r["yardstick_ms"] for r in rows)
    worst = max(rows, key=lambda r: r["driehoek_ms"] / max(r["yardstick_ms"], 1e-9))
    slowest = max(rows, key=lambda r: r["driehoek_ms"])
    return {
        "per_key": rows,
        "total_driehoek_ms": total_a,
        "total_yardstick_ms": total_b,
        "median_key_ratio": median([r["driehoek_ms"] / r["yardstick_ms"] for r in rows]),
        "worst": worst,
        "slowest": slowest,
        "empty_driehoek_ms": median(empty) * 1000,
        "empty_yardstick_ms": median(plain_empty) * 1000,
    }


def query_plan(path: Path, prefix: str) -> list[str]:
    """EXPLAIN QUERY PLAN of the SQL `Store.placements(prefix)` runs."""
    store = _store(path)
    plans: list[str] = []
    try:
        store.db.conn.set_trace_callback(plans.append)
        store.placements(prefix)
        store.db.conn.set_trace_callback(None)
        selects = [s for s in plans if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        out = []
        for sql in selects:
            out.append(sql.strip())
            for row in store.db.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
                out.append(f"    {row[3]}")
        return out
    finally:
        store.db.close()


def export(path: Path, meetings: int = 1000, trials: int = 3) -> dict[str, Any]:
    """Rendering `meetings` meetings' minutes against fetching their rows and parsing them."""
    store = _store(path)
    conn = _plain(path)
    md = MarkdownIt("commonmark").enable("table")
    try:
        count = int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])
        ids = [1 + i * count // meetings for i in range(min(meetings, count))]
        texts = {i: render_minutes(store.meeting(i), "nl") for i in ids}

        def driehoek() -> None:
            for i in ids:
                render_minutes(store.meeting(i), "nl")

        def yardstick() -> None:
            for i in ids:
                for sql in MEETING_SQL:
                    conn.execute(sql, [i]).fetchall()
                md.parse(texts[i])

        a, b = [], []
        for _ in range(trials):
            a.append(_time(driehoek))
            b.append(_time(yardstick))
        return {
            "meetings": len(ids),
            "driehoek_s": median(a),
            "yardstick_s": median(b),
            "ratio": median([x / y for x, y in zip(a, b, strict=True)]),
            "avg_bytes": statistics.mean(len(t.encode()) for t in texts.values()),
        }
    finally:
        store.db.close()
        conn.close()


def save(small: Path, edits: int = 40) -> dict[str, Any]:
    """One edit through the store against one plain single-row UPDATE, each committed."""
    work = OUT / "save"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        db_path = work / "driehoek.db"
        shutil.copy(small, db_path)
        store = _store(db_path)
        # A goal of a meeting not signed by all three: a signed one takes no edit.
        goal = store.db.execute(
            """SELECT id, version FROM goals g WHERE
               (SELECT count(*) FROM sign_offs WHERE meeting_id = g.meeting_id) < 3
               ORDER BY id LIMIT 1"""
        ).fetchone()
        if goal is None:
            raise SystemExit(f"{small} has no learning goal to edit")
        goal_id, version = int(goal[0]), int(goal[1])

        plain = sqlite3.connect(work / "plain.db", isolation_level=None)
        plain.execute("PRAGMA journal_mode = WAL")
        for pragma in (
            "foreign_keys = ON",
            f"busy_timeout = {BUSY_TIMEOUT_MS}",
            "synchronous = FULL",
            "secure_delete = ON",
        ):
            plain.execute(f"PRAGMA {pragma}")
        plain.execute(
            "CREATE TABLE goals (id INTEGER PRIMARY KEY, text TEXT NOT NULL, "
            "version INTEGER NOT NULL DEFAULT 1)"
        )
        plain.execute("BEGIN")
        plain.executemany(
            "INSERT INTO goals (id, text) VALUES (?, ?)", [(i, f"goal {i}") for i in range(1, 1001)]
        )
        plain.execute("COMMIT")

        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        version = store.edit(Ref(Part.GOAL, goal_id), version, {"text": "measured 0"})
        store.db.conn.set_trace_callback(None)
        begins = sum(s.strip().upper().startswith("BEGIN") for s in statements)
        commits = sum(s.strip().upper().startswith("COMMIT") for s in statements)

        a, b = [], []
        for i in range(1, edits + 1):
            t0 = time.perf_counter()
            version = store.edit(Ref(Part.GOAL, goal_id), version, {"text": f"measured {i}"})
            a.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            plain.execute("BEGIN")
            plain.execute(
                "UPDATE goals SET text = ?, version = version + 1 WHERE id = ?",
                [f"measured {i}", 1 + i % 1000],
            )
            plain.execute("COMMIT")
            b.append(time.perf_counter() - t0)
        store.db.close()
        plain.close()
        return {
            "driehoek_ms": median(a) * 1000,
            "yardstick_ms": median(b) * 1000,
            "ratio": median([x / y for x, y in zip(a, b, strict=True)]),
            "transactions": f"{begins} BEGIN, {commits} COMMIT",
            "statements": statements,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--big", type=Path, required=True)
    p.add_argument("--small", type=Path, required=True)
    a = p.parse_args(argv)
    s = search(a.big, typed_searches(a.big))
    print(
        f"search: {s['total_driehoek_ms']:.1f} ms vs {s['total_yardstick_ms']:.1f} ms "
        f"= {s['total_driehoek_ms'] / s['total_yardstick_ms']:.2f}x; worst {s['worst']}"
    )
    for r in s["per_key"]:
        print(
            f"    {r['prefix']!r:22} {r['found']:4}  {r['driehoek_ms']:7.2f} ms  "
            f"{r['yardstick_ms']:7.2f} ms"
        )
    e = export(a.big)
    print(f"export: {e['driehoek_s']:.2f} s vs {e['yardstick_s']:.2f} s = {e['ratio']:.2f}x")
    v = save(a.small)
    print(
        f"save: {v['driehoek_ms']:.2f} ms vs {v['yardstick_ms']:.2f} ms = {v['ratio']:.2f}x "
        f"({v['transactions']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
