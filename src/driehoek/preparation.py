"""One party's own view of a meeting, answered privately before it, and what the views say
together.

A preparation is kept apart from the minutes: nothing here changes a meeting. The meeting
screen shows where the parties' views differ (`compare`); where they all agree, a step starts
with that answer filled in (`starting_point`); what is left, a view one party gave and none
contradicted, or an answer the table cleared, it offers as a proposal for fields still empty
(`proposal`), for the table to adopt with a key, or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from driehoek.domain import Factor, FactorStatus, MeetingKind, Party, Question

ANSWERED = (FactorStatus.PRESENT, FactorStatus.ABSENT, FactorStatus.REALISABLE)
"""The statuses a party can tick in a form (not discussed is what an unticked factor is)."""

MAX_TEXT = 4000
"""The most characters one answer (a note, an answer to a question, a goal) may hold."""

MAX_GOALS = 20
"""The most learning goals a student's form may bring."""


class Source(StrEnum):
    """How a preparation came in: a form read from a file, or a form sent from a browser."""

    FORM = "form"
    LINK = "link"


@dataclass(frozen=True)
class PreparedFactor:
    """One party's view of one factor: a status it ticked (or not discussed) and a note."""

    factor: Factor
    status: FactorStatus = FactorStatus.NOT_DISCUSSED
    note: str = ""


@dataclass(frozen=True)
class Preparation:
    """What one party answered for one meeting before it; a newer one replaces it."""

    meeting_id: int
    party: Party
    kind: MeetingKind
    factors: tuple[PreparedFactor, ...] = ()
    answers: tuple[tuple[Question, str], ...] = ()
    """An evaluation's four questions, answered (those left empty are not here)."""
    goals: tuple[str, ...] = ()
    """An intake: the learning goals the student wrote down (only the student's form asks)."""
    source: Source = Source.FORM
    updated_at: dt.datetime | None = None
    updated_by: str = ""
    version: int = 1

    def factor(self, factor: Factor) -> PreparedFactor:
        """This party's view of `factor` (not discussed, without a note, if it gave none)."""
        return next((f for f in self.factors if f.factor is factor), PreparedFactor(factor))

    def answer(self, question: Question) -> str:
        """This party's answer to `question`, or ''."""
        return next((text for q, text in self.answers if q is question), "")

    @property
    def empty(self) -> bool:
        """Whether nothing at all was answered (a form read back untouched)."""
        return (
            all(f.status is FactorStatus.NOT_DISCUSSED and not f.note for f in self.factors)
            and not any(text for _q, text in self.answers)
            and not self.goals
        )


@dataclass(frozen=True)
class FactorViews:
    """The parties' views of one factor, side by side."""

    factor: Factor
    views: tuple[tuple[Party, PreparedFactor], ...]
    """Each party that prepared, in the triangle's order, with its view (ticked or not)."""

    @property
    def statuses(self) -> frozenset[FactorStatus]:
        """The statuses the parties ticked (not discussed left out)."""
        return frozenset(v.status for _p, v in self.views if v.status in ANSWERED)

    @property
    def differs(self) -> bool:
        """Two parties ticked different statuses: the table talks about this one first."""
        return len(self.statuses) > 1

    @property
    def agreed(self) -> FactorStatus | None:
        """The status every party that ticked one ticked, when they agree (and one did)."""
        return next(iter(self.statuses)) if len(self.statuses) == 1 else None

    @property
    def noted(self) -> tuple[tuple[Party, str], ...]:
        """The parties' notes on it, those that wrote one."""
        return tuple((p, v.note) for p, v in self.views if v.note)


def in_order(preparations: Iterable[Preparation]) -> tuple[Preparation, ...]:
    """The preparations in the triangle's order: student, workplace, school."""
    order = list(Party)
    return tuple(sorted(preparations, key=lambda p: order.index(p.party)))


def compare(preparations: Iterable[Preparation]) -> Mapping[Factor, FactorViews]:
    """Each factor with the parties' views of it (empty views when nobody prepared)."""
    ordered = in_order(preparations)
    return {
        factor: FactorViews(factor, tuple((p.party, p.factor(factor)) for p in ordered))
        for factor in Factor
    }


def differing(preparations: Iterable[Preparation]) -> tuple[Factor, ...]:
    """The factors on which two parties ticked different statuses, in the article's order."""
    return tuple(f for f, views in compare(preparations).items() if views.differs)


@dataclass(frozen=True)
class Proposal:
    """What the parties agree on for one factor, for the table to adopt into empty fields."""

    status: FactorStatus | None
    """The agreed status, if the factor is still not discussed in the meeting."""
    note: str
    """The parties' notes, each named, if the meeting's note is still empty."""


def proposal(
    views: FactorViews, status: FactorStatus, note: str, names: Mapping[Party, str]
) -> Proposal | None:
    """The starting point the preparations offer for a factor whose meeting fields hold
    `status` and `note`: only where the parties agree, and only into fields still empty.

    Args:
        views: The parties' views of the factor.
        status: Its status in the meeting now.
        note: Its note in the meeting now.
        names: How each party is named in the note (`Werkplek: ...`), in the meeting's language.
    """
    agreed = views.agreed
    if agreed is None:
        return None
    new_status = agreed if status is FactorStatus.NOT_DISCUSSED else None
    new_note = ""
    if not note.strip():
        new_note = "\n".join(f"{names[p]}: {text}" for p, text in views.noted)
    if new_status is None and not new_note:
        return None
    return Proposal(new_status, new_note)
