"""What changed in a meeting between two of its versions (as `signing.snapshot` keeps them):
the fields that differ, the lines added, removed or changed. A pure function of two mappings,
so the minutes can say after a reopening what changed since signing, without any store.

Lines are matched by their id (so a changed agreement is one change, not one removed and one
added); what identifies them to a reader is their text, as it is now (as it was, if removed).
An agreement's status is left out: later evaluations move it, and it is not in the minutes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MEETING_FIELDS = (
    "date",
    "learning_ways",
    "learning_note",
    "decision",
    "decision_reasons",
    "next_evaluation",
    "continuation",
    "location",
    "minute_taker",
    "pressures",
    "pressures_note",
    "room_for_mistakes",
    "extra_answers",
    "supervision_minutes",
)
"""The meeting's own fields, in the order the minutes show them (where it was held and who took
the minutes are in its header, the pressures with the workplace)."""

SHORT = {"date", "next_evaluation", "decision", "continuation", "status", "disposition"}
"""Fields whose old and new values are short enough to show both (a date, a choice)."""

LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("participants", ("party", "name", "role")),
    ("goals", ("text",)),
    ("support", ("kind", "text")),
    ("answers", ("text",)),
    ("reviews", ("disposition", "reason")),
    ("progress", ("text",)),
    ("agreements", ("kind", "text", "owner", "due", "frequency", "factor", "promise")),
)
"""A meeting's lines, in the order the minutes show them, and the columns compared."""


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a meeting."""

    part: str
    """`meeting` (its own fields), `factors`, or a kind of line (`agreements`, ...)."""
    how: str
    """`changed`, `added` or `removed`."""
    label: str = ""
    """What names it to a reader: a line's text (or name), a factor, `question/party` for an
    answer; empty for the meeting's own fields."""
    columns: tuple[str, ...] = ()
    """The columns that differ (for `changed`)."""
    before: Any = None
    after: Any = None
    """The old and new value, when exactly one short column changed (`SHORT`)."""


def _rows(data: Mapping[str, Any], part: str) -> list[Mapping[str, Any]]:
    rows = data.get(part)
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def _label(part: str, row: Mapping[str, Any]) -> str:
    if part == "participants":
        return str(row.get("name") or row.get("party") or "")
    if part == "answers":
        return f"{row.get('question', '')}/{row.get('party', '')}"
    if part == "progress":
        return str(row.get("goal") or "")
    if part == "reviews":
        agreement = row.get("agreement")
        return str(agreement.get("text", "")) if isinstance(agreement, Mapping) else ""
    return str(row.get("text") or "")


def _get(data: Mapping[str, Any], column: str) -> Any:
    # A version signed before the meeting had extra answers holds none, as `{}` says.
    value = data.get(column)
    return {} if value is None and column == "extra_answers" else value


def _changed(
    part: str, label: str, before: Mapping[str, Any], after: Mapping[str, Any], cols: Sequence[str]
) -> Iterator[Change]:
    differ = tuple(c for c in cols if _get(before, c) != _get(after, c))
    if not differ:
        return
    if len(differ) == 1 and differ[0] in SHORT:
        yield Change(part, "changed", label, differ, before.get(differ[0]), after.get(differ[0]))
    else:
        yield Change(part, "changed", label, differ)


def _lines(
    part: str, cols: Sequence[str], before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[Change]:
    old = {r.get("id"): r for r in _rows(before, part)}
    new = {r.get("id"): r for r in _rows(after, part)}
    # Blank lines are not in the minutes: one added and left empty is no change.
    for row_id, row in new.items():
        if row_id not in old:
            if any(str(row.get(c) or "").strip() for c in cols if c in ("text", "name")):
                yield Change(part, "added", _label(part, row))
        else:
            yield from _changed(part, _label(part, row), old[row_id], row, cols)
    for row_id, row in old.items():
        if row_id not in new:
            yield Change(part, "removed", _label(part, row))


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every difference from `before` to `after` (two snapshots of one meeting), in the order
    of the minutes: the meeting's fields, then each kind of line, the factors among them."""
    # The meeting's own fields each on a line of their own: each is a field of its own on screen.
    found = [c for col in MEETING_FIELDS for c in _changed("meeting", "", before, after, (col,))]
    for part, cols in LINES:
        if part == "agreements":  # the minutes show the factors before the agreements
            old = {r.get("factor"): r for r in _rows(before, "factors")}
            for row in _rows(after, "factors"):
                factor = row.get("factor")
                if factor in old:
                    found += _changed("factors", str(factor), old[factor], row, ("status", "note"))
        found += _lines(part, cols, before, after)
    return found
