"""Synthetic driehoek databases for the benchmarks: many invented placements and meetings.

    python bench/make_data.py OUT.db [--meetings 100000] [--years 8] [--seed 6]
    python bench/make_data.py --cached [--meetings 1000000] [--years 8]   # in bench/out/

The schema, indexes and FTS triggers come from `driehoek.database.open_database`; the rows are
then written with plain SQL (`executemany`), a few thousand placements at a time, in one
transaction (the store's one-row-per-transaction way would take an hour for 100,000 meetings).
The tables' AFTER INSERT triggers that copy a row elsewhere (its audit row, its search-index
row) are set aside meanwhile and their own bodies run once per table over all its new rows,
as `driehoek.bulk_insert` does for an import: the same rows, grouped by table instead of
interleaved (1,000,000 meetings: see `bench/findings.md` for the time). The audit trail's
hash chain is still computed by its own trigger, row by row. The result is checked through the
store: sampled meetings load with `Store.meeting` and render with `render_minutes`, and the
FTS indexes pass their integrity check.

Everything is fixed by the seed: the same seed and size give the same rows (ids, names, dates,
texts); only the file's bytes may differ. The people are invented: a first name from a list of
common given names, joined to a surname built from syllables, so no row names a real person.
Nothing runs `ANALYZE`: driehoek never does, so the query planner sees what it sees in use.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from driehoek.bulk_insert import _INSERT_TRIGGER as COPYING_TRIGGER
from driehoek.database import connect, connection, open_database
from driehoek.domain import Factor, LearningWay
from driehoek.migrations import LATEST, schema_version
from driehoek.minutes import render_minutes
from driehoek.store import Store

OUT = Path(__file__).resolve().parent / "out"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


STAMP = "2026-11-28T12:00:00+00:00"
"""Every row's `updated_at`: fixed, so the data does not depend on when it was made."""
USER = "bench"
FIRST_DAY = date(2020, 8, 1)
LAST_DAY = date(2026, 11, 27)

GIVEN = _words(
    "Anouk Daan Emma Sem Fleur Noor Lotte Bram Sanne Jesse Lieke Thijs Julia Ruben Iris "
    "Milan Femke Luuk Roos Stijn Eva Niels Lisa Joris Sara Koen Marit Tim Esmee Gijs Floor "
    "Jelle Nina Wouter Yara Sven Amber Timo Isa Lars Demi Mees Fenna Job Lina Tijn Maud "
    "Hidde Zoë Rick Ilse Mehmet Aylin Yusuf Fatma Priya Kofi Mirjam Sander Nadia Bilal "
    "Esra Youssef Chantal Dewi"
)
PREFIXES = ("", "", "", "", "de ", "van ", "van der ", "van den ", "ter ", "ten ", "op de ")
HEADS = _words(
    "Ber Hol Kamp Ver Brink Hoog Wes Mol Stee Gro Dijk Blok Veen Zand Wil Lan Rijn Bos Hof "
    "Vel Ha Boe Mees Kui Ter Wou Mar Sloo Ree Brug Eik Lin Vos Kor Huy Ste Wal Ooi Dor Pel"
)
TAILS = _words(
    "hoven stra man dijk inga sma kamp ers veld berg beek huis sen ink hout wijk ing lo "
    "nes gers broek horst meijer mans ma boom kes rink"
)
ORG_KINDS = (
    "Zorggroep",
    "Stichting",
    "Kinderopvang",
    "Woonzorg",
    "Jeugdhulp",
    "Dagbesteding",
    "Welzijn",
    "Buurtteam",
    "Basisschool",
    "GGZ",
)
TEAM_KINDS = ("Woongroep", "Team", "Locatie", "BSO", "Ambulant team", "Dagcentrum", "Afdeling")
WORDS = _words(
    "begeleiding feedback groep activiteit overleg cliënt rapportage planning week dienst "
    "gesprek ouders team doel stagemap praktijk ruimte werkdruk nabespreken zelfstandig "
    "methodisch dossier veiligheid contact afspraak evaluatie vaardigheid observatie"
)
ROLES = ("werkbegeleider", "praktijkopleider", "stagebegeleider", "docent", "teamleider", "")
FREQUENCIES = ("wekelijks", "maandelijks", "elke twee weken", "")
SUPPORT_KINDS = ("visit", "return_day", "assignment", "intervision", "contact", "other")
FACTOR_STATUSES = ("present", "present", "absent", "realisable", "not_discussed")
DECIDED = ("suitable", "suitable", "conditions", "not_suitable")
DECISIONS = (*DECIDED, None)


