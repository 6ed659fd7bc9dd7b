"""The store: starting an intake, editing with versions, decisions, sign-off, tidying up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from driehoek.database import open_database
from driehoek.domain import (
    AgreementKind,
    AgreementStatus,
    Continuation,
    Decision,
    Factor,
    FactorStatus,
    LearningWay,
    Meeting,
    MeetingKind,
    Part,
    Party,
    Pathway,
    PlacementStatus,
    Ref,
    SupportKind,
)
from driehoek.store import Clock, NotFound, StaleEdit, Store

DAY = date(2026, 11, 26)


@pytest.fixture
def meeting(store: Store) -> Meeting:
    """A fresh intake for Lieke Brandsma at Zorggroep Meerzicht."""
    return store.meeting(store.new_intake("Lieke Brandsma", "Zorggroep Meerzicht", day=DAY))


@pytest.fixture
def other_store(tmp_path: Path, fixed_clock: Clock) -> Iterator[Store]:
    """A second coordinator on the same file, with a connection of their own."""
    db = open_database(tmp_path / "driehoek.db")
    yield Store(db, clock=fixed_clock, user="collega")
    db.close()


def test_new_intake_creates_a_placement_and_its_meeting(store: Store, meeting: Meeting) -> None:
    assert meeting.kind is MeetingKind.INTAKE
    assert meeting.date == DAY
    assert meeting.next_evaluation == date(2027, 2, 26)
    assert meeting.placement.student == "Lieke Brandsma"
    assert meeting.placement.organisation == "Zorggroep Meerzicht"
    assert meeting.placement.status is PlacementStatus.PLANNED
    assert meeting.placement.pathway is Pathway.BOL
    assert [(f.factor, f.status, f.note) for f in meeting.factors] == [
        (f, FactorStatus.NOT_DISCUSSED, "") for f in Factor
    ]
    assert [(p.party, p.name) for p in meeting.participants] == [
        (Party.STUDENT, "Lieke Brandsma"),
        (Party.WORKPLACE, ""),
        (Party.SCHOOL, ""),
    ]
    assert (meeting.goals, meeting.support, meeting.agreements, meeting.sign_offs) == ((),) * 4
    assert meeting.decision is None
    assert [m.id for m in store.meetings()] == [meeting.id]


def test_a_new_intake_without_a_date_is_held_today(store: Store, fixed_clock: Clock) -> None:
    meeting = store.meeting(store.new_intake("Tim Wolters", "Kinderopvang De Kikker"))
    assert meeting.date == fixed_clock().astimezone().date()


def test_an_organisation_is_reused_whatever_its_case(store: Store, meeting: Meeting) -> None:
    second = store.meeting(store.new_intake("Tim Wolters", "zorggroep MEERZICHT", day=DAY))
    assert second.placement.organisation_id == meeting.placement.organisation_id
    assert store.organisations() == ["Zorggroep Meerzicht"]


def test_a_second_placement_for_the_same_student(store: Store, meeting: Meeting) -> None:
    student_id = meeting.placement.student_id
    second = store.meeting(
        store.new_intake("ignored", "Stichting Welzijn Oost", student_id=student_id, day=DAY)
    )
    assert second.placement.student_id == student_id
    assert second.placement.id != meeting.placement.id
    assert second.participants[0].name == "Lieke Brandsma"
    assert store.students() == [(student_id, "Lieke Brandsma")]


@pytest.mark.parametrize(
    ("student", "organisation", "student_id", "error"),
    [
        ("  ", "Zorggroep Meerzicht", None, ValueError),
        ("\x1b\u202e\x07", "Zorggroep Meerzicht", None, ValueError),
        ("Tim Wolters", " ", None, ValueError),
        ("", "Zorggroep Meerzicht", 999, NotFound),
    ],
)
def test_a_refused_intake_leaves_nothing_behind(
    store: Store,
    meeting: Meeting,
    student: str,
    organisation: str,
    student_id: int | None,
    error: type[Exception],
) -> None:
    before = (store.students(), store.organisations(), store.meetings(), store.placements())
    with pytest.raises(error):
        store.new_intake(student, organisation, student_id=student_id, day=DAY)
    assert not store.db.conn.in_transaction
    assert (store.students(), store.organisations(), store.meetings(), store.placements()) == (
        before
    )


# Each case: the row to edit (from the meeting), the change, and how to read the new value back.
EditCase = tuple[
    Callable[[Store, Meeting], Ref], dict[str, Any], Callable[[Meeting], object], object
]
EDITS: dict[str, EditCase] = {
    "meeting": (
        lambda s, m: Ref(Part.MEETING, m.id),
        {"learning_ways": [LearningWay.READING, LearningWay.DOING], "learning_note": "Leest graag"},
        lambda m: (m.learning_ways, m.learning_note),
        (frozenset({LearningWay.READING, LearningWay.DOING}), "Leest graag"),
    ),
    "placement": (
        lambda s, m: Ref(Part.PLACEMENT, m.placement.id),
        {"team": "Team Noord", "pathway": "BBL", "start": date(2027, 1, 4), "end": None},
        lambda m: (m.placement.team, m.placement.pathway, m.placement.start, m.placement.end),
        ("Team Noord", Pathway.BBL, date(2027, 1, 4), None),
    ),
    "student": (
        lambda s, m: Ref(Part.STUDENT, m.placement.student_id),
        {"name": "Lieke Brandsma-de Jong"},
        lambda m: m.placement.student,
        "Lieke Brandsma-de Jong",
    ),
    "participant": (
        lambda s, m: Ref(Part.PARTICIPANT, m.participants[1].id),
        {"name": "Joost Veldkamp", "role": "praktijkopleider"},
        lambda m: (m.participants[1].name, m.participants[1].role),
        ("Joost Veldkamp", "praktijkopleider"),
    ),
    "goal": (
        lambda s, m: Ref(Part.GOAL, s.add_goal(m.id).id),
        {"text": "Zelfstandig rapporteren"},
        lambda m: m.goals[0].text,
        "Zelfstandig rapporteren",
    ),
    "factor": (
        lambda s, m: Ref(Part.FACTOR, m.id, Factor.VARIATION),
        {"status": "realisable", "note": "Na de inwerkperiode"},
        lambda m: (m.factor(Factor.VARIATION).status, m.factor(Factor.VARIATION).note),
        (FactorStatus.REALISABLE, "Na de inwerkperiode"),
    ),
    "support": (
        lambda s, m: Ref(Part.SUPPORT, s.add_support(m.id).id),
        {"kind": "intervision", "text": "Vier bijeenkomsten"},
        lambda m: (m.support[0].kind, m.support[0].text),
        (SupportKind.INTERVISION, "Vier bijeenkomsten"),
    ),
    "agreement": (
        lambda s, m: Ref(Part.AGREEMENT, s.add_agreement(m.id).id),
        {
            "kind": "supervision",
            "text": "Wekelijks nabespreken",
            "owner": "workplace",
            "due": date(2027, 2, 1),
            "frequency": "wekelijks",
            "status": "done",
            "factor": "support",
        },
        lambda m: (
            m.agreements[0].kind,
            m.agreements[0].text,
            m.agreements[0].owner,
            m.agreements[0].due,
            m.agreements[0].frequency,
            m.agreements[0].status,
            m.agreements[0].factor,
        ),
        (
            AgreementKind.SUPERVISION,
            "Wekelijks nabespreken",
            Party.WORKPLACE,
            date(2027, 2, 1),
            "wekelijks",
            AgreementStatus.DONE,
            Factor.SUPPORT,
        ),
    ),
}


@pytest.mark.parametrize("case", EDITS.values(), ids=EDITS.keys())
def test_edit_changes_each_part_and_bumps_its_version(
    store: Store, meeting: Meeting, case: EditCase
) -> None:
    make_ref, changes, read, expected = case
    ref = make_ref(store, meeting)
    before = store.meeting(meeting.id)
    version = before.version_of(ref)
    assert version is not None
    new_version = store.edit(ref, version, changes)
    after = store.meeting(meeting.id)
    assert new_version == version + 1
    assert after.version_of(ref) == new_version
    assert read(after) == expected
    # The same edit again, from the screen that still shows the old version, is refused.
    with pytest.raises(StaleEdit):
        store.edit(ref, version, changes)


@pytest.mark.parametrize("case", EDITS.values(), ids=EDITS.keys())
def test_a_stale_edit_by_a_second_coordinator_changes_nothing(
    store: Store, other_store: Store, meeting: Meeting, case: EditCase
) -> None:
    make_ref, changes, _, _ = case
    ref = make_ref(store, meeting)
    seen = store.meeting(meeting.id)  # both coordinators look at the same version
    version = seen.version_of(ref)
    assert version is not None
    other_store.edit(ref, version, changes)
    theirs = other_store.meeting(meeting.id)
    with pytest.raises(StaleEdit):
        store.edit(ref, version, changes)  # applied, it would bump the version once more
    assert store.meeting(meeting.id) == theirs
    assert not store.db.conn.in_transaction


def test_an_edit_of_a_removed_row_is_stale(
    store: Store, other_store: Store, meeting: Meeting
) -> None:
    goal = store.add_goal(meeting.id)
    other_store.delete("goals", goal.id)
    with pytest.raises(StaleEdit):
        store.update_goal(goal.id, goal.version, "Te laat")
    assert store.meeting(meeting.id).goals == ()


def test_edit_refuses_a_column_it_does_not_know(store: Store, meeting: Meeting) -> None:
    with pytest.raises(ValueError, match="no editable"):
        store.edit(Ref(Part.MEETING, meeting.id), meeting.version, {"kind": "evaluation"})
    with pytest.raises(ValueError, match="no editable"):
        store.update_placement(meeting.placement.id, meeting.placement.version, student_id=9)
    assert store.meeting(meeting.id) == meeting


def test_a_factor_edit_must_name_its_factor(store: Store, meeting: Meeting) -> None:
    with pytest.raises(ValueError, match="names its factor"):
        store.edit(Ref(Part.FACTOR, meeting.id), 1, {"status": "present"})


def test_who_changed_a_row_is_recorded(store: Store, other_store: Store, meeting: Meeting) -> None:
    other_store.update_participant(meeting.participants[2].id, 1, name="Hanneke Zijlstra")
    row = next(
        store.db.query(
            "SELECT updated_by, updated_at FROM participants WHERE id = ?",
            [meeting.participants[2].id],
        )
    )
    assert row == {"updated_by": "collega", "updated_at": "2026-11-28T10:30:00+00:00"}


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (Decision.SUITABLE, PlacementStatus.RUNNING),
        (Decision.SUITABLE_WITH_CONDITIONS, PlacementStatus.RUNNING),
        (Decision.NOT_SUITABLE, PlacementStatus.NOT_STARTED),
        (None, PlacementStatus.PLANNED),
    ],
)
def test_the_intake_decision_moves_the_placement(
    store: Store, meeting: Meeting, decision: Decision | None, status: PlacementStatus
) -> None:
    version = store.update_meeting(meeting.id, meeting.version, decision=Decision.NOT_SUITABLE)
    store.update_meeting(meeting.id, version, decision=decision)
    after = store.meeting(meeting.id)
    assert after.decision is decision
    assert after.placement.status is status
    assert [p.status for p in store.placements()] == [status]


def test_a_decision_never_overwrites_a_finished_placement(store: Store, meeting: Meeting) -> None:
    store.db.execute(
        "UPDATE placements SET status = 'completed' WHERE id = ?", [meeting.placement.id]
    )
    store.db.commit()
    store.update_meeting(meeting.id, meeting.version, decision=Decision.NOT_SUITABLE)
    assert store.meeting(meeting.id).placement.status is PlacementStatus.COMPLETED


def test_prune_empty_removes_only_rows_never_filled_in(store: Store, meeting: Meeting) -> None:
    kept_goal = store.add_goal(meeting.id)
    store.update_goal(kept_goal.id, 1, "Feedback vragen")
    for blank in ("", "  ", "\n", " \t\n "):
        store.update_goal(store.add_goal(meeting.id).id, 1, blank)
        store.update_support(store.add_support(meeting.id).id, 1, text=blank)
        store.update_agreement(store.add_agreement(meeting.id).id, 1, text=blank)
    kept_agreement = store.add_agreement(meeting.id, text="Stagebezoek plannen")
    store.prune_empty(meeting.id)
    after = store.meeting(meeting.id)
    assert [g.id for g in after.goals] == [kept_goal.id]
    assert after.support == ()
    assert [a.id for a in after.agreements] == [kept_agreement.id]
    assert len(after.participants) == 3  # participants are never pruned


def test_delete_removes_one_row_and_refuses_the_rest(store: Store, meeting: Meeting) -> None:
    extra = store.add_participant(meeting.id, Party.SCHOOL)
    store.delete("participants", extra.id)
    assert len(store.meeting(meeting.id).participants) == 3
    with pytest.raises(ValueError, match="not deleted one by one"):
        store.delete("meetings", meeting.id)


def test_sign_and_unsign(store: Store, meeting: Meeting, fixed_clock: Clock) -> None:
    store.sign(meeting.id, Party.WORKPLACE, "  Joost Veldkamp ")
    signed = store.meeting(meeting.id).signed(Party.WORKPLACE)
    assert signed is not None
    assert (signed.name, signed.signed_at) == ("Joost Veldkamp", fixed_clock())
    store.sign(meeting.id, Party.WORKPLACE, "Ilse Veldkamp")  # signing again replaces
    assert [s.name for s in store.meeting(meeting.id).sign_offs] == ["Ilse Veldkamp"]
    assert store.meetings()[0].signed_by == 1
    store.unsign(meeting.id, Party.WORKPLACE)
    assert store.meeting(meeting.id).signed(Party.WORKPLACE) is None
    store.unsign(meeting.id, Party.WORKPLACE)  # withdrawing twice is harmless


def test_reading_what_is_not_there_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.meeting(404)
    with pytest.raises(NotFound):
        store.placement(404)


def test_meetings_newest_first_and_per_placement(store: Store, meeting: Meeting) -> None:
    later = store.new_intake("Tim Wolters", "Kinderopvang De Kikker", day=date(2026, 12, 3))
    assert [m.id for m in store.meetings()] == [later, meeting.id]
    assert [m.id for m in store.meetings(meeting.placement.id)] == [meeting.id]


def test_people_suggests_everyone_who_sat_at_a_table(store: Store, meeting: Meeting) -> None:
    store.update_participant(meeting.participants[1].id, 1, name="Joost Veldkamp")
    assert store.people() == ["Joost Veldkamp", "Lieke Brandsma"]


def test_an_evaluation_that_ends_the_placement_ends_it_early(
    store: Store, meeting: Meeting
) -> None:
    store.update_meeting(meeting.id, meeting.version, decision=Decision.SUITABLE)
    evaluation = store.meeting(store.new_evaluation(meeting.placement.id))
    version = store.update_meeting(evaluation.id, evaluation.version, continuation=Continuation.END)
    assert store.meeting(evaluation.id).placement.status is PlacementStatus.ENDED_EARLY

    # Chosen by mistake, taken back: running again.
    store.update_meeting(evaluation.id, version, continuation=Continuation.ADJUST)
    assert store.meeting(evaluation.id).placement.status is PlacementStatus.RUNNING


def test_an_evaluation_leaves_a_completed_placement_alone(store: Store, meeting: Meeting) -> None:
    evaluation = store.meeting(store.new_evaluation(meeting.placement.id))
    placement = store.placement(meeting.placement.id)
    store.update_placement(placement.id, placement.version, status=PlacementStatus.COMPLETED)
    store.update_meeting(evaluation.id, evaluation.version, continuation=Continuation.END)
    assert store.placement(meeting.placement.id).status is PlacementStatus.COMPLETED
