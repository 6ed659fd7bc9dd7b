"""The dossier file's shape: what `driehoek import` accepts, every value checked before
anything is written (`dossier_check.parse` reads a file against it).

A dossier comes from outside (another database, a mail, an editor): types, real calendar
days, ranges (ids SQLite can store), the domain's enum values and text lengths are all
checked here, and every problem is reported with its place in the file, not only the first.

Why pydantic (v2) and not jsonschema: the file is parsed by pydantic-core's JSON parser,
which has a nesting limit of its own and reports a too deeply nested file as an error (the
standard library's `json.loads` raises RecursionError, and jsonschema validates the parsed
object recursively in Python); its errors carry their place as a tuple and a type with
parameters, so each one becomes one line in the user's language; and the models are typed
objects with the domain's own enums, so the importer reads attributes instead of indexing
dicts that may hold anything.

Strict and closed: no coercion ("3" is not 3, 1.0 is not 1, true is not 1), and
`extra="forbid"`: an unknown key is refused rather than dropped, because it is either a typo
(a misspelt `end` would otherwise lose the end date without a word) or a newer format that
this driehoek would half read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
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
from driehoek.supervision_time import MAX_GIVEN, MAX_MINUTES, MAX_WEEKS
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
Uid = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
"""A row's stable identity (`identities`): a random UUID, as 32 hexadecimal digits."""
Base = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
"""The hash of a row's editable columns as the exporting database last agreed on it."""
HoursPerWeek = Annotated[float, Field(ge=0, le=HOURS_PER_WEEK_MAX)]
HoursTotal = Annotated[int, Field(ge=0, le=HOURS_TOTAL_MAX)]


_LINES = Field(max_length=MAX_LINES)
_FEW = Field(max_length=MAX_FEW)


class _Closed(BaseModel):
    """Strict (no coercion), closed (no unknown keys), and read-only once checked."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# -- the dossier, as `privacy.dossier` writes it ------------------------------------------------


class Student(_Closed):
    id: Id
    name: RequiredName
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None
    student_number: Name = ""  # added with the placement record: older dossiers have none


class Participant(_Closed):
    id: Id
    party: PartyValue
    name: Name
    role: Name
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class Goal(_Closed):
    id: Id
    text: Note
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class FactorRow(_Closed):
    factor: FactorValue
    status: FactorStatusValue
    note: Note
    version: Version
    base: Base | None = None  # added when placements could be taken along


class Support(_Closed):
    id: Id
    kind: SupportKindValue
    text: Note
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class Promise(_Closed):
    """The supervision time an agreement promises: minutes every so many weeks."""

    minutes: Annotated[int, Field(ge=1, le=MAX_MINUTES)]
    weeks: Annotated[int, Field(ge=1, le=MAX_WEEKS)]


class Agreement(_Closed):
    id: Id
    kind: AgreementKindValue
    text: Note
    owner: PartyValue
    due: Day | None
    frequency: Name
    status: AgreementStatusValue
    factor: FactorValue | None
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None
    promise: Promise | None = None  # added with supervision time: older dossiers have none


class SignOff(_Closed):
    party: PartyValue
    name: Name
    signed_at: Moment


class Answer(_Closed):
    id: Id
    question: QuestionValue
    party: PartyValue
    text: Note
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class Progress(_Closed):
    id: Id
    goal_id: Id
    goal: Note | None = None  # a copy of the goal's text, for the reader; not imported
    text: Note
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class Review(_Closed):
    id: Id
    agreement: Agreement  # the agreement under review, as a copy: only its id is imported
    made_on: Day | None = None
    carried: Annotated[int, Field(ge=0, le=MAX_ID)] | None = None
    disposition: DispositionValue | None
    reason: Note
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class _Content(_Closed):
    """What a meeting holds: in the dossier, and in each version of it all three signed."""

    id: Id
    kind: KindValue
    date: Day
    learning_ways: Annotated[list[WayValue], _FEW]
    learning_note: Note
    decision: DecisionValue | None
    decision_reasons: Note
    next_evaluation: Day | None
    version: Version
    participants: Annotated[list[Participant], _LINES]
    goals: Annotated[list[Goal], _LINES]
    factors: Annotated[list[FactorRow], _FEW]
    support: Annotated[list[Support], _LINES]
    agreements: Annotated[list[Agreement], _LINES]
    sign_offs: Annotated[list[SignOff], _FEW]
    # Added with the quarterly evaluation: a dossier of an older driehoek has none of these.
    continuation: ContinuationValue | None = None
    answers: Annotated[list[Answer], _LINES] = []
    progress: Annotated[list[Progress], _LINES] = []
    reviews: Annotated[list[Review], _LINES] = []
    # Added with supervision time (issue 13.3): older dossiers have none of these. `since`
    # (the meeting before's day) is for the reader and not imported.
    since: Day | None = None
    supervision_minutes: Annotated[int, Field(ge=0, le=MAX_GIVEN)] | None = None
    supervision_threshold: Annotated[int, Field(ge=1, le=100)] | None = None


class Signed(_Content):
    """A meeting as all three signed it (`signing.snapshot`): kept as it is, to show what
    changed after a reopening. A value the meeting could not read when it was signed is null
    here (the snapshot says what was there, not what should have been)."""

    kind: KindValue | None  # type: ignore[assignment]
    date: Day | None  # type: ignore[assignment]
    learning_ways: Annotated[list[WayValue], _FEW] | None  # type: ignore[assignment]
    # Where it was held and who took the minutes (the placement record), once signed.
    location: Name = ""
    minute_taker: Name = ""
    pressures: Annotated[list[PressureValue], _FEW] = []
    pressures_note: Note = ""
    room_for_mistakes: FactorStatusValue = FactorStatus.NOT_DISCUSSED


class SignedVersion(_Closed):
    signed_at: Moment
    data: Signed
    reopened_at: Moment | None = None
    reopened_by: Name = ""
    reason: Note = ""


class Meeting(_Content):
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None
    # The factors as the meeting before left them, for the reader; not imported.
    previous_factors: Annotated[list[FactorRow], _FEW] = []
    # Added when signed came to mean signed: a dossier of an older driehoek has none.
    signed_versions: Annotated[list[SignedVersion], _FEW] = []
    # Added with the placement record.
    location: Name = ""
    minute_taker: Name = ""
    # Added with the article's pressures: a dossier of an older driehoek has none of these.
    pressures: Annotated[list[PressureValue], _FEW] = []
    pressures_note: Note = ""
    room_for_mistakes: FactorStatusValue = FactorStatus.NOT_DISCUSSED
    invalid: Invalid = []


class LogEntry(_Closed):
    """An entry of the placement's log between meetings."""

    id: Id
    meeting_id: Id | None  # the evaluation that took it up, if one did
    day: Day
    kind: LogKindValue
    text: Note
    agreement_id: Id | None
    agreement: Note = ""  # a copy of the agreement's text, for the reader; not imported
    created_by: Name = ""
    created_at: Moment
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None


