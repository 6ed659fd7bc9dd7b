"""One row of a school's list, checked: the placement it describes, or why it is refused.

Each value goes through the same rules as the record form (`record`), text is cleaned like
everything typed (`text.clean_line`: no terminal escapes or control characters), and a cell
with new lines (an address over two lines) becomes one line. Nothing is interpreted: markup,
`=formulas` and the like stay the text they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from driehoek import record
from driehoek.dates import parse_date
from driehoek.text import clean_line

MAX_TEXT = 300
"""Characters in a one-line value (a name, an address): more is not what the cell means."""

TEXT_FIELDS = (
    "programme", "cohort", "school", "team", "workplace_address", "practice_supervisor",
    "practice_supervisor_phone", "school_supervisor", "school_supervisor_phone",
)  # fmt: skip
"""Placement fields that are free text on one line."""


@dataclass(frozen=True)
class Refusal:
    """Why a row is refused: a catalogue key (`csv.row.<what>`) and its values."""

    line: int
    what: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class PlacementRow:
    """A row that can go in: who, where, from when, and the placement's other values (only
    those the row gives: an empty cell erases nothing).

    Not changed once made (`dataclasses.replace` makes another), but not `frozen` either: a
    frozen dataclass sets each field through `object.__setattr__`, and making the rows was
    then 30 % of checking the rows of a list (`RowChecker`, by callgrind); this way, 18 %."""

    line: int
    student_number: str
    name: str
    organisation: str
    recognition_number: str
    start: date | None
    values: Mapping[str, object]
    key: tuple[str, str, str] = field(init=False, repr=False, compare=False)
    """How the placement is known: student number, organisation (case folded), start. Made
    with the row (also by `dataclasses.replace`): an import asks it of each row three times."""

    def __post_init__(self) -> None:
        start = self.start.isoformat() if self.start else ""
        self.key = (self.student_number, self.organisation.casefold(), start)


def name_key(name: str) -> str:
    """A name as compared with another: without case, with Unicode composed (NFC) and runs of
    spaces as one, so `anouk  de wit` is `Anouk de Wit` however either was typed."""
    if name.isascii():  # the common case, quickly: ASCII is in NFC whatever its case
        return " ".join(name.casefold().split())
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(folded.split())


def without_leading_zeros(number: str) -> str:
    """A student number as Excel may have left it: opening a CSV, Excel reads `0123456` as the
    number 123456 and saves it so (`000` as 0). A code with other characters (`0S12`) is
    left as it is: Excel reads that as text."""
    if not number.isdigit():
        return number
    return number.lstrip("0") or "0"


_EXCEL_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
"""A long number as Excel shows and saves it (`1,23456E+11`, `1.23456E+5`): digits are lost."""


def one_line(cell: str) -> str:
    """A cell as one line of clean text: new lines become `, `, runs of spaces one."""
    if cell.isprintable() and "  " not in cell:  # the common case, quickly (no \n, \t, ESC)
        return unicodedata.normalize("NFC", cell).strip()
    parts = (" ".join(clean_line(part).split()) for part in cell.splitlines())
    return ", ".join(p for p in parts if p)


class _Bad(Exception):
    def __init__(self, what: str, **values: str) -> None:
        super().__init__(what)
        self.what = what
        self.values = values


_LEVELS = frozenset(lv.value for lv in record.Level)


def _level(text: str) -> str:
    value = text.casefold().removeprefix("niveau").removeprefix("level").strip()
    if value not in _LEVELS:
        raise _Bad("level", value=text)
    return value


def _pathway(text: str) -> str:
    value = text.upper()
    if value not in ("BOL", "BBL"):
        raise _Bad("pathway", value=text)
    return value


_CHECKS: Mapping[str, Callable[[str], object]] = {
    "crebo": record.parse_crebo,
    "practice_supervisor_email": record.parse_email,
    "school_supervisor_email": record.parse_email,
    "hours_per_week": record.parse_hours_per_week,
    "hours_total": record.parse_hours_total,
    "level": _level,
    "pathway": _pathway,
}
"""The placement fields with a form, and the rule each is read by."""


def check_row(line: int, raw: Sequence[str], columns: Mapping[str, int]) -> PlacementRow | Refusal:
    """The placement a row describes, or the first reason it cannot go in."""
    return RowChecker(columns).check(line, raw)


_UNSEEN = object()
"""A value the memo has not seen (None is a value a rule may give)."""


class RowChecker:
    """Checks the rows of one file, each as `check_row` does; a cell value already read in
    that column is not read again.

    A school's list repeats most of its values (the programme, the crebo, the dates, the
    organisation and its e-mail address on every one of its students' rows): cleaning a cell
    and each rule are pure functions of the text, so each distinct value is cleaned and
    checked once and the outcome remembered. Only good outcomes are remembered; a bad value
    is read again at each row it is in, so each refusal is made (and worded) as without the
    memo. The memo holds no more than the file's own cells.
    """

    def __init__(self, columns: Mapping[str, int]) -> None:
        self.columns = tuple(columns.items())
        self.text_fields = tuple(name for name in TEXT_FIELDS if name in columns)
        self.checks: tuple[tuple[str, Callable[[str], object], dict[str, object]], ...] = tuple(
            (name, check, {}) for name, check in _CHECKS.items() if name in columns
        )
        self._width = max(columns.values(), default=-1) + 1
        """The cells a row needs to have every column."""
        self._lines: dict[str, str] = {}
        """A cell as one line of text, for cells not too long."""
        self._days: dict[str, date | None] = {}
        self._recognitions: dict[str, str] = {}

    def _day(self, column: str, text: str) -> date | None:
        days = self._days
        if text in days:
            return days[text]
        try:
            day = days[text] = parse_date(text)
        except ValueError as e:
            raise _Bad("date", column=column, value=text) from e
        return day

    def _recognition(self, text: str) -> str:
        known = self._recognitions
        if text in known:
            return known[text]
        try:
            number = known[text] = record.parse_recognition(text)
        except record.BadValue as e:
            raise _Bad("recognition", value=text) from e
        return number

    def _values(self, cells: Mapping[str, str]) -> dict[str, object]:
        # Loops rather than a comprehension, one lookup in the memo rather than two: this
        # runs for every row (bench/findings.md, figure 10).
        values: dict[str, object] = {}
        for name in self.text_fields:
            cell = cells[name]
            if cell:
                values[name] = cell
        for name, check, memo in self.checks:
            cell = cells[name]
            if not cell:
                continue
            value = memo.get(cell, _UNSEEN)
            if value is _UNSEEN:
                try:
                    value = memo[cell] = check(cell)
                except record.BadValue as e:
                    raise _Bad(e.what, value=cell) from e
            values[name] = value
        end = cells.get("end")
        if end:
            values["end"] = self._day("end", end)
        return values

    def check(self, line: int, raw: Sequence[str]) -> PlacementRow | Refusal:
        """The placement a row describes, or the first reason it cannot go in."""
        if len(raw) < self._width:  # a short row: the cells it lacks are empty
            raw = [*raw, *[""] * (self._width - len(raw))]
        lines = self._lines
        cells: dict[str, str] = {}
        try:
            for name, i in self.columns:  # the first cell too long, in the file's order
                cell = raw[i]
                value = lines.get(cell)
                if value is None:
                    value = one_line(cell)
                    if len(value) > MAX_TEXT:
                        raise _Bad("too_long", column=name)
                    lines[cell] = value
                cells[name] = value
            for name in ("student_number", "name", "organisation"):
                if not cells.get(name):
                    raise _Bad("missing", column=name)
            number = record.code(cells["student_number"])
            if not number.isdigit() and _EXCEL_NUMBER.fullmatch(
                number
            ):  # the digits Excel dropped cannot be told
                raise _Bad("excel_number", value=cells["student_number"])
            start = self._day("start", cells.get("start", ""))
            values = self._values(cells)
            end = values.get("end")
            if isinstance(end, date) and start is not None and end < start:
                raise _Bad("end_before_start", end=cells["end"], start=cells["start"])
            recognition = self._recognition(cells.get("recognition_number", ""))
        except _Bad as bad:
            return Refusal(line, bad.what, bad.values)
        if start is not None:
            values["start"] = start
        return PlacementRow(
            line=line,
            student_number=number,
            name=cells["name"],
            organisation=cells["organisation"],
            recognition_number=recognition,
            start=start,
            values=values,
        )
