"""The minutes of a meeting as Markdown: a pure function of the meeting and a language.

Structure (headings, tables, list markers) comes only from this module and the catalogue; every
piece of user text goes through `mdtext`, so a note can never add a heading, a cell or a link.
The same meeting in the same language always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from driehoek import extra_answers, mdtext, minutes_record, minutes_supervision, prompts
from driehoek.dates import format_date, format_short
from driehoek.domain import (
    Agreement,
    Continuation,
    Decision,
    LearningWay,
    Meeting,
    MeetingKind,
    Participant,
    Party,
    Pressure,
    Question,
)
from driehoek.i18n import Catalogue, Lang
from driehoek.record import hours_text
from driehoek.supervision_time import promise_of


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A GFM table; header cells are fixed strings, body cells already escaped."""
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _role(t: Catalogue, p: Participant) -> str:
    return mdtext.cell(p.role) if p.role.strip() else t(f"role.{p.party}")


def _what(t: Catalogue, a: Agreement) -> str:
    """An agreement's text as a cell, with the factor it was made from: "… (bij factor 3)"."""
    text = mdtext.cell(a.text)
    return f"{text} ({t('field.at_factor', number=a.factor.number)})" if a.factor else text


def _when(t: Catalogue, lang: Lang, a: Agreement) -> str:
    parts = []
    if a.due:
        parts.append(format_date(a.due, lang))
    if a.frequency.strip():
        parts.append(mdtext.inline(a.frequency))
    if (promise := promise_of(a)) is not None:
        parts.append(minutes_supervision.promise_words(promise, t))
    return ", ".join(parts) or "–"


