"""The fill-in form of a preparation: written as plain Markdown, read back and checked whole.

A form is filled in by a supervisor in any text editor or in an e-mail reply, so what it asks
is plain: tick a box (`[x]`), write between two `~~~` lines. The form's own prose is quoted
(`> `), so every other line outside an answer block is something the person wrote in the wrong
place, and is named, never dropped. The first line names the meeting, the party and a check
code of both that only the database can make (`form_key.check_code`), compared when read.

The text that comes back is untrusted: its size is bounded before it is read whole, it must be
UTF-8, its answers are cleaned of control characters and escapes (`clean_text`), and each
problem is reported with its line number and nothing else of the file (no user text is echoed).
Nothing here touches the database.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from functools import cache

from driehoek.dates import format_date
from driehoek.domain import Factor, FactorStatus, Meeting, MeetingKind, Party, Question
from driehoek.form_key import check_code, marker
from driehoek.i18n import LANGUAGES, Catalogue
from driehoek.preparation import (
    ANSWERED,
    MAX_GOALS,
    MAX_TEXT,
    Preparation,
    PreparedFactor,
    Source,
)
from driehoek.prompts import catalogue_for
from driehoek.text import clean_line, clean_text

MAX_FORM_BYTES = 256 * 1024
"""A filled-in form is a few kilobytes; anything far bigger is not one (and is not read whole)."""

FENCE = "~~~"
"""The line that opens and closes an answer block (a Markdown code fence: rendered, the form
shows the answers as they were typed, and no answer can add a heading or a link to it)."""

_WIDTH = 76

_MARKER = re.compile(
    r"<!--\s*driehoek-form:\s*meeting\s+(?P<meeting>\d{1,12}),\s*party\s+(?P<party>[a-z]+),"
    r"\s*check\s+(?P<check>[0-9a-f]{8})\s*-->"
)
_END = "<!-- driehoek-form: end -->"
_BOX = re.compile(r"^\s*(?:[-*+]\s*)?\[(?P<mark>[^\]]{0,8})\]\s*(?P<label>.*)$")
_TICKS = frozenset("xXvV✓✔✗✘*")
_HEADING = re.compile(r"^##(?!#)\s*(?P<title>.*)$")
_GOAL_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")


def asks_goals(kind: MeetingKind, party: Party) -> bool:
    """Only the student's form for an intake asks for learning goals (they are hers)."""
    return kind is MeetingKind.INTAKE and party is Party.STUDENT


# -- writing -----------------------------------------------------------------------------------


def _quoted(text: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH - 2, initial_indent="> ", subsequent_indent="> ")


def _block(text: str = "") -> list[str]:
    return [FENCE, *([text] if text else []), FENCE]


def render_form(
    meeting: Meeting,
    party: Party,
    t: Catalogue,
    before: Preparation | None = None,
    *,
    key: bytes,
) -> str:
    """The fill-in form of `party` for `meeting`, in `t`'s language.

    Args:
        meeting: The meeting prepared for.
        party: Whose view the form asks.
        t: The form's language.
        before: The party's preparation kept already: its answers are in the new form, so a
            form written again is a form to change, not to fill in from scratch.
        key: The database's form key (`form_key`), for the check code.
    """
    t = catalogue_for(meeting, t)  # the questions in its programme's words (template)
    p = meeting.placement
    where = ", ".join(clean_line(x) for x in (p.organisation, p.team) if x.strip())
    day = format_date(meeting.day, t.lang, "long") if meeting.day else t("value.invalid_date")
    lines = [
        marker(meeting, party, key),
        f"# {t('prepare.title', kind=t.enum(meeting.kind))}",
        "",
        "- " + t("prepare.meeting_line", id=meeting.id, kind=t.enum(meeting.kind), date=day),
        "- " + t("prepare.check_line", check=check_code(meeting, party, key)),
        "- " + t("prepare.student_line", name=clean_line(p.student)),
        "- " + t("prepare.placement_line", where=where),
        "- " + t("prepare.party_line", party=t.enum(party)),
        "",
        *_quoted(t("prepare.instructions")),
        ">",
        *_quoted(t("prepare.read_back", id=meeting.id)),
    ]
    for factor in Factor:
        view = before.factor(factor) if before else None
        lines += [
            "",
            f"## {t('prepare.factor_heading', number=factor.number, name=t.enum(factor))}",
        ]
        lines += ["", *_quoted(t(f"question.{factor.value}")), ""]
        for status in ANSWERED:
            box = "x" if view is not None and view.status is status else " "
            lines.append(f"- [{box}] {t.enum(status)}")
        lines += ["", *_quoted(t("prepare.note_label")), "", *_block(view.note if view else "")]
    if meeting.kind is MeetingKind.EVALUATION:
        for number, question in enumerate(Question, start=1):
            word = t("prepare.question_word")
            lines += ["", f"## {word} {number}: {t(f'question.{question.value}')}", ""]
            lines += [*_quoted(t("prepare.answer_label")), ""]
            lines += _block(before.answer(question) if before else "")
    if asks_goals(meeting.kind, party):
        lines += ["", f"## {t('prepare.goals_heading')}", "", *_quoted(t("prepare.goals_prompt"))]
        lines += ["", *_block("\n".join(before.goals) if before else "")]
    lines += ["", _END, ""]
    return "\n".join(lines)


