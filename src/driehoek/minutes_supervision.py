"""The supervision time in the minutes: what a supervision agreement promises, and at an
evaluation the time promised against the time given since the previous meeting (issue 13.3).

Pure functions of a meeting and a language, like `minutes`; everything here is computed from
what the meeting holds (its date, the previous meeting's, the promises under review, the time
recorded, the threshold it keeps once signed), so a signed meeting's minutes stay as signed.
The wording is about the workplace's conditions, never about the student.
"""

from __future__ import annotations

from driehoek.dates import format_date, format_short
from driehoek.domain import Meeting, Promise
from driehoek.i18n import Catalogue
from driehoek.supervision_report import Evaluation, PlaceFigures, placement_tallies
from driehoek.supervision_time import Period, Tally, period_of


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


def tally_words(total: Tally, t: Catalogue) -> str:
    """Periods added up: "beloofd 3120 min, gegeven 1560 min (50 %)"."""
    return t("supervision.period", promised=total.promised, given=total.given, share=total.share)


def placement_lines(found: list[Evaluation], threshold: int, t: Catalogue) -> tuple[str, bool]:
    """For a placement's view, plain text: each evaluation's period, promised against given
    (⚠ where it fell short of its threshold), all periods together, and whether the placement
    as a whole fell short of `threshold` (the setting in force)."""
    if not found:
        return t("supervision.none_placement"), False
    lines = []
    for e in found:
        p = e.period
        mark = " ⚠" if p.short(e.threshold) else ""
        lines.append(f"{format_short(p.start)} – {format_short(p.end)}: {period_words(p, t)}{mark}")
    total = placement_tallies(found).get(found[0].placement_id, Tally())
    short = total.short(threshold)
    if total.periods:
        lines.append(f"{t('supervision.together')}: {tally_words(total, t)}")
    if short:
        lines.append(f"⚠ {t('supervision.flag_placement', threshold=threshold)}")
    return "\n".join(lines), short


def organisation_lines(figures: PlaceFigures, t: Catalogue) -> list[str]:
    """For the workplace report (Markdown, figures only): the organisation's placements'
    supervision time together, and how many fell short of the threshold."""
    lines = [
        f"- {t.n('report.supervision_placements', figures.placements)}: "
        f"{tally_words(figures.total, t)}",
    ]
    short = t("report.supervision_short", threshold=figures.threshold, count=figures.short)
    lines.append(f"- {'⚠ ' if figures.short else ''}{short}")
    return lines
