"""Reading a dossier file: parsed, checked whole, and every problem with its place in the file.

`parse` gives a checked `Dossier` (see `dossier_model`) or raises `BadDossier` with all that
is wrong, each as a `Problem`: a place such as `placements[0].meetings[2].date`, what is wrong
(the last part of a catalogue key, `dossier.<what>`), and the values its message names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic_core
from pydantic import ValidationError

from driehoek.domain import Factor
from driehoek.dossier_model import (
    DOSSIER_FORMAT,
    DOSSIER_VERSION,
    MAX_DOSSIER_BYTES,
    Dossier,
    Meeting,
)
from driehoek.rows import shown
from driehoek.text import clean_line

MAX_PROBLEMS_SHOWN = 20
"""Problems listed one per line; the rest are counted."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dossier: where, what (a catalogue key's last part), and the
    values its message names. `place` is empty for the file as a whole."""

    place: str
    what: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:  # English, for logs and tests; the CLI uses the catalogue
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.place or '(file)'}: {self.what}" + (f" ({details})" if details else "")


class BadDossier(ValueError):
    """The file is not a dossier this driehoek can import; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN]))
        self.problems = tuple(problems)


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


def place(loc: tuple[int | str, ...]) -> str:
    """`('placements', 0, 'meetings', 2, 'date')` as `placements[0].meetings[2].date`.

    A key comes from the file when it is an unknown one: anything but a plain name is shown
    quoted and cut short, so the place stays one readable line.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _KEY.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{shown(part)}]"
    return out


# pydantic's error types, grouped by what the user is told.
_TYPE_ERRORS = {
    "string_type": "not_text",
    "int_type": "not_whole_number",
    "int_parsing": "not_whole_number",
    "int_from_float": "not_whole_number",
    "list_type": "not_list",
    "model_type": "not_object",
    "model_attributes_type": "not_object",
    "dict_type": "not_object",
    "float_type": "not_number",
}


def _problem(error: Mapping[str, Any]) -> Problem:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    where = place(tuple(error["loc"]))
    if kind == "missing":
        return Problem(where, "missing")
    if kind == "extra_forbidden":
        return Problem(where, "unknown_field")
    if kind in _TYPE_ERRORS:
        return Problem(where, _TYPE_ERRORS[kind], {"value": shown(value)})
    if kind == "greater_than_equal":
        return Problem(where, "too_small", {"min": ctx.get("ge"), "value": shown(value)})
    if kind == "less_than_equal":
        return Problem(where, "too_large", {"max": ctx.get("le"), "value": shown(value)})
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "?"
        return Problem(where, "too_long", {"length": length, "max": ctx.get("max_length")})
    if kind == "too_long":
        return Problem(
            where, "too_many", {"count": ctx.get("actual_length"), "max": ctx.get("max_length")}
        )
    if kind == "not_one_of":
        return Problem(where, "not_one_of", {"allowed": ctx["allowed"], "value": shown(value)})
    if kind == "literal_error":
        return Problem(where, "not_one_of", {"allowed": ctx.get("expected"), "value": shown(value)})
    if kind in ("not_a_date", "not_a_moment", "blank", "not_crebo", "not_recognition", "not_email"):
        return Problem(where, kind, {"value": shown(value)})
    if kind == "string_pattern_mismatch":  # only identities and their hashes have a pattern
        return Problem(where, "not_an_identity", {"value": shown(value)})
    if kind == "marked_invalid":
        return Problem(where, "marked_invalid", {"fields": shown(ctx.get("fields"))})
    return Problem(where, "other", {"detail": clean_line(str(error.get("msg", kind)))})


# -- reading -----------------------------------------------------------------------------------


def parse(raw: bytes) -> Dossier:
    """The dossier in `raw`, checked whole.

    Raises:
        BadDossier: With every problem found: first whether it is a dossier at all (JSON, an
            object, our format and version), then every field, then the references between
            rows (ids used twice, a progress line's goal, a review's agreement).
    """
    if len(raw) > MAX_DOSSIER_BYTES:
        raise BadDossier([Problem("", "too_big", {"max": MAX_DOSSIER_BYTES // (1024 * 1024)})])
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, as some Windows editors write
    try:
        # pydantic-core's parser: a too deep nesting is an error here, not a RecursionError.
        data = pydantic_core.from_json(raw, allow_inf_nan=False)
    except ValueError as e:
        raise BadDossier([Problem("", "not_json", {"detail": clean_line(str(e))})]) from e
    if not isinstance(data, dict) or data.get("format") != DOSSIER_FORMAT:
        raise BadDossier([Problem("", "not_a_dossier")])
    version = data.get("format_version")
    if type(version) is not int or version != DOSSIER_VERSION:  # not True, not 1.0
        raise BadDossier([Problem("format_version", "format_version", {"version": shown(version)})])
    try:
        dossier = Dossier.model_validate_json(raw)
    except ValidationError as e:
        raise BadDossier([_problem(err) for err in e.errors(include_url=False)]) from e
    # Identities are checked once the rows are right: a row copied in an editor is named once.
    problems = list(_references(dossier)) or list(_identities(dossier))
    if problems:
        raise BadDossier(problems)
    return dossier


def parse_data(data: Mapping[str, Any]) -> Dossier:
    """`parse` for a dossier already in memory (as `privacy.dossier` returns it)."""
    try:
        raw = json.dumps(data, ensure_ascii=False).encode()
    except (TypeError, ValueError, RecursionError) as e:
        raise BadDossier([Problem("", "not_json", {"detail": type(e).__name__})]) from e
    return parse(raw)


def _references(d: Dossier) -> Iterator[Problem]:
    """Ids used twice, and rows that point at a row the dossier does not hold before them.

    The import writes the rows in the file's order, so a progress line may name a goal of
    its own meeting or an earlier one, and a review an agreement of its own or an earlier one.
    """
    seen: dict[str, set[int]] = {}

    def once(table: str, row_id: int, where: str) -> Iterator[Problem]:
        ids = seen.setdefault(table, set())
        if row_id in ids:
            yield Problem(where, "duplicate_id", {"id": row_id})
        ids.add(row_id)

    for i, p in enumerate(d.placements):
        yield from once("placements", p.id, f"placements[{i}].id")
        for j, m in enumerate(p.meetings):
            at = f"placements[{i}].meetings[{j}]"
            yield from once("meetings", m.id, f"{at}.id")
            for key in ("participants", "goals", "support", "agreements", "answers", "progress"):
                for k, row in enumerate(getattr(m, key)):
                    yield from once(key, row.id, f"{at}.{key}[{k}].id")
            for k, r in enumerate(m.reviews):
                yield from once("dispositions", r.id, f"{at}.reviews[{k}].id")
            yield from _meeting_rows(m, at, seen)
        meetings = {m.id for m in p.meetings}
        for k, e in enumerate(p.logbook):
            at = f"placements[{i}].logbook[{k}]"
            yield from once("logbook", e.id, f"{at}.id")
            if e.meeting_id is not None and e.meeting_id not in meetings:
                yield Problem(f"{at}.meeting_id", "unknown_meeting", {"id": e.meeting_id})
            if e.agreement_id is not None and e.agreement_id not in seen.get("agreements", ()):
                yield Problem(f"{at}.agreement_id", "unknown_agreement", {"id": e.agreement_id})


_LINES = {
    "participants": "participants", "goals": "goals", "support": "support",
    "agreements": "agreements", "answers": "answers", "progress": "progress",
    "reviews": "dispositions",
}  # fmt: skip
"""A meeting's lines in the dossier, in the order they are written, and the table of each."""


