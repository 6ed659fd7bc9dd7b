"""The words of the three-way meeting as types: parties, factors, meetings and what they hold.

Everything here is plain data (enums and frozen dataclasses) so the store, the minutes and the
UI can share it without any of them depending on the others. DOMAIN.md is the source of truth.

The enums (the article's words) live in `vocabulary` and a meeting's rows in `domain_rows`;
this module names them again, so `from driehoek.domain import Factor, Agreement` still works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from driehoek.domain_log import LogEntry, MeetingState, SignedVersion
from driehoek.domain_rows import (
    Agreement as Agreement,
)
from driehoek.domain_rows import (
    Answer as Answer,
)
from driehoek.domain_rows import (
    FactorAssessment as FactorAssessment,
)
from driehoek.domain_rows import (
    LearningGoal as LearningGoal,
)
from driehoek.domain_rows import (
    Participant as Participant,
)
from driehoek.domain_rows import (
    Progress as Progress,
)
from driehoek.domain_rows import (
    Promise as Promise,
)
from driehoek.domain_rows import (
    Review as Review,
)
from driehoek.domain_rows import (
    SignOff as SignOff,
)
from driehoek.domain_rows import (
    SupportItem as SupportItem,
)
from driehoek.record import Level
from driehoek.vocabulary import (
    AgreementKind as AgreementKind,
)
from driehoek.vocabulary import (
    AgreementStatus as AgreementStatus,
)
from driehoek.vocabulary import (
    Continuation as Continuation,
)
from driehoek.vocabulary import (
    Decision as Decision,
)
from driehoek.vocabulary import (
    Disposition as Disposition,
)
from driehoek.vocabulary import (
    Factor as Factor,
)
from driehoek.vocabulary import (
    FactorStatus as FactorStatus,
)
from driehoek.vocabulary import (
    LearningWay as LearningWay,
)
from driehoek.vocabulary import (
    MeetingKind as MeetingKind,
)
from driehoek.vocabulary import (
    Part as Part,
)
from driehoek.vocabulary import (
    Party as Party,
)
from driehoek.vocabulary import (
    Pathway as Pathway,
)
from driehoek.vocabulary import (
    PlacementStatus as PlacementStatus,
)
from driehoek.vocabulary import (
    Pressure as Pressure,
)
from driehoek.vocabulary import (
    Question as Question,
)
from driehoek.vocabulary import (
    SupportKind as SupportKind,
)

if TYPE_CHECKING:
    from driehoek.preparation import Preparation
    from driehoek.template_file import Template

UNKNOWN_DAY = dt.date.min
"""Stands in for a meeting's date that could not be read from the file; the meeting's
`invalid` then names `date`, and the screens show "invalid date" instead."""


@dataclass(frozen=True)
class Ref:
    """Points at one editable row: a part and its id (a factor is named within its meeting)."""

    part: Part
    id: int
    factor: Factor | None = None


@dataclass(frozen=True)
class Placement:
    """One student at one organisation (team, location) for one period."""

    id: int
    student_id: int
    student: str
    organisation_id: int
    organisation: str
    team: str
    programme: str
    pathway: Pathway
    start: dt.date | None
    end: dt.date | None
    status: PlacementStatus
    version: int
    student_version: int
    cadence_months: int = 3
    outcome_reason: str = ""
    # The placement as the school files it (see `record`); empty until someone fills it in.
    student_number: str = ""
    """The student's number at her school (kept with the student: one for all her placements)."""
    school: str = ""
    """The school and its location, as one line: `ROC Midden, locatie Utrecht`."""
    level: Level | None = None
    crebo: str = ""
    cohort: str = ""
    hours_per_week: float | None = None
    hours_total: int | None = None
    workplace_address: str = ""
    recognition_number: str = ""
    """The organisation's SBB recognition number (kept with the organisation: SBB recognises
    the learning company, so it is the same for every student placed there)."""
    practice_supervisor: str = ""
    """The praktijkopleider at the workplace."""
    practice_supervisor_email: str = ""
    practice_supervisor_phone: str = ""
    school_supervisor: str = ""
    """The stagebegeleider from the school."""
    school_supervisor_email: str = ""
    school_supervisor_phone: str = ""
    organisation_version: int = 1
    invalid: tuple[str, ...] = ()
    """Values the file held that could not be read (`rows.Values`): each shows a stand-in."""

    def status_on(self, day: dt.date) -> PlacementStatus:
        """The status on `day`: a placement the intake let run is planned until its start."""
        if self.status is PlacementStatus.RUNNING and self.start is not None and day < self.start:
            return PlacementStatus.PLANNED
        return self.status

    def row(self, ref: Ref) -> object | None:
        """The placement itself, for a ref to it, its student or its organisation."""
        return self if self.version_of(ref) is not None else None

    def version_of(self, ref: Ref) -> int | None:
        """The version of the placement's row, its student's or its organisation's, as
        loaded; None for any other row."""
        if ref.part is Part.PLACEMENT:
            return self.version if ref.id == self.id else None
        if ref.part is Part.STUDENT:
            return self.student_version if ref.id == self.student_id else None
        if ref.part is Part.ORGANISATION:
            return self.organisation_version if ref.id == self.organisation_id else None
        return None


