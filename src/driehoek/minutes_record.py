"""The parts of the minutes about the record itself: the draft mark in the title, what the log
between meetings brought to an evaluation, and each reopening with what changed since signing.

Like `minutes`, pure functions of a meeting and a language; every piece of user text goes
through `mdtext`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from driehoek import mdtext
from driehoek.dates import MEETING_TZ, format_date, format_short
from driehoek.domain import Factor, Meeting, Party, Question
from driehoek.domain_log import LogEntry, LogKind, MeetingState
from driehoek.i18n import Catalogue
from driehoek.signed_diff import SHORT, Change, changes
from driehoek.signing import snapshot
from driehoek.stored import parse_day

QUOTED_CHARS = 60
"""A line's text quoted in a change is cut here: it names the line, the line itself is above."""


def sign_offs(meeting: Meeting, t: Catalogue, day: Callable[[date | None], str]) -> list[str]:
    """A line per party: who signed, on which day (`day` words it), or that it has not."""
    lines = []
    for party in Party:
        signed = meeting.signed(party)
        if signed:
            on = (
                day(signed.signed_at.astimezone(MEETING_TZ).date())
                if signed.signed_at
                else t("value.invalid_date")
            )
            what = f"{mdtext.inline(signed.name)}, {t('minutes.signed_on', date=on)}"
        else:
            what = t("minutes.not_signed")
        lines.append(f"- {t.enum(party).capitalize()}: {what}")
    return lines


def titled(meeting: Meeting, t: Catalogue, title: str) -> str:
    """The minutes' title, marked as a draft while not all three signed it."""
    if meeting.state is MeetingState.SIGNED:
        return title
    return t("minutes.draft_title", title=title)


def _day(moment: datetime | None, t: Catalogue) -> str:
    if moment is None:
        return t("minutes.unknown")
    return format_date(moment.astimezone(MEETING_TZ).date(), t.lang)


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTED_CHARS:
        text = text[: QUOTED_CHARS - 1].rstrip() + "…"
    return f"‘{mdtext.inline(text)}’"


def between(meeting: Meeting, t: Catalogue) -> list[str]:
    """What the log between meetings brought to this evaluation, one line each, oldest
    first; nothing if it brought nothing."""
    return [f"- {entry_line(e, t, markdown=True)}" for e in meeting.between]


def entry_line(entry: LogEntry, t: Catalogue, *, markdown: bool = False) -> str:
    """One log entry as a line: its day, its kind, what it says (Markdown-escaped, or as
    typed for a screen, which shows it without markup)."""
    when = format_short(entry.day) if entry.day else t("value.invalid_short")
    if entry.kind is LogKind.KEPT:
        what = entry.agreement or t("log.agreement_gone")
        what = _quoted(what) if markdown else f"‘{what}’"
        if entry.text.strip():
            remark = mdtext.inline(entry.text) if markdown else " ".join(entry.text.split())
            what = f"{what}: {remark}"
    else:
        what = mdtext.paragraph(entry.text) if markdown else entry.text
    return t("log.line", date=when, kind=t(f"log_kind.{entry.kind.value}"), text=what)


def reopenings(meeting: Meeting, t: Catalogue) -> list[str]:
    """Each reopening: when, by whom and why, then what changed from the version signed
    before it to the next one signed (or to the meeting as it is now)."""
    lines: list[str] = []
    versions = meeting.signed_versions
    for i, version in enumerate(versions):
        if not version.reopened:
            continue
        who = mdtext.inline(version.reopened_by) or t("minutes.unknown")
        reason = mdtext.paragraph(version.reason)
        lines += [
            "",
            t("signed.reopened", date=_day(version.reopened_at, t), who=who, reason=reason),
        ]
        after = versions[i + 1].data if i + 1 < len(versions) else snapshot(meeting)
        found = changes(version.data, after)
        signed_on = _day(version.signed_at, t)
        if not found:
            lines += ["", f"_{t('signed.no_changes', date=signed_on)}_"]
            continue
        lines += ["", t("signed.changes", date=signed_on), ""]
        lines += [f"- {change_line(c, t)}" for c in found]
    return lines


def _value(column: str, value: Any, t: Catalogue) -> str:
    if value is None or value == "":
        return "–"
    if column in ("date", "next_evaluation"):
        day = parse_day(value)
        return format_date(day, t.lang) if day else mdtext.inline(str(value))
    key = {
        "decision": "decision",
        "continuation": "continuation",
        "status": "factor_status",
        "disposition": "disposition",
    }[column]
    name = f"{key}.{value}"
    return t(name) if t.has(name) else mdtext.inline(str(value))


def _columns(change: Change, t: Catalogue) -> str:
    names = dict.fromkeys(t(f"signed.col.{c}") for c in change.columns)  # due, frequency: once
    return ", ".join(names)


def change_line(change: Change, t: Catalogue) -> str:
    """One change as a line of the minutes (Markdown)."""
    if change.part == "meeting":
        field = t(f"signed.field.{change.columns[0]}")
        if change.columns[0] in SHORT:
            before, after = (_value(change.columns[0], v, t) for v in (change.before, change.after))
            return t("signed.from_to", field=field, before=before, after=after)
        return t("signed.field_changed", field=field)
    if change.part == "factors":
        factor = f"{_factor_number(change.label)}. {t(f'factor.{change.label}')}"
        if change.before is not None or change.after is not None:
            before, after = (_value("status", v, t) for v in (change.before, change.after))
            return t("signed.from_to", field=factor, before=before, after=after)
        return t("signed.line_changed", what=factor, columns=_columns(change, t))
    what = t(f"signed.part.{change.part}")
    label = _line_label(change, t)
    if change.how == "added":
        return t("signed.added", what=what, text=label)
    if change.how == "removed":
        return t("signed.removed", what=what, text=label)
    if change.before is not None or change.after is not None:
        column = change.columns[0]
        before, after = (_value(column, v, t) for v in (change.before, change.after))
        return t("signed.from_to", field=f"{what} {label}", before=before, after=after)
    return t("signed.line_changed", what=f"{what} {label}", columns=_columns(change, t))


def _factor_number(factor: str) -> int:
    return Factor(factor).number if factor in Factor._value2member_map_ else 0


def _line_label(change: Change, t: Catalogue) -> str:
    if change.part == "answers":
        question, _, party = change.label.partition("/")
        number = _question_number(question)
        party_name = t(f"party.{party}") if t.has(f"party.{party}") else mdtext.inline(party)
        return t("signed.answer", number=number, party=party_name)
    return _quoted(change.label) if change.label.strip() else "–"


def _question_number(question: str) -> int:
    known = question in Question._value2member_map_
    return list(Question).index(Question(question)) + 1 if known else 0


def kept_in_log(meeting: Meeting, agreement_id: int) -> date | None:
    """The day the log this evaluation took up says the agreement was kept, if it says so."""
    days = [
        e.day
        for e in meeting.between
        if e.kind is LogKind.KEPT and e.agreement_id == agreement_id and e.day is not None
    ]
    return max(days) if days else None


__all__ = ["between", "change_line", "entry_line", "kept_in_log", "reopenings", "titled"]
