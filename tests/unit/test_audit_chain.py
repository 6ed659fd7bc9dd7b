"""The audit trail is tamper-evident: every row is chained to the one before by a hash, and
`driehoek check` finds a dropped table, a changed or removed row and a missing or altered
trigger, and names the first broken row. What it cannot see (rows cut off at the newest end,
a chain recomputed from scratch) is shown here too, as the README says."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_run import run
from sqlite_utils import Database

from driehoek import migrate_first, privacy
from driehoek.audit import chain_hash, walk
from driehoek.database import connect, open_database
from driehoek.i18n import Catalogue
from driehoek.migrate_audit_ranges import audit_ranges
from driehoek.migrations import APPLICATION_ID, MIGRATIONS, schema_version
from driehoek.store import Store
from driehoek.wal import close_database

T = Catalogue("nl")


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A closed database with a few meetings, edits, an export and an erasure in its trail."""
    path = tmp_path / "school.db"
    store = Store(open_database(path), clock=lambda: datetime.now(UTC), user="coordinator")
    for name in ("Noor Dekker", "Bram Hofman", "Sanne Mulder"):
        meeting_id = store.new_intake(name, "Zorggroep Noord")
        goal = store.add_goal(meeting_id)
        store.update_goal(goal.id, goal.version, f"Leerdoel van {name}")
        store.record("export", "meetings", meeting_id, meeting_id)
    privacy.erase_student(store, privacy.find_student(store, "Bram Hofman"))
    store.close()
    return path


