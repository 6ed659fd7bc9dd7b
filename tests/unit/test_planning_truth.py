"""Planning that tells the truth: opening a meeting changes nothing until something is written
in it, an empty meeting can be deleted (and the audit trail says so), the next evaluation
follows the placement period, and a placement is planned until its start."""

from __future__ import annotations

from datetime import date

import pytest
from plan_data import decide, intake

from driehoek import drafts
from driehoek.domain import Decision, Factor, FactorStatus, Part, PlacementStatus, Ref
from driehoek.planning import due
from driehoek.store import NotFound, Store


def _running(store: Store, start: date | None = None, end: date | None = None) -> tuple[int, int]:
    """A placement the intake of 1 August 2026 let run (overdue on 1 November)."""
    placement, meeting = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 8, 1))
    decide(store, meeting, Decision.SUITABLE)
    if start or end:
        p = store.placement(placement)
        store.update_placement(placement, p.version, start=start, end=end)
    return placement, meeting


def _rows(store: Store) -> dict[str, int]:
    return {
        table: store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("meetings", "factors", "participants", "answers", "dispositions")
    }


def test_an_evaluation_opened_and_left_changes_nothing(store: Store) -> None:
    placement, _ = _running(store)
    before_due, before_rows = due(store), _rows(store)
    assert [(d.placement_id, d.due, d.overdue) for d in before_due] == [
        (placement, date(2026, 11, 1), True)
    ]
    meeting = store.new_evaluation(placement)
    # While it is open, nothing counts it: still overdue, not listed, not in the count.
    assert due(store) == before_due
    assert meeting not in {m.id for m in store.meetings(counted=True)}
    [summary] = [p for p in store.placements() if p.id == placement]
    assert summary.meetings == 1
    assert drafts.leave(store, meeting) == drafts.Deleted(meeting)
    assert _rows(store) == before_rows
    assert due(store) == before_due


def test_an_evaluation_with_one_thing_written_counts_and_stays(store: Store) -> None:
    placement, _ = _running(store)
    meeting = store.new_evaluation(placement)
    m = store.meeting(meeting)
    store.update_factor(meeting, Factor.SUPPORT, m.factor(Factor.SUPPORT).version,
                        status=FactorStatus.PRESENT)  # fmt: skip
    assert drafts.leave(store, meeting) is None
    [item] = due(store, weeks=52)
    assert item.meeting_id == meeting
    assert item.due == date(2027, 2, 28)  # no start known: the day (28-11) plus three months


def test_an_added_line_left_empty_is_not_writing(store: Store) -> None:
    placement, _ = _running(store)
    meeting = store.new_evaluation(placement)
    store.add_agreement(meeting)
    assert drafts.is_empty(store, meeting)
    store.add_agreement(meeting, text="Elke vrijdag nabespreken")
    assert not drafts.is_empty(store, meeting)


def test_an_empty_meeting_is_deleted_on_request_and_the_audit_trail_says_so(store: Store) -> None:
    placement, _ = _running(store)
    meeting = store.new_evaluation(placement)
    done = drafts.delete_empty(store, meeting)
    assert done == drafts.Deleted(meeting)
    assert (
        store.db.execute("SELECT count(*) FROM meetings WHERE id = ?", [meeting]).fetchone()[0] == 0
    )
    actions = [
        tuple(r)
        for r in store.db.execute(
            "SELECT action, entity, entity_id, os_user FROM audit WHERE meeting_id = ?", [meeting]
        ).fetchall()
    ]
    assert ("delete_empty", "meetings", meeting, "tester") in actions
    with pytest.raises(NotFound):
        drafts.delete_empty(store, meeting)


def test_a_meeting_with_content_is_not_deleted(store: Store) -> None:
    placement, intake_id = _running(store)  # the intake holds a decision
    with pytest.raises(drafts.HasContent):
        drafts.delete_empty(store, intake_id)
    meeting = store.new_evaluation(placement)
    store.add_agreement(meeting, text="x")
    with pytest.raises(drafts.HasContent):
        drafts.delete_empty(store, meeting)
    assert store.meeting(meeting).id == meeting


