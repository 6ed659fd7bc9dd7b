"""Evaluation step 2: the four questions, answered per party where that helps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from driehoek.domain import Part, Party, Question, Ref
from driehoek.flow import Step
from driehoek.widgets.fields import TextField
from driehoek.widgets.steps.base import StepView


class QuestionsStep(StepView):
    """Each question, then a line for the student, the workplace and the school."""

    step = Step.QUESTIONS

    def compose(self) -> ComposeResult:
        t, m = self.t, self.meeting
        for number, question in enumerate(Question, start=1):
            yield Label(f"{number}. {t.enum(question)}", classes="section-title")
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
