"""Many coordinators in one file at once: every edit lands, none is applied over another's.

Each worker is a process of its own with its own connection (`open_database`), started first
and then let go all together (a line on its stdin), so they really write at the same moment.
The figures (wall time, edits per second) are written to `concurrency-figures.txt` in
pytest's temporary folder and printed; they are never asserted on.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from driehoek import privacy
from driehoek.database import BUSY_TIMEOUT_MS, connect, open_database
from driehoek.domain import Factor
from driehoek.migrations import APPLICATION_ID, LATEST, MIGRATIONS, migrate
from driehoek.store import Clock, Store

PROCESSES = 8
EDITS = 500
TIMEOUT = 300.0
WAIT_MS = 120_000
"""How long a worker waits for the write lock. What this test holds is that no edit is lost or
applied over another's; how long a save waits is a figure (reported below, and measured with
32 writers in bench/writers.py), not a test. With the app's own 5 s, CI's two loaded cores
once made one of the 4,000 edits wait longer, and the test failed on the wait, not on an
edit."""
FIGURES = "concurrency-figures.txt"

# One worker: its own meeting's rows, EDITS version-checked edits round robin over five kinds
# of write (four edits of existing rows, one new agreement), each in its own transaction.
EDIT_OWN_ROWS = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from driehoek.database import open_database
from driehoek.domain import Factor, Part, Ref
from driehoek.store import Store

path, tag, meeting_id, edits = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = Store(open_database(path, create=False), clock=lambda: datetime.now(UTC), user=tag)
store.db.execute(f"PRAGMA busy_timeout = {int(sys.argv[5])}")
m = store.meeting(meeting_id)
rows = [
    (Ref(Part.GOAL, m.goals[0].id), "text"),
    (Ref(Part.MEETING, meeting_id), "learning_note"),
    (Ref(Part.FACTOR, meeting_id, Factor.SUPPORT), "note"),
    (Ref(Part.AGREEMENT, m.agreements[0].id), "text"),
]
versions = {ref: 1 for ref, _ in rows}
versions[Ref(Part.MEETING, meeting_id)] = m.version
print("ready", flush=True)
sys.stdin.readline()
start = time.perf_counter()
longest = 0.0
for i in range(edits):
    before = time.perf_counter()
    kind = i % 5
    if kind == 4:
        store.add_agreement(meeting_id, text=f"{tag} nieuw {i}")
    else:
        ref, column = rows[kind]
        versions[ref] = store.edit(ref, versions[ref], {column: f"{tag} {column} {i}"})
    longest = max(longest, time.perf_counter() - before)
print(json.dumps({"seconds": time.perf_counter() - start, "longest": longest}), flush=True)
"""

# One of two workers on the SAME goal: each round it reads the goal's version, says so, waits
# for the word, then tries its edit on that version and reports whether it won.
SAME_ROW_IN_ROUNDS = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from driehoek.database import open_database
from driehoek.store import StaleEdit, Store

path, tag, meeting_id, goal_id = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = Store(open_database(path, create=False), clock=lambda: datetime.now(UTC), user=tag)
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "stop":
        break
    version = next(g.version for g in store.meeting(meeting_id).goals if g.id == goal_id)
    print(f"read {version}", flush=True)
    sys.stdin.readline()
    try:
        print(f"won {store.update_goal(goal_id, version, f'{tag} {version}')}", flush=True)
    except StaleEdit:
        print("stale", flush=True)
"""

# One of two workers racing freely on the SAME goal: read, edit, re-read on StaleEdit.
SAME_ROW_FREELY = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from driehoek.database import open_database
from driehoek.store import StaleEdit, Store

path, tag, meeting_id, goal_id = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
tries = int(sys.argv[5])
store = Store(open_database(path, create=False), clock=lambda: datetime.now(UTC), user=tag)
print("ready", flush=True)
sys.stdin.readline()
won, stale = [], 0
for i in range(tries):
    version = next(g.version for g in store.meeting(meeting_id).goals if g.id == goal_id)
    try:
        won.append(store.update_goal(goal_id, version, f"{tag} {i}"))
    except StaleEdit:
        stale += 1
print(json.dumps({"won": won, "stale": stale}), flush=True)
"""

OPEN_WHEN_TOLD = """
import sys
from pathlib import Path
from driehoek.database import open_database
print("ready", flush=True)
sys.stdin.readline()
db = open_database(Path(sys.argv[1]), create=False)
print(db.execute("PRAGMA user_version").fetchone()[0], flush=True)
"""