@dataclass(frozen=True)
class Meeting:
    """A meeting of the triangle and everything recorded in it."""

    id: int
    kind: MeetingKind
    date: dt.date
    placement: Placement
    learning_ways: frozenset[LearningWay]
    learning_note: str
    decision: Decision | None
    decision_reasons: str
    next_evaluation: dt.date | None
    version: int
    participants: tuple[Participant, ...] = ()
    goals: tuple[LearningGoal, ...] = ()
    factors: tuple[FactorAssessment, ...] = ()
    support: tuple[SupportItem, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    sign_offs: tuple[SignOff, ...] = field(default=())
    continuation: Continuation | None = None
    answers: tuple[Answer, ...] = ()
    progress: tuple[Progress, ...] = ()
    reviews: tuple[Review, ...] = ()
    previous_factors: tuple[FactorAssessment, ...] = ()
    """The factors as the previous meeting of the placement left them (empty at an intake)."""
    signed_versions: tuple[SignedVersion, ...] = ()
    """Each time all three signed it, oldest first, and whether it was reopened after that."""
    between: tuple[LogEntry, ...] = ()
    """The placement's log between meetings as this evaluation took it up (its starting
    point), oldest first."""
    location: str = ""
    """Where the meeting was held."""
    minute_taker: str = ""
    """Who took the minutes."""
    pressures: frozenset[Pressure] = frozenset()
    """The pressures the table named at this workplace (ticked in the workplace step)."""
    pressures_note: str = ""
    room_for_mistakes: FactorStatus = FactorStatus.NOT_DISCUSSED
    """Whether there is room to make mistakes (asked with factor 2, on the factors' scale)."""
    invalid: tuple[str, ...] = ()
    """Values of the meeting and its lines that could not be read from the file: `date`, or
    `agreements 7: due`; each shows a stand-in (`UNKNOWN_DAY` for the date)."""
    template: Template | None = None
    """Its programme's template, the one it was held with once signed (None: the article's)."""
    extra_answers: tuple[tuple[str, str], ...] = ()
    """The answers to its template's extra questions: (question id, answer), by id; an id
    the template no longer asks keeps its answer (`template_extras`)."""
    preparations: tuple[Preparation, ...] = ()
    """Each party's own view, answered before the meeting (`preparation`): kept apart from
    the minutes, which only say who prepared; left out of the meeting's data (`serialize`)."""
    since: dt.date | None = None
    """The day of the placement's previous meeting (None: this is its first, or that day
    cannot be read): where the period an evaluation looks back on starts."""
    supervision_minutes: int | None = None
    """The supervision time given since the previous meeting, as estimated at an evaluation
    (None: not recorded)."""
    supervision_threshold: int = 75
    """Below this share of the promised time (percent) the period is flagged: the setting,
    kept with the meeting once all three signed it so its minutes stay as signed."""

    @property
    def closed(self) -> bool:
        """Signed by all three: read-only until it is reopened."""
        return all(self.signed(party) is not None for party in Party)

    @property
    def state(self) -> MeetingState:
        """A draft, signed by all three, or reopened since it was."""
        return meeting_state(len(self.sign_offs), any(v.reopened for v in self.signed_versions))

    @property
    def day(self) -> dt.date | None:
        """The meeting's date, or None where the file's could not be read."""
        return None if "date" in self.invalid else self.date

    @property
    def prepared_by(self) -> tuple[Party, ...]:
        """The parties that prepared the meeting, in the triangle's order."""
        return tuple(p.party for p in self.preparations)

    def factor(self, factor: Factor) -> FactorAssessment:
        """The assessment of one factor; every meeting holds all six."""
        return next(f for f in self.factors if f.factor is factor)

    def previous(self, factor: Factor) -> FactorAssessment | None:
        """The factor as the previous meeting left it, if there was one."""
        return next((f for f in self.previous_factors if f.factor is factor), None)

    def answer(self, question: Question, party: Party) -> Answer | None:
        """One party's answer to one question (an evaluation holds all twelve)."""
        return next((a for a in self.answers if a.question is question and a.party is party), None)

    def extra_answer(self, key: str) -> str:
        """The answer to the extra question `key` (empty: none yet)."""
        return next((text for k, text in self.extra_answers if k == key), "")

    def signed(self, party: Party) -> SignOff | None:
        """The sign-off of one party, if it has signed."""
        return next((s for s in self.sign_offs if s.party is party), None)

    def row(self, ref: Ref) -> object | None:
        """The loaded row `ref` points at (the meeting, its placement, a participant, a
        goal, a factor, ...), or None if it is not part of this meeting."""
        if ref.part is Part.MEETING:
            return self if ref.id == self.id else None
        if ref.part in (Part.PLACEMENT, Part.STUDENT, Part.ORGANISATION):
            return self.placement.row(ref)
        if ref.part is Part.FACTOR:
            return next((f for f in self.factors if f.factor is ref.factor), None)
        if ref.part is Part.ANSWER:
            return next((a for a in self.answers if a.id == ref.id), None)
        if ref.part is Part.PROGRESS:
            return next((p for p in self.progress if p.id == ref.id), None)
        if ref.part is Part.DISPOSITION:
            return next((r for r in self.reviews if r.id == ref.id), None)
        return next((r for r in self.lines(ref.part) if r.id == ref.id), None)

    def lines(self, part: Part) -> Sequence[Participant | LearningGoal | SupportItem | Agreement]:
        """The rows of `part` a step lists a line each of: the people at the table, the goals,
        the support, else the agreements."""
        if part is Part.PARTICIPANT:
            return self.participants
        if part is Part.GOAL:
            return self.goals
        if part is Part.SUPPORT:
            return self.support
        return self.agreements

    def refs(self) -> frozenset[Ref]:
        """Every row of the meeting that has lines of its own on screen (for noticing rows
        that another session added or removed)."""
        return frozenset(
            [Ref(Part.PARTICIPANT, p.id) for p in self.participants]
            + [Ref(Part.GOAL, g.id) for g in self.goals]
            + [Ref(Part.SUPPORT, s.id) for s in self.support]
            + [Ref(Part.AGREEMENT, a.id) for a in self.agreements]
        )

    def version_of(self, ref: Ref) -> int | None:
        """The version of the row `ref` points at, as loaded; None if the row is not here."""
        if ref.part in (Part.PLACEMENT, Part.STUDENT, Part.ORGANISATION):
            return self.placement.version_of(ref)
        row = self.row(ref)
        version = getattr(row, "version", None)
        return version if isinstance(version, int) else None


def meeting_state(signed_by: int, reopened: bool) -> MeetingState:
    """The state of a meeting that `signed_by` parties signed, reopened before or not."""
    if signed_by >= len(Party):
        return MeetingState.SIGNED
    return MeetingState.REOPENED if reopened else MeetingState.DRAFT


@dataclass(frozen=True)
class MeetingSummary:
    """One line of a meeting list: enough to find it, nothing more."""

    id: int
    placement_id: int
    kind: MeetingKind
    date: dt.date
    student: str
    organisation: str
    team: str
    decision: Decision | None
    signed_by: int
    continuation: Continuation | None = None
    empty: bool = False
    """Nothing is written in it yet (`schedule`): an evaluation like that does not count."""
    invalid: tuple[str, ...] = ()
    """As `Meeting.invalid`, for the values listed here."""
    reopened: bool = False
    """Whether it was ever reopened after all three signed it."""

    @property
    def counts(self) -> bool:
        """Whether it counts for planning, `list` and the report: an intake always, an
        evaluation once something is written in it."""
        return self.kind is MeetingKind.INTAKE or not self.empty

    @property
    def day(self) -> dt.date | None:
        """The meeting's date, or None where the file's could not be read."""
        return None if "date" in self.invalid else self.date

    @property
    def state(self) -> MeetingState:
        """A draft, signed by all three, or reopened since it was."""
        return meeting_state(self.signed_by, self.reopened)

    @property
    def outcome(self) -> Decision | Continuation | None:
        """The meeting's conclusion: an intake's decision, an evaluation's continuation."""
        return self.continuation if self.kind is MeetingKind.EVALUATION else self.decision
