"""The return-day slip (terugkomdag): what was agreed at the table, on one page per student.

The article has the school bring the student back regularly to reflect with peers, and its
fourth evaluation question asks what she needs from school. The slip carries that to the day
without anyone copying it: her open agreements and whose they are, the factors that were absent
or realisable at her workplace (topics for the peers), her latest answer to the fourth question,
and the date of the next evaluation.

What counts as agreed is what all three signed. A meeting not (or no longer) signed by all
three is still shown, because the coordinator at the return day wants what is known, but every
line that comes from it says so (`From.signed`): an agreement made in a draft, an agreement a
draft marks done or dropped (it stays on the slip, open, until that is signed), the factors or
the answer of a draft. That is how the minutes mark a draft, too.

The slip shows what the database holds now; `--date` chooses whose placement runs on that day.
Markdown here (escaped like the minutes, `mdtext`); the HTML page in `slip_html`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from driehoek import mdtext
from driehoek.dates import format_date
from driehoek.domain import (
    Agreement,
    Continuation,
    Decision,
    Disposition,
    FactorAssessment,
    FactorStatus,
    Meeting,
    Party,
    Placement,
    Question,
)
from driehoek.domain_log import MeetingState
from driehoek.i18n import Catalogue, Lang
from driehoek.schedule import status_sql
from driehoek.store import Store
from driehoek.text import clean_line


@dataclass(frozen=True)
class From:
    """The meeting a line of the slip comes from: its day and whether all three signed it."""

    day: date | None
    state: MeetingState

    @property
    def signed(self) -> bool:
        """Signed by all three (and not reopened since): agreed."""
        return self.state is MeetingState.SIGNED


@dataclass(frozen=True)
class OpenAgreement:
    """An agreement still open as signed, and what an unsigned meeting says about it."""

    agreement: Agreement
    made: From
    pending: tuple[Disposition, From] | None = None
    """Done or dropped in a meeting not signed by all three yet: open until it is."""


@dataclass(frozen=True)
class Slip:
    """One student's slip: everything the return day needs from her placement."""

    placement: Placement
    agreements: tuple[OpenAgreement, ...]
    factors: tuple[FactorAssessment, ...]
    """Absent or realisable, in the article's order."""
    factors_from: From | None
    """The latest meeting that discussed the factors; None when none did."""
    attention: str
    """Her latest answer to the fourth evaluation question (what she needs from school)."""
    attention_from: From | None
    next_evaluation: date | None
    unsigned: From | None
    """The placement's latest meeting, when all three have not signed it (yet)."""


def _from(meeting: Meeting) -> From:
    return From(meeting.day, meeting.state)


def slip_of(placement: Placement, meetings: Sequence[Meeting]) -> Slip:
    """The slip of a placement from its meetings that count, oldest first."""
    open_: dict[int, OpenAgreement] = {}
    for meeting in meetings:
        source = _from(meeting)
        for review in meeting.reviews:
            found = open_.get(review.agreement.id)
            if found is None or review.disposition not in (Disposition.DONE, Disposition.DROP):
                continue
            if source.signed:
                del open_[review.agreement.id]
            else:
                open_[review.agreement.id] = OpenAgreement(
                    found.agreement, found.made, (review.disposition, source)
                )
        for agreement in meeting.agreements:
            if agreement.text.strip():
                open_[agreement.id] = OpenAgreement(agreement, source)
    discussed = [
        m for m in meetings if any(f.status is not FactorStatus.NOT_DISCUSSED for f in m.factors)
    ]
    factors_meeting = discussed[-1] if discussed else None
    answered = [
        (m, answer)
        for m in meetings
        if (answer := m.answer(Question.ATTENTION, Party.STUDENT)) and answer.text.strip()
    ]
    latest = meetings[-1] if meetings else None
    return Slip(
        placement=placement,
        agreements=tuple(open_.values()),
        factors=tuple(
            f
            for f in (factors_meeting.factors if factors_meeting else ())
            if f.status.calls_for_agreement
        ),
        factors_from=_from(factors_meeting) if factors_meeting else None,
        attention=answered[-1][1].text if answered else "",
        attention_from=_from(answered[-1][0]) if answered else None,
        next_evaluation=_next_evaluation(latest),
        unsigned=_from(latest) if latest and not _from(latest).signed else None,
    )


