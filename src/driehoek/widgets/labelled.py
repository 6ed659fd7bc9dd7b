"""A form row's label drawn by its field: one widget for the two.

Textual redraws, for each key typed, every widget whose clip overlaps the changed region:
inside a step's scroll view that is every row of the step (their clip is the scroll view), and
inside the row with the cursor, each of its widgets; each layout also arranges every widget of
the screen. A row made of a `Horizontal`, a `Label` and a field was three widgets for one line
on screen (issue 14). `Labelled` draws the label
in the field's left padding instead (the stylesheet gives the room: `.form-field` for a row's
label, `.inline-field` for a label beside the field before it), so the row is its field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region, Spacing
from textual.strip import Strip
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object

LABEL = "field--label"
"""The component class that styles the label: each class that mixes `Labelled` in names it in
its COMPONENT_CLASSES (Textual collects those from its own widget classes only)."""

ROW_LABEL_WIDTH = 20
"""The width of a row's label (as `.form-label` has it), the field starting after it."""


class Labelled(_Base):
    """Mix in before a field's class: the field draws `label` on its first line, in its left
    padding. A row's label (`inline=False`) takes `ROW_LABEL_WIDTH` cells; a label beside the
    field before it, two blanks, its text and one blank (as `.form-label-inline`)."""

    label: str = ""
    _label_strip: tuple[Color, Strip] | None = None

    def set_label(self, text: str, *, inline: bool = False) -> None:
        """Draw `text` before the field (before it is mounted: it sets the padding)."""
        width = cell_len(text) + 3 if inline else ROW_LABEL_WIDTH
        self.label = f"  {text} " if inline else set_cell_size(text, width)
        self.add_class("inline-field" if inline else "form-field")
        # The room for the label is the text's own width: set here, not in the stylesheet.
        self.styles.padding = Spacing(0, 0, 0, width)
        self._label_strip = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._on_label(event)

    def on_click(self, event: events.Click) -> None:
        self._on_label(event)

    def _on_label(self, event: events.MouseEvent) -> None:
        # A click on the label only brings the cursor to the field (as a click beside it did,
        # on the label widget of before): it neither moves the cursor in its text nor
        # chooses another value.
        if self.label and event.x < cell_len(self.label):
            event.prevent_default()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._label_strip = None  # another theme, or the field marked: colours again

    def _label_line(self) -> Strip | None:
        # Worked out again only when the colours change, not at each key: the text's with the
        # styles (`notify_style_update`), the background with whatever lies under the field.
        base, _ = self.background_colors
        if self._label_strip is not None and self._label_strip[0] == base:
            return self._label_strip[1]
        try:
            text = self.get_component_styles(LABEL)
        except KeyError:
            # Drawn once before the stylesheet reached it (a step just mounted): the label
            # comes with the refresh that styling it brings, a moment later.
            return None
        style = Style(color=(base + text.color).rich_color, bgcolor=base.rich_color)
        strip = Strip([Segment(self.label, style)], cell_len(self.label))
        self._label_strip = (base, strip)
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if not self.label or crop.y > 0 or not lines:
            return lines
        whole = self._label_line()
        if whole is None or crop.x >= whole.cell_length:
            return lines
        label = whole.crop(crop.x, min(whole.cell_length, crop.right))
        first = lines[0]
        rest = first.crop(label.cell_length, first.cell_length)
        return [Strip.join([label, rest]), *lines[1:]]


class FormText(Labelled, Static):
    """A row that only shows a value (not to be edited here), its label before it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {LABEL}

    def __init__(self, label: str, value: VisualType) -> None:
        super().__init__(value, markup=False)
        self.set_label(label)
