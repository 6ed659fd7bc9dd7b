"""What the parties' preparations agree on, filled in as a draft meeting's starting point when
a step opens (`starting_point`): only real agreement, only empty fields, once, audited, never
in a signed meeting. Names are invented."""

from __future__ import annotations

from driehoek import prepared
from driehoek.domain import Factor, FactorStatus, MeetingKind, Party
from driehoek.flow import Step
from driehoek.preparation import Preparation, PreparedFactor, compare
from driehoek.starting_point import FROM_PREPARATIONS, fill, unanimous
from driehoek.store import Store

NAMES = {Party.STUDENT: "Student", Party.WORKPLACE: "Werkplek", Party.SCHOOL: "School"}


def _prepare(store: Store, meeting_id: int, party: Party, *factors: PreparedFactor) -> None:
    prepared.save(store, Preparation(meeting_id, party, MeetingKind.INTAKE, factors=factors))


def _audited(store: Store, meeting_id: int) -> list[str]:
    rows = store.db.execute(
        "SELECT entity FROM audit WHERE action = ? AND meeting_id = ?",
        [FROM_PREPARATIONS, meeting_id],
    ).fetchall()
    return [str(r[0]) for r in rows]


def test_only_two_or_more_parties_ticking_the_same_status_agree() -> None:
    def views(*statuses: FactorStatus) -> FactorStatus | None:
        preps = [
            Preparation(1, party, MeetingKind.INTAKE, (PreparedFactor(Factor.SUPPORT, status),))
            for party, status in zip(Party, statuses, strict=False)
        ]
        return unanimous(compare(preps)[Factor.SUPPORT])

    present, absent, unticked = (
        FactorStatus.PRESENT,
        FactorStatus.ABSENT,
        FactorStatus.NOT_DISCUSSED,
    )
    assert views(present, present) is present
    assert views(present, present, present) is present
    assert views(present) is None  # one party's view is no agreement
    assert views(present, unticked) is None  # one party left it open
    assert views(present, absent) is None  # they differ: the step flags it


def test_a_step_fills_agreed_factors_into_empty_fields_once(store: Store) -> None:
    meeting_id = store.new_intake("Iris Smit", "Kinderopvang De Boomhut")
    store.update_factor(meeting_id, Factor.INVOLVEMENT, 1, note="Al besproken bij de kennismaking.")
    for party, note in ((Party.STUDENT, "Ik mag meedoen."), (Party.WORKPLACE, "")):
        _prepare(
            store,
            meeting_id,
            party,
            PreparedFactor(Factor.INVOLVEMENT, FactorStatus.PRESENT, note),
            PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT, note),
            PreparedFactor(Factor.AUTONOMY, FactorStatus.ABSENT if note else FactorStatus.PRESENT),
        )
    meeting = store.meeting(meeting_id)
    assert fill(store, meeting, Step.PARTICIPANTS, NAMES) == 0  # no field of its own
    assert fill(store, meeting, Step.WORKPLACE, NAMES) == 2
    m = store.meeting(meeting_id)
    involvement = m.factor(Factor.INVOLVEMENT)
    assert involvement.status is FactorStatus.PRESENT
    assert involvement.note == "Al besproken bij de kennismaking."  # never overwritten
    assert (m.factor(Factor.SUPPORT).status, m.factor(Factor.SUPPORT).note) == (
        FactorStatus.PRESENT,
        "Student: Ik mag meedoen.",
    )
    assert m.factor(Factor.AUTONOMY).status is FactorStatus.NOT_DISCUSSED  # they differ
    assert _audited(store, meeting_id) == ["factors", "factors"]

    # The table undoes one; the step opening again leaves that as the table left it.
    support = m.factor(Factor.SUPPORT)
    store.update_factor(
        meeting_id, Factor.SUPPORT, support.version, status=FactorStatus.NOT_DISCUSSED, note=""
    )
    assert fill(store, store.meeting(meeting_id), Step.WORKPLACE, NAMES) == 0
    assert store.meeting(meeting_id).factor(Factor.SUPPORT).status is FactorStatus.NOT_DISCUSSED
    assert len(_audited(store, meeting_id)) == 2


def test_a_meeting_someone_signed_starts_from_nothing_the_parties_prepared(
    store: Store,
) -> None:
    meeting_id = store.new_intake("Iris Smit", "Kinderopvang De Boomhut")
    for party in (Party.STUDENT, Party.WORKPLACE):
        _prepare(store, meeting_id, party, PreparedFactor(Factor.SUPPORT, FactorStatus.PRESENT))
    store.sign(meeting_id, Party.SCHOOL, "Ellen Bos")
    assert fill(store, store.meeting(meeting_id), Step.WORKPLACE, NAMES) == 0
    for party, name in ((Party.STUDENT, "Iris Smit"), (Party.WORKPLACE, "Bram Visser")):
        store.sign(meeting_id, party, name)
    m = store.meeting(meeting_id)
    assert m.closed
    assert fill(store, m, Step.WORKPLACE, NAMES) == 0
    assert store.meeting(meeting_id).factor(Factor.SUPPORT).status is FactorStatus.NOT_DISCUSSED
    assert _audited(store, meeting_id) == []


def test_the_students_prepared_goals_become_an_intakes_goals_while_it_has_none(
    store: Store,
) -> None:
    meeting_id = store.new_intake("Iris Smit", "Kinderopvang De Boomhut")
    goals = ("Zelf een activiteit plannen", "Overdracht geven aan ouders")
    prepared.save(store, Preparation(meeting_id, Party.STUDENT, MeetingKind.INTAKE, goals=goals))
    meeting = store.meeting(meeting_id)
    assert fill(store, meeting, Step.LEARNING, NAMES) == 2
    m = store.meeting(meeting_id)
    assert tuple(g.text for g in m.goals) == goals
    assert _audited(store, meeting_id) == ["goals", "goals"]
    # The table removes them: they stay removed.
    for goal in m.goals:
        store.delete("goals", goal.id)
    assert fill(store, store.meeting(meeting_id), Step.LEARNING, NAMES) == 0
    assert store.meeting(meeting_id).goals == ()


def test_an_intake_with_goals_of_its_own_keeps_them(store: Store) -> None:
    meeting_id = store.new_intake("Iris Smit", "Kinderopvang De Boomhut")
    goal = store.add_goal(meeting_id)
    store.update_goal(goal.id, goal.version, "Een dagprogramma maken")
    prepared.save(
        store, Preparation(meeting_id, Party.STUDENT, MeetingKind.INTAKE, goals=("Iets anders",))
    )
    assert fill(store, store.meeting(meeting_id), Step.LEARNING, NAMES) == 0
    assert [g.text for g in store.meeting(meeting_id).goals] == ["Een dagprogramma maken"]
