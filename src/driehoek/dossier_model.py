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

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from driehoek.domain import (
    FactorStatus,
)
from driehoek.dossier_values import (
    DOSSIER_FORMAT as DOSSIER_FORMAT,
)
from driehoek.dossier_values import (
    DOSSIER_VERSION as DOSSIER_VERSION,
)
from driehoek.dossier_values import (
    FEW,
    MANY,
    MAX_LOG,
    MAX_MEETINGS,
    MAX_PLACEMENTS,
    AgreementKindValue,
    AgreementStatusValue,
    Base,
    ContinuationValue,
    Crebo,
    Day,
    DecisionValue,
    DispositionValue,
    Email,
    ExtraAnswers,
    FactorStatusValue,
    FactorValue,
    HoursPerWeek,
    HoursTotal,
    Id,
    Invalid,
    KindValue,
    LevelValue,
    LogKindValue,
    Moment,
    Name,
    Note,
    PartyValue,
    PathwayValue,
    PlacementStatusValue,
    PreparedText,
    PressureValue,
    QuestionValue,
    Recognition,
    RequiredName,
    SourceValue,
    SupportKindValue,
    Uid,
    Version,
    WayValue,
)
from driehoek.dossier_values import (
    MAX_DOSSIER_BYTES as MAX_DOSSIER_BYTES,
)
from driehoek.dossier_values import (
    MAX_ID as MAX_ID,
)
from driehoek.preparation import MAX_GOALS
from driehoek.supervision_time import MAX_GIVEN, MAX_MINUTES, MAX_WEEKS


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
    learning_ways: Annotated[list[WayValue], FEW]
    learning_note: Note
    decision: DecisionValue | None
    decision_reasons: Note
    next_evaluation: Day | None
    version: Version
    participants: Annotated[list[Participant], MANY]
    goals: Annotated[list[Goal], MANY]
    factors: Annotated[list[FactorRow], FEW]
    support: Annotated[list[Support], MANY]
    agreements: Annotated[list[Agreement], MANY]
    sign_offs: Annotated[list[SignOff], FEW]
    # Added with the quarterly evaluation: a dossier of an older driehoek has none of these.
    continuation: ContinuationValue | None = None
    answers: Annotated[list[Answer], MANY] = []
    progress: Annotated[list[Progress], MANY] = []
    reviews: Annotated[list[Review], MANY] = []
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
    learning_ways: Annotated[list[WayValue], FEW] | None  # type: ignore[assignment]
    # Where it was held and who took the minutes (the placement record), once signed.
    location: Name = ""
    minute_taker: Name = ""
    pressures: Annotated[list[PressureValue], FEW] = []
    pressures_note: Note = ""
    room_for_mistakes: FactorStatusValue = FactorStatus.NOT_DISCUSSED
    # Added with a template's extra questions: an older dossier has none.
    extra_answers: ExtraAnswers = {}


class SignedVersion(_Closed):
    signed_at: Moment
    data: Signed
    reopened_at: Moment | None = None
    reopened_by: Name = ""
    reason: Note = ""


class PreparedView(_Closed):
    """One party's view of one factor, as its preparation keeps it."""

    status: FactorStatusValue
    note: PreparedText = ""


class PreparedAnswers(_Closed):
    """A preparation's answers, as `prepared.to_json` keeps them."""

    kind: KindValue
    factors: Annotated[dict[FactorValue, PreparedView], FEW] = {}
    questions: Annotated[dict[QuestionValue, PreparedText], FEW] = {}
    goals: Annotated[list[PreparedText], Field(max_length=MAX_GOALS)] = []


class Preparation(_Closed):
    """One party's own view of the meeting, answered before it (`preparation`): no part of
    the minutes, but it goes along with a meeting held on a laptop (`dossier_prepared`)."""

    party: PartyValue
    answers: PreparedAnswers
    source: SourceValue
    version: Version
    updated_at: Moment
    updated_by: Name = ""


class Meeting(_Content):
    # Added when placements could be taken along: an older dossier has none of them.
    uid: Uid | None = None
    base: Base | None = None
    # The factors as the meeting before left them, for the reader; not imported.
    previous_factors: Annotated[list[FactorRow], FEW] = []
    # Added when signed came to mean signed: a dossier of an older driehoek has none.
    signed_versions: Annotated[list[SignedVersion], FEW] = []
    # Added with the placement record.
    location: Name = ""
    minute_taker: Name = ""
    # Added with the article's pressures: a dossier of an older driehoek has none of these.
    pressures: Annotated[list[PressureValue], FEW] = []
    pressures_note: Note = ""
    room_for_mistakes: FactorStatusValue = FactorStatus.NOT_DISCUSSED
    # Added with a template's extra questions: an older dossier has none.
    extra_answers: ExtraAnswers = {}
    invalid: Invalid = []
    # Added with the parties' preparations: a dossier of an older driehoek has none.
    preparations: Annotated[list[Preparation], FEW] = []


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
    unreadable_values: Annotated[list[UnreadableValue], MANY] = []