def _next_evaluation(latest: Meeting | None) -> date | None:
    """As planning has it: the latest meeting's date, unless it ended the placement."""
    if latest is None or latest.decision is Decision.NOT_SUITABLE:
        return None
    if latest.continuation is Continuation.END:
        return None
    return latest.next_evaluation


_RUNNING = f"""
    SELECT p.id FROM placements p JOIN students s ON s.id = p.student_id
    WHERE {status_sql("p", ":day")} = 'running'
      AND (:programme IS NULL OR trim(p.programme) = :programme COLLATE NOCASE)
      AND (:cohort IS NULL OR trim(p.cohort) = :cohort COLLATE NOCASE)
    ORDER BY s.name COLLATE NOCASE, p.id
"""


def running(
    store: Store, day: date, *, programme: str | None = None, cohort: str | None = None
) -> list[int]:
    """The placements running on `day` (`schedule.status_sql`), by student name; a programme
    or cohort given keeps only those (compared without case and surrounding spaces)."""
    params = {
        "day": day.isoformat(),
        "programme": programme.strip() if programme is not None else None,
        "cohort": cohort.strip() if cohort is not None else None,
    }
    return [int(row[0]) for row in store.db.execute(_RUNNING, params).fetchall()]


def placement_slip(store: Store, placement_id: int) -> Slip:
    """One placement's slip, from the meetings of it that count."""
    summaries = sorted(store.meetings(placement_id, counted=True), key=lambda s: (s.date, s.id))
    return slip_of(store.placement(placement_id), [store.meeting(s.id) for s in summaries])


def slips(
    store: Store, day: date, *, programme: str | None = None, cohort: str | None = None
) -> list[Slip]:
    """The slip of every placement running on `day`, by student name."""
    ids = running(store, day, programme=programme, cohort=cohort)
    return [placement_slip(store, placement_id) for placement_id in ids]


# -- Markdown --------------------------------------------------------------------------------


def _day(day: date | None, t: Catalogue) -> str:
    return format_date(day, t.lang) if day else t("value.invalid_date")


def _source(key: str, source: From, t: Catalogue) -> str:
    """A line that names the meeting it comes from: `key`, or `key_unsigned` (which says it is
    not signed by all three) for a draft or a reopened meeting."""
    if source.signed:
        return t(key, date=_day(source.day, t))
    state = t(f"meeting_state.{source.state.value}")
    return t(f"{key}_unsigned", date=_day(source.day, t), state=state)


def _when(a: Agreement, t: Catalogue) -> str:
    parts = [format_date(a.due, t.lang)] if a.due else []
    if a.frequency.strip():
        parts.append(mdtext.inline(a.frequency))
    return ", ".join(parts) or "–"


def _agreement_cell(item: OpenAgreement, t: Catalogue) -> str:
    a = item.agreement
    text = mdtext.cell(a.text)
    if a.factor:
        text += f" ({t('field.at_factor', number=a.factor.number)})"
    if not item.made.signed:
        state = t(f"meeting_state.{item.made.state.value}")
        text += " " + t("slip.made_unsigned", date=_day(item.made.day, t), state=state)
    if item.pending is not None:
        disposition, source = item.pending
        text += " " + t(
            "slip.pending",
            disposition=t.enum(disposition),
            date=_day(source.day, t),
            state=t(f"meeting_state.{source.state.value}"),
        )
    return text