class Names:
    """Invented people and organisations, unique where the schema asks it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._orgs: set[str] = set()

    def surname(self) -> str:
        r = self.rng
        return r.choice(PREFIXES) + r.choice(HEADS) + r.choice(TAILS)

    def person(self) -> str:
        return f"{self.rng.choice(GIVEN)} {self.surname()}"

    def organisation(self) -> str:
        while True:
            place = self.rng.choice(HEADS) + self.rng.choice(TAILS)
            name = f"{self.rng.choice(ORG_KINDS)} {place.capitalize()}"
            if self.rng.random() < 0.5:
                name += f" {self.rng.randint(2, 99)}"
            if name.lower() not in self._orgs:
                self._orgs.add(name.lower())
                return name

    def sentence(self, lo: int, hi: int) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))]
        return " ".join(words).capitalize() + "."


def _day(rng: random.Random, first: date = FIRST_DAY) -> date:
    return first + timedelta(days=rng.randrange((LAST_DAY - first).days))


def _stamp() -> tuple[str, str]:
    return (STAMP, USER)


def first_day(years: int | None) -> date:
    """The first intake's earliest day: `years` before the last day, or `FIRST_DAY`."""
    return FIRST_DAY if years is None else LAST_DAY.replace(year=LAST_DAY.year - years)


CHUNK = 10_000
"""Placements whose rows are built and written at a time: memory stays flat at any size."""