# -- reading -----------------------------------------------------------------------------------


class Unreadable(Exception):
    """The file is not a form that can be read at all (exit code 2): not UTF-8, too big, not a
    driehoek form. `what` names the message (`prepare.unreadable.{what}`)."""

    def __init__(self, what: str, line: int = 0) -> None:
        super().__init__(what)
        self.what = what
        self.line = line


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the form: its line and what (`prepare.problem.{what}`)."""

    line: int
    what: str
    values: tuple[tuple[str, str | int], ...] = ()


@dataclass(frozen=True)
class Header:
    """What the form's first line says it belongs to."""

    meeting_id: int
    party: Party
    check: str


@dataclass
class _Section:
    key: Factor | Question | str
    line: int
    boxes: list[tuple[int, FactorStatus]] = field(default_factory=list)
    blocks: list[tuple[int, list[str]]] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """The form's text: UTF-8 (a BOM allowed), or `Unreadable` naming the first bad line."""
    if len(raw) > MAX_FORM_BYTES:
        raise Unreadable("too_big")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Unreadable("not_utf8", raw[: e.start].count(b"\n") + 1) from e


def header(text: str) -> tuple[Header, int, str]:
    """The form's marker line, its number, and the quote prefix an e-mail reply put before
    it (`> `), which then stands before every line of the form.

    Raises:
        Unreadable: No marker: this is not a driehoek form (or not a whole one).
    """
    for number, line in enumerate(text.splitlines(), start=1):
        found = _MARKER.search(line)
        if found is None:
            continue
        prefix = line[: found.start()]
        if prefix.strip(" >") or found["party"] not in {p.value for p in Party}:
            break  # text before the marker, or no party of ours: not a line we wrote
        return Header(int(found["meeting"]), Party(found["party"]), found["check"]), number, prefix
    raise Unreadable("not_a_form")


@cache
def _catalogues() -> tuple[Catalogue, ...]:
    return tuple(Catalogue(lang) for lang in LANGUAGES)


def _status_of(label: str) -> FactorStatus | None:
    """The status a box's label names, in any of our languages (by its first word)."""
    words = label.strip().casefold().split()
    if not words:
        return None
    first = words[0].rstrip(":,.;")
    for t in _catalogues():
        for status in ANSWERED:
            if t.enum(status).casefold().split()[0] == first:
                return status
    return None


def _section_of(title: str) -> Factor | Question | str | None:
    """Which part of the form a `##` heading opens (a factor, a question, the goals)."""
    title = title.strip().casefold()
    number = re.match(r"^(?P<word>[^\W\d_]+)\s+(?P<n>\d{1,3})\b", title)
    for t in _catalogues():
        if title.startswith(t("prepare.goals_heading").casefold()):
            return "goals"
        if number is None:
            continue
        n = int(number["n"])
        if number["word"] == "factor" and 1 <= n <= len(Factor):
            return list(Factor)[n - 1]
        if number["word"] == t("prepare.question_word").casefold() and 1 <= n <= len(Question):
            return list(Question)[n - 1]
    return None


def _unquote(lines: list[str], prefix: str) -> list[str]:
    if not prefix:
        return lines
    bare = prefix.rstrip()
    out = []
    for line in lines:
        if line.startswith(prefix):
            out.append(line[len(prefix) :])
        elif line.rstrip() == bare:
            out.append("")  # a quoted empty line: the mail program dropped its space
        else:
            out.append(line)
    return out


_REFUSED = "refused"
"""The key of a part whose heading was refused (named once): what is in it is passed over."""

_FENCE = re.compile(r"~{3,}")


