"""The rows a meeting holds: who sat at the table, the goals, each factor's assessment, the
school's support, agreements and their reviews, answers, progress and sign-offs.

Plain data like the rest of `domain`, which names them again: `from driehoek.domain import
Agreement` works as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from driehoek.vocabulary import (
    AgreementKind,
    AgreementStatus,
    Disposition,
    Factor,
    FactorStatus,
    Party,
    Question,
    SupportKind,
)


@dataclass(frozen=True)
class Participant:
    """Someone at the table, with the party they speak for and their role there."""

    id: int
    party: Party
    name: str
    role: str
    version: int


@dataclass(frozen=True)
class LearningGoal:
    """Something the student wants to learn during the placement."""

    id: int
    text: str
    version: int


@dataclass(frozen=True)
class FactorAssessment:
    """The table's view of one of the six factors, with a free note."""

    factor: Factor
    status: FactorStatus
    note: str
    version: int


@dataclass(frozen=True)
class SupportItem:
    """One thing the school does to help the student learn at the workplace."""

    id: int
    kind: SupportKind
    text: str
    version: int


@dataclass(frozen=True)
class Promise:
    """The time a supervision agreement promises: N minutes every K weeks."""

    minutes: int
    weeks: int

    def over(self, days: int) -> float:
        """The minutes this promise comes to over `days` days."""
        return self.minutes * days / (7 * self.weeks)


@dataclass(frozen=True)
class Agreement:
    """A work or supervision agreement: what, owned by exactly one party, by when or how often."""

    id: int
    kind: AgreementKind
    text: str
    owner: Party
    due: dt.date | None
    frequency: str
    status: AgreementStatus
    factor: Factor | None
    version: int
    promise: Promise | None = None
    """The supervision time promised (`supervision_time`); None: none named."""


@dataclass(frozen=True)
class Answer:
    """One party's answer to one of the evaluation's four questions."""

    id: int
    question: Question
    party: Party
    text: str
    version: int


@dataclass(frozen=True)
class Progress:
    """How a learning goal (set at an earlier meeting) has come along."""

    id: int
    goal_id: int
    goal: str
    text: str
    version: int


@dataclass(frozen=True)
class Review:
    """An agreement from an earlier meeting, under review at an evaluation."""

    id: int
    agreement: Agreement
    made_on: dt.date | None
    """The day of the meeting that made it; None if that date could not be read."""
    carried: int
    """How many earlier evaluations carried it forward already."""
    disposition: Disposition | None
    reason: str
    version: int


@dataclass(frozen=True)
class SignOff:
    """One party's agreement with the minutes as recorded."""

    party: Party
    name: str
    signed_at: dt.datetime | None
    """None if the moment could not be read from the file."""
