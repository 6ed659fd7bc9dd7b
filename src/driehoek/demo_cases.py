"""The shape of a demo placement: an intake and its quarterly evaluations, as plain data.

`demo_people` and `demo_growing` hold the invented placements; `demo` writes them through the
store. Every name in them is made up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from driehoek.domain import (
    AgreementKind,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    LearningWay,
    Party,
    Pathway,
    PlacementStatus,
    Pressure,
    Question,
    SupportKind,
)

F = FactorStatus
"""Short for the factor statuses, which the demo's tables name on almost every line."""


@dataclass(frozen=True)
class Evaluation:
    """A quarterly evaluation of a demo placement, `days_ago` before today."""

    days_ago: int
    dispositions: tuple[tuple[str, Disposition, str], ...] = ()
    """(start of an open agreement's text, what became of it, why)"""
    answers: tuple[tuple[Question, Party, str], ...] = ()
    progress: tuple[str, ...] = ()
    factors: dict[Factor, tuple[FactorStatus, str]] = field(default_factory=dict)
    agreements: tuple[tuple[AgreementKind, str, Party, str], ...] = ()
    continuation: Continuation | None = None
    reasons: str = ""
    signed: bool = True
    given: int | None = None
    """The supervision minutes given since the meeting before (issue 13.3)."""


@dataclass(frozen=True)
class Intake:
    """A demo placement's intake, with what became of the placement after it."""

    student: str
    organisation: str
    team: str
    programme: str
    pathway: Pathway
    days_ago: int
    workplace: tuple[str, str] = ("", "")
    school: tuple[str, str] = ("", "")
    goals: tuple[str, ...] = ()
    ways: frozenset[LearningWay] = frozenset()
    learning_note: str = ""
    factors: dict[Factor, tuple[FactorStatus, str]] = field(default_factory=dict)
    support: tuple[tuple[SupportKind, str], ...] = ()
    agreements: tuple[tuple[AgreementKind, str, Party, str], ...] = ()
    decision: Decision | None = None
    reasons: str = ""
    signed: tuple[Party, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    outcome: PlacementStatus | None = None
    outcome_reason: str = ""
    record: dict[str, object] = field(default_factory=dict)
    """The placement as the school files it (`record`): placement columns and their values."""
    student_number: str = ""
    recognition_number: str = ""
    """The organisation's SBB number (set once: the organisation's other placements show it)."""
    meeting: tuple[str, str] = ("", "")
    """Where the intake was held, and who took the minutes."""
    # The workplace: the article's pressures, room to make mistakes, agreements from a factor
    pressures: frozenset[Pressure] = frozenset()
    pressures_note: str = ""
    room_for_mistakes: FactorStatus = FactorStatus.NOT_DISCUSSED
    from_factor: tuple[tuple[str, Factor], ...] = ()
    """(an agreement's text, the factor it was made from)"""
    promises: tuple[tuple[str, int, int], ...] = ()
    """(a supervision agreement's text, the minutes it promises, every so many weeks)"""
