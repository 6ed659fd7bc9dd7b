"""The template's extra questions in a step: each question's words, and a field for its answer.

The answers are one column of the meeting (`extra_answers.COLUMN`), so every field edits the
meeting row, each its own key of it: the step hands on the answers of all its extra fields
together (see `StepView._edit`), so two answered in one breath are both written.
The question and its hint are the template's text, the school's: shown as written, never read
as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label

from driehoek import extra_answers
from driehoek.domain import Meeting, Part, Ref
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.template_extras import ExtraQuestion
from driehoek.widgets.fields import NoteField


class ExtraField(NoteField):
    """The answer to one extra question: a note, its key within the meeting's answers."""

    def __init__(self, meeting: Meeting, question: ExtraQuestion, t: Catalogue) -> None:
        hint = question.hint(t.lang)
        super().__init__(
            Ref(Part.MEETING, meeting.id),
            extra_answers.COLUMN,
            meeting.extra_answer(question.key),
            placeholder=Content(hint) if hint else t("field.answer_placeholder"),
            id=f"extra-{question.key}",
            classes="extra-answer",
        )
        self.key = question.key

    def stored(self, row: object) -> object:
        return row.extra_answer(self.key) if isinstance(row, Meeting) else ""


def compose_extras(meeting: Meeting, step: Step, t: Catalogue) -> ComposeResult:
    """The extra questions `meeting`'s template asks in `step` (nothing if none)."""
    asked = extra_answers.questions(meeting, step)
    if not asked:
        return
    yield Label(t("field.extra_title"), classes="section-title")
    for question in asked:
        yield Label(Content(question.text(t.lang)), classes="extra-question")
        yield ExtraField(meeting, question, t)


def answers_with(meeting: Meeting, fields: list[ExtraField]) -> dict[str, str]:
    """All of the meeting's answers as an edit hands them on: as stored, with what each of
    `fields` last handed on (its own answer, perhaps not written yet)."""
    return dict(meeting.extra_answers) | {field.key: str(field.sent) for field in fields}
