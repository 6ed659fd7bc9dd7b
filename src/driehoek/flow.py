"""The meeting flow as data: which steps a meeting has, in what order, and what each still needs.

Screens render this state and navigate with it; none of the rules live in the UI, so they are
unit-tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from driehoek.domain import (
    Continuation,
    Decision,
    FactorStatus,
    Meeting,
    MeetingKind,
    Party,
    Question,
)


class Step(StrEnum):
    """The steps of a meeting, named by what the table does in them."""

    OPEN_AGREEMENTS = "open_agreements"
    QUESTIONS = "questions"
    PROGRESS = "progress"
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
    MeetingKind.EVALUATION: (
        Step.OPEN_AGREEMENTS,
        Step.QUESTIONS,
        Step.PROGRESS,
        Step.WORKPLACE,
        Step.AGREEMENTS,
        Step.DECISION,
        Step.REVIEW,
    ),
}
"""The steps of each kind of meeting, in the order the table walks through them."""


def label_key(kind: MeetingKind, step: Step) -> str:
    """The catalogue name of a step's title and hint: the agreements and decision steps read
    differently at an evaluation ("new agreements", "what follows")."""
    if kind is MeetingKind.EVALUATION:
        if step is Step.AGREEMENTS:
            return "new_agreements"
        if step is Step.DECISION:
            return "continuation"
    return step.value


@dataclass(frozen=True)
class Need:
    """One thing a step still needs, as a catalogue key plus the values its message names.

    `count`: how many things it is about, for a message with plural forms (`t.n`); the
    message names it `{count}`. None for a message without.
    """

    key: str
    params: Mapping[str, str | int] = field(default_factory=dict)
    count: int | None = None


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
    if meeting.kind is MeetingKind.EVALUATION or meeting.decision is Decision.NOT_SUITABLE:
        return []  # an evaluation may need no new ones; a refused placement none at all
    return [] if any(a.text.strip() for a in meeting.agreements) else [Need("need.agreement")]


def _open_agreements(meeting: Meeting) -> list[Need]:
    undecided = sum(1 for r in meeting.reviews if r.disposition is None)
    unexplained = sum(
        1
        for r in meeting.reviews
        if r.disposition is not None and r.disposition.needs_reason and not r.reason.strip()
    )
    needs = [Need("need.disposition", count=undecided)] if undecided else []
    if unexplained:
        needs.append(Need("need.disposition_reason", count=unexplained))
    return needs


def _questions(meeting: Meeting) -> list[Need]:
    answered = {a.question for a in meeting.answers if a.text.strip()}
    return [Need(f"need.question.{q.value}") for q in Question if q not in answered]


def _progress(meeting: Meeting) -> list[Need]:
    missing = sum(1 for p in meeting.progress if not p.text.strip())
    return [Need("need.progress", count=missing)] if missing else []


def _decision(meeting: Meeting) -> list[Need]:
    if meeting.kind is MeetingKind.EVALUATION:
        return _continuation(meeting)
    if meeting.decision is None:
        return [Need("need.decision")]
    needs = []
    if meeting.decision.needs_reasons and not meeting.decision_reasons.strip():
        needs.append(Need("need.reasons_place"))  # what the place lacks, what must change
    if meeting.decision is not Decision.NOT_SUITABLE and meeting.next_evaluation is None:
        needs.append(Need("need.next_evaluation"))
    return needs


def _continuation(meeting: Meeting) -> list[Need]:
    if meeting.continuation is None:
        return [Need("need.continuation")]
    needs = []
    if meeting.continuation.needs_reasons and not meeting.decision_reasons.strip():
        needs.append(Need("need.reasons"))
    if meeting.continuation is not Continuation.END and meeting.next_evaluation is None:
        needs.append(Need("need.next_evaluation"))
    return needs


def _review(meeting: Meeting) -> list[Need]:
    return [Need(f"need.signoff.{party}") for party in Party if meeting.signed(party) is None]


_RULES: Mapping[Step, Callable[[Meeting], list[Need]]] = {
    Step.OPEN_AGREEMENTS: _open_agreements,
    Step.QUESTIONS: _questions,
    Step.PROGRESS: _progress,
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
