"""The article's words as enums: the parties, the six factors, statuses, kinds and choices.

`domain` builds the meeting's data out of them and names them again, so `from driehoek.domain
import Factor` works wherever the rest of the domain is used; a module that needs only the
words (the store's checks, the CSV columns) can take them from here.
"""

from __future__ import annotations

from enum import StrEnum


class Party(StrEnum):
    """The three corners of the triangle; every agreement has exactly one owner among them."""

    STUDENT = "student"
    WORKPLACE = "workplace"
    SCHOOL = "school"


class Pathway(StrEnum):
    """BOL: full-time study with an internship; BBL: an employed apprentice."""

    BOL = "BOL"
    BBL = "BBL"


class MeetingKind(StrEnum):
    """The intake before the placement starts; the evaluation every quarter."""

    INTAKE = "intake"
    EVALUATION = "evaluation"


class PlacementStatus(StrEnum):
    """Where a placement stands; the intake's decision moves it out of PLANNED."""

    PLANNED = "planned"
    RUNNING = "running"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    NOT_STARTED = "not_started"


class Factor(StrEnum):
    """The six factors of a powerful learning workplace (Blokhuis, 2004), in the article's order."""

    INVOLVEMENT = "involvement"
    EXPERIMENT = "experiment"
    SUPPORT = "support"
    VARIATION = "variation"
    AUTONOMY = "autonomy"
    INFORMATION = "information"

    @property
    def number(self) -> int:
        """1 to 6, as the article counts them."""
        return list(Factor).index(self) + 1

    @property
    def agreement_kind(self) -> AgreementKind:
        """The kind of agreement that mends this factor when it is absent or realisable.

        By what the article asks of each factor: involvement, room to experiment, variation
        and task autonomy are about the work itself (which tasks, which activities, how she
        may do them): a work agreement. Support, feedback and reflection is the supervision
        (feedback moments, reflecting together), and task information is what the
        supervision makes clear (how the placement is organised, what is expected, by which
        criteria): a supervision agreement.
        """
        if self in (Factor.SUPPORT, Factor.INFORMATION):
            return AgreementKind.SUPERVISION
        return AgreementKind.WORK


class FactorStatus(StrEnum):
    """What the table concluded about one factor at this workplace."""

    NOT_DISCUSSED = "not_discussed"
    PRESENT = "present"
    ABSENT = "absent"
    REALISABLE = "realisable"

    @property
    def calls_for_agreement(self) -> bool:
        """An absent or realisable factor is the natural source of an agreement."""
        return self in (FactorStatus.ABSENT, FactorStatus.REALISABLE)


class Pressure(StrEnum):
    """What makes the six factors hard to realise, as the article names it: the pressures many
    care organisations struggle with. Learning is still possible under them, if the triangle
    makes the conditions explicit; so they are recorded, never held against the place.

    The one list of them in the code, in the article's order; the words shown for them come
    from the catalogue (`pressure.*`).
    """

    WORKLOAD = "workload"
    BUDGET_CUTS = "budget_cuts"
    STAFF_TURNOVER = "staff_turnover"
    AGGRESSIVE_CLIENTS = "aggressive_clients"
    SICK_LEAVE = "sick_leave"


class LearningWay(StrEnum):
    """How a student learns best; the table ticks the ones that fit her."""

    DOING = "doing"
    WATCHING = "watching"
    FEEDBACK = "feedback"
    READING = "reading"
    REFLECTING = "reflecting"


class SupportKind(StrEnum):
    """The forms of support a school can give a student at the workplace."""

    VISIT = "visit"
    RETURN_DAY = "return_day"
    ASSIGNMENT = "assignment"
    INTERVISION = "intervision"
    CONTACT = "contact"
    OTHER = "other"


class AgreementKind(StrEnum):
    """Work agreements are about the work; supervision agreements about the guidance."""

    WORK = "work"
    SUPERVISION = "supervision"


class AgreementStatus(StrEnum):
    """An agreement is open until an evaluation says what became of it."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Question(StrEnum):
    """The four questions of the quarterly evaluation (DOMAIN.md), in the article's order."""

    LEARNING = "learning"
    TIME = "time"
    SUPERVISION = "supervision"
    ATTENTION = "attention"


class Disposition(StrEnum):
    """What became of an open agreement at an evaluation."""

    DONE = "done"
    CARRY = "carry"
    DROP = "drop"

    @property
    def needs_reason(self) -> bool:
        """Carrying forward and dropping must say why; done needs no explanation."""
        return self is not Disposition.DONE

    @property
    def status(self) -> AgreementStatus:
        """The agreement's status once it has this disposition."""
        return {
            Disposition.DONE: AgreementStatus.DONE,
            Disposition.CARRY: AgreementStatus.OPEN,
            Disposition.DROP: AgreementStatus.DROPPED,
        }[self]


class Continuation(StrEnum):
    """An evaluation's conclusion: go on as agreed, go on with changes, or end the placement."""

    CONTINUE = "continue"
    ADJUST = "adjust"
    END = "end"

    @property
    def needs_reasons(self) -> bool:
        """Adjusting and ending must say why."""
        return self is not Continuation.CONTINUE


class Decision(StrEnum):
    """The intake's conclusion: is this workplace a good learning place for this student?"""

    SUITABLE = "suitable"
    SUITABLE_WITH_CONDITIONS = "conditions"
    NOT_SUITABLE = "not_suitable"

    @property
    def needs_reasons(self) -> bool:
        """Conditions and a refusal must say why; a plain yes may."""
        return self is not Decision.SUITABLE


class Part(StrEnum):
    """The kinds of row an edit can change; each is one table in the store."""

    MEETING = "meetings"
    PLACEMENT = "placements"
    STUDENT = "students"
    PARTICIPANT = "participants"
    GOAL = "goals"
    FACTOR = "factors"
    SUPPORT = "support"
    AGREEMENT = "agreements"
    DISPOSITION = "dispositions"
    ANSWER = "answers"
    PROGRESS = "progress"
    ORGANISATION = "organisations"
