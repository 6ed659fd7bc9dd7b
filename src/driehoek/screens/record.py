"""The placement as the school files it, in one compact form (`driehoek.record`).

Entered once per placement: the student's number, the school, the programme's level, crebo and
cohort, the period and hours, the workplace's address and SBB recognition number, both
supervisors with e-mail and phone, and where this meeting is held and who takes the minutes.
It fits 80x24 without scrolling and is all keyboard: Tab goes down the fields, ← → choose the
level, Esc goes back. A value is written when its field is left (Tab, Esc, Ctrl+Q, a dropped
link), not halfway through typing it: `20` on the way to `200` hours is never stored. One
that does not have its field's form is not written, and one line says why; the field keeps
it, marked, to be corrected. So the form never stores what the schema would refuse.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable

from textual import events, getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Static

from driehoek import record
from driehoek.database import Problem, problem_of
from driehoek.dates import format_short
from driehoek.domain import Part, Placement, Ref
from driehoek.i18n import Catalogue
from driehoek.store import Signed, StaleEdit, Store
from driehoek.widgets.fields import Bound, ChoiceField, TextField
from driehoek.widgets.settle import settle
from driehoek.widgets.value_fields import DateField

RETRY_SECONDS = 2.0
"""After a full disk or a busy file: when to try writing again."""

_PARSERS: dict[str, Callable[[str], object]] = {
    "crebo": record.parse_crebo,
    "recognition_number": record.parse_recognition,
    "practice_supervisor_email": record.parse_email,
    "school_supervisor_email": record.parse_email,
    "hours_per_week": record.parse_hours_per_week,
    "hours_total": record.parse_hours_total,
}
"""Columns whose value has a form; every other text field takes one line of text."""


def _as_stored(field: TextField) -> TextField:
    """The field's value as the store holds it (`37,5` is 37.5), so that Textual's first
    change message, for the value it starts with, is not taken for an edit."""
    parse = _PARSERS.get(field.field_name)
    if parse is not None:
        # A value the file holds against the rules (a hand edit) is shown and left as it is.
        with contextlib.suppress(record.BadValue):
            field.sent = parse(field.value)
    return field


class RecordScreen(Screen[bool]):
    """The school's fields of one placement (and of one of its meetings); dismissed with
    whether anything was written."""

    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("ctrl+l", "back", show=False, priority=True),
    ]

    problem = getters.query_one("#record-problem", Static)

    def __init__(self, store: Store, t: Catalogue, placement_id: int, meeting_id: int | None):
        super().__init__()
        self.store = store
        self.t = t
        self.placement_id = placement_id
        self.meeting_id = meeting_id
        self._pending: dict[Ref, dict[str, object]] = {}
        self._timer: Timer | None = None
        self._wrote = False

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t, p = self.t, self.store.placement(self.placement_id)
        on_placement = Ref(Part.PLACEMENT, p.id)
        yield Label(
            Content(t("record.heading", student=p.student, organisation=p.organisation)),
            id="app-title",
        )
        with VerticalScroll(id="record-body"):
            if self.meeting_id is not None:
                m = self.store.meeting(self.meeting_id)
                when = format_short(m.day) if m.day else t("value.invalid_short")
                yield Label(
                    t("record.meeting", kind=t.enum(m.kind), date=when), classes="section-title"
                )
                at = Ref(Part.MEETING, m.id)
                location = TextField(at, "location", m.location)
                minute_taker = TextField(at, "minute_taker", m.minute_taker)
                # Part of minutes all three signed: read here, changed only after reopening.
                location.disabled = minute_taker.disabled = m.closed
                yield self._row(
                    ("record.location", location), ("record.minute_taker", minute_taker)
                )
            yield Label(t("record.title"), classes="section-title")
            student = Ref(Part.STUDENT, p.student_id)
            yield self._row(
                ("record.student_number", TextField(student, "student_number", p.student_number)),
                ("record.cohort", TextField(on_placement, "cohort", p.cohort)),
            )
            yield self._row(("record.school", TextField(on_placement, "school", p.school)))
            level = ChoiceField(
                on_placement, "level", record.Level, p.level, t,
                labels="level", none=t("record.no_level"),
            )  # fmt: skip
            yield self._row(
                ("record.level", level),
                ("record.crebo", TextField(on_placement, "crebo", p.crebo)),
            )
            yield self._row(
                ("field.start", DateField(on_placement, "start", p.start, t)),
                ("field.end", DateField(on_placement, "end", p.end, t)),
            )
            yield self._row(*self._hours(p, on_placement))
            yield self._row(
                (
                    "record.workplace_address",
                    TextField(on_placement, "workplace_address", p.workplace_address),
                )
            )
            organisation = Ref(Part.ORGANISATION, p.organisation_id)
            with Horizontal(classes="form-row"):
                yield Label(t("record.recognition_number"), classes="form-label")
                yield _as_stored(
                    TextField(
                        organisation, "recognition_number", p.recognition_number,
                        id="record-recognition_number",
                    )
                )  # fmt: skip
                yield Label(
                    Content(t("record.recognition_of", organisation=p.organisation)),
                    classes="form-label-inline record-note",
                )
            yield Label(t("record.supervisors"), classes="section-title")
            with Horizontal(classes="form-row record-head"):
                yield Label("", classes="form-label")
                for key in ("name", "email", "phone"):
                    yield Label(t(f"record.{key}"), classes=f"record-column record-{key}")
            for who in ("practice_supervisor", "school_supervisor"):
                with Horizontal(classes="form-row"):
                    yield Label(t(f"record.{who}"), classes="form-label")
                    for column, kind in ((who, "name"), (f"{who}_email", "email"),
                                         (f"{who}_phone", "phone")):  # fmt: skip
                        value = str(getattr(p, column))
                        field = TextField(
                            on_placement, column, value, id=f"record-{column}",
                            classes=f"record-{kind}",
                        )  # fmt: skip
                        yield _as_stored(field)
        yield Static("", id="record-problem", markup=False)
        yield Static(t("record.hint"), id="record-hint", markup=False)
        yield Footer(compact=True)

    def _hours(self, p: Placement, ref: Ref) -> Iterable[tuple[str, Widget]]:
        lang = self.t.lang
        yield (
            "record.hours_per_week",
            TextField(ref, "hours_per_week", record.hours_text(p.hours_per_week, lang)),
        )
        total = "" if p.hours_total is None else str(p.hours_total)
        yield "record.hours_total", TextField(ref, "hours_total", total)

    def _row(self, *fields: tuple[str, Widget]) -> Horizontal:
        """One line of the form: a label and its field, and maybe a second pair beside it."""
        widgets: list[Widget] = []
        for number, (key, field) in enumerate(fields):
            label = "form-label" if number == 0 else "form-label-inline"
            widgets += [Label(self.t(key), classes=label), field]
            if isinstance(field, Bound) and field.id is None:
                field.id = f"record-{field.field_name}"
            if isinstance(field, TextField):
                _as_stored(field)
        return Horizontal(*widgets, classes="form-row")

    def on_mount(self) -> None:
        first = self.query(TextField).first()
        self.set_focus(first, scroll_visible=False)

    # -- saving ---------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input
        if not isinstance(field, TextField):
            return
        if isinstance(field, DateField):
            ok, day = field.parsed()
            field.set_class(not ok, "-invalid")
            if ok and field.changed(day):
                self._queue(field, day)
            return
        text = field.cleaned()
        if text is None:
            return  # corrected (a control character): the correction brings the value
        parse = _PARSERS.get(field.field_name)
        try:
            value = parse(text) if parse else text
        except record.BadValue as bad:
            field.add_class("-invalid")
            self.problem.update(self.t(f"record.bad_{bad.what}", text=text))
            self._pending.get(field.ref, {}).pop(field.field_name, None)
            field.sent = None  # the next valid value is an edit, even the one stored
            return
        field.remove_class("-invalid")
        if not self.query(".-invalid"):
            self.problem.update("")
        if field.changed(value):
            self._queue(field, value)

    @on(ChoiceField.Changed)
    def _chosen(self, event: ChoiceField.Changed) -> None:
        event.stop()
        field = event.field
        if field.changed(event.value):
            self._queue(field, event.value.value if event.value is not None else None)

    def _queue(self, field: Bound, value: object) -> None:
        self._pending.setdefault(field.ref, {})[field.field_name] = value
        if isinstance(field, ChoiceField):
            self.save_now()  # a choice is made in one key: nothing is halfway

    @on(events.DescendantBlur)
    def _left(self) -> None:
        self.save_now()

    async def settle(self) -> None:
        """Write what waits (the app calls this before it stops)."""
        await settle(self)
        self.save_now()

    @property
    def unsaved(self) -> bool:
        """Whether a value waits to be written."""
        return bool(self._pending)

    def save_now(self) -> None:
        """Write every value that waits, each row at the version the file holds now (another
        session in the same form at the same moment: the last value written stays)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        while self._pending:
            ref, changes = next(iter(self._pending.items()))
            try:
                version = self.store.db.execute(
                    f"SELECT version FROM [{ref.part.value}] WHERE id = ?", [ref.id]
                ).fetchone()
                if version is not None:
                    self.store.edit(ref, int(version[0]), changes)
                    self._wrote = True
            except StaleEdit:
                continue  # another session wrote in between: again, on its version
            except Signed:  # all three signed the meeting meanwhile: as signed it stays
                self.notify(self.t("meeting.signed_elsewhere"), severity="warning", markup=False)
            except sqlite3.OperationalError as error:  # a full disk, a busy file: kept, told
                problem = problem_of(error)
                if problem not in (Problem.FULL, Problem.BUSY):
                    raise
                key = "error.disk_full" if problem is Problem.FULL else "error.busy"
                self.notify(self.t(key), severity="error", markup=False)
                self._timer = self.set_timer(RETRY_SECONDS, self.save_now)
                return
            del self._pending[ref]

    def on_unmount(self) -> None:
        if self._pending:
            self.save_now()

    # -- actions --------------------------------------------------------------------------

    async def action_back(self) -> None:
        """Back to where the form was opened; what was typed is written first."""
        await settle(self)
        self.save_now()
        if self._pending:
            return  # not written (told): stay, it is tried again
        self.dismiss(self._wrote)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette."""
        yield SystemCommand(self.t("cmd.home"), self.t("cmd.home.help"), self.action_back)
