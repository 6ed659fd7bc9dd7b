"""Where figure 10's time goes: the import with parts of the schema taken away.

    python bench/csv_import_parts.py [--rows 10000] [--trials 9]

Not a figure of its own: an experiment that says what each part of a school's list in costs,
as a share of the yardstick (sqlite-utils' `insert_all` of the same rows, `csv_import.py`).
Each trial runs, in turn, the yardstick, the list read and checked alone, and the import into
a new database as it is and with a part of the schema dropped before it starts:

whole      the import as `driehoek import` does it
no_search  without the search index's insert triggers (students, organisations)
no_chain   without `audit_chain`: audit rows are written, with no hash (no SHA-256, no UPDATE)
no_audit   without any audit row for a new student, organisation or placement

The dropped parts are what driehoek promises (a tamper-evident trail, search): this measures
them, it changes nothing that is shipped. Medians over trials; every database is new.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time

from csv_import import a_list, new_store, yardstick
from driehoek.csv_columns import find_columns
from driehoek.csv_import import check_rows, import_rows
from driehoek.csv_read import read_table

DROPPED = {
    "whole": "0",
    "no_search": "name IN ('students_ai', 'organisations_ai')",
    "no_chain": "name = 'audit_chain'",
    "no_audit": "name IN ('audit_students_create', 'audit_organisations_create', "
    "'audit_placements_create')",
}
"""Each variant's triggers, dropped before the import starts (a WHERE on sqlite_schema)."""


def measure(count: int, trials: int) -> dict[str, float]:
    """Median seconds of each part over `trials`."""
    work, rows, csv_path = a_list("csv_import_parts", count)
    times: dict[str, list[float]] = {}
    try:
        for trial in range(trials):
            t0 = time.perf_counter()
            yardstick(rows, work / f"plain{trial}.db")
            times.setdefault("yardstick", []).append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            table = read_table(csv_path)
            checked, _ = check_rows(table, find_columns(table.header))
            times.setdefault("read_and_check", []).append(time.perf_counter() - t0)
            # Each trial starts at another variant: with the same order every trial, the one
            # run first (then "whole") took a third longer than the others (421 against 282-330
            # ms, 2026-12-07 about 22:45), which said more about the order than about the parts.
            variants = list(DROPPED)
            turn = trial % len(variants)
            for variant in variants[turn:] + variants[:turn]:
                where = DROPPED[variant]
                store = new_store(work / f"{variant}{trial}.db")
                dropped = f"SELECT name FROM sqlite_schema WHERE type = 'trigger' AND {where}"
                for (name,) in store.db.execute(dropped).fetchall():
                    store.db.execute(f"DROP TRIGGER [{name}]")
                t0 = time.perf_counter()
                import_rows(store, checked)
                times.setdefault(variant, []).append(time.perf_counter() - t0)
                store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {part: statistics.median(values) for part, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--trials", type=int, default=9)
    a = p.parse_args(argv)
    m = measure(a.rows, a.trials)
    base = m["yardstick"]
    check = m["read_and_check"]
    print(f"{a.rows:,} rows, median of {a.trials}; ratios to insert_all ({base * 1000:.0f} ms)")
    print(f"{'read and check':<32}{check * 1000:6.0f} ms {check / base:5.2f}x")
    for variant in DROPPED:
        write = m[variant]
        print(
            f"{variant + ': write':<32}{write * 1000:6.0f} ms {write / base:5.2f}x"
            f"   with read and check {(write + check) / base:5.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