@dataclass
class Worker:
    """A child process spoken to line by line."""

    proc: subprocess.Popen[str]

    def say(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def hear(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:  # it died: show why
            _, err = self.proc.communicate(timeout=TIMEOUT)
            raise AssertionError(f"worker ended early ({self.proc.returncode}):\n{err}")
        return line.strip()

    def finish(self) -> tuple[int, str, str]:
        """Close its stdin, wait for it; returns (exit code, rest of stdout, stderr)."""
        out, err = self.proc.communicate(timeout=TIMEOUT)
        return self.proc.returncode, out, err


@pytest.fixture
def spawn() -> Iterator[list[Worker]]:
    """Starts workers (`spawn.append(...)` via `start`); any still running are killed after."""
    workers: list[Worker] = []
    yield workers
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, ValueError):
            w.proc.communicate(timeout=10)


def start(workers: list[Worker], script: str, *args: object) -> Worker:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *(str(a) for a in args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = Worker(proc)
    workers.append(worker)
    return worker


def let_go(workers: list[Worker]) -> float:
    """Wait until every worker is ready, then release them all; returns the moment."""
    for w in workers:
        assert w.hear() == "ready"
    started = time.perf_counter()
    for w in workers:
        w.say("go")
    return started


def report(tmp_path_factory: pytest.TempPathFactory, line: str) -> None:
    with (tmp_path_factory.getbasetemp() / FIGURES).open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    print(line)


@pytest.fixture
def shared(tmp_path: Path, fixed_clock: Clock) -> Iterator[tuple[Path, Store]]:
    """A database file for several processes, and the test's own store on it."""
    path = tmp_path / "gedeeld.db"
    db = open_database(path)
    yield path, Store(db, clock=fixed_clock, user="opzet")
    db.close()


def one_meeting_each(store: Store, count: int) -> list[int]:
    """A meeting per worker, with a goal and an agreement to edit (rows nobody else edits)."""
    ids = []
    for n in range(count):
        meeting_id = store.new_intake(f"Student Parallel {n}", "Zorggroep Gedeeld")
        store.add_goal(meeting_id)
        store.add_agreement(meeting_id)
        ids.append(meeting_id)
    return ids


def test_eight_processes_make_500_edits_each_and_every_edit_is_there(
    shared: tuple[Path, Store], spawn: list[Worker], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path, store = shared
    meetings = one_meeting_each(store, PROCESSES)
    for n, meeting_id in enumerate(meetings):
        start(spawn, EDIT_OWN_ROWS, path, f"werker-{n}", meeting_id, EDITS, WAIT_MS)
    began = let_go(spawn)
    results = [w.finish() for w in spawn]
    wall = time.perf_counter() - began

    for code, _out, err in results:
        assert "database is locked" not in err
        assert (code, err) == (0, "")
    per_kind = EDITS // 5
    last = {kind: max(i for i in range(EDITS) if i % 5 == kind) for kind in range(5)}
    for n, meeting_id in enumerate(meetings):
        tag = f"werker-{n}"
        m = store.meeting(meeting_id)
        assert (m.goals[0].text, m.goals[0].version) == (f"{tag} text {last[0]}", 1 + per_kind)
        assert m.learning_note == f"{tag} learning_note {last[1]}"
        note = m.factor(Factor.SUPPORT)
        assert (note.note, note.version) == (f"{tag} note {last[2]}", 1 + per_kind)
        assert (m.agreements[0].text, m.agreements[0].version) == (
            f"{tag} text {last[3]}",
            1 + per_kind,
        )
        added = [a.text for a in m.agreements[1:]]
        assert added == [f"{tag} nieuw {i}" for i in range(EDITS) if i % 5 == 4]
        # The audit trail saw every single write of this worker, each at its own version.
        rows = store.db.execute(
            "SELECT action, entity, version FROM audit WHERE os_user = ? ORDER BY id", [tag]
        ).fetchall()
        assert len(rows) == EDITS
        goal_versions = [v for action, entity, v in rows if (action, entity) == ("change", "goals")]
        assert goal_versions == list(range(2, 2 + per_kind))
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    figures = [json.loads(out) for _code, out, _err in results]
    seconds = [f["seconds"] for f in figures]
    longest = max(f["longest"] for f in figures)
    total = PROCESSES * EDITS
    report(
        tmp_path_factory,
        f"{PROCESSES} processes x {EDITS} edits: {total} edits in {wall:.2f} s wall "
        f"({total / wall:.0f} edits/s); slowest worker {max(seconds):.2f} s, "
        f"fastest {min(seconds):.2f} s; longest single edit (lock wait included) "
        f"{longest * 1000:.0f} ms (the app's busy timeout: {BUSY_TIMEOUT_MS} ms)",
    )


def goal_to_fight_over(store: Store) -> tuple[int, int]:
    meeting_id = store.new_intake("Student Betwist", "Zorggroep Gedeeld")
    goal = store.add_goal(meeting_id)
    return meeting_id, goal.id


def test_two_processes_editing_one_row_at_the_same_moment_one_wins_one_is_told(
    shared: tuple[Path, Store], spawn: list[Worker]
) -> None:
    """Both read version v, both try to write on v: exactly one wins each round; the other
    gets StaleEdit, and nothing of its edit is in the row."""
    path, store = shared
    meeting_id, goal_id = goal_to_fight_over(store)
    workers = [start(spawn, SAME_ROW_IN_ROUNDS, path, tag, meeting_id, goal_id) for tag in "AB"]
    for w in workers:
        assert w.hear() == "ready"
    rounds = 40
    winners = []
    for round_ in range(rounds):
        for w in workers:
            w.say("read")
        assert [w.hear() for w in workers] == [f"read {round_ + 1}"] * 2
        for w in workers:
            w.say("write")
        outcomes = [w.hear() for w in workers]
        assert sorted(outcomes) == ["stale", f"won {round_ + 2}"], outcomes
        winners.append("AB"[outcomes.index(f"won {round_ + 2}")])
        goal = store.meeting(meeting_id).goals[0]
        assert (goal.text, goal.version) == (f"{winners[-1]} {round_ + 1}", round_ + 2)
    for w in workers:
        w.say("stop")
    assert [w.finish()[::2] for w in workers] == [(0, "")] * 2
    changes = store.db.execute(
        "SELECT count(*) FROM audit WHERE entity = 'goals' AND entity_id = ? AND action = 'change'",
        [goal_id],
    ).fetchone()[0]
    assert changes == rounds


def test_two_processes_racing_on_one_row_lose_nothing_silently(
    shared: tuple[Path, Store], spawn: list[Worker], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path, store = shared
    meeting_id, goal_id = goal_to_fight_over(store)
    tries = 300
    for tag in "AB":
        start(spawn, SAME_ROW_FREELY, path, tag, meeting_id, goal_id, tries)
    let_go(spawn)
    results = [w.finish() for w in spawn]
    assert [(code, err) for code, _, err in results] == [(0, "")] * 2
    outcomes = [json.loads(out) for _, out, _ in results]
    won = [v for o in outcomes for v in o["won"]]
    stale = sum(o["stale"] for o in outcomes)
    # Every successful edit made a version of its own; together they are 2..final.
    final = store.meeting(meeting_id).goals[0].version
    assert final == len(won) + 1
    assert sorted(won) == list(range(2, final + 1))
    assert len(won) + stale == 2 * tries
    report(
        tmp_path_factory,
        f"2 processes racing on one goal, {tries} tries each: {len(won)} edits applied, "
        f"{stale} refused as stale, none lost",
    )


def version_one_file(path: Path) -> None:
    """A database as driehoek's first schema left it, with a student in it."""
    db = connect(path)
    db.enable_wal()
    db.execute("BEGIN IMMEDIATE")
    MIGRATIONS[0](db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO students (name, updated_at) VALUES ('Student Oud', '2026-01-01')")
    db.commit()
    db.close()
    path.chmod(0o600)


def test_processes_upgrading_one_file_at_once_apply_each_migration_once(
    tmp_path: Path, spawn: list[Worker]
) -> None:
    """test_database races on a new file; this one on a file of schema 1 with data in it, so
    every process finds the later migrations (the audit trail's and on) pending at once."""
    assert LATEST >= 2
    path = tmp_path / "oud.db"
    version_one_file(path)
    for _ in range(PROCESSES):
        start(spawn, OPEN_WHEN_TOLD, path)
    let_go(spawn)
    assert [w.finish() for w in spawn] == [(0, f"{LATEST}\n", "")] * PROCESSES
    fresh = sqlite3.connect(tmp_path / "nieuw.db")
    migrate(Database(fresh))
    conn = sqlite3.connect(path)
    try:
        # The same schema as a file made new by this version: nothing applied twice or half.
        assert schema(conn) == schema(fresh)
        assert conn.execute("SELECT name FROM students").fetchall() == [("Student Oud",)]
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
        fresh.close()


def schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every table, index and trigger with its SQL, in name order."""
    return conn.execute(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name"
    ).fetchall()


# Runs `driehoek ARGS` in this process, once per line of JSON on stdin, and answers each with
# [exit code, stdout, stderr]: a real process with its own connections, imported only once.
RUN_COMMANDS = """
import contextlib, io, json, sys
from driehoek.cli import main

def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return [code, out.getvalue(), err.getvalue()]

print("ready", flush=True)
for line in sys.stdin:
    print(json.dumps(run(json.loads(line))), flush=True)
"""

# Runs `driehoek check ARGS` again and again from "go" until its stdin says "stop"; then
# answers with every run's [exit code, stdout, stderr].
CHECK_UNTIL_STOPPED = """
import contextlib, io, json, select, sys
from driehoek.cli import main

runs = []
print("ready", flush=True)
sys.stdin.readline()
while not select.select([sys.stdin], [], [], 0)[0]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", *sys.argv[1:]])
    runs.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(runs), flush=True)
"""

ROUNDS = 12
CHECKERS = 2


def test_check_raises_no_false_alarm_beside_erase_import_and_backup(
    tmp_path: Path,
    fixed_clock: Clock,
    spawn: list[Worker],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Two processes run `driehoek check` over and over while three others erase a student,
    import a dossier and make a backup, round after round. Every check says "in orde" on every
    line: an erasure's checkpoint and vacuum, an import's writes and a backup's reads are other
    sessions at work, not problems of the file."""
    path = tmp_path / "gedeeld.db"
    source = Store(open_database(tmp_path / "bron.db"), clock=fixed_clock, user="bron")
    dossiers = []
    for n in range(ROUNDS):
        meeting_id = source.new_intake(f"Lees Nummer{n}", "Zorggroep Elders")
        student = source.meeting(meeting_id).placement.student_id
        dossier = tmp_path / f"dossier-{n}.json"
        dossier.write_text(privacy.dossier_json(privacy.dossier(source, student)), "utf-8")
        dossiers.append(dossier)
    source.close()
    store = Store(open_database(path), clock=fixed_clock, user="opzet")
    for n in range(20):  # some bulk, so that a vacuum and a backup take a while
        meeting_id = store.new_intake(f"Student Groot{n}", "Zorggroep Groot")
        store.update_meeting(meeting_id, 1, learning_note=f"Notitie {n}. " * 1500)
    to_erase = [
        store.meeting(store.new_intake(f"Wis Nummer{n}", "Zorggroep Wissen")).placement.student_id
        for n in range(ROUNDS)
    ]
    store.close()

    db = ["--db", str(path)]
    checkers = [start(spawn, CHECK_UNTIL_STOPPED, *db) for _ in range(CHECKERS)]
    eraser, importer, backer = (start(spawn, RUN_COMMANDS) for _ in range(3))
    let_go(checkers)
    for w in (eraser, importer, backer):
        assert w.hear() == "ready"
    done: list[tuple[str, list[object]]] = []
    for n in range(ROUNDS):
        jobs = {
            "erase": (eraser, ["erase", "--student", str(to_erase[n]), "--yes", *db]),
            "import": (importer, ["import", str(dossiers[n]), *db]),
            "backup": (backer, ["backup", str(tmp_path / f"kopie-{n}.db"), *db]),
        }
        for worker, argv in jobs.values():
            worker.say(json.dumps(argv))
        done += [(name, json.loads(worker.hear())) for name, (worker, _) in jobs.items()]
    for w in checkers:
        w.say("stop")
    checks = [run for w in checkers for run in json.loads(w.hear())]

    assert [(name, answer) for name, answer in done if answer[0] != 0] == []
    alarms = [(code, out, err) for code, out, err in checks if code != 0 or "PROBLEEM" in out]
    assert alarms == [], f"{len(alarms)} of {len(checks)} checks cried wolf: {alarms[:2]}"
    assert len(checks) >= CHECKERS * 2, "the checks hardly ran beside the others"
    final = Store(open_database(path), clock=fixed_clock, user="na")
    try:
        names = {row[0] for row in final.db.execute("SELECT name FROM students")}
        assert not any(name.startswith("Wis Nummer") for name in names)
        assert sum(name.startswith("Lees Nummer") for name in names) == ROUNDS
    finally:
        final.close()
    report(
        tmp_path_factory,
        f"check beside erase, import and backup: {len(checks)} checks by {CHECKERS} processes "
        f"during {ROUNDS} rounds, {len(alarms)} false alarms",
    )
