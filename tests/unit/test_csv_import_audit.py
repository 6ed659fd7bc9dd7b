"""A school's list in, fast, with the audit trail whole: the new rows' triggers run once per
statement (`bulk_insert`), and the database comes out exactly as when they fire per row, but
for the audit trail, which says the same in one row per table (a run of ids, `last_id`).
Every name is invented."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_run import run

from driehoek.audit import walk
from driehoek.csv_columns import find_columns
from driehoek.csv_import import Action, check_rows, import_rows
from driehoek.csv_read import parse_text
from driehoek.csv_rows import PlacementRow
from driehoek.database import open_database
from driehoek.i18n import Catalogue
from driehoek.store import Store

T = Catalogue("nl")
NOW = datetime(2027, 1, 11, 9, 30, tzinfo=UTC)
HEADER = "Studentnummer;Naam;Opleiding;Crebo;Niveau;Leerbedrijf;Erkenningsnummer;Adres;"
HEADER += "Praktijkopleider;E-mail;Begindatum;Einddatum;Uren per week"


def _list(count: int, *, hours: int = 32) -> str:
    lines = [HEADER]
    for n in range(count):
        org = n % max(count // 3, 1)
        lines.append(
            f"{700_000 + n};Student {n};Verzorgende IG;25491;{1 + n % 4};Zorgcentrum {org};"
            f"{100_000_000 + org};Dorpsstraat {org % 200 + 1};Opleider {org};"
            f"opleider{org}@bedrijf.example;{1 + n % 28}-2-2027;{1 + n % 28}-2-2028;{hours}"
        )
    return "\n".join(lines)


def _rows(text: str) -> list[PlacementRow]:
    table = parse_text(text)
    rows, refused = check_rows(table, find_columns(table.header))
    assert refused == []
    return rows


def _store(path: Path) -> Store:
    return Store(open_database(path), clock=lambda: NOW, user="coordinator", client="10.0.0.7")


def _schema(db: sqlite3.Connection) -> set[tuple[str, str, str]]:
    return {(t, n, s or "") for t, n, s in db.execute("SELECT type, name, sql FROM sqlite_schema")}


AUDITED = "action, entity, version, os_user, ssh_client, at, meeting_id"


def _per_record(db: sqlite3.Connection, after: int = 0) -> list[tuple[object, ...]]:
    """What the audit trail says of each record, after audit row `after`: a row of its own,
    or its part of a run (`last_id`), as (what the row says..., the record's id), in order."""
    entries: list[tuple[object, ...]] = []
    for *said, first, last in db.execute(
        f"SELECT {AUDITED}, entity_id, last_id FROM audit WHERE id > ? ORDER BY id", [after]
    ):
        entries.extend((*said, record) for record in range(first, (last or first) + 1))
    return entries


def _digest(path: Path) -> dict[str, str]:
    """A hash of every table's rows (the search index's own tables included; the audit trail
    by what it says of each record, `_per_record`), and the schema."""
    conn = sqlite3.connect(path)
    try:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")]
        digest = {"audit": hashlib.sha256(repr(_per_record(conn)).encode()).hexdigest()}
        digest |= {
            table: hashlib.sha256(
                # Sorted as text: every row holds its own id (or key), so order is part of it.
                "\n".join(sorted(map(repr, conn.execute(f"SELECT * FROM [{table}]")))).encode()
            ).hexdigest()
            for table in tables
            # The search index by what it holds (which word in which row where), not by how
            # FTS5 happened to lay out its segments.
            if not table.endswith(("_fts", "_fts_data", "_fts_idx")) and table != "audit"
        }
        for fts in ("students_fts", "organisations_fts"):
            conn.execute(
                f"CREATE VIRTUAL TABLE temp.v_{fts} USING fts5vocab(main, {fts}, instance)"
            )
            rows = conn.execute(f"SELECT * FROM temp.v_{fts} ORDER BY 1, 2, 3, 4").fetchall()
            digest[fts] = hashlib.sha256(repr(rows).encode()).hexdigest()
            conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
        digest["schema"] = repr(sorted(_schema(conn)))
        return digest
    finally:
        conn.close()


def test_the_audit_trail_names_every_row_added_and_changed_and_still_verifies(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "school.db"
    store = _store(path)
    earlier = store.new_intake("Noor Dekker", "Zorggroep Noord")  # a trail before the list
    goal = store.add_goal(earlier)
    store.update_goal(goal.id, goal.version, "Leerdoel")
    before = store.db.execute("SELECT max(id) FROM audit").fetchone()[0]

    result = import_rows(store, _rows(_list(30)))
    assert result.count(Action.ADDED) == 30
    # One audit row per table, for the run of ids it added: who, when, the version.
    runs = store.db.execute(
        "SELECT action, entity, entity_id, last_id, version, os_user, ssh_client, at "
        "FROM audit WHERE id > ? ORDER BY id",
        [before],
    ).fetchall()
    at = "2027-01-11T09:30:00+00:00"
    assert runs == [
        ("create", "students", 2, 31, 1, "coordinator", "10.0.0.7", at),
        ("create", "organisations", 2, 11, 1, "coordinator", "10.0.0.7", at),
        ("create", "placements", 2, 31, 1, "coordinator", "10.0.0.7", at),
    ]
    # Which says of each record what a row of its own would.
    created = _per_record(store.db.conn, before)
    expected = [
        ("create", table, 1, "coordinator", "10.0.0.7", at, None, row_id)
        for table in ("students", "organisations", "placements")
        for (row_id,) in store.db.execute(f"SELECT id FROM {table} WHERE id > 1 ORDER BY id")
    ]
    assert created == expected
    assert len(created) == 30 + 10 + 30

    # Changed hours on every row, and one row giving a student's number another name: that
    # row is refused (a list never renames), every other placement's change is in the trail.
    changed_text = _list(30, hours=24).replace("Student 4;", "Student Vier;")
    last = store.db.execute("SELECT max(id) FROM audit").fetchone()[0]
    result = import_rows(store, _rows(changed_text))
    assert result.count(Action.CHANGED) == 29
    assert [(r.what, r.values["known"]) for r in result.refusals] == [
        ("not_her_number", "Student 4")
    ]
    changes = store.db.execute(
        "SELECT action, entity, entity_id, version FROM audit WHERE id > ? ORDER BY id", [last]
    ).fetchall()
    kept = store.db.execute(
        "SELECT p.id FROM placements p JOIN students s ON s.id = p.student_id "
        "WHERE p.id > 1 AND s.student_number != '700004' ORDER BY p.id"
    ).fetchall()
    assert changes == [("change", "placements", p, 2) for (p,) in kept]
    assert import_rows(store, _rows(changed_text)).count(Action.UNCHANGED) == 29
    assert store.db.execute("SELECT max(id) FROM audit").fetchone()[0] == last + len(changes)
    chain = walk(store.db)
    assert chain.whole
    assert chain.rows == last + len(changes)
    # The search index holds the new students and organisations, under their own names.
    assert store.db.execute(
        "SELECT count(*) FROM students WHERE name = 'Student Vier'"
    ).fetchone() == (0,)
    assert store.db.execute(
        "SELECT count(*) FROM students_fts WHERE students_fts MATCH 'vier'"
    ).fetchone() == (0,)
    assert store.db.execute(
        "SELECT count(*) FROM organisations_fts WHERE organisations_fts MATCH 'zorgcentrum'"
    ).fetchone() == (10,)
    store.close()

    code, out, _ = run(capsys, "check", "--db", str(path))
    lines = out.splitlines()
    assert code == 0
    for key in ("check.audit_chain", "check.audit_triggers"):
        line = next(line for line in lines if T(key) in line)
        assert line.startswith("in orde"), line


def test_ten_thousand_rows_give_the_same_database_with_triggers_per_statement_or_per_row(
    tmp_path: Path,
) -> None:
    rows = _rows(_list(10_000))
    digests = []
    for per_statement in (True, False):
        path = tmp_path / f"per_statement_{per_statement}.db"
        store = _store(path)
        store.new_intake("Noor Dekker", "Zorgcentrum 5")  # an organisation the list names too
        schema = _schema(store.db.conn)
        result = import_rows(store, rows, per_statement=per_statement)
        assert result.count(Action.ADDED) == 10_000
        assert _schema(store.db.conn) == schema  # every trigger back, as it was
        assert walk(store.db).whole
        store.close()
        digests.append(_digest(path))
    fast, slow = digests
    assert fast.keys() == slow.keys()
    assert {t for t in fast if fast[t] != slow[t]} == set()


def test_a_trigger_that_cannot_run_per_statement_makes_the_rows_go_in_one_by_one(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path / "school.db")
    store.db.execute("CREATE TABLE noted (student_id INTEGER)")
    store.db.execute(
        """CREATE TRIGGER note_students AFTER INSERT ON students WHEN new.name LIKE 'Student 1%'
           BEGIN INSERT INTO noted VALUES (new.id); END"""
    )
    schema = _schema(store.db.conn)
    import_rows(store, _rows(_list(20)))
    assert _schema(store.db.conn) == schema
    noted = store.db.execute("SELECT count(*) FROM noted").fetchone()[0]
    assert noted == 11  # Student 1, 10 ... 19
    # The students row by row, the organisations and placements each as one run.
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == 20 + 1 + 1
    assert len(_per_record(store.db.conn)) == 20 + 6 + 20
    assert walk(store.db).whole
    store.close()


def test_a_failure_midway_leaves_no_row_and_every_trigger_in_place(tmp_path: Path) -> None:
    store = _store(tmp_path / "school.db")
    # As if the disk filled up while the placements' audit rows were written.
    store.db.execute(
        """CREATE TRIGGER refuse_placements BEFORE INSERT ON audit
           WHEN new.entity = 'placements' BEGIN SELECT RAISE(ABORT, 'disk full'); END"""
    )
    schema = _schema(store.db.conn)
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        import_rows(store, _rows(_list(20)))
    assert _schema(store.db.conn) == schema
    for table in ("students", "organisations", "placements", "audit"):
        assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    store.close()


def test_another_session_open_during_the_import_is_still_audited_after_it(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    importer, other = _store(path), _store(path)
    other.new_intake("Sanne Mulder", "Zorgcentrum 1")  # its statements prepared before
    import_rows(importer, _rows(_list(12)))
    later = other.new_intake("Bram Hofman", "Garage Oost")  # after the schema changed back
    placement = other.db.execute("SELECT placement_id FROM meetings WHERE id = ?", [later])
    (placement_id,) = placement.fetchone()
    entries = other.db.execute(
        "SELECT action, entity FROM audit WHERE entity = 'placements' AND entity_id = ?",
        [placement_id],
    ).fetchall()
    assert entries == [("create", "placements")]
    assert walk(other.db).whole
    importer.close()
    other.close()


def test_every_row_of_an_import_and_its_audit_entry_name_the_moment_it_began(
    tmp_path: Path,
) -> None:
    ticks = iter(range(1_000_000))  # a clock that moves a second each time it is read

    def clock() -> datetime:
        return datetime.fromtimestamp(NOW.timestamp() + next(ticks), UTC)

    store = Store(open_database(tmp_path / "school.db"), clock=clock, user="coordinator")
    before = store.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
    import_rows(store, _rows(_list(12)))
    moments = store.db.execute("SELECT DISTINCT at FROM audit WHERE id > ?", [before])
    assert [at for (at,) in moments] == [
        store.db.execute("SELECT updated_at FROM students").fetchone()[0]
    ]
    stamps = {
        at
        for table in ("students", "organisations", "placements")
        for (at,) in store.db.execute(f"SELECT DISTINCT updated_at FROM {table}")
    }
    assert len(stamps) == 1
    # A changed row too: its change and its audit entry name its own import's moment.
    last = store.db.execute("SELECT max(id) FROM audit").fetchone()[0]
    import_rows(store, _rows(_list(12, hours=24)))
    changed = store.db.execute("SELECT DISTINCT at FROM audit WHERE id > ?", [last]).fetchall()
    assert len(changed) == 1
    assert changed[0][0] not in stamps  # a later import, a later moment
    assert {at for (at,) in store.db.execute("SELECT DISTINCT updated_at FROM placements")} == {
        changed[0][0]
    }
    # After the import the clock is read again for every write.
    assert store.now_iso() != store.now_iso()
    assert walk(store.db).whole
    store.close()
