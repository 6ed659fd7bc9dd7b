"""Every write takes the write lock up front (BEGIN IMMEDIATE) and leaves nothing half-done."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from driehoek.database import identify
from driehoek.domain import Factor, FactorStatus, Part, Party, Ref
from driehoek.store import Store

DAY = date(2026, 11, 26)
WRITES_BY_HAND = "INSERT INTO organisations (name, updated_at) VALUES ('Stichting Kwartel', '')"


@pytest.fixture
def competitor(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """Another coordinator's connection that gives up at once when the file is locked (it
    identifies itself, as every driehoek connection must for the audit trail)."""
    conn = sqlite3.connect(tmp_path / "driehoek.db", timeout=0, isolation_level=None)
    identify(Database(conn), user="other", client="")
    yield conn
    conn.close()


def _all_writes(store: Store) -> None:
    """One call of every public method that writes."""
    meeting_id = store.new_intake("Lieke Brandsma", "Zorggroep Meerzicht", day=DAY)
    m = store.meeting(meeting_id)
    extra = store.add_participant(meeting_id, Party.SCHOOL)
    goal = store.add_goal(meeting_id)
    support = store.add_support(meeting_id)
    agreement = store.add_agreement(meeting_id, text="Stagebezoek plannen")
    store.edit(Ref(Part.PLACEMENT, m.placement.id), 1, {"team": "Team Noord"})
    store.edit(Ref(Part.STUDENT, m.placement.student_id), 1, {"name": "Lieke de Jong"})
    store.edit(Ref(Part.PARTICIPANT, extra.id), 1, {"name": "Hanneke Zijlstra"})
    store.edit(Ref(Part.GOAL, goal.id), 1, {"text": "Rapporteren"})
    store.edit(Ref(Part.SUPPORT, support.id), 1, {"text": "Bezoek in week 6"})
    store.edit(Ref(Part.AGREEMENT, agreement.id), 1, {"frequency": "eenmalig"})
    store.edit(Ref(Part.FACTOR, meeting_id, Factor.AUTONOMY), 1, {"status": "present"})
    store.edit(Ref(Part.MEETING, meeting_id), 1, {"decision": "suitable"})
    placement = store.placement(m.placement.id)  # the decision moved it on, too
    store.update_placement(placement.id, placement.version, programme="SPH")
    store.update_meeting(meeting_id, 2, learning_note="Door te doen")
    store.update_participant(extra.id, 2, role="docent")
    store.update_goal(goal.id, 2, "Rapporteren in het dossier")
    store.update_support(support.id, 2, kind="contact")
    store.update_agreement(agreement.id, 2, status="done")
    store.update_factor(meeting_id, Factor.VARIATION, 1, status=FactorStatus.ABSENT, note="Weinig")
    store.sign(meeting_id, Party.STUDENT, "Lieke de Jong")
    store.unsign(meeting_id, Party.STUDENT)
    store.add_goal(meeting_id)
    store.prune_empty(meeting_id)
    store.delete("participants", extra.id)


def test_every_write_runs_inside_begin_immediate(store: Store) -> None:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        _all_writes(store)
    finally:
        store.db.conn.set_trace_callback(None)
    in_write = False
    writes = 0
    for sql in (s.strip() for s in statements if not s.startswith("--")):
        verb = sql.split(None, 1)[0].upper()
        assert verb != "BEGIN" or sql == "BEGIN IMMEDIATE", f"a deferred transaction: {sql}"
        if sql == "BEGIN IMMEDIATE":
            assert not in_write, "transactions do not nest"
            in_write = True
        elif verb in ("COMMIT", "ROLLBACK"):
            in_write = False
        elif verb in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            assert in_write, f"written outside BEGIN IMMEDIATE: {sql[:80]}"
            writes += 1
    assert not in_write
    assert writes > 30


def test_nobody_else_can_write_between_a_read_and_a_write(
    store: Store, competitor: sqlite3.Connection
) -> None:
    # A second placement for a student reads the student before it inserts anything. Another
    # coordinator's write in that moment would slip in under a deferred transaction (and could
    # make ours fail at once with "database is locked"); with the lock taken up front, the
    # other write is the one that has to wait.
    first = store.meeting(store.new_intake("Lieke Brandsma", "Zorggroep Meerzicht", day=DAY))
    attempts: list[str] = []

    def compete(sql: str) -> None:
        if sql.startswith("SELECT name FROM students") and not attempts:
            try:
                competitor.execute(WRITES_BY_HAND)
                attempts.append("written")
            except sqlite3.OperationalError as e:
                attempts.append(str(e))

    store.db.conn.set_trace_callback(compete)
    try:
        meeting_id = store.new_intake(
            "", "Stichting Welzijn Oost", student_id=first.placement.student_id, day=DAY
        )
    finally:
        store.db.conn.set_trace_callback(None)
    assert attempts == ["database is locked"]
    assert store.meeting(meeting_id).placement.organisation == "Stichting Welzijn Oost"
    competitor.execute(WRITES_BY_HAND)  # once the intake is committed, the other write goes in
    assert "Stichting Kwartel" in store.organisations()


def test_a_write_that_cannot_get_the_lock_changes_nothing(
    store: Store, competitor: sqlite3.Connection
) -> None:
    meeting_id = store.new_intake("Lieke Brandsma", "Zorggroep Meerzicht", day=DAY)
    before = store.meeting(meeting_id)
    store.db.execute("PRAGMA busy_timeout = 20")  # don't make the test wait five seconds
    competitor.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store.update_goal(store.add_goal(meeting_id).id, 1, "Rapporteren")
    finally:
        competitor.execute("ROLLBACK")
    assert not store.db.conn.in_transaction
    assert store.meeting(meeting_id) == before
    # The connection is usable again as soon as the lock is free.
    store.add_goal(meeting_id)
    assert len(store.meeting(meeting_id).goals) == 1


def test_a_failing_write_is_rolled_back_whole(store: Store) -> None:
    meeting_id = store.new_intake("Lieke Brandsma", "Zorggroep Meerzicht", day=DAY)
    before = store.meeting(meeting_id)
    original: Callable[[Store, str, dict[str, object]], int] = Store._insert
    calls = 0

    def fail_on_the_third_insert(self: Store, table: str, row: dict[str, object]) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk full")
        return original(self, table, row)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Store, "_insert", fail_on_the_third_insert)
        with pytest.raises(RuntimeError):
            store.new_intake("Tim Wolters", "Kinderopvang De Kikker", day=DAY)
    assert not store.db.conn.in_transaction
    assert store.students() == [(before.placement.student_id, "Lieke Brandsma")]
    assert store.organisations() == ["Zorggroep Meerzicht"]
    assert [m.id for m in store.meetings()] == [meeting_id]
