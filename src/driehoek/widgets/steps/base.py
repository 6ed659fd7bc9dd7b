"""What every step view shares: it renders a meeting and turns field changes into edits.

A step never writes to the store. It hands each edit to the `on_edit` callable it was given
(the screen's autosave, which writes a moment later), and the screen calls down (`refreshed`,
`focus_first`, `current_ref`) when it needs something of the step. Edits go by a call rather
than a message so that, once the fields are settled, every edit is known to the autosave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from driehoek.domain import Meeting, Part, Ref
from driehoek.flow import Flow, Need, Step
from driehoek.i18n import Catalogue
from driehoek.widgets.extra_questions import ExtraField, answers_with, compose_extras
from driehoek.widgets.fields import Bound, ChoiceField, NoteField, TextField
from driehoek.widgets.time_fields import TimeField
from driehoek.widgets.value_fields import DateField, WhenField

OnEdit = Callable[[Ref, int | None, dict[str, object]], None]
"""Takes an edit: these columns of this row, as the user saw it at this version (None: the row
is not in the meeting the view shows), now hold these values."""


class Lines(Vertical):
    """A step's list, one line per row (the people at the table, goals, support, agreements),
    so that a line added is mounted here alone (`StepView.add_line`)."""


class StepView(VerticalScroll, can_focus=False):
    """The body of one step; subclasses compose the fields from `self.meeting`."""

    step: ClassVar[Step]
    listed_part: ClassVar[Part | None] = None
    """The part this step lists a line each of (`Meeting.lines`); None: it has no list."""
    says_empty: ClassVar[bool] = True
    """Whether an empty list says so (the people at the table are never none)."""

    class Invalid(Message):
        """The user typed something that cannot be saved as it is (e.g. not a date)."""

        def __init__(self, field: Widget, message: str) -> None:
            super().__init__()
            self.field = field
            self.message = message

    def __init__(self, meeting: Meeting, t: Catalogue, on_edit: OnEdit) -> None:
        super().__init__(id=f"step-{self.step.value}", classes="step-view")
        self.meeting = meeting
        self.t = t
        self.on_edit = on_edit

    def current_ref(self) -> Ref | None:
        """The row the cursor is on (for deleting a line), if any."""
        focused = self.screen.focused
        return focused.ref if isinstance(focused, Bound) else None

    def refreshed(self, meeting: Meeting) -> None:
        """The meeting was saved or reloaded: show what the store now holds.

        Fields show another session's changes, except the one with the cursor: what the
        user is typing there is never replaced under her hands. That field stays based on
        the row as it was shown, so that what is typed on in it is kept aside rather than
        replacing the other session's text; once the cursor leaves it untouched, it shows what
        is stored. Subclasses also update what they derive.
        """
        shown, self.meeting = self.meeting, meeting
        focused = self.screen.focused
        for field in self.query("*"):
            if not isinstance(field, Bound):
                continue
            row = meeting.row(field.ref)
            if row is None:
                if field is focused:  # removed elsewhere, under her cursor: her text stays
                    field.keep_removed(shown.version_of(field.ref))
                continue
            if field is focused:
                field.keep(row, shown.version_of(field.ref))
            else:
                field.load(row)

    def show_stored(self, refs: Iterable[Ref]) -> None:
        """Show what the store holds in every field of `refs`, the one with the cursor too:
        the user chose that version (she swapped it in place of hers, or hers back)."""
        wanted = set(refs)
        for field in self.query("*"):
            if isinstance(field, Bound) and field.ref in wanted:
                row = self.meeting.row(field.ref)
                if row is not None:
                    field.load(row)

    def shows(self, meeting: Meeting) -> bool:
        """Whether this view has a line for every row of `meeting` and no other (else the
        screen builds it again: another session added or removed a line)."""
        return meeting.refs() == self.meeting.refs()

    # -- the step's list ----------------------------------------------------------------------

    def listed(self, meeting: Meeting) -> Sequence[Any]:
        """The rows this step lists, in the order of their lines (Any: each step's `line`
        takes its own kind of row)."""
        return () if self.listed_part is None else meeting.lines(self.listed_part)

    def line(self, number: int, row: Any) -> Iterable[Widget]:
        """The widgets of one row's line; `number` counts from 1."""
        return ()

    def compose_lines(self) -> ComposeResult:
        """The list, where the step shows it."""
        rows = self.listed(self.meeting)
        with Lines():
            if not rows and self.says_empty:
                yield Static(self.t("field.empty_list"), classes="empty-list", markup=False)
            for number, row in enumerate(rows, start=1):
                yield from self._marked(number, row)

    def _marked(self, number: int, row: Any) -> Iterable[Widget]:
        """The widgets of a line, each marked as the row's (for `remove_line`)."""
        for widget in self.line(number, row):
            yield widget.add_class(f"line-{row.id}")

    async def add_line(self, meeting: Meeting, ref: Ref) -> bool:
        """Show `meeting`, to which only `ref` was added, at the end of the list, by mounting
        that one line: building the step again for it took a second in a list of twenty
        goals (the kill test found it), a line alone a tenth of that (`bench/new_line.py`).
        False when the meeting differs from the view by more (another session's lines): the
        screen then builds the step again. The other lines' fields are the screen's to show
        (`refreshed`, as after every save), so they are not gone over twice."""
        rows = self.listed(meeting)
        if (
            ref.part is not self.listed_part
            or not rows
            or rows[-1].id != ref.id
            or meeting.refs() != self.meeting.refs() | {ref}
        ):
            return False
        lines = self.query_one(Lines)
        await lines.query(".empty-list").remove()
        await lines.mount_all(self._marked(len(rows), rows[-1]))
        return True

    async def remove_line(self, meeting: Meeting, ref: Ref) -> bool:
        """Show `meeting`, from which only `ref` was removed, by removing that one line (and
        numbering the lines after it again). False as for `add_line`."""
        if ref.part is not self.listed_part or meeting.refs() != self.meeting.refs() - {ref}:
            return False
        lines = self.query_one(Lines)
        await lines.query(f".line-{ref.id}").remove()
        if not self.listed(meeting) and self.says_empty:
            empty = Static(self.t("field.empty_list"), classes="empty-list", markup=False)
            await lines.mount(empty)
        for number, label in enumerate(lines.query(".col-number").results(Label), start=1):
            label.update(f"{number}.")
        return True

    def place(self) -> Ref | None:
        """Where the step stands now (None: nowhere in particular), so that, built afresh (a
        line was added or removed), it opens there again: see `aim`."""
        return None

    def aim(self, ref: Ref | None) -> None:
        """Before it is mounted: the step is about to be shown with the cursor at `ref`, so
        compose what holds it (a step that shows one part at a time shows that part)."""

    def focus_first(self, ref: Ref | None = None, *, missing: bool = True) -> None:
        """Put the cursor in the field of `ref` (its first one); else, with `missing` and if
        the step still needs something, in the field that needs it (see `missing_field`);
        else in the step's first field.

        `Screen.set_focus` at once, not `Widget.focus()`: that defers the change behind the
        keys already queued, and a quick typist's first letters would land in the old field.
        """
        fields: list[Widget] = [w for w in self.query("*") if isinstance(w, Bound) and w.focusable]
        if ref is not None:
            of_ref: list[Widget] = [w for w in fields if isinstance(w, Bound) and w.ref == ref]
            # A new line starts in its text, not in its first choice: typing goes there.
            texts: list[Widget] = [w for w in of_ref if isinstance(w, (Input, TextArea))]
            fields = texts or of_ref or fields
        elif missing:
            needed = self.missing_field()
            fields = [needed] if needed is not None else fields
        if fields:
            self.put_cursor(fields[0])
        else:
            self.screen.focus_next()

    def put_cursor(self, field: Widget) -> None:
        """Focus `field` at once and bring it into view."""
        self.screen.set_focus(field)
        # A new line at the end of a long list may lie below the fold, and a field just
        # mounted has no place yet to scroll to: scroll once the layout is done.
        field.call_after_refresh(field.scroll_visible, animate=False)

    # -- what the step still needs ----------------------------------------------------------

    def missing_field(self) -> Widget | None:
        """The field of the first thing this step still needs (see `driehoek.flow`), if a
        field can supply it: going to an unfinished step puts the cursor there, so the table
        sees at once why the step is not done."""
        for need in Flow(self.meeting).state(self.step).needs:
            field = self.field_for(need)
            if field is not None and field.focusable:
                return field
        return None

    def field_for(self, need: Need) -> Widget | None:
        """The field where `need` is filled in; each step knows its own (None: no field)."""
        return None

    def bound(self, part: Part, column: str) -> list[Widget]:
        """The fields of this step that edit `column` of a row of kind `part`, in order."""
        return [
            w
            for w in self.query("*")
            if isinstance(w, Bound) and w.ref.part is part and w.field_name == column
        ]

    def first_empty(self, fields: Iterable[Widget]) -> Widget | None:
        """The first of `fields` that holds nothing yet (no text, no choice)."""
        for field in fields:
            if isinstance(field, Input) and not field.value.strip():
                return field
            if isinstance(field, TextArea) and not field.text.strip():
                return field
            if isinstance(field, ChoiceField) and field.value is None:
                return field
        return None

    def hand_on(self, ref: Ref, changes: dict[str, object], field: Bound | None = None) -> None:
        """Hand an edit to the autosave, based on the row as the user saw it: as this view
        shows it, or as `field` still shows it if it fell behind (see `Bound.behind`)."""
        behind = field.behind if field is not None else None
        self.on_edit(ref, self.meeting.version_of(ref) if behind is None else behind, changes)

    def _edit(self, field: Bound, value: object) -> None:
        if not field.changed(value):
            return
        if isinstance(field, ExtraField):  # one key of the meeting's answers: all of them
            answers = answers_with(self.meeting, list(self.query(ExtraField)))
            self.hand_on(field.ref, {field.field_name: answers}, field)
        else:
            self.hand_on(field.ref, {field.field_name: value}, field)

    def extras(self) -> ComposeResult:
        """The template's extra questions asked in this step, after its own fields."""
        yield from compose_extras(self.meeting, self.step, self.t)

    @on(events.DescendantBlur)
    def _field_left(self, event: events.DescendantBlur) -> None:
        # A field the cursor kept from another session's change shows that change once the
        # cursor is elsewhere, unless the user typed on (then saving asks which stays).
        field = event.widget
        if isinstance(field, Bound) and field.behind is not None and not field.typed_behind:
            row = self.meeting.row(field.ref)
            if row is not None:
                field.load(row)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        field = event.input
        if isinstance(field, (WhenField, TimeField)):
            ok, changes = field.parsed()
            field.set_class(not ok, "-invalid")
            if ok and field.changed(changes):
                self.hand_on(field.ref, changes, field)
        elif isinstance(field, DateField):
            ok, day = field.parsed()
            field.set_class(not ok, "-invalid")
            if ok:
                self._edit(field, day)
        elif isinstance(field, TextField):
            value = field.cleaned()
            if value is not None:
                self._edit(field, value)

    @on(Input.Blurred)
    def _input_left(self, event: Input.Blurred) -> None:
        field = event.input
        if isinstance(field, TimeField) and not field.parsed()[0]:
            # What to type instead; the text stays in the field, unsaved, to be put right.
            self.post_message(self.Invalid(field, self.t(f"supervision.{field.problem}")))
        elif isinstance(field, TextField) and field.has_class("-invalid"):
            text = field.value.strip()
            message = self.t("meeting.bad_date", text=text) if text else self.t("meeting.need_date")
            self.post_message(self.Invalid(field, message))

    @on(TextArea.Changed)
    def _note_changed(self, event: TextArea.Changed) -> None:
        field = event.text_area
        if isinstance(field, NoteField):
            value = field.cleaned()
            if value is not None:
                self._edit(field, value)

    @on(ChoiceField.Changed)
    def _choice_changed(self, event: ChoiceField.Changed) -> None:
        event.stop()
        self._edit(event.field, event.value)
