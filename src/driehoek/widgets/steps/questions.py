"""Evaluation step 2: the four questions, answered per party where that helps."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Static

from driehoek.domain import Answer, Meeting, Part, Party, Question, Ref
from driehoek.flow import Need, Step
from driehoek.minutes_supervision import time_figures
from driehoek.widgets.fields import TextField
from driehoek.widgets.prepared_views import PreparedAnswers
from driehoek.widgets.steps.base import StepView
from driehoek.widgets.time_fields import GivenField


class QuestionsStep(StepView):
    """Each question, then a line for the student, the workplace and the school."""

    step = Step.QUESTIONS

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        for number, question in enumerate(Question, start=1):
            yield Label(f"{number}. {t.enum(question)}", classes="section-title", markup=False)
            yield PreparedAnswers(m, question, t)  # the parties' own answers (hidden: none)
            for party in Party:
                answer = m.answer(question, party)
                if answer is None:
                    continue
                with Horizontal(classes="table-row"):
                    yield Label(t.enum(party), classes="col-party")
                    yield TextField(
                        Ref(Part.ANSWER, answer.id),
                        "text",
                        answer.text,
                        placeholder=t("field.answer_placeholder"),
                        id=f"answer-{question.value}-{party.value}",
                        classes="col-text",
                    )
            if question is Question.TIME:
                yield from self._given_time()
        yield from self.extras()

    def _given_time(self) -> ComposeResult:
        """The supervision minutes given since the last meeting (an estimate), and what that
        is of the time the supervision agreements promised (issue 13.3)."""
        t, m = self.t, self.meeting
        with Horizontal(classes="given-row"):
            yield Label(t("field.given"), classes="given-label")
            yield GivenField(
                Ref(Part.MEETING, m.id),
                m.supervision_minutes,
                placeholder=t("field.given_placeholder"),
                id="given-time",
            )
        yield Static(classes="supervision-figures", id="supervision-figures", markup=False)

    def on_mount(self) -> None:
        self._show_figures(self.meeting)

    def _show_figures(self, meeting: Meeting) -> None:
        figures = self.query_one("#supervision-figures", Static)
        text, short = time_figures(meeting, self.t)
        figures.update(text)
        figures.set_class(short, "-short")

    def refreshed(self, meeting: Meeting) -> None:
        super().refreshed(meeting)
        self._show_figures(meeting)
        for view in self.query(PreparedAnswers):
            view.show(meeting)

    @on(PreparedAnswers.Adopted)
    def _adopt(self, event: PreparedAnswers.Adopted) -> None:
        """Put each prepared answer into its party's empty field, as if typed (it saves)."""
        event.stop()
        fields = [
            self.query_one(f"#answer-{event.question.value}-{party.value}", TextField)
            for party in event.answers
        ]
        for field, text in zip(fields, event.answers.values(), strict=True):
            field.value = text
        if fields:
            self.put_cursor(fields[0])

    def field_for(self, need: Need) -> Widget | None:
        answers = self.bound(Part.ANSWER, "text")
        for question in Question:
            if need.key == f"need.question.{question}":
                return self.first_empty(w for w in answers if self._question_of(w) is question)
        return None

    def _question_of(self, field: Widget) -> Question | None:
        row = self.meeting.row(field.ref) if isinstance(field, TextField) else None
        return row.question if isinstance(row, Answer) else None
