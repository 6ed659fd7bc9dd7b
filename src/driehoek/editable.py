"""What an edit may change, and how each value is written: the rules of every editable column.

The store writes edits through `stored_form`; a version kept aside (`asides`) is compared and
put back in the same form. Plain functions over the domain's values: no SQL here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from driehoek import extra_answers, record
from driehoek.domain import LearningWay, Pressure
from driehoek.supervision_time import MAX_GIVEN, MAX_MINUTES, MAX_WEEKS
from driehoek.text import clean_line, clean_text

_ONE_LINE = clean_line
_NOTE = clean_text


def _enum_or_none(value: object) -> object:
    return None if value is None else str(value)


def _iso_or_none(value: object) -> str | None:
    # A date, or a date as stored (a set-aside version is put back in the form it was kept in).
    if isinstance(value, str) and value:
        return date.fromisoformat(value).isoformat()
    return value.isoformat() if isinstance(value, date) else None


def _optional_float(check: Callable[[float], float]) -> Callable[[object], float | None]:
    def stored(value: object) -> float | None:
        return None if value is None else check(float(str(value)))

    return stored


def _optional_int(check: Callable[[int], int]) -> Callable[[object], int | None]:
    def stored(value: object) -> int | None:
        return None if value is None else check(int(str(value)))

    return stored


def _checked(parse: Callable[[str], str]) -> Callable[[object], str]:
    # The record's rules (`record`): the UI never hands on a value they refuse, and one that
    # came another way is refused here, as a ValueError, before the schema's CHECK would be.
    def stored(value: object) -> str:
        return parse(clean_line(str(value)))

    return stored


def members(kind: type[StrEnum]) -> Callable[[object], str]:
    """How a set of `kind`'s values is stored: a comma list in the enum's order."""

    def stored(value: object) -> str:
        if isinstance(value, str):  # as stored: "doing,watching"
            value = {w for w in kind if w.value in value.split(",")}
        chosen = value if isinstance(value, (set, frozenset, list, tuple)) else ()
        return ",".join(w.value for w in kind if w in chosen)

    return stored


_ways = members(LearningWay)


def _bounded(low: int, high: int) -> Callable[[object], int | None]:
    # What the schema's CHECK allows, refused here first as a ValueError (`supervision_time`).
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{value} is not from {low} to {high}")
        return value

    return _optional_int(check)


_EDITABLE: Mapping[str, Mapping[str, Callable[[Any], object]]] = {
    "students": {"name": _ONE_LINE, "student_number": _ONE_LINE},
    "organisations": {"recognition_number": _checked(record.parse_recognition)},
    "placements": {
        "team": _ONE_LINE,
        "programme": _ONE_LINE,
        "pathway": str,
        "start": _iso_or_none,
        "end": _iso_or_none,
        "cadence_months": int,
        "status": str,
        "outcome_reason": _NOTE,
        "school": _ONE_LINE,
        "level": _enum_or_none,
        "crebo": _checked(record.parse_crebo),
        "cohort": _ONE_LINE,
        "hours_per_week": _optional_float(record.check_hours_per_week),
        "hours_total": _optional_int(record.check_hours_total),
        "workplace_address": _ONE_LINE,
        "practice_supervisor": _ONE_LINE,
        "practice_supervisor_email": _checked(record.parse_email),
        "practice_supervisor_phone": _ONE_LINE,
        "school_supervisor": _ONE_LINE,
        "school_supervisor_email": _checked(record.parse_email),
        "school_supervisor_phone": _ONE_LINE,
    },
    "meetings": {
        "date": _iso_or_none,
        "learning_ways": _ways,
        "learning_note": _NOTE,
        "decision": _enum_or_none,
        "decision_reasons": _NOTE,
        "next_evaluation": _iso_or_none,
        "continuation": _enum_or_none,
        "location": _ONE_LINE,
        "minute_taker": _ONE_LINE,
        "pressures": members(Pressure),
        "pressures_note": _NOTE,
        "room_for_mistakes": str,
        extra_answers.COLUMN: extra_answers.stored_form,
        "supervision_minutes": _bounded(0, MAX_GIVEN),
    },
    "factors": {"status": str, "note": _NOTE},
    "dispositions": {"disposition": _enum_or_none, "reason": _NOTE},
    "answers": {"text": _NOTE},
    "progress": {"text": _NOTE},
    "participants": {"name": _ONE_LINE, "role": _ONE_LINE, "party": str},
    "goals": {"text": _NOTE},
    "support": {"kind": str, "text": _NOTE},
    "agreements": {
        "kind": str,
        "text": _NOTE,
        "owner": str,
        "due": _iso_or_none,
        "frequency": _ONE_LINE,
        "status": str,
        "factor": _enum_or_none,
        "promised_minutes": _bounded(1, MAX_MINUTES),
        "promised_weeks": _bounded(1, MAX_WEEKS),
    },
}


def editable(table: str) -> frozenset[str]:
    """The columns of `table` an edit may change (none: a table no edit may change)."""
    return frozenset(_EDITABLE.get(table, ()))


def stored_form(table: str, changes: Mapping[str, object]) -> dict[str, object]:
    """The values of an edit of `table` as the store writes them (text cleaned, dates as ISO
    text, choices as their names), so two versions compare as stored and one kept aside can
    be put back unchanged.

    Raises:
        ValueError: `table` has no such editable column.
    """
    allowed = _EDITABLE[table]
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"{table} has no editable {sorted(unknown)}")
    return {column: allowed[column](value) for column, value in changes.items()}
