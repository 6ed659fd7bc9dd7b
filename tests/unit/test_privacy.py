"""A student's rights: erasure that leaves no trace in the file's bytes, a dossier that comes
back unchanged, retention by fixed dates, and an audit trail that names who but never what."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sample_meetings import filled_meeting

from driehoek import asides, importing, logbook, privacy, signing
from driehoek.cli import main
from driehoek.database import BUSY_TIMEOUT_MS, open_database, session_client, session_user
from driehoek.domain import Factor, FactorStatus, Part, Party, PlacementStatus, Ref
from driehoek.domain_log import LogKind
from driehoek.maintenance import check
from driehoek.store import Clock, Store
from supervision_year import supervision_year

# Words only the erased student's records hold (lower case: the search index folds case).
# They start with different letters from each other and from the kept student's, so the
# index never stores one as a suffix of another.
TRACES = ["jolien", "verbeek", "wassink", "harmen", "zuidhoek", "paardenbloemveld", "kikkerdril"]
KEPT = ["kees", "abbing", "smit"]


def meeting_for(
    store: Store, student: str, organisation: str, supervisor: str, note: str, agreement: str
) -> int:
    """An intake with a workplace supervisor, a note, a factor note, a goal and an agreement."""
    meeting_id = store.new_intake(student, organisation, day=date(2026, 10, 1))
    m = store.meeting(meeting_id)
    workplace = next(p for p in m.participants if p.party is Party.WORKPLACE)
    store.update_participant(workplace.id, workplace.version, name=supervisor)
    store.update_meeting(meeting_id, m.version, learning_note=f"Wil graag {note} bekijken.")
    store.update_factor(meeting_id, Factor.SUPPORT, 1, status=FactorStatus.ABSENT, note=note)
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, f"Met {supervisor} een {note} maken")
    store.add_agreement(meeting_id, owner=Party.WORKPLACE, text=f"{agreement} bij {supervisor}")
    return meeting_id


@pytest.fixture
def two_students(tmp_path: Path, fixed_clock: Clock) -> Iterator[tuple[Path, Store, int]]:
    """Jolien (renamed from Verbeek to Wassink, so the index saw both names) and Kees; the
    store and Jolien's id."""
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=fixed_clock, user="coordinator")
    meeting_for(store, "Kees Abbing", "Buurthuis De Kern", "Piet Smit", "moestuin", "Koken")
    meeting_id = meeting_for(
        store, "Jolien Verbeek", "Kinderopvang Het Zonnetje", "Harmen Zuidhoek",
        "Paardenbloemveld", "Kikkerdril",
    )  # fmt: skip
    placement = store.meeting(meeting_id).placement
    store.edit(Ref(Part.STUDENT, placement.student_id), 1, {"name": "Jolien Wassink"})
    yield path, store, placement.student_id
    db.close()


def raw_bytes(path: Path) -> bytes:
    """The database file and its -wal and -shm, as bytes, in lower case (ASCII)."""
    files = [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))]
    return b"".join(f.read_bytes() for f in files if f.exists()).lower()


def traces_in(path: Path) -> list[str]:
    data = raw_bytes(path)
    return [word for word in TRACES if word.encode() in data]


def audit_rows(store: Store) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.db.execute("SELECT * FROM audit").fetchall()]


def test_the_traces_are_there_before_the_erasure(two_students: tuple[Path, Store, int]) -> None:
    """The search below can find what it looks for: in the tables, the index and the log."""
    path, store, _ = two_students
    assert traces_in(path) == TRACES
    found = store.db.execute(
        "SELECT rowid FROM students_fts WHERE students_fts MATCH 'wassink'"
    ).fetchall()
    assert found


