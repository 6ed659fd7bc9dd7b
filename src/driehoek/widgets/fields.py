"""Form fields that know which row and column they edit.

Each field carries a `Ref` and a column name; a step listens for the ordinary Textual change
messages and turns them into one kind of edit, so no step repeats the plumbing. Typed and pasted
text is cleaned of control characters at once, so it is never even shown raw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input, Static, TextArea

from driehoek.choosing import TypedChoice
from driehoek.domain import Ref
from driehoek.i18n import Catalogue
from driehoek.text import clean_line, clean_text
from driehoek.textual_private import wrapped_width
from driehoek.widgets.choice import ChoiceKeys
from driehoek.widgets.keys_in_order import KeysInOrder
from driehoek.widgets.labelled import LABEL, Labelled
from driehoek.widgets.whole_text import WholeWhenLeft

E = TypeVar("E", bound=StrEnum)


class Bound:
    """What every field knows: the row it edits, the column, and the value last saved."""

    ref: Ref
    field_name: str
    sent: object
    """What the field last handed on (at first: what it was loaded with). Textual reports an
    Input's starting value as a change; comparing with this keeps a reader from writing."""
    behind: int | None
    """None, or the version of the row that what the field shows is based on, when another
    session changed the field while the cursor was in it (its text was kept, not replaced).
    Edits from the field are based on that version, so saving one keeps the user's text
    aside (see `driehoek.autosave`) instead of silently replacing the other session's."""
    typed_behind: bool
    """Whether the user typed on in the field since it fell behind (see `behind`)."""

    def bind_to(self, ref: Ref, column: str, loaded: object) -> None:
        """Point the field at a row and a column of it, holding `loaded`."""
        self.ref = ref
        self.field_name = column
        self.sent = loaded
        self.behind = None
        self.typed_behind = False

    def changed(self, value: object) -> bool:
        """Whether `value` differs from what was last handed on; if so, remember it."""
        if value == self.sent:
            return False
        self.sent = value
        if self.behind is not None:
            self.typed_behind = True
        return True

    def stored(self, row: object) -> object:
        """What `row` holds for this field, in the form `sent` takes."""
        return getattr(row, self.field_name)

    def keep(self, row: object, shown: int | None) -> None:
        """Keep what the field shows (the cursor is in it) now that the store holds `row`.

        Args:
            row: The row as the store now holds it.
            shown: The version of the row the field was showing until now.
        """
        if self.stored(row) == self.sent:
            # The store holds what the field does (this session's own save, or another
            # session changed other columns of the row): edits can build on the new version.
            self.behind, self.typed_behind = None, False
        elif self.behind is None:
            self.behind, self.typed_behind = shown, False

    def keep_removed(self, shown: int | None) -> None:
        """Keep what the field shows (the cursor is in it) though another session removed its
        row: edits from it stay based on the version shown, so they go on into the version set
        aside for it (see `driehoek.autosave`), not each into a new one."""
        if self.behind is None and shown is not None:
            self.behind, self.typed_behind = shown, False

    def load(self, row: object) -> None:
        """Show what the store holds for this field in `row` (another session's change).

        What is shown this way is not an edit: `sent` takes the value first, so the change
        message that showing it causes is recognised and dropped.
        """
        self.behind = None
        self.typed_behind = False
        self.show_value(self.stored(row))

    def show_value(self, value: object) -> None:
        """Show a stored value; each kind of field below knows how."""