def test_an_empty_intake_takes_its_untouched_placement_and_student_along(store: Store) -> None:
    keep = store.new_intake("Gijs Brouwershaven", "Woonzorg De Eik")
    meeting = store.new_intake("Yara Molendijk", "Woonzorg De Eik")
    p = store.meeting(meeting).placement
    done = drafts.delete_empty(store, meeting)
    assert done == drafts.Deleted(meeting, p.id, p.student_id)
    assert [s.student for s in store.placements()] == ["Gijs Brouwershaven"]
    assert store.meeting(keep).placement.organisation == "Woonzorg De Eik"


def test_an_intake_started_and_left_unwritten_goes_with_its_placement(store: Store) -> None:
    meeting = store.new_intake("Yara Molendijk", "Woonzorg De Eik")
    p = store.meeting(meeting).placement
    assert drafts.leave(store, meeting) == drafts.Deleted(meeting, p.id, p.student_id)
    assert store.placements() == []
    assert due(store, weeks=52) == []

    # The record filled in (F4), nothing in the meeting itself: the intake holds the record.
    for column, value in (("crebo", "25480"), ("student_number", "2087461")):
        kept = store.new_intake("Noor Veldkamp", "Woonzorg De Eik")
        q = store.meeting(kept).placement
        ref = Ref(Part.PLACEMENT, q.id) if column == "crebo" else Ref(Part.STUDENT, q.student_id)
        version = q.version if column == "crebo" else q.student_version
        store.edit(ref, version, {column: value})
        assert drafts.leave(store, kept) is None
        with pytest.raises(drafts.HasContent):
            drafts.delete_empty(store, kept)
        assert store.meeting(kept).placement.id == q.id
    written = store.new_intake("Gijs Brouwershaven", "Woonzorg De Eik")
    m = store.meeting(written)
    store.update_meeting(written, m.version, location="Kantoor")
    assert drafts.leave(store, written) is None
    assert store.meeting(written).location == "Kantoor"


def test_the_intake_plans_from_the_start_and_moves_with_it(store: Store) -> None:
    placement, meeting = intake(store, "Yara Molendijk", "Woonzorg De Eik", date(2026, 12, 7))
    assert store.meeting(meeting).next_evaluation == date(2027, 3, 7)
    p = store.placement(placement)
    store.update_placement(placement, p.version, start=date(2027, 2, 1), end=date(2028, 1, 31))
    assert store.meeting(meeting).next_evaluation == date(2027, 5, 1)
    # The next evaluation started from it follows the rhythm: 1 August.
    decide(store, meeting, Decision.SUITABLE)
    evaluation = store.new_evaluation(placement, day=date(2027, 5, 3))
    assert store.meeting(evaluation).next_evaluation == date(2027, 8, 1)


def test_no_next_evaluation_after_the_end(store: Store) -> None:
    placement, _ = _running(store, start=date(2026, 8, 15), end=date(2027, 1, 31))
    evaluation = store.new_evaluation(placement, day=date(2026, 11, 14))
    assert store.meeting(evaluation).next_evaluation is None


def test_a_placement_is_planned_until_its_start(store: Store) -> None:
    placement, _ = _running(store, start=date(2027, 2, 1))
    assert store.placement(placement).status is PlacementStatus.RUNNING  # as stored
    assert store.placement(placement).status_on(date(2026, 11, 28)) is PlacementStatus.PLANNED
    assert store.placement(placement).status_on(date(2027, 2, 1)) is PlacementStatus.RUNNING
    [summary] = store.placements()
    assert summary.status is PlacementStatus.PLANNED
    [item] = due(store, weeks=52)
    assert item.status is PlacementStatus.PLANNED


def test_a_placement_is_found_by_the_students_number(store: Store) -> None:
    _running(store)
    meeting = store.new_intake("Gijs Brouwershaven", "Bakkerij Koren")
    p = store.meeting(meeting).placement
    store.edit(Ref(Part.STUDENT, p.student_id), p.student_version, {"student_number": "2087461"})
    assert [s.student for s in store.placements("2087461")] == ["Gijs Brouwershaven"]
    assert [s.student for s in store.placements("20874")] == ["Gijs Brouwershaven"]
    assert store.placements("99999") == []
