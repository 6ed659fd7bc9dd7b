"""The meeting flow: what each step still needs, and moving between steps."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime

import pytest
from sample_meetings import bare_meeting

from driehoek.domain import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Decision,
    FactorStatus,
    LearningGoal,
    LearningWay,
    Meeting,
    Party,
    SignOff,
    SupportItem,
    SupportKind,
)
from driehoek.flow import Flow, Need, Step

ORDER = (
    Step.PARTICIPANTS,
    Step.LEARNING,
    Step.WORKPLACE,
    Step.SUPPORT,
    Step.AGREEMENTS,
    Step.DECISION,
    Step.REVIEW,
)
SIGNED_AT = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _keys(meeting: Meeting, step: Step) -> list[str]:
    return [need.key for need in Flow(meeting).state(step).needs]


def _complete() -> Meeting:
    """A meeting that needs nothing more."""
    bare = bare_meeting()
    return dataclasses.replace(
        bare,
        placement=dataclasses.replace(bare.placement, programme="SPH"),
        participants=tuple(dataclasses.replace(p, name=f"Naam {p.id}") for p in bare.participants),
        goals=(LearningGoal(1, "Zelfstandig rapporteren", 1),),
        learning_ways=frozenset({LearningWay.DOING}),
        factors=tuple(dataclasses.replace(f, status=FactorStatus.PRESENT) for f in bare.factors),
        support=(SupportItem(1, SupportKind.VISIT, "Bezoek in week 6", 1),),
        agreements=(
            Agreement(
                1,
                AgreementKind.WORK,
                "Wekelijks nabespreken",
                Party.WORKPLACE,
                None,
                "wekelijks",
                AgreementStatus.OPEN,
                None,
                1,
            ),
        ),
        decision=Decision.SUITABLE,
        sign_offs=tuple(SignOff(p, f"Naam {p}", SIGNED_AT) for p in Party),
    )


def test_an_intake_walks_through_seven_steps_in_order() -> None:
    flow = Flow(bare_meeting())
    assert flow.steps == ORDER
    assert [s.number for s in flow.states] == [1, 2, 3, 4, 5, 6, 7]


def test_a_new_intake_needs_something_in_every_step() -> None:
    m = bare_meeting()
    assert _keys(m, Step.PARTICIPANTS) == [
        "need.participant.workplace",
        "need.participant.school",
        "need.programme",
    ]
    assert _keys(m, Step.LEARNING) == ["need.goal", "need.learning_way"]
    assert Flow(m).state(Step.WORKPLACE).needs == (Need("need.factors", {"count": 6}),)
    assert _keys(m, Step.SUPPORT) == ["need.support"]
    assert _keys(m, Step.AGREEMENTS) == ["need.agreement"]
    assert _keys(m, Step.DECISION) == ["need.decision"]
    assert _keys(m, Step.REVIEW) == [
        "need.signoff.student",
        "need.signoff.workplace",
        "need.signoff.school",
    ]
    assert not Flow(m).complete
    assert Flow(m).first_open is Step.PARTICIPANTS


def test_blank_text_counts_as_nothing() -> None:
    m = dataclasses.replace(
        _complete(),
        goals=(LearningGoal(1, "  \n ", 1),),
        support=(SupportItem(1, SupportKind.VISIT, "\t", 1),),
        learning_ways=frozenset(),
        learning_note="   ",
    )
    assert _keys(m, Step.LEARNING) == ["need.goal", "need.learning_way"]
    assert _keys(m, Step.SUPPORT) == ["need.support"]


def test_a_learning_note_is_enough_to_say_how_she_learns() -> None:
    m = dataclasses.replace(_complete(), learning_ways=frozenset(), learning_note="Door te doen")
    assert _keys(m, Step.LEARNING) == []


def test_the_workplace_step_counts_the_factors_not_yet_discussed() -> None:
    m = _complete()
    two_open = dataclasses.replace(
        m,
        factors=tuple(
            dataclasses.replace(f, status=FactorStatus.NOT_DISCUSSED) if i < 2 else f
            for i, f in enumerate(m.factors)
        ),
    )
    assert Flow(two_open).state(Step.WORKPLACE).needs == (Need("need.factors", {"count": 2}),)
    assert Flow(m).state(Step.WORKPLACE).done


@pytest.mark.parametrize("decision", [Decision.SUITABLE_WITH_CONDITIONS, Decision.NOT_SUITABLE])
def test_conditions_and_a_refusal_need_reasons(decision: Decision) -> None:
    m = dataclasses.replace(_complete(), decision=decision, decision_reasons=" ")
    assert "need.reasons_place" in _keys(m, Step.DECISION)  # what the place lacks
    with_reasons = dataclasses.replace(m, decision_reasons="Te weinig begeleiding")
    assert _keys(with_reasons, Step.DECISION) == []


def test_a_running_placement_needs_a_next_evaluation_date() -> None:
    m = dataclasses.replace(_complete(), next_evaluation=None)
    assert _keys(m, Step.DECISION) == ["need.next_evaluation"]


def test_a_not_suitable_meeting_needs_no_agreement_and_no_next_evaluation() -> None:
    m = dataclasses.replace(
        _complete(),
        agreements=(),
        decision=Decision.NOT_SUITABLE,
        decision_reasons="Geen begeleiding op deze locatie",
        next_evaluation=None,
    )
    assert _keys(m, Step.AGREEMENTS) == []
    assert _keys(m, Step.DECISION) == []
    assert Flow(m).complete


def test_complete_only_when_all_three_have_signed() -> None:
    m = _complete()
    assert Flow(m).complete
    assert Flow(m).open_needs == ()
    for party in Party:
        unsigned = dataclasses.replace(
            m, sign_offs=tuple(s for s in m.sign_offs if s.party is not party)
        )
        flow = Flow(unsigned)
        assert not flow.complete
        assert flow.open_needs == ((Step.REVIEW, Need(f"need.signoff.{party}")),)
        assert flow.first_open is Step.REVIEW


def test_first_open_is_the_first_step_that_needs_something() -> None:
    m = dataclasses.replace(_complete(), support=())
    assert Flow(m).first_open is Step.SUPPORT


def test_a_complete_meeting_resumes_at_the_last_step() -> None:
    assert Flow(_complete()).first_open is Step.REVIEW


def test_next_and_previous_stop_at_the_ends() -> None:
    flow = Flow(bare_meeting())
    assert flow.previous(Step.PARTICIPANTS) is None
    assert flow.next(Step.REVIEW) is None
    for before, after in itertools.pairwise(ORDER):
        assert flow.next(before) is after
        assert flow.previous(after) is before


@pytest.mark.parametrize(
    ("number", "step"), [(1, Step.PARTICIPANTS), (4, Step.SUPPORT), (7, Step.REVIEW)]
)
def test_by_number_counts_from_one(number: int, step: Step) -> None:
    assert Flow(bare_meeting()).by_number(number) is step


@pytest.mark.parametrize("number", [0, -1, 8, 99])
def test_by_number_outside_the_steps_is_none(number: int) -> None:
    assert Flow(bare_meeting()).by_number(number) is None


def test_open_needs_lists_steps_in_order() -> None:
    steps = [step for step, _ in Flow(bare_meeting()).open_needs]
    assert steps == sorted(steps, key=ORDER.index)
