"""A template's extra questions: what a programme asks beyond the article, and checking them.

```toml
[[extra_questions]]
id = "medication"
meeting = "intake"          # intake or evaluation
step = "learning"           # optional: where the question is asked (see STEPS_FOR)
nl = "Hoe leert de student omgaan met medicatie op de afdeling?"
en = "How does the student learn to handle medication on the ward?"
nl_hint = "..."             # optional, per language
en_hint = "..."
```

An extra question is asked beside the article's, never instead of one: the six factors and the
four evaluation questions stay, and the reports count only those. Its answer is kept with the
meeting under its `id` (`domain.Meeting.extra_answers`); the id is what ties an answer to its
question across versions of a template, so it is a short plain name. Each question has a text
in every language the template words the meeting in (its `[nl]`/`[en]` tables), and in no
other: a meeting in that language would otherwise ask it in words the school did not write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from driehoek.domain import MeetingKind
from driehoek.flow import Step
from driehoek.i18n import LANGUAGES, Lang

SECTION = "extra_questions"
"""The top-level key of the array of extra questions."""

MAX_EXTRA = 5
"""The most extra questions per kind of meeting: a few, beside the article's; more would turn
the meeting into a questionnaire."""
MAX_QUESTION = 300
MAX_ID = 40
ID = re.compile(r"[a-z][a-z0-9_]*")
"""An id: lower-case letters, digits and underscores, starting with a letter (it is a key in
the meeting's data and in an exported file)."""

STEPS_FOR: Mapping[MeetingKind, tuple[Step, ...]] = {
    MeetingKind.INTAKE: (Step.LEARNING, Step.SUPPORT, Step.DECISION),
    MeetingKind.EVALUATION: (Step.QUESTIONS, Step.PROGRESS, Step.DECISION),
}
"""The steps an extra question may be asked in, the first being where it goes by default: the
steps whose screen is a column of fields (the workplace step shows one factor at a time)."""

_HINT = "_hint"


@dataclass(frozen=True)
class ExtraQuestion:
    """One checked extra question."""

    key: str
    kind: MeetingKind
    step: Step
    texts: tuple[tuple[Lang, str, str], ...]
    """Per language: (language, question, hint; empty: no hint)."""

    def text(self, lang: Lang) -> str:
        """The question in `lang`, else in the template's first language."""
        return self._in(lang)[1]

    def hint(self, lang: Lang) -> str:
        """The hint in `lang` (empty: none)."""
        return self._in(lang)[2]

    def _in(self, lang: Lang) -> tuple[Lang, str, str]:
        return next((t for t in self.texts if t[0] == lang), self.texts[0])


class Checking(Protocol):
    """What the template's checker offers (`template_file._Checker`)."""

    def problem(self, path: tuple[str, ...], key: str, **params: object) -> None: ...

    def wrong_type(self, path: tuple[str, ...], wanted: str) -> None: ...

    def text(self, path: tuple[str, ...], value: object, limit: int) -> str | None: ...

    def unknown(self, path: tuple[str, ...]) -> None: ...

    def missing(self, path: tuple[str, ...]) -> None: ...


def check(
    checker: Checking, value: object, languages: tuple[Lang, ...]
) -> tuple[ExtraQuestion, ...]:
    """The extra questions in `value` (the array under SECTION), each problem told `checker`;
    `languages`: those the template words the meeting in."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        checker.wrong_type((SECTION,), "list")
        return ()
    found: list[ExtraQuestion] = []
    seen: set[str] = set()
    counts: dict[MeetingKind, int] = {}
    for number, table in enumerate(value, start=1):
        path = (SECTION, str(number))
        question = _question(checker, path, table, languages)
        if question is None:
            continue
        if question.key in seen:
            checker.problem((*path, "id"), "template.extra_duplicate", id=question.key)
            continue
        seen.add(question.key)
        counts[question.kind] = counts.get(question.kind, 0) + 1
        if counts[question.kind] > MAX_EXTRA:
            kind = question.kind.value
            checker.problem(path, "template.extra_too_many", kind=kind, limit=MAX_EXTRA)
            continue
        found.append(question)
    return tuple(found)


def _question(
    checker: Checking, path: tuple[str, ...], table: dict[str, object], languages: tuple[Lang, ...]
) -> ExtraQuestion | None:
    known = {"id", "meeting", "step"} | {
        f"{lang}{suffix}" for lang in LANGUAGES for suffix in ("", _HINT)
    }
    ok = True
    for name in table:
        if name not in known:
            checker.unknown((*path, name))
            ok = False
    key = _id(checker, path, table)
    kind = _kind(checker, path, table)
    step = _step(checker, path, table, kind)
    texts: list[tuple[Lang, str, str]] = []
    for lang in LANGUAGES:
        asked, hinted = lang in table, f"{lang}{_HINT}" in table
        if lang not in languages:
            if asked or hinted:  # a language the template has no wording in
                where = (*path, lang if asked else f"{lang}{_HINT}")
                checker.problem(where, "template.extra_language", lang=lang)
                ok = False
            continue
        text = checker.text((*path, lang), table[lang], MAX_QUESTION) if asked else None
        if not asked:
            checker.missing((*path, lang))
        hint: str | None = ""
        if hinted:
            hint = checker.text((*path, f"{lang}{_HINT}"), table[f"{lang}{_HINT}"], MAX_QUESTION)
        if text is None or hint is None:
            ok = False
            continue
        texts.append((lang, text, hint))
    if not ok or key is None or kind is None or step is None or not texts:
        return None
    return ExtraQuestion(key, kind, step, tuple(texts))


def _id(checker: Checking, path: tuple[str, ...], table: dict[str, object]) -> str | None:
    if "id" not in table:
        checker.missing((*path, "id"))
        return None
    value = table["id"]
    if not isinstance(value, str):
        checker.wrong_type((*path, "id"), "text")
        return None
    if not ID.fullmatch(value) or len(value) > MAX_ID:
        checker.problem((*path, "id"), "template.extra_id", limit=MAX_ID)
        return None
    return value


def _kind(checker: Checking, path: tuple[str, ...], table: dict[str, object]) -> MeetingKind | None:
    if "meeting" not in table:
        checker.missing((*path, "meeting"))
        return None
    value = table["meeting"]
    kind = next((k for k in MeetingKind if k.value == value), None)
    if kind is None:
        names = ", ".join(k.value for k in MeetingKind)
        checker.problem((*path, "meeting"), "template.extra_choice", choices=names)
    return kind


def _step(
    checker: Checking, path: tuple[str, ...], table: dict[str, object], kind: MeetingKind | None
) -> Step | None:
    if kind is None:
        return None
    allowed = STEPS_FOR[kind]
    if "step" not in table:
        return allowed[0]
    step = next((s for s in allowed if s.value == table["step"]), None)
    if step is None:
        names = ", ".join(s.value for s in allowed)
        checker.problem((*path, "step"), "template.extra_choice", choices=names)
    return step
