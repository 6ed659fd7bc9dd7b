"""The placement as the school files it: the values a BPV form holds, and what form each takes.

One set of rules for every door the values come in by: the record form (`widgets.fields`), the
dossier import (`dossier_model`), the store's cleaning (`store`), and a school's CSV export.
The schema's CHECKs (`migrations`) are the backstop and accept at least what is accepted here.
Only values that have a form are checked, and only loosely: a crebo is five digits, an SBB
recognition number digits, an e-mail address has an @ and a dot after it, hours are not
negative. Names, phone numbers, cohorts and addresses are free text on one line: schools
write them in too many ways to refuse any.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Level(StrEnum):
    """The MBO level of a programme (niveau 1 to 4); a higher-education one has none."""

    ONE = "1"
    TWO = "2"
    THREE = "3"
    FOUR = "4"


HOURS_PER_WEEK_MAX = 168.0
"""A week has 168 hours: more is a typo."""
HOURS_TOTAL_MAX = 10_000
"""A four-year BBL programme at forty hours a week comes to some 6,400 hours: more is a typo."""
CREBO_LENGTH = 5
RECOGNITION_MAX = 12
"""Digits in an SBB recognition number (they have eight or nine today)."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.][^@\s]*")
_DIGITS = re.compile(r"[0-9]+")
_HOURS = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?")

EMAIL_COLUMNS = ("practice_supervisor_email", "school_supervisor_email")
"""The placement's columns that hold an e-mail address."""


class BadValue(ValueError):
    """A value that does not have the form its field asks for; `what` names the rule (the last
    part of a catalogue key: `record.bad_<what>`)."""

    def __init__(self, what: str, value: object) -> None:
        super().__init__(f"{what}: {value!r}")
        self.what = what
        self.value = value


def _squeezed(text: str) -> str:
    """Without any whitespace: `25 480` is the crebo 25480, as people type it."""
    return "".join(text.split())


def code(text: str) -> str:
    """A code of digits as stored (crebo, recognition number): its spaces taken out."""
    return _squeezed(text)


def parse_crebo(text: str) -> str:
    """A crebo number: five digits, or empty.

    Raises:
        BadValue: Anything else.
    """
    value = code(text)
    if value and not (_DIGITS.fullmatch(value) and len(value) == CREBO_LENGTH):
        raise BadValue("crebo", text)
    return value


def parse_recognition(text: str) -> str:
    """An SBB recognition number (erkenningsnummer, leerbedrijf-ID): digits, or empty.

    Raises:
        BadValue: Anything else.
    """
    value = code(text)
    if value and not (_DIGITS.fullmatch(value) and len(value) <= RECOGNITION_MAX):
        raise BadValue("recognition", text)
    return value


def parse_email(text: str) -> str:
    """An e-mail address that is at least plausible (`naam@domein.nl`), or empty.

    Raises:
        BadValue: No @, nothing before it, no dot after it, or a space inside.
    """
    value = text.strip()
    if value and not _EMAIL.fullmatch(value):
        raise BadValue("email", text)
    return value


def parse_hours_per_week(text: str) -> float | None:
    """Hours a week: `32`, `37,5` or `37.5`; empty is none.

    Raises:
        BadValue: Not a number of hours from 0 to 168.
    """
    value = text.strip()
    if not value:
        return None
    if not _HOURS.fullmatch(value) or float(value.replace(",", ".")) > HOURS_PER_WEEK_MAX:
        raise BadValue("hours_per_week", text)
    return float(value.replace(",", "."))


def parse_hours_total(text: str) -> int | None:
    """Hours in all: a whole number up to 10,000 (`1.280` and `1280` alike); empty is none.

    Raises:
        BadValue: Anything else.
    """
    value = _squeezed(text).replace(".", "")
    if not value:
        return None
    if not _DIGITS.fullmatch(value) or int(value) > HOURS_TOTAL_MAX:
        raise BadValue("hours_total", text)
    return int(value)


def hours_text(hours: float | None, lang: str = "nl") -> str:
    """Hours as people write them: `32`, `37,5` in Dutch, `37.5` in English (no `.0`)."""
    if hours is None:
        return ""
    text = f"{hours:g}"
    return text.replace(".", ",") if lang == "nl" else text


def check_hours_per_week(value: float) -> float:
    """A stored or imported number of hours a week, as the schema allows it.

    Raises:
        BadValue: Below 0 or above 168.
    """
    if not 0 <= value <= HOURS_PER_WEEK_MAX:
        raise BadValue("hours_per_week", value)
    return value


def check_hours_total(value: int) -> int:
    """A stored or imported total of hours, as the schema allows it.

    Raises:
        BadValue: Below 0 or above 10,000.
    """
    if not 0 <= value <= HOURS_TOTAL_MAX:
        raise BadValue("hours_total", value)
    return value
