"""The notice under the step that tells of a clash, without taking the cursor.

When another session changed what the user was typing in, her version is set aside at once
(see `driehoek.autosave`) and this notice says so: whose version is in the meeting, that hers
is kept, and that Ctrl+O swaps them. It is not a dialog on purpose: a dialog takes the keys,
so Enter meant as a new line would choose for her and the letters typed on would be lost; the
notice cannot be focused, so every key still goes to the field she is typing in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from textual.content import Content
from textual.widgets import Static

from driehoek.autosave import Clash
from driehoek.dates import format_short
from driehoek.domain import Meeting, Promise
from driehoek.i18n import Catalogue
from driehoek.supervision_time import promise_text

_COLUMN_LABELS = {
    "reason": "field.reason",
    "disposition": "field.disposition",
    "note": "field.note",
    "status": "field.status",
    "name": "field.name",
    "role": "field.role",
    "owner": "field.who",
    "due": "field.when",
    "frequency": "field.when",
    "kind": "field.kind",
    "decision_reasons": "field.reasons",
    "learning_note": "field.learning_note",
    "date": "field.meeting_date",
    "team": "field.team",
    "programme": "field.programme",
    "pressures": "field.pressures",
    "pressures_note": "field.pressures_note",
    "room_for_mistakes": "field.room_for_mistakes",
    "extra_answers": "field.extra_answers",
    "promised_minutes": "field.promise",
    "promised_weeks": "field.promise",
    "supervision_minutes": "field.given",
}
"""Which field of a row clashed (a line's own text needs no label)."""

_LONGEST = 60
"""Characters of the other version shown; the whole of it is in the meeting and the history."""


def describe(row: object) -> str:
    """A few words that tell a line apart from its neighbours (its text, or a name)."""
    inner = getattr(row, "agreement", None) or getattr(row, "factor", None)
    source = inner if inner is not None and not isinstance(inner, StrEnum) else row
    for attribute in ("text", "name", "goal"):
        value = getattr(source, attribute, None)
        if isinstance(value, str) and value.strip():
            return shorten(value, 40)
    return ""


def shorten(text: str, most: int) -> str:
    """`text` on one line, cut to `most` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1] + "…"


def shown(value: object, t: Catalogue) -> str:
    """A stored or typed value as a user reads it: a choice's label, a date, a text."""
    if value is None or value == "":
        return "–"
    if isinstance(value, StrEnum):
        return t.enum(value)
    if isinstance(value, date):
        return format_short(value)
    if isinstance(value, (set, frozenset)):
        return ", ".join(t.enum(v) for v in sorted(value) if isinstance(v, StrEnum)) or "–"
    if isinstance(value, tuple):  # a meeting's extra answers, (id, answer) each: the answers
        return " · ".join(str(pair[-1]) for pair in value if isinstance(pair, tuple)) or "–"
    if isinstance(value, Promise):
        return promise_text(value)
    return str(value)


def what(meeting: Meeting, clash: Clash, t: Catalogue) -> str:
    """Which field clashed, in words: `leerdoel: Rapporteren in het dossier`."""
    ref = clash.ref
    row = meeting.row(ref)
    name = t(f"entity.{ref.part.value}")
    if ref.factor is not None:
        name = f"{name}: {t.enum(ref.factor)}"
    about = describe(row) if row is not None else ""
    labels = dict.fromkeys(_COLUMN_LABELS[c] for c in clash.columns if c in _COLUMN_LABELS)
    if about:
        name = f"{name}: {about}"
    if labels and not about:
        name = f"{name} ({', '.join(t(label) for label in labels)})"
    return name


def theirs(meeting: Meeting, clash: Clash, t: Catalogue) -> str:
    """The version in the meeting now, as text (the columns the clash is about)."""
    row = meeting.row(clash.ref)
    if row is None:
        return "–"
    columns = list(clash.columns)
    if "due" in columns and "frequency" in columns:  # one field: a date, or how often
        columns.remove("frequency" if getattr(row, "due", None) else "due")
    if "promised_minutes" in columns:  # one field: minutes every so many weeks
        columns = [c for c in columns if c not in ("promised_minutes", "promised_weeks")]
        columns.append("promise")
    values = [shown(getattr(row, column, None), t) for column in columns]
    return shorten(" · ".join(values), _LONGEST)


class ClashNotice(Static, can_focus=False):
    """Tells of the clashes found since the step was shown; hidden while there are none."""

    def show_clashes(self, clashes: Sequence[Clash], meeting: Meeting, t: Catalogue) -> None:
        """Show what became of each clash (the meeting as the store now has it)."""
        self.set_class(bool(clashes), "-shown")
        if not clashes:
            self.update("")
            return
        lines: list[Content] = []
        for clash in clashes:
            by = clash.by or t("conflict.someone")
            about = what(meeting, clash, t)
            if clash.mine_in_place:
                title = t("conflict.title", who=by, what=about)
                state = t("conflict.yours_in_place", who=by) if clash.aside else t("conflict.back")
            elif meeting.row(clash.ref) is None:
                title = t("conflict.removed", what=about)
                state = t("conflict.yours_kept")
            else:
                title = t("conflict.title", who=by, what=about)
                state = t("conflict.theirs_in_place", text=theirs(meeting, clash, t))
            lines += [Content(title).stylize("bold"), Content(state)]
        swappable = [c for c in clashes if c.aside is not None]
        if swappable:
            back = all(c.mine_in_place for c in swappable)
            choice = t("conflict.keep_theirs" if back else "conflict.keep_mine")
            lines.append(Content(t("conflict.keys", choice=choice)))
        self.update(Content("\n").join(lines))
