"""A programme's template as a TOML file: what it may hold, checking it, and the default.

A template words the meeting for a programme (SPH, verpleegkunde, techniek): the six factor
questions, the four evaluation questions, the pressures and their question, the kinds of school
support, the step hints. It changes wording only: the six factors, the statuses, the pressures
and the support kinds stay the ones the reports count (their values are the model), so a
template names each by its value and gives it other words.

```toml
name = "SPH"
version = 1
programmes = ["SPH"]

[nl.factor_questions]
involvement = "..."
```

One `[nl]` and/or `[en]` table holds the texts of a language; in each, the six factor questions
and the four evaluation questions are required, the rest falls back to the article's wording.
An array `[[extra_questions]]` may add a few questions of the programme's own, beside the
article's (`template_extras`).
Every problem is one line with the line it is on: tomllib says where the TOML is wrong, and a
small scan of the file (`Lines`) finds the line of each key for the schema's problems.
Wording is plain text: one line, no control characters (an escape sequence would reach every
terminal that shows it); Textual markup and Markdown in it are shown as typed, never obeyed.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from driehoek.domain import Factor, MeetingKind, Pressure, Question, SupportKind
from driehoek.flow import STEPS, Step, label_key
from driehoek.i18n import LANGUAGES, Catalogue, Lang
from driehoek.template_extras import MAX_EXTRA, STEPS_FOR, ExtraQuestion
from driehoek.template_extras import SECTION as EXTRAS
from driehoek.template_extras import check as check_extras
from driehoek.template_lines import Lines
from driehoek.toml_words import TomlProblem, toml_problem

MAX_BYTES = 64 * 1024
"""A template is a page of questions; a bigger file is a mistake (or an attempt to fill the
database), refused before it is parsed."""
MAX_TEXT = 500
"""The longest wording: a question or a hint of a few sentences."""
MAX_LINE = 1000
"""The longest line: a text with its key. Checked before the TOML is parsed: tomllib takes
time quadratic in a dotted key's length (30 s for one 60 kB key, measured)."""
MAX_NAME = 80
MAX_PROGRAMMES = 50
MAX_VERSION = 999_999

_STEP_HINTS = tuple(
    dict.fromkeys(label_key(kind, step) for kind in MeetingKind for step in STEPS[kind])
)

MAX_LABEL = 20
"""The longest name of a kind of support: it is chosen in a column 22 wide (with its ‹ ›)."""
MAX_PRESSURE = 40
"""The longest name of a pressure: a tick in the pressures' panel, beside the factors."""


@dataclass(frozen=True)
class Section:
    """A table of wording in a language table: its keys (-> catalogue keys), whether every
    one is required, and how long a text may be."""

    keys: Mapping[str, str]
    required: bool = False
    limit: int = MAX_TEXT


SECTIONS: Mapping[str, Section] = {
    "factor_questions": Section({f.value: f"question.{f.value}" for f in Factor}, True),
    "evaluation_questions": Section({q.value: f"question.{q.value}" for q in Question}, True),
    "pressures": Section(
        {"question": "question.pressures"} | {p.value: f"pressure.{p.value}" for p in Pressure}
    ),
    "support_kinds": Section(
        {k.value: f"support_kind.{k.value}" for k in SupportKind}, limit=MAX_LABEL
    ),
    "step_hints": Section({s: f"step_hint.{s}" for s in _STEP_HINTS}),
}
"""The wording a template may give, by the catalogue key whose text it replaces."""

WORDING_KEYS = frozenset(key for section in SECTIONS.values() for key in section.keys.values())
"""Every catalogue key a template can reword; nothing else is ever taken from a template."""

_REQUIRED_TOP = ("name", "version", "programmes")


