"""The answers to a template's extra questions: how they are stored, and which a meeting asks.

A meeting keeps its answers as one JSON object from question id to answer text (the column
`meetings.extra_answers`, see `migrate_extras`); the questions come from the meeting's template
(`Meeting.template`: the version it was held with, once signed). An answer whose question the
template no longer asks (a newer version, before signing, dropped it) is kept and still shown,
under its id: no typed text disappears because a template changed. Nothing here imports Textual.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from driehoek import mdtext
from driehoek.domain import Meeting
from driehoek.flow import Step
from driehoek.i18n import Catalogue
from driehoek.template_extras import ExtraQuestion
from driehoek.text import clean_text

COLUMN = "extra_answers"
"""The meeting's column (an edit of the meeting changes it like any other)."""


def read(stored: object) -> tuple[tuple[str, str], ...]:
    """The answers as stored (a JSON object's text), by id; nothing for what is no such object
    (a file of an older schema, a value a hand edit broke)."""
    if not isinstance(stored, str):
        return ()
    try:
        value = json.loads(stored)
    except ValueError:
        return ()
    if not isinstance(value, dict):
        return ()
    return tuple(sorted((str(k), v) for k, v in value.items() if isinstance(v, str)))


def stored_form(value: object) -> str:
    """The answers as the store writes them: a JSON object, keys sorted, each answer cleaned of
    control characters and empty ones left out (so an untouched meeting stays `{}`). Takes a
    mapping, or the stored text itself (a version kept aside is put back as it was kept)."""
    if isinstance(value, str):
        value = dict(read(value))
    answers: Mapping[object, object] = value if isinstance(value, Mapping) else {}
    cleaned = {str(k): clean_text(str(v)) for k, v in answers.items()}
    return json.dumps({k: v for k, v in sorted(cleaned.items()) if v.strip()}, ensure_ascii=False)


def questions(meeting: Meeting, step: Step | None = None) -> list[ExtraQuestion]:
    """The extra questions `meeting` asks (in `step` only, if given), in the template's order."""
    template = meeting.template
    return [] if template is None else template.extra_questions(meeting.kind, step)


def unasked(meeting: Meeting) -> list[tuple[str, str]]:
    """Answers given to questions its template does not ask (any more): (id, answer)."""
    asked = {q.key for q in questions(meeting)}
    return [(k, text) for k, text in meeting.extra_answers if k not in asked and text.strip()]


def minutes_lines(meeting: Meeting, t: Catalogue, heading: str) -> list[str]:
    """The minutes' section of the extra questions (nothing at all when the meeting asks none
    and holds no answer): each question in the template's words, then its answer. `heading`:
    the Markdown heading marks of a question (the section's title is the caller's).
    Every piece of template and user text is escaped (`mdtext`)."""
    asked = questions(meeting)
    rest = unasked(meeting)
    if not asked and not rest:
        return []
    lines: list[str] = []
    shown = [(q.text(t.lang), meeting.extra_answer(q.key)) for q in asked]
    for question, answer in [*shown, *rest]:
        lines += [f"{heading} {mdtext.inline(question)}", ""]
        if answer.strip():
            lines.append(mdtext.paragraph(answer))
        else:
            lines.append(f"_{t('minutes.nothing')}_")
        lines.append("")
    return lines[:-1]  # the next section starts with its own blank line