def render_slip(slip: Slip, day: date, t: Catalogue) -> str:
    """One student's slip as a Markdown section (its heading at level 1)."""
    p = slip.placement
    where = " · ".join(mdtext.inline(x) for x in (p.organisation, p.team) if x.strip())
    cohort = t("slip.cohort", cohort=mdtext.inline(p.cohort)) if p.cohort.strip() else ""
    school = ", ".join(x for x in (mdtext.inline(p.programme), cohort) if x)
    lines = [f"# {t('slip.title', student=mdtext.inline(p.student))}", ""]
    lines.append(t("slip.day", date=format_date(day, t.lang)) + "\\")
    lines.append(f"{t('slip.workplace')}: {where or '–'}\\")
    if school:
        lines.append(f"{t('slip.programme')}: {school}\\")
    following = "–"
    if slip.next_evaluation is not None:
        following = format_date(slip.next_evaluation, t.lang)
        if slip.next_evaluation < day:
            following = t("slip.overdue", date=following)
    lines.append(f"{t('slip.next_evaluation')}: {following}")
    if slip.unsigned is not None:
        lines += ["", f"*{t('slip.draft_note', date=_day(slip.unsigned.day, t))}*"]

    lines += ["", f"## {t.n('slip.agreements', len(slip.agreements))}", ""]
    if slip.agreements:
        lines.append(f"| {t('field.what')} | {t('field.who')} | {t('field.when')} |")
        lines.append("| --- | --- | --- |")
        for item in slip.agreements:
            owner = t.enum(item.agreement.owner)
            lines.append(f"| {_agreement_cell(item, t)} | {owner} | {_when(item.agreement, t)} |")
    else:
        lines.append(t("slip.no_agreements"))

    lines += ["", f"## {t('slip.factors')}", ""]
    if slip.factors_from is None:
        lines.append(t("slip.factors_not_discussed"))
    else:
        lines += [_source("slip.factors_from", slip.factors_from, t), ""]
        if not slip.factors:
            lines.append(t("slip.no_factors"))
        for f in slip.factors:
            note = f": {mdtext.inline(f.note)}" if f.note.strip() else ""
            lines.append(f"- {f.factor.number} {t.enum(f.factor)} ({t.enum(f.status)}){note}")

    lines += ["", f"## {t('slip.attention')}", "", f"*{t.enum(Question.ATTENTION)}*", ""]
    if slip.attention_from is None:
        lines.append(t("slip.no_attention"))
    else:
        source = _source("slip.attention_from", slip.attention_from, t)
        lines += [source, "", mdtext.paragraph(slip.attention)]
    return "\n".join(lines) + "\n"


def render_slips(items: Sequence[Slip], day: date, t: Catalogue) -> str:
    """Every slip as one Markdown document, one section (a level-1 heading) each."""
    return "\n".join(render_slip(slip, day, t) for slip in items)


def none_line(
    day: date, t: Catalogue, *, programme: str | None = None, cohort: str | None = None
) -> str:
    """The one line for a day without running placements (among those asked for, named: a
    typing error in `--cohort` shows)."""
    key = "slip.none"
    if programme is not None:
        key = "slip.none_filtered" if cohort is not None else "slip.none_programme"
    elif cohort is not None:
        key = "slip.none_cohort"
    return t(
        key,
        date=format_date(day, t.lang),
        programme=clean_line(programme or ""),
        cohort=clean_line(cohort or ""),
    )


_FILE_WORD: dict[Lang, str] = {"nl": "terugkomdag", "en": "return-day"}


def default_filename(placement: Placement, day: date, lang: Lang) -> str:
    """`terugkomdag-2026-12-07-anouk-de-vries-3.md`: ASCII only, the placement's number keeps
    two students of the same name apart (as `minutes_files.default_filename`)."""
    folded = unicodedata.normalize("NFKD", placement.student)
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    parts = [_FILE_WORD[lang], day.isoformat(), slug[:40].strip("-"), str(placement.id)]
    return "-".join(part for part in parts if part) + ".md"
