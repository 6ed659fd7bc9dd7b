"""A school's list of 10,000 placements in: `driehoek import LIST.csv` against sqlite-utils.

    python bench/csv_import.py [--rows 10000] [--trials 5]

driehoek   the whole import as the command runs it, in one process: the file read and decoded
           (Windows-1252, `;`), the columns found, every row checked, then every student,
           organisation and placement written in one transaction (the audit trail and the
           search index kept by the schema's own triggers, run once per statement over the
           new rows: `driehoek.bulk_insert`) into a new driehoek database.
yardstick  sqlite-utils' `insert_all` of the same rows (the CSV's cells as dicts, already in
           memory: reading the file is not counted) into one table of a new file with the same
           pragmas (WAL, synchronous=FULL, foreign keys, secure_delete).
again      the same file read a second time into the driehoek database: nothing changes.

Both start from a new database file in the same folder; the ratio is taken within each trial,
A and B in turn (which goes first alternates), and the median over trials is reported. The
yardstick commits every batch of 66 rows, driehoek once: its time moves with the disk's.
The rows are invented (seeded).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from benchlib import OUT, median
from driehoek.csv_columns import find_columns
from driehoek.csv_import import Action, check_rows, import_rows
from driehoek.csv_read import read_table
from driehoek.database import BUSY_TIMEOUT_MS, open_database
from driehoek.store import Store

HEADER = [
    "Studentnummer", "Naam", "Opleiding", "Crebo", "Niveau", "Cohort", "Leerbedrijf",
    "Erkenningsnummer", "Adres", "Praktijkopleider", "E-mail", "Telefoon", "Begindatum",
    "Einddatum", "Uren per week",
]  # fmt: skip
FIRST = ["Anouk", "Bram", "Daan", "Eva", "Fenna", "Jens", "Lotte", "Milan", "Noor", "Sem", "Yara"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"]
KIND = ["Zorgcentrum", "Garage", "Bakkerij", "Kapsalon", "Kinderopvang", "Drukkerij", "Hotel"]


def make_rows(count: int, seed: int = 12) -> list[dict[str, str]]:
    """`count` invented placements: some 3,000 organisations, a start in 2027."""
    rnd = random.Random(seed)
    rows = []
    for n in range(count):
        org = rnd.randrange(max(count // 3, 1))
        start = date(2027, 2, 1) + timedelta(days=7 * rnd.randrange(20))
        rows.append(
            dict(
                zip(
                    HEADER,
                    [
                        str(4_000_000 + n),
                        f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                        "Verzorgende IG",
                        "25491",
                        str(rnd.randint(1, 4)),
                        "2025",
                        f"{KIND[org % len(KIND)]} {org}",
                        str(100_000_000 + org),
                        f"Dorpsstraat {org % 200 + 1}, 3511 AB Utrecht",
                        f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                        f"opleider{org}@bedrijf.example",
                        "030-1234567",
                        f"{start.day}-{start.month}-{start.year}",
                        f"{start.day}-{start.month}-{start.year + 1}",
                        str(rnd.choice([16, 24, 32, 36])),
                    ],
                    strict=True,
                )
            )
        )
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """As Excel saves it in a Dutch locale: `;`, Windows-1252, CRLF."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))


def new_store(path: Path) -> Store:
    return Store(open_database(path), clock=lambda: datetime.now(UTC), user="bench")


def driehoek_import(csv_path: Path, store: Store) -> dict[str, int]:
    """What `driehoek import` does after opening the database; the counts of each action."""
    table = read_table(csv_path)
    rows, refused = check_rows(table, find_columns(table.header))
    if refused:
        raise SystemExit(f"the benchmark's own list has refused rows: {refused[:3]}")
    result = import_rows(store, rows)
    return {a.value: result.count(a) for a in Action}


def yardstick(rows: list[dict[str, str]], path: Path) -> None:
    db = Database(path)
    for pragma in (
        "journal_mode = WAL",
        "foreign_keys = ON",
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
        "synchronous = FULL",
        "secure_delete = ON",
    ):
        db.execute(f"PRAGMA {pragma}")
    db.table("rows").insert_all(rows)
    db.close()


def a_list(name: str, count: int) -> tuple[Path, list[dict[str, str]], Path]:
    """A new scratch folder `bench/out/NAME`, `count` invented rows, and the CSV file of them in
    it, as Excel saves it."""
    work = OUT / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows = make_rows(count)
    csv_path = work / "lijst.csv"
    write_csv(rows, csv_path)
    return work, rows, csv_path


def measure(count: int = 10_000, trials: int = 5) -> dict[str, Any]:
    """Median seconds of each, the median ratio within a trial, and the second reading."""
    work, rows, csv_path = a_list("csv_import", count)
    a, b, again = [], [], []
    counts: dict[str, int] = {}
    try:
        for trial in range(trials):
            store = new_store(work / f"driehoek{trial}.db")  # made and migrated: not timed
            # Who goes first alternates: in `csv_import_parts.py` the run first in a trial
            # took a third longer, whichever it was.
            for ours in [True, False] if trial % 2 == 0 else [False, True]:
                t0 = time.perf_counter()
                if ours:
                    counts = driehoek_import(csv_path, store)
                    a.append(time.perf_counter() - t0)
                else:
                    yardstick(rows, work / f"plain{trial}.db")
                    b.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            second = driehoek_import(csv_path, store)
            again.append(time.perf_counter() - t0)
            if second["unchanged"] != count:
                raise SystemExit(f"the second reading changed something: {second}")
            store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "rows": count,
        "counts": counts,
        "driehoek_s": median(a),
        "yardstick_s": median(b),
        "again_s": median(again),
        "ratio": median([x / y for x, y in zip(a, b, strict=True)]),
        "trials": trials,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--trials", type=int, default=5)
    a = p.parse_args(argv)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if os.name == "posix" else "?"
    r = measure(a.rows, a.trials)
    print(f"load average before: {load}")
    print(
        f"{r['rows']:,} rows: driehoek import {r['driehoek_s'] * 1000:.0f} ms, sqlite-utils "
        f"insert_all {r['yardstick_s'] * 1000:.0f} ms, ratio {r['ratio']:.2f}x (median of "
        f"{r['trials']}, pairwise); the same file again {r['again_s'] * 1000:.0f} ms; {r['counts']}"
    )
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return 0 if r["ratio"] <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
