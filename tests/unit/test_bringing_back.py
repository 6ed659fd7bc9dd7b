"""Taking a placement along to a laptop and bringing it back: recognised row by row, nothing
duplicated, nothing lost, every clash named; the dossier as a file nobody should trust."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from driehoek import brought_lines, identities, importing, migrate_identities, privacy, signing
from driehoek.bringing_back import Brought
from driehoek.database import connect, open_database
from driehoek.domain import Factor, FactorStatus, Part, Party, Ref
from driehoek.dossier_check import BadDossier
from driehoek.i18n import Catalogue
from driehoek.migrations import LATEST, MIGRATIONS, migrate, schema_version
from driehoek.store import Clock, Store

TABLES = (
    "students", "placements", "meetings", "participants", "goals", "factors", "support",
    "agreements", "dispositions", "answers", "progress", "logbook", "sign_offs",
    "signed_versions", "set_aside", "identities", "organisations",
)  # fmt: skip


@dataclass
class Trip:
    """The school's database (A), the laptop's (B), and the placement taken along."""

    a: Store
    b: Store
    student_a: int
    student_b: int
    intake: int  # the intake's id in A (B took the same id: its file was empty)
    placement_b: int


def open_store(path: Path, clock: Clock, user: str) -> Store:
    return Store(open_database(path), clock=clock, user=user)


def brought(store: Store, dossier: dict[str, Any], *, dry_run: bool = False) -> Brought:
    # Through JSON, as a file would come: nothing shared with the exporting side's objects.
    done = importing.import_dossier(store, json.loads(json.dumps(dossier)), dry_run=dry_run)
    assert isinstance(done, Brought)
    return done


@pytest.fixture
def trip(tmp_path: Path, fixed_clock: Clock) -> Iterator[Trip]:
    """An intake at the school with a goal and an agreement; its placement exported and read
    into a fresh database on the laptop."""
    a = open_store(tmp_path / "school.db", fixed_clock, "coordinator")
    a.new_intake("Kees Abbing", "Buurthuis De Kern", day=date(2027, 1, 6))  # another student
    intake = a.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))
    goal = a.add_goal(intake)
    a.update_goal(goal.id, goal.version, "Zelf een dagprogramma maken")
    a.add_agreement(intake, owner=Party.WORKPLACE, text="Elke week een gesprek met Ria")
    placement = a.meeting(intake).placement
    taken = privacy.dossier(a, placement.student_id, placement.id)

    b = open_store(tmp_path / "laptop.db", fixed_clock, "laptop")
    done = importing.import_dossier(b, json.loads(json.dumps(taken)))
    assert isinstance(done, importing.Imported)
    placement_b = b.db.execute("SELECT id FROM placements").fetchone()[0]
    yield Trip(a, b, placement.student_id, done.student_id, intake, placement_b)
    a.db.close()
    b.db.close()


def counts(store: Store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in TABLES}


def everything(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit trail's, in order."""
    return {
        t: [tuple(r) for r in store.db.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall()]
        for t in TABLES
    }