class TextField(Labelled, KeysInOrder, WholeWhenLeft, Input, Bound):
    """A one-line text field, compact (no border), without a blinking cursor; with the cursor
    elsewhere it shows its whole text, wrapped (see `WholeWhenLeft`). With `label`, it draws
    its label before it (see `Labelled`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {LABEL}

    # Input sets its virtual width (the text's length) on every key, and Textual lays out the
    # whole screen for each change of it: with some fifty widgets on a step, that was most of
    # what a key cost (issue 14). Nothing's place depends on it (the stylesheet fixes the
    # field's height while it is edited, its width never follows its text; the field scrolls
    # its text itself); when the cursor is elsewhere, `WholeWhenLeft` lays out on a change.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(
        self,
        ref: Ref,
        column: str,
        value: str,
        *,
        placeholder: str = "",
        label: str = "",
        inline: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            value,
            placeholder=placeholder,
            compact=True,
            select_on_focus=False,  # typing on must add to the text, never replace it
            id=id,
            classes=classes,
        )
        self.bind_to(ref, column, value)
        self.cursor_blink = False  # a blinking cursor costs ~2 KB/s over SSH
        if label:
            self.set_label(label, inline=inline)

    def show_value(self, value: object) -> None:
        text = str(value)
        if text != self.value:
            self.sent = text
            self.value = text

    def cleaned(self) -> str | None:
        """The value without control characters, fixing the field if they were typed or pasted.

        Returns:
            The clean value, or None when the field was just corrected (the correction fires
            another change, which carries the value).
        """
        clean = clean_line(self.value)
        if clean != self.value:
            self.value = clean
            return None
        return clean


class NoteField(KeysInOrder, TextArea, Bound):
    """A multi-line note; Tab moves on (it never inserts a tab)."""

    def __init__(
        self,
        ref: Ref,
        column: str,
        text: str,
        *,
        placeholder: str | Content = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            text,
            classes=classes,
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
        )
        self.bind_to(ref, column, text)
        self.cursor_blink = False

    def show_value(self, value: object) -> None:
        text = str(value)
        if text != self.text:
            self.sent = text
            self.load_text(text)

    def render_lines(self, crop: Region) -> list[Strip]:
        # A note removed with its step stays in the screen's last layout until the next one;
        # if the screen's update timer draws that layout first, Textual has already cleared
        # the removed note's component styles, and TextArea's theme asks for them: a crash
        # (KeyError 'text-area--gutter', seen in CI's kill-at-random test). Removed, it
        # draws blank: the next layout no longer has it.
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        # Textual wraps a TextArea on a Resize only; a note laid out before its width was known
        # (in a factor's panel, in the step-only view) could keep a wrap for no width at all:
        # one long line cut at the edge, for good. Drawn so, it wraps again at once.
        if self.soft_wrap and wrapped_width(self.wrapped_document) != self.wrap_width:
            self.call_later(self._wrap_again)
        return super().render_line(y)

    def _wrap_again(self) -> None:
        if wrapped_width(self.wrapped_document) != self.wrap_width:
            self.soft_wrap = False  # off and on: Textual's own watcher wraps it to its width
            self.soft_wrap = True

    def cleaned(self) -> str | None:
        """The text without control characters (tabs and newlines kept); see TextField."""
        clean = clean_text(self.text)
        if clean != self.text:
            self.load_text(clean)
            return None
        return clean


class ChoiceField(Labelled, ChoiceKeys, Static, Bound, Generic[E], can_focus=True):
    """A choice among a few values of an enum, shown as `‹werkplek›`.

    Keys choose (`widgets.choice.ChoiceKeys`): Enter or → the next value, ← the previous one,
    a letter the value it begins, a sign in `keys` its value; letters that begin no value are
    text, and go on to the text field beside it. Lighter than a Select (one widget instead of
    an overlay list), which keeps a step quick to open, and quicker at the table: one key per
    change. With `none` it also offers "not chosen yet".
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {LABEL}

    DEFAULT_CSS = """
    ChoiceField {
        width: auto;
        min-width: 8;
        height: 1;
        background: $boost;
        &:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    }
    """

    class Changed(Message):
        """The user chose another value (None: back to "not chosen")."""

        def __init__(self, field: ChoiceField[Any], value: StrEnum | None) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField[Any]:
            """The field that changed (so `@on(ChoiceField.Changed, "#id")` can match it)."""
            return self.field

    def __init__(
        self,
        ref: Ref,
        column: str,
        values: Iterable[E],
        value: E | None,
        t: Catalogue,
        *,
        labels: str | None = None,
        none: str | None = None,
        keys: Mapping[str, E] | None = None,
        label: str = "",
        inline: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.bind_to(ref, column, value)
        if label:
            self.set_label(label, inline=inline)
        self.values: list[E | None] = [*([None] if none is not None else []), *values]
        self.labels = [
            (none or "") if v is None else t(f"{labels}.{v.value}") if labels else t.enum(v)
            for v in self.values
        ]
        self.value: E | None = value
        signs = {key: self.values.index(v) for key, v in (keys or {}).items() if v in self.values}
        self.typing = TypedChoice(self.labels, signs)
        self._show()

    def show_value(self, value: object) -> None:
        chosen = next((v for v in self.values if v == value), None)
        if (chosen is not None or None in self.values) and chosen != self.value:
            self.value = chosen
            self.sent = chosen
            self._show()

    def _show(self) -> None:
        self.update(f"‹{self.labels[self.values.index(self.value)]}›")
        self.set_class(self.value is None, "-unchosen")

    def choose(self, value: E | None) -> None:
        """Take `value`, show it and report the change."""
        self.value = value
        self._show()
        self.post_message(self.Changed(self, value))

    def action_cycle(self, step: int) -> None:
        """Take the next (1) or previous (-1) value, round the end."""
        self.choose(self.values[(self.values.index(self.value) + step) % len(self.values)])
