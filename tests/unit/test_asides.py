"""Set-aside versions in the store: a stale edit is kept whole, a put-back is a swap that loses
nothing, the audit trail names who (never what), and the migration from the schema before."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from driehoek import asides, migrate_first
from driehoek.asides import Kept, Same, Written
from driehoek.database import connect
from driehoek.domain import Factor, FactorStatus, LearningWay, Part, Ref
from driehoek.migrations import LATEST, MIGRATIONS, migrate, schema_version
from driehoek.store import Clock, Store


def a_goal(store: Store) -> tuple[int, Ref]:
    meeting_id = store.new_intake("Lotte Brink", "Bakkerij Het Korenaar")
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Deeg leren kneden")
    return meeting_id, Ref(Part.GOAL, goal.id)


def goal_text(store: Store, meeting_id: int) -> str:
    return store.meeting(meeting_id).goals[0].text


def test_an_edit_on_the_current_version_is_written(two_stores: tuple[Store, Store]) -> None:
    a, _ = two_stores
    meeting_id, ref = a_goal(a)
    outcome = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Brood bakken"})
    assert outcome == Written(3)
    assert goal_text(a, meeting_id) == "Brood bakken"
    assert asides.set_aside_versions(a, meeting_id) == []


def test_a_stale_edit_is_set_aside_whole_and_the_row_keeps_the_other_version(
    two_stores: tuple[Store, Store],
) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Versie van B")
    outcome = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Versie van A"})
    assert isinstance(outcome, Kept)
    assert outcome.by == "coordinator-b"
    assert goal_text(a, meeting_id) == "Versie van B"
    [kept] = asides.set_aside_versions(b, meeting_id)
    assert (kept.id, kept.ref, kept.values) == (outcome.aside, ref, {"text": "Versie van A"})
    assert (kept.author, kept.set_by) == ("coordinator-a", "coordinator-a")


def test_a_stale_edit_that_says_what_is_stored_keeps_nothing(
    two_stores: tuple[Store, Store],
) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Zelfde tekst")
    assert asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Zelfde tekst"}) == Same()
    assert asides.set_aside_versions(a, meeting_id) == []


def test_putting_back_swaps_the_two_versions_and_can_be_undone(
    two_stores: tuple[Store, Store],
) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Versie van B")
    kept = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Versie van A"})
    assert isinstance(kept, Kept)
    done = asides.put_back(a, kept.aside)
    assert goal_text(b, meeting_id) == "Versie van A"
    [theirs] = asides.set_aside_versions(b, meeting_id)
    assert (theirs.id, theirs.values, theirs.author) == (
        done.displaced,
        {"text": "Versie van B"},
        "coordinator-b",
    )
    assert done.displaced is not None
    again = asides.put_back(b, done.displaced)
    assert goal_text(a, meeting_id) == "Versie van B"
    [mine] = asides.set_aside_versions(a, meeting_id)
    assert (mine.id, mine.values) == (again.displaced, {"text": "Versie van A"})
    with pytest.raises(asides.Gone):
        asides.put_back(a, kept.aside)  # put back already


def test_a_line_removed_meanwhile_comes_back_as_a_new_line(two_stores: tuple[Store, Store]) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.delete("goals", ref.id)
    kept = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Toch dit doel"})
    assert isinstance(kept, Kept)
    assert kept.by == ""
    assert store_goals(a, meeting_id) == []
    done = asides.put_back(a, kept.aside)
    assert done.displaced is None
    assert store_goals(a, meeting_id) == ["Toch dit doel"]
    assert asides.set_aside_versions(a, meeting_id) == []


def store_goals(store: Store, meeting_id: int) -> list[str]:
    return [g.text for g in store.meeting(meeting_id).goals]


def test_typing_on_adds_to_the_set_aside_version(two_stores: tuple[Store, Store]) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Versie van B")
    kept = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Versie"})
    assert isinstance(kept, Kept)
    assert asides.update(a, kept.aside, {"text": "Versie van A, langer"})
    [found] = asides.set_aside_versions(a, meeting_id)
    assert found.values == {"text": "Versie van A, langer"}
    asides.put_back(b, kept.aside)
    assert not asides.update(a, kept.aside, {"text": "nog langer"})


def test_every_kind_of_value_is_kept_and_put_back_as_it_was(
    two_stores: tuple[Store, Store],
) -> None:
    """Dates, choices, a set of ways and a factor: kept as stored, put back unchanged."""
    a, b = two_stores
    meeting_id, _ = a_goal(a)
    meeting = Ref(Part.MEETING, meeting_id)
    mine: dict[str, object] = {
        "date": date(2026, 12, 3),
        "learning_ways": frozenset({LearningWay.DOING}),
        "learning_note": "Leert door te doen",
    }
    b.update_meeting(meeting_id, 1, learning_note="Van B")
    kept = asides.edit_or_set_aside(a, meeting_id, meeting, 1, mine)
    assert isinstance(kept, Kept)
    asides.put_back(a, kept.aside)
    m = a.meeting(meeting_id)
    assert (m.date, m.learning_ways, m.learning_note) == (
        date(2026, 12, 3),
        frozenset({LearningWay.DOING}),
        "Leert door te doen",
    )
    factor = Ref(Part.FACTOR, meeting_id, Factor.SUPPORT)
    b.update_factor(meeting_id, Factor.SUPPORT, 1, note="Van B")
    kept = asides.edit_or_set_aside(
        a, meeting_id, factor, 1, {"status": FactorStatus.ABSENT, "note": "Geen begeleider"}
    )
    assert isinstance(kept, Kept)
    asides.put_back(a, kept.aside)
    support = a.meeting(meeting_id).factor(Factor.SUPPORT)
    assert (support.status, support.note) == (FactorStatus.ABSENT, "Geen begeleider")
    [theirs] = asides.set_aside_versions(a, meeting_id)[:1]
    assert theirs.values == {"note": "Van B", "status": "not_discussed"}
    assert asides.typed("factors", "status", "absent") is FactorStatus.ABSENT
    assert asides.typed("meetings", "date", "2026-12-03") == date(2026, 12, 3)


def test_the_audit_trail_names_the_swap_and_never_the_text(two_stores: tuple[Store, Store]) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Zwaluwstaart van B")
    kept = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Zwaluwstaart van A"})
    assert isinstance(kept, Kept)
    asides.put_back(a, kept.aside)
    trail = {(e.user, e.action, e.entity) for e in a.history(meeting_id)}
    assert ("coordinator-a", "create", "set_aside") in trail
    assert ("coordinator-a", "delete", "set_aside") in trail
    assert ("coordinator-a", "put_back", "set_aside") in trail
    assert ("coordinator-a", "change", "goals") in trail
    rows = a.db.execute("SELECT * FROM audit").fetchall()
    assert not [r for r in rows if "zwaluwstaart" in repr(r).lower()]


def test_a_hand_edited_column_name_is_refused_not_put_into_sql(
    two_stores: tuple[Store, Store],
) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Versie van B")
    kept = asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Versie van A"})
    assert isinstance(kept, Kept)
    with a.transaction():
        a.db.execute(
            """UPDATE set_aside SET value = '{"text] = 1; --": "x"}' WHERE id = ?""",
            [kept.aside],
        )
    with pytest.raises(ValueError, match="no editable"):
        asides.put_back(a, kept.aside)
    assert goal_text(a, meeting_id) == "Versie van B"


def test_a_meetings_set_aside_versions_go_with_it(two_stores: tuple[Store, Store]) -> None:
    a, b = two_stores
    meeting_id, ref = a_goal(a)
    b.update_goal(ref.id, 2, "Versie van B")
    asides.edit_or_set_aside(a, meeting_id, ref, 2, {"text": "Versie van A"})
    student = a.meeting(meeting_id).placement.student_id
    with a.transaction():
        a.db.execute("DELETE FROM students WHERE id = ?", [student])
    assert a.db.execute("SELECT count(*) FROM set_aside").fetchone()[0] == 0


# -- the migration --------------------------------------------------------------------------


def before_set_aside(path: Path) -> Database:
    """A file at the schema just before set-aside versions came, with a meeting in it."""
    db = connect(path)
    index = MIGRATIONS.index(migrate_first._set_aside_versions)
    db.execute("BEGIN IMMEDIATE")
    for migration in MIGRATIONS[:index]:
        migration(db)
    db.execute(f"PRAGMA user_version = {index}")
    db.commit()
    return db


def test_the_migration_adds_set_aside_versions_to_a_file_of_the_schema_before(
    tmp_path: Path, fixed_clock: Clock
) -> None:
    db = before_set_aside(tmp_path / "ouder.db")
    assert "set_aside" not in db.table_names()
    old = schema_version(db)
    # Data written under the old schema (by the old migrations' own tables).
    store_before = Store(db, clock=fixed_clock, user="coordinator-a")
    meeting_id, ref = a_goal(store_before)
    assert migrate(db) == LATEST - old
    store = Store(db, clock=fixed_clock, user="coordinator-a")
    assert goal_text(store, meeting_id) == "Deeg leren kneden"
    kept = asides.edit_or_set_aside(store, meeting_id, ref, 1, {"text": "Op een oude versie"})
    assert isinstance(kept, Kept)
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {f"audit_set_aside_{a}" for a in ("create", "change", "delete")} <= triggers
    with pytest.raises(sqlite3.IntegrityError):  # the value is a JSON object, nothing else
        db.execute(
            "INSERT INTO set_aside (meeting_id, entity, entity_id, value, set_at) "
            "VALUES (?, 'goals', 1, 'geen json', 'nu')",
            [meeting_id],
        )
    db.close()