INSERTS = {
    "placements": "INSERT INTO placements (id, student_id, organisation_id, team, programme, "
    "pathway, start, end, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "meetings": "INSERT INTO meetings (id, placement_id, kind, date, learning_ways, "
    "learning_note, decision, decision_reasons, next_evaluation, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "participants": "INSERT INTO participants (meeting_id, party, name, role, updated_at, "
    "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
    "goals": "INSERT INTO goals (meeting_id, text, updated_at, updated_by) VALUES (?, ?, ?, ?)",
    "factors": "INSERT INTO factors (meeting_id, factor, status, note, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "support": "INSERT INTO support (meeting_id, kind, text, updated_at, updated_by) "
    "VALUES (?, ?, ?, ?, ?)",
    "agreements": "INSERT INTO agreements (meeting_id, kind, text, owner, due, frequency, "
    "status, factor, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "sign_offs": "INSERT INTO sign_offs (meeting_id, party, name, signed_at, signed_by) "
    "VALUES (?, ?, ?, ?, ?)",
}
"""Each table's rows in the order they are written: parents before their children."""


def generate(conn: sqlite3.Connection, meetings: int, seed: int, first: date = FIRST_DAY) -> None:
    """Write `meetings` meetings (intakes and evaluations) with everything they hold, the
    first intakes from `first` on."""
    rng = random.Random(seed)
    names = Names(rng)
    placements = max(1, round(meetings / 2.5))
    students = max(1, round(placements * 0.75))
    organisations = max(1, round(placements / 16))
    # Each placement's intake and decision first: a recent intake may be undecided, an older
    # one is decided. Then evaluations, every 91 days up to the last day (none for a
    # placement that did not start), spread so that the total is exactly `meetings`.
    intakes = [_day(rng, first) for _ in range(placements)]
    decisions = [
        rng.choice(DECISIONS if (LAST_DAY - day).days < 60 else DECIDED) for day in intakes
    ]
    slots = [
        i
        for i, (day, decision) in enumerate(zip(intakes, decisions, strict=True))
        if decision not in (None, "not_suitable")
        for _ in range(min(4, (LAST_DAY - day).days // 91))
    ]
    if len(slots) < meetings - placements:
        raise SystemExit(f"{meetings} meetings do not fit in {placements} placements' dates")
    rng.shuffle(slots)
    extra = [0] * placements
    for i in slots[: meetings - placements]:
        extra[i] += 1
    del slots

    conn.executemany(
        "INSERT INTO organisations (id, name, updated_at, updated_by) VALUES (?, ?, ?, ?)",
        ((i, names.organisation(), *_stamp()) for i in range(1, organisations + 1)),
    )
    conn.executemany(
        "INSERT INTO students (id, name, updated_at, updated_by) VALUES (?, ?, ?, ?)",
        ((i, names.person(), *_stamp()) for i in range(1, students + 1)),
    )
    student_names = dict(conn.execute("SELECT id, name FROM students").fetchall())

    meeting_id = 0
    for chunk_start in range(1, placements + 1, CHUNK):
        rows: dict[str, list[tuple[object, ...]]] = {table: [] for table in INSERTS}
        for placement_id in range(chunk_start, min(placements, chunk_start + CHUNK - 1) + 1):
            student_id = placement_id if placement_id <= students else rng.randint(1, students)
            intake_day, decision = intakes[placement_id - 1], decisions[placement_id - 1]
            if decision is None:
                status = "planned"
            elif decision == "not_suitable":
                status = "not_started"
            elif (LAST_DAY - intake_day).days > 330:  # its end date has passed
                status = "completed" if rng.random() < 0.85 else "ended_early"
            else:
                status = "running"
            rows["placements"].append(
                (
                    placement_id,
                    student_id,
                    rng.randint(1, organisations),
                    f"{rng.choice(TEAM_KINDS)} {rng.choice(HEADS)}{rng.choice(TAILS)}",
                    rng.choice(("SPH", "SPH", "MZ", "PW", "GPW")),
                    rng.choice(("BOL", "BOL", "BBL")),
                    (intake_day + timedelta(days=30)).isoformat(),
                    (intake_day + timedelta(days=330)).isoformat(),
                    status,
                    *_stamp(),
                )
            )
            for n in range(1 + extra[placement_id - 1]):
                meeting_id += 1
                day = intake_day + timedelta(days=91 * n)
                ways = ",".join(w.value for w in LearningWay if rng.random() < 0.35)
                rows["meetings"].append(
                    (
                        meeting_id,
                        placement_id,
                        "intake" if n == 0 else "evaluation",
                        day.isoformat(),
                        ways,
                        names.sentence(6, 30) if rng.random() < 0.7 else "",
                        decision if n == 0 else None,
                        names.sentence(5, 20) if n == 0 and decision else "",
                        (day + timedelta(days=91)).isoformat(),
                        *_stamp(),
                    )
                )
                _children(rng, names, rows, meeting_id, student_names[student_id], first)
        for table, sql in INSERTS.items():
            conn.executemany(sql, rows[table])


def _children(
    rng: random.Random,
    names: Names,
    child: dict[str, list[tuple[object, ...]]],
    meeting_id: int,
    student: str,
    first: date = FIRST_DAY,
) -> None:
    people = {"student": student, "workplace": names.person(), "school": names.person()}
    for party, name in people.items():
        role = "" if party == "student" else rng.choice(ROLES)
        child["participants"].append((meeting_id, party, name, role, *_stamp()))
    if rng.random() < 0.2:
        child["participants"].append(
            (meeting_id, "workplace", names.person(), rng.choice(ROLES), *_stamp())
        )
    for _ in range(rng.randint(0, 3)):
        child["goals"].append((meeting_id, names.sentence(4, 12), *_stamp()))
    for factor in Factor:
        note = names.sentence(3, 14) if rng.random() < 0.5 else ""
        status = rng.choice(FACTOR_STATUSES)
        child["factors"].append((meeting_id, factor.value, status, note, *_stamp()))
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(SUPPORT_KINDS)
        child["support"].append((meeting_id, kind, names.sentence(3, 10), *_stamp()))
    for _ in range(rng.randint(0, 4)):
        due = _day(rng, first).isoformat() if rng.random() < 0.5 else None
        child["agreements"].append(
            (
                meeting_id,
                rng.choice(("work", "supervision")),
                names.sentence(4, 14),
                rng.choice(("student", "workplace", "school")),
                due,
                "" if due else rng.choice(FREQUENCIES),
                rng.choice(("open", "open", "done", "dropped")),
                rng.choice([None, None, *(f.value for f in Factor)]),
                *_stamp(),
            )
        )
    for party, name in people.items():
        if rng.random() < 0.6:
            child["sign_offs"].append((meeting_id, party, name, STAMP, USER))


def check(path: Path, samples: int = 20) -> None:
    """Load and render sampled meetings through the store, and check the FTS indexes."""
    store = Store(open_database(path, create=False), clock=lambda: datetime.now(UTC), user=USER)
    count = int(store.db.execute("SELECT count(*) FROM meetings").fetchone()[0])
    rng = random.Random(1)
    for meeting_id in {1, count, *(rng.randint(1, count) for _ in range(samples))}:
        text = render_minutes(store.meeting(meeting_id), "nl")
        if not text.startswith("# "):
            raise SystemExit(f"meeting {meeting_id} rendered oddly: {text[:80]!r}")
    for table in ("students_fts", "organisations_fts"):
        store.db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    if not store.placements("a"):
        raise SystemExit("a search for 'a' found nothing")
    store.db.close()


def _set_aside(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Drop the AFTER INSERT triggers that copy each new row elsewhere (one `INSERT ...
    VALUES` body: the audit rows, the search index) of the tables written; return each one's
    table, SQL and body as one `INSERT ... SELECT` over the table's rows (`replay`). The
    others (the latest meeting per placement, what a signature ends) still fire per row."""
    kept = []
    for table in ("organisations", "students", *INSERTS):
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
            "ORDER BY rowid",
            [table],
        ).fetchall():
            match = COPYING_TRIGGER.fullmatch(str(sql).strip())
            if match is None:
                continue
            body = (
                f"INSERT INTO [{match['target']}] ({match['columns']}) "
                f"SELECT {match['values']} FROM [{table}] AS new ORDER BY new.rowid"
            )
            conn.execute(f"DROP TRIGGER [{name}]")
            kept.append((str(sql), body, table))
    return kept


def make(path: Path, meetings: int, seed: int, years: int | None = None) -> Path:
    """Build the database at `path` (replacing it), check it, and return the path."""
    tmp = path.with_name(path.name + ".part")
    for stale in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    open_database(tmp).close()  # schema, indexes, FTS tables and triggers
    # driehoek's own connection set-up: it registers whatever SQL functions the schema's
    # triggers call. The clock and user are then fixed, so triggers write reproducible rows.
    conn = connect(tmp).conn
    for name, value in (("driehoek_now", STAMP), ("driehoek_user", USER), ("driehoek_client", "")):
        conn.create_function(name, 0, lambda value=value: value)
    # A scratch file, made again if anything goes wrong: no journal (the one transaction of
    # a million meetings would otherwise be written twice, to the WAL and then to the file).
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: the indexes' pages stay in memory
    conn.execute("BEGIN")
    triggers = _set_aside(conn)
    generate(conn, meetings, seed, first_day(years))
    for sql, body, _table in triggers:  # parents' rows first, as `INSERTS` orders the tables
        conn.execute(body)
        conn.execute(sql)
    conn.commit()
    conn.execute("PRAGMA journal_mode = WAL")  # as driehoek keeps its files
    conn.close()
    tmp.replace(path)
    for suffix in ("-wal", "-shm"):
        tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
    check(path)
    return path


def cached(meetings: int, *, years: int | None = None, seed: int = 6) -> Path:
    """The database of these parameters in bench/out/, made the first time it is asked for.

    Its name holds what decides its rows: the size, the years and the seed. A file made by an
    older driehoek is brought to this schema here, before anything measures it (opening it
    runs the migrations, as the app would): making a million meetings again for every new
    migration would take far longer than the migrations do."""
    span = "" if years is None else f"-y{years}"
    path = OUT / f"m{meetings}{span}-seed{seed}.db"
    if path.exists():
        conn = connection(path)
        try:
            before = schema_version(conn)
        finally:
            conn.close()
        if before < LATEST:
            print(f"upgrading {path.name} to schema {LATEST}", file=sys.stderr, flush=True)
        open_database(path, create=False).close()
        return path
    OUT.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    print(f"making {path.name} (once; kept for later runs)", file=sys.stderr, flush=True)
    make(path, meetings, seed, years)
    took = time.perf_counter() - t0
    print(f"{path.name}: made in {took:.0f} s", file=sys.stderr, flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, nargs="?")
    p.add_argument("--meetings", type=int, default=100_000)
    p.add_argument("--years", type=int, default=None)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--cached", action="store_true", help="in bench/out/, unless already there")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    if a.cached:
        print(cached(a.meetings, years=a.years, seed=a.seed))
        return 0
    if a.out is None:
        p.error("give OUT.db or --cached")
    make(a.out, a.meetings, a.seed, a.years)
    print(f"{a.out}: {a.meetings} meetings in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def rows_of(path: Path) -> Iterator[tuple[str, int]]:
    """Row counts per table (for the results' notes)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for table in ("students", "organisations", "placements", "meetings", "participants"):
            yield table, int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
