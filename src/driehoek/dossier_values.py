"""The values a dossier holds, each checked as `dossier_model` reads it: ids, days, moments,
names and notes within their limits, the domain's enum values, the record's numbers.
(Split from `dossier_model`, whose models are made of these.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from driehoek.domain import (
    AgreementKind,
    AgreementStatus,
    Continuation,
    Decision,
    Disposition,
    Factor,
    FactorStatus,
    LearningWay,
    MeetingKind,
    Party,
    Pathway,
    PlacementStatus,
    Pressure,
    Question,
    SupportKind,
)
from driehoek.domain_log import LogKind
from driehoek.preparation import MAX_TEXT, Source
from driehoek.record import (
    HOURS_PER_WEEK_MAX,
    HOURS_TOTAL_MAX,
    BadValue,
    Level,
    parse_crebo,
    parse_email,
    parse_recognition,
)
from driehoek.stored import parse_day
from driehoek.text import clean_line

DOSSIER_FORMAT = "driehoek-dossier"
DOSSIER_VERSION = 1
"""As `privacy` writes them (not imported from there: this module is only loaded to import)."""

MAX_DOSSIER_BYTES = 16 * 1024 * 1024
"""A dossier is one student's placements: a few hundred KiB at the very most. Anything larger
is not read at all (a device or a runaway file must not fill the memory)."""
MAX_ID = 2**63 - 1
"""SQLite's largest integer: an id or version above it cannot be stored."""
NAME_MAX = 200
"""Characters in a one-line field: a name, an organisation, a team, a role, a frequency."""
NOTE_MAX = 20_000
"""Characters in a note (some ten pages): notes, goals, agreements, answers, reasons."""
MAX_PLACEMENTS = 200
MAX_MEETINGS = 500
"""Per placement: forty years of quarterly evaluations, and then some."""
MAX_LINES = 1000
"""Rows of one kind in one meeting (participants, goals, agreements, ...)."""
MAX_FEW = 50
"""Rows of a kind a meeting holds a handful of: factors (six), sign-offs (three), ways, the
versions signed (a reopening or two)."""
MAX_LOG = 5000
"""Entries in a placement's log between meetings: one a working day for twenty years."""

_ANY_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")


# -- the values ------------------------------------------------------------------------------


def _day(value: str) -> str:
    if parse_day(value) is None:
        raise PydanticCustomError("not_a_date", "not a date")
    return value


def _moment(value: str) -> str:
    """Any ISO 8601 moment with a time zone, stored as the database does: UTC, seconds."""
    try:
        moment = datetime.fromisoformat(value) if _ANY_MOMENT.match(value) else None
        if moment is None or moment.tzinfo is None:
            raise ValueError(value)
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except (ValueError, OverflowError) as e:  # overflow: year 1 or 9999 moved into UTC
        raise PydanticCustomError("not_a_moment", "not a date and time with a time zone") from e


def _record(parse: Callable[[str], object], kind: str, message: str) -> Callable[[str], str]:
    """A check by one of the record's rules (`record`), with its own kind of error."""

    def check(value: str) -> str:
        try:
            parse(clean_line(value))  # as the import stores it
        except BadValue as e:
            raise PydanticCustomError(kind, message) from e
        return value

    return check


def _not_blank(value: str) -> str:
    if not clean_line(value).strip():
        raise PydanticCustomError("blank", "empty")
    return value


def _nothing_invalid(value: list[str]) -> list[str]:
    if value:
        raise PydanticCustomError(
            "marked_invalid", "could not be read when exported", {"fields": ", ".join(value)}
        )
    return value


E = TypeVar("E", bound=StrEnum)


def _member(kind: type[E]) -> Callable[[object], E]:
    """A check that a value is one of `kind`'s values, with the list in the error."""

    def check(value: object) -> E:
        if isinstance(value, str) and value in kind._value2member_map_:
            return kind(value)
        raise PydanticCustomError(
            "not_one_of", "not one of {allowed}", {"allowed": ", ".join(kind)}
        )

    return check


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]
Name = Annotated[str, Field(max_length=NAME_MAX)]
RequiredName = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_not_blank)]
Note = Annotated[str, Field(max_length=NOTE_MAX)]
Day = Annotated[str, AfterValidator(_day)]
Moment = Annotated[str, Field(max_length=64), AfterValidator(_moment)]
Invalid = Annotated[list[Name], Field(max_length=100), AfterValidator(_nothing_invalid)]
PartyValue = Annotated[Party, BeforeValidator(_member(Party))]
PathwayValue = Annotated[Pathway, BeforeValidator(_member(Pathway))]
KindValue = Annotated[MeetingKind, BeforeValidator(_member(MeetingKind))]
PlacementStatusValue = Annotated[PlacementStatus, BeforeValidator(_member(PlacementStatus))]
FactorValue = Annotated[Factor, BeforeValidator(_member(Factor))]
FactorStatusValue = Annotated[FactorStatus, BeforeValidator(_member(FactorStatus))]
WayValue = Annotated[LearningWay, BeforeValidator(_member(LearningWay))]
PressureValue = Annotated[Pressure, BeforeValidator(_member(Pressure))]
SupportKindValue = Annotated[SupportKind, BeforeValidator(_member(SupportKind))]
AgreementKindValue = Annotated[AgreementKind, BeforeValidator(_member(AgreementKind))]
AgreementStatusValue = Annotated[AgreementStatus, BeforeValidator(_member(AgreementStatus))]
DecisionValue = Annotated[Decision, BeforeValidator(_member(Decision))]
ContinuationValue = Annotated[Continuation, BeforeValidator(_member(Continuation))]
QuestionValue = Annotated[Question, BeforeValidator(_member(Question))]
DispositionValue = Annotated[Disposition, BeforeValidator(_member(Disposition))]
LogKindValue = Annotated[LogKind, BeforeValidator(_member(LogKind))]
LevelValue = Annotated[Level, BeforeValidator(_member(Level))]
Crebo = Annotated[
    str, Field(max_length=NAME_MAX), AfterValidator(_record(parse_crebo, "not_crebo", "crebo"))
]
Recognition = Annotated[
    str,
    Field(max_length=NAME_MAX),
    AfterValidator(_record(parse_recognition, "not_recognition", "recognition number")),
]
Email = Annotated[
    str, Field(max_length=NAME_MAX), AfterValidator(_record(parse_email, "not_email", "e-mail"))
]
SourceValue = Annotated[Source, BeforeValidator(_member(Source))]
PreparedText = Annotated[str, Field(max_length=MAX_TEXT)]
"""A note, an answer or a goal in a party's preparation (as long as its form allows)."""
Uid = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
"""A row's stable identity (`identities`): a random UUID, as 32 hexadecimal digits."""
Base = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
"""The hash of a row's editable columns as the exporting database last agreed on it."""
HoursPerWeek = Annotated[float, Field(ge=0, le=HOURS_PER_WEEK_MAX)]
HoursTotal = Annotated[int, Field(ge=0, le=HOURS_TOTAL_MAX)]


ExtraAnswers = Annotated[
    dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")], Note], Field(max_length=MAX_FEW)
]
"""The answers to a template's extra questions, by question id (`extra_answers`)."""

MANY = Field(max_length=MAX_LINES)
FEW = Field(max_length=MAX_FEW)