@dataclass(frozen=True)
class Template:
    """A checked template: who it is for, and its wording per language."""

    name: str
    version: int
    programmes: tuple[str, ...]
    texts: tuple[tuple[Lang, tuple[tuple[str, str], ...]], ...]
    """Per language it has: (catalogue key, text) for each text it gives."""
    extras: tuple[ExtraQuestion, ...] = ()
    """The programme's own questions, asked beside the article's (`template_extras`)."""

    def extra_questions(self, kind: MeetingKind, step: Step | None = None) -> list[ExtraQuestion]:
        """Its extra questions for a kind of meeting (in `step` only, if given), in order."""
        return [q for q in self.extras if q.kind is kind and step in (None, q.step)]

    def wording(self, lang: Lang) -> dict[str, str]:
        """The texts it gives in `lang`, by catalogue key (empty: it has none in `lang`)."""
        return next((dict(pairs) for code, pairs in self.texts if code == lang), {})

    @property
    def languages(self) -> tuple[Lang, ...]:
        """The languages it has texts in, in the order of the file."""
        return tuple(code for code, _ in self.texts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template file: its line (1-based) and a catalogue message."""

    line: int
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def describe(self, t: Catalogue) -> str:
        """The problem as one line in `t`'s language: "regel 7: ..."."""
        params = dict(self.params)
        if "wanted" in params:  # the kind of value, in words
            params["wanted"] = t(f"template.kind.{params['wanted']}")
        if "toml" in params:  # what tomllib found, in words (`toml_words`)
            params["detail"] = TomlProblem(None, str(params["toml"]), str(params["name"])).words(t)
        return t("template.at_line", line=self.line, problem=t(self.key, **params))


class TemplateInvalid(Exception):
    """The file is no template; `problems` says every reason, in the order of the file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda p: p.line)


# -- checking -------------------------------------------------------------------------------


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return "other"


class _Checker:
    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str, ...], key: str, **params: object) -> None:
        where = ".".join(path)
        self.problems.append(
            Problem(self.lines.of(path), key, tuple({"key": where, **params}.items()))
        )

    def wrong_type(self, path: tuple[str, ...], wanted: str) -> None:
        self.problem(path, "template.wrong_type", wanted=wanted)

    def text(self, path: tuple[str, ...], value: object, limit: int) -> str | None:
        """One line of plain text, or a problem."""
        if not isinstance(value, str):
            self.wrong_type(path, "text")
            return None
        if not value.strip():
            self.problem(path, "template.empty")
            return None
        if not value.isprintable():  # control, format and line-break characters: refused
            self.problem(path, "template.control")
            return None
        if len(value) > limit:
            self.problem(path, "template.too_long", length=len(value), limit=limit)
            return None
        return value.strip()

    def unknown(self, path: tuple[str, ...]) -> None:
        self.problem(path, "template.unknown_key")

    def missing(self, path: tuple[str, ...]) -> None:
        # A missing key has no line of its own: the line of its table (or the file's first).
        self.problem(path, "template.missing")

    def top(self, data: dict[str, Any]) -> Template | None:
        name = version = programmes = None
        for key in _REQUIRED_TOP:
            if key not in data:
                self.missing((key,))
        if "name" in data:
            name = self.text(("name",), data["name"], MAX_NAME)
        if "version" in data:
            version = self.version(data["version"])
        if "programmes" in data:
            programmes = self.programmes(data["programmes"])
        texts: list[tuple[Lang, tuple[tuple[str, str], ...]]] = []
        for key, value in data.items():
            if key in (*_REQUIRED_TOP, EXTRAS):
                continue
            lang = next((code for code in LANGUAGES if code == key), None)
            if lang is None:
                self.unknown((key,))
            elif not isinstance(value, dict):
                self.wrong_type((key,), "table")
            else:
                texts.append((lang, self.language(lang, value)))
        if not any(code in data for code in LANGUAGES):
            self.problem((), "template.no_language")
        languages = tuple(code for code in LANGUAGES if isinstance(data.get(code), dict))
        extras = check_extras(self, data[EXTRAS], languages) if EXTRAS in data else ()
        if self.problems or name is None or version is None or programmes is None:
            return None
        return Template(name, version, programmes, tuple(texts), extras)

    def version(self, value: object) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.wrong_type(("version",), "integer")
            return None
        if not 1 <= value <= MAX_VERSION:
            self.problem(("version",), "template.version_range", limit=MAX_VERSION)
            return None
        return value

    def programmes(self, value: object) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.wrong_type(("programmes",), "list")
            return None
        if not value:
            self.problem(("programmes",), "template.empty")
            return None
        if len(value) > MAX_PROGRAMMES:
            limit = MAX_PROGRAMMES
            self.problem(("programmes",), "template.too_many", count=len(value), limit=limit)
            return None
        names = [self.text(("programmes",), v, MAX_NAME) for v in value]
        return tuple(n for n in names if n is not None) if all(names) else None

    def language(self, lang: Lang, table: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        found: list[tuple[str, str]] = []
        for section, value in table.items():
            path = (lang, section)
            if section not in SECTIONS:
                self.unknown(path)
            elif not isinstance(value, dict):
                self.wrong_type(path, "table")
            else:
                keys = SECTIONS[section].keys
                for key, text in value.items():
                    limit = _limit(section, key)
                    if key not in keys:
                        self.unknown((*path, key))
                    elif (checked := self.text((*path, key), text, limit)) is not None:
                        found.append((keys[key], checked))
        for section, rule in SECTIONS.items():
            if not rule.required:
                continue
            given = table.get(section)
            for key in rule.keys:
                if not isinstance(given, dict) or key not in given:
                    self.missing((lang, section, key))
        return tuple(found)


def _limit(section: str, key: str) -> int:
    if section == "pressures" and key != "question":
        return MAX_PRESSURE  # a pressure's name; its question is a sentence
    return SECTIONS[section].limit


def _too_big(size: int) -> Problem:
    return Problem(1, "template.too_big", (("size", size), ("limit", MAX_BYTES)))


def parse(text: str) -> Template:
    """Check a template's text and read it.

    Raises:
        TemplateInvalid: Every problem, each with its line.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise TemplateInvalid([_too_big(size)])
    for number, row in enumerate(text.splitlines(), start=1):
        if len(row) > MAX_LINE:
            params = (("length", len(row)), ("limit", MAX_LINE))
            raise TemplateInvalid([Problem(number, "template.line_too_long", params)])
    lines = Lines(text)
    if lines.too_deep is not None:
        number, path = lines.too_deep
        key = ".".join(path) + ".…"
        raise TemplateInvalid([Problem(number, "template.unknown_key", (("key", key),))])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        said = toml_problem(e)  # in the user's language, not tomllib's English
        line = said.line or max(1, text.count("\n") + 1)
        found = (("toml", said.key), ("name", said.name))
        raise TemplateInvalid([Problem(line, "template.not_toml", found)]) from e
    checker = _Checker(lines)
    template = checker.top(data)
    if template is None:
        raise TemplateInvalid(checker.problems)
    return template


def parse_bytes(raw: bytes) -> Template:
    """`parse` for a file's bytes: UTF-8 only (TOML's own rule).

    Raises:
        TemplateInvalid: The bytes are too many or not UTF-8, or the text is no template.
    """
    if len(raw) > MAX_BYTES:
        raise TemplateInvalid([_too_big(len(raw))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise TemplateInvalid([Problem(line, "template.not_utf8")]) from e
    return parse(text)


# -- the default, as a file to start from ---------------------------------------------------


def _quoted(text: str) -> str:
    # A JSON string is a TOML basic string (the same escapes), and it escapes what needs it.
    return json.dumps(text, ensure_ascii=False)


def _default_lines(t: Catalogue) -> Iterator[str]:
    for line in t("template.show_header").splitlines():
        yield f"# {line}".rstrip()
    yield ""
    yield f"name = {_quoted(t('template.show_name'))}"
    yield "version = 1"
    yield f"# {t('template.show_programmes')}"
    yield f"programmes = [{_quoted(t('field.programme_example'))}]"
    for section, rule in SECTIONS.items():
        yield ""
        yield f"# {t(f'template.section.{section}')}"
        if not rule.required:
            yield f"# {t('template.show_optional')}"
        yield f"[{t.lang}.{section}]"
        for key, catalogue_key in rule.keys.items():
            yield f"{key} = {_quoted(t(catalogue_key))}"
    yield from _extras_example(t)


def _extras_example(t: Catalogue) -> Iterator[str]:
    """An extra question, commented out: the default asks none, and a school that wants one
    removes the `# ` before its lines (copy the block for a second)."""
    yield ""
    yield f"# {t('template.section.extra_questions')}"
    steps = "; ".join(
        f"{kind.value}: {', '.join(step.value for step in steps)}"
        for kind, steps in STEPS_FOR.items()
    )
    yield f"# {t('template.show_extra', limit=MAX_EXTRA, steps=steps)}"
    yield f"# [[{EXTRAS}]]"
    yield '# id = "example"'
    yield f'# meeting = "{MeetingKind.INTAKE.value}"'
    yield f'# step = "{STEPS_FOR[MeetingKind.INTAKE][0].value}"'
    yield f"# {t.lang} = {_quoted(t('template.example_question'))}"
    yield f"# {t.lang}_hint = {_quoted(t('template.example_hint'))}"


def default_toml(lang: Lang) -> str:
    """The article's wording in `lang` as a template file, commented, to copy and change;
    `parse` takes it as it is."""
    return "\n".join(_default_lines(Catalogue(lang))) + "\n"