def identified(d: Dossier) -> list[tuple[str, Any, str]]:
    """Every row of a dossier with an identity (`uid`), but the student: its table, the row,
    its place in the file."""
    rows: list[tuple[str, Any, str]] = []
    for i, p in enumerate(d.placements):
        rows.append(("placements", p, f"placements[{i}]"))
        for j, m in enumerate(p.meetings):
            at = f"placements[{i}].meetings[{j}]"
            rows.append(("meetings", m, at))
            for key, table in _LINES.items():
                rows += [(table, r, f"{at}.{key}[{k}]") for k, r in enumerate(getattr(m, key))]
        rows += [("logbook", e, f"placements[{i}].logbook[{k}]") for k, e in enumerate(p.logbook)]
    return [(table, row, where) for table, row, where in rows if row.uid]


def _identities(d: Dossier) -> Iterator[Problem]:
    """A row's identity (`uid`) used twice in one table: the import could not tell which of
    the two a row here is."""
    seen: dict[str, set[str]] = {}
    for table, row, where in identified(d):
        if row.uid in seen.setdefault(table, set()):
            yield Problem(f"{where}.uid", "duplicate_id", {"id": row.uid})
        seen[table].add(row.uid)


def _meeting_rows(m: Meeting, at: str, seen: Mapping[str, set[int]]) -> Iterator[Problem]:
    """One meeting's rows: all six factors once each, one row per key where the schema has
    a unique key, and references to goals and agreements the dossier held before."""
    factors = [f.factor for f in m.factors]
    for factor in Factor:
        if factor not in factors:
            yield Problem(f"{at}.factors", "factor_missing", {"factor": factor.value})
    keyed: list[tuple[str, list[Any]]] = [
        ("factors", [(f.factor.value,) for f in m.factors]),
        ("sign_offs", [(s.party.value,) for s in m.sign_offs]),
        ("answers", [(a.question.value, a.party.value) for a in m.answers]),
        ("progress", [(p.goal_id,) for p in m.progress]),
        ("reviews", [(r.agreement.id,) for r in m.reviews]),
        ("preparations", [(p.party.value,) for p in m.preparations]),
    ]
    for key, values in keyed:
        for k, value in enumerate(values):
            if value in values[:k]:
                yield Problem(f"{at}.{key}[{k}]", "duplicate", {"value": shown(list(value))})
    for k, prepared in enumerate(m.preparations):
        if prepared.answers.kind is not m.kind:  # a form answers one kind of meeting
            yield Problem(
                f"{at}.preparations[{k}].answers.kind",
                "not_one_of",
                {"allowed": m.kind.value, "value": shown(prepared.answers.kind.value)},
            )
    for k, progress in enumerate(m.progress):
        if progress.goal_id not in seen.get("goals", ()):
            yield Problem(f"{at}.progress[{k}].goal_id", "unknown_goal", {"id": progress.goal_id})
    for k, review in enumerate(m.reviews):
        if review.agreement.id not in seen.get("agreements", ()):
            yield Problem(
                f"{at}.reviews[{k}].agreement.id", "unknown_agreement", {"id": review.agreement.id}
            )
    for k, version in enumerate(m.signed_versions):
        if version.reopened_at is None and version.reason.strip():
            yield Problem(f"{at}.signed_versions[{k}].reason", "reason_not_reopened")