class _Minutes:
    """Collects the lines of one rendering; one method per section, in the order they appear."""

    def __init__(self, meeting: Meeting, lang: Lang, level: int = 1) -> None:
        self.m = meeting
        self.lang = lang
        self.t: Catalogue = prompts.prompts_for(meeting, lang)  # its template's wording
        self.lines: list[str] = []
        self.level = level

    def date(self, day: date | None) -> str:
        return format_date(day, self.lang) if day else self.t("minutes.unknown")

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, depth: int, text: str) -> str:
        """A heading `depth` levels below the minutes' title (0 is the title itself)."""
        return f"{'#' * (self.level + depth)} {text}"

    def section(self, key: str) -> None:
        self.add("", self.heading(1, self.t(key)), "")

    def nothing(self) -> None:
        self.add(f"_{self.t('minutes.nothing')}_")

    def render(self) -> str:
        self.header()
        self.participants()
        if self.m.kind is MeetingKind.EVALUATION:
            self.between()
            self.reviews()
            self.questions()
            self.progress()
            self.extra()
            self.workplace()
            self.changes()
            self.agreements("minutes.new_agreements")
            self.continuation()
        else:
            self.learning()
            self.workplace()
            self.support()
            self.extra()
            self.agreements("minutes.agreements")
            self.decision()
        self.sign_off()
        return "\n".join(self.lines).strip() + "\n"

    def item(self, key: str, *values: str) -> None:
        """`- Label: a, b` from the values that are filled in (user text: escaped); nothing
        at all when none is."""
        filled = [mdtext.inline(v) for v in values if v.strip()]
        if filled:
            self.add(f"- {self.t(key)}: {', '.join(filled)}")

    def header(self) -> None:
        t, m, p = self.t, self.m, self.m.placement
        title = t("minutes.title", kind=t.enum(m.kind), student=mdtext.inline(p.student))
        self.add(self.heading(0, minutes_record.titled(m, t, title)), "")
        where = ", ".join(mdtext.inline(x) for x in (p.organisation, p.team) if x.strip())
        self.add(f"- {t('minutes.date')}: {self.date(m.day) if m.day else t('value.invalid_date')}")
        self.item("minutes.location", m.location)
        self.item("minutes.minute_taker", m.minute_taker)
        if m.prepared_by:  # who came prepared (their own views are no part of the minutes)
            self.add(f"- {t('minutes.prepared')}: {', '.join(t.enum(p) for p in m.prepared_by)}")
        self.add(f"- {t('minutes.placement')}: {where}")
        self.item("minutes.workplace_address", p.workplace_address)
        self.item("minutes.recognition_number", p.recognition_number)
        self.item("minutes.student_number", p.student_number)
        self.item("minutes.school", p.school)
        self.programme()
        if p.start or p.end:
            period = t("minutes.period_value", start=self.date(p.start), end=self.date(p.end))
            self.add(f"- {t('minutes.period')}: {period}")
        hours = []
        if p.hours_per_week is not None:
            hours.append(t("minutes.hours_per_week", hours=hours_text(p.hours_per_week, self.lang)))
        if p.hours_total is not None:
            hours.append(t("minutes.hours_total", hours=p.hours_total))
        if hours:
            self.add(f"- {t('minutes.hours')}: {', '.join(hours)}")
        self.item(
            "minutes.practice_supervisor",
            p.practice_supervisor,
            p.practice_supervisor_email,
            p.practice_supervisor_phone,
        )
        self.item(
            "minutes.school_supervisor",
            p.school_supervisor,
            p.school_supervisor_email,
            p.school_supervisor_phone,
        )
        # The status on the meeting's day: an intake before the start reads "planned" (the
        # minutes stay the same whenever they are rendered).
        status = p.status_on(m.day) if m.day else p.status
        self.add(f"- {t('minutes.status')}: {t.enum(status)}")

    def programme(self) -> None:
        """The programme, its pathway, level, crebo and cohort, as far as filled in."""
        t, p = self.t, self.m.placement
        parts = [mdtext.inline(p.programme), t.enum(p.pathway)]
        if p.level is not None:
            parts.append(t("minutes.level", level=p.level.value))
        if p.crebo.strip():
            parts.append(t("minutes.crebo", crebo=mdtext.inline(p.crebo)))
        if p.cohort.strip():
            parts.append(t("minutes.cohort", cohort=mdtext.inline(p.cohort)))
        self.add(f"- {t('minutes.programme')}: {', '.join(x for x in parts if x)}")
        if (template := prompts.minutes_item(t)) is not None:
            self.add(template)

    def participants(self) -> None:
        t = self.t
        self.section("minutes.participants")
        people = [p for p in self.m.participants if p.name.strip()]
        if not people:
            self.nothing()
            return
        self.add(
            *_table(
                (t("field.name"), t("field.party"), t("field.role")),
                ((mdtext.cell(p.name), t.enum(p.party), _role(t, p)) for p in people),
            )
        )

    def learning(self) -> None:
        t, m = self.t, self.m
        self.section("minutes.learning")
        self.add(self.heading(2, t("minutes.goals")), "")
        goals = [g for g in m.goals if g.text.strip()]
        if goals:
            self.add(*(f"{i}. {mdtext.paragraph(g.text)}" for i, g in enumerate(goals, 1)))
        else:
            self.nothing()
        self.add("", self.heading(2, t("minutes.ways")), "")
        ways = [t.enum(w) for w in LearningWay if w in m.learning_ways]
        if ways:
            self.add(*(f"- {w}" for w in ways))
        if m.learning_note.strip():
            self.add("", mdtext.paragraph(m.learning_note))
        if not ways and not m.learning_note.strip():
            self.nothing()

    def workplace(self) -> None:
        t = self.t
        self.section("minutes.workplace")
        self.add(
            *_table(
                (t("minutes.factor"), t("field.status"), t("field.note")),
                (
                    (
                        f"{f.factor.number}. {t.enum(f.factor)}",
                        t.enum(f.status),
                        mdtext.cell(f.note),
                    )
                    for f in self.m.factors
                ),
            )
        )
        m = self.m
        self.add("", f"{t('minutes.room_for_mistakes')}: {t.enum(m.room_for_mistakes)}")
        self.add("", self.heading(2, t("minutes.pressures")), "")
        named = [mdtext.inline(t.enum(p)) for p in Pressure if p in m.pressures]
        if named:
            self.add(*(f"- {p}" for p in named))
        if m.pressures_note.strip():
            self.add("", mdtext.paragraph(m.pressures_note))
        if not named and not m.pressures_note.strip():
            # A checklist left unticked says something: none was named (not "nothing noted").
            self.add(t("minutes.no_pressures"))

    def support(self) -> None:
        t = self.t
        self.section("minutes.support")
        items = [s for s in self.m.support if s.text.strip()]
        if not items:
            self.nothing()
            return
        self.add(*(f"- {mdtext.inline(t.enum(s.kind))}: {mdtext.paragraph(s.text)}" for s in items))

    def agreements(self, title: str) -> None:
        t = self.t
        self.section(title)
        items = [a for a in self.m.agreements if a.text.strip()]
        if not items:
            self.nothing()
            return
        self.add(
            *_table(
                (t("field.what"), t("field.kind"), t("field.who"), t("field.when")),
                (
                    (_what(t, a), t.enum(a.kind), t.enum(a.owner), _when(t, self.lang, a))
                    for a in items
                ),
            )
        )

    def decision(self) -> None:
        t, m = self.t, self.m
        self.section("minutes.decision")
        self.add(f"{t('minutes.decision')}: {t.enum(m.decision) if m.decision else '–'}")
        if m.decision_reasons.strip():
            self.add("", f"{t('minutes.reasons')}:", "", mdtext.paragraph(m.decision_reasons))
        # A placement that does not start has no evaluation to come (the flow asks for none).
        if m.next_evaluation and m.decision is not Decision.NOT_SUITABLE:
            self.add("", f"{t('minutes.next_evaluation')}: {self.date(m.next_evaluation)}")

    def between(self) -> None:
        """What the log between meetings brought (only when it brought something)."""
        lines = minutes_record.between(self.m, self.t)
        if lines:
            self.section("minutes.between")
            self.add(*lines)

    def reviews(self) -> None:
        t = self.t
        self.section("minutes.reviews")
        if not self.m.reviews:
            self.nothing()
            return
        rows = []
        for r in self.m.reviews:
            day = format_short(r.made_on) if r.made_on else self.t("value.invalid_date")
            made = t("minutes.made_on", date=day)
            if r.carried:
                made += ", " + t("minutes.carried", count=r.carried)
            outcome = t.enum(r.disposition) if r.disposition else t("disposition.none")
            kept = minutes_record.kept_in_log(self.m, r.agreement.id)
            if kept is not None:
                outcome += " " + t("minutes.kept_in_log", date=format_short(kept))
            rows.append(
                (
                    _what(t, r.agreement),
                    t.enum(r.agreement.owner),
                    made,
                    outcome,
                    mdtext.cell(r.reason),
                )
            )
        header = (t("field.what"), t("field.who"), t("field.made_on"))
        self.add(*_table((*header, t("field.disposition"), t("field.reason")), rows))

    def questions(self) -> None:
        t = self.t
        self.section("minutes.questions")
        for number, question in enumerate(Question, start=1):
            self.add(self.heading(2, f"{number}. {mdtext.inline(t.enum(question))}"), "")
            answers = [
                (party, a.text)
                for party in Party
                if (a := self.m.answer(question, party)) is not None and a.text.strip()
            ]
            if answers:
                self.add(
                    *(
                        f"- {t.enum(party).capitalize()}: {mdtext.paragraph(text)}"
                        for party, text in answers
                    )
                )
            else:
                self.nothing()
            if question is Question.TIME:  # promised against given, since the last meeting
                self.add(*minutes_supervision.lines(self.m, t))
            self.add("")

    def extra(self) -> None:
        # The programme's own questions, in its template's words; no section when it asks none.
        found = extra_answers.minutes_lines(self.m, self.t, "#" * (self.level + 2))
        if found:
            self.section("minutes.extra")
            self.add(*found)

    def progress(self) -> None:
        t = self.t
        self.section("minutes.progress")
        if not self.m.progress:
            self.nothing()
            return
        self.add(
            *_table(
                (t("minutes.goal"), t("minutes.progress_of")),
                ((mdtext.cell(p.goal), mdtext.cell(p.text)) for p in self.m.progress),
            )
        )

    def changes(self) -> None:
        t, m = self.t, self.m
        self.add("", self.heading(2, t("minutes.changes")), "")
        changed = [
            (f.factor, before.status, f.status)
            for f in m.factors
            if (before := m.previous(f.factor)) is not None and before.status is not f.status
        ]
        if not changed:
            self.add(f"_{t('minutes.no_changes')}_")
            return
        self.add(
            *(
                "- "
                + t(
                    "minutes.changed_from",
                    factor=t.enum(factor),
                    before=t.enum(before),
                    after=t.enum(after),
                )
                for factor, before, after in changed
            )
        )

    def continuation(self) -> None:
        t, m = self.t, self.m
        self.section("minutes.continuation")
        chosen = t.enum(m.continuation) if m.continuation else "–"
        self.add(f"{t('minutes.continuation')}: {chosen}")
        if m.decision_reasons.strip():
            self.add("", f"{t('minutes.reasons')}:", "", mdtext.paragraph(m.decision_reasons))
        if m.next_evaluation and m.continuation is not Continuation.END:
            self.add("", f"{t('minutes.next_evaluation')}: {self.date(m.next_evaluation)}")

    def sign_off(self) -> None:
        self.section("minutes.signoff")
        self.add(*minutes_record.sign_offs(self.m, self.t, self.date))
        self.add(*minutes_record.reopenings(self.m, self.t))


def render_minutes(meeting: Meeting, lang: Lang, *, level: int = 1) -> str:
    """The meeting's minutes as Markdown.

    Args:
        meeting: Everything recorded in the meeting.
        lang: The language of the headings and labels (user text is kept as typed).
        level: The title's heading level; a dossier of several meetings puts them at 2.

    Returns:
        CommonMark with GFM tables, ending in one newline; identical for identical input.
    """
    return _Minutes(meeting, lang, level).render()