def audit_rows(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM audit").fetchone()[0])


def agreement(store: Store, meeting_id: int) -> Any:
    return store.meeting(meeting_id).agreements[0]


def the_issues_case(trip: Trip) -> dict[str, Any]:
    """On the laptop an evaluation and a changed agreement text; at school meanwhile another
    field of the same agreement. Returns the laptop's dossier."""
    trip.b.new_evaluation(trip.placement_b, day=date(2027, 4, 12))
    on_b = agreement(trip.b, trip.intake)
    trip.b.edit(Ref(Part.AGREEMENT, on_b.id), on_b.version, {"text": "Om de week met Ria"})
    on_a = agreement(trip.a, trip.intake)
    trip.a.edit(Ref(Part.AGREEMENT, on_a.id), on_a.version, {"due": date(2027, 5, 3)})
    return privacy.dossier(trip.b, trip.student_b)


def test_the_issues_case_nothing_duplicated_nothing_lost_the_clash_named(trip: Trip) -> None:
    back = the_issues_case(trip)
    before = counts(trip.a)

    done = brought(trip.a, back)

    after = counts(trip.a)
    assert done.student_id == trip.student_a
    assert after["students"] == before["students"] == 2  # not a second Fenna
    assert after["placements"] == before["placements"]
    assert after["meetings"] == before["meetings"] + 1  # the evaluation came in
    assert after["agreements"] == before["agreements"]  # the agreement was recognised
    assert after["set_aside"] == before["set_aside"] + 1
    # The school's version in the row, the laptop's in the history, kept whole.
    row = agreement(trip.a, trip.intake)
    assert (row.text, row.due) == ("Elke week een gesprek met Ria", date(2027, 5, 3))
    (kept,) = trip.a.db.execute("SELECT entity, entity_id, value FROM set_aside").fetchall()
    assert (kept[0], kept[1]) == ("agreements", row.id)
    assert json.loads(kept[2]) == {"text": "Om de week met Ria", "due": None}
    # The evaluation is the laptop's, reviewing the school's agreement.
    evaluation = max(m.id for m in trip.a.meetings(row_placement(trip)))
    assert [r.agreement.id for r in trip.a.meeting(evaluation).reviews] == [row.id]
    # Named, one line.
    said = brought_lines.lines(done, Catalogue("en"), dry_run=False)
    clash = f"clash: agreement {row.id} in meeting {trip.intake} was changed here and in the"
    assert [line for line in said if line.startswith("clash")] == [
        f"{clash} dossier; the version here stays, the dossier's is kept aside (History)."
    ]
    assert said[-1] == (
        f"Dossier brought back to student {trip.student_a}: 1 new, 0 changed, "
        f"{done.unchanged} unchanged, 1 clash."
    )


def row_placement(trip: Trip) -> int:
    return trip.a.meeting(trip.intake).placement.id


def test_the_same_dossier_brought_back_twice_changes_nothing_the_second_time(trip: Trip) -> None:
    back = the_issues_case(trip)
    brought(trip.a, back)
    rows, audited = everything(trip.a), audit_rows(trip.a)

    again = brought(trip.a, back)

    assert everything(trip.a) == rows
    assert audit_rows(trip.a) == audited
    assert [e.what for e in again.events] == ["kept_before"]  # still named, not kept twice


def test_a_dry_run_says_what_the_import_does_and_changes_nothing(trip: Trip) -> None:
    back = the_issues_case(trip)
    rows, audited = everything(trip.a), audit_rows(trip.a)

    dry = brought(trip.a, back, dry_run=True)

    assert everything(trip.a) == rows
    assert audit_rows(trip.a) == audited
    assert dry.events == brought(trip.a, back).events


def test_a_change_made_on_one_side_only_comes_in_or_stays_without_a_clash(trip: Trip) -> None:
    goal = trip.b.meeting(trip.intake).goals[0]
    trip.b.update_goal(goal.id, goal.version, "Zelf een weekprogramma maken")
    trip.b.update_factor(trip.intake, Factor.SUPPORT, 1, status=FactorStatus.PRESENT, note="Ria")
    m = trip.a.meeting(trip.intake)
    trip.a.update_meeting(trip.intake, m.version, learning_note="Leert het liefst door te doen.")
    audited = audit_rows(trip.a)

    done = brought(trip.a, privacy.dossier(trip.b, trip.student_b))

    m = trip.a.meeting(trip.intake)
    assert m.goals[0].text == "Zelf een weekprogramma maken"  # the laptop's
    support = next(f for f in m.factors if f.factor is Factor.SUPPORT)
    assert (support.status, support.note) == (FactorStatus.PRESENT, "Ria")
    assert m.learning_note == "Leert het liefst door te doen."  # the school's, untouched
    assert done.clashes == []
    assert sorted(e.table for e in done.events) == ["factors", "goals"]
    assert audit_rows(trip.a) > audited  # the changes are in the audit trail
    changed = trip.a.db.execute(
        "SELECT entity FROM audit WHERE id > ? AND action = 'change'", [audited]
    ).fetchall()
    assert {"goals", "factors"} <= {r[0] for r in changed}
    # Taken along again, the laptop's rows are agreed: nothing clashes, nothing changes.
    assert brought(trip.a, privacy.dossier(trip.b, trip.student_b)).events == []


def test_signed_minutes_here_stay_as_signed(trip: Trip) -> None:
    on_b = agreement(trip.b, trip.intake)
    trip.b.edit(Ref(Part.AGREEMENT, on_b.id), on_b.version, {"text": "Toch anders afgesproken"})
    for party in Party:
        trip.a.sign(trip.intake, party, f"Naam {party.value}")
    signed = trip.a.meeting(trip.intake)

    done = brought(trip.a, privacy.dossier(trip.b, trip.student_b))

    assert signing.closed(trip.a.db, trip.intake)
    assert trip.a.meeting(trip.intake).agreements == signed.agreements
    assert [(e.what, e.table) for e in done.events] == [("signed_here", "agreements")]
    value = trip.a.db.execute("SELECT value FROM set_aside").fetchone()[0]
    assert json.loads(value) == {"text": "Toch anders afgesproken"}


def test_signatures_made_on_the_laptop_come_in_when_nothing_changed_here(trip: Trip) -> None:
    for party in Party:
        trip.b.sign(trip.intake, party, f"Naam {party.value}")

    done = brought(trip.a, privacy.dossier(trip.b, trip.student_b))

    assert signing.closed(trip.a.db, trip.intake)
    assert [e.what for e in done.events] == ["signatures"]
    assert len(signing.versions(trip.a.db, trip.intake)) == 1


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_signatures_made_on_the_laptop_stay_out_when_the_meeting_changed_here(
    trip: Trip, change: str
) -> None:
    for party in Party:
        trip.b.sign(trip.intake, party, f"Naam {party.value}")
    goal = trip.a.meeting(trip.intake).goals[0]
    if change == "edited":
        trip.a.update_goal(goal.id, goal.version, "Op school intussen anders verwoord")
    elif change == "added":
        trip.a.add_support(trip.intake)
    else:
        trip.a.delete("goals", goal.id)

    done = brought(trip.a, privacy.dossier(trip.b, trip.student_b))

    assert not signing.closed(trip.a.db, trip.intake)
    assert [e.what for e in done.events if e.what != "stays_removed"] == ["not_signed"]
    line = brought_lines.lines(done, Catalogue("en"), dry_run=False)[-2]
    assert line.startswith(f"not signed: meeting {trip.intake} was signed in the dossier")


# -- an untrusted file --------------------------------------------------------------------------


def other_students_agreement(trip: Trip) -> str:
    """The identity of Kees's agreement, as his dossier would have shown it."""
    kees = trip.a.db.execute("SELECT id FROM students WHERE name = 'Kees Abbing'").fetchone()[0]
    meeting_id = trip.a.db.execute(
        "SELECT m.id FROM meetings m JOIN placements p ON p.id = m.placement_id "
        "WHERE p.student_id = ?",
        [kees],
    ).fetchone()[0]
    trip.a.add_agreement(meeting_id, owner=Party.SCHOOL, text="Van Kees")
    data = privacy.dossier(trip.a, kees)
    uid: str = data["placements"][0]["meetings"][0]["agreements"][0]["uid"]
    return uid


def refused(store: Store, dossier: dict[str, Any]) -> list[str]:
    rows, audited = everything(store), audit_rows(store)
    with pytest.raises(BadDossier) as caught:
        importing.import_dossier(store, json.loads(json.dumps(dossier)))
    assert everything(store) == rows
    assert audit_rows(store) == audited
    return [f"{p.place}: {p.what}" for p in caught.value.problems]


def test_an_identity_of_another_students_row_is_refused(trip: Trip) -> None:
    uid = other_students_agreement(trip)
    back = privacy.dossier(trip.b, trip.student_b)
    back["placements"][0]["meetings"][0]["agreements"][0]["uid"] = uid

    assert refused(trip.a, back) == [
        "placements[0].meetings[0].agreements[0].uid: belongs_elsewhere"
    ]


def test_a_dossier_that_claims_another_student_is_refused(trip: Trip) -> None:
    kees = privacy.dossier(trip.a, 1)  # Kees: the first student
    back = privacy.dossier(trip.b, trip.student_b)
    back["student"]["uid"] = kees["student"]["uid"]

    problems = refused(trip.a, back)

    assert problems[0] == "placements[0].uid: belongs_elsewhere"


def test_a_row_moved_to_another_meeting_in_the_file_is_refused(trip: Trip) -> None:
    trip.b.new_evaluation(trip.placement_b, day=date(2027, 4, 12))
    back = privacy.dossier(trip.b, trip.student_b)
    intake, evaluation = back["placements"][0]["meetings"]
    moved = intake["participants"].pop()
    evaluation["participants"].append(dict(moved, id=9001))
    at = f"placements[0].meetings[1].participants[{len(evaluation['participants']) - 1}]"

    assert refused(trip.a, back) == [f"{at}.uid: belongs_elsewhere"]


def test_a_new_student_that_names_rows_known_here_is_refused(trip: Trip) -> None:
    back = privacy.dossier(trip.b, trip.student_b)
    back["student"]["uid"] = "0" * 32  # a student this file does not know

    problems = refused(trip.a, back)

    assert "placements[0].uid: belongs_elsewhere" in problems
    assert all(p.endswith("belongs_elsewhere") for p in problems)


def test_a_forged_identity_comes_in_as_a_new_row_and_touches_nothing_else(trip: Trip) -> None:
    back = privacy.dossier(trip.b, trip.student_b)
    forged = copy.deepcopy(back["placements"][0]["meetings"][0]["agreements"][0])
    forged.update(id=777, uid="f" * 32, text="Ingevoegd")
    back["placements"][0]["meetings"][0]["agreements"].append(forged)
    kees = privacy.dossier(trip.a, 1)

    done = brought(trip.a, back)

    assert [(e.what, e.table) for e in done.events] == [("new", "agreements")]
    texts = [a.text for a in trip.a.meeting(trip.intake).agreements]
    assert texts == ["Elke week een gesprek met Ria", "Ingevoegd"]
    assert privacy.dossier(trip.a, 1) == kees


@pytest.mark.parametrize(
    ("uid", "problem"),
    [("Robert'); DROP TABLE students;--", "not_an_identity"), ("A" * 32, "not_an_identity")],
)
def test_an_identity_that_is_no_uuid_is_refused(trip: Trip, uid: str, problem: str) -> None:
    back = privacy.dossier(trip.b, trip.student_b)
    back["placements"][0]["meetings"][0]["goals"][0]["uid"] = uid

    assert refused(trip.a, back) == [f"placements[0].meetings[0].goals[0].uid: {problem}"]


def test_the_same_identity_twice_is_refused(trip: Trip) -> None:
    back = privacy.dossier(trip.b, trip.student_b)
    goals = back["placements"][0]["meetings"][0]["goals"]
    goals.append(dict(goals[0], id=9002))

    assert refused(trip.a, back) == ["placements[0].meetings[0].goals[1].uid: duplicate_id"]


# -- the identities themselves ------------------------------------------------------------------


def test_an_identity_survives_export_import_elsewhere_and_export(trip: Trip) -> None:
    at_school = privacy.dossier(trip.a, trip.student_a)
    on_laptop = privacy.dossier(trip.b, trip.student_b)

    def uids(data: dict[str, Any]) -> list[str]:
        return [m["uid"] for p in data["placements"] for m in p["meetings"]] + [
            data["student"]["uid"]
        ]

    assert uids(on_laptop) == uids(at_school)


def test_a_removed_rows_identity_is_marked_and_never_passed_to_a_new_row(trip: Trip) -> None:
    goal = trip.a.meeting(trip.intake).goals[0]

    def identity(row_id: int) -> list[tuple[Any, ...]]:
        return [
            tuple(r)
            for r in trip.a.db.execute(
                "SELECT uid, removed FROM identities WHERE entity = 'goals' AND row_id = ?",
                [row_id],
            )
        ]

    ((uid, removed),) = identity(goal.id)
    assert removed == 0
    trip.a.delete("goals", goal.id)
    new = trip.a.add_goal(trip.intake)  # SQLite gives the same id again
    assert new.id == goal.id

    assert identity(goal.id) == [(uid, 1)]
    found = identities.known(trip.a, "goals", uid)
    assert found is not None
    assert found.removed
    # The new goal gets an identity of its own when it leaves.
    data = privacy.dossier(trip.a, trip.student_a)
    assert data["placements"][0]["meetings"][0]["goals"][0]["uid"] != uid


def test_a_row_removed_here_and_untouched_on_the_laptop_stays_removed(trip: Trip) -> None:
    goal = trip.a.meeting(trip.intake).goals[0]
    trip.a.delete("goals", goal.id)

    back = privacy.dossier(trip.b, trip.student_b)
    done = brought(trip.a, back)
    rows, audited = everything(trip.a), audit_rows(trip.a)

    assert brought(trip.a, back).events == done.events  # again: named again, nothing written
    assert (everything(trip.a), audit_rows(trip.a)) == (rows, audited)
    assert trip.a.meeting(trip.intake).goals == ()
    assert [(e.what, e.table, e.row_id) for e in done.events] == [
        ("stays_removed", "goals", goal.id)
    ]
    said = brought_lines.lines(done, Catalogue("en"), dry_run=False)[0]
    assert said == (
        f"left out: learning goal {goal.id} in meeting {trip.intake} was removed here and not "
        "changed in the dossier; it stays removed."
    )


def test_a_row_removed_here_and_changed_on_the_laptop_comes_back(trip: Trip) -> None:
    goal = trip.a.meeting(trip.intake).goals[0]
    trip.a.delete("goals", goal.id)
    on_b = trip.b.meeting(trip.intake).goals[0]
    trip.b.update_goal(on_b.id, on_b.version, "Op de laptop aangescherpt")

    done = brought(trip.a, privacy.dossier(trip.b, trip.student_b))

    assert [g.text for g in trip.a.meeting(trip.intake).goals] == ["Op de laptop aangescherpt"]
    assert [(e.what, e.table) for e in done.events] == [("returned", "goals")]
    assert brought(trip.a, privacy.dossier(trip.b, trip.student_b)).events == []


def test_erasing_a_student_takes_her_identities(trip: Trip) -> None:
    privacy.erase_student(trip.a, trip.student_a)

    left = trip.a.db.execute(
        "SELECT count(*) FROM identities WHERE student_id = ?", [trip.student_a]
    ).fetchone()[0]
    assert left == 0


def test_the_content_compared_is_the_same_read_from_the_file_or_from_the_dossier(
    trip: Trip,
) -> None:
    data = privacy.dossier(trip.a, trip.student_a)
    for m in data["placements"][0]["meetings"]:
        for table, key in (("meetings", None), ("agreements", "agreements"), ("goals", "goals")):
            for row in [m] if key is None else m[key]:
                stored = identities.stored_row(trip.a, table, row["id"])
                assert stored is not None
                assert identities.fingerprint(table, stored) == row["base"]


# -- the migration -------------------------------------------------------------------------------


def before_identities(path: Path) -> Database:
    db = connect(path)
    index = MIGRATIONS.index(migrate_identities.identities)
    db.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS[:index]:
        migration(db)
    db.execute(f"PRAGMA user_version = {index}")
    db.commit()
    return db


def test_the_migration_adds_identities_to_a_file_of_the_schema_before(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    db = before_identities(tmp_path / "ouder.db")
    assert "identities" not in db.table_names()
    old = schema_version(db)
    store = Store(db, clock=fixed_clock, user="coordinator")
    intake = store.new_intake("Fenna Bosch", "Zorgboerderij Klaver", day=date(2027, 1, 11))

    assert migrate(db) == LATEST - old

    student = store.meeting(intake).placement.student_id
    data = privacy.dossier(store, student)
    assert len(data["student"]["uid"]) == 32
    assert identities.known(store, "meetings", data["placements"][0]["meetings"][0]["uid"])
    with pytest.raises(sqlite3.IntegrityError):  # an identity is a UUID's length, at least
        db.execute(
            "INSERT INTO identities (entity, row_id, uid, base, student_id) "
            "VALUES ('goals', 1, 'kort', ?, ?)",
            ["0" * 64, student],
        )
    db.close()


# -- a placement planned here (a school's list), its intake held on the laptop ---------------------


def planned(store: Store) -> tuple[int, int]:
    """A student and her placement as a school's list brings them in: no meeting yet."""
    now = store.now_iso()
    with store.transaction():
        student = store.db.execute(
            "INSERT INTO students (name, updated_at) VALUES ('Sanne Kok', ?)", [now]
        ).lastrowid
        organisation = store.db.execute(
            "INSERT INTO organisations (name, updated_at) VALUES ('Kinderboerderij Ooievaar', ?)",
            [now],
        ).lastrowid
        placement = store.db.execute(
            "INSERT INTO placements (student_id, organisation_id, updated_at) VALUES (?, ?, ?)",
            [student, organisation, now],
        ).lastrowid
    assert student is not None
    assert placement is not None
    return student, placement


def take_planned_along(tmp_path: Path, clock: Clock) -> tuple[Store, Store, int, int]:
    a = open_store(tmp_path / "school.db", clock, "coordinator")
    student, placement = planned(a)
    b = open_store(tmp_path / "laptop.db", clock, "laptop")
    done = importing.import_dossier(b, json.loads(json.dumps(privacy.dossier(a, student))))
    a_version = a.placement(placement).version
    a.update_placement(placement, a_version, team="Dierenverzorging")
    return a, b, done.student_id, placement


def test_a_clash_over_a_planned_placement_is_kept_in_the_intake_the_laptop_held(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    a, b, student_b, placement = take_planned_along(tmp_path, fixed_clock)
    intake = b.start_intake(placement, day=date(2027, 2, 1))
    b.update_placement(placement, b.placement(placement).version, team="Kinderen en dieren")

    done = brought(a, privacy.dossier(b, student_b))

    assert a.placement(placement).team == "Dierenverzorging"  # the school's stays
    assert [(e.what, e.table) for e in done.events] == [
        ("new", "meetings"),
        ("clash", "placements"),
    ]
    kept = a.db.execute("SELECT meeting_id, entity, value FROM set_aside").fetchone()
    assert (kept[0], kept[1]) == (intake, "placements")
    assert json.loads(kept[2]) == {"team": "Kinderen en dieren"}
    a.db.close()
    b.db.close()


def test_a_clash_over_a_placement_without_any_meeting_is_refused_whole(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    a, b, student_b, placement = take_planned_along(tmp_path, fixed_clock)
    b.update_placement(placement, b.placement(placement).version, team="Kinderen en dieren")

    assert refused(a, privacy.dossier(b, student_b)) == ["placements[0]: clash_without_meeting"]
    a.db.close()
    b.db.close()


def test_a_line_the_schema_allows_once_is_compared_not_added_twice(trip: Trip) -> None:
    """An answer (one per question and party) that comes with an identity this database does
    not know is the same answer as the one here: a clash if both changed, never a second row
    (which the schema would refuse, and the whole dossier with it)."""
    evaluation = trip.a.new_evaluation(row_placement(trip), day=date(2027, 4, 12))
    student = trip.a.meeting(evaluation).placement.student_id
    laptop = privacy.dossier(trip.a, student)
    answer = laptop["placements"][0]["meetings"][1]["answers"][0]
    answer.update(uid="e" * 32, text="Op de laptop beantwoord")
    here = trip.a.meeting(evaluation).answers[0]
    trip.a.edit(Ref(Part.ANSWER, here.id), here.version, {"text": "Op school beantwoord"})
    before = counts(trip.a)

    done = brought(trip.a, laptop)

    assert counts(trip.a) == {**before, "set_aside": before["set_aside"] + 1}
    assert [(e.what, e.table, e.row_id) for e in done.events] == [("clash", "answers", here.id)]
    assert trip.a.meeting(evaluation).answers[0].text == "Op school beantwoord"