def test_erasure_leaves_no_trace_in_the_file_its_index_or_its_log(
    two_students: tuple[Path, Store, int],
) -> None:
    path, store, jolien = two_students
    erased = privacy.erase_student(store, jolien)

    assert erased.wal_cleared
    assert traces_in(path) == []
    data = raw_bytes(path)
    assert all(word.encode() in data for word in KEPT), "Kees's records went too"
    for name in ("jolien", "wassink", "verbeek"):
        hits = store.db.execute(
            "SELECT rowid FROM students_fts WHERE students_fts MATCH ?", [name]
        ).fetchall()
        assert hits == [], name
    assert [f.check for f in check(store.db) if not f.ok] == []
    # The trail keeps that she was erased, by whom; none of her content.
    rows = audit_rows(store)
    assert ("erase", "students", jolien) in {(r[4], r[5], r[6]) for r in rows}
    assert not [r for r in rows if any(w in repr(r).lower() for w in TRACES)]


def test_erasure_while_another_session_reads_leaves_no_trace_once_it_stops(
    two_students: tuple[Path, Store, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """The erase says the log empties when the other session stops, and to confirm with
    `driehoek check`: after both, the bytes hold nothing of her."""
    path, store, jolien = two_students
    reader = open_database(path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM students").fetchone()
        erased = privacy.erase_student(store, jolien)
        assert not erased.wal_cleared
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert main(["check", "--db", str(path)]) == 0, capsys.readouterr()
    assert traces_in(path) == []


def test_a_session_that_opens_while_the_other_still_reads_neither_waits_nor_forgets(
    two_students: tuple[Path, Store, int],
) -> None:
    """Emptying the log is owed to the next session that opens the file; one that opens
    while the reader still reads leaves it owed, and keeps waiting for locks as before."""
    path, store, jolien = two_students
    reader = open_database(path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM students").fetchone()
        assert not privacy.erase_student(store, jolien).wal_cleared
        assert privacy.finish_erasure(store)  # still owed
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert not privacy.finish_erasure(store)
    assert traces_in(path) == []
    assert not privacy.finish_erasure(store)  # paid once, not owed again


def test_erasure_takes_her_set_aside_versions_with_it(
    two_students: tuple[Path, Store, int], fixed_clock: Clock
) -> None:
    """Two coordinators clashed over her goal, and one put hers back: both versions were kept,
    and both hold her content. Erasing her leaves neither in the file's bytes."""
    path, store, jolien = two_students
    [meeting_id] = [
        row[0]
        for row in store.db.execute(
            "SELECT m.id FROM meetings m JOIN placements p ON p.id = m.placement_id "
            "WHERE p.student_id = ?",
            [jolien],
        ).fetchall()
    ]
    goal = store.meeting(meeting_id).goals[0]
    other_db = open_database(path)
    other = Store(other_db, clock=fixed_clock, user="coordinator-b")
    other.update_goal(goal.id, goal.version, "Een ooievaarsnest tekenen")
    ref = Ref(Part.GOAL, goal.id)
    kept = asides.edit_or_set_aside(store, meeting_id, ref, goal.version, {"text": "Otterburcht"})
    assert isinstance(kept, asides.Kept)
    asides.put_back(other, kept.aside)  # now "ooievaarsnest" is the one set aside
    other_db.close()
    data = raw_bytes(path)
    assert b"ooievaarsnest" in data
    assert b"otterburcht" in data

    assert privacy.erase_student(store, jolien).wal_cleared
    data = raw_bytes(path)
    assert b"ooievaarsnest" not in data
    assert b"otterburcht" not in data
    assert store.db.execute("SELECT count(*) FROM set_aside").fetchone()[0] == 0
    assert [f.check for f in check(store.db) if not f.ok] == []


def test_a_student_whose_signed_evaluations_reviewed_her_signed_intake_can_be_erased(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    """Her signed evaluations reviewed the intake's agreement and followed its goal: their
    reviews go with the intake's agreement whichever meeting goes first. The erasure removes
    all of it; removing that agreement alone is still refused."""
    store = Store(open_database(tmp_path / "school.db"), clock=fixed_clock, user="coordinator")
    placement, evaluations = supervision_year(
        store, "Fenna Bosch", "Zorgboerderij Klaver", given=780
    )
    reviewed = store.meeting(evaluations[0]).reviews[0]
    with pytest.raises(sqlite3.IntegrityError, match="signed by all three"):
        store.db.execute("DELETE FROM dispositions WHERE id = ?", [reviewed.id])
    student = store.db.execute(
        "SELECT student_id FROM placements WHERE id = ?", [placement]
    ).fetchone()[0]

    erased = privacy.erase_student(store, student)

    assert erased.meetings == 1 + len(evaluations)
    for table in ("students", "placements", "meetings", "agreements", "dispositions"):
        assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert b"fenna" not in raw_bytes(tmp_path / "school.db")
    assert [f.check for f in check(store.db) if not f.ok] == []
    store.db.close()


def normalised(data: dict[str, Any]) -> Any:
    """A dossier without the ids a database hands out (the content and the versions)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


@pytest.fixture
def dossier_store(tmp_path: Path, fixed_clock: Clock) -> Iterator[tuple[Store, int]]:
    """A student with a full intake, a second placement, and an evaluation of the first."""
    db = open_database(tmp_path / "bron.db")
    store = Store(db, clock=fixed_clock, user="coordinator")
    store.new_intake("Iemand Anders", "Stichting Elders")  # ids of others come first
    m = filled_meeting(store)
    # Reopened once and signed again, and a note and an agreement kept in the log between
    # meetings: the dossier carries them (the evaluation takes the log up).
    signing.reopen(store, m.id, "De naam van de werkbegeleider was verkeerd gespeld.")
    for person in m.participants:
        store.sign(m.id, person.party, person.name)
    p = m.placement.id
    logbook.add(store, p, LogKind.NOTE, date(2027, 1, 20), "Gebeld met de werkbegeleider.")
    logbook.add(store, p, LogKind.KEPT, date(2027, 2, 2), agreement_id=m.agreements[0].id)
    store.new_evaluation(p, day=date(2027, 3, 1))
    logbook.add(store, p, LogKind.NOTE, date(2027, 3, 8), "Nog een notitie, in de evaluatie.")
    store.new_intake("", "Buurtzorg West", student_id=m.placement.student_id)
    yield store, m.placement.student_id
    db.close()


def test_a_dossier_exported_erased_and_imported_is_the_same_dossier(
    dossier_store: tuple[Store, int],
) -> None:
    store, student_id = dossier_store
    before = privacy.dossier(store, student_id)
    assert len(before["placements"]) == 2
    assert [len(p["meetings"]) for p in before["placements"]] == [2, 1]
    assert [len(p["logbook"]) for p in before["placements"]] == [3, 0]
    assert len(before["placements"][0]["meetings"][0]["signed_versions"]) == 2
    text = privacy.dossier_json(before)

    privacy.erase_student(store, student_id)
    done = importing.import_dossier(store, json.loads(text))

    assert isinstance(done, importing.Imported)  # erased: she comes in as new
    assert (done.student_id, done.placements, done.meetings) == (student_id, 2, 3)
    assert privacy.dossier(store, student_id) == before


def test_a_dossier_imported_into_another_database_holds_the_same(
    dossier_store: tuple[Store, int], tmp_path: Path, fixed_clock: Clock
) -> None:
    store, student_id = dossier_store
    before = privacy.dossier(store, student_id)

    fresh = open_database(tmp_path / "nieuw.db")
    try:
        other = Store(fresh, clock=fixed_clock, user="elders")
        done = importing.import_dossier(other, before)
        after = privacy.dossier(other, done.student_id)
        # A new file has every id free: the same dossier, all but the organisation's number.
        for data in (before, after):
            for p in data["placements"]:
                p.pop("organisation_id")
        assert after == before
    finally:
        fresh.close()


def test_ids_change_only_where_another_database_has_them_taken(
    dossier_store: tuple[Store, int], tmp_path: Path, fixed_clock: Clock
) -> None:
    store, student_id = dossier_store
    before = privacy.dossier(store, student_id)

    busy = open_database(tmp_path / "vol.db")
    try:
        other = Store(busy, clock=fixed_clock, user="elders")
        filled_meeting(other)  # a student, placement 1, meeting 1 and its lines
        other.new_intake("Ander Twee", "Elders")  # meeting 2
        other.new_intake("Ander Drie", "Elders")  # meeting 3 (the dossier's are 2, 3 and 4)
        taken = {r[0] for r in busy.execute("SELECT id FROM meetings").fetchall()}
        done = importing.import_dossier(other, before)
        after = privacy.dossier(other, done.student_id)
        assert normalised(after) == normalised(before)
        assert done.student_id != student_id  # taken: a new one
        ids = [
            (m_before["id"], m_after["id"])
            for p_before, p_after in zip(before["placements"], after["placements"], strict=True)
            for m_before, m_after in zip(p_before["meetings"], p_after["meetings"], strict=True)
        ]
        assert [(old, new) for old, new in ids if old not in taken and new != old] == []
    finally:
        busy.close()


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("dit is geen json {", "not JSON"),
        ('{"format": "iets-anders", "format_version": 1}', "another format"),
        ('{"format": "driehoek-dossier", "format_version": 99}', "a newer format"),
        ("[1, 2, 3]", "not an object"),
    ],
)
def test_a_file_that_is_no_dossier_is_refused(tmp_path: Path, content: str, why: str) -> None:
    path = tmp_path / "dossier.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(importing.BadDossier):
        importing.read_dossier(path)


def dump(store: Store) -> list[str]:
    conn = sqlite3.connect(store.db.execute("PRAGMA database_list").fetchone()[2])
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("missing", ["student", "placements", "meetings", "goals", "name"])
def test_a_dossier_missing_a_field_writes_nothing(
    dossier_store: tuple[Store, int], missing: str
) -> None:
    store, student_id = dossier_store
    data = privacy.dossier(store, student_id)
    privacy.erase_student(store, student_id)
    if missing in ("student", "placements"):
        del data[missing]
    elif missing == "name":
        del data["student"]["name"]
    elif missing == "meetings":  # of the last placement, after the first was written
        del data["placements"][-1]["meetings"]
    else:  # deep inside: the last meeting of the last placement
        del data["placements"][-1]["meetings"][-1][missing]
    before = dump(store)
    with pytest.raises(importing.BadDossier):
        importing.import_dossier(store, data)
    assert not store.db.conn.in_transaction
    assert dump(store) == before


def placement_ending(
    store: Store,
    name: str,
    *,
    end: date | None = None,
    status: PlacementStatus | None = None,
    met: date = date(2024, 1, 10),
    student_id: int | None = None,
) -> int:
    """A placement of `name` (or of student_id) met on `met`, ending as given; the student."""
    meeting_id = store.new_intake(name, f"Werkplek {name}", day=met, student_id=student_id)
    p = store.meeting(meeting_id).placement
    changes: dict[str, object] = {}
    if end is not None:
        changes["end"] = end
    if status is not None:
        changes["status"] = status.value
    if changes:
        store.update_placement(p.id, p.version, **changes)
    return p.student_id


def test_which_dossiers_have_expired_on_a_fixed_day(store: Store) -> None:
    """Today is 28-11-2026 (the fixed clock); two years is the default."""
    assert store.today() == date(2026, 11, 28)
    assert privacy.retention_years(store) == 2
    gone = {
        placement_ending(store, "Eind Eergisteren", end=date(2024, 11, 27)),
        placement_ending(store, "Afgerond", status=PlacementStatus.COMPLETED),
        placement_ending(store, "Voortijdig", status=PlacementStatus.ENDED_EARLY),
        placement_ending(store, "Nooit Begonnen", status=PlacementStatus.NOT_STARTED),
    }
    old = placement_ending(store, "Heel Oud", end=date(2023, 11, 27), met=date(2023, 1, 9))
    gone.add(old)
    kept = {
        placement_ending(store, "Eind Vandaag", end=date(2024, 11, 28)),  # the boundary day
        placement_ending(store, "Loopt Nog", status=PlacementStatus.RUNNING),
        placement_ending(store, "Gepland", met=date(2020, 1, 1)),
        placement_ending(store, "Eind Straks", end=date(2027, 6, 30)),
    }
    twice = placement_ending(store, "Twee Stages", end=date(2020, 6, 30))
    placement_ending(store, "", status=PlacementStatus.RUNNING, student_id=twice)
    kept.add(twice)  # one placement long over, the other still running

    expired = privacy.expired(store)
    assert {e.student_id for e in expired} == gone
    first = next(e for e in expired if e.name == "Eind Eergisteren")
    assert (first.ended, first.keep_until) == (date(2024, 11, 27), date(2026, 11, 27))
    afgerond = next(e for e in expired if e.name == "Afgerond")
    assert afgerond.ended == date(2024, 1, 10)  # no end date: the last meeting
    assert not kept & {e.student_id for e in expired}
    # Three years instead of two: only the one that ended more than three years ago.
    assert {e.student_id for e in privacy.expired(store, 3)} == {old}


def test_the_audit_trail_cannot_be_changed(store: Store) -> None:
    meeting_id = store.new_intake("Fleur Jansen", "Zorggroep Noord")
    rows = audit_rows(store)
    assert rows
    for sql in (
        "UPDATE audit SET os_user = 'iemand-anders'",
        "DELETE FROM audit",
        "INSERT OR REPLACE INTO audit (id, at, os_user, ssh_client, action, entity) "
        "VALUES (1, '', 'iemand-anders', '', 'create', 'students')",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.transaction():
            store.db.execute(sql)
    assert audit_rows(store) == rows
    assert store.meeting(meeting_id)


def test_the_audit_trail_names_the_os_user_and_the_ssh_client_of_every_action(
    tmp_path: Path, fixed_clock: Clock, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("LOGNAME", "mvandijk")
    monkeypatch.setenv("USER", "mvandijk")
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.7 52144 192.0.2.10 22")
    path = tmp_path / "school.db"
    db = open_database(path)
    store = Store(db, clock=fixed_clock, user=session_user(), client=session_client())
    meeting_id = store.new_intake("Fleur Jansen", "Zorggroep Noord")
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Geheimzinnig leerdoel")
    store.delete("goals", goal.id)
    student = str(store.meeting(meeting_id).placement.student_id)
    db.close()
    dossier = tmp_path / "fleur.json"
    db_arg = ["--db", str(path)]
    assert main(["export", str(meeting_id), *db_arg]) == 0
    assert (
        main(["export", "--student", student, "--format", "json", "-o", str(dossier), *db_arg]) == 0
    )
    assert main(["erase", "--student", student, "--yes", *db_arg]) == 0
    assert main(["import", str(dossier), *db_arg]) == 0
    capsys.readouterr()

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT os_user, ssh_client, action, entity FROM audit").fetchall()
        everything = conn.execute("SELECT * FROM audit").fetchall()
    finally:
        conn.close()
    assert {(user, client) for user, client, _, _ in rows} == {("mvandijk", "203.0.113.7 52144")}
    actions = {(action, entity) for _, _, action, entity in rows}
    for seen in [
        ("create", "students"),
        ("change", "goals"),
        ("delete", "goals"),
        ("export", "meetings"),
        ("export", "students"),
        ("erase", "students"),
        ("import", "students"),
    ]:
        assert seen in actions
    assert not [r for r in everything if "Geheimzinnig" in repr(r) or "Fleur" in repr(r)]
