"""The meeting flow as data: which steps a meeting has, in what order, and what each still needs.

Screens render this state and navigate with it; none of the rules live in the UI, so they are
unit-tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from driehoek.domain import Decision, FactorStatus, Meeting, MeetingKind, Party


class Step(StrEnum):
    """The steps of a meeting, named by what the table does in them."""

    PARTICIPANTS = "participants"
    LEARNING = "learning"
    WORKPLACE = "workplace"
    SUPPORT = "support"
    AGREEMENTS = "agreements"
    DECISION = "decision"
    REVIEW = "review"


STEPS: Mapping[MeetingKind, tuple[Step, ...]] = {
    MeetingKind.INTAKE: (
        Step.PARTICIPANTS,
        Step.LEARNING,
        Step.WORKPLACE,
        Step.SUPPORT,
        Step.AGREEMENTS,
        Step.DECISION,
        Step.REVIEW,
    ),
}
"""The steps of each kind of meeting, in the order the table walks through them."""


@dataclass(frozen=True)
class Need:
    """One thing a step still needs, as a catalogue key plus the values its message names."""

    key: str
    params: Mapping[str, str | int] = field(default_factory=dict)


def _participants(meeting: Meeting) -> list[Need]:
    named = {p.party for p in meeting.participants if p.name.strip()}
    needs = [Need(f"need.participant.{party}") for party in Party if party not in named]
    if not meeting.placement.programme.strip():
        needs.append(Need("need.programme"))
    return needs


def _learning(meeting: Meeting) -> list[Need]:
    needs = []
    if not any(g.text.strip() for g in meeting.goals):
        needs.append(Need("need.goal"))
    if not meeting.learning_ways and not meeting.learning_note.strip():
        needs.append(Need("need.learning_way"))
    return needs


def _workplace(meeting: Meeting) -> list[Need]:
    open_ = sum(1 for f in meeting.factors if f.status is FactorStatus.NOT_DISCUSSED)
    return [Need("need.factors", {"count": open_})] if open_ else []


def _support(meeting: Meeting) -> list[Need]:
    return [] if any(s.text.strip() for s in meeting.support) else [Need("need.support")]


def _agreements(meeting: Meeting) -> list[Need]:
    if meeting.decision is Decision.NOT_SUITABLE:
        return []  # no placement, so nothing to agree on
    return [] if any(a.text.strip() for a in meeting.agreements) else [Need("need.agreement")]


def _decision(meeting: Meeting) -> list[Need]:
    if meeting.decision is None:
        return [Need("need.decision")]
    needs = []
    if meeting.decision.needs_reasons and not meeting.decision_reasons.strip():
        needs.append(Need("need.reasons"))
    if meeting.decision is not Decision.NOT_SUITABLE and meeting.next_evaluation is None:
        needs.append(Need("need.next_evaluation"))
    return needs


def _review(meeting: Meeting) -> list[Need]:
    return [Need(f"need.signoff.{party}") for party in Party if meeting.signed(party) is None]


_RULES: Mapping[Step, Callable[[Meeting], list[Need]]] = {
    Step.PARTICIPANTS: _participants,
    Step.LEARNING: _learning,
    Step.WORKPLACE: _workplace,
    Step.SUPPORT: _support,
    Step.AGREEMENTS: _agreements,
    Step.DECISION: _decision,
    Step.REVIEW: _review,
}


@dataclass(frozen=True)
class StepState:
    """A step as the step bar shows it: its place, and what it still needs."""

    step: Step
    number: int
    needs: tuple[Need, ...]

    @property
    def done(self) -> bool:
        """A step is done when it needs nothing more."""
        return not self.needs


class Flow:
    """The steps of one meeting and the state of each; rebuild it after every change."""

    def __init__(self, meeting: Meeting) -> None:
        self.steps = STEPS[meeting.kind]
        self.states = tuple(
            StepState(step, number, tuple(_RULES[step](meeting)))
            for number, step in enumerate(self.steps, start=1)
        )

    def state(self, step: Step) -> StepState:
        """The state of one step of this meeting."""
        return self.states[self.steps.index(step)]

    def next(self, step: Step) -> Step | None:
        """The step after this one, or None at the end."""
        i = self.steps.index(step)
        return self.steps[i + 1] if i + 1 < len(self.steps) else None

    def previous(self, step: Step) -> Step | None:
        """The step before this one, or None at the start."""
        i = self.steps.index(step)
        return self.steps[i - 1] if i > 0 else None

    def by_number(self, number: int) -> Step | None:
        """The step with this 1-based number, as the step bar shows it."""
        return self.steps[number - 1] if 1 <= number <= len(self.steps) else None

    @property
    def first_open(self) -> Step:
        """Where to resume: the first step that still needs something (else the last)."""
        return next((s.step for s in self.states if not s.done), self.steps[-1])

    @property
    def open_needs(self) -> tuple[tuple[Step, Need], ...]:
        """Everything the meeting still needs before it is complete, step by step."""
        return tuple((s.step, need) for s in self.states for need in s.needs)

    @property
    def complete(self) -> bool:
        """Complete when no step needs anything, sign-off by all three parties included."""
        return all(s.done for s in self.states)