def by_hand(path: Path, *statements: str) -> None:
    """What someone who can write the file does with the `sqlite3` shell: no driehoek
    functions, no driehoek checks."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def audit_lines(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    """`driehoek check`: its exit code and its lines on the chain and on the triggers."""
    code, out, _ = run(capsys, "check", "--db", str(path))
    lines = out.splitlines()
    chain = next(line for line in lines if T("check.audit_chain") in line)
    triggers = next(line for line in lines if T("check.audit_triggers") in line)
    return code, chain, triggers


def ids(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM audit ORDER BY id")]
    finally:
        conn.close()


def test_every_row_is_chained_and_check_says_so(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    code, chain, triggers = audit_lines(capsys, school)
    assert code == 0
    newest = ids(school)[-1]
    assert chain.startswith("in orde"), chain
    assert f"#{newest}" in chain  # the head, to compare with a later check
    assert triggers.startswith("in orde"), triggers


def test_a_dropped_audit_table_is_found(capsys: pytest.CaptureFixture[str], school: Path) -> None:
    by_hand(school, "DROP TABLE audit")
    code, chain, triggers = audit_lines(capsys, school)
    assert code == 1
    assert chain.startswith("PROBLEEM"), chain
    assert T("check_detail.audit_no_table") in chain
    assert triggers.startswith("PROBLEEM"), triggers
    assert "audit_no_delete" in triggers  # gone with the table


def test_a_changed_row_breaks_the_chain_at_that_row(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    target = ids(school)[5]
    by_hand(
        school,
        "DROP TRIGGER audit_no_update",
        f"UPDATE audit SET os_user = 'iemand-anders' WHERE id = {target}",
    )
    code, chain, triggers = audit_lines(capsys, school)
    assert code == 1
    assert chain.startswith("PROBLEEM"), chain
    assert T("check_detail.audit_broken", id=target) in chain
    assert "audit_no_update" in triggers


def test_a_removed_row_breaks_the_chain_at_the_row_after_it(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    rows = ids(school)
    by_hand(
        school,
        "DROP TRIGGER audit_no_delete",
        f"DELETE FROM audit WHERE id = {rows[3]}",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
                SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    )
    code, chain, _ = audit_lines(capsys, school)
    assert code == 1
    assert T("check_detail.audit_broken", id=rows[4]) in chain


def test_a_row_recomputed_by_hand_still_breaks_the_chain_after_it(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    """Changing a row and giving it a fitting hash moves the break to the next row."""
    rows = ids(school)
    conn = sqlite3.connect(school)
    try:
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute(f"UPDATE audit SET action = 'view' WHERE id = {rows[2]}")
        previous = conn.execute(f"SELECT hash FROM audit WHERE id = {rows[1]}").fetchone()[0]
        row = conn.execute(
            "SELECT id, at, os_user, ssh_client, action, entity, entity_id, meeting_id, version "
            f"FROM audit WHERE id = {rows[2]}"
        ).fetchone()
        conn.execute("UPDATE audit SET hash = ? WHERE id = ?", [chain_hash(previous, *row), row[0]])
        conn.commit()
    finally:
        conn.close()
    _, chain, _ = audit_lines(capsys, school)
    assert T("check_detail.audit_broken", id=rows[3]) in chain


@pytest.mark.parametrize(
    ("statements", "key", "name"),
    [
        (["DROP TRIGGER audit_goals_change"], "trigger_missing", "audit_goals_change"),
        (["DROP TRIGGER audit_chain"], "trigger_missing", "audit_chain"),
        (
            [
                "DROP TRIGGER audit_students_delete",
                "CREATE TRIGGER audit_students_delete AFTER DELETE ON students BEGIN SELECT 1; END",
            ],
            "trigger_changed",
            "audit_students_delete",
        ),
        (
            ["CREATE TRIGGER audit_stil BEFORE INSERT ON audit BEGIN SELECT 1; END"],
            "trigger_added",
            "audit_stil",
        ),
    ],
    ids=["a table's trigger dropped", "the chain's dropped", "one emptied", "one added"],
)
def test_a_missing_changed_or_added_audit_trigger_is_named(
    capsys: pytest.CaptureFixture[str], school: Path, statements: list[str], key: str, name: str
) -> None:
    by_hand(school, *statements)
    code, _, triggers = audit_lines(capsys, school)
    assert code == 1
    assert triggers.startswith("PROBLEEM"), triggers
    assert T(f"check_detail.{key}", names=name) in triggers


def test_a_row_with_a_hash_of_its_own_is_refused(school: Path) -> None:
    """Nobody brings a hash: the database computes it, so a forged one cannot come in."""
    db = open_database(school)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="computes its own hashes"):
            db.execute(
                "INSERT INTO audit (at, os_user, ssh_client, action, entity, hash) "
                "VALUES ('2026-11-28T10:30:00+00:00', 'x', '', 'create', 'students', 'abc')"
            )
        db.rollback()
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE audit SET hash = 'abc'")
    finally:
        db.close()


def test_rows_cut_off_at_the_newest_end_are_not_found_but_the_head_moves(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    """The honest limit: the rest still chains. Only the head that `check` shows (its newest
    row and hash), compared with an earlier check's, tells."""
    _, before, _ = audit_lines(capsys, school)
    rows = ids(school)
    by_hand(
        school,
        "DROP TRIGGER audit_no_delete",
        f"DELETE FROM audit WHERE id > {rows[-4]}",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
                SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    )
    code, after, _ = audit_lines(capsys, school)
    assert code == 0
    assert after.startswith("in orde")
    assert after != before
    assert f"#{rows[-4]}" in after


def test_erasure_and_purge_keep_the_chain_whole(tmp_path: Path) -> None:
    """They only add rows (the deletes, the erasure), so the chain goes on unbroken."""
    store = Store(
        open_database(tmp_path / "school.db"),
        clock=lambda: datetime(2026, 11, 28, tzinfo=UTC),
        user="coordinator",
    )
    try:
        for n in range(3):
            meeting_id = store.new_intake(f"Oud Dossier{n}", "Werkplek", day=date(2020, 1, 6))
            placement = store.meeting(meeting_id).placement
            store.update_placement(placement.id, placement.version, end=date(2020, 6, 30))
        erased = privacy.erase_student(store, privacy.find_student(store, "Oud Dossier0"))
        assert erased.unfinished is None
        assert len(privacy.purge(store)) == 2
        state = walk(store.db)
        actions = [row[0] for row in store.db.execute("SELECT action FROM audit")]
        assert actions.count("erase") == 3
        assert state.whole
        assert state.rows == len(actions)
    finally:
        store.close()