def _sections(lines: list[str], first: int, problems: list[Problem]) -> list[_Section]:
    """The form's parts from the line after the marker on; `first` is that line's number."""
    sections: list[_Section] = []
    header = _Section(_REFUSED, first)  # above the first part: the lines naming the meeting
    current = header
    block: list[str] | None = None
    opened = 0
    for number, line in enumerate(lines, start=first):
        bare = line.strip()
        if block is not None:
            if _FENCE.fullmatch(bare):
                current.blocks.append((opened, block))
                block = None
            else:
                block.append(line.rstrip())
            continue
        if bare == _END:
            break
        heading = _HEADING.match(bare)
        if heading is not None:
            key = _section_of(heading["title"])
            current = _Section(key or _REFUSED, number)
            if key is None:
                problems.append(Problem(number, "unknown_section"))
            elif any(s.key == key for s in sections):
                problems.append(Problem(number, "twice"))
                current = _Section(_REFUSED, number)
            else:
                sections.append(current)
            continue
        if _FENCE.fullmatch(bare):
            if current is header:
                problems.append(Problem(number, "block_before"))
            block, opened = [], number
            continue
        if not bare or bare.startswith(">") or current.key == _REFUSED:
            # Blank, the form's own prose, the lines above the first part (they name the
            # meeting and may be edited freely: the marker is what counts), or a part already
            # named as refused.
            continue
        box = _BOX.match(line)
        if box is not None and isinstance(current.key, Factor):
            mark = box["mark"].strip()
            status = _status_of(box["label"])
            if status is None:
                problems.append(Problem(number, "unknown_box"))
            elif mark and mark not in _TICKS:
                problems.append(Problem(number, "bad_box"))
            elif mark:
                current.boxes.append((number, status))
            continue
        problems.append(Problem(number, "outside"))
    if block is not None:
        problems.append(Problem(opened, "unclosed"))
    return sections


def _text(section: _Section, problems: list[Problem]) -> str:
    """The answer written in a part's block ('' when it has none)."""
    if not section.blocks:
        return ""
    if len(section.blocks) > 1:
        problems.append(Problem(section.blocks[1][0], "second_block"))
    line, body = section.blocks[0]
    text = clean_text("\n".join(body)).strip()
    if len(text) > MAX_TEXT:
        problems.append(Problem(line, "too_long", (("length", len(text)), ("max", MAX_TEXT))))
    return text


def parse_form(text: str, meeting: Meeting) -> tuple[Preparation | None, list[Problem], Header]:
    """Read a filled-in form for `meeting` (its header already checked by the caller against
    the meeting: see `header`): the preparation it holds, or the problems that stop it.

    Returns:
        The preparation (None when there are problems), every problem in line order, and the
        header.

    Raises:
        Unreadable: The text is no driehoek form.
    """
    head, at, prefix = header(text)
    lines = _unquote(text.splitlines()[at:], prefix)
    problems: list[Problem] = []
    sections = _sections(lines, at + 1, problems)
    factors: list[PreparedFactor] = []
    answers: list[tuple[Question, str]] = []
    goals: tuple[str, ...] = ()
    for section in sections:
        key = section.key
        if isinstance(key, Factor):
            if len(section.boxes) > 1:
                problems.append(
                    Problem(section.boxes[1][0], "two_boxes", (("number", key.number),))
                )
            status = section.boxes[0][1] if section.boxes else FactorStatus.NOT_DISCUSSED
            factors.append(PreparedFactor(key, status, _text(section, problems)))
        elif isinstance(key, Question):
            if meeting.kind is not MeetingKind.EVALUATION:
                problems.append(Problem(section.line, "not_here"))
                continue
            answer = _text(section, problems)
            if answer:
                answers.append((key, answer))
        else:
            if not asks_goals(meeting.kind, head.party):
                problems.append(Problem(section.line, "not_here"))
                continue
            written = _text(section, problems)
            goals = tuple(
                g
                for g in (_GOAL_BULLET.sub("", line).strip() for line in written.splitlines())
                if g
            )
            if len(goals) > MAX_GOALS:
                problems.append(
                    Problem(
                        section.line, "too_many_goals", (("count", len(goals)), ("max", MAX_GOALS))
                    )
                )
    problems.sort(key=lambda p: p.line)
    if problems:
        return None, problems, head
    preparation = Preparation(
        meeting_id=meeting.id,
        party=head.party,
        kind=meeting.kind,
        factors=tuple(sorted(factors, key=lambda f: f.factor.number)),
        answers=tuple(sorted(answers, key=lambda a: list(Question).index(a[0]))),
        goals=goals,
        source=Source.FORM,
    )
    return preparation, [], head
