"""The supervision time in the minutes: what a supervision agreement promises, and at an
evaluation the time promised against the time given since the previous meeting (issue 13.3).

Pure functions of a meeting and a language, like `minutes`; everything here is computed from
what the meeting holds (its date, the previous meeting's, the promises under review, the time
recorded, the threshold it keeps once signed), so a signed meeting's minutes stay as signed.
The wording is about the workplace's conditions, never about the student.
"""

from __future__ import annotations

from driehoek.dates import format_date
from driehoek.domain import Meeting, Promise
from driehoek.i18n import Catalogue
from driehoek.supervision_time import Period, period_of


def promise_words(promise: Promise, t: Catalogue) -> str:
    """ "60 min per week", "30 min per 2 weken"."""
    return t.n("supervision.promise", promise.weeks, minutes=promise.minutes)


def period_words(period: Period, t: Catalogue) -> str:
    """Promised against given in one period: "beloofd 720 min, gegeven 360 min (50 %)"."""
    if period.given is None:
        return t("supervision.period_open", promised=period.promised)
    if period.share is None:
        return t("supervision.period_nothing_promised", given=period.given)
    return t("supervision.period", promised=period.promised, given=period.given, share=period.share)


def lines(meeting: Meeting, t: Catalogue) -> list[str]:
    """The evaluation's lines under question 2 (enough time for supervision?): the period
    and its figures, and a flag when less than the threshold was given; nothing when no
    promise was in force."""
    period = period_of(meeting)
    if period is None:
        return []
    since = format_date(period.start, t.lang)
    out = [f"- {t('supervision.minutes_line', since=since)}: {period_words(period, t)}"]
    if period.short(meeting.supervision_threshold):
        out.append(f"- ⚠ {t('supervision.flag', threshold=meeting.supervision_threshold)}")
    return out


def time_figures(meeting: Meeting, t: Catalogue) -> tuple[str, bool]:
    """For the evaluation's screen, plain text: the period's promised time against the time
    given, and whether it falls short of the threshold."""
    period = period_of(meeting)
    if period is None:
        return t("supervision.no_promise"), False
    since = format_date(period.start, t.lang)
    text = f"{t('supervision.minutes_line', since=since)}: {period_words(period, t)}"
    short = period.short(meeting.supervision_threshold)
    if short:
        text += "\n⚠ " + t("supervision.flag", threshold=meeting.supervision_threshold)
    return text, short
