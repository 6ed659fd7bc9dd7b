"""Enough time for supervision? The time a supervision agreement promises against the time the
parties say was given, per period between two meetings (issue 13.3).

A promise is "N minutes every K weeks" (60 a week, 30 every two weeks). At an evaluation the
table estimates the minutes actually given since the previous meeting. The promised minutes of
that period are the promises in force then (the supervision agreements under review) spread
over its days; the share given is compared with a threshold (a setting, 75 % unless set).
It judges the workplace's conditions, never the student: the figures are about the place.

Plain arithmetic over the domain's values: no Textual, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from driehoek.domain import Agreement, AgreementKind, Meeting, MeetingKind, Promise

MAX_MINUTES = 6000
"""The most minutes one promise may name (100 hours): more is a typing slip."""
MAX_WEEKS = 52
"""The longest interval one promise may name: once a year."""
MAX_GIVEN = 100_000
"""The most minutes given one period may hold (over 1600 hours): more is a typing slip."""
DEFAULT_THRESHOLD = 75
"""Below this share of the promised time (percent) a period and a placement are flagged."""


class TimeError(ValueError):
    """Typed time that cannot be used; `key` names the message (`supervision.<key>`)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


_NUMBER = r"(\d+)"
_PROMISE = re.compile(
    rf"^{_NUMBER}\s*(?:m|min|mins|minuut|minuten|minute|minutes)?\.?"
    r"\s*(?:(?:/|per|every|each|elke|iedere|om\s+de)\s*"
    rf"(?:{_NUMBER}\s*)?(?:w|wk|wks|week|weken|weeks)?\.?)?$",
    re.IGNORECASE,
)


def _whole(digits: str) -> int:
    if len(digits) > 9:  # 10**12 typed: refused before it becomes a number at all
        raise TimeError("too_many")
    return int(digits)


def parse_promise(text: str) -> Promise | None:
    """ "60", "60/1", "30/2", "30 min every 2 weeks", "30 minuten per 2 weken"; empty: none.

    Raises:
        TimeError: Not understood (`promise_form`), or out of bounds (`minutes_range`,
            `weeks_range`).
    """
    text = text.strip()
    if not text:
        return None
    match = _PROMISE.match(text)
    if match is None:
        raise TimeError("promise_form")
    try:
        minutes = _whole(match.group(1))
        weeks = _whole(match.group(2)) if match.group(2) else 1
    except TimeError:
        raise TimeError("minutes_range") from None
    if not 1 <= minutes <= MAX_MINUTES:
        raise TimeError("minutes_range")
    if not 1 <= weeks <= MAX_WEEKS:
        raise TimeError("weeks_range")
    return Promise(minutes, weeks)


def parse_given(text: str) -> int | None:
    """The minutes given, as typed ("240", "240 min"); empty: not recorded.

    Raises:
        TimeError: Not a whole number of minutes (`given_form`), or absurdly many
            (`given_range`).
    """
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(rf"{_NUMBER}\s*(?:m|min|mins|minuten|minutes)?\.?", text, re.I)
    if match is None:
        raise TimeError("given_form")
    try:
        given = _whole(match.group(1))
    except TimeError:
        raise TimeError("given_range") from None
    if given > MAX_GIVEN:
        raise TimeError("given_range")
    return given


def promise_of(agreement: Agreement) -> Promise | None:
    """The time a supervision agreement promises (a work agreement promises none)."""
    if agreement.kind is not AgreementKind.SUPERVISION:
        return None
    return agreement.promise


def promise_text(promise: Promise | None) -> str:
    """As typed back into the field: "60/1"; empty for none."""
    return "" if promise is None else f"{promise.minutes}/{promise.weeks}"


@dataclass(frozen=True)
class Period:
    """The time between two meetings: what was promised in it and what was given."""

    start: date
    end: date
    promised: int
    """Minutes, rounded."""
    given: int | None
    """Minutes, as estimated at the evaluation that ends the period (None: not recorded)."""

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days)

    @property
    def share(self) -> int | None:
        """The percentage given of what was promised (None: nothing to compare)."""
        return share(self.promised, self.given)

    def short(self, threshold: int) -> bool:
        """Whether less than `threshold` percent of the promised time was given."""
        return is_short(self.promised, self.given, threshold)


def share(promised: int, given: int | None) -> int | None:
    """`given` as a whole percentage of `promised`, rounded down (None: no comparison)."""
    if given is None or promised <= 0:
        return None
    return given * 100 // promised


def is_short(promised: int, given: int | None, threshold: int) -> bool:
    """Whether less than `threshold` percent of `promised` was given (exact, not rounded)."""
    if given is None or promised <= 0:
        return False
    return given * 100 < threshold * promised


def promised_over(promises: Iterable[Promise], days: int) -> int:
    """The minutes `promises` come to over `days` days, rounded to the nearest minute."""
    return round(sum(p.over(days) for p in promises))


def period(
    since: date | None,
    start: date | None,
    day: date,
    promises: Sequence[Promise],
    given: int | None,
) -> Period | None:
    """The period an evaluation on `day` looks back on: from the previous meeting (`since`),
    or the placement's `start` if that is later, with the promises in force; None when there
    is no previous meeting or no promise."""
    if since is None or not promises:
        return None
    begin = max(since, start) if start is not None else since
    end = max(begin, day)
    return Period(begin, end, promised_over(promises, (end - begin).days), given)


def period_of(meeting: Meeting) -> Period | None:
    """The period an evaluation looks back on (see `period`), with the promises of the
    supervision agreements under review; None for an intake."""
    if meeting.kind is not MeetingKind.EVALUATION:
        return None
    promises = [p for r in meeting.reviews if (p := promise_of(r.agreement)) is not None]
    return period(
        meeting.since, meeting.placement.start, meeting.date, promises, meeting.supervision_minutes
    )


@dataclass(frozen=True)
class Tally:
    """Periods added up: a placement's, or an organisation's over its placements."""

    promised: int = 0
    given: int = 0
    periods: int = 0
    short_periods: int = 0

    @property
    def share(self) -> int | None:
        return share(self.promised, self.given if self.periods else None)

    def short(self, threshold: int) -> bool:
        return self.periods > 0 and is_short(self.promised, self.given, threshold)

    def plus(self, other: Tally) -> Tally:
        return Tally(
            self.promised + other.promised,
            self.given + other.given,
            self.periods + other.periods,
            self.short_periods + other.short_periods,
        )


def tally(periods: Sequence[Period | None], threshold: int) -> Tally:
    """The periods whose given time was recorded, added up (one not recorded is left out:
    there is nothing to weigh its promise against)."""
    counted = [p for p in periods if p is not None and p.given is not None and p.promised > 0]
    return Tally(
        promised=sum(p.promised for p in counted),
        given=sum(p.given or 0 for p in counted),
        periods=len(counted),
        short_periods=sum(1 for p in counted if p.short(threshold)),
    )


def parse_threshold(value: object) -> int:
    """A threshold from the settings file: a whole percentage from 1 to 100.

    Raises:
        TimeError: Anything else (`threshold_range`).
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TimeError("threshold_range")
    text = str(value).strip().removesuffix("%").strip()
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise TimeError("threshold_range")
    return int(text)