class Placement(_Closed):
    id: Id
    # The student and the organisation as the exporting database numbered them: for the
    # reader; the import takes the dossier's student and finds the organisation by name.
    student_id: Id | None = None
    student: Name | None = None
    organisation_id: Id | None = None
    student_version: Version | None = None
    organisation: RequiredName
    team: Name
    programme: Name
    pathway: PathwayValue
    start: Day | None
    end: Day | None
    status: PlacementStatusValue
    version: Version
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None
    cadence_months: Annotated[int, Field(ge=1, le=24)] = 3
    outcome_reason: Note = ""
    # The placement as the school files it (`record`); a dossier of an older driehoek has
    # none of it. The student number is imported with the student (this copy is for the
    # reader), the recognition number with the organisation where it has none yet.
    student_number: Name = ""
    school: Name = ""
    level: LevelValue | None = None
    crebo: Crebo = ""
    cohort: Name = ""
    hours_per_week: HoursPerWeek | None = None
    hours_total: HoursTotal | None = None
    workplace_address: Name = ""
    recognition_number: Recognition = ""
    practice_supervisor: Name = ""
    practice_supervisor_email: Email = ""
    practice_supervisor_phone: Name = ""
    school_supervisor: Name = ""
    school_supervisor_email: Email = ""
    school_supervisor_phone: Name = ""
    organisation_version: Version | None = None  # for the reader, as `organisation_id`
    meetings: Annotated[list[Meeting], Field(max_length=MAX_MEETINGS)]
    logbook: Annotated[list[LogEntry], Field(max_length=MAX_LOG)] = []
    invalid: Invalid = []


class UnreadableValue(_Closed):
    """A value an upgrade could not keep in its place (see migrations: set aside)."""

    entity: Name
    entity_id: Annotated[int, Field(ge=0, le=MAX_ID)] | None
    column: Name
    value: Note
    at: Moment


class Dossier(_Closed):
    format: Literal["driehoek-dossier"]
    format_version: Literal[1]
    driehoek: Annotated[str, Field(max_length=50)] = ""
    student: Student
    placements: Annotated[list[Placement], Field(max_length=MAX_PLACEMENTS)]
    unreadable_values: Annotated[list[UnreadableValue], _LINES] = []