def file_before(path: Path, migration: Callable[[Database], None]) -> None:
    """A database as the migrations before `migration` left it, with audit rows in it."""
    before = MIGRATIONS.index(migration)
    db = connect(path)
    db.enable_wal()
    db.execute("BEGIN IMMEDIATE")
    for earlier in MIGRATIONS[:before]:
        earlier(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {before}")
    db.commit()
    store = Store(db, clock=lambda: datetime.now(UTC), user="vroeger")
    meeting_id = store.new_intake("Fenna Bakker", "Bakkerij Vroeg")
    store.add_goal(meeting_id)
    close_database(db)
    path.chmod(0o600)


def file_before_the_chain(path: Path) -> None:
    """A database as the migrations before the chain's left it, with audit rows in it."""
    file_before(path, migrate_first._audit_hash_chain)


def test_a_file_from_before_the_chain_gets_every_row_chained(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "oud.db"
    file_before_the_chain(path)
    old_rows = ids(path)
    assert old_rows
    db = open_database(path)  # migrates
    try:
        assert schema_version(db) == len(MIGRATIONS)
        store = Store(db, clock=lambda: datetime.now(UTC), user="nu")
        store.new_intake("Jelle Smit", "Bakkerij Laat")
        state = walk(db)
        assert state.whole
        assert state.rows == len(ids(path)) > len(old_rows)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(f"UPDATE audit SET os_user = 'x' WHERE id = {old_rows[0]}")
        db.rollback()
    finally:
        close_database(db)
    code, chain, triggers = audit_lines(capsys, path)
    assert code == 0
    assert chain.startswith("in orde")
    assert triggers.startswith("in orde")


def hashes(path: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, hash FROM audit ORDER BY id").fetchall()
    finally:
        conn.close()


SCHOOL_LIST = "Studentnummer;Naam;Leerbedrijf;Begindatum\n" + "\n".join(
    f"{500_000 + n};Student {n};Kinderopvang {n % 3};1-2-2027" for n in range(12)
)


def test_a_list_read_in_after_the_upgrade_is_one_run_per_table_that_chains_and_is_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "oud.db"
    file_before(path, audit_ranges)
    old = hashes(path)
    assert old
    assert all(h for _, h in old)
    (tmp_path / "lijst.csv").write_text(SCHOOL_LIST, encoding="utf-8")
    code, _, _ = run(capsys, "import", str(tmp_path / "lijst.csv"), "--db", str(path))
    assert code == 0
    # Every row from before keeps the hash it had: the hash covers `last_id` only when set.
    now = hashes(path)
    assert now[: len(old)] == old
    conn = sqlite3.connect(path)
    try:
        runs = conn.execute(
            "SELECT entity, entity_id, last_id FROM audit WHERE id > ? ORDER BY id",
            [old[-1][0]],
        ).fetchall()
    finally:
        conn.close()
    assert runs == [("students", 2, 13), ("organisations", 2, 4), ("placements", 2, 13)]
    code, chain, triggers = audit_lines(capsys, path)
    assert (code, chain[:7], triggers[:7]) == (0, "in orde", "in orde")

    # A meeting on a placement from the list shows the list's entries, named by its own ids.
    store = Store(open_database(path), clock=lambda: datetime.now(UTC), user="coordinator")
    try:
        placement, student = store.db.execute(
            "SELECT p.id, p.student_id FROM placements p JOIN students s ON s.id = p.student_id "
            "WHERE s.name = 'Student 7'"
        ).fetchone()
        meeting = store.start_intake(placement)
        made = {
            (e.action, e.entity, e.entity_id)
            for e in store.history(meeting)
            if e.entity in ("students", "placements")
        }
        assert made == {("create", "students", student), ("create", "placements", placement)}
    finally:
        store.close()


def test_a_run_stretched_by_hand_breaks_the_chain_at_that_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "school.db"
    (tmp_path / "lijst.csv").write_text(SCHOOL_LIST, encoding="utf-8")
    assert run(capsys, "import", str(tmp_path / "lijst.csv"), "--db", str(path))[0] == 0
    (run_id,) = [i for i, in sqlite3.connect(path).execute(
        "SELECT id FROM audit WHERE entity = 'students' AND last_id IS NOT NULL"
    )]  # fmt: skip
    # To claim a student the list never made: the run made one longer.
    by_hand(
        path,
        "DROP TRIGGER audit_no_update",
        f"UPDATE audit SET last_id = last_id + 1 WHERE id = {run_id}",
    )
    code, chain, _ = audit_lines(capsys, path)
    assert code == 1
    assert T("check_detail.audit_broken", id=run_id) in chain
